package migrate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/modelferry/ferry/internal/blobstore"
)

// The collections ferry keeps its migrations in, in the source
// controller's "juju" database. Juju ignores them: they are not in its
// schema, and no Juju worker reads them. They are deliberately not Juju's
// own migrations collections, which Juju's migration workers act on.
const (
	// RecordsCollection holds one Record per migration, _id its ID.
	RecordsCollection = "ferrymigrations"
	// ActiveCollection holds one document per model being migrated, _id
	// the model UUID, naming the migration: inserting it is what refuses a
	// second migration of the same model. Abort requests are written into
	// it (abort-requested, abort-reason), not into the record, which only
	// the process running the migration writes.
	ActiveCollection = "ferrymigrations.active"
	// BlobsCollection holds each migration's blob manifest, _id the
	// migration ID: the blobs copied and the source's catalogue entries
	// the model's paths named, recorded before anything is written so that
	// an interrupted copy, abort or cleanup can finish without them.
	BlobsCollection = "ferrymigrations.blobs"
)

// Phase names a step of a migration. A migration runs the phases in the
// order of Phases; before Switchover it can be aborted, after it only
// completed.
type Phase string

// The phases.
const (
	// Precheck checks both controllers, waiting up to the grace period
	// for a busy model to settle.
	Precheck Phase = "precheck"
	// Quiesce puts the source model in migration mode "exporting" and
	// checks again.
	Quiesce Phase = "quiesce"
	// Import exports the model from the source and imports it into the
	// target, marked importing.
	Import Phase = "import"
	// Binaries copies the charm archives, agent binaries and resources.
	Binaries Phase = "binaries"
	// Logs copies the model's log.
	Logs Phase = "logs"
	// Validate exports the target model and compares it with the source's.
	Validate Phase = "validate"
	// Switchover activates the target model and records the redirect on
	// the source: the commit point.
	Switchover Phase = "switchover"
	// Cleanup removes the model from the source.
	Cleanup Phase = "cleanup"
)

// Phases lists the phases in the order they run.
var Phases = []Phase{Precheck, Quiesce, Import, Binaries, Logs, Validate, Switchover, Cleanup}

func phaseIndex(p Phase) int {
	for i, q := range Phases {
		if q == p {
			return i
		}
	}
	return -1
}

// State is where a migration stands as a whole.
type State string

// The states.
const (
	// Running: going forward through the phases (or interrupted while
	// doing so: see Record.Owner).
	Running State = "running"
	// Aborting: undoing the phases that ran.
	Aborting State = "aborting"
	// Aborted: undone; the source model is active again and the target
	// holds nothing of it.
	Aborted State = "aborted"
	// Done: the model lives on the target and is gone from the source.
	Done State = "done"
)

// Endpoint records one side of a migration.
type Endpoint struct {
	// Name is the controller's label (its registry name, if it has one).
	Name string `bson:"name" json:"name"`
	// UUID is the controller UUID.
	UUID string `bson:"uuid" json:"uuid"`
	// Address is where it was reached, without credentials.
	Address string `bson:"address,omitempty" json:"address,omitempty"`
	// Version is the controller's agent version.
	Version string `bson:"version,omitempty" json:"version,omitempty"`
}

// PhaseRecord is what happened in one phase.
type PhaseRecord struct {
	// Started is when the phase last started; Finished when it last
	// finished (zero while it runs, or if it was cut short).
	Started  time.Time `bson:"started,omitempty" json:"started,omitzero"`
	Finished time.Time `bson:"finished,omitempty" json:"finished,omitzero"`
	// Runs counts the times it started: more than one after a resume.
	Runs int `bson:"runs" json:"runs"`
	// Undone is when an abort undid it.
	Undone time.Time `bson:"undone,omitempty" json:"undone,omitzero"`
	// Error is the error it last failed with.
	Error string `bson:"error,omitempty" json:"error,omitempty"`
	// Duration is the time of its last, finished run.
	Duration time.Duration `bson:"duration,omitempty" json:"duration,omitempty"`
}

// Counters count what a migration moved.
type Counters struct {
	// Docs is the number of documents imported into the target.
	Docs int64 `bson:"docs" json:"docs"`
	// Blobs is the number of distinct blobs the model uses; Copied the
	// ones written to the target, Present those it already had. Bytes
	// and BytesCopied are their sizes.
	Blobs       int64 `bson:"blobs" json:"blobs"`
	Copied      int64 `bson:"blobs-copied" json:"blobs-copied"`
	Present     int64 `bson:"blobs-present" json:"blobs-present"`
	Bytes       int64 `bson:"blob-bytes" json:"blob-bytes"`
	BytesCopied int64 `bson:"blob-bytes-copied" json:"blob-bytes-copied"`
	// Logs is the number of log entries the target holds.
	Logs int64 `bson:"logs" json:"logs"`
	// Removed is the number of source documents cleanup removed.
	Removed int64 `bson:"removed" json:"removed"`
}

