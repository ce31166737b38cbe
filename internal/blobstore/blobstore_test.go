package blobstore_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/modelferry/ferry/internal/blobstore"
	"github.com/modelferry/ferry/internal/mongotest"
)

func TestMain(m *testing.M) { mongotest.Main(m) }

// newStore returns a store in two fresh databases.
func newStore(t *testing.T) *blobstore.Store {
	t.Helper()
	c, a := mongotest.FreshDB(t)
	_, b := mongotest.FreshDB(t)
	return blobstore.New(c.Database(a), c.Database(b))
}

func count(t *testing.T, s *blobstore.Store) (entries, paths, files int64) {
	t.Helper()
	ctx := context.Background()
	n := func(c *mongo.Collection) int64 {
		k, err := c.CountDocuments(ctx, bson.D{})
		if err != nil {
			// A failed count must not read as an empty store.
			t.Fatalf("counting %s: %v", c.Name(), err)
		}
		return k
	}
	return n(s.State.Collection(blobstore.Catalogue)), n(s.State.Collection(blobstore.Paths)), n(s.Files.Collection(blobstore.Bucket + ".files"))
}

func TestPutSharesData(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	data := bytes.Repeat([]byte("charm"), 100000)
	e1, err := s.Put(ctx, "model-a", "charms/x-1", data)
	if err != nil {
		t.Fatal(err)
	}
	e2, err := s.Put(ctx, "model-b", "charms/x-1", data)
	if err != nil {
		t.Fatal(err)
	}
	if e1.ID != e2.ID || e1.ID != blobstore.SumsOf(data).SHA384 {
		t.Fatalf("entries %s and %s", e1.ID, e2.ID)
	}
	if n, p, f := count(t, s); n != 1 || p != 2 || f != 1 {
		t.Errorf("%d entries, %d paths, %d files; want 1, 2, 1", n, p, f)
	}
	es, _ := s.Entries(ctx, []string{e1.ID})
	if es[e1.ID].RefCount != 2 {
		t.Errorf("refcount %d, want 2", es[e1.ID].RefCount)
	}
	got, _, err := s.Get(ctx, "model-b", "charms/x-1")
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("Get: %d bytes, %v", len(got), err)
	}
	// Removing one bucket keeps the data the other names.
	st, err := s.RemoveBucket(ctx, "model-a", nil)
	if err != nil || st.Paths != 1 || st.Blobs != 0 || st.Kept != 1 {
		t.Fatalf("RemoveBucket: %+v, %v", st, err)
	}
	es, _ = s.Entries(ctx, []string{e1.ID})
	if es[e1.ID].RefCount != 1 {
		t.Errorf("refcount %d after removing one path, want 1", es[e1.ID].RefCount)
	}
	st, err = s.RemoveBucket(ctx, "model-b", nil)
	if err != nil || st.Blobs != 1 {
		t.Fatalf("RemoveBucket: %+v, %v", st, err)
	}
	if n, p, f := count(t, s); n != 0 || p != 0 || f != 0 {
		t.Errorf("left %d entries, %d paths, %d files", n, p, f)
	}
}

