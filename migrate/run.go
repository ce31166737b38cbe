package migrate

import (
	"context"
	"errors"
	"fmt"
	"runtime/pprof"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/description"
	importer "github.com/modelferry/ferry/import"
)

// cleanupTimeout bounds the bookkeeping a run does after its context was
// cancelled (recording why it stopped).
const cleanupTimeout = 30 * time.Second

// run is one process's work on one migration: going forward through the
// phases, or undoing them.
type run struct {
	src, dst         *Controller
	rec              *Record
	opts             Options
	w                *recorder
	srcInfo, dstInfo ControllerInfo

	// exported is the source's export, read once per run: the source is
	// quiesced, so it does not change; model is it in the generation the
	// migration writes. srcReads is what that export read, until the
	// import has made the cleanup plan of it.
	exported *description.Model
	model    *description.Model
	srcReads *modelReads
	// counted is what the validation's export of the target read of each
	// collection, for the activation's check (nil: no validation in this
	// run).
	counted importer.Remains
	// lost is what the generation the migration writes cannot hold of the
	// source's model, left behind with AllowLoss (set with model).
	lost []description.Loss
	// man is the blob manifest, once read or written.
	man *manifest
	// versions are the agent versions the model runs, as the checks after
	// the quiesce read them, and charms the storage of its charms, as the
	// import read them: both hold from then on (nil: not read in this
	// run).
	versions map[string]bool
	charms   map[string]charmBlob

	// dry is set for a dry run: the target databases it writes to.
	dry *scratch

	// committed mirrors rec.Committed for the heartbeat goroutine.
	committed atomic.Bool
}

func newRun(src, dst *Controller, rec *Record, opts Options) *run {
	if rec.Phases == nil {
		rec.Phases = map[Phase]*PhaseRecord{}
	}
	r := &run{src: src, dst: dst, rec: rec, opts: opts, w: &recorder{c: src, rec: rec, now: func() time.Time { return opts.Now().UTC() }}}
	r.committed.Store(rec.Committed)
	return r
}

func (r *run) now() time.Time { return r.opts.Now().UTC() }

func (r *run) modelRef() string { return r.rec.ModelOwner + "/" + r.rec.ModelName }

func (r *run) emit(e Event) {
	if r.opts.Progress == nil {
		return
	}
	e.Time = r.now()
	e.MigrationID = r.rec.ID
	e.Model = r.modelRef()
	e.DryRun = r.dry != nil
	r.opts.Progress(e)
}

// phaseElapsed is the time since the current phase started.
func (r *run) phaseElapsed(p Phase) time.Duration {
	if pr := r.rec.Phases[p]; pr != nil && !pr.Started.IsZero() {
		return r.now().Sub(pr.Started)
	}
	return 0
}