// Record is a migration as recorded in the source controller's
// ferrymigrations collection: written before and after each phase, so
// that any process can tell where a migration stands and resume it with
// nothing but the two databases.
type Record struct {
	// ID is "<model-uuid>:<attempt>", as Juju names migrations; the
	// attempt comes from the model's "modelmigration" sequence, which
	// Juju's own migrations also take their numbers from.
	ID         string `bson:"_id" json:"id"`
	ModelUUID  string `bson:"model-uuid" json:"model-uuid"`
	ModelName  string `bson:"model-name" json:"model-name"`
	ModelOwner string `bson:"model-owner" json:"model-owner"`
	Attempt    int    `bson:"attempt" json:"attempt"`

	Source Endpoint `bson:"source" json:"source"`
	Target Endpoint `bson:"target" json:"target"`

	State State `bson:"state" json:"state"`
	// Phase is the phase running, or the last one that ran.
	Phase  Phase                  `bson:"phase" json:"phase"`
	Phases map[Phase]*PhaseRecord `bson:"phases" json:"phases"`

	Started  time.Time `bson:"started" json:"started"`
	Updated  time.Time `bson:"updated" json:"updated"`
	Finished time.Time `bson:"finished,omitempty" json:"finished,omitzero"`

	// ImportTime is the time the importer wrote where it sets one; the
	// validation needs it to predict the target's export.
	ImportTime time.Time `bson:"import-time,omitempty" json:"-"`
	// Committed is set once the target model is active: from then on the
	// migration cannot be aborted.
	Committed bool `bson:"committed" json:"committed"`
	// AbortRequested and AbortReason record that the migration was
	// aborted on request, and why. The request itself is made in the
	// model's ActiveCollection document (see RequestAbort): the record is
	// written only by the process that owns the migration.
	AbortRequested bool   `bson:"abort-requested,omitempty" json:"abort-requested,omitempty"`
	AbortReason    string `bson:"abort-reason,omitempty" json:"abort-reason,omitempty"`
	// Error is the error the migration last stopped on.
	Error string `bson:"error,omitempty" json:"error,omitempty"`

	// Owner names the process running the migration (host:pid:nonce) and
	// Heartbeat is when it last said it was alive. A resume takes over only
	// from an owner that is gone.
	Owner     string    `bson:"owner,omitempty" json:"owner,omitempty"`
	Heartbeat time.Time `bson:"heartbeat,omitempty" json:"heartbeat,omitzero"`

	InitiatedBy string        `bson:"initiated-by" json:"initiated-by"`
	Grace       time.Duration `bson:"precheck-grace" json:"precheck-grace"`
	Counters    Counters      `bson:"counters" json:"counters"`

	// Format is the release of the description generation asked for
	// (Options.Target), "" for the one the target controller reads; it
	// and AllowLoss hold for a resume too.
	Format    string `bson:"format,omitempty" json:"format,omitempty"`
	AllowLoss bool   `bson:"allow-loss,omitempty" json:"allow-loss,omitempty"`

	// CleanupPlan is how many of the model's documents the import's export
	// read from each collection, with their _id ranges where there are
	// more than a delete takes: the cleanup deletes by it without counting
	// and reading the _ids first (each a scan on FerretDB).
	CleanupPlan []CollectionPlan `bson:"cleanup-plan,omitempty" json:"-"`
}

// PhaseRecord returns the record of phase p (a zero one if it has not
// run).
func (r *Record) PhaseRecord(p Phase) PhaseRecord {
	if pr := r.Phases[p]; pr != nil {
		return *pr
	}
	return PhaseRecord{}
}

// Elapsed is the migration's running time so far, or in all.
func (r *Record) Elapsed() time.Duration {
	end := r.Finished
	if end.IsZero() {
		end = r.Updated
	}
	return end.Sub(r.Started)
}

// manifest is a migration's BlobsCollection document.
type manifest struct {
	ID    string           `bson:"_id"`
	Items []blobstore.Item `bson:"items"`
	// SourceIDs are the catalogue ids the source model's paths named.
	SourceIDs []string `bson:"source-ids"`
}

// ErrNotFound is wrapped by the error for a migration ID that has no
// record.
var ErrNotFound = errors.New("no such migration")

