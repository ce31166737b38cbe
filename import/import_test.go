package importer_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/export"
	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/controllertest"
	"github.com/modelferry/ferry/internal/jujudb"
	"github.com/modelferry/ferry/internal/mongotest"
)

// commandCounter counts the commands a client sends, by name.
type commandCounter struct {
	mu     sync.Mutex
	byName map[string]int
}

func (c *commandCounter) total(names ...string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for k, v := range c.byName {
		if len(names) == 0 || contains(names, k) {
			n += v
		}
	}
	return n
}

func (c *commandCounter) reset() {
	c.mu.Lock()
	c.byName = map[string]int{}
	c.mu.Unlock()
}

func contains(s []string, x string) bool {
	for _, e := range s {
		if e == x {
			return true
		}
	}
	return false
}

// monitoredDB returns a fresh database on a client whose commands are
// counted (handshakes and monitoring are not commands the monitor sees).
func monitoredDB(t testing.TB) (*mongo.Database, *commandCounter) {
	t.Helper()
	cc := &commandCounter{byName: map[string]int{}}
	mon := &event.CommandMonitor{Started: func(_ context.Context, e *event.CommandStartedEvent) {
		cc.mu.Lock()
		cc.byName[e.CommandName]++
		cc.mu.Unlock()
	}}
	c, err := mongo.Connect(options.Client().ApplyURI(mongotest.URI(t)).SetMonitor(mon))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Disconnect(context.Background()) })
	return c.Database(freshDB(t).Name()), cc
}

// TestRoundTripsBound checks the write path's cost: at most one round
// trip per batch per collection, plus a small constant (prechecks, global
// updates, the log collection).
func TestRoundTripsBound(t *testing.T) {
	ctx := context.Background()
	m := controllertest.Generate(controllertest.Size{Name: "rt", Machines: 60, ContainerEvery: 5, Applications: 6, Units: 90, Relations: 5, History: 3})
	db, cc := monitoredDB(t)
	const batch = 50
	im := importer.New(db, importer.Options{BatchSize: batch, Now: testNow, LogsDB: db.Client().Database(db.Name() + "_logs")})
	t.Cleanup(func() { db.Client().Database(db.Name() + "_logs").Drop(context.Background()) })
	if _, err := im.InitController(ctx, m, importer.InitOptions{}); err != nil {
		t.Fatal(err)
	}
	cc.reset()
	res, err := im.Import(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	bound := res.Plan.Batches(batch)
	const constant = 20
	got := cc.total()
	t.Logf("%d documents in %d batches of %d; %d round trips (%v)", res.Docs, bound, batch, got, cc.byName)
	if got > bound+constant {
		t.Errorf("import took %d round trips, want at most %d batches + %d", got, bound, constant)
	}
	// One more insert takes the model's import lease, and one locks each
	// shared global document the import updates.
	locks := 0
	for _, st := range res.Plan.Steps {
		if st.Kind == importer.Increment || st.Kind == importer.ExternalController {
			locks++
		}
	}
	if ins := cc.total("insert"); ins != bound+1+locks {
		t.Errorf("import sent %d inserts for %d batches, the lease and %d locks", ins, bound, locks)
	}
}

func TestPrecheckConflicts(t *testing.T) {
	ctx := context.Background()
	m := controllertest.Generate(controllertest.Small)
	im := target(t, m, importer.Options{})
	if _, err := im.Import(ctx, m); err != nil {
		t.Fatal(err)
	}
	if err := im.Activate(ctx, m.UUID()); err != nil {
		t.Fatal(err)
	}
	// Same UUID, live: refused.
	_, err := im.Import(ctx, m)
	var pe *importer.PrecheckError
	if !errors.As(err, &pe) || !pe.Conflict || !strings.Contains(err.Error(), "a model with UUID") {
		t.Fatalf("re-import of a live model: got %v, want a UUID conflict", err)
	}
	// Same owner and name, other UUID: refused.
	m2 := controllertest.Generate(controllertest.Small)
	m2.Config["uuid"] = "12345678-1111-4222-8333-123456789abc"
	_, err = im.Import(ctx, m2)
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "a model named admin/small already exists") {
		t.Fatalf("same owner/name: got %v", err)
	}
	if !errors.Is(err, importer.ErrPrecheck) {
		t.Errorf("errors.Is(err, ErrPrecheck) is false for %v", err)
	}
}

