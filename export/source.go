package export

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"
)

// Source is where an export reads documents from: a live database
// (MongoSource) or recorded documents (MemorySource).
type Source interface {
	// Find returns the documents of coll matching filter. Filters are
	// conjunctions of {field: value} equalities and {field: {$in: [...]}}
	// on top-level fields, which is all the export sends.
	Find(ctx context.Context, coll string, filter bson.D) (Cursor, error)
}

// Cursor iterates the documents of one Find. Current is valid only until
// the next call to Next: callers copy what they keep.
type Cursor interface {
	Next(ctx context.Context) bool
	Current() bson.Raw
	Err() error
	Close(ctx context.Context) error
}

// MongoSource reads from a database through the official driver.
type MongoSource struct {
	DB *mongo.Database
	// BatchSize, when set, is the driver's cursor batch size. Zero leaves the
	// server's default (101 documents, then 16 MiB batches).
	BatchSize int32
}

// NewMongoSource reads from db, normally the controller's "juju" database.
func NewMongoSource(db *mongo.Database) *MongoSource { return &MongoSource{DB: db} }

// Find implements Source.
func (s *MongoSource) Find(ctx context.Context, coll string, filter bson.D) (Cursor, error) {
	opts := options.Find()
	if s.BatchSize > 0 {
		opts.SetBatchSize(s.BatchSize)
	}
	c, err := s.DB.Collection(coll).Find(ctx, filter, opts)
	if err != nil {
		return nil, err
	}
	return mongoCursor{c}, nil
}

type mongoCursor struct{ c *mongo.Cursor }

func (m mongoCursor) Next(ctx context.Context) bool   { return m.c.Next(ctx) }
func (m mongoCursor) Current() bson.Raw               { return m.c.Current }
func (m mongoCursor) Err() error                      { return m.c.Err() }
func (m mongoCursor) Close(ctx context.Context) error { return m.c.Close(ctx) }

// MemorySource serves recorded raw documents, by collection, with the same
// filtering the export relies on. It is safe for concurrent reads.
type MemorySource struct {
	mu    sync.RWMutex
	colls map[string][]bson.Raw
}

// NewMemorySource makes an empty MemorySource.
func NewMemorySource() *MemorySource { return &MemorySource{colls: map[string][]bson.Raw{}} }

// Add records documents in coll. The documents are used as given, not
// copied.
func (m *MemorySource) Add(coll string, docs ...bson.Raw) {
	m.mu.Lock()
	m.colls[coll] = append(m.colls[coll], docs...)
	m.mu.Unlock()
}

