package embeddb_test

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/modelferry/ferry/internal/embeddb"
)

// start starts a server in dir and closes it when the test ends.
func start(t *testing.T, dir string) *embeddb.Server {
	t.Helper()
	s, err := embeddb.Start(t.Context(), embeddb.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

// connect returns a client of s that is disconnected before s is closed
// (cleanups run last-registered first), so Close need not wait for it.
func connect(t *testing.T, s *embeddb.Server) *mongo.Client {
	t.Helper()
	c, err := mongo.Connect(options.Client().ApplyURI(s.URI()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Disconnect(context.Background()) })
	return c
}

func names(t *testing.T, coll *mongo.Collection) []string {
	t.Helper()
	ctx := t.Context()
	cur, err := coll.Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		t.Fatal(err)
	}
	var docs []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	return ids
}

func TestStartInsertFind(t *testing.T) {
	s := start(t, t.TempDir())
	if !strings.HasPrefix(s.URI(), "mongodb://127.0.0.1:") || !strings.HasSuffix(s.URI(), "/") {
		t.Errorf("URI() = %q, want mongodb://127.0.0.1:PORT/", s.URI())
	}
	if _, port, err := net.SplitHostPort(s.Addr()); err != nil || port == "0" {
		t.Errorf("Addr() = %q, want a host:port with the picked port", s.Addr())
	}

	ctx := t.Context()
	coll := connect(t, s).Database("juju").Collection("machines")
	_, err := coll.InsertMany(ctx, []any{
		bson.D{{Key: "_id", Value: "uuid:1"}, {Key: "model-uuid", Value: "uuid"}, {Key: "life", Value: int32(0)}},
		bson.D{{Key: "_id", Value: "uuid:0"}, {Key: "model-uuid", Value: "uuid"}, {Key: "life", Value: int32(1)}},
		bson.D{{Key: "_id", Value: "other:0"}, {Key: "model-uuid", Value: "other"}, {Key: "life", Value: int32(0)}},
	})
	if err != nil {
		t.Fatal(err)
	}

	cur, err := coll.Find(ctx, bson.D{{Key: "model-uuid", Value: "uuid"}},
		options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		t.Fatal(err)
	}
	var got []bson.D
	if err := cur.All(ctx, &got); err != nil {
		t.Fatal(err)
	}
	want := []bson.D{
		{{Key: "_id", Value: "uuid:0"}, {Key: "model-uuid", Value: "uuid"}, {Key: "life", Value: int32(1)}},
		{{Key: "_id", Value: "uuid:1"}, {Key: "model-uuid", Value: "uuid"}, {Key: "life", Value: int32(0)}},
	}
	if gotS, wantS := bsonString(t, got), bsonString(t, want); gotS != wantS {
		t.Errorf("find model-uuid=uuid:\n got %s\nwant %s", gotS, wantS)
	}
}

// bsonString renders documents as canonical extended JSON, which keeps BSON
// types (int32 vs int64), so comparing strings compares types too.
func bsonString(t *testing.T, docs []bson.D) string {
	t.Helper()
	var parts []string
	for _, d := range docs {
		b, err := bson.MarshalExtJSON(d, true, false)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, string(b))
	}
	return strings.Join(parts, "\n")
}

