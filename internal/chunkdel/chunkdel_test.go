package chunkdel_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/modelferry/ferry/internal/chunkdel"
	"github.com/modelferry/ferry/internal/mongotest"
)

func TestMain(m *testing.M) { mongotest.Main(m) }

// TestDeleteChunks removes one model's documents, whose _ids are of three
// types, in deletes of at most a chunk each (as the server counts them),
// and leaves another model's alone.
func TestDeleteChunks(t *testing.T) {
	ctx := context.Background()
	seed, name := mongotest.FreshDB(t)
	client, deletes := countingClient(t)

	var docs []any
	for i := 0; i < 90; i++ {
		docs = append(docs,
			bson.D{{Key: "_id", Value: fmt.Sprintf("a:%03d", i)}, {Key: "model-uuid", Value: "a"}},
			bson.D{{Key: "_id", Value: int64(1000 + i)}, {Key: "model-uuid", Value: "a"}},
			bson.D{{Key: "_id", Value: bson.NewObjectID()}, {Key: "model-uuid", Value: "a"}},
		)
	}
	for i := 0; i < 50; i++ {
		docs = append(docs, bson.D{{Key: "_id", Value: fmt.Sprintf("b:%03d", i)}, {Key: "model-uuid", Value: "b"}})
	}
	if _, err := seed.Database(name).Collection("things").InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}

	n, err := chunkdel.Delete(ctx, client.Database(name).Collection("things"), bson.D{{Key: "model-uuid", Value: "a"}}, 40)
	if err != nil {
		t.Fatal(err)
	}
	if n != 270 {
		t.Errorf("Delete removed %d documents, want 270", n)
	}
	for uuid, want := range map[string]int64{"a": 0, "b": 50} {
		got, err := seed.Database(name).Collection("things").CountDocuments(ctx, bson.D{{Key: "model-uuid", Value: uuid}})
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("model %s has %d documents left, want %d", uuid, got, want)
		}
	}
	deleted := deletes()
	var sum int32
	for _, d := range deleted {
		if d < 0 || d > 40 {
			t.Errorf("a delete removed %d documents; the chunk is 40 (all: %v)", d, deleted)
		}
		sum += d
	}
	if sum != 270 || len(deleted) < 270/40 {
		t.Errorf("deletes removed %v (sum %d), want at least 7 deletes summing to 270", deleted, sum)
	}
}

// TestDeleteSmall removes a filter's few documents in one delete, and
// nothing when nothing matches.
func TestDeleteSmall(t *testing.T) {
	ctx := context.Background()
	c, name := mongotest.FreshDB(t)
	coll := c.Database(name).Collection("things")
	if _, err := coll.InsertMany(ctx, []any{bson.D{{Key: "_id", Value: "x"}, {Key: "k", Value: 1}}, bson.D{{Key: "_id", Value: "y"}, {Key: "k", Value: 2}}}); err != nil {
		t.Fatal(err)
	}
	if n, err := chunkdel.Delete(ctx, coll, bson.D{{Key: "k", Value: 3}}, 0); err != nil || n != 0 {
		t.Errorf("Delete of nothing: %d, %v", n, err)
	}
	if n, err := chunkdel.Delete(ctx, coll, bson.D{{Key: "k", Value: 1}}, 0); err != nil || n != 1 {
		t.Errorf("Delete of one: %d, %v", n, err)
	}
	if n, _ := coll.CountDocuments(ctx, bson.D{}); n != 1 {
		t.Errorf("%d documents left, want 1", n)
	}
}

// countingClient returns a second client on the test server and a
// function that lists how many documents each of its deletes removed, as
// the server reports them (-1 for a reply without a count).
func countingClient(t *testing.T) (*mongo.Client, func() []int32) {
	t.Helper()
	var mu sync.Mutex
	var deleted []int32
	mon := &event.CommandMonitor{Succeeded: func(_ context.Context, e *event.CommandSucceededEvent) {
		if e.CommandName != "delete" {
			return
		}
		n, ok := e.Reply.Lookup("n").Int32OK()
		mu.Lock()
		defer mu.Unlock()
		if !ok {
			n = -1
		}
		deleted = append(deleted, n)
	}}
	client, err := mongo.Connect(options.Client().ApplyURI(mongotest.URI(t)).SetMonitor(mon))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Disconnect(context.Background()) })
	return client, func() []int32 {
		mu.Lock()
		defer mu.Unlock()
		return append([]int32(nil), deleted...)
	}
}

