package migrate

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/export"
	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/jujudb"
)

// Defaults of Options.
const (
	DefaultGrace         = 30 * time.Second
	DefaultCheckInterval = 2 * time.Second
	DefaultHeartbeat     = 2 * time.Second
	DefaultLeaseTimeout  = 20 * time.Second
	DefaultLogBatch      = 2000
	DefaultAbortWait     = 5 * time.Minute
)

// Options tune a migration. The zero value gives every default.
type Options struct {
	// Grace is how long the prechecks wait for a busy model to settle
	// (machines being provisioned, agents down, units mid-upgrade): they
	// run every CheckInterval until they pass or Grace is over. A
	// negative Grace checks once; 0 means DefaultGrace.
	Grace         time.Duration
	CheckInterval time.Duration
	// Progress receives events as the migration goes. It is called from
	// the migration's goroutine and should return quickly.
	Progress func(Event)
	// InitiatedBy is the user recorded as having started the migration;
	// empty means "admin".
	InitiatedBy string
	// LogBatch is the number of log entries per insert.
	LogBatch int
	// Heartbeat is how often a running migration tells its record it is
	// alive; LeaseTimeout how long a resume waits for a silent owner on
	// another host before taking over (an owner on this host that is gone
	// is taken over at once).
	Heartbeat, LeaseTimeout time.Duration
	// AbortWait bounds how long Abort waits for the process running the
	// migration to abort it.
	AbortWait time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time

	// Target is the description generation the model migrates in: what
	// the target controller is known to hold. The zero Target means the
	// generation the target controller's Juju version reads (its agent
	// version; description.TargetForJuju).
	Target description.Target
	// AllowLoss migrates a model holding values that generation cannot
	// hold (description.Losses), without them, listing them in an
	// EventInfo. Without it the prechecks refuse such a model, listing
	// every value by path.
	AllowLoss bool

	// beforePhase, when set (tests), runs after a phase is recorded as
	// started and before it runs; afterPhase after it ran, and an error
	// from it fails the phase.
	beforePhase func(Phase)
	afterPhase  func(Phase) error
	// beforeCommit, when set (tests), runs in the switch-over just before
	// the target model is activated; an error from it fails the phase.
	beforeCommit func() error
}

