package importer_test

import (
	"context"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/controllertest"
)

// BenchmarkImport imports a generated model into an embedded server
// prepared by InitController and, in the same run, inserts the same
// prepared documents with plain InsertMany calls (the same batches,
// nothing else) into another database prepared the same way: the floor. It reports both times, their ratio, and the import's
// round trips against its batches.
//
//	go test ./import -run '^$' -bench Import/huge -benchtime 1x
func BenchmarkImport(b *testing.B) {
	for _, size := range []controllertest.Size{controllertest.Medium, controllertest.Large, controllertest.Huge} {
		b.Run(size.Name, func(b *testing.B) {
			ctx := context.Background()
			m := controllertest.Generate(size)
			docs := 0
			var importTime, floorTime time.Duration
			minImport, minFloor := time.Duration(1<<62), time.Duration(1<<62)
			var trips, batches int
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db, cc := monitoredDB(b)
				im := importer.New(db, importer.Options{Now: testNow})
				if _, err := im.InitController(ctx, m, importer.InitOptions{}); err != nil {
					b.Fatal(err)
				}
				cc.reset()
				b.StartTimer()
				t0 := time.Now()
				res, err := im.Import(ctx, m)
				if err != nil {
					b.Fatal(err)
				}
				d := time.Since(t0)
				importTime += d
				minImport = min(minImport, d)
				b.StopTimer()
				trips += cc.total()
				b.Logf("import phases: %v", res.Phases)
				// Keep one plan in memory at a time: the importer and
				// the embedded server share this process and its GC.
				plan := res.Plan
				res = nil
				docs = plan.Docs()
				batches += plan.Batches(importer.DefaultBatchSize)

				// The floor: the same documents, plain unordered
				// InsertMany (ordered ones are slower on FerretDB), same
				// batches, on the same server, into a target prepared
				// exactly as the import's (InitController: the same
				// controller documents and indexes).
				floor := freshDB(b)
				if _, err := importer.New(floor, importer.Options{Now: testNow}).InitController(ctx, m, importer.InitOptions{}); err != nil {
					b.Fatal(err)
				}
				t0 = time.Now()
				for _, st := range plan.Steps {
					if st.Kind != importer.Insert {
						continue
					}
					coll := floor.Collection(st.Collection)
					for lo := 0; lo < len(st.Docs); lo += importer.DefaultBatchSize {
						hi := min(lo+importer.DefaultBatchSize, len(st.Docs))
						docs := make([]any, hi-lo)
						for k := range docs {
							docs[k] = st.Docs[lo+k]
						}
						if _, err := coll.InsertMany(ctx, docs, options.InsertMany().SetOrdered(false)); err != nil {
							b.Fatal(err)
						}
					}
				}
				d = time.Since(t0)
				floorTime += d
				minFloor = min(minFloor, d)
				n, _ := floor.Collection("machines").CountDocuments(ctx, bson.D{})
				if n == 0 {
					b.Fatal("the floor inserted nothing")
				}
				b.StartTimer()
			}
			b.StopTimer()
			b.ReportMetric(float64(docs), "docs")
			b.ReportMetric(importTime.Seconds()/float64(b.N), "import-s")
			b.ReportMetric(floorTime.Seconds()/float64(b.N), "insertmany-s")
			b.ReportMetric(importTime.Seconds()/floorTime.Seconds(), "ratio")
			// On a shared machine the fastest run of each is the fairest
			// comparison.
			b.ReportMetric(minImport.Seconds()/minFloor.Seconds(), "min-ratio")
			b.ReportMetric(float64(trips)/float64(b.N), "round-trips")
			b.ReportMetric(float64(batches)/float64(b.N), "batches")
		})
	}
}

// BenchmarkBuild measures building the documents alone (no database).
func BenchmarkBuild(b *testing.B) {
	m := controllertest.Generate(controllertest.Huge)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := importer.Build(m, importer.TargetInfo{ControllerUUID: "c0000000-0000-4000-8000-000000000000"}, importer.Options{Now: testNow}); err != nil {
			b.Fatal(err)
		}
	}
}
