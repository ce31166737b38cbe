package importer

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/modelferry/ferry/internal/chunkdel"
	"github.com/modelferry/ferry/internal/jujudb"
)

// ErrNotImporting is returned by Abort and Activate for a model that
// exists but is not being imported: a live model is never removed.
var ErrNotImporting = errors.New("model is not being imported")

// ErrModelNotFound is returned by Activate when no model has the UUID.
var ErrModelNotFound = errors.New("model not found")

// AbortReport says what an abort removed.
type AbortReport struct {
	ModelUUID string
	// ModelName and Owner come from the models document, when there was
	// one.
	ModelName, Owner string
	// Removed counts the documents deleted per collection ("logs.<uuid>"
	// counts 1 when the log collection was dropped).
	Removed map[string]int
	// Restored lists the global documents whose counts or lists were put
	// back as they were before the import, as "collection/_id".
	Restored []string
	// Remains is what a count found of the model after the abort (empty:
	// nothing is left); nil when the count did not run.
	Remains Remains
}

// Total is the number of documents removed.
func (r *AbortReport) Total() int {
	n := 0
	for _, c := range r.Removed {
		n += c
	}
	return n
}

// Collections lists the collections something was removed from, sorted.
func (r *AbortReport) Collections() []string {
	var out []string
	for c, n := range r.Removed {
		if n > 0 {
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

// abortConcurrency is how many collections an abort sweeps at once.
const abortConcurrency = 4

// markedCollections are the global collections an import marks (see
// MarkerField).
var markedCollections = []string{
	jujudb.UserModelName, jujudb.GlobalRefcounts, jujudb.Controllers,
	jujudb.ExternalControllers, jujudb.CloudImageMetadata,
}

// Abort removes every document an import wrote of the model: in every
// model-scoped collection of the database (found by listing them, and
// matched on model-uuid), the global documents it inserted (models,
// usermodelname, modelEntityRefs, permissions, image metadata), the counts
// and lists it raised (found by their marks), and the model's log
// collection. It needs no record of the import: it works after a crash.
// It removes in chunks FerretDB accepts, removes the models document last
// (so that an abort cut short is finished by the next one), and refuses a
// model that exists and is not importing.
//
// It holds the model's import lease while it works, so it refuses
// (*LeaseHeldError) while another process imports, activates or aborts
// the model, and takes over a lease only once it has expired. When done
// it counts what is left (AbortReport.Remains) and fails if anything is.
func (im *Importer) Abort(ctx context.Context, uuid string) (*AbortReport, error) {
	h, wctx, err := im.lock(ctx, uuid)
	if err != nil {
		return &AbortReport{ModelUUID: uuid, Removed: map[string]int{}}, fmt.Errorf("abort: %w", err)
	}
	defer h.release(ctx)
	rep, err := im.abort(wctx, uuid)
	if err != nil {
		return rep, err
	}
	rem, err := im.Remains(wctx, uuid)
	if err != nil {
		return rep, fmt.Errorf("abort: model %s: counting what is left: %w", uuid, err)
	}
	rep.Remains = rem
	if rem.Total() > 0 {
		return rep, fmt.Errorf("abort: model %s: left after removing: %s", uuid, rem)
	}
	return rep, nil
}

// abort is Abort under a lease the caller holds.
func (im *Importer) abort(ctx context.Context, uuid string) (*AbortReport, error) {
	rep := &AbortReport{ModelUUID: uuid, Removed: map[string]int{}}
	models := im.db.Collection(jujudb.Models)
	var md struct {
		Name, Owner string
		Mode        string `bson:"migration-mode"`
	}
	err := models.FindOne(ctx, bson.D{{Key: "_id", Value: uuid}}).Decode(&md)
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
	case err != nil:
		return rep, fmt.Errorf("abort: reading model %s: %w", uuid, err)
	case md.Mode != MigrationModeImporting:
		return rep, fmt.Errorf("abort: model %s (%s/%s): %w (migration mode %q)", uuid, md.Owner, md.Name, ErrNotImporting, md.Mode)
	default:
		rep.ModelName, rep.Owner = md.Name, md.Owner
	}

	// Permissions first: the offers that name some of them are found
	// through the model's applicationOffers, removed below.
	objects, err := im.permissionObjects(ctx, uuid)
	if err != nil {
		return rep, fmt.Errorf("abort: %w", err)
	}
	res, err := im.db.Collection(jujudb.Permissions).DeleteMany(ctx, bson.D{{Key: "object-global-key", Value: bson.D{{Key: "$in", Value: objects}}}})
	if err != nil {
		return rep, fmt.Errorf("abort: removing %s: %w", jujudb.Permissions, err)
	}
	rep.Removed[jujudb.Permissions] += int(res.DeletedCount)

	for _, c := range markedCollections {
		n, err := im.unmarkAll(ctx, c, uuid)
		rep.addUnmarked(c, n)
		if err != nil {
			return rep, fmt.Errorf("abort: restoring %s: %w", c, err)
		}
	}

	sweep, err := im.modelScoped(ctx)
	if err != nil {
		return rep, fmt.Errorf("abort: %w", err)
	}
	var mu sync.Mutex
	err = forEach(sweep, func(c string) error {
		n, err := chunkdel.Delete(ctx, im.db.Collection(c), bson.D{{Key: jujudb.FieldModelUUID, Value: uuid}}, im.opts.DeleteChunk)
		mu.Lock()
		rep.Removed[c] += int(n)
		mu.Unlock()
		if err != nil {
			return fmt.Errorf("abort: removing the model's documents from %s: %w", c, err)
		}
		return nil
	})
	if err != nil {
		return rep, err
	}

	if l := im.opts.LogsDB; l != nil {
		name := LogsCollection(uuid)
		has, err := im.hasLogs(ctx, uuid)
		if err != nil {
			return rep, fmt.Errorf("abort: %w", err)
		}
		if has {
			if err := l.Collection(name).Drop(ctx); err != nil {
				return rep, fmt.Errorf("abort: dropping %s.%s: %w", l.Name(), name, err)
			}
			rep.Removed[name]++
		}
	}

	res, err = im.db.Collection(jujudb.ModelEntityRefs).DeleteOne(ctx, bson.D{{Key: "_id", Value: uuid}})
	if err != nil {
		return rep, fmt.Errorf("abort: removing %s: %w", jujudb.ModelEntityRefs, err)
	}
	rep.Removed[jujudb.ModelEntityRefs] += int(res.DeletedCount)
	res, err = models.DeleteOne(ctx, bson.D{{Key: "_id", Value: uuid}, {Key: "migration-mode", Value: MigrationModeImporting}})
	if err != nil {
		return rep, fmt.Errorf("abort: removing %s: %w", jujudb.Models, err)
	}
	rep.Removed[jujudb.Models] += int(res.DeletedCount)
	for c, n := range rep.Removed {
		if n == 0 {
			delete(rep.Removed, c)
		}
	}
	return rep, nil
}

// unmarked counts what unmarking did to one document.
type unmarked struct {
	id      string
	deleted bool
}

func (r *AbortReport) addUnmarked(coll string, docs []unmarked) {
	for _, d := range docs {
		if d.deleted {
			r.Removed[coll]++
		} else {
			r.Restored = append(r.Restored, coll+"/"+d.id)
		}
	}
}

// unmarkAll takes back the model's changes to every marked document of a
// global collection.
func (im *Importer) unmarkAll(ctx context.Context, coll, uuid string) ([]unmarked, error) {
	return im.unmark(ctx, coll, uuid, bson.D{{Key: markKey(uuid), Value: bson.D{{Key: "$exists", Value: true}}}})
}

// unmarkDoc is unmarkAll for one document.
func (im *Importer) unmarkDoc(ctx context.Context, coll, uuid, id string) ([]unmarked, error) {
	return im.unmark(ctx, coll, uuid, bson.D{{Key: "_id", Value: id}, {Key: markKey(uuid), Value: bson.D{{Key: "$exists", Value: true}}}})
}

// unmark undoes, document by document, what the mark says the import
// did: deletes a document it inserted, takes back an increment, pulls the
// model UUIDs it added. Each undo is one update conditional on the mark,
// so running it twice does no harm.
func (im *Importer) unmark(ctx context.Context, coll, uuid string, filter bson.D) ([]unmarked, error) {
	c := im.db.Collection(coll)
	cur, err := c.Find(ctx, filter, options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}, {Key: markKey(uuid), Value: 1}}))
	if err != nil {
		return nil, err
	}
	var marks []mark
	for cur.Next(ctx) {
		idv := cur.Current.Lookup("_id")
		v := cur.Current.Lookup(MarkerField, uuid)
		s, _ := idv.StringValueOK()
		marks = append(marks, mark{id: idv, ids: s, v: v})
	}
	err = cur.Err()
	cur.Close(context.WithoutCancel(ctx))
	if err != nil {
		return nil, err
	}
	var out []unmarked
	for _, mk := range marks {
		var u *unmarked
		err := im.withDocLock(ctx, coll, mk.ids, func() (err error) {
			u, err = im.unmarkOne(ctx, c, uuid, mk)
			return err
		})
		if u != nil {
			out = append(out, *u)
		}
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// mark is one document's mark for a model, as read by unmark.
type mark struct {
	id  any
	ids string
	v   bson.RawValue
}

// unmarkOne undoes what one mark says, under the document's lock.
func (im *Importer) unmarkOne(ctx context.Context, c *mongo.Collection, uuid string, mk mark) (*unmarked, error) {
	key := markKey(uuid)
	f := bson.D{{Key: "_id", Value: mk.id}, {Key: key, Value: bson.D{{Key: "$exists", Value: true}}}}
	switch {
	case mk.v.Type == bson.TypeString:
		if _, err := c.DeleteOne(ctx, f); err != nil {
			return nil, err
		}
		return &unmarked{id: mk.ids, deleted: true}, nil
	case mk.v.Type == bson.TypeEmbeddedDocument && mk.v.Document().Lookup("image_id").Type == bson.TypeString:
		// Cloud image metadata the target held before: put its image id
		// back (ImageMetadata).
		if _, err := c.UpdateOne(ctx, f, bson.D{
			{Key: "$set", Value: bson.D{{Key: "image_id", Value: mk.v.Document().Lookup("image_id").StringValue()}}},
			{Key: "$unset", Value: bson.D{{Key: key, Value: ""}}},
		}); err != nil {
			return nil, err
		}
		if err := im.dropEmptyMark(ctx, c, mk.id); err != nil {
			return nil, err
		}
	case mk.v.Type == bson.TypeInt32 || mk.v.Type == bson.TypeInt64 || mk.v.Type == bson.TypeEmbeddedDocument:
		n, created := mk.v, false
		if mk.v.Type == bson.TypeEmbeddedDocument {
			n = mk.v.Document().Lookup("n")
			created, _ = mk.v.Document().Lookup("created").BooleanOK()
		}
		// Take back as much as was added, in the same integer width,
		// so that the count ends as it was.
		var dec any = -n.AsInt64()
		if n.Type == bson.TypeInt32 {
			dec = -n.Int32()
		}
		if _, err := c.UpdateOne(ctx, f, bson.D{
			{Key: "$inc", Value: bson.D{{Key: "refcount", Value: dec}}},
			{Key: "$unset", Value: bson.D{{Key: key, Value: ""}}},
		}); err != nil {
			return nil, err
		}
		if created {
			if err := im.dropEmptyMark(ctx, c, mk.id); err != nil {
				return nil, err
			}
			// A document the import created goes, unless something
			// else has counted on it since.
			res, err := c.DeleteOne(ctx, bson.D{{Key: "_id", Value: mk.id}, {Key: "refcount", Value: 0}, {Key: MarkerField, Value: bson.D{{Key: "$exists", Value: false}}}})
			if err != nil {
				return nil, err
			}
			if res.DeletedCount > 0 {
				return &unmarked{id: mk.ids, deleted: true}, nil
			}
		}
	case mk.v.Type == bson.TypeArray:
		vals, _ := mk.v.Array().Values()
		pull := bson.A{}
		for _, v := range vals {
			pull = append(pull, v)
		}
		if _, err := c.UpdateOne(ctx, f, bson.D{
			{Key: "$pullAll", Value: bson.D{{Key: "models", Value: pull}}},
			{Key: "$unset", Value: bson.D{{Key: key, Value: ""}}},
		}); err != nil {
			return nil, err
		}
	default:
		if _, err := c.UpdateOne(ctx, f, bson.D{{Key: "$unset", Value: bson.D{{Key: key, Value: ""}}}}); err != nil {
			return nil, err
		}
	}
	if err := im.dropEmptyMark(ctx, c, mk.id); err != nil {
		return nil, err
	}
	return &unmarked{id: mk.ids}, nil
}

// dropEmptyMark removes the marker field once no model's mark is left in
// it, so that a document ends as Juju wrote it.
func (im *Importer) dropEmptyMark(ctx context.Context, c *mongo.Collection, id any) error {
	_, err := c.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: MarkerField, Value: bson.D{}}},
		bson.D{{Key: "$unset", Value: bson.D{{Key: MarkerField, Value: ""}}}})
	return err
}

