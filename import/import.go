package importer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/topology"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/jujudb"
)

// DefaultBatchSize is how many documents one InsertMany sends.
const DefaultBatchSize = 1000

// DefaultDeleteChunk is how many documents one delete removes: FerretDB
// refuses a delete that matches more than about 30,000 documents.
const DefaultDeleteChunk = 10000

// DefaultLogsSize is the size of a model's capped log collection when
// Options.LogsSize is 0 (Juju's default model-logs-size is 20 MB).
const DefaultLogsSize = 20 << 20

// undoTimeout bounds the cleanup after a failed import when the caller's
// context is already done (an interrupt): the cleanup still runs.
const undoTimeout = 2 * time.Minute

// Options tune an Importer. The zero value imports as Juju's migration
// does, in batches of DefaultBatchSize, with no log collection.
type Options struct {
	// BatchSize is the number of documents per InsertMany; 0 means
	// DefaultBatchSize.
	BatchSize int
	// DeleteChunk is the number of documents per delete when undoing or
	// aborting; 0 means DefaultDeleteChunk.
	DeleteChunk int
	// LogsDB is the controller's "logs" database. When set, an import
	// creates the model's capped collection logs.<uuid> there (as Juju's
	// import does) and an abort drops it.
	LogsDB *mongo.Database
	// LogsSize is the capped size of that collection; 0 means
	// DefaultLogsSize.
	LogsSize int64
	// CharmsPendingUpload writes charm documents as awaiting their archive
	// (pendingupload true), the state in which Juju's migration uploads
	// charms after the import. The default writes them as uploaded, which
	// Juju's exporter needs to read a local charm back.
	CharmsPendingUpload bool
	// Progress, when set, is called as the import goes: after each
	// prechecks phase and after each batch written.
	Progress func(Progress)
	// Now is the time written where the import itself sets one (the
	// modification status of an instance that has none, action
	// notifications, relation statuses Juju adds). Zero means time.Now.
	Now time.Time
	// LeaseTTL is how long the import lease lasts unless renewed; 0 means
	// DefaultLeaseTTL.
	LeaseTTL time.Duration
	// LeaseOwner names the holder of the leases this importer takes. The
	// default is unique to the importer. A lease held under the same name
	// is taken over at once, as left by a crash of the same holder: a
	// migration passes its id, so that its resumption need not wait for
	// the lease of its killed run to expire. Two live importers must never
	// share a name.
	LeaseOwner string
}

// Progress reports how far an import, or the abort of one, has got.
type Progress struct {
	// Phase is "precheck", "cleanup" (removing a crashed import's
	// leftovers), "write", "undo" or "done".
	Phase string
	// Collection is the collection being written or cleaned.
	Collection string
	// Step and Steps count the plan's steps (collections and global
	// updates) done and in all.
	Step, Steps int
	// Docs and TotalDocs count the documents inserted and to insert.
	Docs, TotalDocs int
	// Elapsed is the time since the import started.
	Elapsed time.Duration
}

// Importer writes model trees into one target controller database.
type Importer struct {
	db    *mongo.Database
	opts  Options
	owner string
	host  string
}

// New returns an Importer writing to db, the target controller's "juju"
// database.
func New(db *mongo.Database, opts Options) *Importer {
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	if opts.DeleteChunk <= 0 {
		opts.DeleteChunk = DefaultDeleteChunk
	}
	if opts.LogsSize <= 0 {
		opts.LogsSize = DefaultLogsSize
	}
	if opts.LeaseTTL <= 0 {
		opts.LeaseTTL = DefaultLeaseTTL
	}
	host, _ := os.Hostname()
	owner := opts.LeaseOwner
	if owner == "" {
		owner = newOwner(host)
	}
	return &Importer{db: db, opts: opts, owner: owner, host: host}
}

// DB returns the database the importer writes to.
func (im *Importer) DB() *mongo.Database { return im.db }

// Result describes a finished import.
type Result struct {
	ModelUUID string
	ModelName string
	Owner     string
	// Docs is the number of documents inserted; Collections the count per
	// collection.
	Docs        int
	Collections map[string]int
	// Cleaned is what was removed of an earlier, crashed import of the
	// same model before this one started; nil when there was none.
	Cleaned *AbortReport
	// Plan is what was written.
	Plan    *Plan
	Elapsed time.Duration
	// Phases splits Elapsed: validate, precheck, cleanup, build, write.
	Phases map[string]time.Duration
}

// ErrInvalidModel is wrapped by the error Import returns for a tree that
// fails Validate: nothing was written.
var ErrInvalidModel = errors.New("model does not validate")