func (o Options) withDefaults() Options {
	if o.Grace == 0 {
		o.Grace = DefaultGrace
	}
	if o.CheckInterval <= 0 {
		o.CheckInterval = DefaultCheckInterval
	}
	if o.InitiatedBy == "" {
		o.InitiatedBy = "admin"
	}
	if o.LogBatch <= 0 {
		o.LogBatch = DefaultLogBatch
	}
	if o.Heartbeat <= 0 {
		o.Heartbeat = DefaultHeartbeat
	}
	if o.LeaseTimeout <= 0 {
		o.LeaseTimeout = DefaultLeaseTimeout
	}
	if o.AbortWait <= 0 {
		o.AbortWait = DefaultAbortWait
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// EventKind says what an Event reports.
type EventKind string

// Event kinds.
const (
	// EventStarted: a migration (or dry run, or resume, or abort) began.
	EventStarted EventKind = "started"
	// EventPhaseStarted and EventPhaseDone bracket a phase.
	EventPhaseStarted EventKind = "phase-started"
	EventPhaseDone    EventKind = "phase-done"
	// EventProgress: documents, blobs or log entries moved within a phase.
	EventProgress EventKind = "progress"
	// EventWaiting: the prechecks failed and will be run again.
	EventWaiting EventKind = "waiting"
	// EventInfo: something worth saying that is not progress.
	EventInfo EventKind = "info"
	// EventAborting, EventPhaseUndone and EventAborted: an abort and its steps.
	EventAborting    EventKind = "aborting"
	EventPhaseUndone EventKind = "phase-undone"
	EventAborted     EventKind = "aborted"
	// EventDone: the migration is done.
	EventDone EventKind = "done"
	// EventFailed: the migration stopped on an error it could not abort from
	// (after switch-over), or was interrupted; it can be resumed.
	EventFailed EventKind = "failed"
)

// Event reports a migration's progress.
type Event struct {
	Time        time.Time `json:"time"`
	Kind        EventKind `json:"event"`
	MigrationID string    `json:"id,omitempty"`
	Model       string    `json:"model,omitempty"`
	Phase       Phase     `json:"phase,omitempty"`
	// Done and Total count the phase's items (Unit says what they are);
	// Total is 0 when unknown.
	Done  int64  `json:"done,omitempty"`
	Total int64  `json:"total,omitempty"`
	Unit  string `json:"unit,omitempty"`
	// Bytes and TotalBytes count bytes copied, where that means something.
	Bytes      int64 `json:"bytes,omitempty"`
	TotalBytes int64 `json:"total-bytes,omitempty"`
	// Elapsed is the time since the phase (or, for Finished, the
	// migration) started.
	Elapsed time.Duration `json:"elapsed-ns,omitempty"`
	Message string        `json:"message,omitempty"`
	Error   string        `json:"error,omitempty"`
	DryRun  bool          `json:"dry-run,omitempty"`
}

// Errors a migration returns.
var (
	// ErrPrecheck is matched by a *PrecheckError.
	ErrPrecheck = errors.New("prechecks failed")
	// ErrAlreadyMigrating: the model is being migrated already.
	ErrAlreadyMigrating = errors.New("model is already being migrated")
	// ErrAborted is wrapped by the error of a migration that was aborted.
	ErrAborted = errors.New("migration aborted")
	// ErrAbortRequested is the cause an abort request stops a run with.
	ErrAbortRequested = errors.New("abort requested")
	// ErrCommitted: the migration has switched over and cannot be
	// aborted, only completed.
	ErrCommitted = errors.New("migration has switched over")
	// ErrValidation is matched by a *ValidationError.
	ErrValidation = errors.New("validation failed")
)

// PrecheckError lists everything that stops a model from migrating.
type PrecheckError struct {
	Model    string
	Problems []string
	// Waited is how long the checks waited for the model to settle.
	Waited time.Duration
}

func (e *PrecheckError) Error() string {
	s := fmt.Sprintf("migrate: model %s cannot be migrated", e.Model)
	if e.Waited > 0 {
		s += fmt.Sprintf(" (still, after waiting %s)", e.Waited.Round(time.Second))
	}
	return s + ":\n  - " + strings.Join(e.Problems, "\n  - ")
}

// Is makes errors.Is(err, ErrPrecheck) true.
func (e *PrecheckError) Is(target error) bool { return target == ErrPrecheck }

// ValidationError lists how the target's copy of a model differs from the
// source's.
type ValidationError struct {
	Model       string
	Differences []string
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("migrate: the target's copy of model %s differs from the source's in %d place(s):\n  - %s",
		e.Model, len(e.Differences), strings.Join(e.Differences, "\n  - "))
}

// Is makes errors.Is(err, ErrValidation) true.
func (e *ValidationError) Is(target error) bool { return target == ErrValidation }

// AbortedError is what a migration that was aborted returns: why, and
// what the abort did.
type AbortedError struct {
	ID     string
	Phase  Phase // the phase it was aborted in
	Reason error
	// UndoErr is set if the abort itself failed; the migration is then
	// left "aborting" for a resume to finish.
	UndoErr error
}

func (e *AbortedError) Error() string {
	s := fmt.Sprintf("migrate: migration %s aborted in phase %s: %v", e.ID, e.Phase, e.Reason)
	if e.UndoErr != nil {
		s += fmt.Sprintf("; undoing it failed too (%v): run 'ferry migrate --resume %s' to finish the abort", e.UndoErr, e.ID)
	} else {
		s += "; the source model is active again and the target holds nothing of it"
	}
	return s
}

func (e *AbortedError) Unwrap() []error {
	errs := []error{ErrAborted, e.Reason}
	if e.UndoErr != nil {
		errs = append(errs, e.UndoErr)
	}
	return errs
}

// InterruptedError is what a migration returns when it stopped before
// finishing or aborting: its context was cancelled, or it failed after the
// switch-over. Resume finishes it.
type InterruptedError struct {
	ID    string
	Phase Phase
	Err   error
}

func (e *InterruptedError) Error() string {
	return fmt.Sprintf("migrate: migration %s stopped in phase %s: %v; run 'ferry migrate --resume %s' to finish it", e.ID, e.Phase, e.Err, e.ID)
}

func (e *InterruptedError) Unwrap() error { return e.Err }

// Result describes a finished migration (or dry run).
type Result struct {
	// Record is the migration's final record. A dry run's is not stored
	// anywhere; its ID is "dry-run".
	Record *Record
	DryRun bool
}

// PhaseTimes returns how long each phase that finished took.
func (r *Result) PhaseTimes() map[Phase]time.Duration {
	out := map[Phase]time.Duration{}
	for p, pr := range r.Record.Phases {
		if pr != nil && !pr.Finished.IsZero() {
			out[p] = pr.Duration
		}
	}
	return out
}

// FindModel finds a model on a controller by UUID, owner/name or name.
func FindModel(ctx context.Context, c *Controller, ref string) (export.ModelSummary, error) {
	s, err := export.FindModel(ctx, export.NewMongoSource(c.State()), ref)
	if err != nil {
		return s, fmt.Errorf("migrate: on %s: %w", c.label(), err)
	}
	return s, nil
}

// Migrate migrates a model (by UUID, owner/name or name) from src to dst,
// end to end: every phase of Phases, recorded on src as it goes. On an
// error before the switch-over it aborts, undoing what it did, and returns
// an *AbortedError; a model that fails its prechecks is refused with a
// *PrecheckError inside one. RequestAbort (from this process or any
// other) aborts it the same way, unless it has switched over. If ctx is
// cancelled it stops where it is and returns an *InterruptedError: Resume
// (in this process or any other) finishes the migration, and Abort undoes
// it. After the switch-over, an error also leaves it for Resume.
func Migrate(ctx context.Context, src, dst *Controller, modelRef string, opts Options) (*Result, error) {
	opts = opts.withDefaults()
	sum, err := FindModel(ctx, src, modelRef)
	if err != nil {
		return nil, err
	}
	if err := checkNotActive(ctx, src, sum.UUID, sum.Ref()); err != nil {
		return nil, err
	}
	srcInfo, err := src.Info(ctx)
	if err != nil {
		return nil, err
	}
	dstInfo, err := dst.Info(ctx)
	if err != nil {
		return nil, err
	}
	attempt, err := nextAttempt(ctx, src, sum.UUID)
	if err != nil {
		return nil, err
	}
	now := opts.Now().UTC().Truncate(time.Millisecond)
	rec := &Record{
		ID: fmt.Sprintf("%s:%d", sum.UUID, attempt), ModelUUID: sum.UUID, ModelName: sum.Name, ModelOwner: sum.Owner, Attempt: attempt,
		Source: Endpoint{Name: src.label(), UUID: srcInfo.UUID, Address: src.Address, Version: srcInfo.Version},
		Target: Endpoint{Name: dst.label(), UUID: dstInfo.UUID, Address: dst.Address, Version: dstInfo.Version},
		State:  Running, Phases: map[Phase]*PhaseRecord{}, Started: now, Updated: now,
		Owner: newOwner(), Heartbeat: now, InitiatedBy: opts.InitiatedBy, Grace: opts.Grace,
		Format: opts.Target.Release, AllowLoss: opts.AllowLoss,
	}
	if _, err := src.State().Collection(RecordsCollection).InsertOne(ctx, rec); err != nil {
		return nil, fmt.Errorf("migrate: recording the migration on %s: %w", src.label(), err)
	}
	// The guard comes second: a crash in between leaves a record that a
	// resume completes (taking the guard then), never a guard without one.
	if _, err := src.State().Collection(ActiveCollection).InsertOne(ctx, bson.D{{Key: "_id", Value: sum.UUID}, {Key: "migration-id", Value: rec.ID}}); err != nil {
		other, _ := Active(context.WithoutCancel(ctx), src, sum.UUID)
		reason := fmt.Errorf("model %s: %w (migration %s)", sum.Ref(), ErrAlreadyMigrating, other)
		if !mongo.IsDuplicateKeyError(err) {
			reason = fmt.Errorf("recording the migration on %s: %w", src.label(), err)
		}
		src.State().Collection(RecordsCollection).UpdateOne(context.WithoutCancel(ctx), bson.D{{Key: "_id", Value: rec.ID}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "state", Value: Aborted}, {Key: "error", Value: reason.Error()}, {Key: "finished", Value: now}}}})
		return nil, fmt.Errorf("migrate: %w", reason)
	}
	r := newRun(src, dst, rec, opts)
	r.srcInfo, r.dstInfo = srcInfo, dstInfo
	r.emit(Event{Kind: EventStarted, Message: fmt.Sprintf("migrating %s from %s to %s", sum.Ref(), src.label(), dst.label())})
	return r.drive(ctx, false)
}