func TestPrecheckMissing(t *testing.T) {
	ctx := context.Background()
	m := controllertest.Full("0e0e0000-0000-4000-8000-000000000001")
	im := target(t, m, importer.Options{})
	db := im.DB()
	// Take away what the model needs, one thing of each kind.
	for _, f := range []struct {
		coll string
		id   any
	}{
		{jujudb.Users, "bob"},
		{jujudb.CloudCredentials, importer.CredentialDocID(m.CloudCredential)},
	} {
		if _, err := db.Collection(f.coll).DeleteOne(ctx, bson.D{{Key: "_id", Value: f.id}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Collection(jujudb.Clouds).UpdateOne(ctx, bson.D{{Key: "_id", Value: "lxd"}}, bson.D{{Key: "$unset", Value: bson.D{{Key: "regions.localhost", Value: ""}}}}); err != nil {
		t.Fatal(err)
	}
	// And make the controller older than the model.
	var ctrl struct {
		ModelUUID string `bson:"model-uuid"`
	}
	if err := db.Collection(jujudb.Controllers).FindOne(ctx, bson.D{{Key: "_id", Value: "e"}}).Decode(&ctrl); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Collection(jujudb.Settings).UpdateOne(ctx, bson.D{{Key: "_id", Value: ctrl.ModelUUID + ":e"}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "settings.agent-version", Value: "3.4.0"}}}}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, db)
	_, err := im.Import(ctx, m)
	var pe *importer.PrecheckError
	if !errors.As(err, &pe) {
		t.Fatalf("got %v, want a precheck error", err)
	}
	for _, want := range []string{
		`user "bob" does not exist`,
		`cloud "lxd" has no region "localhost"`,
		`cloud credential "lxd/admin/default" does not exist`,
		`target controller (3.4.0) is older than the model's agent version (3.6.22)`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("precheck error does not say %q:\n%v", want, err)
		}
	}
	if d := diffSnapshots(before, snapshot(t, db)); len(d) > 0 {
		t.Errorf("a failed precheck wrote:\n%s", strings.Join(d, "\n"))
	}
}

