package migrate

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/modelferry/ferry/internal/controllers"
	"github.com/modelferry/ferry/migrate/seed"
)

// TestKillNineAtEveryPhase builds the ferry binary, starts "ferry migrate"
// between two controllers, kill -9's it as it enters each phase, and
// resumes the migration with "ferry migrate --resume ID" in a new process,
// which must finish it from what the databases alone record.
func TestKillNineAtEveryPhase(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the ferry binary")
	}
	if runtime.GOOS == "windows" {
		t.Skip("no kill -9")
	}
	t.Parallel()
	bin := buildFerry(t)
	for _, p := range Phases {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			src, dst := pair(t)
			m := seeded(t, src, dst, seed.Tiny, "tiny")
			env := childEnv(t, src, dst)

			cmd := exec.Command(bin, "migrate", m.uuid, "--from", src.Name, "--to", dst.Name, "--json", "--grace", "0")
			cmd.Env = env
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			var id string
			killed := false
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				var e Event
				if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
					continue
				}
				if e.MigrationID != "" {
					id = e.MigrationID
				}
				if e.Kind == EventPhaseStarted && e.Phase == p {
					cmd.Process.Kill() // SIGKILL: no deferred cleanup, no last record
					killed = true
					break
				}
			}
			go func() {
				for sc.Scan() {
				}
			}()
			cmd.Wait()
			if !killed {
				t.Fatalf("ferry never reached phase %s; stderr:\n%s", p, stderr.String())
			}
			rec, err := Get(ctx, src, id)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("killed in phase %s; the record says %s, phase %s", p, rec.State, rec.Phase)
			if rec.State == Done {
				t.Fatalf("the migration finished before the kill landed")
			}
			if phaseIndex(rec.Phase) < phaseIndex(p) {
				t.Errorf("the record says phase %s, before %s", rec.Phase, p)
			}

			resume := exec.Command(bin, "migrate", "--resume", id)
			resume.Env = env
			out, err := resume.CombinedOutput()
			if err != nil {
				t.Fatalf("ferry migrate --resume: %v\n%s", err, out)
			}
			if !strings.Contains(string(out), "done") {
				t.Errorf("resume output:\n%s", out)
			}
			res := &Result{Record: rec}
			checkMigrated(t, src, dst, m, res)
		})
	}
}

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// buildFerry builds the ferry binary once per test run (TestMain removes
// it).
func buildFerry(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ferry-bin-")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "ferry")
		out, err := exec.Command("go", "build", "-o", builtBin, "github.com/modelferry/ferry/cmd/ferry").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("building ferry: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

// childEnv is the environment of a ferry child process: a registry of
// its own naming the two controllers, with their databases' names.
func childEnv(t *testing.T, src, dst *Controller) []string {
	t.Helper()
	regPath := filepath.Join(t.TempDir(), "controllers.json")
	reg, _ := controllers.Load(regPath)
	for i, c := range []*Controller{src, dst} {
		uri := os.Getenv("FERRY_TEST_MONGO_URI")
		if servers[i] != nil {
			uri = servers[i].URI()
		}
		reg.Add(controllers.Controller{Name: c.Name, URI: uri, DB: c.StateDB, BlobsDB: c.BlobsDB, LogsDB: c.LogsDB}, false)
	}
	if err := reg.Save(); err != nil {
		t.Fatal(err)
	}
	return append(os.Environ(), controllers.EnvFile+"="+regPath)
}

// TestInterruptAborts interrupts "ferry migrate" (Ctrl-C) as it enters
// the import, binaries and validate phases: it aborts, exits 1, says
// the target holds nothing only after counting, and leaves both
// controllers as they were.
func TestInterruptAborts(t *testing.T) {
	if testing.Short() || runtime.GOOS == "windows" {
		t.Skip("builds the ferry binary; sends SIGINT")
	}
	t.Parallel()
	bin := buildFerry(t)
	for _, phase := range []Phase{Import, Binaries, Validate} {
		t.Run(string(phase), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			src, dst := pair(t)
			m := seeded(t, src, dst, seed.Tiny, "tiny")
			srcBefore, dstBefore := dump(t, src, ferrysOwn), dump(t, dst, nil)
			cmd := exec.Command(bin, "migrate", m.uuid, "--from", src.Name, "--to", dst.Name, "--json", "--grace", "0")
			cmd.Env = childEnv(t, src, dst)
			stdout, _ := cmd.StdoutPipe()
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			var id string
			var events []string
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				events = append(events, sc.Text())
				var e Event
				if json.Unmarshal(sc.Bytes(), &e) == nil && e.Kind == EventPhaseStarted && e.Phase == phase {
					id = e.MigrationID
					cmd.Process.Signal(os.Interrupt)
				}
			}
			err := cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 1 {
				t.Fatalf("ferry migrate exited with %v; stderr:\n%s", err, stderr.String())
			}
			all := strings.Join(events, "\n")
			if !strings.Contains(all, `"event":"aborted"`) || !strings.Contains(all, "interrupted: aborting migration") || !strings.Contains(all, "holds nothing of it (counted)") {
				t.Errorf("events:\n%s", all)
			}
			rec, err := Get(ctx, src, id)
			if err != nil || rec.State != Aborted {
				t.Fatalf("record %+v, %v", rec, err)
			}
			sameDump(t, "the source", srcBefore, dump(t, src, ferrysOwn))
			sameDump(t, "the target", dstBefore, dump(t, dst, nil))
		})
	}
}