// checkNotActive refuses a model that a migration holds. A guard whose
// migration finished, or has no record, is stale (a process stopped
// between its last steps) and is removed.
func checkNotActive(ctx context.Context, src *Controller, uuid, ref string) error {
	id, err := Active(ctx, src, uuid)
	if err != nil || id == "" {
		return err
	}
	rec, err := Get(ctx, src, id)
	if err == nil && rec.State != Done && rec.State != Aborted {
		return fmt.Errorf("migrate: model %s: %w (migration %s, %s in phase %s)", ref, ErrAlreadyMigrating, id, rec.State, rec.Phase)
	}
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	if _, err := src.State().Collection(ActiveCollection).DeleteOne(ctx, bson.D{{Key: "_id", Value: uuid}, {Key: "migration-id", Value: id}}); err != nil {
		return fmt.Errorf("migrate: removing the stale guard of model %s: %w", ref, err)
	}
	return nil
}

// Resume takes over migration id (recorded on src) from a process that is
// gone, and finishes it: forward from the phase it stopped in, or, if it
// was aborting or an abort was requested, the abort. dst must be the
// controller the migration started with (its UUID is checked).
func Resume(ctx context.Context, src, dst *Controller, id string, opts Options) (*Result, error) {
	opts = opts.withDefaults()
	rec, err := Get(ctx, src, id)
	if err != nil {
		return nil, err
	}
	if rec.State == Done || rec.State == Aborted {
		res := &Result{Record: rec}
		// Release what a process stopped between its last steps left held.
		r := newRun(src, dst, rec, opts)
		if err := r.release(ctx); err != nil {
			return res, err
		}
		if rec.State == Aborted {
			return res, &AbortedError{ID: rec.ID, Phase: rec.Phase, Reason: errors.New(rec.Error)}
		}
		return res, nil
	}
	dstInfo, err := dst.Info(ctx)
	if err != nil {
		return nil, err
	}
	if dstInfo.UUID != rec.Target.UUID {
		return nil, fmt.Errorf("migrate: migration %s goes to controller %s (%s), but %s is controller %s", id, rec.Target.UUID, rec.Target.Name, dst.label(), dstInfo.UUID)
	}
	srcInfo, err := src.Info(ctx)
	if err != nil {
		return nil, err
	}
	owner := newOwner()
	if rec, err = claim(ctx, src, id, owner, opts.LeaseTimeout, opts.Now().UTC()); err != nil {
		return nil, err
	}
	// The model's guard: a migration cut short right after it was
	// recorded may not have taken it yet.
	if _, err := src.State().Collection(ActiveCollection).InsertOne(ctx, bson.D{{Key: "_id", Value: rec.ModelUUID}, {Key: "migration-id", Value: rec.ID}}); err != nil && !mongo.IsDuplicateKeyError(err) {
		return nil, fmt.Errorf("migrate: taking model %s: %w", rec.ModelUUID, err)
	}
	if other, err := Active(ctx, src, rec.ModelUUID); err != nil {
		return nil, err
	} else if other != rec.ID {
		return nil, fmt.Errorf("migrate: model %s: %w (migration %s)", rec.ModelUUID, ErrAlreadyMigrating, other)
	}
	requested, _, err := abortRequest(ctx, src, rec.ModelUUID, rec.ID)
	if err != nil {
		return nil, err
	}
	r := newRun(src, dst, rec, opts)
	r.srcInfo, r.dstInfo = srcInfo, dstInfo
	r.emit(Event{Kind: EventStarted, Message: fmt.Sprintf("resuming migration %s of %s/%s (%s, phase %s)", id, rec.ModelOwner, rec.ModelName, rec.State, rec.Phase)})
	return r.drive(ctx, rec.State == Aborting || requested)
}

