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

	"github.com/modelferry/ferry/internal/jujudb"
	"github.com/modelferry/ferry/migrate/seed"
)

// TestResumeAfterCancelAtEveryPhase interrupts a migration (a cancelled
// context, as a killed process would leave it) at the start of each
// phase, and mid-phase in the phases that move data, then resumes it and
// checks the end state.
func TestResumeAfterCancelAtEveryPhase(t *testing.T) {
	t.Parallel()
	type point struct {
		name  string
		phase Phase
		mid   bool // at the first progress event, not the phase start
	}
	var points []point
	for _, p := range Phases {
		points = append(points, point{string(p), p, false})
	}
	for _, p := range []Phase{Import, Binaries, Logs, Cleanup} {
		points = append(points, point{string(p) + "-mid", p, true})
	}
	for _, pt := range points {
		t.Run(pt.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			src, dst := pair(t)
			m := seeded(t, src, dst, seed.Tiny, "tiny")
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			opts := fast()
			opts.LogBatch = 50 // several batches, so a cut lands mid-copy
			var once sync.Once
			if pt.mid {
				opts.Progress = func(e Event) {
					if e.Kind == EventProgress && e.Phase == pt.phase {
						once.Do(cancel)
					}
				}
			} else {
				opts.beforePhase = func(p Phase) {
					if p == pt.phase {
						cancel()
					}
				}
			}
			_, err := Migrate(cctx, src, dst, m.uuid, opts)
			var ie *InterruptedError
			if !errors.As(err, &ie) {
				t.Fatalf("Migrate: %v, want an interruption", err)
			}
			if ie.Phase != pt.phase {
				t.Errorf("stopped in phase %s, want %s", ie.Phase, pt.phase)
			}
			rec := mustGet(t, ctx, src, ie.ID)
			if rec.State != Running || rec.Phase != pt.phase {
				t.Errorf("record after the cut: state %s phase %s", rec.State, rec.Phase)
			}
			// A second migration of the model is refused meanwhile.
			if _, err := Migrate(ctx, src, dst, m.uuid, fast()); !errors.Is(err, ErrAlreadyMigrating) {
				t.Errorf("migrating the model again while it is interrupted: %v", err)
			}
			res, err := Resume(ctx, src, dst, ie.ID, fast())
			if err != nil {
				t.Fatalf("Resume: %v", err)
			}
			checkMigrated(t, src, dst, m, res)
			if got := res.Record.PhaseRecord(pt.phase).Runs; got != 2 {
				t.Errorf("phase %s ran %d times, want 2", pt.phase, got)
			}
		})
	}
}

