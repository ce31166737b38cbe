package importer_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/controllertest"
	"github.com/modelferry/ferry/internal/jujudb"
)

// TestJuju36Layout imports models carrying every Juju 3.6 addition the
// importer moves and checks each lands in the document and field where a
// Juju 3.6 controller keeps it (docs/juju-layout.md), then that an export
// returns it. The expected values are the literals controllertest.Full
// and FullCAAS set.
func TestJuju36Layout(t *testing.T) {
	ctx := context.Background()
	m := controllertest.Full("36360000-0000-4000-8000-000000000001")
	im := target(t, m, importer.Options{})
	if _, err := im.Import(ctx, m); err != nil {
		t.Fatal(err)
	}
	db := im.DB()
	field := func(coll, local, key string) bson.RawValue {
		t.Helper()
		var doc bson.Raw
		if err := db.Collection(coll).FindOne(ctx, bson.D{{Key: "_id", Value: jujudb.DocID(m.UUID(), local)}}).Decode(&doc); err != nil {
			t.Fatalf("%s %s: %v", coll, local, err)
		}
		v, err := doc.LookupErr(key)
		if err != nil {
			t.Fatalf("%s %s: no field %s", coll, local, key)
		}
		return v
	}
	if got := field(jujudb.Machines, "0", "hostname").StringValue(); got != "juju-full-0" {
		t.Errorf("machines 0 hostname = %q", got)
	}
	if _, b := field(jujudb.VirtualHostKeys, "machine-0-hostkey", "hostkey").Binary(); !bytes.Equal(b, []byte("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIfull0")) {
		t.Errorf("virtualHostKeys machine-0-hostkey hostkey = %q", b)
	}
	if got := field(jujudb.SecretMetadata, "cpnr2f7mp25c77ag7aeg", "latest-revision-checksum").StringValue(); got != "7a38bf81f383f69433ad6e900d35b3e2385593f76a7b7ab5d4355b8ba41ee24b" {
		t.Errorf("secret checksum = %q", got)
	}
	if got := field(jujudb.Settings, jujudb.ModelKey, "settings").Document().Lookup("agent-version").StringValue(); got != "3.6.22" {
		t.Errorf("model config agent-version = %q", got)
	}
	// The LXD profile: stored with its keys escaped (safeLXDProfile), and
	// exported as the JSON Juju 3.6's exporter writes.
	appb := m.Applications[1]
	profile := field(jujudb.Charms, appb.CharmURL, "lxd-profile").Document()
	if got := profile.Lookup("config", "security\uff0enesting").StringValue(); got != "true" {
		t.Errorf("charm %s lxd-profile config security.nesting = %q, want it stored escaped", appb.CharmURL, got)
	}
	if got := profile.Lookup("devices", "tun", "type").StringValue(); got != "unix-char" {
		t.Errorf("charm %s lxd-profile devices.tun.type = %q", appb.CharmURL, got)
	}
	if v := field(jujudb.Charms, m.Applications[0].CharmURL, "lxd-profile"); v.Type != bson.TypeNull {
		t.Errorf("charm without a profile: lxd-profile is %s, want null as Juju stores it", v.Type)
	}
	// The assumes list: stored as charm v12's ExpressionTree stores itself
	// (checked by encoding with juju/charm v12.0.2 and juju/mgo v3.0.4:
	// docs/juju-layout.md), and absent for a charm without one.
	appa := m.Applications[0]
	meta := field(jujudb.Charms, appa.CharmURL, "meta").Document()
	if got := meta.Lookup("assumes").String(); got != `["juju \u003e= 3.1",{"any-of": ["k8s-api","lxd"]}]` { // the driver's rendering
		t.Errorf("charm %s meta.assumes = %s", appa.CharmURL, got)
	}
	if _, err := field(jujudb.Charms, appb.CharmURL, "meta").Document().LookupErr("assumes"); err == nil {
		t.Errorf("charm %s without assumes has meta.assumes", appb.CharmURL)
	}
	got := exportModel(t, db, m)
	if a, b := got.Applications[0].CharmMetadata.Assumes, got.Applications[1].CharmMetadata.Assumes; a != `["juju \u003e= 3.1",{"any-of":["k8s-api","lxd"]}]` || b != "null" {
		t.Errorf("exported assumes %q and %q, want Juju 3.6's JSON and null", a, b)
	}
	if want := `{"Config":{"linux.kernel_modules":"openvswitch","security.nesting":"true"},"Description":"nested","Devices":{"tun":{"path":"/dev/net/tun","type":"unix-char"}}}`; got.Applications[1].CharmMetadata.LXDProfile != want {
		t.Errorf("exported lxd-profile\n%s\nwant\n%s", got.Applications[1].CharmMetadata.LXDProfile, want)
	}
	if got.AgentVersion != "3.6.22" || len(got.VirtualHostKeys) != 2 || got.VirtualHostKeys[1].ID != "unit-appa-0-hostkey" ||
		got.Machines[0].Hostname != "juju-full-0" || got.Secrets[0].LatestRevisionChecksum == "" {
		t.Errorf("the export lost 3.6 data: agent %q, keys %v, hostname %q", got.AgentVersion, got.VirtualHostKeys, got.Machines[0].Hostname)
	}

	c := controllertest.FullCAAS("36360000-0000-4000-8000-000000000002")
	im = target(t, c, importer.Options{})
	if _, err := im.Import(ctx, c); err != nil {
		t.Fatal(err)
	}
	db = im.DB()
	m = c
	side := c.Applications[1].Name
	if got := field(jujudb.Applications, side, "storage-unique-id").StringValue(); got != "a1b2c3" {
		t.Errorf("applications %s storage-unique-id = %q", side, got)
	}
	if got := exportModel(t, db, c); got.Applications[1].StorageUniqueID != "a1b2c3" {
		t.Errorf("the export lost the storage unique id: %q", got.Applications[1].StorageUniqueID)
	}
	// An application without one has no such field: Juju's upgrade step
	// looks for the field's absence.
	var doc bson.Raw
	if err := db.Collection(jujudb.Applications).FindOne(ctx, bson.D{{Key: "_id", Value: jujudb.DocID(c.UUID(), c.Applications[0].Name)}}).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if _, err := doc.LookupErr("storage-unique-id"); err == nil {
		t.Error("storage-unique-id written for an application without one")
	}
}

