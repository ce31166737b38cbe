package export

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/jujudb"
)

// DefaultStatusHistoryLimit is how many status history entries per entity
// Juju's exporter keeps (maxStatusHistoryEntries).
const DefaultStatusHistoryLimit = 20

// DefaultConcurrency is how many collections an export reads at once.
const DefaultConcurrency = 4

// Options tune an export. The zero value is a full export as Juju's
// migration does it.
type Options struct {
	// Kinds names what to export; 0 means All. A partial export reads only
	// the collections those kinds need and is not validated (as in Juju).
	Kinds Kind
	// StatusHistoryLimit caps each entity's status history, newest first:
	// 0 means DefaultStatusHistoryLimit, a negative value no history.
	StatusHistoryLimit int
	// Leaders maps application names to their leader unit. Leadership lives
	// in the controller's lease store, not in MongoDB (ref §7), so the
	// caller supplies it; absent applications get no leader.
	Leaders map[string]string
	// Extended keeps values Juju's own exporter drops although the
	// description has a place for them (ref §9.8): relation suspension,
	// IP address flags, remote entity macaroons, block device serial ids
	// and cloud image expiry times. Off by default, so that the output
	// equals Juju's.
	Extended bool
	// SkipValidation returns a full export without running
	// description's Validate on it.
	SkipValidation bool
	// Concurrency is how many collections are read at once; 0 means
	// DefaultConcurrency, 1 reads them one after another.
	Concurrency int
}

// ExportDB exports the model with the given UUID from db, normally a
// controller's "juju" database.
func ExportDB(ctx context.Context, db *mongo.Database, modelUUID string, opts Options) (*description.Model, error) {
	return Export(ctx, NewMongoSource(db), modelUUID, opts)
}

// Export reads the model with the given UUID from src into a model tree.
func Export(ctx context.Context, src Source, modelUUID string, opts Options) (*description.Model, error) {
	x := newExporter(ctx, src, modelUUID, opts)
	if err := x.readModelDoc(); err != nil {
		return nil, err
	}
	if err := x.runReads(x.phase1()); err != nil {
		return nil, err
	}
	if err := x.runReads(x.phase2()); err != nil {
		return nil, err
	}
	m, err := x.build()
	if err != nil {
		return nil, err
	}
	if x.kinds == All && !opts.SkipValidation {
		if err := m.Validate(); err != nil {
			return nil, fmt.Errorf("export: model %s does not validate: %w", modelUUID, err)
		}
	}
	return m, nil
}

// RawScan reads every document an export with opts would read, with the
// same queries and concurrency, and decodes nothing: the floor an export's
// time is measured against. It returns the number of documents read.
func RawScan(ctx context.Context, src Source, modelUUID string, opts Options) (int, error) {
	x := newExporter(ctx, src, modelUUID, opts)
	x.rawOnly = true
	if err := x.readModelDoc(); err != nil {
		return 0, err
	}
	if err := x.runReads(x.phase1()); err != nil {
		return 0, err
	}
	// Phase two's filters depend on decoded documents; a raw scan reads the
	// same collections with the filters they would most broadly have.
	if err := x.runReads(x.phase2()); err != nil {
		return 0, err
	}
	return int(x.rawDocs.Load()), nil
}

// read is one query: a collection, a filter and what to do with each
// document.
type read struct {
	coll   string
	filter bson.D
	each   func(raw bson.Raw) error
	// keepInRaw decodes even in a raw scan: the few small collections
	// whose documents give the keys of phase two's queries.
	keepInRaw bool
	// rawKeep, when set, picks the documents a raw scan decodes all the
	// same (the model config, whose secret backend phase two looks up).
	rawKeep func(raw bson.Raw) bool
}

func (x *exporter) modelFilter() bson.D { return bson.D{{Key: jujudb.FieldModelUUID, Value: x.uuid}} }

// bigFirst ranks the collections that are the largest in a big model, in
// order (the 10,000-machine model: settings 114,000 documents,
// relationscopes 100,000, statuseshistory 93,000, statuses 67,000, then
// machines and units at 10,000): runReads starts them first, so that the
// reads still running at the end are small ones. Read last, relationscopes
// ran on its own for 5–9 s of a 35–50 s export, the other reads done.
var bigFirst = map[string]int{
	jujudb.Settings: 1, jujudb.RelationScopes: 2, jujudb.StatusesHistory: 3, jujudb.Statuses: 4,
	jujudb.Machines: 5, jujudb.Units: 6,
}

// runReads runs the reads, Concurrency at a time, the biggest collections
// first (bigFirst). Each read writes only its own part of the exporter, so
// they need no locking.
func (x *exporter) runReads(reads []read) error {
	reads = slices.Clone(reads)
	rank := func(r read) int {
		if k, ok := bigFirst[r.coll]; ok {
			return k
		}
		return len(bigFirst) + 1
	}
	slices.SortStableFunc(reads, func(a, b read) int { return rank(a) - rank(b) })
	n := x.opts.Concurrency
	if n <= 0 {
		n = DefaultConcurrency
	}
	if n > len(reads) {
		n = len(reads)
	}
	if n <= 1 {
		for _, r := range reads {
			if err := x.runRead(r); err != nil {
				return err
			}
		}
		return nil
	}
	ctx, cancel := context.WithCancel(x.ctx)
	defer cancel()
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		next  = make(chan read)
	)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range next {
				if err := x.runReadCtx(ctx, r); err != nil {
					mu.Lock()
					if first == nil {
						first = err
						cancel()
					}
					mu.Unlock()
				}
			}
		}()
	}
	for _, r := range reads {
		select {
		case next <- r:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
	if first == nil {
		first = x.ctx.Err()
	}
	return first
}

func (x *exporter) runRead(r read) error { return x.runReadCtx(x.ctx, r) }

func (x *exporter) runReadCtx(ctx context.Context, r read) error {
	cur, err := x.src.Find(ctx, r.coll, r.filter)
	if err != nil {
		return fmt.Errorf("export: reading collection %q: %w", r.coll, err)
	}
	defer cur.Close(context.Background())
	n := int64(0)
	for cur.Next(ctx) {
		n++
		if x.rawOnly && !r.keepInRaw && (r.rawKeep == nil || !r.rawKeep(cur.Current())) {
			continue
		}
		if err := r.each(cur.Current()); err != nil {
			return err
		}
	}
	x.rawDocs.Add(n)
	if err := cur.Err(); err != nil {
		return fmt.Errorf("export: reading collection %q: %w", r.coll, err)
	}
	return nil
}

// decodeEach builds a read's per-document function from a field walker:
// it runs walk over a fresh decoder and returns the decoder's first error.
func decodeEach(coll string, walk func(d *dec)) func(bson.Raw) error {
	return func(raw bson.Raw) error {
		d := newDec(coll, raw)
		if d.ok() {
			walk(&d)
		}
		return d.error()
	}
}

// readModelDoc reads this model's document from the global models
// collection: the one read every export needs first.
func (x *exporter) readModelDoc() error {
	found := false
	r := read{coll: jujudb.Models, filter: bson.D{{Key: "_id", Value: x.uuid}}, keepInRaw: true, each: decodeEach(jujudb.Models, func(d *dec) {
		found = true
		x.decodeModel(d)
	})}
	if err := x.runRead(r); err != nil {
		return err
	}
	if !found {
		return fmt.Errorf("export: %w: no document with _id %q in collection %q", ErrModelNotFound, x.uuid, jujudb.Models)
	}
	return nil
}

// timeNow is replaceable in tests.
var timeNow = time.Now

var errStop = errors.New("stop")
