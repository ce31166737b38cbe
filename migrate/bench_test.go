package migrate

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/modelferry/ferry/export"
	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/controllertest"
	"github.com/modelferry/ferry/internal/jujudb"
	"github.com/modelferry/ferry/migrate/seed"
)

// BenchmarkMigrateHuge migrates the 10,000-machine model
// (controllertest.Huge: 10,000 machines, 1,000 applications with their
// charm archives, 10,000 units, 5,000 relations, plus agent binaries and
// 20,000 log entries) between two embedded controllers, once, and reports
// each phase's time and the whole against the floor measured in the same
// run on the same servers: a raw scan of the source (export.RawScan: the
// export's queries, nothing decoded) plus a raw insert of the model's
// documents into a scratch database on the target (the same documents,
// in batches of importer.DefaultBatchSize, nothing built). Run it with
//
//	go test -run '^$' -bench MigrateHuge -benchtime 1x ./migrate/
//
// Seeding the model takes a few minutes and is not timed.
func BenchmarkMigrateHuge(b *testing.B) {
	// Huge holds Juju 3.6 values (hostnames, virtual host keys): both
	// controllers run a 3.6 that writes and reads the newest generation,
	// so the whole model moves (with targetVersion, 3.6.0, reading v7.0.2,
	// the migration refuses it).
	const hugeJuju = "3.6.22"
	ctx := context.Background()
	src, dst := newController(b, 0, "src"), newController(b, 1, "dst")
	size := controllertest.Huge
	size.UUID = newUUID()
	m := controllertest.Generate(size)
	seedStart := time.Now()
	rep, err := seed.Write(ctx, seed.DBs{State: src.State(), Blobs: src.Blobs(), Logs: src.Logs()}, m, seed.Options{Logs: 20000, CharmSize: 8 << 10, ControllerVersion: hugeJuju})
	if err != nil {
		b.Fatal(err)
	}
	if err := seed.InitController(ctx, dst.State(), m, hugeJuju); err != nil {
		b.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "seeded %d documents, %d blobs (%s), %d log entries in %s\n", rep.Docs, rep.Blobs, humanBytes(rep.BlobBytes), rep.Logs, time.Since(seedStart).Round(time.Second))

	// The floor: a raw scan of the source and a raw insert into the target.
	scanStart := time.Now()
	scanned, err := export.RawScan(ctx, export.NewMongoSource(src.State()), m.UUID(), export.Options{})
	if err != nil {
		b.Fatal(err)
	}
	scan := time.Since(scanStart)
	docs := map[string][]any{}
	names, _ := src.State().ListCollectionNames(ctx, bson.D{})
	total := 0
	for _, n := range names {
		if keepCollections[n] {
			continue
		}
		cur, err := src.State().Collection(n).Find(ctx, bson.D{{Key: jujudb.FieldModelUUID, Value: m.UUID()}})
		if err != nil {
			b.Fatal(err)
		}
		for cur.Next(ctx) {
			docs[n] = append(docs[n], bson.Raw(append([]byte(nil), cur.Current...)))
		}
		cur.Close(ctx)
		total += len(docs[n])
	}
	scratch := dst.Client.Database(dst.StateDB + "_raw")
	defer scratch.Drop(ctx)
	insStart := time.Now()
	for n, ds := range docs {
		for lo := 0; lo < len(ds); lo += importer.DefaultBatchSize {
			hi := min(lo+importer.DefaultBatchSize, len(ds))
			if _, err := scratch.Collection(n).InsertMany(ctx, ds[lo:hi], options.InsertMany().SetOrdered(false)); err != nil {
				b.Fatal(err)
			}
		}
	}
	insert := time.Since(insStart)
	floor := scan + insert
	fmt.Fprintf(os.Stderr, "floor: raw scan %s (%d documents) + raw insert %s (%d documents) = %s\n", scan.Round(time.Millisecond), scanned, insert.Round(time.Millisecond), total, floor.Round(time.Millisecond))

	// The import phase reads the source and then writes the target: the
	// read's own time, from its event, against the raw scan above.
	var read time.Duration
	var readIn Phase
	progress := func(e Event) {
		if e.Kind == EventInfo && strings.HasPrefix(e.Message, "read the model from") {
			read, readIn = e.Elapsed, e.Phase
		}
	}
	// FERRY_BENCH_CPUPROFILE=FILE profiles the migration alone, not the
	// seeding: samples labelled ferry.phase ran in ferry's goroutines (and
	// the driver's, which run in them), the rest in the servers'.
	var prof *os.File
	if path := os.Getenv("FERRY_BENCH_CPUPROFILE"); path != "" {
		if prof, err = os.Create(path); err != nil {
			b.Fatal(err)
		}
		if err := pprof.StartCPUProfile(prof); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	res, err := Migrate(ctx, src, dst, m.UUID(), Options{Grace: -1, Progress: progress})
	b.StopTimer()
	if prof != nil {
		pprof.StopCPUProfile()
		if err := prof.Close(); err != nil {
			b.Fatal(err)
		}
	}
	if err != nil {
		b.Fatal(err)
	}
	rec := res.Record
	var lines []string
	for _, p := range Phases {
		d := rec.PhaseRecord(p).Duration
		lines = append(lines, fmt.Sprintf("  %-10s %9s  %5.2f× floor  %5.1f%% of the migration", p, d.Round(time.Millisecond), d.Seconds()/floor.Seconds(), 100*d.Seconds()/rec.Elapsed().Seconds()))
	}
	// The source is read once, by the checks after the quiesce (or, on a
	// resumed run, by the import).
	write := rec.PhaseRecord(Import).Duration
	if readIn == Import {
		write -= read
	}
	lines = append(lines, fmt.Sprintf("  (reading the source, in the %s phase, %s, %.2f× the raw scan; writing the target, the import's rest, %s, %.2f× the raw insert)",
		readIn, read.Round(time.Millisecond), read.Seconds()/scan.Seconds(), write.Round(time.Millisecond), write.Seconds()/insert.Seconds()))
	moved := rec.PhaseRecord(Import).Duration + rec.PhaseRecord(Validate).Duration
	fmt.Fprintf(os.Stderr, "migration %s: %d documents, %d blobs (%s), %d log entries\n%s\n  %-10s %9s  %5.2f× floor\n  (import+validate %s, %.2f× floor)\n",
		rec.ID, rec.Counters.Docs, rec.Counters.Blobs, humanBytes(rec.Counters.Bytes), rec.Counters.Logs,
		strings.Join(lines, "\n"), "total", rec.Elapsed().Round(time.Millisecond), rec.Elapsed().Seconds()/floor.Seconds(),
		moved.Round(time.Millisecond), moved.Seconds()/floor.Seconds())
	b.ReportMetric(rec.Elapsed().Seconds(), "s/migration")
	b.ReportMetric(rec.Elapsed().Seconds()/floor.Seconds(), "×floor")
	if os.Getenv("FERRY_BENCH_KEEP") != "" {
		b.Logf("kept: source %s, target %s", src.StateDB, dst.StateDB)
	}
}