// Abort aborts migration id. If a live process is running it, Abort asks
// it to abort (through the record) and waits up to Options.AbortWait for
// it to finish; otherwise it takes the migration over and undoes it
// itself. A migration that has switched over cannot be aborted: Abort
// returns ErrCommitted and Resume completes it.
func Abort(ctx context.Context, src, dst *Controller, id string, opts Options) (*Result, error) {
	opts = opts.withDefaults()
	rec, err := Get(ctx, src, id)
	if err != nil {
		return nil, err
	}
	switch {
	case rec.State == Aborted:
		return &Result{Record: rec}, nil
	case rec.State == Done || rec.Committed:
		return &Result{Record: rec}, fmt.Errorf("migrate: migration %s: %w; it can only be completed ('ferry migrate --resume %s')", id, ErrCommitted, id)
	}
	if err := RequestAbort(ctx, src, id, "requested by "+opts.InitiatedBy); err != nil {
		return nil, err
	}
	deadline := opts.Now().Add(opts.AbortWait)
	for {
		res, err := Resume(ctx, src, dst, id, opts)
		if !errors.Is(err, ErrBusy) {
			if errors.Is(err, ErrAborted) {
				// What the caller asked for.
				var ae *AbortedError
				if errors.As(err, &ae) && ae.UndoErr == nil {
					return res, nil
				}
			}
			return res, err
		}
		// A live process runs it: it sees the request at its next
		// heartbeat and aborts.
		rec, gerr := Get(ctx, src, id)
		if gerr == nil && (rec.State == Aborted || rec.State == Done || rec.Committed) {
			if rec.State == Aborted {
				return &Result{Record: rec}, nil
			}
			return &Result{Record: rec}, fmt.Errorf("migrate: migration %s: %w before the abort request was seen", id, ErrCommitted)
		}
		if opts.Now().After(deadline) {
			return nil, fmt.Errorf("migrate: migration %s: the abort was requested but the process running it has not aborted it after %s: %w", id, opts.AbortWait, err)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(opts.Heartbeat):
		}
	}
}

