package importer_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
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
	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/controllertest"
	"github.com/modelferry/ferry/internal/faultproxy"
	"github.com/modelferry/ferry/internal/mongotest"
)

// snapshot reads every document of every collection of db, as sorted
// extended JSON per collection: what "the target is untouched" compares.
func snapshot(t testing.TB, db *mongo.Database) map[string][]string {
	t.Helper()
	ctx := context.Background()
	names, err := db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
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
		t.Fatal(err)
	}
	return out
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
	if _, err := direct.InitController(ctx, other, importer.InitOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := direct.InitController(ctx, m, importer.InitOptions{}); err != nil {
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
// The server selection timeout is short when the server is to go away (the
// import's cleanup then fails fast, as it would, later, against a dead
// server) and long enough after a blip for the driver's monitor to see the
// server again (it checks at most every 500 ms).
func (ft *faultTarget) via(t *testing.T, mode faultproxy.Mode) (*importer.Importer, func()) {
	t.Helper()
	wait := 150 * time.Millisecond
	if mode == faultproxy.Reconnect {
		wait = 5 * time.Second
	}
	c, err := mongo.Connect(options.Client().ApplyURI(ft.proxy.URI()).
		SetServerSelectionTimeout(wait).SetConnectTimeout(wait).
		SetRetryWrites(false).SetRetryReads(false))
	if err != nil {
		t.Fatal(err)
	}
	return importer.New(c.Database(ft.db.Name()), importer.Options{Now: testNow, LogsDB: c.Database(ft.logs.Name()), LeaseOwner: faultOwner}), func() { c.Disconnect(context.Background()) }
}

// checkClean asserts that nothing of m is left and that everything else is
// as it was before the import.
func (ft *faultTarget) checkClean(t *testing.T, m *description.Model, when string) {
	t.Helper()
	snap := snapshot(t, ft.db)
	if tr := modelTraces(snap, m); len(tr) > 0 {
		t.Fatalf("%s: %d documents of the model remain, e.g.:\n%s", when, len(tr), strings.Join(tr[:min(5, len(tr))], "\n"))
	}
	if names, _ := ft.logs.ListCollectionNames(context.Background(), bson.D{}); len(names) > 0 {
		t.Fatalf("%s: log collections remain: %v", when, names)
	}
	if d := diffSnapshots(ft.before, snap); len(d) > 0 {
		t.Fatalf("%s: the rest of the target changed:\n%s", when, strings.Join(d, "\n"))
	}
}

// TestFaultSweep cuts the connection between the importer and the target
// after N commands, for N across the whole import (every collection stage
// and every global update), in both fault modes: the server going away
// (the import's own cleanup cannot run either, and the abort or the next
// import removes what is left) and a network blip (the import cleans up
// after itself). Each time the target ends with nothing of the model and
// everything else as it was, and a retry succeeds.
func TestFaultSweep(t *testing.T) {
	// The golden's model: the final import is checked against it.
	m := controllertest.Full(fullUUID)
	ft := newFaultTarget(t, m)
	ctx := context.Background()

	// A clean run through the proxy counts the import's commands.
	ft.proxy.Reset()
	via, done := ft.via(t, faultproxy.Reconnect)
	if _, err := via.Import(ctx, m); err != nil {
		t.Fatal(err)
	}
	done()
	total := ft.proxy.Count()
	cmds := ft.proxy.Commands()
	if _, err := ft.direct().Abort(ctx, m.UUID()); err != nil {
		t.Fatal(err)
	}
	ft.checkClean(t, m, "after the clean run's abort")
	t.Logf("an import sends %d commands", total)

	// Every command is a cut point with FERRY_FAULT_SWEEP=full (75 for
	// this model, about 50 s); by default every other one, alternating the
	// fault modes so that both meet every part of the import.
	stride := 2
	switch {
	case os.Getenv("FERRY_FAULT_SWEEP") == "full":
		stride = 1
	case testing.Short():
		stride = 9
	}
	cuts := 0
	// The last command releases the lease of an import that succeeded: its
	// failure leaves the lease to expire (this owner takes it over at
	// once), not the import failed, so it is no cut point.
	for n := 0; n < total-1; n += stride {
		mode := faultproxy.Refuse
		if (n/stride)%2 == 1 {
			mode = faultproxy.Reconnect
		}
		via, done := ft.via(t, mode)
		ft.proxy.CutAfter(n, mode)
		_, err := via.Import(ctx, m)
		done()
		if !ft.proxy.Cut() {
			t.Fatalf("cut at %d of %d: the proxy did not cut (err %v)", n, total, err)
		}
		if err == nil {
			t.Fatalf("cut at %d of %d (%s): the import succeeded", n, total, cmds[n])
		}
		cuts++
		ft.proxy.Reset()
		direct := ft.direct()
		switch {
		case mode == faultproxy.Reconnect:
			// The import's own cleanup ran over a new connection.
			var we *importer.WriteError
			if errors.As(err, &we) && we.UndoErr != nil {
				t.Fatalf("cut at %d (%s): the cleanup failed after a blip: %v", n, cmds[n], err)
			}
			ft.checkClean(t, m, fmt.Sprintf("cut at %d (%s), after the import's own cleanup", n, cmds[n]))
		case (n/stride)%4 == 0:
			// The server went away: an explicit abort removes the rest.
			if _, err := direct.Abort(ctx, m.UUID()); err != nil {
				t.Fatalf("cut at %d (%s): abort: %v", n, cmds[n], err)
			}
			ft.checkClean(t, m, fmt.Sprintf("cut at %d (%s), after abort", n, cmds[n]))
		default:
			// The next import finds the leftovers, removes them and
			// succeeds; its abort then leaves the target as it was.
			if _, err := direct.Import(ctx, m); err != nil {
				t.Fatalf("cut at %d (%s): retry: %v", n, cmds[n], err)
			}
			if _, err := direct.Abort(ctx, m.UUID()); err != nil {
				t.Fatal(err)
			}
			ft.checkClean(t, m, fmt.Sprintf("cut at %d (%s), after retry and abort", n, cmds[n]))
		}
	}
	// And the import succeeds in the end, model complete.
	res, err := ft.direct().Import(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "controllertest/full", exportModel(t, ft.db, m))
	t.Logf("%d cuts over %d commands; the final import wrote %d documents", cuts, total, res.Docs)
}
