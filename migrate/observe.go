package migrate

import (
	"context"
	"sort"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/export"
	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/chunkdel"
	"github.com/modelferry/ferry/internal/jujudb"
)

// modelReads is an export's source that notes what the export read of
// each collection it read with exactly the model's filter: how many
// documents, and (ids) their _ids. A migration reads every collection
// once and, on FerretDB, each further count or _id read is another scan
// of it: the validation's export of the target gives the activation its
// counts, and the import's export of the source gives the cleanup its
// delete plan.
type modelReads struct {
	export.Source
	uuid string
	ids  bool
	// keep names the collections whose documents are kept as read, for
	// the checks after the quiesce (kept).
	keep map[string]bool

	mu    sync.Mutex
	colls map[string][]*collRead // one per read of the collection
}

// collRead is what one read of a collection returned.
type collRead struct {
	n     int
	strs  []string
	oids  []bson.ObjectID
	other bool // an _id neither string nor ObjectID
	keep  bool
	docs  []bson.Raw // the documents, when keep
}

func newModelReads(src export.Source, uuid string, ids bool) *modelReads {
	return &modelReads{Source: src, uuid: uuid, ids: ids, colls: map[string][]*collRead{}}
}

// Find implements export.Source.
func (m *modelReads) Find(ctx context.Context, coll string, filter bson.D) (export.Cursor, error) {
	cur, err := m.Source.Find(ctx, coll, filter)
	if err != nil || len(filter) != 1 || filter[0].Key != jujudb.FieldModelUUID || filter[0].Value != m.uuid {
		return cur, err
	}
	c := &collRead{keep: m.keep[coll]}
	m.mu.Lock()
	m.colls[coll] = append(m.colls[coll], c)
	m.mu.Unlock()
	return &noteCursor{Cursor: cur, m: m, c: c}, nil
}

// noteCursor notes each document into its read's own collRead.
type noteCursor struct {
	export.Cursor
	m *modelReads
	c *collRead
}

func (n *noteCursor) Next(ctx context.Context) bool {
	if !n.Cursor.Next(ctx) {
		return false
	}
	n.c.n++
	if n.c.keep {
		n.c.docs = append(n.c.docs, append(bson.Raw(nil), n.Cursor.Current()...))
	}
	if n.m.ids {
		switch id := n.Cursor.Current().Lookup("_id"); id.Type {
		case bson.TypeString:
			n.c.strs = append(n.c.strs, id.StringValue())
		case bson.TypeObjectID:
			n.c.oids = append(n.c.oids, id.ObjectID())
		default:
			n.c.other = true
		}
	}
	return true
}

// counts returns the number of documents read of each collection read
// once, as importer.Remains counts them. Called once the export is done.
func (m *modelReads) counts() importer.Remains {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := importer.Remains{}
	for name, rs := range m.colls {
		if len(rs) == 1 {
			out[name] = rs[0].n
		}
	}
	return out
}

// kept returns the documents read of each kept collection read once,
// and lets go of them: the checks need them once.
func (m *modelReads) kept() map[string][]bson.Raw {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string][]bson.Raw{}
	for name, rs := range m.colls {
		if len(rs) == 1 && rs[0].keep {
			out[name] = rs[0].docs
		}
		for _, r := range rs {
			r.docs = nil
		}
	}
	return out
}

// CollectionPlan is how cleanup deletes the model's documents from one
// collection of the source, as the import's export found them.
type CollectionPlan struct {
	Collection    string `bson:"c"`
	chunkdel.Plan `bson:",inline"`
}

// plans returns a delete plan of each collection read once whose _ids
// are all strings or all ObjectIDs, in collection order.
func (m *modelReads) plans(chunk int) []CollectionPlan {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []CollectionPlan
	for name, rs := range m.colls {
		if len(rs) != 1 || rs[0].other || (len(rs[0].strs) > 0 && len(rs[0].oids) > 0) {
			continue
		}
		c := rs[0]
		p := chunkdel.PlanStrings(c.strs, chunk)
		if len(c.oids) > 0 {
			p = chunkdel.PlanObjectIDs(c.oids, chunk)
		}
		out = append(out, CollectionPlan{Collection: name, Plan: p})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Collection < out[j].Collection })
	return out
}
