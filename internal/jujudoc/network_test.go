package jujudoc_test

import (
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/internal/jujudoc"
)

// TestZeroTimeLikeMgo checks that an unset time.Time field (an operation
// not yet started) is stored as mgo stores the zero time, milliseconds
// -62135596800000 (0001-01-01), and reads back as the zero time; and that
// a set one keeps its millisecond.
func TestZeroTimeLikeMgo(t *testing.T) {
	enq := time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.FixedZone("x", 3600))
	raw, err := jujudoc.Marshal(&jujudoc.OperationDoc{Enqueued: enq})
	if err != nil {
		t.Fatal(err)
	}
	if v := raw.Lookup("started"); v.Type != bson.TypeDateTime || v.DateTime() != -62135596800000 {
		t.Errorf("started = %v, want datetime -62135596800000", v)
	}
	if v := raw.Lookup("enqueued"); v.Type != bson.TypeDateTime || v.DateTime() != 1714975689123 {
		t.Errorf("enqueued = %v, want datetime 1714975689123", v)
	}
	var back jujudoc.OperationDoc
	if err := jujudoc.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	if !back.Started.IsZero() || back.Started != (time.Time{}) {
		t.Errorf("started read back as %v, want the zero time", back.Started)
	}
	if want := time.Date(2024, 5, 6, 6, 8, 9, 123000000, time.UTC); back.Enqueued != want {
		t.Errorf("enqueued read back as %v, want %v", back.Enqueued, want)
	}
}

// TestActionFreeFormKept checks that an action's parameters are stored as
// given and read back unchanged, whatever their type.
func TestActionFreeFormKept(t *testing.T) {
	typ, data, err := bson.MarshalValue(bson.D{{Key: "when", Value: bson.DateTime(5)}, {Key: "n", Value: int32(1)}})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := jujudoc.Marshal(&jujudoc.ActionDoc{Name: "a", Parameters: bson.RawValue{Type: typ, Value: data}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.LookupErr("results"); err == nil {
		t.Error("results written for none")
	}
	var back jujudoc.ActionDoc
	if err := jujudoc.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	p := back.Parameters.Document()
	if p.Lookup("when").DateTime() != 5 || p.Lookup("n").Int32() != 1 {
		t.Errorf("parameters read back as %v", p)
	}
}
