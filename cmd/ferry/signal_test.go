package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/controllertest"
)

// signalUUID is the model the signal tests import.
const signalUUID = "5190a100-0000-4000-8000-000000000001"

// serveForTest starts "ferry serve" (the binary testscript put on $PATH)
// and returns its URI.
func serveForTest(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	srv := exec.Command("ferry", "serve", "--dir", t.TempDir(), "--listen", addr)
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		srv.Process.Signal(os.Interrupt)
		srv.Wait()
	})
	uri := "mongodb://" + addr + "/"
	c, err := mongo.Connect(options.Client().ApplyURI(uri).SetServerSelectionTimeout(waitmongoTimeout))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Disconnect(context.Background())
	if err := c.Ping(context.Background(), nil); err != nil {
		t.Fatalf("ferry serve did not answer: %v", err)
	}
	return uri
}

// signalModel writes the model the signal tests import, big enough that
// its import and its removal take a while, and returns its path.
func signalModel(t *testing.T) string {
	t.Helper()
	m := controllertest.Generate(controllertest.Size{UUID: signalUUID, Name: "sig", Machines: 40, ContainerEvery: 4, Applications: 4, Units: 40, Relations: 2, History: 3})
	b, err := description.Write(m)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "sig.yaml")
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// ferryOut runs ferry to the end and returns its exit code and output.
func ferryOut(t *testing.T, args ...string) (int, string) {
	t.Helper()
	out, err := exec.Command("ferry", args...).CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, string(out)
}

// interrupt starts ferry, sends sig when a line of its output first
// matches at, and returns its exit code, its output and whether the
// signal was sent.
func interrupt(t *testing.T, sig os.Signal, at string, args ...string) (int, string, bool) {
	t.Helper()
	cmd := exec.Command("ferry", args...)
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	var out strings.Builder
	var mu sync.Mutex
	sent := false
	re := regexp.MustCompile(at)
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		mu.Lock()
		out.WriteString(sc.Text() + "\n")
		mu.Unlock()
		if !sent && re.MatchString(sc.Text()) {
			cmd.Process.Signal(sig)
			sent = true
		}
	}
	err = cmd.Wait()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String(), sent
}

// modelState reads whether the target database holds the model active,
// or none of it (through abort-import's own search, checked against a
// direct count of its documents in the collections an import writes).
func modelState(t *testing.T, uri, db string) string {
	t.Helper()
	ctx := context.Background()
	c, err := mongo.Connect(options.Client().ApplyURI(uri))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Disconnect(ctx)
	var md struct {
		Mode string `bson:"migration-mode"`
	}
	err = c.Database(db).Collection("models").FindOne(ctx, bson.D{{Key: "_id", Value: signalUUID}}).Decode(&md)
	if err == nil && md.Mode == "" {
		return "active"
	}
	if err != nil && err != mongo.ErrNoDocuments {
		t.Fatal(err)
	}
	n := int64(0)
	for _, coll := range []string{"models", "machines", "statuses", "statuseshistory", "settings", "blockdevices", "units"} {
		k, err := c.Database(db).Collection(coll).CountDocuments(ctx, bson.D{{Key: "$or", Value: bson.A{
			bson.D{{Key: "model-uuid", Value: signalUUID}}, bson.D{{Key: "_id", Value: signalUUID}}}}})
		if err != nil {
			t.Fatalf("counting %s: %v", coll, err)
		}
		n += k
	}
	if n > 0 {
		return fmt.Sprintf("%d documents left", n)
	}
	return "absent"
}

