package description

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/modelferry/ferry/internal/yamltree"
)

// Fuzz targets. A short run of each is part of CI (.ci/run); run them longer
// by hand, e.g.
//
//	go test -run '^$' -fuzz '^FuzzRoundTrip$' -fuzztime 10m ./description/
//
// and keep any crasher the fuzzer writes to testdata/fuzz/<Target>/ as a
// regression case (go test runs those files every time).

// fuzzSeeds adds every fixture input and bad document as a seed.
func fuzzSeeds(f *testing.F, globs ...string) [][]byte {
	var seeds [][]byte
	for _, g := range globs {
		files, err := filepath.Glob(g)
		if err != nil {
			f.Fatal(err)
		}
		for _, p := range files {
			b, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			seeds = append(seeds, b)
		}
	}
	if len(seeds) == 0 {
		f.Fatalf("no seeds in %v", globs)
	}
	return seeds
}

var (
	allFixtureInputs = []string{fixturesDir + "/*/*.in.yaml", "testdata/minimal.yaml"}
	// Every generation's documents: those juju/description wrote and
	// ferry's goldens for every target.
	generationInputs = []string{fixturesDir + "/juju-v*/*.yaml", fixturesDir + "/model-v1[12]/*.yaml", fixturesDir + "/targets/*/*.yaml"}
	oldFixtureInputs = []string{fixturesDir + "/model-v*/*.in.yaml", fixturesDir + "/juju-v[0-4]*/*.in.yaml"}
	badDocuments     = []string{badDir + "/*.yaml"}
)

// checkReadError requires err to be an ErrorList of positioned *Error.
func checkReadError(t *testing.T, err error) {
	t.Helper()
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %v (%T) is not an ErrorList", err, err)
	}
	if len(list) == 0 {
		t.Fatal("empty ErrorList")
	}
	for _, e := range list {
		if e == nil {
			t.Fatal("nil *Error in the list")
		}
		if e.File != "fuzz.yaml" || e.Kind == 0 || e.Msg == "" {
			t.Fatalf("incomplete error %#v", e)
		}
		// yaml.v3, which reads what the fast parser leaves to it, gives no
		// position for a few syntax errors (a lone "%").
		if e.Line <= 0 && e.Kind != KindSyntax && !strings.HasPrefix(e.Msg, "too many errors") {
			t.Fatalf("error without a line: %v", e)
		}
	}
}

// checkRoundTrip requires a model read from some input to write, read back
// as an equal tree and write the same bytes again.
func checkRoundTrip(t *testing.T, m1 *Model) {
	t.Helper()
	out1, err := Write(m1)
	if err != nil {
		t.Fatalf("a model that reads does not write: %v", err)
	}
	m2, err := Read("out.yaml", out1)
	if err != nil {
		t.Fatalf("what ferry wrote does not read back:\n%v\n--- output:\n%s", err, out1)
	}
	if d := treeDiff(m1, m2); d != "" {
		t.Fatalf("read back, the output gives another tree: %s\n--- output:\n%s", d, out1)
	}
	out2, err := Write(m2)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out1, out2) {
		t.Fatalf("writing again gives other bytes:\n%s", lineDiff(out1, out2))
	}
}

// FuzzRead feeds bytes to the reader: it must not panic, and on failure
// must return positioned errors.
func FuzzRead(f *testing.F) {
	for _, s := range fuzzSeeds(f, append(append(append([]string{}, allFixtureInputs...), generationInputs...), badDocuments...)...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := Read("fuzz.yaml", data)
		if err != nil {
			checkReadError(t, err)
		}
		// Without validation too, which returns trees validation rejects.
		m, err := ReadWithOptions("fuzz.yaml", data, ReadOptions{SkipValidation: true})
		if err != nil {
			checkReadError(t, err)
			return
		}
		if _, err := Write(m); err != nil && m != nil {
			// A tree that reads unvalidated may still break a rule the
			// writer needs; it must say so, not panic.
			if !strings.HasPrefix(err.Error(), "description: ") {
				t.Fatalf("unexpected write error: %v", err)
			}
		}
	})
}

// FuzzUpgrade mutates old-version documents and, to steer the fuzzer
// through the upgrade steps, sets the version key picked by which (the
// which-th "version" key of the document) to version. Whatever reads must
// come out in the current version and round-trip.
func FuzzUpgrade(f *testing.F) {
	for _, s := range fuzzSeeds(f, oldFixtureInputs...) {
		f.Add(s, uint16(0), uint8(0))
		f.Add(s, uint16(7), uint8(1))
		f.Add(s, uint16(30), uint8(2))
	}
	f.Fuzz(func(t *testing.T, data []byte, which uint16, version uint8) {
		if version != 0 {
			data = setVersionKey(data, int(which), int(version%14))
		}
		m, err := Read("fuzz.yaml", data)
		if err != nil {
			checkReadError(t, err)
			return
		}
		checkRoundTrip(t, m)
	})
}

