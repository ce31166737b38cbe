package migrate

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/migrate/seed"
)

// The phases an abort can happen in: all before the commit.
var abortable = []Phase{Precheck, Quiesce, Import, Binaries, Logs, Validate, Switchover}

// TestAbortOnErrorAtEveryPhase fails each phase before the commit after it
// did its work, and checks that the abort leaves both controllers exactly
// as they were, but for ferry's own record of the attempt.
func TestAbortOnErrorAtEveryPhase(t *testing.T) {
	t.Parallel()
	for _, p := range abortable {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			src, dst := pair(t)
			m := seeded(t, src, dst, seed.Tiny, "tiny")
			srcBefore, dstBefore := dump(t, src, ferrysOwn), dump(t, dst, nil)
			boom := errors.New("injected failure")
			opts := fast()
			opts.afterPhase = func(q Phase) error {
				if q == p {
					return boom
				}
				return nil
			}
			if p == Switchover {
				// The switch-over fails just before it commits.
				opts.afterPhase = nil
				opts.beforeCommit = func() error { return boom }
			}
			res, err := Migrate(ctx, src, dst, m.uuid, opts)
			var ae *AbortedError
			if !errors.As(err, &ae) || ae.UndoErr != nil {
				t.Fatalf("Migrate: %v, want an abort", err)
			}
			if ae.Phase != p {
				t.Errorf("aborted in phase %s, want %s", ae.Phase, p)
			}
			rec, err := Get(ctx, src, res.Record.ID)
			if err != nil {
				t.Fatal(err)
			}
			if rec.State != Aborted || rec.Committed || !strings.Contains(rec.Error, "injected") {
				t.Errorf("record: state %s committed %v error %q", rec.State, rec.Committed, rec.Error)
			}
			sameDump(t, "the source", srcBefore, dump(t, src, ferrysOwn))
			sameDump(t, "the target", dstBefore, dump(t, dst, nil))
			if id := activeID(t, ctx, src, m.uuid); id != "" {
				t.Errorf("the model is still held by %s", id)
			}
		})
	}
}

// TestAbortOnRequest asks a running migration to abort, from "another
// process" (Abort with the record only), while it is in a phase.
func TestAbortOnRequest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, dst := pair(t)
	m := seeded(t, src, dst, seed.Tiny, "tiny")
	srcBefore, dstBefore := dump(t, src, ferrysOwn), dump(t, dst, nil)
	inLogs := make(chan string, 1)
	release := make(chan struct{})
	opts := fast()
	opts.beforePhase = func(p Phase) {
		if p == Logs {
			id := activeID(t, ctx, src, m.uuid)
			inLogs <- id
			<-release
		}
	}
	done := make(chan error, 1)
	go func() {
		_, err := Migrate(ctx, src, dst, m.uuid, opts)
		done <- err
	}()
	var id string
	select {
	case id = <-inLogs:
	case <-time.After(time.Minute):
		t.Fatal("the migration never reached the logs phase")
	}
	aborted := make(chan error, 1)
	go func() {
		_, err := Abort(ctx, src, dst, id, fast())
		aborted <- err
	}()
	// Let the request land, then let the migration go on: its heartbeat
	// sees the request and it aborts itself.
	deadline := time.Now().Add(time.Minute)
	for {
		asked, _, err := abortRequest(ctx, src, m.uuid, id)
		if err != nil {
			t.Fatal(err)
		}
		if asked {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the abort request never landed")
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(3 * fast().Heartbeat)
	close(release)
	err := <-done
	if !errors.Is(err, ErrAborted) || !errors.Is(err, ErrAbortRequested) {
		t.Fatalf("Migrate: %v, want an abort on request", err)
	}
	if err := <-aborted; err != nil {
		t.Fatalf("Abort: %v", err)
	}
	sameDump(t, "the source", srcBefore, dump(t, src, ferrysOwn))
	sameDump(t, "the target", dstBefore, dump(t, dst, nil))
}

// TestAbortAfterCrash aborts, by ID, a migration whose process is gone.
func TestAbortAfterCrash(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, dst := pair(t)
	m := seeded(t, src, dst, seed.Tiny, "tiny")
	srcBefore, dstBefore := dump(t, src, ferrysOwn), dump(t, dst, nil)
	cctx, cancel := context.WithCancel(ctx)
	opts := fast()
	opts.beforePhase = func(p Phase) {
		if p == Validate {
			cancel()
		}
	}
	_, err := Migrate(cctx, src, dst, m.uuid, opts)
	var ie *InterruptedError
	if !errors.As(err, &ie) {
		t.Fatalf("Migrate: %v, want an interruption", err)
	}
	if _, err := Abort(ctx, src, dst, ie.ID, fast()); err != nil {
		t.Fatalf("Abort: %v", err)
	}
	sameDump(t, "the source", srcBefore, dump(t, src, ferrysOwn))
	sameDump(t, "the target", dstBefore, dump(t, dst, nil))
	rec := mustGet(t, ctx, src, ie.ID)
	if rec.State != Aborted {
		t.Errorf("state %s, want aborted", rec.State)
	}
}

// TestNoAbortAfterCommit: once switched over, Abort refuses and Resume
// completes.
func TestNoAbortAfterCommit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, dst := pair(t)
	m := seeded(t, src, dst, seed.Tiny, "tiny")
	cctx, cancel := context.WithCancel(ctx)
	opts := fast()
	opts.beforePhase = func(p Phase) {
		if p == Cleanup {
			cancel()
		}
	}
	_, err := Migrate(cctx, src, dst, m.uuid, opts)
	var ie *InterruptedError
	if !errors.As(err, &ie) {
		t.Fatalf("Migrate: %v, want an interruption", err)
	}
	if _, err := Abort(ctx, src, dst, ie.ID, fast()); !errors.Is(err, ErrCommitted) {
		t.Fatalf("Abort after the switch-over: %v, want ErrCommitted", err)
	}
	res, err := Resume(ctx, src, dst, ie.ID, fast())
	if err != nil {
		t.Fatal(err)
	}
	checkMigrated(t, src, dst, m, res)
}