// Import validates the tree, takes the model's import lease, prechecks
// the target, removes what a crashed import of the same model left, and
// writes the model marked as importing. It leaves the target either with
// the whole model or with nothing of it: on any error it undoes what it
// wrote, counts what is left and, if anything is, removes it by UUID
// before returning; the *WriteError says what the count found. If even
// that fails (the database went away), the next Import of the model, or
// Abort, removes the rest once the lease has expired.
//
// Another process holding the model's lease (an import, abort or
// activation in progress) makes Import fail with a *LeaseHeldError before
// anything is written. The lease is released when Import returns.
//
// The model stays hidden from Juju (migration-mode "importing") until
// Activate.
func (im *Importer) Import(ctx context.Context, m *description.Model) (res *Result, err error) {
	start := time.Now()
	phases := map[string]time.Duration{}
	mark := start
	lap := func(name string) {
		now := time.Now()
		phases[name] += now.Sub(mark)
		mark = now
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("import: %w: %w", ErrInvalidModel, err)
	}
	lap("validate")
	h, wctx, err := im.lock(ctx, m.UUID())
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	// A lease that cannot be removed expires by itself, and this importer
	// takes it over at once: no reason to fail an import that succeeded.
	defer h.release(ctx)
	pre, err := im.Precheck(wctx, m)
	if err != nil {
		return nil, err
	}
	lap("precheck")
	plan, err := Build(m, pre.Info, im.opts)
	if err != nil {
		return nil, err
	}
	lap("build")
	res = &Result{ModelUUID: plan.ModelUUID, ModelName: plan.ModelName, Owner: plan.Owner, Plan: plan, Phases: phases}
	if pre.Leftover {
		im.progress(Progress{Phase: "cleanup", Elapsed: time.Since(start)})
		rep, err := im.abort(wctx, plan.ModelUUID)
		if err != nil {
			return nil, im.failed(wctx, h, &WriteError{ModelUUID: plan.ModelUUID, Collection: "(the unfinished earlier import)",
				Err: fmt.Errorf("removing the earlier import that did not finish: %w", err)})
		}
		res.Cleaned = rep
		lap("cleanup")
	}
	if err := im.write(wctx, h, plan, start); err != nil {
		return nil, err
	}
	lap("write")
	res.Docs = plan.Docs()
	res.Collections = plan.InsertCounts()
	res.Elapsed = time.Since(start)
	im.progress(Progress{Phase: "done", Steps: len(plan.Steps), Step: len(plan.Steps), Docs: res.Docs, TotalDocs: res.Docs, Elapsed: res.Elapsed})
	return res, nil
}

func (im *Importer) progress(p Progress) {
	if im.opts.Progress != nil {
		im.opts.Progress(p)
	}
}

// WriteError reports a failed write and what its cleanup did.
type WriteError struct {
	ModelUUID  string
	Collection string // the collection being written when it failed
	Err        error  // the failure
	// UndoErr is set when the cleanup failed too: documents of the model
	// may remain, marked importing, until Abort or the next Import.
	UndoErr error
	// Remains is what a count found of the model after the cleanup: empty
	// when nothing is left, nil when it could not be counted.
	Remains Remains
	// Lost is set when the import stopped because its lease was lost: it
	// then removed nothing, since the model is the new holder's.
	Lost bool
}

func (e *WriteError) Error() string {
	s := fmt.Sprintf("import: model %s: writing %s: %v", e.ModelUUID, e.Collection, e.Err)
	switch {
	case e.Lost:
		s += "; it stopped without removing anything: the model is in the hands of the lease's new holder"
	case e.UndoErr == nil && e.Remains != nil && e.Remains.Total() == 0:
		s += "; everything written was removed (a count finds nothing of the model left)"
	case e.Remains != nil && e.Remains.Total() > 0:
		if e.UndoErr != nil {
			s += fmt.Sprintf("; cleaning up also failed (%v)", e.UndoErr)
		}
		s += fmt.Sprintf("; left of the model: %s; the next import of it or 'ferry abort-import --model %s' removes it", e.Remains, e.ModelUUID)
	default:
		s += fmt.Sprintf("; cleaning up also failed (%v), so what is left of the model could not be counted: the next import of it or 'ferry abort-import --model %s' removes it", e.UndoErr, e.ModelUUID)
	}
	return s
}

func (e *WriteError) Unwrap() []error {
	if e.UndoErr != nil {
		return []error{e.Err, e.UndoErr}
	}
	return []error{e.Err}
}

