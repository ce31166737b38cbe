package importer_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/modelferry/ferry/description"
	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/controllertest"
	"github.com/modelferry/ferry/internal/jujudb"
)

// semModel is the small generated model each semantics case changes.
func semModel() *description.Model { return controllertest.Generate(controllertest.Small) }

// importSem imports m into a fresh target and returns the database.
func importSem(t *testing.T, m *description.Model) *mongo.Database {
	t.Helper()
	im := target(t, m, importer.Options{})
	if _, err := im.Import(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	return im.DB()
}

// rawDoc reads one document by its full _id; a missing one fails the test.
func rawDoc(t *testing.T, db *mongo.Database, coll string, id any) bson.M {
	t.Helper()
	var d bson.M
	if err := db.Collection(coll).FindOne(context.Background(), bson.D{{Key: "_id", Value: id}}).Decode(&d); err != nil {
		t.Fatalf("reading %s %v: %v", coll, id, err)
	}
	return asM(d).(bson.M)
}

// asM turns every nested document into a bson.M (the driver decodes them
// as bson.D), so that expectations can be map literals.
func asM(v any) any {
	switch x := v.(type) {
	case bson.D:
		out := bson.M{}
		for _, e := range x {
			out[e.Key] = asM(e.Value)
		}
		return out
	case bson.M:
		out := bson.M{}
		for k, e := range x {
			out[k] = asM(e)
		}
		return out
	case bson.A:
		out := make(bson.A, len(x))
		for i, e := range x {
			out[i] = asM(e)
		}
		return out
	}
	return v
}

// localDoc reads a model-scoped document by its local id.
func localDoc(t *testing.T, db *mongo.Database, m *description.Model, coll, local string) bson.M {
	t.Helper()
	return rawDoc(t, db, coll, m.UUID()+":"+local)
}

func wantField(t *testing.T, d bson.M, key string, want any) {
	t.Helper()
	if got := d[key]; !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %#v (%T), want %#v (%T)", key, got, got, want, want)
	}
}

// sub gives a sub-document of d.
func sub(t *testing.T, d bson.M, key string) bson.M {
	t.Helper()
	s, ok := d[key].(bson.M)
	if !ok {
		t.Fatalf("%s is %T, not a document", key, d[key])
	}
	return s
}