// TestSecondMigrationRefused: a model being migrated cannot be migrated
// again, and a model that is gone cannot be either; another model can.
func TestSecondMigrationRefused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, dst := pair(t)
	m := seeded(t, src, dst, seed.Tiny, "tiny")
	inBinaries := make(chan struct{})
	release := make(chan struct{})
	opts := fast()
	opts.beforePhase = func(p Phase) {
		if p == Binaries {
			close(inBinaries)
			<-release
		}
	}
	done := make(chan error)
	go func() {
		_, err := Migrate(ctx, src, dst, m.uuid, opts)
		done <- err
	}()
	<-inBinaries
	_, err := Migrate(ctx, src, dst, m.uuid, fast())
	close(release)
	if !errors.Is(err, ErrAlreadyMigrating) {
		t.Errorf("second migration: %v, want ErrAlreadyMigrating", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestConcurrentMigrations migrates two models at once between the same
// controllers; they share charms, so the blob store's sharing is
// exercised on both sides.
func TestConcurrentMigrations(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, dst := pair(t)
	a := seeded(t, src, dst, seed.Tiny, "one")
	b := seeded(t, src, dst, seed.Tiny, "two")
	var wg sync.WaitGroup
	results := make([]*Result, 2)
	errs := make([]error, 2)
	for i, ref := range []string{a.uuid, b.uuid} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = Migrate(ctx, src, dst, ref, fast())
		}()
	}
	wg.Wait()
	for i, m := range []*modelT{a, b} {
		if errs[i] != nil {
			t.Fatalf("migration %d: %v", i, errs[i])
		}
		checkMigrated(t, src, dst, m, results[i])
	}
	// Both used the same charms and agent binaries: at most one of the
	// two copied each shared blob (the catalogue is keyed by content).
	shared := results[0].Record.Counters.Present + results[1].Record.Counters.Present
	t.Logf("blobs: %+v / %+v (shared %d)", results[0].Record.Counters, results[1].Record.Counters, shared)
}

// TestSharedBlobsStay: migrating one of two models that share blobs
// leaves the shared blobs on the source for the other, and the second
// migration finds them on the target and does not copy them again.
func TestSharedBlobsStay(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, dst := pair(t)
	a := seeded(t, src, dst, seed.Tiny, "one")
	b := seeded(t, src, dst, seed.Tiny, "two")
	ra, err := Migrate(ctx, src, dst, a.uuid, fast())
	if err != nil {
		t.Fatal(err)
	}
	checkMigrated(t, src, dst, a, ra)
	rb, err := Migrate(ctx, src, dst, b.uuid, fast())
	if err != nil {
		t.Fatal(err)
	}
	checkMigrated(t, src, dst, b, rb)
	if rb.Record.Counters.Present == 0 {
		t.Errorf("the second model's shared blobs were copied again: %+v", rb.Record.Counters)
	}
	// Nothing of either is left in the source's store.
	if n := countDocs(t, ctx, src.Blobs().Collection("blobstore.files"), bson.D{}); n != 0 {
		t.Errorf("%d GridFS files left on the source", n)
	}
	if n := countDocs(t, ctx, src.State().Collection("storedResources"), bson.D{}); n != 0 {
		t.Errorf("%d catalogue entries left on the source", n)
	}
	t.Log(fmt.Sprintf("second migration: %+v", rb.Record.Counters))
}