// drive runs the migration to its end: forward, or (abort) backward.
func (r *run) drive(parent context.Context, abort bool) (*Result, error) {
	setLive(r.rec.Owner, true)
	defer setLive(r.rec.Owner, false)
	// ctx is the forward run's; actx the abort's, which goes on after an
	// error or an abort request has ended the forward run. Both end when
	// the parent does or another process takes the migration over.
	ctx, cancel := context.WithCancelCause(parent)
	defer cancel(nil)
	actx, acancel := context.WithCancelCause(context.WithoutCancel(parent))
	defer acancel(nil)
	stopOnParent := context.AfterFunc(parent, func() { acancel(parent.Err()) })
	defer stopOnParent()
	// One heartbeat for the whole run, forward and abort, so that the
	// lease never lapses in between.
	hbCtx, hbStop := context.WithCancel(actx)
	defer hbStop()
	stop := func(err error) {
		if errors.Is(err, ErrAbortRequested) && r.committed.Load() {
			// Too late: the switch-over committed; the migration completes.
			return
		}
		cancel(err)
		if errors.Is(err, errLeaseLost) {
			acancel(err)
		}
	}
	go heartbeat(hbCtx, r.w, r.rec.ModelUUID, r.opts.Heartbeat, stop)
	if r.dry == nil {
		setLiveRun(r.rec.ID, func() { stop(ErrAbortRequested) })
		defer setLiveRun(r.rec.ID, nil)
	}

	var err error
	if !abort {
		err = r.forward(ctx)
		if err == nil {
			return &Result{Record: r.rec}, nil
		}
	}
	cause := context.Cause(ctx)
	switch {
	case errors.Is(cause, errLeaseLost) || errors.Is(err, errLeaseLost):
		return &Result{Record: r.rec}, &InterruptedError{ID: r.rec.ID, Phase: r.rec.Phase, Err: errLeaseLost}
	case !abort && parent.Err() != nil:
		// Interrupted: leave everything as it is for Resume.
		r.stopped(parent, err)
		return &Result{Record: r.rec}, &InterruptedError{ID: r.rec.ID, Phase: r.rec.Phase, Err: err}
	case r.rec.Committed:
		r.stopped(parent, err)
		return &Result{Record: r.rec}, &InterruptedError{ID: r.rec.ID, Phase: r.rec.Phase, Err: err}
	}
	reason := err
	requested, why, _ := abortRequest(actx, r.src, r.rec.ModelUUID, r.rec.ID)
	if errors.Is(cause, ErrAbortRequested) || requested {
		r.rec.AbortRequested, r.rec.AbortReason = true, or(why, "no reason given")
		reason = fmt.Errorf("%w (%s)", ErrAbortRequested, r.rec.AbortReason)
	} else if abort {
		reason = errors.New(or(r.rec.Error, "abort resumed"))
	}
	// The abort goes on although the forward run's context is done: it is
	// what was asked for, or what an error calls for. A cancelled parent
	// still stops it (it stays "aborting" for a resume).
	return r.abort(actx, reason)
}

// stopped records why a run stopped without finishing.
func (r *run) stopped(parent context.Context, err error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), cleanupTimeout)
	defer cancel()
	msg := fmt.Sprint(err)
	r.rec.Error = msg
	_ = r.w.set(ctx, bson.D{{Key: "error", Value: msg}})
	r.emit(Event{Kind: EventFailed, Phase: r.rec.Phase, Error: msg, Message: fmt.Sprintf("stopped in phase %s; 'ferry migrate --resume %s' finishes it", r.rec.Phase, r.rec.ID)})
}

// forward runs the phases from where the record says the migration
// stands: a phase that started and did not finish runs again (every phase
// is safe to run again), then the ones after it.
func (r *run) forward(ctx context.Context) error {
	start := 0
	if r.rec.Phase != "" {
		start = phaseIndex(r.rec.Phase)
		if pr := r.rec.Phases[r.rec.Phase]; pr != nil && !pr.Finished.IsZero() {
			start++
		}
	}
	for _, p := range Phases[start:] {
		if err := r.runPhase(ctx, p); err != nil {
			return err
		}
	}
	return r.finish(ctx)
}

func (r *run) phaseFunc(p Phase) func(context.Context) error {
	switch p {
	case Precheck:
		return r.precheck
	case Quiesce:
		return r.quiesce
	case Import:
		return r.importModel
	case Binaries:
		return r.copyBinaries
	case Logs:
		return r.copyLogs
	case Validate:
		return r.validate
	case Switchover:
		return r.switchover
	case Cleanup:
		return r.cleanup
	}
	return func(context.Context) error { return fmt.Errorf("unknown phase %q", p) }
}

func (r *run) undoFunc(p Phase) func(context.Context) error {
	switch p {
	case Quiesce:
		return r.undoQuiesce
	case Import:
		return r.undoImport
	case Binaries:
		return r.undoBinaries
	case Logs:
		return r.undoLogs
	}
	return nil
}

