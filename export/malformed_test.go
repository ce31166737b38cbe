package export_test

import (
	"errors"
	"fmt"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/export"
	"github.com/modelferry/ferry/internal/controllertest"
)

// TestMalformedDocuments breaks one document per case (each in its own
// model, all in one database) and checks that the export fails with an
// *export.Error naming the collection, the _id and the field.
func TestMalformedDocuments(t *testing.T) {
	type tc struct {
		name   string
		break_ func(d *controllertest.Docs) error
		coll   string
		id     string // local id, "" for a global document's exact _id in gid
		gid    string
		field  string
		kind   error
		msg    string // exact message, when set
	}
	cases := []tc{
		{name: "wrong type", break_: func(d *controllertest.Docs) error { return d.Set("units", "appa/0", "machineid", int32(5)) },
			coll: "units", id: "appa/0", field: "machineid", kind: export.ErrType,
			msg: `export: collection "units", _id "%s:appa/0", field "machineid": expected string, got int32`},
		{name: "status time as datetime", break_: func(d *controllertest.Docs) error {
			return d.Set("statuses", "m#0", "updated", bson.DateTime(1))
		}, coll: "statuses", id: "m#0", field: "updated", kind: export.ErrType},
		{name: "null status data", break_: func(d *controllertest.Docs) error { return d.Set("statuses", "a#appa", "statusdata", nil) },
			coll: "statuses", id: "a#appa", field: "statusdata", kind: export.ErrType},
		{name: "status missing", break_: func(d *controllertest.Docs) error { return d.Delete("statuses", "u#appa/0#charm") },
			coll: "statuses", id: "u#appa/0#charm", kind: export.ErrMissing},
		{name: "status field missing", break_: func(d *controllertest.Docs) error { return d.Unset("statuses", "u#appb/1", "status") },
			coll: "statuses", id: "u#appb/1", field: "status", kind: export.ErrMissing},
		{name: "unit of missing application", break_: func(d *controllertest.Docs) error {
			if err := d.Set("units", "appa/1", "application", "nosuch"); err != nil {
				return err
			}
			return d.Set("units", "appa/1", "name", "nosuch/1")
		}, coll: "units", id: "appa/1", field: "application", kind: export.ErrReference},
		{name: "unit name not of its application", break_: func(d *controllertest.Docs) error { return d.Set("units", "appa/1", "application", "appb") },
			coll: "units", id: "appa/1", field: "name", kind: export.ErrInvalid},
		{name: "no instance data", break_: func(d *controllertest.Docs) error { return d.Delete("instanceData", "1") },
			coll: "instanceData", id: "1", kind: export.ErrMissing},
		{name: "no meter status", break_: func(d *controllertest.Docs) error { return d.Delete("meterStatus", "u#appb/0") },
			coll: "meterStatus", id: "u#appb/0", kind: export.ErrMissing},
		{name: "no application config", break_: func(d *controllertest.Docs) error { return d.Delete("settings", "a#appb#application") },
			coll: "settings", id: "a#appb#application", kind: export.ErrMissing},
		{name: "no relation scope", break_: func(d *controllertest.Docs) error { return d.Delete("relationscopes", "r#0#requirer#appa/1") },
			coll: "relationscopes", id: "r#0#requirer#appa/1", kind: export.ErrMissing},
		{name: "no relation unit settings", break_: func(d *controllertest.Docs) error { return d.Delete("settings", "r#3#appa/0#provider#appa/0") },
			coll: "settings", id: "r#3#appa/0#provider#appa/0", kind: export.ErrMissing},
		{name: "machine id missing", break_: func(d *controllertest.Docs) error { return d.Unset("machines", "2", "machineid") },
			coll: "machines", id: "2", field: "machineid", kind: export.ErrMissing},
		{name: "machine without tools", break_: func(d *controllertest.Docs) error { return d.Unset("machines", "1", "tools") },
			coll: "machines", id: "1", field: "tools", kind: export.ErrMissing},
		{name: "unit tools without version", break_: func(d *controllertest.Docs) error { return d.Set("units", "appa/0", "tools.version", "") },
			coll: "units", id: "appa/0", field: "tools.version", kind: export.ErrMissing},
		{name: "attachment count", break_: func(d *controllertest.Docs) error { return d.Set("volumes", "0", "attachmentcount", int32(2)) },
			coll: "volumes", id: "0", field: "attachmentcount", kind: export.ErrInvalid},
		{name: "payload on another machine", break_: func(d *controllertest.Docs) error {
			return d.Set("payloads", "payload#appa/0#p1", "machine-id", "2")
		}, coll: "payloads", id: "payload#appa/0#p1", field: "machine-id", kind: export.ErrInvalid},
		{name: "constraint of wrong type", break_: func(d *controllertest.Docs) error { return d.Set("constraints", "m#0", "mem", "lots") },
			coll: "constraints", id: "m#0", field: "mem", kind: export.ErrType},
		{name: "charm missing", break_: func(d *controllertest.Docs) error { return d.Delete("charms", "ch:amd64/jammy/logger-1") },
			coll: "charms", id: "ch:amd64/jammy/logger-1", kind: export.ErrMissing},
		{name: "placeholder charm", break_: func(d *controllertest.Docs) error {
			return d.Set("charms", "ch:amd64/jammy/logger-1", "placeholder", true)
		}, coll: "charms", id: "ch:amd64/jammy/logger-1", field: "placeholder", kind: export.ErrInvalid},
		{name: "store resource missing", break_: func(d *controllertest.Docs) error { return d.Delete("resources", "resource#appa/blob#charmstore") },
			coll: "resources", id: "resource#appa/blob", kind: export.ErrMissing},
		{name: "relation to nothing", break_: func(d *controllertest.Docs) error {
			return d.Set("relations", "appb:cluster", "endpoints", bson.A{bson.D{{Key: "applicationname", Value: "ghost"},
				{Key: "relation", Value: bson.D{{Key: "name", Value: "cluster"}, {Key: "role", Value: "peer"}, {Key: "scope", Value: "global"}}}}})
		}, coll: "relations", id: "appb:cluster", field: "endpoints.0.applicationname", kind: export.ErrReference},
		{name: "sub-document of wrong type", break_: func(d *controllertest.Docs) error { return d.Set("machines", "0", "tools.size", "big") },
			coll: "machines", id: "0", field: "tools.size", kind: export.ErrType},
		{name: "ssh keys of no machine", break_: func(d *controllertest.Docs) error {
			return d.Set("sshhostkeys", "m#0", "_id", "") // replaced below
		}, coll: "sshhostkeys", id: "m#7", kind: export.ErrReference},
		{name: "offer names unknown endpoint", break_: func(d *controllertest.Docs) error {
			return d.Set("applicationOffers", "appa-offer", "endpoints", bson.D{{Key: "x", Value: "nope"}})
		}, coll: "applicationOffers", id: "appa-offer", field: "endpoints.x", kind: export.ErrReference},
		{name: "model user without permission", break_: func(d *controllertest.Docs) error { return nil },
			coll: "permissions", kind: export.ErrMissing},
	}
	db := freshDB(t)
	uuids := make([]string, len(cases))
	for i, c := range cases {
		uuids[i] = fmt.Sprintf("bad%05d-0000-4000-8000-000000000000", i)
		docs, err := controllertest.Documents(controllertest.Full(uuids[i]))
		if err != nil {
			t.Fatal(err)
		}
		switch c.name {
		case "ssh keys of no machine":
			err = docs.Delete("sshhostkeys", "m#0")
			docs.Add("sshhostkeys", bson.D{{Key: "_id", Value: uuids[i] + ":m#7"}, {Key: "model-uuid", Value: uuids[i]}, {Key: "keys", Value: bson.A{"k"}}})
		case "model user without permission":
			// Written below with the permission left out.
			cases[i].gid = "e#" + uuids[i] + "#us#bob"
			err = nil
		default:
			err = c.break_(docs)
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if err := docs.Insert(t.Context(), db); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if c.name == "model user without permission" {
			if _, err := db.Collection("permissions").DeleteOne(t.Context(), bson.D{{Key: "_id", Value: cases[i].gid}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := export.ExportDB(t.Context(), db, uuids[i], export.Options{})
			var e *export.Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v (%T), want an *export.Error", err, err)
			}
			wantID := c.gid
			if c.id != "" {
				wantID = uuids[i] + ":" + c.id
			}
			if e.Collection != c.coll || e.ID != wantID || e.Field != c.field {
				t.Errorf("got collection %q, _id %q, field %q; want %q, %q, %q\n(%v)", e.Collection, e.ID, e.Field, c.coll, wantID, c.field, err)
			}
			if !errors.Is(err, c.kind) {
				t.Errorf("error %v is not %v", err, c.kind)
			}
			if c.msg != "" {
				if want := fmt.Sprintf(c.msg, uuids[i]); err.Error() != want {
					t.Errorf("message\n got %s\nwant %s", err, want)
				}
			}
		})
	}
}

// TestDamagedBSON feeds recorded documents with bytes cut off or changed
// to the export: it must return an error or a tree, never panic.
func TestDamagedBSON(t *testing.T) {
	db := freshDB(t)
	const uuid = "da3a0000-0000-4000-8000-000000000001"
	write(t, db, controllertest.Full(uuid))
	good, err := export.Record(t.Context(), export.NewMongoSource(db), uuid, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, coll := range good.Collections() {
		docs := good.Docs(coll)
		for _, cut := range []int{1, 3, 7, 20} {
			for _, mode := range []string{"cut", "flip"} {
				mem := export.NewMemorySource()
				for _, c := range good.Collections() {
					mem.Add(c, good.Docs(c)...)
				}
				doc := append(bson.Raw(nil), docs[0]...)
				if cut >= len(doc) {
					continue
				}
				if mode == "cut" {
					doc = doc[:len(doc)-cut]
				} else {
					doc[len(doc)-cut] ^= 0x5a
				}
				damaged := export.NewMemorySource()
				for _, c := range mem.Collections() {
					ds := mem.Docs(c)
					if c == coll {
						ds = append([]bson.Raw{doc}, ds[1:]...)
					}
					damaged.Add(c, ds...)
				}
				func() {
					defer func() {
						if r := recover(); r != nil {
							t.Errorf("%s: %s %d bytes: panic: %v", coll, mode, cut, r)
						}
					}()
					export.Export(t.Context(), damaged, uuid, export.Options{Concurrency: 1})
				}()
			}
		}
	}
}