// TestResumeRefusesLiveOwner: a migration whose process is alive (and
// beating) is not taken over.
func TestResumeRefusesLiveOwner(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, dst := pair(t)
	m := seeded(t, src, dst, seed.Tiny, "tiny")
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
	_, err := Resume(ctx, src, dst, id, fast())
	close(release)
	if !errors.Is(err, ErrBusy) {
		t.Errorf("Resume of a live migration: %v, want ErrBusy", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestResumeWrongTarget: a resume must go to the controller the
// migration started with.
func TestResumeWrongTarget(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, dst := pair(t)
	other := newController(t, 1, "other")
	m := seeded(t, src, dst, seed.Tiny, "tiny")
	if err := seed.InitController(ctx, other.State(), m.exported, targetVersion); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	opts := fast()
	opts.beforePhase = func(p Phase) {
		if p == Binaries {
			cancel()
		}
	}
	_, err := Migrate(cctx, src, dst, m.uuid, opts)
	var ie *InterruptedError
	if !errors.As(err, &ie) {
		t.Fatalf("Migrate: %v", err)
	}
	if _, err := Resume(ctx, src, other, ie.ID, fast()); err == nil || !strings.Contains(err.Error(), "goes to controller") {
		t.Errorf("Resume to another controller: %v", err)
	}
	if _, err := Resume(ctx, src, dst, ie.ID, fast()); err != nil {
		t.Fatal(err)
	}
}

// TestPrecheckRefusal lists every problem of a busy model and of a target
// that cannot take it, and changes nothing.
func TestPrecheckRefusal(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, dst := pair(t)
	m := seeded(t, src, dst, seed.Tiny, "tiny")
	uuid := m.uuid
	id := func(local string) bson.D { return bson.D{{Key: "_id", Value: jujudb.DocID(uuid, local)}} }
	set := func(c *Controller, coll string, filter bson.D, fields bson.D) {
		t.Helper()
		if res, err := c.State().Collection(coll).UpdateOne(ctx, filter, bson.D{{Key: "$set", Value: fields}}); err != nil || res.MatchedCount != 1 {
			t.Fatalf("updating %s %v: %v", coll, filter, err)
		}
	}
	set(src, "statuses", id("m#1#instance"), bson.D{{Key: "status", Value: "pending"}})
	set(src, "statuses", id("m#2"), bson.D{{Key: "status", Value: "down"}})
	set(src, "units", id(m.exported.Applications[0].Units[0].Name), bson.D{{Key: "life", Value: int32(1)}})
	set(src, "units", id(m.exported.Applications[1].Units[0].Name), bson.D{{Key: "charmurl", Value: "ch:amd64/jammy/other-9"}})
	set(src, "machines", id("0"), bson.D{{Key: "tools.version", Value: "3.5.0-ubuntu-amd64"}})
	// The target is too old.
	info, err := dst.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	set(dst, "settings", bson.D{{Key: "_id", Value: jujudb.DocID(info.ModelUUID, "e")}}, bson.D{{Key: "settings.agent-version", Value: "3.4.0"}})

	srcBefore, dstBefore := dump(t, src, ferrysOwn), dump(t, dst, nil)
	opts := fast()
	opts.Grace = 300 * time.Millisecond
	_, err = Migrate(ctx, src, dst, uuid, opts)
	var pe *PrecheckError
	if !errors.As(err, &pe) || !errors.Is(err, ErrAborted) {
		t.Fatalf("Migrate: %v, want a precheck refusal", err)
	}
	text := strings.Join(pe.Problems, "\n")
	for _, want := range []string{
		"machine 1 is being provisioned (instance pending)",
		"machine 2's agent is down",
		"unit " + m.exported.Applications[0].Units[0].Name + " is dying",
		"unit " + m.exported.Applications[1].Units[0].Name + " is mid-upgrade",
		"machine 0 runs agent 3.5.0, but the model is at 3.5.1",
		"target controller (3.4.0) is older than the model's agent version (3.5.1)",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the refusal does not say %q; it says:\n%s", want, text)
		}
	}
	sameDump(t, "the source", srcBefore, dump(t, src, ferrysOwn))
	sameDump(t, "the target", dstBefore, dump(t, dst, nil))
}

// TestPrecheckGrace: a model that settles within the grace period
// migrates.
func TestPrecheckGrace(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, dst := pair(t)
	m := seeded(t, src, dst, seed.Tiny, "tiny")
	key := bson.D{{Key: "_id", Value: jujudb.DocID(m.uuid, "m#0#instance")}}
	coll := src.State().Collection("statuses")
	if _, err := coll.UpdateOne(ctx, key, bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: "provisioning"}}}}); err != nil {
		t.Fatal(err)
	}
	opts := fast()
	opts.Grace = time.Minute
	var waited bool
	opts.Progress = func(e Event) {
		if e.Kind == EventWaiting && !waited {
			waited = true
			// The machine comes up while the checks wait.
			coll.UpdateOne(ctx, key, bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: "running"}}}})
		}
	}
	res, err := Migrate(ctx, src, dst, m.uuid, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !waited {
		t.Error("the checks never waited")
	}
	checkMigrated(t, src, dst, m, res)
}

