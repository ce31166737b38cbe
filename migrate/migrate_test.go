package migrate

import (
	"context"
	"errors"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/export"
	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/blobstore"
	"github.com/modelferry/ferry/internal/jujudb"
	"github.com/modelferry/ferry/internal/modellogs"
	"github.com/modelferry/ferry/migrate/seed"
)

// checkMigrated checks the end state of a finished migration of m: the
// target holds the model, active, equal to what the source held, with its
// blobs and log; the source holds nothing of it but the redirect record
// and ferry's record.
func checkMigrated(t *testing.T, src, dst *Controller, m *modelT, res *Result) {
	t.Helper()
	ctx := context.Background()
	uuid := m.uuid
	rec, err := Get(ctx, src, res.Record.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rec.State != Done || !rec.Committed {
		t.Fatalf("record state %s committed %v, want done and committed (error %q)", rec.State, rec.Committed, rec.Error)
	}
	if id := activeID(t, ctx, src, uuid); id != "" {
		t.Errorf("model still held by migration %s", id)
	}
	if mode, ok, err := targetMode(ctx, dst, uuid); err != nil {
		t.Errorf("reading the target model's mode: %v", err)
	} else if !ok || mode != "" {
		t.Errorf("target model exists %v in mode %q, want active", ok, mode)
	}
	got, err := export.ExportDB(ctx, dst.State(), uuid, exportOptions)
	if err != nil {
		t.Fatal(err)
	}
	// The target's export is held to the source's, not to ExpectedExport
	// (the validate phase's own prediction): every difference must be one
	// importer.Differences lists (the seeded source was not written by an
	// import, so Juju's import normalises it once). The byte-exact
	// expectation is the golden of TestGoldenMigrate.
	want := m.exported
	// The migration took its number from the model's sequence.
	want.Sequences["modelmigration"] = rec.Attempt + 1
	// Activation sets the model status.
	want.Status, got.Status = nil, nil
	want.StatusHistory, got.StatusHistory = nil, nil
	diffs, err := DiffModels(want, got)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffs {
		path, _, _ := strings.Cut(d, ": ")
		if strings.HasPrefix(d, "the descriptions hold the same values") {
			path = "(order)"
		}
		if len(importer.DifferencesAt(path)) == 0 {
			t.Errorf("the target's model differs from the source's where no listed difference says: %s", d)
		}
	}
	if n, where := modelDocs(t, src, uuid); n > 0 {
		t.Errorf("the source still holds %d documents of the model: %v", n, where)
	}
	if ok, err := modellogs.Exists(ctx, src.Logs(), uuid); err != nil {
		t.Errorf("checking the source's model log: %v", err)
	} else if ok {
		t.Errorf("the source still has the model's log")
	}
	if n, err := modellogs.Count(ctx, dst.Logs(), uuid); err != nil {
		t.Errorf("counting the target's log entries: %v", err)
	} else if n != int64(m.logs) {
		t.Errorf("the target has %d log entries, want %d", n, m.logs)
	}
	// Every blob arrived intact; every blob only this model used left
	// the source.
	for _, b := range m.blobs {
		data, _, err := dst.store().Get(ctx, uuid, b.path)
		if err != nil {
			t.Errorf("target blob %s: %v", b.path, err)
			continue
		}
		if s := blobstore.SumsOf(data); s.SHA384 != b.sha384 {
			t.Errorf("target blob %s has SHA-384 %s, want %s", b.path, s.SHA384[:12], b.sha384[:12])
		}
	}
	rds, err := Redirects(ctx, src, uuid)
	if err != nil || len(rds) == 0 {
		t.Fatalf("no redirect record on the source: %v", err)
	}
	if rds[0].Phase != "DONE" || rds[0].ControllerUUID != rec.Target.UUID || rds[0].ControllerAlias != dst.Name {
		t.Errorf("redirect %+v, want phase DONE to %s (%s)", rds[0], rec.Target.UUID, dst.Name)
	}
}

// modelT is a seeded model with what the checks need to know of it
// before it moved.
type modelT struct {
	uuid     string
	exported *description.Model
	logs     int
	blobs    []blobT
}

type blobT struct{ path, sha384 string }

// seeded seeds a model and records what it holds.
func seeded(t *testing.T, src, dst *Controller, size seed.Size, name string) *modelT {
	t.Helper()
	ctx := context.Background()
	m := seedModel(t, src, dst, size, name)
	exp, err := export.ExportDB(ctx, src.State(), m.UUID(), exportOptions)
	if err != nil {
		t.Fatal(err)
	}
	mt := &modelT{uuid: m.UUID(), exported: exp, logs: seed.LogEntries(size)}
	paths, err := src.store().BucketPaths(ctx, m.UUID())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		mt.blobs = append(mt.blobs, blobT{path: p.Path[len("buckets/"+m.UUID()+"/"):], sha384: p.ResourceID})
	}
	return mt
}

func TestMigrateEndToEnd(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, dst := pair(t)
	m := seeded(t, src, dst, seed.Small, "shop")
	machines, err := src.State().Collection(jujudb.Machines).CountDocuments(ctx, bson.D{{Key: jujudb.FieldModelUUID, Value: m.uuid}})
	if err != nil {
		t.Fatal(err)
	}
	var events []Event
	opts := fast()
	opts.Progress = func(e Event) { events = append(events, e) }
	res, err := Migrate(ctx, src, dst, "admin/shop", opts)
	if err != nil {
		t.Fatal(err)
	}
	checkMigrated(t, src, dst, m, res)
	for _, p := range Phases {
		pr := res.Record.PhaseRecord(p)
		if pr.Started.IsZero() || pr.Finished.IsZero() || pr.Runs != 1 {
			t.Errorf("phase %s recorded as %+v", p, pr)
		}
	}
	c := res.Record.Counters
	if c.Docs == 0 || c.Blobs == 0 || c.Copied != c.Blobs || c.Logs != int64(m.logs) || c.Removed == 0 {
		t.Errorf("counters %+v", c)
	}
	seen := map[EventKind]int{}
	for _, e := range events {
		seen[e.Kind]++
	}
	if seen[EventPhaseStarted] != len(Phases) || seen[EventPhaseDone] != len(Phases) || seen[EventDone] != 1 || seen[EventProgress] == 0 {
		t.Errorf("events seen: %v", seen)
	}
	t.Logf("phases: %v", res.PhaseTimes())

	// The model can be found by what it was, and a second migration of a
	// model that is gone fails plainly.
	recs, err := List(ctx, src, "shop")
	if err != nil || len(recs) != 1 || recs[0].State != Done {
		t.Fatalf("List = %v, %v", recs, err)
	}
	// The cleanup's plan, as recorded: what the import read of each
	// collection, e.g. every machine the source held.
	planned := map[string]int64{}
	for _, p := range recs[0].CleanupPlan {
		planned[p.Collection] = p.Count
	}
	if planned[jujudb.Machines] != machines || machines == 0 || len(planned) < 20 {
		t.Errorf("recorded cleanup plan: %v; want %d machines among at least 20 collections", planned, machines)
	}
	if _, err := Migrate(ctx, src, dst, "admin/shop", opts); !errors.Is(err, export.ErrModelNotFound) {
		t.Errorf("migrating a migrated model: %v", err)
	}
	_ = bson.D{}
}