func TestCopyChecksSkipsAndResumes(t *testing.T) {
	ctx := context.Background()
	src, dst := newStore(t), newStore(t)
	charm := bytes.Repeat([]byte{1, 2, 3}, 200000)
	tools := bytes.Repeat([]byte{9}, 300000)
	for _, b := range []struct {
		path string
		data []byte
	}{{"charms/a-1", charm}, {"tools/3.5.1-ubuntu-amd64-x", tools}} {
		if _, err := src.Put(ctx, "m", b.path, b.data); err != nil {
			t.Fatal(err)
		}
	}
	// The target already has the charm's data, for another model.
	if _, err := dst.Put(ctx, "other", "charms/a-1", charm); err != nil {
		t.Fatal(err)
	}
	wants := []blobstore.Want{
		{Kind: "charm", Ref: "ch:a-1", Path: "charms/a-1", SHA256: blobstore.SumsOf(charm).SHA256},
		{Kind: "tools", Ref: "3.5.1-ubuntu-amd64", Path: "tools/3.5.1-ubuntu-amd64-x", SHA256: blobstore.SumsOf(tools).SHA256},
	}
	items, err := src.Plan(ctx, "m", wants)
	if err != nil {
		t.Fatal(err)
	}
	// An interrupted earlier run left a chunk of a file under a planned
	// id, and no files document.
	if _, err := dst.Files.Collection(blobstore.Bucket+".chunks").InsertOne(ctx, bson.D{{Key: "_id", Value: items[1].FileID.Hex() + ":0"}, {Key: "files_id", Value: items[1].FileID},
		{Key: "n", Value: int32(0)}, {Key: "data", Value: bson.Binary{Data: tools[:1000]}}}); err != nil {
		t.Fatal(err)
	}
	st, err := blobstore.Copy(ctx, src, dst, "m", items, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Blobs != 2 || st.Copied != 1 || st.Present != 1 || st.BytesCopied != int64(len(tools)) {
		t.Errorf("stats %+v", st)
	}
	got, _, err := dst.Get(ctx, "m", "tools/3.5.1-ubuntu-amd64-x")
	if err != nil || !bytes.Equal(got, tools) {
		t.Fatalf("copied tools: %d bytes, %v", len(got), err)
	}
	// Running it again changes nothing.
	st, err = blobstore.Copy(ctx, src, dst, "m", items, nil)
	if err != nil || st.Copied != 0 || st.Present != 2 {
		t.Fatalf("second Copy: %+v, %v", st, err)
	}
	if n, p, _ := count(t, dst); n != 2 || p != 3 {
		t.Errorf("%d entries and %d paths on the target, want 2 and 3", n, p)
	}
	// Undoing it leaves the other model's data alone.
	if _, err := blobstore.RemoveCopies(ctx, dst, "m", items); err != nil {
		t.Fatal(err)
	}
	if n, p, f := count(t, dst); n != 1 || p != 1 || f != 1 {
		t.Errorf("after the undo: %d entries, %d paths, %d files; want 1, 1, 1", n, p, f)
	}
}

func TestCopyRefusesCorruptData(t *testing.T) {
	ctx := context.Background()
	src, dst := newStore(t), newStore(t)
	data := bytes.Repeat([]byte("x"), 5000)
	if _, err := src.Put(ctx, "m", "charms/a-1", data); err != nil {
		t.Fatal(err)
	}
	items, err := src.Plan(ctx, "m", []blobstore.Want{{Kind: "charm", Ref: "a", Path: "charms/a-1", SHA256: blobstore.SumsOf(data).SHA256}})
	if err != nil {
		t.Fatal(err)
	}
	// The source's stored bytes rot.
	if _, err := src.Files.Collection(blobstore.Bucket+".chunks").UpdateMany(ctx, bson.D{},
		bson.D{{Key: "$set", Value: bson.D{{Key: "data", Value: bson.Binary{Data: bytes.Repeat([]byte("y"), 5000)}}}}}); err != nil {
		t.Fatal(err)
	}
	_, err = blobstore.Copy(ctx, src, dst, "m", items, nil)
	var ce *blobstore.ChecksumError
	if !errors.As(err, &ce) || ce.Where != "source" {
		t.Fatalf("Copy of corrupt data: %v", err)
	}
	if n, p, f := count(t, dst); n != 0 || p != 0 || f != 0 {
		t.Errorf("a failed copy left %d entries, %d paths, %d files", n, p, f)
	}
}

func TestPlanListsMissing(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	_, err := s.Plan(ctx, "m", []blobstore.Want{{Kind: "charm", Ref: "ch:gone-1", Path: "charms/gone-1"}})
	var me *blobstore.MissingError
	if !errors.As(err, &me) || len(me.Missing) != 1 || !errors.Is(err, blobstore.ErrNotFound) {
		t.Fatalf("Plan: %v", err)
	}
}

// TestCopyStreamsLargeBlob moves a large blob and checks that the
// process's live heap (the Go runtime's, which includes the embedded
// FerretDB's) grows by less than 32 MiB meanwhile, and that the copy
// arrives whole. The blob comes from a seeded ChaCha8 stream, so that
// neither it nor the expected digest is ever held or stored.
//
// The blob is 256 MiB, as the issue asks, in the default suite; it takes
// about a minute on FerretDB/SQLite on 2 cores (JSON and SQLite copying of
// every byte, four times), in a package of its own that runs beside the
// longer import and migrate packages. -short moves 64 MiB, still twice the
// bound, so that holding the blob fails the test; FERRY_TEST_BLOB_MIB sets
// another size.
func TestCopyStreamsLargeBlob(t *testing.T) {
	size := int64(256 << 20)
	if testing.Short() {
		size = 64 << 20
	}
	if v := os.Getenv("FERRY_TEST_BLOB_MIB"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 64 {
			t.Fatalf("FERRY_TEST_BLOB_MIB=%q: want a number of MiB, at least 64", v)
		}
		size = int64(n) << 20
	}
	blob := func() io.Reader { return io.LimitReader(rand.NewChaCha8([32]byte{'f', 'e', 'r', 'r', 'y'}), size) }
	h := sha256.New()
	if _, err := io.Copy(h, blob()); err != nil {
		t.Fatal(err)
	}
	want := hex.EncodeToString(h.Sum(nil))

	ctx := context.Background()
	src, dst := newStore(t), newStore(t)
	start := time.Now()
	if _, err := src.PutFrom(ctx, "m", "resources/app/big", blob()); err != nil {
		t.Fatal(err)
	}
	t.Logf("stored %d MiB in %s", size>>20, time.Since(start).Round(time.Millisecond))
	items, err := src.Plan(ctx, "m", []blobstore.Want{{Kind: "resource", Ref: "app/big", Path: "resources/app/big", SHA256: want}})
	if err != nil {
		t.Fatal(err)
	}

	// The peak is sampled from /gc/heap/live:bytes, the heap a GC found
	// live: holding the blob would keep 256 MiB live across the GCs its
	// allocation triggers. (The heap in use, garbage included, swings by
	// up to GOGC's 100% of the live heap whatever Copy holds.)
	runtime.GC()
	base := liveHeap()
	peak := base
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			peak = max(peak, liveHeap())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	start = time.Now()
	st, err := blobstore.Copy(ctx, src, dst, "m", items, nil)
	close(done)
	<-sampled
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("copied %d MiB in %s; live heap %d MiB before, at most %d MiB during", size>>20, time.Since(start).Round(time.Millisecond), base>>20, peak>>20)
	if st.Copied != 1 || st.BytesCopied != size {
		t.Errorf("stats %+v", st)
	}
	if grew := peak - base; grew >= 32<<20 {
		t.Errorf("the live heap grew by %.1f MiB while copying a %d MiB blob, want less than 32 MiB", float64(grew)/(1<<20), size>>20)
	}

	ps, err := dst.PathDocs(ctx, []string{blobstore.ManagedPath("m", "resources/app/big")})
	if err != nil || len(ps) != 1 {
		t.Fatalf("the target's path documents: %v, %v", ps, err)
	}
	es, err := dst.Entries(ctx, []string{ps[0].ResourceID})
	if err != nil {
		t.Fatal(err)
	}
	h.Reset()
	if _, err := dst.ReadTo(ctx, es[ps[0].ResourceID], h); err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		t.Errorf("the target's copy has SHA-256 %s, want %s", got, want)
	}
}

func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
