package jujudb

import (
	"testing"
	"time"
)

func TestIDs(t *testing.T) {
	const uuid = "u1"
	if got := DocID(uuid, "0:0/1"); got != "u1:0:0/1" {
		t.Errorf("DocID = %q", got)
	}
	if got := DocID(uuid, "u1:x"); got != "u1:x" {
		t.Errorf("DocID of a prefixed id = %q", got)
	}
	if l, ok := LocalID(uuid, "u1:0:0/1"); !ok || l != "0:0/1" {
		t.Errorf("LocalID = %q, %v", l, ok)
	}
	if _, ok := LocalID(uuid, "u2:0"); ok {
		t.Error("LocalID accepted another model's id")
	}
	if _, ok := LocalID(uuid, "u1x:0"); ok {
		t.Error("LocalID accepted a longer prefix")
	}
	if m, l, ok := SplitDocID("u1:a:b"); !ok || m != "u1" || l != "a:b" {
		t.Errorf("SplitDocID = %q %q %v", m, l, ok)
	}
}

func TestKeys(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{MachineKey("0/lxd/1"), "m#0/lxd/1"},
		{MachineInstanceKey("3"), "m#3#instance"},
		{MachineModificationKey("3"), "m#3#modification"},
		{ApplicationOperatorKey("pg"), "a#pg#operator"},
		{CharmConfigKey("pg", "ch:amd64/jammy/pg-1"), "a#pg#ch:amd64/jammy/pg-1"},
		{LeaderSettingsKey("pg"), "a#pg#leader"},
		{StorageConstraintsKey("pg", "local:pg-1"), "asc#pg#local:pg-1"},
		{UnitAgentKey("pg/0"), "u#pg/0"},
		{UnitWorkloadKey("pg/0"), "u#pg/0#charm"},
		{WorkloadVersionKey("pg/0"), "u#pg/0#charm#sat#workload-version"},
		{StorageAttachmentKey("pg/0", "data/1"), "u#pg/0#charm#data/1"},
		{RelationAppSettingsKey(7, "pg"), "r#7#pg"},
		{RelationUnitKey(7, "", "provider", "pg/0"), "r#7#provider#pg/0"},
		{RelationUnitKey(7, "wp/0", "requirer", "log/0"), "r#7#wp/0#requirer#log/0"},
		{IPAddressKey("0", "eth0", "10.0.0.1"), "m#0#d#eth0#ip#10.0.0.1"},
		{PermissionID(ModelObjectKey("u"), UserSubjectKey("Bob")), "e#u#us#bob"},
		{ResourceUnitID("pg", "blob", "pg/0"), "resource#pg/blob#unit-pg-0"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	k, ok := ParseGlobalKey("u#pg/0#charm#sat#workload-version")
	if !ok || k.Kind != "u" || k.ID != "pg/0" || k.Suffix != "charm#sat#workload-version" {
		t.Errorf("ParseGlobalKey = %+v, %v", k, ok)
	}
	if k, ok := ParseGlobalKey("e"); !ok || k.Kind != "e" {
		t.Errorf("ParseGlobalKey(e) = %+v, %v", k, ok)
	}
	if _, ok := ParseGlobalKey("nohash"); ok {
		t.Error("ParseGlobalKey accepted a key without '#'")
	}
	key := RelationKeyString([]RelationEndpointName{{"mysql", "server", "provider"}, {"wordpress", "db", "requirer"}})
	if key != "wordpress:db mysql:server" {
		t.Errorf("RelationKeyString = %q", key)
	}
}

func TestEscape(t *testing.T) {
	for _, k := range []string{"a.b", "$x", "plain", "", "a.$.b"} {
		e := EscapeKey(k)
		if k != "plain" && k != "" && e == k {
			t.Errorf("EscapeKey(%q) did not escape", k)
		}
		if UnescapeKey(e) != k {
			t.Errorf("UnescapeKey(EscapeKey(%q)) = %q", k, UnescapeKey(e))
		}
	}
	if EscapeKey("a.b") != "a\uff0eb" || EscapeKey("$c") != "\uff04c" {
		t.Error("wrong escape characters")
	}
}

func TestEnumsAndTimes(t *testing.T) {
	if JobManageModel.MigrationValue() != "api-server" || JobHostUnits.MigrationValue() != "host-units" {
		t.Error("job names")
	}
	if BlockChange.MigrationValue() != "all-changes" || StorageKindFilesystem.String() != "filesystem" || Dying.String() != "dying" {
		t.Error("enum names")
	}
	if !DateTimeToTime(ZeroDateTime).IsZero() || TimeToDateTime(time.Time{}) != ZeroDateTime {
		t.Error("zero datetime")
	}
	now := time.Date(2024, 1, 2, 3, 4, 5, 123456789, time.UTC)
	if got := DateTimeToTime(TimeToDateTime(now)); !got.Equal(now.Truncate(time.Millisecond)) {
		t.Errorf("datetime round trip = %v", got)
	}
	if got := NanosToTime(TimeToNanos(now)); !got.Equal(now) {
		t.Errorf("nanos round trip = %v", got)
	}
	if NormalizeMeterCode("") != "NOT AVAILABLE" || NormalizeMeterCode("GREEN") != "GREEN" || NormalizeSLALevel("") != "unsupported" {
		t.Error("normalizers")
	}
}
