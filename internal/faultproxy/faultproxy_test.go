package faultproxy_test

import (
	"context"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/modelferry/ferry/internal/faultproxy"
	"github.com/modelferry/ferry/internal/mongotest"
)

func TestMain(m *testing.M) { mongotest.Main(m) }

func connect(t *testing.T, p *faultproxy.Proxy, wait time.Duration) *mongo.Client {
	t.Helper()
	c, err := mongo.Connect(options.Client().ApplyURI(p.URI()).SetServerSelectionTimeout(wait).SetRetryWrites(false).SetRetryReads(false))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Disconnect(context.Background()) })
	return c
}

// TestCutAfter: the proxy forwards N commands, drops the next, closes the
// connection, and refuses new ones until Reset.
func TestCutAfter(t *testing.T) {
	ctx := context.Background()
	_, name := mongotest.FreshDB(t)
	p, err := faultproxy.Start(mongotest.Server(t).Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	c := connect(t, p, 300*time.Millisecond)
	coll := c.Database(name).Collection("x")
	p.CutAfter(2, faultproxy.Refuse)
	for i := 0; i < 2; i++ {
		if _, err := coll.InsertOne(ctx, bson.D{{Key: "i", Value: i}}); err != nil {
			t.Fatalf("command %d before the cut: %v", i, err)
		}
	}
	if _, err := coll.InsertOne(ctx, bson.D{{Key: "i", Value: 2}}); err == nil {
		t.Fatal("the third command went through")
	}
	if !p.Cut() || p.Count() != 2 {
		t.Fatalf("cut %v after %d commands", p.Cut(), p.Count())
	}
	if got := p.Commands(); len(got) != 2 || got[0] != "insert" {
		t.Fatalf("commands %v", got)
	}
	if _, err := coll.InsertOne(ctx, bson.D{{Key: "i", Value: 3}}); err == nil {
		t.Fatal("a command went through after the cut in Refuse mode")
	}
	// The dropped command never reached the server.
	direct := mongotest.Client(t)
	n, err := direct.Database(name).Collection("x").CountDocuments(ctx, bson.D{})
	if err != nil || n != 2 {
		t.Fatalf("server holds %d documents (%v), want 2", n, err)
	}
	p.Reset()
	c2 := connect(t, p, 5*time.Second)
	if _, err := c2.Database(name).Collection("x").InsertOne(ctx, bson.D{{Key: "i", Value: 4}}); err != nil {
		t.Fatalf("after Reset: %v", err)
	}
}

// TestReconnect: after a cut in Reconnect mode new connections pass.
func TestReconnect(t *testing.T) {
	ctx := context.Background()
	_, name := mongotest.FreshDB(t)
	p, err := faultproxy.Start(mongotest.Server(t).Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	c := connect(t, p, 5*time.Second)
	coll := c.Database(name).Collection("x")
	p.CutAfter(0, faultproxy.Reconnect)
	if _, err := coll.InsertOne(ctx, bson.D{{Key: "i", Value: 0}}); err == nil {
		t.Fatal("the first command went through")
	}
	if _, err := coll.InsertOne(ctx, bson.D{{Key: "i", Value: 1}}); err != nil {
		t.Fatalf("after a blip: %v", err)
	}
}
