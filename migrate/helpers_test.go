package migrate

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/embeddb"
	"github.com/modelferry/ferry/internal/mongotest"
	"github.com/modelferry/ferry/migrate/seed"
)

// The tests run two embedded FerretDB servers, one per side, so that a
// migration really goes between two servers. With FERRY_TEST_MONGO_URI
// set, both sides use that server, in databases of their own.
var (
	servers   [2]*embeddb.Server
	serverDir string
	clients   [2]*mongo.Client
)

func TestMain(m *testing.M) {
	code := func() int {
		defer func() {
			if builtBin != "" {
				os.RemoveAll(filepath.Dir(builtBin))
			}
		}()
		if uri := os.Getenv(mongotest.EnvURI); uri != "" {
			c, err := mongo.Connect(options.Client().ApplyURI(uri))
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
			clients = [2]*mongo.Client{c, c}
			defer c.Disconnect(context.Background())
			return m.Run()
		}
		dir, err := os.MkdirTemp("", "ferry-migrate-test-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		serverDir = dir
		defer os.RemoveAll(dir)
		for i := range servers {
			s, err := embeddb.Start(context.Background(), embeddb.Options{Dir: fmt.Sprintf("%s/%d", dir, i)})
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
			defer s.Close()
			servers[i] = s
			c, err := mongo.Connect(options.Client().ApplyURI(s.URI()))
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
			defer c.Disconnect(context.Background())
			clients[i] = c
		}
		return m.Run()
	}()
	os.Exit(code)
}

var unsafeName = regexp.MustCompile(`[^a-zA-Z0-9_]`)

// newController returns a controller on server i whose databases no other
// test uses; they are dropped when the test ends.
func newController(t testing.TB, i int, name string) *Controller {
	t.Helper()
	var b [3]byte
	rand.Read(b[:])
	base := unsafeName.ReplaceAllString(t.Name(), "_")
	if len(base) > 36 {
		base = base[len(base)-36:]
	}
	prefix := "t" + hex.EncodeToString(b[:]) + "_" + base + "_" + name
	c := &Controller{Name: name, Client: clients[i], StateDB: prefix + "_j", BlobsDB: prefix + "_b", LogsDB: prefix + "_l"}
	t.Cleanup(func() {
		ctx := context.Background()
		for _, db := range []*mongo.Database{c.State(), c.Blobs(), c.Logs()} {
			db.Drop(ctx)
		}
	})
	return c
}

// pair returns a fresh source and target on two servers.
func pair(t testing.TB) (src, dst *Controller) {
	return newController(t, 0, "src"), newController(t, 1, "dst")
}

// targetVersion is the version the tests' target controllers run.
const targetVersion = "3.6.0"

var uuidN struct {
	sync.Mutex
	n int
}

// newUUID gives each seeded model its own UUID.
func newUUID() string {
	uuidN.Lock()
	defer uuidN.Unlock()
	uuidN.n++
	var b [2]byte
	rand.Read(b[:])
	return fmt.Sprintf("5eed%04x-%04x-4000-8000-%012d", uuidN.n, uint16(b[0])<<8|uint16(b[1]), os.Getpid())
}

// seedModel writes a model of the given size into src (with its blobs and
// logs) and prepares dst to take it (controller documents, cloud, users).
func seedModel(t testing.TB, src, dst *Controller, size seed.Size, name string) *description.Model {
	t.Helper()
	ctx := context.Background()
	m, err := seed.Model(size, newUUID(), name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Write(ctx, seed.DBs{State: src.State(), Blobs: src.Blobs(), Logs: src.Logs()}, m, seed.Options{Logs: seed.LogEntries(size)}); err != nil {
		t.Fatal(err)
	}
	if dst != nil {
		if err := seed.InitController(ctx, dst.State(), m, targetVersion); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

// fast are options for tests: prechecks that do not wait, a quick
// heartbeat.
func fast() Options {
	return Options{Grace: -1, CheckInterval: 100 * time.Millisecond, Heartbeat: 100 * time.Millisecond, LeaseTimeout: 2 * time.Second}
}

// dump reads every document of a controller's three databases, as
// canonical extended JSON sorted by collection and _id, leaving out what
// skip says to.
func dump(t testing.TB, c *Controller, skip func(coll string, doc bson.Raw) bool) map[string][]string {
	t.Helper()
	ctx := context.Background()
	out := map[string][]string{}
	for _, db := range []*mongo.Database{c.State(), c.Blobs(), c.Logs()} {
		names, err := db.ListCollectionNames(ctx, bson.D{})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			cur, err := db.Collection(n).Find(ctx, bson.D{})
			if err != nil {
				t.Fatal(err)
			}
			var docs []string
			for cur.Next(ctx) {
				if skip != nil && skip(n, cur.Current) {
					continue
				}
				doc := cur.Current
				if n == "models" {
					// The quiesce and its undo are two updates of the model
					// document, and each, as any of Juju's transactional
					// updates, bumps its txn-revno.
					doc = without(doc, "txn-revno")
				}
				docs = append(docs, doc.String())
			}
			cur.Close(ctx)
			sort.Strings(docs)
			if len(docs) > 0 {
				out[db.Name()[strings.LastIndexByte(db.Name(), '_')+1:]+"/"+n] = docs
			}
		}
	}
	return out
}

// sameDump compares two dumps and reports the first differences.
func sameDump(t testing.TB, what string, before, after map[string][]string) {
	t.Helper()
	var diffs []string
	keys := map[string]bool{}
	for k := range before {
		keys[k] = true
	}
	for k := range after {
		keys[k] = true
	}
	for _, k := range sortedKeys(keys) {
		b, a := before[k], after[k]
		if len(b) != len(a) {
			diffs = append(diffs, fmt.Sprintf("%s: %d documents before, %d after", k, len(b), len(a)))
			continue
		}
		for i := range b {
			if b[i] != a[i] {
				diffs = append(diffs, fmt.Sprintf("%s: before %s\n    after  %s", k, clip(b[i]), clip(a[i])))
				break
			}
		}
	}
	if len(diffs) > 0 {
		if len(diffs) > 10 {
			diffs = diffs[:10]
		}
		t.Errorf("%s changed:\n  %s", what, strings.Join(diffs, "\n  "))
	}
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}

// ferrysOwn leaves ferry's own records out of a dump: they are the one
// thing a migration, even an aborted one, adds to the source; and the
// model's "modelmigration" sequence, which every attempt advances (as in
// Juju).
func ferrysOwn(coll string, doc bson.Raw) bool {
	if strings.HasPrefix(coll, RecordsCollection) {
		return true
	}
	if coll == "sequence" {
		id, _ := doc.Lookup("_id").StringValueOK()
		return strings.HasSuffix(id, ":modelmigration")
	}
	return false
}

// modelDocs counts the documents of a model in a controller's juju
// database, in every collection, and says where they are.
func modelDocs(t testing.TB, c *Controller, uuid string) (int, []string) {
	t.Helper()
	ctx := context.Background()
	names, err := c.State().ListCollectionNames(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	var where []string
	for _, n := range names {
		if strings.HasPrefix(n, RecordsCollection) || strings.HasPrefix(n, "migrations") {
			continue
		}
		k, err := c.State().Collection(n).CountDocuments(ctx, bson.D{{Key: "$or", Value: bson.A{
			bson.D{{Key: "model-uuid", Value: uuid}}, bson.D{{Key: "_id", Value: uuid}}, bson.D{{Key: "bucketuuid", Value: uuid}}}}})
		if err != nil {
			t.Fatal(err)
		}
		if k > 0 {
			total += int(k)
			where = append(where, fmt.Sprintf("%s: %d", n, k))
		}
	}
	return total, where
}

// without returns doc without the named top-level field.
func without(doc bson.Raw, field string) bson.Raw {
	var d bson.D
	if err := bson.Unmarshal(doc, &d); err != nil {
		return doc
	}
	out := d[:0]
	for _, e := range d {
		if e.Key != field {
			out = append(out, e)
		}
	}
	b, err := bson.Marshal(out)
	if err != nil {
		return doc
	}
	return b
}

// The checks below fail the test on a failed query: a query error must
// never read as "nothing there". They use Errorf, not Fatal, because some
// run inside a migration's phase hook, on its goroutine.

// activeID returns the migration holding the model, as Active does.
func activeID(t testing.TB, ctx context.Context, src *Controller, uuid string) string {
	t.Helper()
	id, err := Active(ctx, src, uuid)
	if err != nil {
		t.Errorf("Active(%s): %v", uuid, err)
	}
	return id
}

// mustGet returns a migration record, failing the test if it cannot be read.
func mustGet(t testing.TB, ctx context.Context, src *Controller, id string) *Record {
	t.Helper()
	rec, err := Get(ctx, src, id)
	if err != nil {
		t.Fatalf("Get(%s): %v", id, err)
	}
	return rec
}

// countDocs counts the documents of a collection matching filter.
func countDocs(t testing.TB, ctx context.Context, coll *mongo.Collection, filter any) int64 {
	t.Helper()
	n, err := coll.CountDocuments(ctx, filter)
	if err != nil {
		t.Fatalf("counting %s: %v", coll.Name(), err)
	}
	return n
}
