package description_test

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	jujudesc "github.com/juju/description/v5"

	"github.com/modelferry/ferry/description"
)

// The interop tests hold ferry to its promise: the writer produces the bytes
// juju/description v5.0.4 writes for the same model, and the reader takes
// everything juju writes, with nothing lost either way.

// interopSeeds is how many random models each direction tries.
func interopSeeds() int {
	if testing.Short() {
		return 50
	}
	return 300
}

// firstDiff renders the first lines where got and want differ, with a few
// lines of context, in a unified-diff-like form.
func firstDiff(want, got []byte) string {
	wl := strings.SplitAfter(string(want), "\n")
	gl := strings.SplitAfter(string(got), "\n")
	i := 0
	for i < len(wl) && i < len(gl) && wl[i] == gl[i] {
		i++
	}
	var b strings.Builder
	from := max(0, i-6)
	fmt.Fprintf(&b, "@@ first difference at line %d (want %d bytes, got %d) @@\n", i+1, len(want), len(got))
	for k := from; k < i; k++ {
		fmt.Fprintf(&b, " %s", wl[k])
	}
	for k := i; k < min(len(wl), i+6); k++ {
		fmt.Fprintf(&b, "-%q\n", wl[k])
	}
	for k := i; k < min(len(gl), i+6); k++ {
		fmt.Fprintf(&b, "+%q\n", gl[k])
	}
	return b.String()
}

// jujuBytes serializes m with juju/description.
func jujuBytes(t *testing.T, m jujudesc.Model) []byte {
	t.Helper()
	b, err := jujudesc.Serialize(m)
	if err != nil {
		t.Fatalf("juju Serialize: %v", err)
	}
	return b
}

// checkJujuToFerryToJuju reads juju's bytes a with ferry, writes them back
// and requires the same bytes; then juju must read ferry's output and write
// a again.
func checkJujuToFerryToJuju(t *testing.T, name string, a []byte) {
	t.Helper()
	fm, err := description.Read(name, a)
	if err != nil {
		t.Fatalf("%s: ferry cannot read what juju wrote: %v", name, err)
	}
	b, err := writeV5(fm)
	if err != nil {
		t.Fatalf("%s: ferry Write: %v", name, err)
	}
	if !bytes.Equal(a, b) {
		t.Fatalf("%s: ferry does not write back what juju wrote (- juju, + ferry):\n%s", name, firstDiff(a, b))
	}
	jm, err := jujudesc.Deserialize(b)
	if err != nil {
		t.Fatalf("%s: juju cannot read what ferry wrote: %v", name, err)
	}
	if c := jujuBytes(t, jm); !bytes.Equal(a, c) {
		t.Fatalf("%s: juju does not round-trip ferry's output (- first, + again):\n%s", name, firstDiff(a, c))
	}
}

func TestJujuToFerryToJujuGivesTheSameBytes(t *testing.T) {
	for seed := 0; seed < interopSeeds(); seed++ {
		m := randomJujuModel(rand.New(rand.NewSource(int64(seed))))
		name := fmt.Sprintf("seed-%d.yaml", seed)
		// Validate adds an empty opened-port-ranges to every machine and
		// application (reference §11); half the seeds serialize the model
		// as validated, half as built.
		validated := m
		if seed%2 == 1 {
			var err error
			if validated, err = jujudesc.Deserialize(jujuBytes(t, m)); err != nil {
				t.Fatalf("%s: juju cannot read what it wrote: %v", name, err)
			}
		}
		if err := validated.Validate(); err != nil {
			t.Fatalf("%s: the generator made a model juju rejects: %v", name, err)
		}
		a := jujuBytes(t, m)
		checkJujuToFerryToJuju(t, name, a)
	}
}

func TestFerryToJujuToFerryKeepsTheBytesAndTheTree(t *testing.T) {
	for seed := 0; seed < interopSeeds(); seed++ {
		name := fmt.Sprintf("ferry-seed-%d.yaml", seed)
		m := randomFerryModel(rand.New(rand.NewSource(int64(seed))))
		if err := m.Validate(); err != nil {
			t.Fatalf("%s: the generator made a model ferry rejects: %v", name, err)
		}
		b, err := writeV5(m)
		if err != nil {
			t.Fatalf("%s: ferry Write: %v", name, err)
		}
		jm, err := jujudesc.Deserialize(b)
		if err != nil {
			t.Fatalf("%s: juju cannot read what ferry wrote: %v", name, err)
		}
		if c := jujuBytes(t, jm); !bytes.Equal(b, c) {
			t.Fatalf("%s: juju does not write back what ferry wrote (- ferry, + juju):\n%s", name, firstDiff(b, c))
		}
		// Validate changes the model it checks (reference §11); jm has been
		// serialized already.
		if err := jm.Validate(); err != nil {
			t.Fatalf("%s: juju rejects the model ferry wrote: %v", name, err)
		}
		back, err := description.Read(name, b)
		if err != nil {
			t.Fatalf("%s: ferry cannot read what it wrote: %v", name, err)
		}
		if path, ok := treeEqual(reflect.ValueOf(m), reflect.ValueOf(back), "model"); !ok {
			t.Fatalf("%s: the tree read back differs from the tree written at %s", name, path)
		}
	}
}