// setVersionKey rewrites the value of the n-th (mod their number) version
// key in data as v.
func setVersionKey(data []byte, n, v int) []byte {
	root, err := yamltree.Parse(data)
	if err != nil || root == nil {
		return data
	}
	var keys []*yamltree.Node
	var walk func(x *yamltree.Node)
	walk = func(x *yamltree.Node) {
		if x.Kind == yamltree.MappingNode {
			for i := 0; i+1 < len(x.Children()); i += 2 {
				if x.Children()[i].Value == "version" && x.Children()[i+1].Kind == yamltree.ScalarNode {
					keys = append(keys, &x.Children()[i+1])
				}
			}
		}
		for i := range x.Children() {
			walk(&x.Children()[i])
		}
	}
	walk(root)
	if len(keys) == 0 {
		return data
	}
	k := keys[n%len(keys)]
	// Find the scalar's text at its line and column (ASCII documents only:
	// the column counts characters).
	lines := bytes.SplitAfter(data, []byte("\n"))
	if int(k.Line) > len(lines) || k.Line < 1 {
		return data
	}
	line := lines[k.Line-1]
	col := int(k.Col) - 1
	if col < 0 || col+len(k.Value) > len(line) || string(line[col:col+len(k.Value)]) != k.Value {
		return data
	}
	nl := append(append(append([]byte{}, line[:col]...), strconv.Itoa(v)...), line[col+len(k.Value):]...)
	lines[k.Line-1] = nl
	return bytes.Join(lines, nil)
}

// FuzzRoundTrip requires that whatever reads writes, reads back as an
// equal tree, and writes the same bytes again.
func FuzzRoundTrip(f *testing.F) {
	for _, s := range fuzzSeeds(f, append(append([]string{}, allFixtureInputs...), generationInputs...)...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Read("fuzz.yaml", data)
		if err != nil {
			checkReadError(t, err)
			return
		}
		checkRoundTrip(t, m)
	})
}

// FuzzWriteTargets writes whatever reads for the target picked by which,
// with the loss allowed: a loss must be reported as written and name
// paths, the output must read back, and the tree read back, which holds
// only what the target holds, must write the same bytes with nothing lost.
func FuzzWriteTargets(f *testing.F) {
	for _, s := range fuzzSeeds(f, generationInputs...) {
		for i := range Targets {
			f.Add(s, uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		m, err := Read("fuzz.yaml", data)
		if err != nil {
			checkReadError(t, err)
			return
		}
		target := Targets[int(which)%len(Targets)]
		out, err := WriteWithOptions(m, WriteOptions{Target: target, AllowLoss: true})
		var loss *LossError
		if err != nil {
			if !errors.As(err, &loss) || !loss.Written || len(loss.Losses) == 0 {
				t.Fatalf("writing for %s: %v", target.Release, err)
			}
			for _, l := range loss.Losses {
				if l.Path == "" {
					t.Fatalf("writing for %s: a loss without a path: %v", target.Release, err)
				}
			}
		}
		back, err := Read("out.yaml", out)
		if err != nil {
			t.Fatalf("ferry's %s output does not read back:\n%v\n--- output:\n%s", target.Release, err, out)
		}
		again, err := WriteWithOptions(back, WriteOptions{Target: target})
		if err != nil {
			t.Fatalf("the tree read from ferry's %s output does not write for it: %v", target.Release, err)
		}
		if !bytes.Equal(out, again) {
			t.Fatalf("writing for %s again gives other bytes:\n%s", target.Release, lineDiff(out, again))
		}
	})
}

// TestReaderRegressions holds the reader bugs the fixtures and fuzzing
// found, each as the smallest case that showed it.
func TestReaderRegressions(t *testing.T) {
	t.Run("an offer without uuid, application name, endpoints or ACL reads back", func(t *testing.T) {
		// juju/description requires these at offer v2 but omits them when
		// empty, and a v1 offer upgraded to v2 has no uuid or application
		// name: ferry used to write offers it could not read back.
		m := newTestModel()
		m.Applications[0].Offers = []*ApplicationOffer{{OfferName: "db"}}
		out, err := Write(m)
		if err != nil {
			t.Fatal(err)
		}
		m2, err := Read("offer.yaml", out)
		if err != nil {
			t.Fatalf("does not read back: %v", err)
		}
		checkRoundTrip(t, m2)
	})
	t.Run("a v1 offer round-trips", func(t *testing.T) {
		doc := strings.Replace(string(readMinimal(t)), "applications:\n  version: 12\n  applications: []\n",
			`applications:
  version: 5
  applications:
  - name: mysql
    series: jammy
    type: iaas
    charm-url: ch:amd64/mysql-1
    cs-channel: stable
    charm-mod-version: 0
    status:
      version: 2
      status:
        value: active
        updated: 2024-01-02T03:04:05Z
    status-history:
      version: 2
      history: []
    settings: {}
    leadership-settings: {}
    resources:
      version: 1
      resources: []
    units:
      version: 3
      units: []
    offers:
      version: 1
      offers:
      - offer-name: db
        endpoints: [db, admin]
        acl:
          admin: admin
`, 1)
		m, err := Read("offer-v1.yaml", []byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Applications[0].Offers[0].Endpoints; len(got) != 2 || got["db"] != "db" || got["admin"] != "admin" {
			t.Fatalf("endpoints %v", got)
		}
		checkRoundTrip(t, m)
	})
	t.Run("a syntax error without a column renders as file:line", func(t *testing.T) {
		_, err := Read("x.yaml", []byte("owner: [a\nb: c\n"))
		e := firstError(t, err)
		if e.Column != 0 || e.Line == 0 || strings.Contains(e.Error(), ":0:") {
			t.Fatalf("got %q (line %d, column %d)", e.Error(), e.Line, e.Column)
		}
	})
	t.Run("a constraints error does not repeat its path", func(t *testing.T) {
		doc := withKey(readMinimal(t), "constraints", "constraints:\n  version: 5\n  cores: 2\n  cpu-cores: 4\n")
		_, err := Read("c.yaml", doc)
		wantError(t, err, `c.yaml:99:3: constraints: both "cores" and the legacy "cpu-cores" are set`)
	})
}