// ImportingModel is a model left marked importing.
type ImportingModel struct {
	UUID, Name, Owner string
}

// Importing lists the models marked importing: imports in progress,
// finished but not yet activated, or left by a crash.
func (im *Importer) Importing(ctx context.Context) ([]ImportingModel, error) {
	cur, err := im.db.Collection(jujudb.Models).Find(ctx, bson.D{{Key: "migration-mode", Value: MigrationModeImporting}})
	if err != nil {
		return nil, fmt.Errorf("import: reading %s: %w", jujudb.Models, err)
	}
	var out []ImportingModel
	for cur.Next(ctx) {
		var m struct {
			ID    string `bson:"_id"`
			Name  string `bson:"name"`
			Owner string `bson:"owner"`
		}
		if err := cur.Decode(&m); err != nil {
			cur.Close(ctx)
			return nil, err
		}
		out = append(out, ImportingModel{UUID: m.ID, Name: m.Name, Owner: m.Owner})
	}
	err = cur.Err()
	cur.Close(ctx)
	return out, err
}

// Activate makes an imported model live, as Juju's migration target does
// once the migration is validated: it records the source controller of
// each remote application, sets the model status to available, switches
// migration-mode from "importing" to "" (the commit point: after it the
// model can no longer be aborted), and then removes the import's marks
// from global documents. Activating an already active model only removes
// marks that a crash may have left.
func (im *Importer) Activate(ctx context.Context, uuid string) error {
	return im.ActivateCounted(ctx, uuid, nil)
}