// runPhase records the phase as started, runs it and records it as
// finished (or its error).
func (r *run) runPhase(ctx context.Context, p Phase) error {
	pr := r.rec.Phases[p]
	if pr == nil {
		pr = &PhaseRecord{}
		r.rec.Phases[p] = pr
	}
	pr.Started, pr.Finished, pr.Error, pr.Duration = r.now(), time.Time{}, "", 0
	pr.Runs++
	r.rec.Phase = p
	if err := r.record(ctx, bson.D{{Key: "phase", Value: p}, {Key: "phases." + string(p), Value: pr}}); err != nil {
		return err
	}
	r.emit(Event{Kind: EventPhaseStarted, Phase: p})
	if r.opts.beforePhase != nil {
		r.opts.beforePhase(p)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	var err error
	// Labelled, so that a CPU profile of a migration splits by phase
	// what runs in ferry's goroutines from what the servers' own do.
	pprof.Do(ctx, pprof.Labels("ferry.phase", string(p)), func(ctx context.Context) {
		err = r.phaseFunc(p)(ctx)
	})
	if err == nil && r.opts.afterPhase != nil {
		err = r.opts.afterPhase(p)
	}
	if err != nil {
		pr.Error = err.Error()
		if ctx.Err() == nil {
			_ = r.record(ctx, bson.D{{Key: "phases." + string(p) + ".error", Value: pr.Error}})
		}
		return fmt.Errorf("phase %s: %w", p, err)
	}
	pr.Finished = r.now()
	pr.Duration = pr.Finished.Sub(pr.Started)
	if err := r.record(ctx, bson.D{{Key: "phases." + string(p), Value: pr}, {Key: "counters", Value: r.rec.Counters}}); err != nil {
		return err
	}
	r.emit(Event{Kind: EventPhaseDone, Phase: p, Elapsed: pr.Duration, Message: r.phaseSummary(p)})
	return nil
}

// record writes fields of the record (nothing for a dry run, which
// writes nothing to the source).
func (r *run) record(ctx context.Context, fields bson.D) error {
	if r.dry != nil {
		return nil
	}
	return r.w.set(ctx, fields)
}

// finish marks the migration done and releases the model.
func (r *run) finish(ctx context.Context) error {
	if r.dry != nil {
		return nil
	}
	r.rec.State, r.rec.Finished, r.rec.Error = Done, r.now(), ""
	if err := r.record(ctx, bson.D{{Key: "state", Value: Done}, {Key: "finished", Value: r.rec.Finished}, {Key: "error", Value: ""}}); err != nil {
		return err
	}
	if err := r.release(ctx); err != nil {
		return err
	}
	r.emit(Event{Kind: EventDone, Elapsed: r.rec.Finished.Sub(r.rec.Started),
		Message: fmt.Sprintf("%s now lives on %s", r.modelRef(), r.rec.Target.Name)})
	return nil
}

// release removes the model's active guard and the blob manifest.
func (r *run) release(ctx context.Context) error {
	if _, err := r.src.State().Collection(ActiveCollection).DeleteOne(ctx, bson.D{{Key: "_id", Value: r.rec.ModelUUID}, {Key: "migration-id", Value: r.rec.ID}}); err != nil {
		return fmt.Errorf("releasing model %s: %w", r.rec.ModelUUID, err)
	}
	if _, err := r.src.State().Collection(BlobsCollection).DeleteOne(ctx, bson.D{{Key: "_id", Value: r.rec.ID}}); err != nil {
		return fmt.Errorf("removing the blob manifest of %s: %w", r.rec.ID, err)
	}
	return nil
}

// abort undoes, newest first, every phase that started: the target
// loses everything of the model and the source model is active again. It
// stops at the first undo that fails, leaving the migration "aborting"
// for a resume to finish, so that the undos always run in order.
func (r *run) abort(ctx context.Context, reason error) (*Result, error) {
	res := &Result{Record: r.rec}
	// A switch-over that activated the target is a commit, whatever the
	// record managed to say about it.
	if err := r.detectCommit(ctx); err != nil {
		return res, &AbortedError{ID: r.rec.ID, Phase: r.rec.Phase, Reason: reason, UndoErr: err}
	}
	if r.rec.Committed {
		err := fmt.Errorf("migrate: migration %s: %w; completing it instead", r.rec.ID, ErrCommitted)
		r.emit(Event{Kind: EventInfo, Message: err.Error()})
		if ferr := r.forward(ctx); ferr != nil {
			return res, &InterruptedError{ID: r.rec.ID, Phase: r.rec.Phase, Err: ferr}
		}
		return res, err
	}
	msg := reason.Error()
	r.rec.State, r.rec.Error = Aborting, msg
	if err := r.record(ctx, bson.D{{Key: "state", Value: Aborting}, {Key: "error", Value: msg},
		{Key: "abort-requested", Value: r.rec.AbortRequested}, {Key: "abort-reason", Value: r.rec.AbortReason}}); err != nil {
		return res, &AbortedError{ID: r.rec.ID, Phase: r.rec.Phase, Reason: reason, UndoErr: err}
	}
	r.emit(Event{Kind: EventAborting, Phase: r.rec.Phase, Error: msg})
	for i := len(Phases) - 1; i >= 0; i-- {
		p := Phases[i]
		pr := r.rec.Phases[p]
		undo := r.undoFunc(p)
		if pr == nil || pr.Started.IsZero() || undo == nil {
			continue
		}
		if err := undo(ctx); err != nil {
			uerr := fmt.Errorf("undoing phase %s: %w", p, err)
			r.emit(Event{Kind: EventFailed, Phase: p, Error: uerr.Error()})
			return res, &AbortedError{ID: r.rec.ID, Phase: r.rec.Phase, Reason: reason, UndoErr: uerr}
		}
		pr.Undone = r.now()
		if err := r.record(ctx, bson.D{{Key: "phases." + string(p) + ".undone", Value: pr.Undone}}); err != nil {
			return res, &AbortedError{ID: r.rec.ID, Phase: r.rec.Phase, Reason: reason, UndoErr: err}
		}
		r.emit(Event{Kind: EventPhaseUndone, Phase: p})
	}
	if r.dry == nil {
		// "Holds nothing" is said only after a count says so.
		rem, err := importer.New(r.dst.State(), importer.Options{LogsDB: r.dst.Logs(), LeaseOwner: r.leaseOwner()}).Remains(ctx, r.rec.ModelUUID)
		if err == nil && rem.Total() > 0 {
			err = fmt.Errorf("left of the model on %s: %s; 'ferry migration abort %s' removes it", r.dst.label(), rem, r.rec.ID)
		}
		if err != nil {
			r.emit(Event{Kind: EventFailed, Phase: r.rec.Phase, Error: err.Error()})
			return res, &AbortedError{ID: r.rec.ID, Phase: r.rec.Phase, Reason: reason, UndoErr: fmt.Errorf("checking the target after the undo: %w", err)}
		}
		r.rec.State, r.rec.Finished = Aborted, r.now()
		if err := r.record(ctx, bson.D{{Key: "state", Value: Aborted}, {Key: "finished", Value: r.rec.Finished}}); err != nil {
			return res, &AbortedError{ID: r.rec.ID, Phase: r.rec.Phase, Reason: reason, UndoErr: err}
		}
		if err := r.release(ctx); err != nil {
			return res, &AbortedError{ID: r.rec.ID, Phase: r.rec.Phase, Reason: reason, UndoErr: err}
		}
	}
	r.emit(Event{Kind: EventAborted, Phase: r.rec.Phase, Error: msg, Message: "the source model is active again and the target holds nothing of it (counted)"})
	return res, &AbortedError{ID: r.rec.ID, Phase: r.rec.Phase, Reason: reason}
}

// phaseSummary says in a few words what a phase did.
func (r *run) phaseSummary(p Phase) string {
	c := r.rec.Counters
	switch p {
	case Import:
		return fmt.Sprintf("%d documents written", c.Docs)
	case Binaries:
		return fmt.Sprintf("%d blobs (%s): %d copied, %d already on the target", c.Blobs, humanBytes(c.Bytes), c.Copied, c.Present)
	case Logs:
		return fmt.Sprintf("%d log entries", c.Logs)
	case Cleanup:
		return fmt.Sprintf("%d source documents removed", c.Removed)
	}
	return ""
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
