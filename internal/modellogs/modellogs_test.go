package modellogs_test

import (
	"context"
	"fmt"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/modelferry/ferry/internal/modellogs"
	"github.com/modelferry/ferry/internal/mongotest"
)

func TestMain(m *testing.M) { mongotest.Main(m) }

const uuid = "10650000-0000-4000-8000-000000000001"

func entries(n int) []modellogs.Entry {
	out := make([]modellogs.Entry, n)
	for i := range out {
		// Several entries share a time: the order is (t, _id).
		out[i] = modellogs.Entry{ID: bson.NewObjectID(), Time: 1_700_000_000_000_000_000 + int64(i/3)*1000, Entity: "machine-0",
			Module: "juju.worker", Location: "w.go:1", Level: 3, Message: fmt.Sprintf("entry %d", i)}
	}
	return out
}

func dbs(t *testing.T) (src, dst *mongo.Database) {
	c, a := mongotest.FreshDB(t)
	_, b := mongotest.FreshDB(t)
	return c.Database(a), c.Database(b)
}

func TestCopyResumes(t *testing.T) {
	ctx := context.Background()
	src, dst := dbs(t)
	all := entries(1000)
	if err := modellogs.Write(ctx, src, uuid, all); err != nil {
		t.Fatal(err)
	}
	// An interrupted copy wrote the first 400 entries.
	if err := modellogs.Write(ctx, dst, uuid, all[:400]); err != nil {
		t.Fatal(err)
	}
	var last modellogs.Progress
	st, err := modellogs.Copy(ctx, src, dst, uuid, 250, func(p modellogs.Progress) { last = p })
	if err != nil {
		t.Fatal(err)
	}
	if st.Total != 1000 || st.Resumed != 400 || st.Copied != 600 || last.Done != 1000 {
		t.Errorf("stats %+v, last progress %+v", st, last)
	}
	if n, _ := modellogs.Count(ctx, dst, uuid); n != 1000 {
		t.Errorf("target has %d entries, want 1000", n)
	}
	// Nothing left to do.
	st, err = modellogs.Copy(ctx, src, dst, uuid, 250, nil)
	if err != nil || st.Copied != 0 {
		t.Errorf("second Copy: %+v, %v", st, err)
	}
	// The target's collection is capped like the source's.
	size, ok, err := modellogs.Size(ctx, dst, uuid)
	if err != nil || !ok || size != modellogs.DefaultSize {
		t.Errorf("target size %d, %v, %v", size, ok, err)
	}
}

func TestCopyWithoutSourceLog(t *testing.T) {
	ctx := context.Background()
	src, dst := dbs(t)
	st, err := modellogs.Copy(ctx, src, dst, uuid, 0, nil)
	if err != nil || st.Total != 0 {
		t.Fatalf("Copy: %+v, %v", st, err)
	}
	if ok, _ := modellogs.Exists(ctx, dst, uuid); !ok {
		t.Error("the target has no log collection")
	}
	if err := modellogs.Drop(ctx, dst, uuid); err != nil {
		t.Fatal(err)
	}
	if ok, _ := modellogs.Exists(ctx, dst, uuid); ok {
		t.Error("Drop left the collection")
	}
}
