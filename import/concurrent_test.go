package importer_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/modelferry/ferry/description"
	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/controllertest"
	"github.com/modelferry/ferry/internal/faultproxy"
	"github.com/modelferry/ferry/internal/jujudb"
	"github.com/modelferry/ferry/internal/mongotest"
)

// raceModel is big enough that its write takes many batches (so a second
// import starts while the first is writing) and small enough to keep the
// test quick.
func raceModel(uuid string) *description.Model {
	return controllertest.Generate(controllertest.Size{UUID: uuid, Name: "race", Machines: 40, ContainerEvery: 4, Applications: 4, Units: 40, Relations: 2, History: 2})
}

// counters are the controller-wide counts an import raises.
type counters struct{ hostedModels, cloudModels int64 }

func readCounters(t *testing.T, db *mongo.Database, m *description.Model) counters {
	t.Helper()
	ctx := context.Background()
	read := func(coll, id string) int64 {
		var d struct {
			Refcount int64 `bson:"refcount"`
		}
		err := db.Collection(coll).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&d)
		if errors.Is(err, mongo.ErrNoDocuments) {
			return 0
		}
		if err != nil {
			t.Fatalf("reading %s/%s: %v", coll, id, err)
		}
		return d.Refcount
	}
	return counters{
		hostedModels: read(jujudb.Controllers, importer.HostedModelCountKey),
		cloudModels:  read(jujudb.GlobalRefcounts, "cloudModel#"+m.Cloud),
	}
}

