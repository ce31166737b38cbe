package importer_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"golang.org/x/sync/errgroup"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/export"
	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/controllertest"
	"github.com/modelferry/ferry/internal/faultproxy"
	"github.com/modelferry/ferry/internal/mongotest"
)

// snapshot reads every document of every collection of db, as sorted
// extended JSON per collection: what "the target is untouched" compares.
func snapshot(t testing.TB, db *mongo.Database) map[string][]string {
	t.Helper()
	snap, err := snapshotDB(db)
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// snapshotDB is snapshot for code off the test's goroutine.
func snapshotDB(db *mongo.Database) (map[string][]string, error) {
	ctx := context.Background()
	names, err := db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	var mu sync.Mutex
	var g errgroup.Group
	g.SetLimit(4)
	for _, n := range names {
		g.Go(func() error {
			cur, err := db.Collection(n).Find(ctx, bson.D{})
			if err != nil {
				return err
			}
			var docs []string
			for cur.Next(ctx) {
				docs = append(docs, cur.Current.String())
			}
			cur.Close(ctx)
			sort.Strings(docs)
			if len(docs) > 0 {
				mu.Lock()
				out[n] = docs
				mu.Unlock()
			}
			return cur.Err()
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

// modelTraces scans every collection for documents that name the model:
// its UUID, or one of its offers' UUIDs, anywhere in the document.
func modelTraces(snap map[string][]string, m *description.Model) []string {
	needles := [][]byte{[]byte(m.UUID())}
	for _, a := range m.Applications {
		for _, o := range a.Offers {
			needles = append(needles, []byte(importer.OfferUUID(m.UUID(), o)))
		}
	}
	var found []string
	for coll, docs := range snap {
		for _, d := range docs {
			for _, n := range needles {
				if bytes.Contains([]byte(d), n) {
					found = append(found, coll+": "+d)
					break
				}
			}
		}
	}
	sort.Strings(found)
	return found
}

func diffSnapshots(before, after map[string][]string) []string {
	var out []string
	for coll := range mergeKeys(before, after) {
		b, a := strings.Join(before[coll], "\n"), strings.Join(after[coll], "\n")
		if a != b {
			out = append(out, fmt.Sprintf("%s:\n  before: %.600s\n  after:  %.600s", coll, b, a))
		}
	}
	sort.Strings(out)
	return out
}

func mergeKeys(a, b map[string][]string) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

// faultTarget is a controller database holding another, active model,
// and a proxy in front of the test server.
type faultTarget struct {
	db     *mongo.Database // direct
	logs   *mongo.Database // the logs database, direct
	proxy  *faultproxy.Proxy
	before map[string][]string
}

func newFaultTarget(t *testing.T, m *description.Model) *faultTarget {
	t.Helper()
	ctx := context.Background()
	db := freshDB(t)
	direct := importer.New(db, importer.Options{Now: testNow})
	// Another model on the same controller, which must stay untouched.
	other := controllertest.Generate(controllertest.Size{Name: "bystander", UUID: "0b0b0000-0000-4000-8000-00000000b0b0", Machines: 2, Applications: 1, Units: 2, Relations: 0, History: 1})
	// m first: the first call sets the controller's version, which must
	// be at least every model's.
	if _, err := direct.InitController(ctx, m, importer.InitOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := direct.InitController(ctx, other, importer.InitOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := direct.Import(ctx, other); err != nil {
		t.Fatal(err)
	}
	if err := direct.Activate(ctx, other.UUID()); err != nil {
		t.Fatal(err)
	}
	p, err := faultproxy.Start(mongotest.Server(t).Addr())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	logs := db.Client().Database(db.Name() + "_logs")
	t.Cleanup(func() { logs.Drop(context.Background()) })
	return &faultTarget{db: db, logs: logs, proxy: p, before: snapshot(t, db)}
}

// faultOwner is the lease owner of every importer of the sweep: a cut
// import leaves its lease fresh, and the abort or retry that follows
// stands for the same holder after a crash, which takes the lease over at
// once instead of waiting for it to expire.
const faultOwner = "fault-sweep"

// direct returns an importer talking to the server directly.
func (ft *faultTarget) direct() *importer.Importer {
	return importer.New(ft.db, importer.Options{Now: testNow, LogsDB: ft.logs, LeaseOwner: faultOwner})
}

// via returns an importer connected through the proxy, on a new client:
// a cut leaves a client's pool and monitor in a state that is no part of
// the next case.
//
// The client has seen the server (a ping, which the proxy does not count)
// before the cut is armed, so that the wait for a server matters only after
// the cut. That wait is short when the server is to go away: the import's
// cleanup and the lease's release then fail fast, as they would, later,
// against a dead server, and each costs that wait. After a blip it is long
// enough for the driver's monitor to see the server again (it checks at
// most every 500 ms). The connect timeout, which also bounds the monitor's
// checks, stays long, so that a loaded machine is not taken for a cut.
func (ft *faultTarget) via(mode faultproxy.Mode) (*importer.Importer, func(), error) {
	wait := 200 * time.Millisecond
	if mode == faultproxy.Reconnect {
		wait = 5 * time.Second
	}
	c, err := mongo.Connect(options.Client().ApplyURI(ft.proxy.URI()).
		SetServerSelectionTimeout(wait).SetConnectTimeout(10 * time.Second).
		SetRetryWrites(false).SetRetryReads(false))
	if err != nil {
		return nil, nil, err
	}
	pctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// Ping selects the server with the client's own short wait: retry it
	// until the monitor has seen the server.
	for {
		if err = c.Ping(pctx, nil); err == nil || pctx.Err() != nil {
			break
		}
	}
	if err != nil {
		c.Disconnect(context.Background())
		return nil, nil, fmt.Errorf("reaching the server through the proxy: %w", err)
	}
	return importer.New(c.Database(ft.db.Name()), importer.Options{Now: testNow, LogsDB: c.Database(ft.logs.Name()), LeaseOwner: faultOwner}), func() { c.Disconnect(context.Background()) }, nil
}

// checkClean asserts that nothing of m is left and that everything else is
// as it was before the import.
func (ft *faultTarget) checkClean(t *testing.T, m *description.Model, when string) {
	t.Helper()
	if err := ft.clean(m, when); err != nil {
		t.Fatal(err)
	}
}

// clean is checkClean for code off the test's goroutine.
func (ft *faultTarget) clean(m *description.Model, when string) error {
	snap, err := snapshotDB(ft.db)
	if err != nil {
		return fmt.Errorf("%s: %w", when, err)
	}
	if tr := modelTraces(snap, m); len(tr) > 0 {
		return fmt.Errorf("%s: %d documents of the model remain, e.g.:\n%s", when, len(tr), strings.Join(tr[:min(5, len(tr))], "\n"))
	}
	if names, err := ft.logs.ListCollectionNames(context.Background(), bson.D{}); err != nil {
		return fmt.Errorf("%s: listing the log collections: %w", when, err)
	} else if len(names) > 0 {
		return fmt.Errorf("%s: log collections remain: %v", when, names)
	}
	if d := diffSnapshots(ft.before, snap); len(d) > 0 {
		return fmt.Errorf("%s: the rest of the target changed:\n%s", when, strings.Join(d, "\n"))
	}
	return nil
}

// TestFaultSweep cuts the connection between the importer and the target
// after N commands, for every N across the whole import (every collection
// stage and every global update), in both fault modes: the server going
// away (the import's own cleanup cannot run either, and the abort or the
// next import removes what is left) and a network blip (the import cleans
// up after itself). Each time the target ends with nothing of the model and
// everything else as it was, and a retry succeeds.
//
// Most of a case's time is spent waiting (for the driver to see the server
// again after a blip, or to give up on it), so the cases run on
// faultWorkers targets at once, each its own database behind its own proxy.
func TestFaultSweep(t *testing.T) {
	// The golden's model: the final import is checked against it.
	m := controllertest.Full(fullUUID)
	ft := newFaultTarget(t, m)
	ctx := context.Background()

	// A clean run through the proxy counts the import's commands.
	ft.proxy.Reset()
	via, done, err := ft.via(faultproxy.Reconnect)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := via.Import(ctx, m); err != nil {
		t.Fatal(err)
	}
	done()
	total := ft.proxy.Count()
	cmds := ft.proxy.Commands()
	// What a whole import exports, checked against the reviewed golden:
	// every cut that lets the import succeed, and the final import, must
	// give these bytes.
	clean := exportModel(t, ft.db, m)
	checkGolden(t, "controllertest/full", clean)
	want := []byte(yamlOf(t, clean))
	if _, err := ft.direct().Abort(ctx, m.UUID()); err != nil {
		t.Fatal(err)
	}
	ft.checkClean(t, m, "after the clean run's abort")
	t.Logf("an import sends %d commands", total)

	// Every command is a cut point, in both modes; -short keeps every
	// ninth, for a quick look. The last command releases the lease of an
	// import that succeeded: its failure leaves the lease to expire (this
	// owner takes it over at once), not the import failed, so it is no
	// cut point.
	var cases []faultCase
	for n := 0; n < total-1; n++ {
		if testing.Short() && n%9 != 0 {
			continue
		}
		cases = append(cases, faultCase{n, faultproxy.Refuse, cmds[n]}, faultCase{n, faultproxy.Reconnect, cmds[n]})
	}
	targets := []*faultTarget{ft}
	for len(targets) < faultWorkers {
		targets = append(targets, newFaultTarget(t, m))
	}
	var g errgroup.Group
	for w, target := range targets {
		g.Go(func() error {
			for i := w; i < len(cases); i += len(targets) {
				if err := target.cutCase(m, want, cases[i]); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	// And the import succeeds in the end, model complete.
	res, err := ft.direct().Import(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	sameBytes(t, "the final import's export", string(want), yamlOf(t, exportModel(t, ft.db, m)))
	t.Logf("%d cuts over %d commands; the final import wrote %d documents", len(cases), total, res.Docs)
}

// whole checks that the target holds m as an import writes it: its export
// gives want, the bytes of the reviewed golden.
func (ft *faultTarget) whole(m *description.Model, want []byte) error {
	got, err := export.ExportDB(context.Background(), ft.db, m.UUID(), export.Options{Extended: true, Leaders: importer.Leaders(m), StatusHistoryLimit: importer.RoundTripHistoryLimit})
	if err != nil {
		return fmt.Errorf("exporting the model: %w", err)
	}
	b, err := description.Write(got)
	if err != nil {
		return err
	}
	if !bytes.Equal(b, want) {
		return fmt.Errorf("the model is not whole: its export differs from the expected one")
	}
	return nil
}

// faultWorkers is how many fault targets the sweep runs at once.
const faultWorkers = 4

// faultCase is one cut: after n commands (the (n+1)th is cmd), in mode.
type faultCase struct {
	n    int
	mode faultproxy.Mode
	cmd  string
}

// cutCase runs one cut on ft and checks what it leaves; it runs off the
// test's goroutine, so it returns what went wrong.
func (ft *faultTarget) cutCase(m *description.Model, want []byte, c faultCase) error {
	ctx := context.Background()
	via, done, err := ft.via(c.mode)
	if err != nil {
		return err
	}
	ft.proxy.CutAfter(c.n, c.mode)
	_, err = via.Import(ctx, m)
	done()
	if !ft.proxy.Cut() {
		return fmt.Errorf("cut at %d (%s, mode %v): the proxy did not cut (err %v)", c.n, c.cmd, c.mode, err)
	}
	ft.proxy.Reset()
	direct := ft.direct()
	if err == nil {
		// Only a best-effort command (the tidying of dead leases as the
		// lease is taken) may fail without failing the import, and only
		// when the server comes back; the import then said it succeeded,
		// so the model must be whole.
		if c.mode != faultproxy.Reconnect {
			return fmt.Errorf("cut at %d (%s, mode %v): the import succeeded with the server gone", c.n, c.cmd, c.mode)
		}
		if err := ft.whole(m, want); err != nil {
			return fmt.Errorf("cut at %d (%s, mode %v): the import succeeded: %w", c.n, c.cmd, c.mode, err)
		}
		if _, err := direct.Abort(ctx, m.UUID()); err != nil {
			return fmt.Errorf("cut at %d (%s): abort after the import that succeeded: %w", c.n, c.cmd, err)
		}
		return ft.clean(m, fmt.Sprintf("cut at %d (%s), after the import that succeeded and its abort", c.n, c.cmd))
	}
	switch {
	case c.mode == faultproxy.Reconnect:
		// The import's own cleanup ran over a new connection.
		var we *importer.WriteError
		if errors.As(err, &we) && we.UndoErr != nil {
			return fmt.Errorf("cut at %d (%s): the cleanup failed after a blip: %w", c.n, c.cmd, err)
		}
		return ft.clean(m, fmt.Sprintf("cut at %d (%s), after the import's own cleanup", c.n, c.cmd))
	case c.n%2 == 0:
		// The server went away: an explicit abort removes the rest.
		if _, err := direct.Abort(ctx, m.UUID()); err != nil {
			return fmt.Errorf("cut at %d (%s): abort: %w", c.n, c.cmd, err)
		}
		return ft.clean(m, fmt.Sprintf("cut at %d (%s), after abort", c.n, c.cmd))
	default:
		// The next import finds the leftovers, removes them and
		// succeeds; its abort then leaves the target as it was.
		if _, err := direct.Import(ctx, m); err != nil {
			return fmt.Errorf("cut at %d (%s): retry: %w", c.n, c.cmd, err)
		}
		if _, err := direct.Abort(ctx, m.UUID()); err != nil {
			return fmt.Errorf("cut at %d (%s): abort after the retry: %w", c.n, c.cmd, err)
		}
		return ft.clean(m, fmt.Sprintf("cut at %d (%s), after retry and abort", c.n, c.cmd))
	}
}