// Write writes a plan built by Build, without validating or prechecking:
// the write phase of Import, for callers that build plans themselves. It
// holds the model's lease while it writes, and removes what it wrote on
// failure as Import does.
func (im *Importer) Write(ctx context.Context, plan *Plan) error {
	h, wctx, err := im.lock(ctx, plan.ModelUUID)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer h.release(ctx)
	return im.write(wctx, h, plan, time.Now())
}

// journal records each step before it runs, so that a failure undoes
// exactly the steps that may have written something, newest first.
type journal struct {
	steps []*Step
}

// freshContext returns ctx, or when ctx is done (an interrupt) a context
// that is not, bounded by undoTimeout: an undo always runs.
func freshContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if ctx.Err() == nil {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(context.WithoutCancel(ctx), undoTimeout)
}

func (im *Importer) write(ctx context.Context, h *heldLease, plan *Plan, start time.Time) (err error) {
	j := &journal{}
	total := plan.Docs()
	done := 0
	var current string
	// written counts what the steps wrote, as Remains counts it: what
	// Activate checks before it makes the model live.
	written := Remains{}
	defer func() {
		if err == nil {
			return
		}
		we := &WriteError{ModelUUID: plan.ModelUUID, Collection: current, Err: err}
		if h.lostErr() == nil {
			uctx, cancel := freshContext(ctx)
			defer cancel()
			im.progress(Progress{Phase: "undo", Collection: current, Elapsed: time.Since(start)})
			we.UndoErr = im.undo(uctx, plan.ModelUUID, j)
		}
		err = im.failed(ctx, h, we)
	}()
	for i := range plan.Steps {
		st := &plan.Steps[i]
		current = st.Collection
		j.steps = append(j.steps, st)
		switch st.Kind {
		case Insert:
			coll := im.db.Collection(st.Collection)
			for lo := 0; lo < len(st.Docs); lo += im.opts.BatchSize {
				hi := min(lo+im.opts.BatchSize, len(st.Docs))
				if _, err := coll.InsertMany(ctx, st.Docs[lo:hi], options.InsertMany().SetOrdered(false)); err != nil {
					return fmt.Errorf("inserting documents %d to %d of %d: %w", lo, hi, len(st.Docs), err)
				}
				done += hi - lo
				written[st.Collection] += hi - lo
				im.progress(Progress{Phase: "write", Collection: st.Collection, Step: i, Steps: len(plan.Steps), Docs: done, TotalDocs: total, Elapsed: time.Since(start)})
			}
		case Increment:
			if err := im.withDocLock(ctx, st.Collection, st.ID, func() error { return im.increment(ctx, plan.ModelUUID, st) }); err != nil {
				return err
			}
			written[st.Collection]++
		case ImageMetadata:
			for _, d := range st.Docs {
				id, _ := d[0].Value.(string)
				if err := im.withDocLock(ctx, st.Collection, id, func() error { return im.imageMetadata(ctx, plan.ModelUUID, st.Collection, id, d) }); err != nil {
					return err
				}
				done++
				written[st.Collection]++
			}
		case ExternalController:
			var marked bool
			err := im.withDocLock(ctx, st.Collection, st.ID, func() (err error) {
				marked, err = im.externalController(ctx, plan.ModelUUID, st)
				return err
			})
			if err != nil {
				return err
			}
			if marked {
				written[st.Collection]++
			}
		case CreateLogs:
			if im.opts.LogsDB != nil {
				err := im.opts.LogsDB.CreateCollection(ctx, st.Collection, options.CreateCollection().SetCapped(true).SetSizeInBytes(im.opts.LogsSize))
				if err != nil {
					return fmt.Errorf("creating %s.%s: %w", im.opts.LogsDB.Name(), st.Collection, err)
				}
			}
		}
		im.progress(Progress{Phase: "write", Collection: st.Collection, Step: i + 1, Steps: len(plan.Steps), Docs: done, TotalDocs: total, Elapsed: time.Since(start)})
	}
	if !plan.importing() {
		return nil // a controller model, written live: nothing to activate
	}
	current = jujudb.Models
	return im.recordWritten(ctx, plan.ModelUUID, written)
}

// failed finishes a failed import or write under its lease: unless the
// lease was lost, it counts what is left of the model and removes that
// too, with a fresh bounded context if ctx is done, and records in we
// what the count found.
func (im *Importer) failed(ctx context.Context, h *heldLease, we *WriteError) error {
	if lost := h.lostErr(); lost != nil {
		we.Lost = true
		we.Err = fmt.Errorf("%w (%w)", we.Err, lost)
		return we
	}
	uctx, cancel := freshContext(ctx)
	defer cancel()
	rem, err := im.ensureGone(uctx, we.ModelUUID)
	we.Remains = rem
	if err != nil {
		we.UndoErr = errors.Join(we.UndoErr, err)
	} else if rem.Total() == 0 {
		// The sweep finished what the journal could not.
		we.UndoErr = nil
	}
	return we
}