// TestInterruptedImportIsUndone sends SIGINT or SIGTERM to "ferry
// import" at several points: during its prechecks, while it
// removes an earlier unfinished import, while it writes, and once the
// model is written but before it is activated. Each time the model ends
// active or absent, never half; "removed" is printed only when nothing
// is left; and abort-import then finds nothing to remove.
func TestInterruptedImportIsUndone(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("sends signals")
	}
	uri := serveForTest(t)
	file := signalModel(t)
	cases := []struct {
		name, at string
		sig      os.Signal
		leftover bool // an earlier import left the model importing
	}{
		{"precheck", "checking the target", syscall.SIGTERM, false},
		{"cleanup", "removing an earlier import", os.Interrupt, true},
		{"write", "writing ", os.Interrupt, false},
		{"before-activation", "^imported model", syscall.SIGTERM, false},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := fmt.Sprintf("sig%d", i)
			common := []string{"--mongo", uri, "--db", db, "--logs-db", db + "_logs"}
			init := append(append([]string{"import"}, common...), "--init-controller", "--progress", "none", "--no-activate", file)
			if code, out := ferryOut(t, init...); code != 0 {
				t.Fatalf("preparing the target: %s", out)
			}
			if !c.leftover {
				if code, out := ferryOut(t, append(append([]string{"abort-import"}, common...), "--model", signalUUID)...); code != 0 {
					t.Fatalf("preparing the target: %s", out)
				}
			}
			args := append(append([]string{"import"}, common...), "--progress", "lines", "--batch-size", "20", file)
			code, out, sent := interrupt(t, c.sig, c.at, args...)
			t.Logf("exit %d:\n%s", code, out)
			if !sent {
				t.Fatalf("the import never printed a line matching %q", c.at)
			}
			state := modelState(t, uri, db)
			switch {
			case code == 0:
				if state != "active" || !strings.Contains(out, "activated model") {
					t.Fatalf("the import exited 0 but the model is %s", state)
				}
				return
			case state != "absent":
				t.Fatalf("the interrupted import left the model %s", state)
			case !strings.Contains(out, "interrupted"):
				t.Errorf("the output does not say the import was interrupted")
			case !regexp.MustCompile(`removed \(a count finds nothing of the model left\)|nothing of it left|before anything was written`).MatchString(out):
				t.Errorf("the output does not say that nothing is left")
			}
			if strings.Contains(out, "left of the model") {
				t.Errorf("the output says something is left, but nothing is")
			}
			code, list := ferryOut(t, append([]string{"abort-import"}, common...)...)
			if code != 0 || !strings.Contains(list, "no model is being imported, and no documents of a missing model are left") {
				t.Errorf("abort-import finds something after the undo (exit %d):\n%s", code, list)
			}
		})
	}
}

// TestInterruptedAbortFinishes interrupts "ferry abort-import" as it
// starts removing: the removal is finished anyway, and "removed" is printed after
// a count. Then documents of a model without a models document are found
// by abort-import's listing and removed.
func TestInterruptedAbortFinishes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("sends signals")
	}
	uri := serveForTest(t)
	file := signalModel(t)
	common := []string{"--mongo", uri, "--db", "ab", "--logs-db", "ab_logs"}
	if code, out := ferryOut(t, append(append([]string{"import"}, common...), "--init-controller", "--progress", "none", "--no-activate", file)...); code != 0 {
		t.Fatal(out)
	}
	code, out, sent := interrupt(t, os.Interrupt, "^ferry abort-import: removing model", append(append([]string{"abort-import"}, common...), "--model", signalUUID)...)
	if !sent {
		t.Fatalf("abort-import never said it was removing the model:\n%s", out)
	}
	t.Logf("exit %d:\n%s", code, out)
	if code != 0 || !strings.Contains(out, "removed model admin/sig") || !strings.Contains(out, "a count finds nothing of it left") || !strings.Contains(out, "interrupted: finishing the removal") {
		t.Errorf("the interrupted abort did not finish")
	}
	if s := modelState(t, uri, "ab"); s != "absent" {
		t.Fatalf("after the interrupted abort the model is %s", s)
	}

	// Orphans: documents of a model whose models document is gone.
	ctx := context.Background()
	c, err := mongo.Connect(options.Client().ApplyURI(uri))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Disconnect(ctx)
	if _, err := c.Database("ab").Collection("blockdevices").InsertOne(ctx, bson.D{{Key: "_id", Value: signalUUID + ":0"}, {Key: "model-uuid", Value: signalUUID}}); err != nil {
		t.Fatal(err)
	}
	code, out = ferryOut(t, append([]string{"abort-import"}, common...)...)
	if code != 0 || !strings.Contains(out, signalUUID+"  (no models document)  orphaned documents") {
		t.Fatalf("abort-import does not list the orphaned documents (exit %d):\n%s", code, out)
	}
	code, out = ferryOut(t, append(append([]string{"abort-import"}, common...), "--model", signalUUID)...)
	if code != 0 || !strings.Contains(out, "removed model "+signalUUID+": 1 documents") {
		t.Fatalf("abort-import --model (exit %d):\n%s", code, out)
	}
	if s := modelState(t, uri, "ab"); s != "absent" {
		t.Fatalf("after removing the orphans the model is %s", s)
	}
}
