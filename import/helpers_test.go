package importer_test

import (
	"context"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/export"
	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/mongotest"
)

// testNow is the time the importer writes where it sets one itself.
var testNow = time.Date(2024, 7, 1, 10, 0, 0, 0, time.UTC)

// freshDB returns an empty database for the test.
func freshDB(t testing.TB) *mongo.Database {
	t.Helper()
	c, name := mongotest.FreshDB(t)
	return c.Database(name)
}

// target returns an importer on a fresh database initialised as a
// controller for m.
func target(t testing.TB, m *description.Model, opts importer.Options) *importer.Importer {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = testNow
	}
	im := importer.New(freshDB(t), opts)
	if _, err := im.InitController(context.Background(), m, importer.InitOptions{}); err != nil {
		t.Fatal(err)
	}
	return im
}

func yamlOf(t testing.TB, m *description.Model) string {
	t.Helper()
	b, err := description.Write(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sameYAML compares the description.Write bytes of two models.
func sameYAML(t testing.TB, want, got *description.Model) {
	t.Helper()
	sameBytes(t, "exported model", yamlOf(t, want), yamlOf(t, got))
}

// exportModel exports the model as the round trip does: extended, so that
// every value the layout holds comes back, with the tree's leaders.
func exportModel(t testing.TB, db *mongo.Database, m *description.Model) *description.Model {
	t.Helper()
	got, err := export.ExportDB(context.Background(), db, m.UUID(), export.Options{Extended: true, Leaders: importer.Leaders(m), StatusHistoryLimit: importer.RoundTripHistoryLimit})
	if err != nil {
		t.Fatal(err)
	}
	return got
}