// RequestAbort asks the process running migration id to abort it, by
// setting the request in its record: a process sees it at its next
// heartbeat (this one at once). It does not wait; Abort does. A migration
// that has switched over cannot be aborted: the request is refused with
// ErrCommitted, and one that arrives as the switch-over commits is
// ignored.
func RequestAbort(ctx context.Context, src *Controller, id, reason string) error {
	rec, err := Get(ctx, src, id)
	switch {
	case err != nil:
		return err
	case rec.Committed || rec.State == Done:
		return fmt.Errorf("migrate: migration %s: %w; it can only be completed", id, ErrCommitted)
	case rec.State == Aborted:
		return fmt.Errorf("migrate: migration %s is aborted already", id)
	}
	// The request goes into the model's guard, not the record, which only
	// the migration's process writes (see recorder).
	set := bson.D{{Key: "abort-requested", Value: true}, {Key: "abort-reason", Value: reason}}
	guards := src.State().Collection(ActiveCollection)
	res, err := guards.UpdateOne(ctx, bson.D{{Key: "_id", Value: rec.ModelUUID}, {Key: "migration-id", Value: id}}, bson.D{{Key: "$set", Value: set}})
	if err != nil {
		return fmt.Errorf("migrate: requesting the abort of %s: %w", id, err)
	}
	if res.MatchedCount == 0 {
		// A migration stopped before it took its guard: take it for it.
		_, err := guards.InsertOne(ctx, append(bson.D{{Key: "_id", Value: rec.ModelUUID}, {Key: "migration-id", Value: id}}, set...))
		if mongo.IsDuplicateKeyError(err) {
			other, _ := Active(ctx, src, rec.ModelUUID)
			return fmt.Errorf("migrate: model %s is held by migration %s, not %s", rec.ModelUUID, other, id)
		}
		if err != nil {
			return fmt.Errorf("migrate: requesting the abort of %s: %w", id, err)
		}
	}
	// A run in this process hears it now; others at their next heartbeat.
	abortLiveRun(id)
	return nil
}