var timeType = reflect.TypeOf(time.Time{})

// treeEqual is reflect.DeepEqual with one documented exception: time.Time
// values compare with Equal, since a time read back from "+02:00" carries a
// different *time.Location than the one it was built with. (The bytes
// tests already hold the offset itself.) It returns the path of the first
// difference.
func treeEqual(a, b reflect.Value, path string) (string, bool) {
	if a.IsValid() != b.IsValid() {
		return path + " (one side missing)", false
	}
	if !a.IsValid() {
		return "", true
	}
	if a.Type() != b.Type() {
		return fmt.Sprintf("%s (type %s vs %s)", path, a.Type(), b.Type()), false
	}
	if a.Type() == timeType {
		ta, tb := a.Interface().(time.Time), b.Interface().(time.Time)
		if !ta.Equal(tb) {
			return fmt.Sprintf("%s (%v vs %v)", path, ta, tb), false
		}
		return "", true
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return fmt.Sprintf("%s (nil: %v vs %v)", path, a.IsNil(), b.IsNil()), false
			}
			return "", true
		}
		return treeEqual(a.Elem(), b.Elem(), path)
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if p, ok := treeEqual(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); !ok {
				return p, false
			}
		}
		return "", true
	case reflect.Slice:
		if a.IsNil() != b.IsNil() {
			return fmt.Sprintf("%s (nil: %v vs %v, len %d vs %d)", path, a.IsNil(), b.IsNil(), a.Len(), b.Len()), false
		}
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s (len %d vs %d)", path, a.Len(), b.Len()), false
		}
		for i := 0; i < a.Len(); i++ {
			if p, ok := treeEqual(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i)); !ok {
				return p, false
			}
		}
		return "", true
	case reflect.Map:
		if a.IsNil() != b.IsNil() {
			return fmt.Sprintf("%s (nil: %v vs %v, len %d vs %d)", path, a.IsNil(), b.IsNil(), a.Len(), b.Len()), false
		}
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s (len %d vs %d)", path, a.Len(), b.Len()), false
		}
		for _, k := range a.MapKeys() {
			bv := b.MapIndex(k)
			if !bv.IsValid() {
				return fmt.Sprintf("%s[%v] (missing)", path, k), false
			}
			if p, ok := treeEqual(a.MapIndex(k), bv, fmt.Sprintf("%s[%v]", path, k)); !ok {
				return p, false
			}
		}
		return "", true
	}
	if !reflect.DeepEqual(a.Interface(), b.Interface()) {
		return fmt.Sprintf("%s (%#v vs %#v)", path, a.Interface(), b.Interface()), false
	}
	return "", true
}

// jujuFixturesDir holds documents written by juju/description v5.0.4 from
// the models of jujuFixtures. Ferry must write each back byte for byte.
const jujuFixturesDir = "../testdata/fixtures/juju-v5.0.4"

// updatingJujuFixtures reports whether to rewrite the fixtures:
// FERRY_UPDATE_FIXTURES=1, or -update (the flag the package's fixture tests
// define).
func updatingJujuFixtures() bool {
	if os.Getenv("FERRY_UPDATE_FIXTURES") == "1" {
		return true
	}
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// TestGenerateJujuFixtures serializes each fixture model with juju and
// requires the committed file to hold those bytes; with
// FERRY_UPDATE_FIXTURES=1 it writes them:
//
//	FERRY_UPDATE_FIXTURES=1 go test ./description -run TestGenerateJujuFixtures
func TestGenerateJujuFixtures(t *testing.T) {
	for _, fx := range jujuFixtures {
		t.Run(fx.name, func(t *testing.T) {
			b := jujuBytes(t, fx.build())
			// Validate a copy: Validate changes the model it checks.
			jm, err := jujudesc.Deserialize(b)
			if err != nil {
				t.Fatalf("juju cannot read the fixture back: %v", err)
			}
			if err := jm.Validate(); err != nil {
				t.Fatalf("juju rejects the fixture: %v", err)
			}
			checkJujuFixture(t, filepath.Join(jujuFixturesDir, fx.name), b)
		})
	}
}

// checkJujuFixture compares what juju wrote now, b, with the committed
// fixture at path, or writes it there with FERRY_UPDATE_FIXTURES=1.
func checkJujuFixture(t *testing.T, path string, b []byte) {
	t.Helper()
	if updatingJujuFixtures() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with FERRY_UPDATE_FIXTURES=1 to write it)", err)
	}
	if !bytes.Equal(want, b) {
		t.Fatalf("%s is stale (- committed, + juju now); run with FERRY_UPDATE_FIXTURES=1:\n%s", path, firstDiff(want, b))
	}
}

func TestJujuFixturesRoundTripThroughFerryAndJuju(t *testing.T) {
	for _, fx := range jujuFixtures {
		t.Run(fx.name, func(t *testing.T) {
			a, err := os.ReadFile(filepath.Join(jujuFixturesDir, fx.name))
			if err != nil {
				t.Fatalf("%v (run TestGenerateJujuFixtures with FERRY_UPDATE_FIXTURES=1 to write it)", err)
			}
			checkJujuToFerryToJuju(t, fx.name, a)
		})
	}
}