// ActivateCounted is Activate with counts the caller has just made of the
// model's documents in model-scoped collections of the target (by
// model-uuid, as Remains counts them): Activate's check that the import's
// writes are all there counts only the collections missing from counted. A migration counts while it exports the target to
// validate it; on FerretDB each count is a scan of its collection.
func (im *Importer) ActivateCounted(ctx context.Context, uuid string, counted Remains) error {
	h, wctx, err := im.lock(ctx, uuid)
	if err != nil {
		return fmt.Errorf("activate: %w", err)
	}
	defer h.release(ctx)
	ctx = wctx
	models := im.db.Collection(jujudb.Models)
	raw, err := models.FindOne(ctx, bson.D{{Key: "_id", Value: uuid}}).Raw()
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		return fmt.Errorf("activate: %w: %s", ErrModelNotFound, uuid)
	case err != nil:
		return fmt.Errorf("activate: reading model %s: %w", uuid, err)
	}
	var md struct {
		Mode string `bson:"migration-mode"`
	}
	if err := bson.Unmarshal(raw, &md); err != nil {
		return fmt.Errorf("activate: reading model %s: %w", uuid, err)
	}
	if md.Mode == MigrationModeImporting {
		if err := im.checkWritten(ctx, uuid, raw, counted); err != nil {
			return fmt.Errorf("activate: %w", err)
		}
		if err := im.setSourceControllers(ctx, uuid); err != nil {
			return err
		}
		now := im.opts.Now
		if now.IsZero() {
			now = time.Now()
		}
		_, err := im.db.Collection(jujudb.Statuses).UpdateOne(ctx, bson.D{{Key: "_id", Value: jujudb.DocID(uuid, jujudb.ModelKey)}},
			bson.D{
				{Key: "$set", Value: bson.D{{Key: "status", Value: "available"}, {Key: "statusinfo", Value: ""}, {Key: "statusdata", Value: bson.D{}}, {Key: "updated", Value: now.UnixNano()}}},
				{Key: "$inc", Value: bson.D{{Key: jujudb.FieldTxnRevno, Value: int64(1)}}},
			})
		if err != nil {
			return fmt.Errorf("activate: setting the status of model %s: %w", uuid, err)
		}
		if _, err := im.db.Collection(jujudb.StatusesHistory).InsertOne(ctx, bson.D{
			{Key: "_id", Value: bson.NewObjectID()}, {Key: jujudb.FieldModelUUID, Value: uuid},
			{Key: "globalkey", Value: jujudb.ModelKey}, {Key: "status", Value: "available"}, {Key: "statusinfo", Value: ""},
			{Key: "statusdata", Value: bson.D{}}, {Key: "updated", Value: now.UnixNano()},
		}); err != nil {
			return fmt.Errorf("activate: recording the status history of model %s: %w", uuid, err)
		}
		// The commit point: only while the lease is still this activation's.
		if err := h.confirm(ctx); err != nil {
			return fmt.Errorf("activate: model %s: %w", uuid, err)
		}
		res, err := models.UpdateOne(ctx, bson.D{{Key: "_id", Value: uuid}, {Key: "migration-mode", Value: MigrationModeImporting}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "migration-mode", Value: ""}}}, {Key: "$unset", Value: bson.D{{Key: writtenField, Value: ""}}},
				{Key: "$inc", Value: bson.D{{Key: jujudb.FieldTxnRevno, Value: int64(1)}}}})
		if err != nil {
			return fmt.Errorf("activate: model %s: %w", uuid, err)
		}
		if res.MatchedCount == 0 {
			return fmt.Errorf("activate: model %s: %w (it changed while activating)", uuid, ErrNotImporting)
		}
	}
	for _, c := range markedCollections {
		if err := im.clearMarks(ctx, c, uuid); err != nil {
			return fmt.Errorf("activate: clearing the import marks in %s: %w", c, err)
		}
	}
	return nil
}

