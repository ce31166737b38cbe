package jujudoc_test

import (
	"errors"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/internal/jujudoc"
)

// TestMarshalLikeMgo checks the two encodings where the official driver
// and Juju's mgo differ: nil slices are stored as empty arrays, and
// omitempty fields are left out.
func TestMarshalLikeMgo(t *testing.T) {
	raw, err := jujudoc.Marshal(&jujudoc.MachineDoc{MachineID: "0"})
	if err != nil {
		t.Fatal(err)
	}
	if v, err := raw.LookupErr("principals"); err != nil || v.Type != bson.TypeArray || len(v.Array()) != 5 {
		t.Errorf("principals = %v (%v), want an empty array", v, err)
	}
	for _, k := range []string{"_id", "base", "tools", "volumes", "placement", "hostname", "preferredpublicaddress"} {
		if _, err := raw.LookupErr(k); err == nil {
			t.Errorf("%s written for an empty value", k)
		}
	}
	// A second document through the pooled encoder is not mixed with the
	// first.
	raw2, err := jujudoc.Marshal(&jujudoc.MachineDoc{MachineID: "1", Hostname: "h"})
	if err != nil {
		t.Fatal(err)
	}
	if got := raw2.Lookup("machineid").StringValue(); got != "1" {
		t.Errorf("machineid = %q", got)
	}
	if got := raw.Lookup("machineid").StringValue(); got != "0" {
		t.Errorf("first document changed: machineid = %q", got)
	}
}

func TestUnmarshalNamesField(t *testing.T) {
	doc, err := bson.Marshal(bson.D{{Key: "machineid", Value: "0"}, {Key: "tools", Value: bson.D{{Key: "size", Value: "big"}}}})
	if err != nil {
		t.Fatal(err)
	}
	var m jujudoc.MachineDoc
	err = jujudoc.Unmarshal(doc, &m)
	var fe *jujudoc.FieldError
	if !errors.As(err, &fe) || fe.Field != "tools.size" {
		t.Fatalf("got %v, want a FieldError on tools.size", err)
	}
	doc, _ = bson.Marshal(bson.D{{Key: "machineid", Value: nil}, {Key: "jobs", Value: bson.A{int64(1), int32(2)}}, {Key: "unknown", Value: 1}})
	m = jujudoc.MachineDoc{}
	if err := jujudoc.Unmarshal(doc, &m); err != nil {
		t.Fatal(err)
	}
	if m.MachineID != "" || len(m.Jobs) != 2 || m.Jobs[0] != 1 || m.Jobs[1] != 2 {
		t.Errorf("got %+v", m)
	}
}