// Get reads the record of migration id from the source controller.
func Get(ctx context.Context, src *Controller, id string) (*Record, error) {
	var r Record
	err := src.State().Collection(RecordsCollection).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&r)
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		return nil, fmt.Errorf("migrate: %w %q on %s", ErrNotFound, id, src.label())
	case err != nil:
		return nil, fmt.Errorf("migrate: reading migration %s on %s: %w", id, src.label(), err)
	}
	return &r, nil
}

// List reads the migration records on a controller, newest first. A
// non-empty model (UUID, name or owner/name) keeps only that model's.
func List(ctx context.Context, c *Controller, model string) ([]*Record, error) {
	filter := bson.D{}
	if model != "" {
		owner, name, hasOwner := strings.Cut(model, "/")
		switch {
		case hasOwner:
			filter = bson.D{{Key: "model-owner", Value: owner}, {Key: "model-name", Value: name}}
		default:
			filter = bson.D{{Key: "$or", Value: bson.A{bson.D{{Key: "model-uuid", Value: model}}, bson.D{{Key: "model-name", Value: model}}}}}
		}
	}
	cur, err := c.State().Collection(RecordsCollection).Find(ctx, filter)
	if err != nil {
		return nil, fmt.Errorf("migrate: reading %s on %s: %w", RecordsCollection, c.label(), err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	var out []*Record
	for cur.Next(ctx) {
		r := &Record{}
		if err := cur.Decode(r); err != nil {
			return nil, fmt.Errorf("migrate: decoding a record in %s: %w", RecordsCollection, err)
		}
		out = append(out, r)
	}
	if err := cur.Err(); err != nil {
		return nil, fmt.Errorf("migrate: reading %s on %s: %w", RecordsCollection, c.label(), err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Started.After(out[j].Started) })
	return out, nil
}

// Active returns the ID of the migration holding the model, or "".
func Active(ctx context.Context, src *Controller, modelUUID string) (string, error) {
	var d struct {
		ID string `bson:"migration-id"`
	}
	err := src.State().Collection(ActiveCollection).FindOne(ctx, bson.D{{Key: "_id", Value: modelUUID}}).Decode(&d)
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("migrate: reading %s on %s: %w", ActiveCollection, src.label(), err)
	}
	return d.ID, nil
}

// recorder writes a migration's record. Every write is an update of the
// one record document (a small collection), never of model data. Writes
// are serialised, heartbeats included: FerretDB applies an update by
// rewriting the whole document, so two updates of one document at once
// can lose one of them.
type recorder struct {
	c   *Controller
	rec *Record
	now func() time.Time
	mu  sync.Mutex
}

func (w *recorder) coll() *mongo.Collection { return w.c.State().Collection(RecordsCollection) }

// set applies $set fields to the record, guarded by ownership so that a
// process that lost the migration to a resume cannot overwrite it.
func (w *recorder) set(ctx context.Context, fields bson.D) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := w.now()
	fields = append(fields, bson.E{Key: "updated", Value: now})
	res, err := w.coll().UpdateOne(ctx, bson.D{{Key: "_id", Value: w.rec.ID}, {Key: "owner", Value: w.rec.Owner}}, bson.D{{Key: "$set", Value: fields}})
	if err != nil {
		return fmt.Errorf("migrate: recording migration %s: %w", w.rec.ID, err)
	}
	if res.MatchedCount == 0 {
		return fmt.Errorf("migrate: recording migration %s: %w", w.rec.ID, errLeaseLost)
	}
	w.rec.Updated = now
	return nil
}

// process identifies this process in Record.Owner.
var (
	hostname, _ = os.Hostname()
	// liveOwners are the owner names of the runs going on in this process:
	// an owner naming this process but not listed here was cut short (a
	// cancelled context) and may be taken over.
	liveOwners   = map[string]bool{}
	liveOwnersMu sync.Mutex
)

func newOwner() string {
	return fmt.Sprintf("%s:%d:%s", hostname, os.Getpid(), bson.NewObjectID().Hex()[16:])
}

// liveRuns holds, by migration ID, how to ask a run going on in this
// process to abort at once, so that RequestAbort from the same process
// does not wait for a heartbeat.
var liveRuns = map[string]func(){}

func setLiveRun(id string, abort func()) {
	liveOwnersMu.Lock()
	defer liveOwnersMu.Unlock()
	if abort == nil {
		delete(liveRuns, id)
	} else {
		liveRuns[id] = abort
	}
}

