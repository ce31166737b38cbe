package importer

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/modelferry/ferry/internal/jujudb"
	"github.com/modelferry/ferry/internal/workpool"
)

// Remains counts a model's documents in a target, per collection, found
// the way Abort finds them: by model-uuid in every model-scoped
// collection, by _id in models and modelEntityRefs, by the model's and
// its offers' keys in permissions, by the model's mark in the global
// documents an import marks (usermodelname, image metadata, the refcounts
// and lists it raised), and "logs.<uuid>" 1 for the log collection.
// Collections with nothing are left out.
type Remains map[string]int

// Total is the number of documents counted.
func (r Remains) Total() int {
	n := 0
	for _, c := range r {
		n += c
	}
	return n
}

// String lists the counts as "coll n, coll n", sorted by collection.
func (r Remains) String() string {
	if r.Total() == 0 {
		return "nothing"
	}
	keys := make([]string, 0, len(r))
	for k, n := range r {
		if n != 0 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, r[k])
	}
	return fmt.Sprintf("%d documents (%s)", r.Total(), strings.Join(parts, ", "))
}

// Remains counts what the target holds of model uuid. A query that fails
// is an error, never a zero.
func (im *Importer) Remains(ctx context.Context, uuid string) (Remains, error) {
	return im.remains(ctx, uuid, nil)
}

// remains is Remains with the counts of known taken as they are for the
// model-scoped collections they name: those are not counted again. (The
// global collections, counted by other filters, always are.)
func (im *Importer) remains(ctx context.Context, uuid string, known Remains) (Remains, error) {
	out := Remains{}
	var mu sync.Mutex
	add := func(coll string, n int64) {
		mu.Lock()
		out[coll] += int(n)
		mu.Unlock()
	}
	count := func(coll string, filter bson.D) error {
		n, err := im.db.Collection(coll).CountDocuments(ctx, filter)
		if err != nil {
			return fmt.Errorf("counting the model's documents in %s: %w", coll, err)
		}
		add(coll, n)
		return nil
	}
	sweep, err := im.modelScoped(ctx)
	if err != nil {
		return nil, err
	}
	err = forEach(sweep, func(c string) error {
		if n, ok := known[c]; ok {
			add(c, int64(n))
			return nil
		}
		return count(c, bson.D{{Key: jujudb.FieldModelUUID, Value: uuid}})
	})
	if err != nil {
		return nil, err
	}
	objects, err := im.permissionObjects(ctx, uuid)
	if err != nil {
		return nil, err
	}
	globals := []string{jujudb.Models, jujudb.ModelEntityRefs, jujudb.Permissions}
	globals = append(globals, markedCollections...)
	err = forEach(globals, func(c string) error {
		switch c {
		case jujudb.Models, jujudb.ModelEntityRefs:
			return count(c, bson.D{{Key: "_id", Value: uuid}})
		case jujudb.Permissions:
			return count(c, bson.D{{Key: "object-global-key", Value: bson.D{{Key: "$in", Value: objects}}}})
		}
		return count(c, bson.D{{Key: markKey(uuid), Value: bson.D{{Key: "$exists", Value: true}}}})
	})
	if err != nil {
		return nil, err
	}
	has, err := im.hasLogs(ctx, uuid)
	if err != nil {
		return nil, err
	}
	if has {
		add(LogsCollection(uuid), 1)
	}
	for c, n := range out {
		if n == 0 {
			delete(out, c)
		}
	}
	return out, nil
}

// hasLogs reports whether the model's log collection exists (false when
// the importer has no logs database).
func (im *Importer) hasLogs(ctx context.Context, uuid string) (bool, error) {
	l := im.opts.LogsDB
	if l == nil {
		return false, nil
	}
	names, err := l.ListCollectionNames(ctx, bson.D{{Key: "name", Value: LogsCollection(uuid)}})
	if err != nil {
		return false, fmt.Errorf("listing %s: %w", l.Name(), err)
	}
	return len(names) > 0, nil
}

// modelScoped lists the collections whose documents carry model-uuid:
// every collection of the database but the controller-wide ones.
func (im *Importer) modelScoped(ctx context.Context) ([]string, error) {
	names, err := im.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("listing collections: %w", err)
	}
	sort.Strings(names)
	var out []string
	for _, c := range names {
		if !jujudb.IsSchemaGlobal(c) && !strings.HasPrefix(c, "system.") && c != LeaseCollection {
			out = append(out, c)
		}
	}
	return out, nil
}