// TestPrecheckTargetConflict: a target with a model of the same owner and
// name refuses at once, without waiting out the grace period.
func TestPrecheckTargetConflict(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, dst := pair(t)
	m := seeded(t, src, dst, seed.Tiny, "tiny")
	// Another model named admin/tiny on the target.
	other := seedModel(t, dst, nil, seed.Tiny, "tiny")
	if err := seed.InitController(ctx, dst.State(), other, targetVersion); err != nil {
		t.Fatal(err)
	}
	opts := fast()
	opts.Grace = time.Minute
	start := time.Now()
	_, err := Migrate(ctx, src, dst, m.uuid, opts)
	var pe *PrecheckError
	if !errors.As(err, &pe) {
		t.Fatalf("Migrate: %v", err)
	}
	if !strings.Contains(strings.Join(pe.Problems, "\n"), "admin/tiny already exists") {
		t.Errorf("problems: %v", pe.Problems)
	}
	if time.Since(start) > 30*time.Second {
		t.Errorf("a permanent problem waited %s", time.Since(start))
	}
}

// TestQuiesceChecksWhatMoves changes the source model after the precheck
// passed and before the quiesce: the checks after the quiesce, made on
// the documents the import is about to write (and, for the series-upgrade
// locks the export does not read, on their own read), refuse it, and the
// abort leaves both controllers as they were.
func TestQuiesceChecksWhatMoves(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, dst := pair(t)
	m := seeded(t, src, dst, seed.Tiny, "tiny")
	uuid := m.uuid
	unit := m.exported.Applications[0].Units[0].Name
	var srcBefore, dstBefore map[string][]string
	opts := fast()
	opts.afterPhase = func(p Phase) error {
		if p != Precheck {
			return nil
		}
		id := func(local string) bson.D { return bson.D{{Key: "_id", Value: jujudb.DocID(uuid, local)}} }
		for _, u := range []struct {
			coll  string
			id    string
			field string
			value any
		}{
			{"statuses", "m#2", "status", "down"},
			{"units", unit, "life", int32(1)},
		} {
			res, err := src.State().Collection(u.coll).UpdateOne(ctx, id(u.id), bson.D{{Key: "$set", Value: bson.D{{Key: u.field, Value: u.value}}}})
			if err != nil || res.MatchedCount != 1 {
				return fmt.Errorf("updating %s %s: %v (matched %d)", u.coll, u.id, err, res.MatchedCount)
			}
		}
		if _, err := src.State().Collection("machineUpgradeSeriesLocks").InsertOne(ctx,
			bson.D{{Key: "_id", Value: jujudb.DocID(uuid, "1")}, {Key: jujudb.FieldModelUUID, Value: uuid}}); err != nil {
			return err
		}
		srcBefore, dstBefore = dump(t, src, ferrysOwn), dump(t, dst, nil)
		return nil
	}
	var readIn []Phase
	opts.Progress = func(e Event) {
		if e.Kind == EventInfo && strings.HasPrefix(e.Message, "read the model from") {
			readIn = append(readIn, e.Phase)
		}
	}
	_, err := Migrate(ctx, src, dst, uuid, opts)
	// The checks read the model as the export the import would write.
	if len(readIn) != 1 || readIn[0] != Quiesce {
		t.Errorf("the source model was read in phases %v, want once in %s", readIn, Quiesce)
	}
	var pe *PrecheckError
	var ae *AbortedError
	if !errors.As(err, &pe) || !errors.As(err, &ae) {
		t.Fatalf("Migrate: %v, want a refusal after the quiesce", err)
	}
	if ae.Phase != Quiesce {
		t.Errorf("aborted in phase %s, want %s", ae.Phase, Quiesce)
	}
	text := strings.Join(pe.Problems, "\n")
	for _, want := range []string{"machine 2's agent is down", "unit " + unit + " is dying", "machine 1 is mid series upgrade"} {
		if !strings.Contains(text, want) {
			t.Errorf("the refusal does not say %q; it says:\n%s", want, text)
		}
	}
	sameDump(t, "the source", srcBefore, dump(t, src, ferrysOwn))
	sameDump(t, "the target", dstBefore, dump(t, dst, nil))
}
