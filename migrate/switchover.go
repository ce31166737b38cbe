package migrate

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/jujudb"
	"github.com/modelferry/ferry/internal/modellogs"
)

// Juju's migration collections on the source controller (global; ref §3).
// ferry writes the record of a finished migration there, in Juju's own
// shape, because that is what Juju reads to send agents and clients of a
// migrated model to its new controller.
const (
	jujuMigrations              = "migrations"
	jujuMigrationsStatus        = "migrations.status"
	jujuMigrationsStatusMessage = "migrations.statusmessage"
)

// switchover makes the target's model the live one. First it copies the
// log entries written since the logs phase; then it activates the target
// model (importer.Activate: migration mode "importing" to "", the commit
// point: from here on the migration can only be completed); then it
// records the redirect on the source.
func (r *run) switchover(ctx context.Context) error {
	if !r.rec.Committed {
		st, err := modellogs.Copy(ctx, r.src.Logs(), r.dst.Logs(), r.rec.ModelUUID, r.opts.LogBatch, nil)
		if err != nil {
			return fmt.Errorf("copying the last log entries: %w", err)
		}
		r.rec.Counters.Logs = st.Resumed + st.Copied
	}
	if err := r.detectCommit(ctx); err != nil {
		return err
	}
	if !r.rec.Committed {
		if r.opts.beforeCommit != nil {
			if err := r.opts.beforeCommit(); err != nil {
				return err
			}
		}
		if err := importer.New(r.dst.State(), importer.Options{Now: r.now(), LeaseOwner: r.leaseOwner()}).ActivateCounted(ctx, r.rec.ModelUUID, r.counted); err != nil {
			return fmt.Errorf("activating the model on %s: %w", r.dst.label(), err)
		}
		// Activate leaves alone a model that is not importing; only an
		// active model is a commit.
		if mode, ok, err := targetMode(ctx, r.dst, r.rec.ModelUUID); err != nil {
			return err
		} else if !ok || mode != "" {
			return fmt.Errorf("activating the model on %s: it is in migration mode %q (exists: %v), not active", r.dst.label(), mode, ok)
		}
		r.rec.Committed = true
		r.committed.Store(true)
		if err := r.record(ctx, bson.D{{Key: "committed", Value: true}}); err != nil {
			return err
		}
		r.emit(Event{Kind: EventInfo, Phase: Switchover, Message: fmt.Sprintf("committed: %s is active on %s", r.modelRef(), r.dst.label())})
	}
	return r.writeRedirect(ctx)
}

