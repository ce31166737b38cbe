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
	// A second client on the same server that records how many documents
	// each of its deletes removed, as the server reports it.
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
			deleted = append(deleted, -1)
			return
		}
		deleted = append(deleted, n)
	}}
	client, err := mongo.Connect(options.Client().ApplyURI(mongotest.URI(t)).SetMonitor(mon))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Disconnect(ctx)

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
	mu.Lock()
	defer mu.Unlock()
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