// Collections lists the recorded collections, sorted.
func (m *MemorySource) Collections() []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	names := make([]string, 0, len(m.colls))
	for n := range m.colls {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Docs returns the documents recorded in coll.
func (m *MemorySource) Docs(coll string) []bson.Raw {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.colls[coll]
}

// Find implements Source.
func (m *MemorySource) Find(ctx context.Context, coll string, filter bson.D) (Cursor, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	match, err := compileFilter(filter)
	if err != nil {
		return nil, err
	}
	m.mu.RLock()
	docs := m.colls[coll]
	m.mu.RUnlock()
	return &memCursor{docs: docs, match: match, i: -1}, nil
}

type memCursor struct {
	docs  []bson.Raw
	match func(bson.Raw) bool
	i     int
}

func (c *memCursor) Next(ctx context.Context) bool {
	for c.i+1 < len(c.docs) {
		c.i++
		if c.match(c.docs[c.i]) {
			return true
		}
	}
	return false
}
func (c *memCursor) Current() bson.Raw               { return c.docs[c.i] }
func (c *memCursor) Err() error                      { return nil }
func (c *memCursor) Close(ctx context.Context) error { return nil }

// compileFilter turns the filters the export sends into a predicate on raw
// documents: {f: v} and {f: {$in: [...]}} on top-level fields, where values
// are strings (all the export's keys are).
func compileFilter(filter bson.D) (func(bson.Raw) bool, error) {
	type cond struct {
		field string
		in    map[string]bool
	}
	var conds []cond
	for _, e := range filter {
		c := cond{field: e.Key, in: map[string]bool{}}
		switch v := e.Value.(type) {
		case string:
			c.in[v] = true
		case bson.D:
			if len(v) != 1 || v[0].Key != "$in" {
				return nil, fmt.Errorf("export: memory source: unsupported filter on %q", e.Key)
			}
			vals, ok := v[0].Value.([]string)
			if !ok {
				return nil, fmt.Errorf("export: memory source: $in on %q wants []string", e.Key)
			}
			for _, s := range vals {
				c.in[s] = true
			}
		default:
			return nil, fmt.Errorf("export: memory source: unsupported filter value %T on %q", e.Value, e.Key)
		}
		conds = append(conds, c)
	}
	return func(doc bson.Raw) bool {
		for _, c := range conds {
			v, err := bsoncore.Document(doc).LookupErr(c.field)
			if err != nil {
				return false
			}
			if s, ok := v.StringValueOK(); ok {
				if !c.in[s] {
					return false
				}
				continue
			}
			// An array field matches when any element does, as in MongoDB.
			arr, ok := v.ArrayOK()
			if !ok {
				return false
			}
			vals, _ := arr.Values()
			found := false
			for _, x := range vals {
				if s, ok := x.StringValueOK(); ok && c.in[s] {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		}
		return true
	}, nil
}

// Record reads everything an export of the model with opts would read from
// src and keeps it in a MemorySource: the recorded documents of the
// benchmarks, or a snapshot to export from later without the database.
func Record(ctx context.Context, src Source, modelUUID string, opts Options) (*MemorySource, error) {
	mem := NewMemorySource()
	rec := &recorder{src: src, mem: mem}
	if _, err := Export(ctx, rec, modelUUID, withSkipValidate(opts)); err != nil {
		return nil, err
	}
	return mem, nil
}

func withSkipValidate(o Options) Options { o.SkipValidation = true; return o }

// recorder passes finds through to a source and keeps copies of what it
// returned.
type recorder struct {
	src Source
	mem *MemorySource
	mu  sync.Mutex
}

func (r *recorder) Find(ctx context.Context, coll string, filter bson.D) (Cursor, error) {
	c, err := r.src.Find(ctx, coll, filter)
	if err != nil {
		return nil, err
	}
	return &recCursor{Cursor: c, r: r, coll: coll}, nil
}

type recCursor struct {
	Cursor
	r    *recorder
	coll string
}

func (c *recCursor) Next(ctx context.Context) bool {
	if !c.Cursor.Next(ctx) {
		return false
	}
	doc := append(bson.Raw(nil), c.Cursor.Current()...)
	c.r.mem.Add(c.coll, doc)
	return true
}

// CountingSource wraps a Source and counts the Finds and documents that go
// through it; it is safe for concurrent use.
type CountingSource struct {
	Source Source
	mu     sync.Mutex
	finds  map[string]int
	docs   int
}

// Find implements Source.
func (c *CountingSource) Find(ctx context.Context, coll string, filter bson.D) (Cursor, error) {
	c.mu.Lock()
	if c.finds == nil {
		c.finds = map[string]int{}
	}
	c.finds[coll]++
	c.mu.Unlock()
	cur, err := c.Source.Find(ctx, coll, filter)
	if err != nil {
		return nil, err
	}
	return &countCursor{Cursor: cur, c: c}, nil
}

// Finds returns the number of Finds sent so far.
func (c *CountingSource) Finds() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, v := range c.finds {
		n += v
	}
	return n
}

// Collections returns the collections queried so far, sorted.
func (c *CountingSource) Collections() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for k := range c.finds {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Docs returns the number of documents read so far.
func (c *CountingSource) Docs() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.docs
}

type countCursor struct {
	Cursor
	c *CountingSource
}

func (k *countCursor) Next(ctx context.Context) bool {
	ok := k.Cursor.Next(ctx)
	if ok {
		k.c.mu.Lock()
		k.c.docs++
		k.c.mu.Unlock()
	}
	return ok
}