// checkWholeOrAbsent asserts that the target holds either the whole model
// (as the import writes it, then activated when active is set) with its
// counters raised by exactly one, or nothing of it with the counters as
// they were, and that the rest of the target is as it was.
func checkWholeOrAbsent(t *testing.T, db *mongo.Database, m *description.Model, before map[string][]string, c0 counters) (whole bool) {
	t.Helper()
	ctx := context.Background()
	var md struct {
		Mode string `bson:"migration-mode"`
	}
	err := db.Collection(jujudb.Models).FindOne(ctx, bson.D{{Key: "_id", Value: m.UUID()}}).Decode(&md)
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		snap := snapshot(t, db)
		if tr := modelTraces(snap, m); len(tr) > 0 {
			t.Fatalf("the models document is gone but %d documents of the model remain, e.g.:\n%s", len(tr), strings.Join(tr[:min(5, len(tr))], "\n"))
		}
		if d := diffSnapshots(before, snap); len(d) > 0 {
			t.Fatalf("the model is absent but the target changed:\n%s", strings.Join(d, "\n"))
		}
		if c := readCounters(t, db, m); c != c0 {
			t.Fatalf("the model is absent but the counters are %+v, were %+v", c, c0)
		}
		return false
	case err != nil:
		t.Fatal(err)
	}
	if md.Mode == importer.MigrationModeImporting {
		want, err := importer.ExpectedExport(m, importer.Options{Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		sameYAML(t, want, exportModel(t, db, m))
	} else {
		// Activated: every collection holds what the import writes (the
		// activation adds one status history entry).
		got := exportModel(t, db, m)
		if len(got.Machines) != len(m.Machines) || len(got.Applications) != len(m.Applications) || got.Config["name"] != m.Config["name"] {
			t.Fatalf("the active model is not whole: %d machines, %d applications, config name %v", len(got.Machines), len(got.Applications), got.Config["name"])
		}
		for _, coll := range []string{jujudb.Settings, jujudb.Statuses, jujudb.Permissions, jujudb.UserModelName, jujudb.Units} {
			if n := countModel(t, db, coll, m); n == 0 {
				t.Fatalf("the active model has no %s documents", coll)
			}
		}
	}
	if c := readCounters(t, db, m); c != (counters{c0.hostedModels + 1, c0.cloudModels + 1}) {
		t.Fatalf("the model is present but the counters are %+v, were %+v before", c, c0)
	}
	return true
}

// countModel counts the model's documents in coll: by model-uuid, or for
// the global collections by their keys.
func countModel(t *testing.T, db *mongo.Database, coll string, m *description.Model) int64 {
	t.Helper()
	filter := bson.D{{Key: jujudb.FieldModelUUID, Value: m.UUID()}}
	switch coll {
	case jujudb.Permissions:
		filter = bson.D{{Key: "object-global-key", Value: jujudb.ModelObjectKey(m.UUID())}}
	case jujudb.UserModelName:
		filter = bson.D{{Key: "_id", Value: importer.UserModelNameKey(m.Owner, m.Name())}}
	}
	n, err := db.Collection(coll).CountDocuments(context.Background(), filter)
	if err != nil {
		t.Fatalf("counting %s: %v", coll, err)
	}
	return n
}

// TestConcurrentImportsOfOneModel starts a second import of a model while
// the first is writing it (the critical bug: the second took the
// first for a crashed one and deleted under it, and the first then
// activated what was left). Each import activates the model if its import
// succeeded. The model must end whole or absent, never half, with the
// counters raised exactly once or not at all; the loser is told who holds
// the model.
func TestConcurrentImportsOfOneModel(t *testing.T) {
	ctx := context.Background()
	m := raceModel("c0c00000-0000-4000-8000-000000000001")
	setup := target(t, m, importer.Options{})
	db := setup.DB()
	before := snapshot(t, db)
	c0 := readCounters(t, db, m)

	writing := make(chan struct{})
	var once sync.Once
	a := importer.New(db, importer.Options{Now: testNow, BatchSize: 50, Progress: func(p importer.Progress) {
		if p.Phase == "write" && p.Docs >= 200 {
			once.Do(func() { close(writing) })
		}
	}})
	b := importer.New(db, importer.Options{Now: testNow, BatchSize: 50})
	importAndActivate := func(im *importer.Importer) error {
		if _, err := im.Import(ctx, m); err != nil {
			return err
		}
		return im.Activate(ctx, m.UUID())
	}
	errA := make(chan error, 1)
	go func() {
		errA <- importAndActivate(a)
		once.Do(func() { close(writing) })
	}()
	<-writing
	errB := importAndActivate(b)
	ea := <-errA
	t.Logf("first import: %v; second import: %v", ea, errB)
	if ea != nil && errB != nil && !errors.Is(ea, importer.ErrLeaseHeld) && !errors.Is(errB, importer.ErrLeaseHeld) {
		t.Errorf("both imports failed, neither because the other held the model")
	}
	if ea == nil && errB == nil {
		t.Errorf("both imports of the same model succeeded")
	}
	if errB != nil && !errors.Is(errB, importer.ErrLeaseHeld) {
		t.Errorf("the second import failed with %v, want ErrLeaseHeld", errB)
	}
	if errB != nil && !strings.Contains(errB.Error(), a.LeaseOwner()) {
		t.Errorf("the refusal does not name the holder %s: %v", a.LeaseOwner(), errB)
	}
	if !checkWholeOrAbsent(t, db, m, before, c0) {
		t.Errorf("the model is absent: one of the imports should have finished it")
	}
}

// TestKilledImportsLeaseHoldsTheModel: an import dies mid-write (the
// connection to its server is cut for good, as when the process is
// killed), leaving part of the model and a fresh lease. While that lease
// is fresh, another import, an abort and an activation are all refused,
// naming the holder, and touch nothing. Once it has expired, two imports
// start at once: one takes the lease over, removes the dead import's
// leftovers and writes the whole model; the other is refused. The model
// ends whole and the counters are raised exactly once.
func TestKilledImportsLeaseHoldsTheModel(t *testing.T) {
	ctx := context.Background()
	m := raceModel("c0c00000-0000-4000-8000-000000000002")
	setup := target(t, m, importer.Options{})
	db := setup.DB()
	c0 := readCounters(t, db, m)

	p, err := faultproxy.Start(mongotest.Server(t).Addr())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	c, err := mongo.Connect(options.Client().ApplyURI(p.URI()).
		SetServerSelectionTimeout(150 * time.Millisecond).SetConnectTimeout(150 * time.Millisecond).
		SetRetryWrites(false).SetRetryReads(false))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Disconnect(ctx)
	// Long enough that the refused commands below all run while the lease
	// is fresh on a loaded 2-core machine (2 s was not: the test flaked),
	// short enough that waiting for its expiry stays cheap.
	const ttl = 8 * time.Second
	dead := importer.New(c.Database(db.Name()), importer.Options{Now: testNow, BatchSize: 50, LeaseTTL: ttl})
	// Lease (find, insert, find, delete), precheck and a few collections.
	p.CutAfter(40, faultproxy.Refuse)
	if _, err := dead.Import(ctx, m); err == nil || !p.Cut() {
		t.Fatalf("the import through the cut connection: %v (cut: %v)", err, p.Cut())
	}
	partial := countModel(t, db, jujudb.Statuses, m)
	if partial == 0 {
		t.Fatal("the killed import left nothing: cut later")
	}
	stranded := snapshot(t, db)

	other := importer.New(db, importer.Options{Now: testNow})
	_, errImport := other.Import(ctx, m)
	_, errAbort := other.Abort(ctx, m.UUID())
	errActivate := other.Activate(ctx, m.UUID())
	for what, err := range map[string]error{"import": errImport, "abort": errAbort, "activate": errActivate} {
		var held *importer.LeaseHeldError
		if !errors.As(err, &held) {
			t.Fatalf("%s while the killed import's lease is fresh: got %v, want a LeaseHeldError", what, err)
		}
		if held.Holder.Owner != dead.LeaseOwner() || !strings.Contains(err.Error(), dead.LeaseOwner()) || !strings.Contains(err.Error(), " since ") {
			t.Errorf("%s: the refusal does not say who holds the lease and since when: %v", what, err)
		}
	}
	if d := diffSnapshots(stranded, snapshot(t, db)); len(d) > 0 {
		t.Fatalf("the refused commands changed the target:\n%s", strings.Join(d, "\n"))
	}

	// The lease expires ttl after its last renewal.
	var held *importer.LeaseHeldError
	errors.As(errImport, &held)
	time.Sleep(time.Until(held.Holder.Expires) + 50*time.Millisecond)
	b := importer.New(db, importer.Options{Now: testNow, BatchSize: 50})
	cc := importer.New(db, importer.Options{Now: testNow, BatchSize: 50})
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, im := range []*importer.Importer{b, cc} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := im.Import(ctx, m); err != nil {
				errs[i] = err
				return
			}
			errs[i] = im.Activate(ctx, m.UUID())
		}()
	}
	wg.Wait()
	t.Logf("after expiry: %v; %v", errs[0], errs[1])
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, importer.ErrLeaseHeld):
		case errors.Is(err, importer.ErrPrecheck) && strings.Contains(err.Error(), "already exists"):
			// The other finished and activated first.
		default:
			t.Errorf("an import after the lease expired failed: %v", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d of the two imports after expiry succeeded, want 1", ok)
	}
	var mode struct {
		Mode string `bson:"migration-mode"`
	}
	if err := db.Collection(jujudb.Models).FindOne(ctx, bson.D{{Key: "_id", Value: m.UUID()}}).Decode(&mode); err != nil || mode.Mode != "" {
		t.Fatalf("the model is not active: %+v, %v", mode, err)
	}
	checkWholeOrAbsent(t, db, m, nil, c0)
	if n, err := db.Collection(importer.LeaseCollection).CountDocuments(ctx, bson.D{}); err != nil || n != 0 {
		t.Errorf("%d leases are left after everything finished (%v)", n, err)
	}
}