// TestLXDProfileForms: a profile and an assumes list given as YAML are
// stored as Juju stores the archive's and exported as Juju 3.6's JSON; a
// value that is neither fails the build, naming the application and the
// field.
func TestLXDProfileForms(t *testing.T) {
	ctx := context.Background()
	m := controllertest.Full("36360000-0000-4000-8000-000000000003")
	m.Applications[1].CharmMetadata.LXDProfile = "description: from yaml\nconfig:\n  security.privileged: \"false\"\n"
	m.Applications[1].CharmMetadata.Assumes = "- k8s-api\n- all-of:\n  - juju >= 3.4\n  - lxd\n"
	im := target(t, m, importer.Options{})
	if _, err := im.Import(ctx, m); err != nil {
		t.Fatal(err)
	}
	got := exportModel(t, im.DB(), m)
	if want := `{"Config":{"security.privileged":"false"},"Description":"from yaml","Devices":{}}`; got.Applications[1].CharmMetadata.LXDProfile != want {
		t.Errorf("exported lxd-profile\n%s\nwant\n%s", got.Applications[1].CharmMetadata.LXDProfile, want)
	}
	if want := `["k8s-api",{"all-of":["juju \u003e= 3.4","lxd"]}]`; got.Applications[1].CharmMetadata.Assumes != want {
		t.Errorf("exported assumes %s, want %s", got.Applications[1].CharmMetadata.Assumes, want)
	}

	bad := controllertest.Full("36360000-0000-4000-8000-000000000004")
	bad.Applications[1].CharmMetadata.LXDProfile = "config:\n  security.nesting: true\n"
	im = target(t, bad, importer.Options{})
	_, err := im.Import(ctx, bad)
	want := `application "appb": charm-metadata.lxd-profile: config.security.nesting: expected a string, got bool (quote it)`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Import = %v, want an error containing %q", err, want)
	}
	bad = controllertest.Full("36360000-0000-4000-8000-000000000005")
	bad.Applications[1].CharmMetadata.Assumes = `["lxd",{"one-of":["a"]}]`
	im = target(t, bad, importer.Options{})
	_, err = im.Import(ctx, bad)
	want = `application "appb": charm-metadata.assumes: [1]: expected any-of or all-of with a list, got "one-of"`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Import = %v, want an error containing %q", err, want)
	}
}