// permissionObjects returns the permission keys of the model and of its
// offers (found through its applicationOffers).
func (im *Importer) permissionObjects(ctx context.Context, uuid string) (bson.A, error) {
	objects := bson.A{jujudb.ModelObjectKey(uuid)}
	cur, err := im.db.Collection(jujudb.ApplicationOffers).Find(ctx, bson.D{{Key: jujudb.FieldModelUUID, Value: uuid}},
		options.Find().SetProjection(bson.D{{Key: "offer-uuid", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", jujudb.ApplicationOffers, err)
	}
	for cur.Next(ctx) {
		if s, ok := cur.Current.Lookup("offer-uuid").StringValueOK(); ok {
			objects = append(objects, jujudb.OfferObjectKey(s))
		}
	}
	err = cur.Err()
	cur.Close(context.WithoutCancel(ctx))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", jujudb.ApplicationOffers, err)
	}
	return objects, nil
}

// forEach runs fn on each collection, abortConcurrency at a time (the
// collections are independent), and returns the first error.
func forEach(colls []string, fn func(string) error) error {
	return workpool.ForEach(colls, abortConcurrency, fn)
}

// ensureGone counts what is left of a model that is not live and removes
// it if anything is, then counts again. It returns the last count.
func (im *Importer) ensureGone(ctx context.Context, uuid string) (Remains, error) {
	live, err := im.liveModel(ctx, uuid)
	if err != nil {
		return nil, err
	}
	if live != "" {
		return nil, fmt.Errorf("model %s: %w (%s): its documents are not counted or removed", uuid, ErrNotImporting, live)
	}
	rem, err := im.Remains(ctx, uuid)
	if err != nil || rem.Total() == 0 {
		return rem, err
	}
	if _, err := im.abort(ctx, uuid); err != nil {
		rem2, cerr := im.Remains(ctx, uuid)
		if cerr != nil {
			return rem, errors.Join(err, cerr)
		}
		return rem2, err
	}
	return im.Remains(ctx, uuid)
}

// liveModel returns "migration mode X" when a models document with the
// UUID exists and is not importing, and "" otherwise.
func (im *Importer) liveModel(ctx context.Context, uuid string) (string, error) {
	var md struct {
		Mode string `bson:"migration-mode"`
	}
	err := im.db.Collection(jujudb.Models).FindOne(ctx, bson.D{{Key: "_id", Value: uuid}}).Decode(&md)
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("reading model %s: %w", uuid, err)
	case md.Mode == MigrationModeImporting:
		return "", nil
	}
	return fmt.Sprintf("migration mode %q", md.Mode), nil
}

// writtenField holds, in the models document of a model whose write
// finished, what the write counted (as Remains counts it). Activate checks
// the target against it and removes it.
const writtenField = MarkerField + "-written"

// importing reports whether the plan writes its models document marked
// importing (all but a controller model's).
func (p *Plan) importing() bool {
	for _, st := range p.Steps {
		if st.Collection == jujudb.Models && st.Kind == Insert {
			for _, d := range st.Docs {
				for _, e := range d {
					if e.Key == "migration-mode" {
						// The typed models document (jujudoc.ModelDoc)
						// keeps its fields encoded.
						if rv, ok := e.Value.(bson.RawValue); ok {
							s, _ := rv.StringValueOK()
							return s == MigrationModeImporting
						}
						return e.Value == MigrationModeImporting
					}
				}
			}
		}
	}
	return false
}

// recordWritten records in the models document that the write finished
// and what it wrote.
func (im *Importer) recordWritten(ctx context.Context, uuid string, written Remains) error {
	keys := make([]string, 0, len(written))
	for k := range written {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	// A list, not a document keyed by collection: "ip.addresses" is not
	// a valid key.
	d := bson.A{}
	for _, k := range keys {
		d = append(d, bson.D{{Key: "c", Value: k}, {Key: "n", Value: int64(written[k])}})
	}
	res, err := im.db.Collection(jujudb.Models).UpdateOne(ctx, bson.D{{Key: "_id", Value: uuid}, {Key: "migration-mode", Value: MigrationModeImporting}},
		bson.D{{Key: "$set", Value: bson.D{{Key: writtenField, Value: d}}}})
	if err != nil {
		return fmt.Errorf("recording the finished write: %w", err)
	}
	if res.MatchedCount == 0 {
		return fmt.Errorf("recording the finished write: the models document of %s is gone or no longer importing", uuid)
	}
	return nil
}

// ErrIncomplete is wrapped by Activate's error for a model whose import
// did not finish, or whose documents are not all there.
var ErrIncomplete = errors.New("the imported model is incomplete")

// checkWritten compares the target with what the finished write recorded.
// Collections may hold more than was written (a migration adds tools
// metadata and sequences before it activates), never less.
func (im *Importer) checkWritten(ctx context.Context, uuid string, md bson.Raw, known Remains) error {
	rec, ok := md.Lookup(writtenField).ArrayOK()
	if !ok {
		return fmt.Errorf("model %s: %w: its import never finished writing (it may still be running, or have crashed); 'ferry abort-import --model %s' removes it", uuid, ErrIncomplete, uuid)
	}
	got, err := im.remains(ctx, uuid, known)
	if err != nil {
		return fmt.Errorf("model %s: counting its documents: %w", uuid, err)
	}
	vals, err := rec.Values()
	if err != nil {
		return fmt.Errorf("model %s: reading %s: %w", uuid, writtenField, err)
	}
	var short []string
	for _, v := range vals {
		e, _ := v.DocumentOK()
		coll, ok1 := e.Lookup("c").StringValueOK()
		want, ok2 := e.Lookup("n").AsInt64OK()
		if !ok1 || !ok2 {
			return fmt.Errorf("model %s: %s holds %s, not a collection and a count", uuid, writtenField, v)
		}
		if n := int64(got[coll]); n < want {
			short = append(short, fmt.Sprintf("%s has %d of the %d written", coll, n, want))
		}
	}
	if len(short) > 0 {
		return fmt.Errorf("model %s: %w: %s; 'ferry abort-import --model %s' removes it", uuid, ErrIncomplete, strings.Join(short, ", "), uuid)
	}
	return nil
}

// Orphan is a model a target holds documents of without its being live:
// one marked importing, or one whose models document is gone.
type Orphan struct {
	UUID string
	// Name and Owner come from the models document; empty when it is gone.
	Name, Owner string
	// Importing is set when its models document exists, marked importing.
	Importing bool
}

// Orphans finds every model that is being imported, or whose documents
// remain without a models document: it reads the distinct model-uuid of
// every model-scoped collection, not only the models marked importing.
func (im *Importer) Orphans(ctx context.Context) ([]Orphan, error) {
	sweep, err := im.modelScoped(ctx)
	if err != nil {
		return nil, err
	}
	var mu sync.Mutex
	seen := map[string]bool{}
	err = forEach(sweep, func(c string) error {
		res := im.db.Collection(c).Distinct(ctx, jujudb.FieldModelUUID, bson.D{})
		if err := res.Err(); err != nil {
			return fmt.Errorf("reading the models of %s: %w", c, err)
		}
		var uuids []string
		if err := res.Decode(&uuids); err != nil {
			return fmt.Errorf("reading the models of %s: %w", c, err)
		}
		mu.Lock()
		for _, u := range uuids {
			seen[u] = true
		}
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	cur, err := im.db.Collection(jujudb.Models).Find(ctx, bson.D{}, options.Find().SetProjection(bson.D{{Key: "name", Value: 1}, {Key: "owner", Value: 1}, {Key: "migration-mode", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", jujudb.Models, err)
	}
	var models []struct {
		ID    string `bson:"_id"`
		Name  string `bson:"name"`
		Owner string `bson:"owner"`
		Mode  string `bson:"migration-mode"`
	}
	if err := cur.All(ctx, &models); err != nil {
		return nil, fmt.Errorf("reading %s: %w", jujudb.Models, err)
	}
	var out []Orphan
	for _, md := range models {
		if md.Mode == MigrationModeImporting {
			out = append(out, Orphan{UUID: md.ID, Name: md.Name, Owner: md.Owner, Importing: true})
		}
		delete(seen, md.ID)
	}
	for u := range seen {
		out = append(out, Orphan{UUID: u})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].UUID < out[j].UUID })
	return out, nil
}
