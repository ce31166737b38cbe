package mongotest_test

import (
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/internal/mongotest"
)

func TestMain(m *testing.M) { mongotest.Main(m) }

func TestServerIsShared(t *testing.T) {
	a, b := mongotest.Server(t), mongotest.Server(t)
	if a != b {
		t.Errorf("Server returned two servers, %s and %s; want one per test binary", a.Addr(), b.Addr())
	}
}

// TestMainCleansUp runs one test of this binary in a child process with its
// own temporary directory, and checks that Main removed the server's
// directory from it.
func TestMainCleansUp(t *testing.T) {
	tmp := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestServerIsShared$")
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp, mongotest.EnvURI+"=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child test run: %v\n%s", err, out)
	}
	left, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		t.Errorf("left behind in the temporary directory: %s", e.Name())
	}
}

func TestURI(t *testing.T) {
	t.Run("embedded", func(t *testing.T) {
		t.Setenv(mongotest.EnvURI, "")
		if got, want := mongotest.URI(t), mongotest.Server(t).URI(); got != want {
			t.Errorf("URI() = %q, want the embedded server's %q", got, want)
		}
	})
	t.Run("from environment", func(t *testing.T) {
		// The embedded server stands in for a real MongoDB, under a URI
		// spelled differently from its own.
		uri := strings.Replace(mongotest.Server(t).URI(), "127.0.0.1", "localhost", 1)
		t.Setenv(mongotest.EnvURI, uri)
		if got := mongotest.URI(t); got != uri {
			t.Errorf("URI() = %q, want %q from $%s", got, uri, mongotest.EnvURI)
		}
		c, db := mongotest.FreshDB(t)
		if _, err := c.Database(db).Collection("c").InsertOne(t.Context(), bson.D{{Key: "_id", Value: 1}}); err != nil {
			t.Fatal(err)
		}
	})
}

var validDBName = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,63}$`)

func TestFreshDBNames(t *testing.T) {
	for _, name := range []string{
		"plain",
		"with spaces/and.dots:colons$dollars",
		strings.Repeat("long", 30),
	} {
		t.Run(name, func(t *testing.T) {
			_, a := mongotest.FreshDB(t)
			_, b := mongotest.FreshDB(t)
			if a == b {
				t.Errorf("FreshDB gave %q twice", a)
			}
			for _, n := range []string{a, b} {
				if !validDBName.MatchString(n) {
					t.Errorf("FreshDB gave %q, which is not a valid database name", n)
				}
			}
		})
	}
}

func TestFreshDBIsolatesAndDrops(t *testing.T) {
	var names []string
	t.Run("use", func(t *testing.T) {
		ctx := t.Context()
		c1, db1 := mongotest.FreshDB(t)
		c2, db2 := mongotest.FreshDB(t)
		names = []string{db1, db2}
		if _, err := c1.Database(db1).Collection("machines").InsertOne(ctx, bson.D{{Key: "_id", Value: "m"}}); err != nil {
			t.Fatal(err)
		}
		n, err := c2.Database(db2).Collection("machines").CountDocuments(ctx, bson.D{})
		if err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s.machines holds %d documents inserted into %s", db2, n, db1)
		}
	})
	dbs, err := mongotest.Client(t).ListDatabaseNames(t.Context(), bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if slices.Contains(dbs, n) {
			t.Errorf("database %s still exists after its test ended", n)
		}
	}
}
