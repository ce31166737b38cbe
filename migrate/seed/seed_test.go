package seed_test

import (
	"context"
	"testing"

	"github.com/modelferry/ferry/export"
	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/blobstore"
	"github.com/modelferry/ferry/internal/modellogs"
	"github.com/modelferry/ferry/internal/mongotest"
	"github.com/modelferry/ferry/migrate/seed"
)

func TestMain(m *testing.M) { mongotest.Main(m) }

func TestSmallModelWritesAndExports(t *testing.T) {
	ctx := context.Background()
	c, name := mongotest.FreshDB(t)
	_, bname := mongotest.FreshDB(t)
	_, lname := mongotest.FreshDB(t)
	dbs := seed.DBs{State: c.Database(name), Blobs: c.Database(bname), Logs: c.Database(lname)}
	const uuid = "5eed0000-0000-4000-8000-000000000001"
	m, err := seed.Model(seed.Small, uuid, "")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := seed.Write(ctx, dbs, m, seed.Options{Logs: 100})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %+v", rep)
	got, err := export.ExportDB(ctx, dbs.State, uuid, export.Options{Extended: true})
	if err != nil {
		t.Fatal(err)
	}
	want, err := importer.ExpectedExport(m, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Machines) != len(want.Machines) || len(got.Applications) != len(want.Applications) || len(got.Relations) != len(want.Relations) {
		t.Errorf("export has %d machines, %d applications, %d relations; want %d, %d, %d",
			len(got.Machines), len(got.Applications), len(got.Relations), len(want.Machines), len(want.Applications), len(want.Relations))
	}
	store := blobstore.New(dbs.State, dbs.Blobs)
	paths, err := store.BucketPaths(ctx, uuid)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != rep.Blobs {
		t.Errorf("%d blob paths stored, want %d", len(paths), rep.Blobs)
	}
	if n, err := modellogs.Count(ctx, dbs.Logs, uuid); err != nil {
		t.Errorf("counting log entries: %v", err)
	} else if n != 100 {
		t.Errorf("%d log entries, want 100", n)
	}
}