func abortLiveRun(id string) {
	liveOwnersMu.Lock()
	f := liveRuns[id]
	liveOwnersMu.Unlock()
	if f != nil {
		f()
	}
}

func setLive(owner string, live bool) {
	liveOwnersMu.Lock()
	defer liveOwnersMu.Unlock()
	if live {
		liveOwners[owner] = true
	} else {
		delete(liveOwners, owner)
	}
}

// ownerGone reports whether the process an owner names is known to be
// gone: this process with no run of that name, or a process of this host
// that does not exist any more. Owners on other hosts are judged by their
// heartbeat alone.
func ownerGone(owner string) bool {
	if owner == "" {
		return true
	}
	host, rest, ok := strings.Cut(owner, ":")
	if !ok || host != hostname {
		return false
	}
	pidStr, _, _ := strings.Cut(rest, ":")
	var pid int
	if _, err := fmt.Sscanf(pidStr, "%d", &pid); err != nil || pid <= 0 {
		return false
	}
	if pid == os.Getpid() {
		liveOwnersMu.Lock()
		defer liveOwnersMu.Unlock()
		return !liveOwners[owner]
	}
	return !processAlive(pid)
}

// processAlive reports whether a process exists (signal 0 probes it).
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}

// ErrBusy is wrapped by the error for a migration another live process is
// running.
var ErrBusy = errors.New("migration is being run by another process")

// errLeaseLost means another process took the migration over.
var errLeaseLost = errors.New("another process took the migration over")

// claim makes owner the record's owner if the current owner is gone or
// silent for longer than timeout. It returns the record as claimed.
func claim(ctx context.Context, src *Controller, id, owner string, timeout time.Duration, now time.Time) (*Record, error) {
	rec, err := Get(ctx, src, id)
	if err != nil {
		return nil, err
	}
	if rec.Owner != "" && rec.Owner != owner && !ownerGone(rec.Owner) && now.Sub(rec.Heartbeat) < timeout {
		return nil, fmt.Errorf("migrate: migration %s: %w (%s, last heard from %s ago)", id, ErrBusy, rec.Owner, now.Sub(rec.Heartbeat).Round(time.Second))
	}
	res, err := src.State().Collection(RecordsCollection).UpdateOne(ctx,
		bson.D{{Key: "_id", Value: id}, {Key: "owner", Value: rec.Owner}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "owner", Value: owner}, {Key: "heartbeat", Value: now}}}})
	if err != nil {
		return nil, fmt.Errorf("migrate: taking over migration %s: %w", id, err)
	}
	if res.MatchedCount == 0 {
		return nil, fmt.Errorf("migrate: migration %s: %w (it was taken over meanwhile)", id, ErrBusy)
	}
	rec.Owner, rec.Heartbeat = owner, now
	return rec, nil
}

// abortRequest reads the abort request of a migration from the model's
// guard document: whether one was made, and why.
func abortRequest(ctx context.Context, src *Controller, modelUUID, id string) (bool, string, error) {
	var d struct {
		ID     string `bson:"migration-id"`
		Abort  bool   `bson:"abort-requested"`
		Reason string `bson:"abort-reason"`
	}
	err := src.State().Collection(ActiveCollection).FindOne(ctx, bson.D{{Key: "_id", Value: modelUUID}}).Decode(&d)
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		return false, "", nil
	case err != nil:
		return false, "", fmt.Errorf("migrate: reading %s: %w", ActiveCollection, err)
	}
	if d.ID != id {
		return false, "", nil
	}
	return d.Abort, d.Reason, nil
}

// heartbeat keeps the record's heartbeat fresh while a run goes on, and
// stops the run (stop with a cause) when an abort is requested or another
// process took the migration over. After an abort request it goes on
// beating, so that the abort keeps the migration's lease.
func heartbeat(ctx context.Context, w *recorder, modelUUID string, every time.Duration, stop func(error)) {
	t := time.NewTicker(every)
	defer t.Stop()
	asked := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		w.mu.Lock()
		now := w.now()
		res, err := w.coll().UpdateOne(ctx, bson.D{{Key: "_id", Value: w.rec.ID}, {Key: "owner", Value: w.rec.Owner}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "heartbeat", Value: now}}}})
		w.mu.Unlock()
		switch {
		case err != nil:
			// A database hiccup: the phases will meet it too.
			continue
		case res.MatchedCount == 0:
			stop(errLeaseLost)
			return
		}
		if asked {
			continue
		}
		if abort, _, err := abortRequest(ctx, w.c, modelUUID, w.rec.ID); err == nil && abort {
			stop(ErrAbortRequested)
			asked = true
		}
	}
}
