package migrate

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	importer "github.com/modelferry/ferry/import"
)

// ScratchPrefix begins the names of the databases a dry run writes on the
// target's server (and drops when it ends).
const ScratchPrefix = "ferry_dryrun_"

// scratch is the target of a dry run: databases of their own on the
// target's server.
type scratch struct {
	// realState is the target's own "juju" database: the prechecks read
	// it, nothing writes it.
	realState *mongo.Database
	ctl       *Controller
}

// DryRun rehearses a migration without changing either controller's
// data: it runs the prechecks of both sides (read-only), exports the
// model, imports it into scratch databases on the target's server (set up
// as a copy of the target controller), copies its blobs and log there,
// validates the copy against the source, and drops the scratch
// databases. It writes nothing at all to the source: no record, no
// migration mode, no sequence. Its result's record (ID "dry-run") is kept
// in memory only; its phase times are those the real migration's import,
// binaries, logs and validation would take.
func DryRun(ctx context.Context, src, dst *Controller, modelRef string, opts Options) (*Result, error) {
	opts = opts.withDefaults()
	sum, err := FindModel(ctx, src, modelRef)
	if err != nil {
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
	prefix := ScratchPrefix + bson.NewObjectID().Hex()[8:]
	ctl := &Controller{Name: dst.label() + " (dry run)", Address: dst.Address, Client: dst.Client,
		StateDB: prefix + "_juju", BlobsDB: prefix + "_blobstore", LogsDB: prefix + "_logs"}
	now := opts.Now().UTC().Truncate(time.Millisecond)
	rec := &Record{
		ID: "dry-run", ModelUUID: sum.UUID, ModelName: sum.Name, ModelOwner: sum.Owner,
		Source: Endpoint{Name: src.label(), UUID: srcInfo.UUID, Address: src.Address, Version: srcInfo.Version},
		Target: Endpoint{Name: dst.label(), UUID: dstInfo.UUID, Address: dst.Address, Version: dstInfo.Version},
		State:  Running, Started: now, Updated: now, InitiatedBy: opts.InitiatedBy, Grace: opts.Grace,
		Format: opts.Target.Release, AllowLoss: opts.AllowLoss,
	}
	r := newRun(src, ctl, rec, opts)
	r.srcInfo, r.dstInfo = srcInfo, dstInfo
	r.dry = &scratch{realState: dst.State(), ctl: ctl}
	defer func() {
		// Dropped whatever happened, even after an interrupt.
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
		defer cancel()
		_ = r.dropScratch(dctx)
	}()
	r.emit(Event{Kind: EventStarted, Message: fmt.Sprintf("dry run: migrating %s from %s to scratch databases %s_* on %s", sum.Ref(), src.label(), prefix, dst.label())})
	res := &Result{Record: rec, DryRun: true}
	if err := r.runPhase(ctx, Precheck); err != nil {
		return res, err
	}
	for _, p := range []Phase{Import, Binaries, Logs, Validate, Cleanup} {
		if err := r.runPhase(ctx, p); err != nil {
			return res, err
		}
	}
	rec.State, rec.Finished = Done, r.now()
	r.emit(Event{Kind: EventDone, Elapsed: rec.Finished.Sub(rec.Started),
		Message: fmt.Sprintf("dry run passed: %s can move to %s; nothing was changed on either controller", sum.Ref(), dst.label())})
	return res, nil
}

// initScratch makes the scratch target a copy of the real target's
// controller: its UUID and version, and what the model needs of it.
func (r *run) initScratch(ctx context.Context) error {
	m, err := r.sourceModel(ctx)
	if err != nil {
		return err
	}
	if _, err := importer.New(r.dry.ctl.State(), importer.Options{}).InitController(ctx, m,
		importer.InitOptions{ControllerUUID: r.dstInfo.UUID, Version: or(r.dstInfo.Version, importer.DefaultControllerVersion)}); err != nil {
		return fmt.Errorf("dry run: setting up the scratch controller: %w", err)
	}
	return nil
}

// dropScratch drops a dry run's scratch databases.
func (r *run) dropScratch(ctx context.Context) error {
	var errs []error
	for _, db := range []*mongo.Database{r.dry.ctl.State(), r.dry.ctl.Blobs(), r.dry.ctl.Logs()} {
		if err := db.Drop(ctx); err != nil {
			errs = append(errs, fmt.Errorf("dropping %s: %w", db.Name(), err))
		}
	}
	return errors.Join(errs...)
}