// TestBareDatabase: a database with no controller documents fails the
// prechecks with the list of what is missing; InitController fixes that.
func TestBareDatabase(t *testing.T) {
	ctx := context.Background()
	m := controllertest.Full("0e0e0000-0000-4000-8000-000000000002")
	im := importer.New(freshDB(t), importer.Options{Now: testNow})
	_, err := im.Import(ctx, m)
	var pe *importer.PrecheckError
	if !errors.As(err, &pe) {
		t.Fatalf("got %v, want a precheck error", err)
	}
	for _, want := range []string{`user "admin" does not exist`, `cloud "lxd" does not exist`, `controllers document "controllerSettings" is missing`, `secret backend "myvault"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("bare database: error does not say %q:\n%v", want, err)
		}
	}
	rep, err := im.InitController(ctx, m, importer.InitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Written) == 0 {
		t.Fatal("InitController wrote nothing")
	}
	if _, err := im.Import(ctx, m); err != nil {
		t.Fatal(err)
	}
	// A second InitController finds everything there.
	rep, err = im.InitController(ctx, m, importer.InitOptions{})
	if err != nil || len(rep.Written) != 0 {
		t.Fatalf("second InitController: wrote %v, err %v", rep.Written, err)
	}
}

// TestInvalidModelWritesNothing: a dangling reference is refused before
// the first write: not one write command is sent.
func TestInvalidModelWritesNothing(t *testing.T) {
	ctx := context.Background()
	m := controllertest.Generate(controllertest.Small)
	db, cc := monitoredDB(t)
	im := importer.New(db, importer.Options{Now: testNow})
	if _, err := im.InitController(ctx, m, importer.InitOptions{}); err != nil {
		t.Fatal(err)
	}
	m.Applications[0].Units[0].Machine = "42"
	cc.reset()
	_, err := im.Import(ctx, m)
	if !errors.Is(err, importer.ErrInvalidModel) || !strings.Contains(err.Error(), `machine "42" does not exist`) {
		t.Fatalf("got %v, want ErrInvalidModel naming machine 42", err)
	}
	if n := cc.total(); n != 0 {
		t.Fatalf("an invalid model sent %d commands (%v)", n, cc.byName)
	}
}

// TestBadDocumentUndone: a write the server refuses halfway through (here
// a document that already exists in a late collection) is undone whole.
func TestBadDocumentUndone(t *testing.T) {
	ctx := context.Background()
	m := controllertest.Full("0e0e0000-0000-4000-8000-000000000003")
	im := target(t, m, importer.Options{})
	db := im.DB()
	// A stray secret revision document with one of the model's ids.
	stray := bson.D{{Key: "_id", Value: m.UUID() + ":" + m.Secrets[0].ID + "/1"}, {Key: "stray", Value: true}}
	if _, err := db.Collection(jujudb.SecretRevisions).InsertOne(ctx, stray); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, db)
	_, err := im.Import(ctx, m)
	var we *importer.WriteError
	if !errors.As(err, &we) || we.Collection != jujudb.SecretRevisions || we.UndoErr != nil {
		t.Fatalf("got %v, want a WriteError on %s with a clean undo", err, jujudb.SecretRevisions)
	}
	if d := diffSnapshots(before, snapshot(t, db)); len(d) > 0 {
		t.Fatalf("the failed import left changes:\n%s", strings.Join(d, "\n"))
	}
}

// TestLeftoverRemovedByNextImport: a model left importing (a crashed
// import, here one never activated plus a stray document) is found by the
// next import of the same model and removed before it writes.
func TestLeftoverRemovedByNextImport(t *testing.T) {
	ctx := context.Background()
	m := controllertest.Full(fullUUID) // the golden's model
	im := target(t, m, importer.Options{})
	if _, err := im.Import(ctx, m); err != nil {
		t.Fatal(err)
	}
	// A document a crashed import might have written in a collection the
	// import never writes.
	if _, err := im.DB().Collection("cleanups").InsertOne(ctx, bson.D{{Key: "_id", Value: m.UUID() + ":x"}, {Key: "model-uuid", Value: m.UUID()}}); err != nil {
		t.Fatal(err)
	}
	ims, err := im.Importing(ctx)
	if err != nil || len(ims) != 1 || ims[0].UUID != m.UUID() {
		t.Fatalf("Importing: %v, %v", ims, err)
	}
	res, err := im.Import(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	if res.Cleaned == nil || res.Cleaned.Removed["cleanups"] != 1 || res.Cleaned.Removed[jujudb.Models] != 1 {
		t.Fatalf("the second import did not report the leftovers it removed: %+v", res.Cleaned)
	}
	checkGolden(t, "controllertest/full", exportModel(t, im.DB(), m))
}

func TestAbortAndActivate(t *testing.T) {
	ctx := context.Background()
	m := controllertest.Full("0e0e0000-0000-4000-8000-000000000005")
	im := target(t, m, importer.Options{})
	before := snapshot(t, im.DB())
	res, err := im.Import(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := im.Abort(ctx, m.UUID())
	if err != nil {
		t.Fatal(err)
	}
	// Everything inserted is reported removed, plus the restored counts.
	for coll, n := range res.Collections {
		if coll == jujudb.CloudImageMetadata || coll == jujudb.UserModelName {
			continue // marked documents, counted below
		}
		if rep.Removed[coll] != n {
			t.Errorf("abort removed %d documents from %s, the import wrote %d", rep.Removed[coll], coll, n)
		}
	}
	if rep.ModelName != "full" || len(rep.Restored) == 0 {
		t.Errorf("abort report: %+v", rep)
	}
	if d := diffSnapshots(before, snapshot(t, im.DB())); len(d) > 0 {
		t.Fatalf("abort left changes:\n%s", strings.Join(d, "\n"))
	}

	// Import again and activate: the model is live and can no longer be
	// aborted; no marks are left.
	if _, err := im.Import(ctx, m); err != nil {
		t.Fatal(err)
	}
	if err := im.Activate(ctx, m.UUID()); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Abort(ctx, m.UUID()); !errors.Is(err, importer.ErrNotImporting) {
		t.Fatalf("abort of a live model: got %v, want ErrNotImporting", err)
	}
	for coll, docs := range snapshot(t, im.DB()) {
		for _, d := range docs {
			if strings.Contains(d, importer.MarkerField) {
				t.Errorf("%s still has an import mark after Activate: %s", coll, d)
			}
		}
	}
	sum, err := export.FindModel(ctx, export.NewMongoSource(im.DB()), m.UUID())
	if err != nil || sum.MigrationMode != "" {
		t.Fatalf("after Activate: %+v, %v", sum, err)
	}
	got := exportModel(t, im.DB(), m)
	if got.Status.Value != "available" {
		t.Errorf("model status after Activate is %q, want available", got.Status.Value)
	}
	// The remote application's source controller is recorded.
	var ra struct {
		Source string `bson:"source-controller-uuid"`
	}
	if err := im.DB().Collection(jujudb.RemoteApplications).FindOne(ctx, bson.D{{Key: "model-uuid", Value: m.UUID()}}).Decode(&ra); err != nil {
		t.Fatal(err)
	}
	if ra.Source == "" {
		t.Error("Activate did not set the remote application's source controller")
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	ctx := context.Background()
	m := controllertest.Full("0e0e0000-0000-4000-8000-000000000006")
	im := target(t, m, importer.Options{})
	before := snapshot(t, im.DB())
	dbsBefore, err := im.DB().Client().ListDatabaseNames(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := im.DryRun(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	if res.Docs == 0 {
		t.Fatal("dry run wrote no documents into its scratch database")
	}
	if d := diffSnapshots(before, snapshot(t, im.DB())); len(d) > 0 {
		t.Fatalf("dry run changed the target:\n%s", strings.Join(d, "\n"))
	}
	dbsAfter, err := im.DB().Client().ListDatabaseNames(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range dbsAfter {
		if strings.HasPrefix(n, "ferry_dryrun_") && !contains(dbsBefore, n) {
			t.Errorf("dry run left its scratch database %s", n)
		}
	}
	// A dry run fails the prechecks as the import would.
	m.Config["agent-version"] = "9.9.9"
	if _, err := im.DryRun(ctx, m); !errors.Is(err, importer.ErrPrecheck) {
		t.Fatalf("dry run of a too-new model: %v", err)
	}
}

var _ = description.Model{}

// TestActivateCounted activates with the caller's counts: a collection
// they put short of what the import wrote refuses the activation although
// the target holds it all, and a collection they do not name is counted
// (here, one short by a deleted document).
func TestActivateCounted(t *testing.T) {
	ctx := context.Background()
	m := controllertest.Full("0e0e0000-0000-4000-8000-000000000015")
	im := target(t, m, importer.Options{})
	if _, err := im.Import(ctx, m); err != nil {
		t.Fatal(err)
	}
	err := im.ActivateCounted(ctx, m.UUID(), importer.Remains{jujudb.Machines: 0})
	if !errors.Is(err, importer.ErrIncomplete) || !strings.Contains(err.Error(), "machines has 0 of the ") {
		t.Fatalf("ActivateCounted with machines counted 0: %v; want ErrIncomplete naming machines", err)
	}
	n, err := im.DB().Collection(jujudb.Machines).CountDocuments(ctx, bson.D{{Key: jujudb.FieldModelUUID, Value: m.UUID()}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := im.DB().Collection(jujudb.Units).DeleteOne(ctx, bson.D{{Key: jujudb.FieldModelUUID, Value: m.UUID()}}); err != nil {
		t.Fatal(err)
	}
	err = im.ActivateCounted(ctx, m.UUID(), importer.Remains{jujudb.Machines: int(n)})
	if !errors.Is(err, importer.ErrIncomplete) || !strings.Contains(err.Error(), "units has ") || strings.Contains(err.Error(), "machines has") {
		t.Fatalf("ActivateCounted with a unit deleted: %v; want ErrIncomplete naming units only", err)
	}
}