// markKey is the dotted path of a model's mark in a global document.
func markKey(uuid string) string { return MarkerField + "." + uuid }

// increment adds N to a refcount and records N in the document's mark, in
// one update: either both happen or neither does.
func (im *Importer) increment(ctx context.Context, uuid string, st *Step) error {
	filter := bson.D{{Key: "_id", Value: st.ID}, {Key: markKey(uuid), Value: bson.D{{Key: "$exists", Value: false}}}}
	update := bson.D{{Key: "$inc", Value: bson.D{{Key: "refcount", Value: i32(st.N)}, {Key: markKey(uuid), Value: i32(st.N)}}}}
	coll := im.db.Collection(st.Collection)
	res, err := coll.UpdateOne(ctx, filter, update)
	if err != nil {
		return fmt.Errorf("incrementing %s %q: %w", st.Collection, st.ID, err)
	}
	if res.MatchedCount > 0 {
		return nil
	}
	if !st.Upsert {
		return fmt.Errorf("incrementing %s %q: no such document (or already incremented for this model)", st.Collection, st.ID)
	}
	// Juju's create-or-increment: the mark says the document was created,
	// so that an abort removes it again when nothing else counts on it.
	_, err = coll.InsertOne(ctx, bson.D{
		{Key: "_id", Value: st.ID}, {Key: "refcount", Value: i32(st.N)},
		{Key: MarkerField, Value: bson.D{{Key: uuid, Value: bson.D{{Key: "n", Value: i32(st.N)}, {Key: "created", Value: true}}}}},
		{Key: jujudb.FieldTxnRevno, Value: jujudb.InsertTxnRevno},
	})
	if err != nil {
		return fmt.Errorf("creating %s %q: %w", st.Collection, st.ID, err)
	}
	return nil
}

// externalController inserts the controller's document, or adds to an
// existing one the model UUIDs it lacks, marking what it did. It reports
// whether it left a mark.
func (im *Importer) externalController(ctx context.Context, uuid string, st *Step) (bool, error) {
	coll := im.db.Collection(st.Collection)
	var existing struct {
		Models []string `bson:"models"`
	}
	err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: st.ID}}).Decode(&existing)
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		d := append(append(bson.D{}, st.Doc...), bson.E{Key: MarkerField, Value: bson.D{{Key: uuid, Value: markInserted}}})
		if _, err := coll.InsertOne(ctx, d); err != nil {
			return false, fmt.Errorf("inserting external controller %q: %w", st.ID, err)
		}
		return true, nil
	case err != nil:
		return false, fmt.Errorf("reading external controller %q: %w", st.ID, err)
	}
	have := map[string]bool{}
	for _, m := range existing.Models {
		have[m] = true
	}
	var add bson.A
	for _, m := range st.Models {
		if !have[m] {
			add = append(add, m)
		}
	}
	if len(add) == 0 {
		return false, nil
	}
	filter := bson.D{{Key: "_id", Value: st.ID}, {Key: markKey(uuid), Value: bson.D{{Key: "$exists", Value: false}}}}
	update := bson.D{
		{Key: "$addToSet", Value: bson.D{{Key: "models", Value: bson.D{{Key: "$each", Value: add}}}}},
		{Key: "$set", Value: bson.D{{Key: markKey(uuid), Value: add}}},
	}
	res, err := coll.UpdateOne(ctx, filter, update)
	if err != nil {
		return false, fmt.Errorf("adding models to external controller %q: %w", st.ID, err)
	}
	return res.MatchedCount > 0, nil
}

// imageMetadata writes one cloud image metadata document d (marked as
// inserted): inserted when the target has none with its _id, otherwise,
// as Juju's SaveMetadata does, only its image_id set, the old one kept in
// the marker ({image_id: old}) so that the undo can put it back.
func (im *Importer) imageMetadata(ctx context.Context, uuid, collName, id string, d bson.D) error {
	coll := im.db.Collection(collName)
	var existing struct {
		ImageID string `bson:"image_id"`
	}
	err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&existing)
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		if _, err := coll.InsertOne(ctx, d); err != nil {
			return fmt.Errorf("inserting cloud image metadata %q: %w", id, err)
		}
		return nil
	case err != nil:
		return fmt.Errorf("reading cloud image metadata %q: %w", id, err)
	}
	var imageID any
	for _, e := range d {
		if e.Key == "image_id" {
			imageID = e.Value
		}
	}
	filter := bson.D{{Key: "_id", Value: id}, {Key: markKey(uuid), Value: bson.D{{Key: "$exists", Value: false}}}}
	update := bson.D{{Key: "$set", Value: bson.D{
		{Key: "image_id", Value: imageID},
		{Key: markKey(uuid), Value: bson.D{{Key: "image_id", Value: existing.ImageID}}},
	}}}
	if _, err := coll.UpdateOne(ctx, filter, update); err != nil {
		return fmt.Errorf("changing the image id of cloud image metadata %q: %w", id, err)
	}
	return nil
}