// writeRedirect records the migration in Juju's migrations collections
// on the source, as Juju's own migration leaves them after its SUCCESS
// phase: a "migrations" document naming the target controller (UUID,
// alias, API addresses, CA certificate), a "migrations.status" document
// in phase SUCCESS, and a status message. Cleanup moves the phase to DONE
// once the model is gone from the source; Juju's API server then answers
// logins to the model with a redirect to the target
// (State.CompletedMigrationForModel needs phase DONE and the model gone).
//
// Unsure, and said so here: agents' migration minions watch the latest
// migration of their model and act on SUCCESS by switching to the target
// addresses; ferry sets no "migrations.active" document, so Juju's
// migration master does not start, but minions of a model whose agents
// are running will see SUCCESS. On a real controller the target's API
// addresses and CA certificate come from its apiHostPorts and controller
// settings documents; a database without them (ferry's embedded
// controllers) gives empty ones, and agents could not follow.
func (r *run) writeRedirect(ctx context.Context) error {
	db := r.src.State()
	m, err := r.sourceModel(ctx)
	if err != nil {
		return err
	}
	users := bson.A{}
	for _, u := range m.Users {
		users = append(users, bson.D{{Key: "user_id", Value: u.Name}, {Key: "access", Value: u.Access}})
	}
	addrs := bson.A{}
	for _, a := range r.dstInfo.APIAddrs {
		addrs = append(addrs, a)
	}
	now := r.now().UnixNano()
	upsert := options.Replace().SetUpsert(true)
	mig := bson.D{
		{Key: "_id", Value: r.rec.ID}, {Key: jujudb.FieldModelUUID, Value: r.rec.ModelUUID}, {Key: "attempt", Value: int32(r.rec.Attempt)},
		{Key: "initiated-by", Value: r.rec.InitiatedBy}, {Key: "target-controller", Value: r.dstInfo.UUID},
		{Key: "target-controller-alias", Value: r.dst.label()}, {Key: "target-addrs", Value: addrs},
		{Key: "target-cacert", Value: r.dstInfo.CACert}, {Key: "target-entity", Value: "user-" + r.rec.InitiatedBy},
		{Key: "model-users", Value: users}, {Key: jujudb.FieldTxnRevno, Value: jujudb.InsertTxnRevno},
	}
	if _, err := db.Collection(jujuMigrations).ReplaceOne(ctx, bson.D{{Key: "_id", Value: r.rec.ID}}, mig, upsert); err != nil {
		return fmt.Errorf("recording the redirect on %s: %w", r.src.label(), err)
	}
	status := bson.D{
		{Key: "_id", Value: r.rec.ID}, {Key: "start-time", Value: r.rec.Started.UnixNano()}, {Key: "success-time", Value: now},
		{Key: "end-time", Value: int64(0)}, {Key: "phase", Value: "SUCCESS"}, {Key: "phase-changed-time", Value: now},
		{Key: jujudb.FieldTxnRevno, Value: jujudb.InsertTxnRevno},
	}
	if _, err := db.Collection(jujuMigrationsStatus).ReplaceOne(ctx, bson.D{{Key: "_id", Value: r.rec.ID}}, status, upsert); err != nil {
		return fmt.Errorf("recording the redirect on %s: %w", r.src.label(), err)
	}
	msg := bson.D{{Key: "_id", Value: r.rec.ID}, {Key: "status-message", Value: "migrated by ferry to " + r.dst.label()}, {Key: jujudb.FieldTxnRevno, Value: jujudb.InsertTxnRevno}}
	if _, err := db.Collection(jujuMigrationsStatusMessage).ReplaceOne(ctx, bson.D{{Key: "_id", Value: r.rec.ID}}, msg, upsert); err != nil {
		return fmt.Errorf("recording the redirect on %s: %w", r.src.label(), err)
	}
	return nil
}

// Redirect is where a migrated model went, as the source's Juju records
// say.
type Redirect struct {
	MigrationID     string
	ModelUUID       string
	Phase           string // SUCCESS, then DONE once the source is clean
	ControllerUUID  string
	ControllerAlias string
	Addrs           []string
}

// Redirects reads the migrations recorded in Juju's collections on a
// controller that moved the model away (the latest attempt first); nil
// when there are none.
func Redirects(ctx context.Context, c *Controller, modelUUID string) ([]Redirect, error) {
	db := c.State()
	docs, err := readAll(ctx, db, jujuMigrations, bson.D{{Key: jujudb.FieldModelUUID, Value: modelUUID}}, nil)
	if err != nil {
		return nil, err
	}
	var out []Redirect
	for _, d := range docs {
		rd := Redirect{MigrationID: str(d, "_id"), ModelUUID: modelUUID, ControllerUUID: str(d, "target-controller"), ControllerAlias: str(d, "target-controller-alias")}
		if a, ok := d.Lookup("target-addrs").ArrayOK(); ok {
			vals, _ := a.Values()
			for _, v := range vals {
				if s, ok := v.StringValueOK(); ok {
					rd.Addrs = append(rd.Addrs, s)
				}
			}
		}
		var sd struct {
			Phase string `bson:"phase"`
		}
		_ = db.Collection(jujuMigrationsStatus).FindOne(ctx, bson.D{{Key: "_id", Value: rd.MigrationID}}).Decode(&sd)
		rd.Phase = sd.Phase
		out = append(out, rd)
	}
	// Latest attempt first.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && attemptOf(out[j].MigrationID) > attemptOf(out[j-1].MigrationID); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, nil
}

func attemptOf(id string) int {
	var a int
	fmt.Sscanf(id[lastColon(id)+1:], "%d", &a)
	return a
}

func lastColon(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == ':' {
			return i
		}
	}
	return -1
}
