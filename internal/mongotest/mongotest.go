package mongotest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"regexp"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/modelferry/ferry/internal/embeddb"
)

// EnvURI names the environment variable that, when set, points the tests
// at that MongoDB instead of the embedded server.
const EnvURI = "FERRY_TEST_MONGO_URI"

// pingTimeout bounds Client's check that the server answers, so that a
// wrong FERRY_TEST_MONGO_URI fails each test quickly and says why, instead
// of every operation waiting out the driver's server selection.
const pingTimeout = 10 * time.Second

var (
	mu         sync.Mutex
	mainCalled bool
	srv        *embeddb.Server
	srvDir     string
	srvErr     error // a failed start is kept, so later tests fail at once
)

// Main runs the tests of a package, then stops the embedded server if one
// was started and removes its directory, and exits with the tests' status.
// Call it from TestMain.
func Main(m *testing.M) {
	mu.Lock()
	mainCalled = true
	mu.Unlock()

	code := m.Run()

	mu.Lock()
	defer mu.Unlock()
	if srv != nil {
		if err := srv.Close(); err != nil {
			fmt.Fprintf(os.Stderr, "mongotest: %v\n", err)
			code = max(code, 1)
		}
		srv = nil
	}
	if srvDir != "" {
		if err := os.RemoveAll(srvDir); err != nil {
			fmt.Fprintf(os.Stderr, "mongotest: %v\n", err)
			code = max(code, 1)
		}
	}
	os.Exit(code)
}

// Server returns the test binary's embedded server, starting it on first
// use. It always returns the embedded server, even when
// FERRY_TEST_MONGO_URI is set: tests that only need some MongoDB should
// call URI, Client or FreshDB instead.
func Server(tb testing.TB) *embeddb.Server {
	tb.Helper()
	mu.Lock()
	defer mu.Unlock()
	// Without Main nobody would stop the server or remove its directory.
	if !mainCalled {
		tb.Fatal("mongotest: the package's TestMain must call mongotest.Main(m)")
	}
	if srv == nil && srvErr == nil {
		srv, srvDir, srvErr = start()
	}
	if srvErr != nil {
		tb.Fatal(srvErr)
	}
	return srv
}

func start() (*embeddb.Server, string, error) {
	dir, err := os.MkdirTemp("", "ferry-mongotest-")
	if err != nil {
		return nil, "", fmt.Errorf("mongotest: %w", err)
	}
	// The server outlives any one test, so no test's context bounds it.
	s, err := embeddb.Start(context.Background(), embeddb.Options{Dir: dir})
	if err != nil {
		os.RemoveAll(dir)
		return nil, "", fmt.Errorf("mongotest: %w", err)
	}
	return s, dir, nil
}

// URI returns the connection string of the MongoDB the tests use: the value
// of FERRY_TEST_MONGO_URI if set, else the embedded server's.
func URI(tb testing.TB) string {
	tb.Helper()
	if uri := os.Getenv(EnvURI); uri != "" {
		return uri
	}
	return Server(tb).URI()
}

// describe names the server the tests use without printing a URI from the
// environment, which may hold a password.
func describe(tb testing.TB) string {
	if os.Getenv(EnvURI) != "" {
		return "the MongoDB in $" + EnvURI
	}
	return "the embedded server at " + Server(tb).URI()
}

// Client returns a client connected to the MongoDB the tests use. It has
// answered a ping, and it is disconnected when the test ends.
func Client(tb testing.TB) *mongo.Client {
	tb.Helper()
	c, err := mongo.Connect(options.Client().ApplyURI(URI(tb)))
	if err != nil {
		tb.Fatalf("mongotest: connecting to %s: %v", describe(tb), err)
	}
	tb.Cleanup(func() {
		if err := c.Disconnect(context.Background()); err != nil {
			tb.Errorf("mongotest: disconnecting: %v", err)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), pingTimeout)
	defer cancel()
	if err := c.Ping(ctx, nil); err != nil {
		tb.Fatalf("mongotest: %s does not answer: %v", describe(tb), err)
	}
	return c
}

// FreshDB returns a client as Client does and the name of a database that
// no other test uses. The name is built from the test's name, so leftovers
// on a real MongoDB say which test made them. The database is dropped when
// the test ends.
func FreshDB(tb testing.TB) (client *mongo.Client, dbName string) {
	tb.Helper()
	c := Client(tb)
	name := newDBName(tb.Name())
	// Registered after Client's disconnect, so it runs before it.
	tb.Cleanup(func() {
		if err := c.Database(name).Drop(context.Background()); err != nil {
			tb.Errorf("mongotest: dropping database %s: %v", name, err)
		}
	})
	return c, name
}

// unsafeName matches what may not appear in a database name: FerretDB
// allows only ASCII letters, digits, '_' and '-', and at most 63 of them.
var unsafeName = regexp.MustCompile(`[^a-zA-Z0-9_-]`)

// newDBName makes a database name from a test name and a random suffix; the
// suffix keeps names apart across parallel tests and test binaries.
func newDBName(testName string) string {
	var b [4]byte
	rand.Read(b[:])
	const prefix, maxLen = "t_", 63
	suffix := "_" + hex.EncodeToString(b[:])
	base := unsafeName.ReplaceAllString(testName, "_")
	if n := maxLen - len(prefix) - len(suffix); len(base) > n {
		base = base[:n]
	}
	return prefix + base + suffix
}