// undo takes back the journalled steps, newest first. It goes on past
// errors, so that as much as possible is removed, and returns them all.
func (im *Importer) undo(ctx context.Context, uuid string, j *journal) error {
	var errs []error
	for i := len(j.steps) - 1; i >= 0; i-- {
		st := j.steps[i]
		var err error
		switch {
		case st.Kind == CreateLogs:
			if im.opts.LogsDB != nil {
				err = im.opts.LogsDB.Collection(st.Collection).Drop(ctx)
			}
		case st.Kind == Increment || st.Kind == ExternalController:
			_, err = im.unmarkDoc(ctx, st.Collection, uuid, st.ID)
		case st.Collection == jujudb.Models:
			_, err = im.db.Collection(jujudb.Models).DeleteOne(ctx, bson.D{{Key: "_id", Value: uuid}, {Key: "migration-mode", Value: MigrationModeImporting}})
		case st.Collection == jujudb.ModelEntityRefs:
			_, err = im.db.Collection(st.Collection).DeleteOne(ctx, bson.D{{Key: "_id", Value: uuid}})
		case st.Collection == jujudb.UserModelName || st.Collection == jujudb.CloudImageMetadata:
			_, err = im.unmarkAll(ctx, st.Collection, uuid)
		case st.Global:
			// permissions: this import's own ids.
			ids := make(bson.A, len(st.Docs))
			for k, d := range st.Docs {
				ids[k] = d[0].Value
			}
			_, err = im.deleteIn(ctx, st.Collection, ids)
		case len(st.Docs) <= im.opts.DeleteChunk:
			// At most this step's documents carry the model's UUID (any
			// leftovers were removed before the import began): one delete
			// takes them all, within FerretDB's limit.
			_, err = im.db.Collection(st.Collection).DeleteMany(ctx, bson.D{{Key: jujudb.FieldModelUUID, Value: uuid}})
		default:
			_, err = im.deleteChunked(ctx, st.Collection, bson.D{{Key: jujudb.FieldModelUUID, Value: uuid}})
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("undoing %s of %s: %w", st.Kind, st.Collection, err))
			if ctx.Err() != nil || unreachable(err) {
				// The database is gone: every further step would wait out
				// the driver's timeouts. The leftovers stay marked
				// importing for Abort or the next Import.
				break
			}
		}
	}
	return errors.Join(errs...)
}

// deleteChunked removes the documents matching filter, at most
// DeleteChunk per delete, and returns how many it removed.
func (im *Importer) deleteChunked(ctx context.Context, coll string, filter bson.D) (int, error) {
	c := im.db.Collection(coll)
	total := 0
	for {
		cur, err := c.Find(ctx, filter, options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}).SetLimit(int64(im.opts.DeleteChunk)))
		if err != nil {
			return total, err
		}
		var ids bson.A
		for cur.Next(ctx) {
			ids = append(ids, cur.Current.Lookup("_id"))
		}
		err = cur.Err()
		cur.Close(context.WithoutCancel(ctx))
		if err != nil {
			return total, err
		}
		if len(ids) == 0 {
			return total, nil
		}
		n, err := im.deleteIn(ctx, coll, ids)
		total += n
		if err != nil {
			return total, err
		}
		if len(ids) < im.opts.DeleteChunk {
			return total, nil
		}
	}
}

func (im *Importer) deleteIn(ctx context.Context, coll string, ids bson.A) (int, error) {
	total := 0
	for lo := 0; lo < len(ids); lo += im.opts.DeleteChunk {
		hi := min(lo+im.opts.DeleteChunk, len(ids))
		res, err := im.db.Collection(coll).DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids[lo:hi]}}}})
		if err != nil {
			return total, err
		}
		total += int(res.DeletedCount)
	}
	return total, nil
}

// unreachable reports an error that means the server cannot be reached.
func unreachable(err error) bool {
	var sse topology.ServerSelectionError
	return mongo.IsNetworkError(err) || mongo.IsTimeout(err) || errors.As(err, &sse)
}