// PrepareTarget writes into dst the controller documents a Juju
// controller has (controller settings and model, hosted model count) and
// the cloud, region, credential, users and secret backends the model
// needs, where they are missing, so that a bare database (such as 'ferry
// serve' runs) can take the model. version is the controller version to
// record when there is none ("" for the model's agent version). It
// returns what it wrote, as "collection/_id".
func PrepareTarget(ctx context.Context, src, dst *Controller, modelRef, version string) ([]string, error) {
	sum, err := FindModel(ctx, src, modelRef)
	if err != nil {
		return nil, err
	}
	m, err := export.Export(ctx, export.NewMongoSource(src.State()), sum.UUID,
		export.Options{Kinds: export.Model | export.Users | export.Secrets, StatusHistoryLimit: -1})
	if err != nil {
		return nil, fmt.Errorf("migrate: reading model %s: %w", sum.Ref(), err)
	}
	rep, err := importer.New(dst.State(), importer.Options{}).InitController(ctx, m, importer.InitOptions{Version: version})
	if err != nil {
		return nil, fmt.Errorf("migrate: preparing %s: %w", dst.label(), err)
	}
	return rep.Written, nil
}

// nextAttempt takes the next number from the model's "modelmigration"
// sequence, as Juju's CreateModelMigration does, so that ferry's and
// Juju's migration ids never collide. It is the one write to the source
// before the prechecks; an aborted migration's number stays used, as in
// Juju.
func nextAttempt(ctx context.Context, src *Controller, modelUUID string) (int, error) {
	var before struct {
		Counter int64 `bson:"counter"`
	}
	err := src.State().Collection(jujudb.Sequence).FindOneAndUpdate(ctx,
		bson.D{{Key: "_id", Value: jujudb.DocID(modelUUID, "modelmigration")}},
		bson.D{
			{Key: "$inc", Value: bson.D{{Key: "counter", Value: int32(1)}}},
			{Key: "$setOnInsert", Value: bson.D{{Key: "name", Value: "modelmigration"}, {Key: jujudb.FieldModelUUID, Value: modelUUID}}},
		},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.Before)).Decode(&before)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return 0, fmt.Errorf("migrate: taking a migration number for model %s on %s: %w", modelUUID, src.label(), err)
	}
	return int(before.Counter), nil
}
