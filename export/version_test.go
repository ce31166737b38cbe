package export_test

import (
	"context"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/export"
	"github.com/modelferry/ferry/internal/controllertest"
)

// TestSourceJujuVersion reads the source's Juju version where Juju keeps
// it: the controller model's config, else the model's own.
func TestSourceJujuVersion(t *testing.T) {
	ctx := t.Context()
	db := freshDB(t)
	const uuid = "f0110000-0000-4000-8000-0000000000aa"
	const ctrl = "c0000000-0000-4000-8000-0000000000cc"
	m := controllertest.Full(uuid) // its config has agent-version 3.6.22
	write(t, db, m)
	src := export.NewMongoSource(db)

	// No controller documents: the model's own version.
	got, err := export.SourceJujuVersion(ctx, src, uuid)
	if err != nil {
		t.Fatal(err)
	}
	if want := (export.SourceVersion{Version: "3.6.22", From: export.FromModel}); got != want {
		t.Errorf("without controller documents: got %+v, want %+v", got, want)
	}

	// controllerInfo names a controller model whose config has no
	// agent-version: an error, not the model's version.
	if _, err := db.Collection("controllers").InsertOne(ctx, bson.D{{Key: "_id", Value: "e"}, {Key: "model-uuid", Value: ctrl}}); err != nil {
		t.Fatal(err)
	}
	if _, err := export.SourceJujuVersion(ctx, src, uuid); err == nil || !strings.Contains(err.Error(), "controller model "+ctrl+" has no agent-version") {
		t.Errorf("controller model without a version: got error %v", err)
	}

	// The controller's version wins over the model's.
	if _, err := db.Collection("settings").InsertOne(ctx, bson.D{{Key: "_id", Value: ctrl + ":e"}, {Key: "model-uuid", Value: ctrl},
		{Key: "settings", Value: bson.D{{Key: "name", Value: "controller"}, {Key: "agent-version", Value: "3.6.13"}}}, {Key: "version", Value: int64(0)}}); err != nil {
		t.Fatal(err)
	}
	got, err = export.SourceJujuVersion(ctx, src, uuid)
	if err != nil {
		t.Fatal(err)
	}
	if want := (export.SourceVersion{Version: "3.6.13", From: export.FromController}); got != want {
		t.Errorf("with a controller model: got %+v, want %+v", got, want)
	}

	// A model with no version anywhere, in a database without controller
	// documents, is an error.
	bare := freshDB(t)
	m2 := controllertest.Full(uuid)
	delete(m2.Config, "agent-version")
	write(t, bare, m2)
	if _, err := export.SourceJujuVersion(ctx, export.NewMongoSource(bare), uuid); err == nil || !strings.Contains(err.Error(), "cannot tell the source's Juju version") {
		t.Errorf("no version anywhere: got error %v", err)
	}

	// A failed query is an error, never an empty version.
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if v, err := export.SourceJujuVersion(cancelled, src, uuid); err == nil {
		t.Errorf("cancelled context: got %+v and no error", v)
	}
}