// TestPlanBounds checks a plan's count and bounds on literal _ids.
func TestPlanBounds(t *testing.T) {
	p := chunkdel.PlanStrings([]string{"c", "a", "e", "b", "d"}, 2)
	var got []string
	for _, b := range p.Bounds {
		got = append(got, b.StringValue())
	}
	if p.Count != 5 || fmt.Sprint(got) != "[b d e]" {
		t.Errorf("PlanStrings: count %d, bounds %v; want 5, [b d e]", p.Count, got)
	}
	if p := chunkdel.PlanStrings([]string{"x", "y"}, 2); p.Count != 2 || p.Bounds != nil {
		t.Errorf("PlanStrings of a chunk: %+v, want count 2 and no bounds", p)
	}
	a, b := bson.ObjectID{1}, bson.ObjectID{2}
	p = chunkdel.PlanObjectIDs([]bson.ObjectID{b, a, b}, 1)
	if len(p.Bounds) != 3 || p.Bounds[0].ObjectID() != a || p.Bounds[2].ObjectID() != b {
		t.Errorf("PlanObjectIDs: %v, want [%v %v %v]", p.Bounds, a, b, b)
	}
}

// TestDeletePlanned deletes by a plan made before more documents were
// written: the planned ranges go a chunk at a time, and the final pass
// finds and removes the late ones; another model's stay.
func TestDeletePlanned(t *testing.T) {
	ctx := context.Background()
	seed, name := mongotest.FreshDB(t)
	client, deletes := countingClient(t)
	things, oids := seed.Database(name).Collection("things"), seed.Database(name).Collection("oids")
	var docs, odocs []any
	var planned []string
	var oidList []bson.ObjectID
	for i := 0; i < 100; i++ {
		id := fmt.Sprintf("a:%03d", i)
		docs = append(docs, bson.D{{Key: "_id", Value: id}, {Key: "model-uuid", Value: "a"}})
		if i < 90 {
			planned = append(planned, id)
		}
	}
	// Written after the plan, inside and beyond its ranges.
	docs = append(docs, bson.D{{Key: "_id", Value: "a:0205"}, {Key: "model-uuid", Value: "a"}}, bson.D{{Key: "_id", Value: "z"}, {Key: "model-uuid", Value: "a"}})
	for i := 0; i < 50; i++ {
		docs = append(docs, bson.D{{Key: "_id", Value: fmt.Sprintf("a:%03db", i)}, {Key: "model-uuid", Value: "b"}})
	}
	for i := 0; i < 60; i++ {
		id := bson.NewObjectID()
		oidList = append(oidList, id)
		odocs = append(odocs, bson.D{{Key: "_id", Value: id}, {Key: "model-uuid", Value: "a"}})
	}
	if _, err := things.InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if _, err := oids.InsertMany(ctx, odocs); err != nil {
		t.Fatal(err)
	}
	f := bson.D{{Key: "model-uuid", Value: "a"}}
	n, err := chunkdel.DeletePlanned(ctx, client.Database(name).Collection("things"), f, chunkdel.PlanStrings(planned, 40), 40)
	if err != nil || n != 102 {
		t.Errorf("DeletePlanned removed %d, %v; want 102", n, err)
	}
	n, err = chunkdel.DeletePlanned(ctx, client.Database(name).Collection("oids"), f, chunkdel.PlanObjectIDs(oidList, 25), 25)
	if err != nil || n != 60 {
		t.Errorf("DeletePlanned of ObjectIDs removed %d, %v; want 60", n, err)
	}
	for c, want := range map[*mongo.Collection]int64{things: 50, oids: 0} {
		if got, err := c.CountDocuments(ctx, bson.D{}); err != nil || got != want {
			t.Errorf("%s holds %d documents (%v), want %d", c.Name(), got, err, want)
		}
	}
	// things: ranges of 40 (+ the late a:0205, which sorts inside the
	// first), 40 and 10, then the final pass's one delete of the ten
	// unplanned a:09x and z; oids: 25, 25, 10.
	if got := fmt.Sprint(deletes()); got != "[41 40 10 11 25 25 10]" {
		t.Errorf("deletes removed %s, want [41 40 10 11 25 25 10]", got)
	}
}

// TestDeletePlannedWrongPlan gives a plan of a few documents for a filter
// that matches more than FerretDB deletes at once: the one delete fails
// there, and Delete's chunks take over. (On MongoDB the one delete takes
// them all.)
func TestDeletePlannedWrongPlan(t *testing.T) {
	ctx := context.Background()
	c, name := mongotest.FreshDB(t)
	coll := c.Database(name).Collection("many")
	const n = 33000
	for lo := 0; lo < n; lo += 5000 {
		var docs []any
		for i := lo; i < min(lo+5000, n); i++ {
			docs = append(docs, bson.D{{Key: "_id", Value: int64(i)}, {Key: "m", Value: "a"}})
		}
		if _, err := coll.InsertMany(ctx, docs); err != nil {
			t.Fatal(err)
		}
	}
	got, err := chunkdel.DeletePlanned(ctx, coll, bson.D{{Key: "m", Value: "a"}}, chunkdel.Plan{Count: 10}, 0)
	if err != nil || got != n {
		t.Errorf("DeletePlanned removed %d, %v; want %d", got, err, n)
	}
	if left, err := coll.CountDocuments(ctx, bson.D{}); err != nil || left != 0 {
		t.Errorf("%d documents left (%v), want 0", left, err)
	}
}
