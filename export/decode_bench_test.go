package export

import (
	"context"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/controllertest"
)

// decodeBenchUUID is the model of the decode benchmarks' corpus.
const decodeBenchUUID = "be9c0000-0000-4000-8000-00000000dec0"

// decodeCorpus returns at least n stored documents of one collection, as
// a Juju 3.6 controller holds them: those of a generated 3.6 model (2,000
// machines, 40 applications, 4,000 units) and of controllertest's Full and
// FullCAAS models, repeated until there are n. Issue 11 keeps a hand
// decoder only where the typed internal/jujudoc one is more than 10%
// slower on this corpus; each decoder's comment has its figures.
func decodeCorpus(b testing.TB, coll string, n int) []bson.Raw {
	b.Helper()
	var raws []bson.Raw
	for _, m := range []*description.Model{
		controllertest.Generate(controllertest.Size{UUID: decodeBenchUUID, Name: "dec", Machines: 2000, ContainerEvery: 10,
			Applications: 40, Units: 4000, Relations: 20, History: 2, Juju36: true}),
		controllertest.Full(decodeBenchUUID),
		controllertest.FullCAAS(decodeBenchUUID),
	} {
		docs, err := controllertest.Documents(m)
		if err != nil {
			b.Fatal(err)
		}
		for _, d := range docs.Of(coll) {
			raw, err := bson.Marshal(d)
			if err != nil {
				b.Fatal(err)
			}
			raws = append(raws, raw)
		}
	}
	if len(raws) == 0 {
		b.Fatalf("no %s documents in the corpus", coll)
	}
	for base := len(raws); len(raws) < n; {
		raws = append(raws, raws[len(raws)%base])
	}
	return raws
}

// benchDecoders times each named decoder of one collection over its
// corpus, with a fresh exporter each pass, as an export has.
func benchDecoders(b *testing.B, coll string, decoders map[string]func(x *exporter, d *dec)) {
	raws := decodeCorpus(b, coll, 2000)
	for _, name := range []string{"typed", "hand"} {
		fn, ok := decoders[name]
		if !ok {
			continue
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				x := newExporter(context.Background(), nil, decodeBenchUUID, Options{})
				for _, raw := range raws {
					d := newDec(coll, raw)
					fn(x, &d)
					if err := d.error(); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