// TestImportSemantics pins each row of the reference's
// juju-import-semantics.md: what Juju's state.Import writes, read off the
// documents in the target with literal expected values.
func TestImportSemantics(t *testing.T) {
	now := testNow.UnixNano()

	t.Run("01_address_without_space_goes_to_space_0", func(t *testing.T) {
		m := semModel()
		m.Machines[0].MachineAddresses[0].SpaceID = ""
		m.Machines[0].PreferredPublicAddress = nil
		db := importSem(t, m)
		d := localDoc(t, db, m, jujudb.Machines, "0")
		addr := d["machineaddresses"].(bson.A)[0].(bson.M)
		wantField(t, addr, "spaceid", "0")
		if _, ok := d["preferredpublicaddress"]; ok && d["preferredpublicaddress"] != nil {
			t.Errorf("an absent preferred address was written: %v", d["preferredpublicaddress"])
		}
	})

	t.Run("02_relation_without_status_gets_joining_or_joined", func(t *testing.T) {
		m := semModel()
		m.Relations[0].Status = nil
		// A unitless application's peer relation has no unit settings:
		// joining.
		c := *m.Applications[1]
		c.Name, c.CharmURL, c.Units = "appc", "ch:amd64/jammy/appc-3", nil
		c.Offers, c.Leader, c.Annotations = nil, "", nil
		m.Applications = append(m.Applications, &c)
		m.Relations = append(m.Relations, &description.Relation{ID: 7, Key: "appc:peer7", Endpoints: []*description.Endpoint{{
			ApplicationName: "appc", Name: "peer7", Role: "peer", Interface: "cluster", Scope: "global",
			UnitSettings: map[string]map[string]any{}, ApplicationSettings: map[string]any{},
		}}})
		db := importSem(t, m)
		joined := localDoc(t, db, m, jujudb.Statuses, "r#0")
		wantField(t, joined, "status", "joined")
		wantField(t, joined, "updated", now)
		joining := localDoc(t, db, m, jujudb.Statuses, "r#7")
		wantField(t, joining, "status", "joining")
		wantField(t, joining, "updated", now)
	})

	t.Run("03_blocks_take_ids_from_the_block_sequence_and_charmrev_sequences_are_dropped", func(t *testing.T) {
		m := semModel()
		m.Sequences = map[string]int{"block": 4, "charmrev-ch:amd64/jammy/appa": 3, "machine": 3}
		m.Blocks = map[string]string{"all-changes": "frozen", "destroy-model": ""}
		db := importSem(t, m)
		// Sorted by type: all-changes takes 4, destroy-model 5.
		b4 := localDoc(t, db, m, jujudb.Blocks, "4")
		wantField(t, b4, "type", int32(2))
		wantField(t, b4, "message", "frozen")
		b5 := localDoc(t, db, m, jujudb.Blocks, "5")
		wantField(t, b5, "type", int32(0))
		wantField(t, localDoc(t, db, m, jujudb.Sequence, "block"), "counter", int32(6))
		n, err := db.Collection(jujudb.Sequence).CountDocuments(context.Background(), bson.D{{Key: "_id", Value: m.UUID() + ":charmrev-ch:amd64/jammy/appa"}})
		if err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("a charmrev sequence was imported")
		}
	})

	t.Run("04_firewall_rules_become_model_config", func(t *testing.T) {
		m := semModel()
		m.Config["ssh-allow"] = "0.0.0.0/0"
		m.FirewallRules = []*description.FirewallRule{
			{ID: "ssh", WellKnownService: "ssh", WhitelistCIDRs: []string{"10.0.0.0/8", "192.168.0.0/16"}},
			{ID: "offer", WellKnownService: "juju-application-offer"},
		}
		db := importSem(t, m)
		cfg := sub(t, localDoc(t, db, m, jujudb.Settings, "e"), "settings")
		wantField(t, cfg, "ssh-allow", "10.0.0.0/8,192.168.0.0/16")
		if v, ok := cfg["saas-ingress-allow"]; ok {
			t.Errorf("an offer rule without CIDRs set saas-ingress-allow to %v", v)
		}

		m = semModel()
		m.FirewallRules = []*description.FirewallRule{{ID: "offer", WellKnownService: "juju-application-offer", WhitelistCIDRs: []string{"10.1.0.0/16"}}}
		db = importSem(t, m)
		cfg = sub(t, localDoc(t, db, m, jujudb.Settings, "e"), "settings")
		wantField(t, cfg, "saas-ingress-allow", "10.1.0.0/16")
	})

	t.Run("05_bases_without_risk_gain_stable_but_origin_platform_channel_does_not", func(t *testing.T) {
		m := semModel()
		m.Machines[0].Base = "ubuntu@22.04"
		m.Applications[0].CharmOrigin.Platform = "amd64/ubuntu/22.04"
		db := importSem(t, m)
		wantField(t, sub(t, localDoc(t, db, m, jujudb.Machines, "0"), "base"), "channel", "22.04/stable")
		unit := localDoc(t, db, m, jujudb.Units, m.Applications[0].Units[0].Name)
		wantField(t, sub(t, unit, "base"), "channel", "22.04/stable")
		origin := sub(t, localDoc(t, db, m, jujudb.Applications, m.Applications[0].Name), "charm-origin")
		wantField(t, sub(t, origin, "platform"), "channel", "22.04")
	})

	t.Run("06_instance_without_modification_status_gets_empty_status", func(t *testing.T) {
		m := semModel()
		m.Machines[0].Instance.ModificationStatus = nil
		db := importSem(t, m)
		d := localDoc(t, db, m, jujudb.Statuses, "m#0#modification")
		wantField(t, d, "status", "")
		wantField(t, d, "statusinfo", "")
		wantField(t, d, "statusdata", bson.M{})
		wantField(t, d, "updated", int64(0))
	})

	t.Run("07_endpoint_bindings_default_and_empty_go_to_space_0", func(t *testing.T) {
		m := semModel()
		m.Applications[0].EndpointBindings = map[string]string{"req0": ""}
		db := importSem(t, m)
		b := sub(t, localDoc(t, db, m, jujudb.EndpointBindings, "a#"+m.Applications[0].Name), "bindings")
		if want := (bson.M{"": "0", "req0": "0"}); !reflect.DeepEqual(b, want) {
			t.Errorf("bindings = %v, want %v", b, want)
		}
	})

	t.Run("08_only_custom_image_metadata_is_imported_and_a_zero_date_becomes_the_import_time", func(t *testing.T) {
		m := semModel()
		m.CloudImageMetadata = []*description.CloudImageMetadata{
			{Stream: "released", Region: "r1", Version: "22.04", Arch: "amd64", Source: "custom", ImageID: "ami-c"},
			{Stream: "released", Region: "r1", Version: "22.04", Arch: "amd64", Source: "default ubuntu cloud images", ImageID: "ami-d"},
		}
		db := importSem(t, m)
		d := rawDoc(t, db, jujudb.CloudImageMetadata, "released:r1:22.04:amd64:::custom")
		wantField(t, d, "image_id", "ami-c")
		wantField(t, d, "date_created", now)
		if _, ok := d["root_storage_size"]; ok {
			t.Errorf("root_storage_size written for metadata without one")
		}
		n, err := db.Collection(jujudb.CloudImageMetadata).CountDocuments(context.Background(), bson.D{})
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("%d image metadata documents, want only the custom one", n)
		}
	})

	t.Run("08_an_existing_image_metadata_document_only_gets_its_image_id_changed", func(t *testing.T) {
		ctx := context.Background()
		const id = "released:r1:22.04:amd64:::custom"
		before := time.Date(2023, 1, 2, 3, 4, 5, 0, time.UTC)
		m := semModel()
		m.CloudImageMetadata = []*description.CloudImageMetadata{
			{Stream: "released", Region: "r1", Version: "22.04", Arch: "amd64", Source: "custom", ImageID: "ami-new", Priority: 50},
		}
		for _, end := range []string{"abort", "activate"} {
			t.Run(end, func(t *testing.T) {
				im := target(t, m, importer.Options{})
				db := im.DB()
				// The target's own metadata for the same attributes.
				if _, err := db.Collection(jujudb.CloudImageMetadata).InsertOne(ctx, bson.D{
					{Key: "_id", Value: id}, {Key: "image_id", Value: "ami-old"}, {Key: "stream", Value: "released"},
					{Key: "region", Value: "r1"}, {Key: "version", Value: "22.04"}, {Key: "arch", Value: "amd64"},
					{Key: "date_created", Value: before.UnixNano()}, {Key: "source", Value: "custom"}, {Key: "priority", Value: int32(20)},
				}); err != nil {
					t.Fatal(err)
				}
				if _, err := im.Import(ctx, m); err != nil {
					t.Fatal(err)
				}
				d := rawDoc(t, db, jujudb.CloudImageMetadata, id)
				wantField(t, d, "image_id", "ami-new")
				wantField(t, d, "priority", int32(20))
				wantField(t, d, "date_created", before.UnixNano())
				switch end {
				case "abort":
					if _, err := im.Abort(ctx, m.UUID()); err != nil {
						t.Fatal(err)
					}
					d = rawDoc(t, db, jujudb.CloudImageMetadata, id)
					wantField(t, d, "image_id", "ami-old")
				case "activate":
					if err := im.Activate(ctx, m.UUID()); err != nil {
						t.Fatal(err)
					}
					d = rawDoc(t, db, jujudb.CloudImageMetadata, id)
					wantField(t, d, "image_id", "ami-new")
				}
				if _, ok := d[importer.MarkerField]; ok {
					t.Errorf("the import's marker is left after %s: %v", end, d[importer.MarkerField])
				}
				wantField(t, d, "priority", int32(20))
				n, err := db.Collection(jujudb.CloudImageMetadata).CountDocuments(ctx, bson.D{})
				if err != nil {
					t.Fatal(err)
				}
				if n != 1 {
					t.Errorf("%d image metadata documents after %s, want 1", n, end)
				}
			})
		}
	})

	t.Run("09_never_set_status_is_written_unset_without_message_or_data", func(t *testing.T) {
		m := semModel()
		m.Applications[0].Status = &description.Status{Value: "waiting", Message: "m", Data: map[string]any{"k": "v"}, Updated: testNow, NeverSet: true}
		db := importSem(t, m)
		d := localDoc(t, db, m, jujudb.Statuses, "a#"+m.Applications[0].Name)
		wantField(t, d, "status", "unset")
		wantField(t, d, "statusinfo", "")
		wantField(t, d, "statusdata", bson.M{})
		if _, ok := d["neverset"]; ok {
			t.Errorf("the status document has a neverset field")
		}
	})

	t.Run("10_model_status_is_busy_importing_with_a_history_entry", func(t *testing.T) {
		m := semModel()
		db := importSem(t, m)
		d := localDoc(t, db, m, jujudb.Statuses, "e")
		wantField(t, d, "status", "busy")
		wantField(t, d, "statusinfo", "importing")
		wantField(t, d, "updated", now)
		var h bson.M
		err := db.Collection(jujudb.StatusesHistory).FindOne(context.Background(),
			bson.D{{Key: "model-uuid", Value: m.UUID()}, {Key: "globalkey", Value: "e"}, {Key: "status", Value: "busy"}}).Decode(&h)
		if err != nil {
			t.Fatalf("no busy history entry: %v", err)
		}
		h = asM(h).(bson.M)
		wantField(t, h, "statusinfo", "importing")
		wantField(t, h, "updated", now)
	})

	t.Run("11_charm_origins_are_rebuilt", func(t *testing.T) {
		m := semModel()
		a, b := m.Applications[0], m.Applications[1]
		a.CharmOrigin.Revision = 99 // the URL says 1
		a.CharmOrigin.Channel = "edge"
		a.CharmOrigin.Platform = "amd64/unknown/unknown"
		// b shares a's charm: it gets a's origin.
		b.CharmURL = a.CharmURL
		b.CharmOrigin.ID = "other"
		db := importSem(t, m)
		for _, app := range []string{a.Name, b.Name} {
			o := sub(t, localDoc(t, db, m, jujudb.Applications, app), "charm-origin")
			wantField(t, o, "revision", int32(1))
			wantField(t, o, "id", "idappa")
			if want := (bson.M{"track": "latest", "risk": "edge"}); !reflect.DeepEqual(o["channel"], want) {
				t.Errorf("%s channel = %v, want %v", app, o["channel"], want)
			}
			if want := (bson.M{"architecture": "amd64", "os": "", "channel": ""}); !reflect.DeepEqual(o["platform"], want) {
				t.Errorf("%s platform = %v, want %v", app, o["platform"], want)
			}
		}

		m = semModel()
		a = m.Applications[0]
		a.CharmURL = "local:jammy/appa-3"
		a.CharmOrigin.Source = "local"
		db = importSem(t, m)
		o := sub(t, localDoc(t, db, m, jujudb.Applications, a.Name), "charm-origin")
		wantField(t, o, "revision", int32(3))
		wantField(t, o, "id", "")
		wantField(t, o, "hash", "")
		if _, ok := o["channel"]; ok {
			t.Errorf("a local charm kept its channel: %v", o["channel"])
		}
	})

	t.Run("12_model_config_default_series_and_secret_backend", func(t *testing.T) {
		m := semModel()
		delete(m.Config, "default-base")
		m.Config["default-series"] = "focal"
		m.Config["secret-backend"] = ""
		db := importSem(t, m)
		cfg := sub(t, localDoc(t, db, m, jujudb.Settings, "e"), "settings")
		wantField(t, cfg, "default-base", "ubuntu@20.04/stable")
		wantField(t, cfg, "secret-backend", "auto")
		if _, ok := cfg["default-series"]; ok {
			t.Errorf("default-series was kept")
		}

		m = semModel()
		delete(m.Config, "default-base")
		m.Config["default-series"] = "focal"
		m.Config["agent-version"] = "2.9.34"
		delete(m.Config, "secret-backend")
		db = importSem(t, m)
		cfg = sub(t, localDoc(t, db, m, jujudb.Settings, "e"), "settings")
		wantField(t, cfg, "default-base", "")
		wantField(t, cfg, "secret-backend", "auto")
		if _, ok := cfg["default-series"]; ok {
			t.Errorf("default-series was kept")
		}
	})

	t.Run("13_pod_spec_in_an_iaas_model_is_an_error", func(t *testing.T) {
		m := semModel()
		m.Applications[1].PodSpec = "version: 3"
		wantRefused(t, m, "import: applications[1].pod-spec: ")
	})

	t.Run("loss_relation_suspended_is_kept", func(t *testing.T) {
		m := semModel()
		m.Relations[0].Suspended = true
		m.Relations[0].SuspendedReason = "paused"
		db := importSem(t, m)
		d := localDoc(t, db, m, jujudb.Relations, m.Relations[0].Key)
		wantField(t, d, "suspended", true)
		wantField(t, d, "suspended-reason", "paused")
	})

	t.Run("loss_iaas_operator_status_is_kept", func(t *testing.T) {
		m := semModel()
		m.Applications[0].OperatorStatus = &description.Status{Value: "active", Message: "op", Updated: testNow}
		db := importSem(t, m)
		d := localDoc(t, db, m, jujudb.Statuses, "a#"+m.Applications[0].Name+"#operator")
		wantField(t, d, "status", "active")
		wantField(t, d, "statusinfo", "op")
	})
}

// wantRefused checks that importing m fails with a BuildError starting
// with prefix and leaves no model document behind.
func wantRefused(t *testing.T, m *description.Model, prefix string) {
	t.Helper()
	im := target(t, m, importer.Options{})
	_, err := im.Import(context.Background(), m)
	if err == nil || !strings.HasPrefix(err.Error(), prefix) || !errors.Is(err, importer.ErrUnsupported) {
		t.Fatalf("import error = %v, want one starting %q wrapping ErrUnsupported", err, prefix)
	}
	n, err := im.DB().Collection(jujudb.Models).CountDocuments(context.Background(), bson.D{{Key: "_id", Value: m.UUID()}})
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("the refused model left its models document")
	}
}

// TestIAASUnitWithoutToolsIsRefused: a k8s-typed application in an IAAS
// model has units without agent tools; Juju's exporter refuses such units
// and juju/description cannot read empty tools back, so the import refuses
// them instead of writing empty ones.
func TestIAASUnitWithoutToolsIsRefused(t *testing.T) {
	m := semModel()
	m.Applications[1].Type = "caas"
	m.Applications[1].Units[1].Tools = nil
	wantRefused(t, m, "import: applications[1].units[1].tools: ")
}
