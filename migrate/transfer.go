package migrate

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/export"
	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/chunkdel"
	"github.com/modelferry/ferry/internal/jujudb"
	"github.com/modelferry/ferry/internal/modellogs"
)

// exportOptions are the options of every export a migration makes, of
// the source and of the target: everything the layout holds (Extended),
// with Juju's history limit.
var exportOptions = export.Options{Extended: true, StatusHistoryLimit: importer.RoundTripHistoryLimit}

// sourceModel exports the source model, once per run: after the quiesce
// it does not change (Juju refuses changes to a model that is exporting).
func (r *run) sourceModel(ctx context.Context) (*description.Model, error) {
	if r.model != nil {
		return r.model, nil
	}
	m := r.exported
	if m == nil {
		var err error
		if m, err = r.readSource(ctx, nil); err != nil {
			return nil, err
		}
	}
	// The generation's check comes here, in the phase that writes the
	// model, whichever phase read it.
	m, err := r.inFormat(m)
	if err != nil {
		return nil, err
	}
	r.model, r.exported = m, nil
	return m, nil
}

// readSource exports the source model and keeps it (exported) for the
// phases after, with what the export read (srcReads), including the
// documents of the keep collections as they were read.
func (r *run) readSource(ctx context.Context, keep map[string]bool) (*description.Model, error) {
	start := time.Now()
	reads := newModelReads(export.NewMongoSource(r.src.State()), r.rec.ModelUUID, true)
	reads.keep = keep
	m, err := export.Export(ctx, reads, r.rec.ModelUUID, exportOptions)
	if err != nil {
		return nil, fmt.Errorf("exporting the model from %s: %w", r.src.label(), err)
	}
	units := 0
	for _, a := range m.Applications {
		units += len(a.Units)
	}
	r.emit(Event{Kind: EventInfo, Phase: r.rec.Phase, Elapsed: time.Since(start),
		Message: fmt.Sprintf("read the model from %s: %d machines and containers, %d applications, %d units, %d relations in %s",
			r.src.label(), countMachines(m.Machines), len(m.Applications), units, len(m.Relations), time.Since(start).Round(time.Millisecond))})
	r.exported, r.srcReads = m, reads
	return m, nil
}

func countMachines(ms []*description.Machine) int {
	n := len(ms)
	for _, m := range ms {
		n += countMachines(m.Containers)
	}
	return n
}

// importer returns an importer writing to the target, with the log
// database so that an import creates the model's log collection and an
// abort drops it.
func (r *run) importer(logsSize int64) *importer.Importer {
	last := -1
	return importer.New(r.dst.State(), importer.Options{
		LogsDB: r.dst.Logs(), LogsSize: logsSize, Now: r.rec.ImportTime, LeaseOwner: r.leaseOwner(),
		Progress: func(p importer.Progress) {
			// The importer reports after each batch and each step; a step
			// of one batch would say the same twice.
			if p.Phase == "write" && p.Docs != last {
				last = p.Docs
				r.emit(Event{Kind: EventProgress, Phase: Import, Done: int64(p.Docs), Total: int64(p.TotalDocs), Unit: "documents", Elapsed: r.phaseElapsed(Import)})
			}
		},
	})
}

// importModel exports the model from the source and imports it into the
// target, where it stays marked importing (invisible to Juju's users and
// workers) until the switch-over. The import is the importer's own
// all-or-nothing write, with one change: the charm documents carry the
// storage paths and digests of the source's charm archives, which the
// binaries phase copies to the same paths (Juju's migration fills them in
// when it uploads the charms).
func (r *run) importModel(ctx context.Context) error {
	m, err := r.sourceModel(ctx)
	if err != nil {
		return err
	}
	if r.dry != nil {
		if err := r.initScratch(ctx); err != nil {
			return err
		}
	}
	if r.rec.ImportTime.IsZero() {
		r.rec.ImportTime = r.now().Truncate(time.Millisecond)
		if err := r.record(ctx, bson.D{{Key: "import-time", Value: r.rec.ImportTime}}); err != nil {
			return err
		}
	}
	size, _, err := modellogs.Size(ctx, r.src.Logs(), r.rec.ModelUUID)
	if err != nil {
		return err
	}
	im := r.importer(size)
	pre, err := im.Precheck(ctx, m)
	var ipe *importer.PrecheckError
	if errors.As(err, &ipe) {
		return &PrecheckError{Model: r.modelRef(), Problems: prefixed("target: ", ipe.Problems)}
	}
	if err != nil {
		return err
	}
	opts := importer.Options{Now: r.rec.ImportTime, LogsDB: r.dst.Logs(), LogsSize: size}
	plan, err := importer.Build(m, pre.Info, opts)
	if err != nil {
		return fmt.Errorf("planning the import: %w", err)
	}
	charms, err := sourceCharms(ctx, r.src, r.rec.ModelUUID)
	if err != nil {
		return err
	}
	r.charms = charms
	patchCharms(plan, charms)
	if pre.Leftover {
		// An earlier run of this migration imported part or all of the
		// model and was cut short: start again from nothing.
		rep, err := im.Abort(ctx, r.rec.ModelUUID)
		if err != nil {
			return fmt.Errorf("removing the unfinished import left by an earlier run: %w", err)
		}
		r.emit(Event{Kind: EventInfo, Phase: Import, Message: fmt.Sprintf("removed %d documents of an unfinished earlier import", rep.Total())})
	}
	if err := im.Write(ctx, plan); err != nil {
		return err
	}
	r.rec.Counters.Docs = int64(plan.Docs())
	return r.recordCleanupPlan(ctx)
}