// clearMarks removes the model's marks from the documents of a marked
// collection, one document at a time under its lock: other imports update
// the same documents (see withDocLock).
func (im *Importer) clearMarks(ctx context.Context, coll, uuid string) error {
	c := im.db.Collection(coll)
	cur, err := c.Find(ctx, bson.D{{Key: markKey(uuid), Value: bson.D{{Key: "$exists", Value: true}}}}, options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return err
	}
	var ids []bson.RawValue
	for cur.Next(ctx) {
		ids = append(ids, cur.Current.Lookup("_id"))
	}
	err = cur.Err()
	cur.Close(context.WithoutCancel(ctx))
	if err != nil {
		return err
	}
	for _, id := range ids {
		s, _ := id.StringValueOK()
		err := im.withDocLock(ctx, coll, s, func() error {
			if _, err := c.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$unset", Value: bson.D{{Key: markKey(uuid), Value: ""}}}}); err != nil {
				return err
			}
			return im.dropEmptyMark(ctx, c, id)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// setSourceControllers fills remoteApplications.source-controller-uuid
// from the external controllers hosting each source model (ref §8,
// Success step 2).
func (im *Importer) setSourceControllers(ctx context.Context, uuid string) error {
	cur, err := im.db.Collection(jujudb.RemoteApplications).Find(ctx, bson.D{{Key: jujudb.FieldModelUUID, Value: uuid}},
		options.Find().SetProjection(bson.D{{Key: "source-model-uuid", Value: 1}}))
	if err != nil {
		return fmt.Errorf("activate: reading %s: %w", jujudb.RemoteApplications, err)
	}
	bySource := map[string][]any{}
	var sources bson.A
	for cur.Next(ctx) {
		s, _ := cur.Current.Lookup("source-model-uuid").StringValueOK()
		if s == "" {
			continue
		}
		if bySource[s] == nil {
			sources = append(sources, s)
		}
		bySource[s] = append(bySource[s], cur.Current.Lookup("_id"))
	}
	err = cur.Err()
	cur.Close(ctx)
	if err != nil || len(sources) == 0 {
		return err
	}
	cur, err = im.db.Collection(jujudb.ExternalControllers).Find(ctx, bson.D{{Key: "models", Value: bson.D{{Key: "$in", Value: sources}}}})
	if err != nil {
		return fmt.Errorf("activate: reading %s: %w", jujudb.ExternalControllers, err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var c struct {
			ID     string   `bson:"_id"`
			Models []string `bson:"models"`
		}
		if err := cur.Decode(&c); err != nil {
			return err
		}
		for _, m := range c.Models {
			for _, id := range bySource[m] {
				if _, err := im.db.Collection(jujudb.RemoteApplications).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
					bson.D{{Key: "$set", Value: bson.D{{Key: "source-controller-uuid", Value: c.ID}}}}); err != nil {
					return fmt.Errorf("activate: setting the source controller of a remote application: %w", err)
				}
			}
		}
	}
	return cur.Err()
}