func TestRestartKeepsData(t *testing.T) {
	// A space in the path checks that the directory is escaped in the
	// SQLite URI rather than passed through raw.
	dir := filepath.Join(t.TempDir(), "data dir")
	ctx := t.Context()

	s, err := embeddb.Start(ctx, embeddb.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	c, err := mongo.Connect(options.Client().ApplyURI(s.URI()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Database("juju").Collection("units").InsertOne(ctx, bson.D{{Key: "_id", Value: "u:wordpress/0"}}); err != nil {
		t.Fatal(err)
	}
	c.Disconnect(ctx)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s2 := start(t, dir)
	if got := names(t, connect(t, s2).Database("juju").Collection("units")); len(got) != 1 || got[0] != "u:wordpress/0" {
		t.Errorf("after restart, units holds %q, want [u:wordpress/0]", got)
	}
}

func TestTwoServers(t *testing.T) {
	a := start(t, t.TempDir())
	b := start(t, t.TempDir())
	if a.Addr() == b.Addr() {
		t.Fatalf("both servers listen on %s", a.Addr())
	}
	ctx := t.Context()
	if _, err := connect(t, a).Database("d").Collection("c").InsertOne(ctx, bson.D{{Key: "_id", Value: "in-a"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := connect(t, b).Database("d").Collection("c").InsertOne(ctx, bson.D{{Key: "_id", Value: "in-b"}}); err != nil {
		t.Fatal(err)
	}
	if got := names(t, connect(t, a).Database("d").Collection("c")); len(got) != 1 || got[0] != "in-a" {
		t.Errorf("server a holds %q, want [in-a]", got)
	}
	if got := names(t, connect(t, b).Database("d").Collection("c")); len(got) != 1 || got[0] != "in-b" {
		t.Errorf("server b holds %q, want [in-b]", got)
	}
}

func TestCloseTwice(t *testing.T) {
	s, err := embeddb.Start(t.Context(), embeddb.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("first Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	// The port is released: nothing answers there any more.
	if conn, err := net.Dial("tcp", s.Addr()); err == nil {
		conn.Close()
		t.Errorf("%s still accepts connections after Close", s.Addr())
	}
}

func TestSameDirRefused(t *testing.T) {
	dir := t.TempDir()
	start(t, dir)
	s, err := embeddb.Start(t.Context(), embeddb.Options{Dir: dir})
	if err == nil {
		s.Close()
		t.Fatal("second server on the same directory started")
	}
	if !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "in use") {
		t.Errorf("error %q should say that %s is in use", err, dir)
	}
}

func TestListenAddressInUse(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	dir := t.TempDir()
	s, err := embeddb.Start(t.Context(), embeddb.Options{Dir: dir, Listen: l.Addr().String()})
	if err == nil {
		s.Close()
		t.Fatalf("started on %s, which is taken", l.Addr())
	}
	for _, want := range []string{l.Addr().String(), dir, "address already in use"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if strings.Contains(err.Error(), ".go:") {
		t.Errorf("error %q carries source locations", err)
	}
	// The failed start must have released the directory.
	start(t, dir)
}

func TestNoDir(t *testing.T) {
	_, err := embeddb.Start(t.Context(), embeddb.Options{})
	if err == nil || !strings.Contains(err.Error(), "no data directory") {
		t.Errorf("Start without Dir: error %v, want one saying no data directory was given", err)
	}
}

// TestFerretDBVersion checks the reported version against the one go.mod
// pins, read here from go.mod itself.
func TestFerretDBVersion(t *testing.T) {
	data, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	want := ""
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "github.com/FerretDB/FerretDB" {
			want = f[1]
		}
		if len(f) >= 1 && f[0] == "replace" && strings.Contains(line, "github.com/FerretDB/FerretDB") {
			t.Fatalf("go.mod replaces FerretDB: %s", line)
		}
	}
	if want == "" {
		t.Fatal("go.mod does not require github.com/FerretDB/FerretDB")
	}
	if got := embeddb.FerretDBVersion(); got != want {
		t.Errorf("FerretDBVersion() = %q, want %q as pinned in go.mod", got, want)
	}
}

func TestDataFilesArePrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes")
	}
	dir := t.TempDir()
	s := start(t, dir)
	c, err := mongo.Connect(options.Client().ApplyURI(s.URI()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Database("juju").Collection("models").InsertOne(t.Context(), bson.D{{Key: "_id", Value: "m"}}); err != nil {
		t.Fatal(err)
	}
	c.Disconnect(context.Background())
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// A database file an older ferry left readable by others.
	old := filepath.Join(dir, "juju.sqlite")
	if err := os.Chmod(old, 0o644); err != nil {
		t.Fatal(err)
	}
	s = start(t, dir)
	s.Close()
	if fi, err := os.Stat(old); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("existing SQLite file: %v, %v; want mode 0600", fi.Mode(), err)
	}
	fresh := filepath.Join(t.TempDir(), "a", "b")
	s = start(t, fresh)
	s.Close()
	if fi, err := os.Stat(fresh); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("new data directory: %v, %v; want mode 0700", fi.Mode(), err)
	}
}

func BenchmarkStart(b *testing.B) {
	dir := b.TempDir()
	for b.Loop() {
		s, err := embeddb.Start(b.Context(), embeddb.Options{Dir: dir})
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInsertMany inserts batches of 1,000 small documents; docs/s is
// the figure the importer's design rests on.
func BenchmarkInsertMany(b *testing.B) {
	s, err := embeddb.Start(b.Context(), embeddb.Options{Dir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	c, err := mongo.Connect(options.Client().ApplyURI(s.URI()))
	if err != nil {
		b.Fatal(err)
	}
	defer c.Disconnect(context.Background())
	coll := c.Database("bench").Collection("insert")
	const batch = 1000
	n := 0
	for b.Loop() {
		docs := make([]any, batch)
		for i := range docs {
			docs[i] = bson.D{{Key: "_id", Value: n}, {Key: "model-uuid", Value: "u"}, {Key: "life", Value: int32(0)}}
			n++
		}
		if _, err := coll.InsertMany(b.Context(), docs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkFind reads back 10,000 small documents with one filtered find.
func BenchmarkFind(b *testing.B) {
	s, err := embeddb.Start(b.Context(), embeddb.Options{Dir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	c, err := mongo.Connect(options.Client().ApplyURI(s.URI()))
	if err != nil {
		b.Fatal(err)
	}
	defer c.Disconnect(context.Background())
	coll := c.Database("bench").Collection("find")
	const total = 10000
	docs := make([]any, total)
	for i := range docs {
		docs[i] = bson.D{{Key: "_id", Value: i}, {Key: "model-uuid", Value: "u"}, {Key: "life", Value: int32(0)}}
	}
	if _, err := coll.InsertMany(b.Context(), docs); err != nil {
		b.Fatal(err)
	}
	n := 0
	for b.Loop() {
		cur, err := coll.Find(b.Context(), bson.D{{Key: "model-uuid", Value: "u"}})
		if err != nil {
			b.Fatal(err)
		}
		var got []bson.Raw
		if err := cur.All(b.Context(), &got); err != nil {
			b.Fatal(err)
		}
		if len(got) != total {
			b.Fatalf("found %d documents, want %d", len(got), total)
		}
		n += len(got)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "docs/s")
}