// recordCleanupPlan records, once, the cleanup's delete plan made from
// what the source's export read, and lets go of the _ids it kept.
func (r *run) recordCleanupPlan(ctx context.Context) error {
	reads := r.srcReads
	r.srcReads = nil
	if reads == nil || len(r.rec.CleanupPlan) > 0 || r.dry != nil {
		return nil
	}
	plans := reads.plans(chunkdel.DefaultChunk)
	if err := r.record(ctx, bson.D{{Key: "cleanup-plan", Value: plans}}); err != nil {
		return err
	}
	r.rec.CleanupPlan = plans
	return nil
}

func prefixed(p string, ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = p + s
	}
	return out
}

// charmBlob is where a charm's archive is and what it hashes to.
type charmBlob struct{ path, sha256 string }

// sourceCharms reads the storage path and digest of the model's charms.
func sourceCharms(ctx context.Context, src *Controller, uuid string) (map[string]charmBlob, error) {
	docs, err := readAll(ctx, src.State(), jujudb.Charms, bson.D{{Key: jujudb.FieldModelUUID, Value: uuid}},
		bson.D{{Key: "url", Value: 1}, {Key: "storagepath", Value: 1}, {Key: "bundlesha256", Value: 1}, {Key: "placeholder", Value: 1}, {Key: "pendingupload", Value: 1}})
	if err != nil {
		return nil, err
	}
	out := map[string]charmBlob{}
	for _, d := range docs {
		if ph, _ := d.Lookup("placeholder").BooleanOK(); ph {
			continue
		}
		if pu, _ := d.Lookup("pendingupload").BooleanOK(); pu {
			continue
		}
		if p := str(d, "storagepath"); p != "" {
			out[str(d, "url")] = charmBlob{path: p, sha256: str(d, "bundlesha256")}
		}
	}
	return out, nil
}

// patchCharms sets storagepath and bundlesha256 of the plan's charm
// documents to the source's.
func patchCharms(plan *importer.Plan, charms map[string]charmBlob) {
	for i := range plan.Steps {
		st := &plan.Steps[i]
		if st.Collection != jujudb.Charms {
			continue
		}
		for _, d := range st.Docs {
			var url string
			for _, e := range d {
				if e.Key == "url" {
					url, _ = e.Value.(string)
				}
			}
			cb, ok := charms[url]
			if !ok {
				continue
			}
			for k := range d {
				switch d[k].Key {
				case "storagepath":
					d[k].Value = cb.path
				case "bundlesha256":
					d[k].Value = cb.sha256
				}
			}
		}
	}
}

// leaseOwner is the name under which every process running this
// migration holds the target's import lease on the model: a resumption
// or abort after a kill takes over the killed run's lease at once.
func (r *run) leaseOwner() string { return "ferry migration " + r.rec.ID }

// undoImport removes everything of the model from the target, as long as
// it is still marked importing.
func (r *run) undoImport(ctx context.Context) error {
	rep, err := importer.New(r.dst.State(), importer.Options{LogsDB: r.dst.Logs(), LeaseOwner: r.leaseOwner()}).Abort(ctx, r.rec.ModelUUID)
	if err != nil {
		return err
	}
	if n := rep.Total(); n > 0 {
		r.emit(Event{Kind: EventInfo, Phase: Import, Message: fmt.Sprintf("removed the %d documents imported into %s", n, r.dst.label())})
	}
	return nil
}

// copyLogs copies the model's log, resuming after what the target has.
func (r *run) copyLogs(ctx context.Context) error {
	st, err := modellogs.Copy(ctx, r.src.Logs(), r.dst.Logs(), r.rec.ModelUUID, r.opts.LogBatch, func(p modellogs.Progress) {
		r.emit(Event{Kind: EventProgress, Phase: Logs, Done: p.Done, Total: p.Total, Unit: "log entries", Elapsed: r.phaseElapsed(Logs)})
	})
	if err != nil {
		return err
	}
	if st.Resumed > 0 {
		r.emit(Event{Kind: EventInfo, Phase: Logs, Message: fmt.Sprintf("resumed after the %d log entries the target already had", st.Resumed)})
	}
	r.rec.Counters.Logs = st.Resumed + st.Copied
	return nil
}

// undoLogs drops the target's copy of the log.
func (r *run) undoLogs(ctx context.Context) error {
	return modellogs.Drop(ctx, r.dst.Logs(), r.rec.ModelUUID)
}

// detectCommit sets Committed when the target model is active although
// the record does not say so: a switch-over cut short right after it
// activated the model.
func (r *run) detectCommit(ctx context.Context) error {
	if r.rec.Committed || r.dry != nil {
		return nil
	}
	if pr := r.rec.Phases[Switchover]; pr == nil || pr.Started.IsZero() {
		return nil
	}
	mode, ok, err := targetMode(ctx, r.dst, r.rec.ModelUUID)
	if err != nil || !ok || mode != "" {
		return err
	}
	r.rec.Committed = true
	r.committed.Store(true)
	return r.record(ctx, bson.D{{Key: "committed", Value: true}})
}

// targetMode reads the migration mode of the model on a controller.
func targetMode(ctx context.Context, c *Controller, uuid string) (string, bool, error) {
	var md bson.Raw
	err := c.State().Collection(jujudb.Models).FindOne(ctx, bson.D{{Key: "_id", Value: uuid}}).Decode(&md)
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		return "", false, nil
	case err != nil:
		return "", false, fmt.Errorf("reading model %s on %s: %w", uuid, c.label(), err)
	}
	return str(md, "migration-mode"), true, nil
}
