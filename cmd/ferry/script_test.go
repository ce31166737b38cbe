package main

import (
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// TestMain lets scripts run "exec ferry ...": testscript puts a copy of
// this test binary on $PATH as "ferry", and when started under that name
// the binary runs ferry's main instead of the tests.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"ferry": main})
}

// TestScripts runs testdata/script/*.txtar. With FERRY_UPDATE_SCRIPTS=1, a
// failing cmp against a file in the archive rewrites that file instead.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       os.Getenv("FERRY_UPDATE_SCRIPTS") == "1",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exitcode":  cmdExitcode,
			"freeport":  cmdFreeport,
			"waitmongo": cmdWaitmongo,
			"perms":     cmdPerms,
		},
	})
}

// cmdExitcode runs a command like exec does and checks its exit status,
// which exec alone cannot: "! exec" accepts any failure.
//
//	exitcode N command [args...]
func cmdExitcode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: bad status %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exitcode: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}

// cmdFreeport sets an environment variable to a TCP port on 127.0.0.1
// that was free a moment ago, for a server the script starts. Another
// process could take it in between, but on a test machine that is rare
// and the failure would be loud.
//
//	freeport VAR
func cmdFreeport(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: freeport VAR")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	port := l.Addr().(*net.TCPAddr).Port
	ts.Check(l.Close())
	ts.Setenv(args[0], strconv.Itoa(port))
}

// waitmongoTimeout bounds how long waitmongo waits for a server to start.
// It is generous because CI machines can be slow; a server that is up
// answers at once, so the bound costs nothing when things work.
const waitmongoTimeout = 60 * time.Second

// cmdWaitmongo waits until a MongoDB server at URI answers a ping.
// With "!", it checks that nothing answers there now.
//
//	[!] waitmongo URI
func cmdWaitmongo(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: [!] waitmongo URI")
	}
	uri := args[0]
	timeout := waitmongoTimeout
	if neg {
		// A quick probe is enough: something listening would answer at once.
		timeout = 2 * time.Second
	}
	c, err := mongo.Connect(options.Client().ApplyURI(uri).SetServerSelectionTimeout(timeout))
	if err != nil {
		ts.Fatalf("waitmongo: %v", err)
	}
	defer c.Disconnect(context.Background())
	// The driver keeps retrying server selection until the timeout, so one
	// Ping waits for a server that is still starting.
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	err = c.Ping(ctx, nil)
	switch {
	case err != nil && !neg:
		ts.Fatalf("waitmongo: no MongoDB answered at %s within %v: %v", uri, timeout, err)
	case err == nil && neg:
		ts.Fatalf("waitmongo: a MongoDB answers at %s", uri)
	}
}

// cmdPerms checks the permission bits of a directory and of every regular
// file in it.
//
//	perms DIR DIRMODE FILEMODE
func cmdPerms(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: perms DIR DIRMODE FILEMODE")
	}
	dirMode, err := strconv.ParseUint(args[1], 8, 32)
	ts.Check(err)
	fileMode, err := strconv.ParseUint(args[2], 8, 32)
	ts.Check(err)
	dir := ts.MkAbs(args[0])
	fi, err := os.Stat(dir)
	ts.Check(err)
	if got := fi.Mode().Perm(); got != os.FileMode(dirMode) {
		ts.Fatalf("%s has mode %#o, want %#o", args[0], got, dirMode)
	}
	entries, err := os.ReadDir(dir)
	ts.Check(err)
	files := 0
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		ts.Check(err)
		if got := info.Mode().Perm(); got != os.FileMode(fileMode) {
			ts.Fatalf("%s has mode %#o, want %#o", filepath.Join(args[0], e.Name()), got, fileMode)
		}
		files++
	}
	if files == 0 {
		ts.Fatalf("%s holds no files to check", args[0])
	}
}
