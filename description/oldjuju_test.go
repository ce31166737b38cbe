package description_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	jujudesc "github.com/juju/description/v5"
	"gopkg.in/yaml.v2"

	"github.com/modelferry/ferry/description"
)

// The fixtures of ../testdata/fixtures/juju-v3.0.0 and juju-v4.0.1 were
// written by older majors of juju/description (the generators are the
// separate modules under ../testdata/jujugen, see its README.md). They
// hold older entity versions than ferry writes, so reading them runs
// ferry's upgrade steps; what ferry reads must be what juju/description
// v5.0.4 reads from the same file.

// oldJujuFixtureDirs are the folders of documents written by old releases,
// relative to this package.
var oldJujuFixtureDirs = []string{
	"../testdata/fixtures/juju-v3.0.0",
	"../testdata/fixtures/juju-v4.0.1",
}

// oldJujuFixtureFiles lists the inputs of dir: every NAME.in.yaml, in
// subfolders too.
func oldJujuFixtureFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".in.yaml") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no fixtures in %s", dir)
	}
	sort.Strings(files)
	return files
}

// fixtureKey is the path of a fixture under ../testdata/fixtures.
func fixtureKey(path string) string {
	return filepath.ToSlash(strings.TrimPrefix(filepath.Clean(path), filepath.Clean("../testdata/fixtures")+string(filepath.Separator)))
}

func TestDocumentsWrittenByOldJujuReleasesReadAsJujuV5ReadsThem(t *testing.T) {
	for _, dir := range oldJujuFixtureDirs {
		for _, path := range oldJujuFixtureFiles(t, dir) {
			key := fixtureKey(path)
			t.Run(key, func(t *testing.T) {
				in, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if err := readsAsJujuV5(t, key, in); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

// readsAsJujuV5 reads in with ferry, which must succeed and validate, and
// compares the model with what juju/description v5 reads from in. It
// returns what ferry gets wrong; what is wrong with the fixture itself
// (juju/description v5 does not read or validate it) fails t.
func readsAsJujuV5(t *testing.T, name string, in []byte) error {
	t.Helper()
	if v := rootVersion(t, in); v < 2 {
		// Model v1 makes juju invent a status stamped with time.Now().
		t.Fatalf("model version %d: the comparison below does not hold for model v1", v)
	}
	jm, err := jujudesc.Deserialize(in)
	if err != nil {
		t.Fatalf("juju/description v5 cannot read it: %v", err)
	}
	// Validate a second copy: Validate changes the model it checks.
	if jv, err := jujudesc.Deserialize(in); err != nil {
		t.Fatal(err)
	} else if err := jv.Validate(); err != nil {
		t.Fatalf("juju/description v5 rejects the model: %v", err)
	}

	fm, err := description.Read(name, in)
	if err != nil {
		return fmt.Errorf("ferry cannot read it:\n%v", err)
	}
	if err := fm.Validate(); err != nil {
		return fmt.Errorf("ferry reads it but rejects the model: %v", err)
	}
	fb, err := writeV5(fm)
	if err != nil {
		return fmt.Errorf("ferry Write: %v", err)
	}
	// ferry must read back what it writes as the same tree, as for every
	// fixture (TestFixturesReadWriteAndRoundTrip): a nil and an empty map
	// are written alike, so count as equal; lists must match exactly.
	back, err := description.Read(name+" (ferry's output)", fb)
	if err != nil {
		return fmt.Errorf("ferry cannot read what it writes:\n%v", err)
	}
	a, b := reflect.ValueOf(fm), reflect.ValueOf(back)
	emptyAsNil(a, false)
	emptyAsNil(b, false)
	if p, ok := treeEqual(a, b, "model"); !ok {
		return fmt.Errorf("ferry reads back another tree than it wrote, at %s", p)
	}
	// juju/description writes each collection that the input's model
	// version lacks (secrets and remote-secrets before model v9 and v10)
	// as an empty list at version 0, which neither it nor ferry reads
	// back; those wrappers take the version ferry writes.
	jb := withZeroVersionWrappersFrom(jujuBytes(t, jm), fb)

	// ferry keeps a few keys that juju writes under an older wrapper
	// version and then drops on read (the README's "Differences from
	// juju/description"); the comparisons use ferry's tree without them.
	fm = withoutKeysJujuDrops(t, name, in)
	if fb, err = writeV5(fm); err != nil {
		return fmt.Errorf("ferry Write: %v", err)
	}

	// The trees: juju's model, written by juju and read by ferry, must be
	// ferry's model. Reading juju's output with ferry normalises the
	// versions juju keeps on read (constraints, cloud instance, address,
	// agent tools), which both upgrade in memory.
	fj, err := description.Read(name+" (juju v5's output)", jb)
	if err != nil {
		return fmt.Errorf("ferry cannot read what juju/description v5 writes for it:\n%v", err)
	}
	// An empty map or list and a missing one are the same on the wire
	// when the key is left out when empty (a secret's acl, which v4 wrote
	// as {}); the byte comparison below holds what is written.
	a, b = reflect.ValueOf(withoutKeysJujuDrops(t, name, in)), reflect.ValueOf(fj)
	emptyAsNil(a, true)
	emptyAsNil(b, true)
	if p, ok := treeEqual(a, b, "model"); !ok {
		return fmt.Errorf("ferry's tree differs from juju/description v5's at %s", p)
	}

	// The bytes: ferry's output must be juju's, but for the version keys
	// of the entities juju keeps at the version it read.
	if d := diffOutsideKeptVersions(jb, fb); d != "" {
		return fmt.Errorf("ferry writes other bytes than juju/description v5 (- juju, + ferry) at %s", d)
	}

	// And juju/description v5 must take ferry's upgraded output (without
	// the keys it drops) as it is.
	jf, err := jujudesc.Deserialize(fb)
	if err != nil {
		return fmt.Errorf("juju/description v5 cannot read ferry's output: %v", err)
	}
	if again := jujuBytes(t, jf); !bytes.Equal(again, fb) {
		return fmt.Errorf("juju/description v5 does not write ferry's output back (- ferry, + juju):\n%s", firstDiff(fb, again))
	}
	return nil
}

// topLevelWrapper matches a top-level key whose value starts with a
// version key: a collection wrapper.
var topLevelWrapper = regexp.MustCompile(`(?m)^([a-z-]+):\n  version: ([0-9]+)\n`)

// withZeroVersionWrappersFrom returns juju's output with each top-level
// wrapper at version 0 given the version ferry wrote for it.
func withZeroVersionWrappersFrom(juju, ferry []byte) []byte {
	ferryVersions := map[string]string{}
	for _, m := range topLevelWrapper.FindAllSubmatch(ferry, -1) {
		ferryVersions[string(m[1])] = string(m[2])
	}
	return topLevelWrapper.ReplaceAllFunc(juju, func(b []byte) []byte {
		m := topLevelWrapper.FindSubmatch(b)
		if string(m[2]) != "0" || ferryVersions[string(m[1])] == "" {
			return b
		}
		return []byte(string(m[1]) + ":\n  version: " + ferryVersions[string(m[1])] + "\n")
	})
}

// withoutKeysJujuDrops reads in with ferry and clears what ferry keeps but
// juju/description v5 does not: a machine's or application's series (juju
// never reads it into its model; ferry keeps it where the entity's version
// no longer needs it), a link-layer device's virtual-port-type (juju reads
// it only from version 2, and writes version 1), an operation's
// spawned-task-count (juju reads it only from version 3, and writes
// version 2) and a model subnet's space-name (juju writes it at version 6
// but reads it only up to version 4; remote-space subnets, written at
// version 3, keep theirs in both).
func withoutKeysJujuDrops(t *testing.T, name string, in []byte) *description.Model {
	t.Helper()
	m, err := description.Read(name, in)
	if err != nil {
		t.Fatal(err)
	}
	var machines func([]*description.Machine)
	machines = func(ms []*description.Machine) {
		for _, mc := range ms {
			mc.Series = ""
			machines(mc.Containers)
		}
	}
	machines(m.Machines)
	for _, a := range m.Applications {
		a.Series = ""
	}
	for _, d := range m.LinkLayerDevices {
		d.VirtualPortType = ""
	}
	for _, o := range m.Operations {
		o.SpawnedTaskCount = 0
	}
	for _, s := range m.Subnets {
		s.SpaceName = ""
	}
	return m
}

// emptyAsNil sets every empty map (and, with slices, every empty slice)
// reachable from v through pointers, struct fields, slice elements and map
// values to nil.
func emptyAsNil(v reflect.Value, slices bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			emptyAsNil(v.Elem(), slices)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.CanSet() {
				emptyAsNil(f, slices)
			}
		}
	case reflect.Slice:
		if v.Len() == 0 {
			if slices && !v.IsNil() && v.CanSet() {
				v.Set(reflect.Zero(v.Type()))
			}
			return
		}
		for i := 0; i < v.Len(); i++ {
			emptyAsNil(v.Index(i), slices)
		}
	case reflect.Map:
		if v.Len() == 0 {
			if !v.IsNil() && v.CanSet() {
				v.Set(reflect.Zero(v.Type()))
			}
			return
		}
		iter := v.MapRange()
		for iter.Next() {
			if e := iter.Value(); e.Kind() == reflect.Pointer {
				emptyAsNil(e, slices)
			}
		}
	}
}

func rootVersion(t *testing.T, doc []byte) int {
	t.Helper()
	var root struct {
		Version int `yaml:"version"`
	}
	if err := yaml.Unmarshal(doc, &root); err != nil {
		t.Fatal(err)
	}
	return root.Version
}

var (
	oldJujuVersionLine = regexp.MustCompile(`^( *)(- )?version: [0-9]+$`)
	// keptVersionKeys are the keys under which juju/description writes an
	// entity back at the version it read: constraints, cloud instance,
	// agent tools and addresses (reference §3, "Version kept on read").
	keptVersionKeys = map[string]bool{
		"constraints": true, "instance": true, "tools": true,
		"address": true, "addresses": true, "provider-addresses": true, "machine-addresses": true,
		"preferred-public-address": true, "preferred-private-address": true,
	}
)

// diffOutsideKeptVersions compares juju's and ferry's output line by line
// and describes the first difference that is not the version number of an
// entity juju keeps at the version it read, or returns "".
func diffOutsideKeptVersions(juju, ferry []byte) string {
	jl, fl := strings.Split(string(juju), "\n"), strings.Split(string(ferry), "\n")
	context := func(i int) string {
		var b strings.Builder
		for k := max(0, i-4); k < i; k++ {
			fmt.Fprintf(&b, "  %s\n", jl[k])
		}
		for k := i; k < min(len(jl), i+3); k++ {
			fmt.Fprintf(&b, "- %s\n", jl[k])
		}
		for k := i; k < min(len(fl), i+3); k++ {
			fmt.Fprintf(&b, "+ %s\n", fl[k])
		}
		return b.String()
	}
	for i := 0; i < len(jl) && i < len(fl); i++ {
		if jl[i] == fl[i] {
			continue
		}
		mj, mf := oldJujuVersionLine.FindStringSubmatch(jl[i]), oldJujuVersionLine.FindStringSubmatch(fl[i])
		if mj == nil || mf == nil || mj[1] != mf[1] || mj[2] != mf[2] {
			return fmt.Sprintf("line %d:\n%s", i+1, context(i))
		}
		if k := parentKey(jl, i); !keptVersionKeys[k] {
			return fmt.Sprintf("line %d, the version of %q:\n%s", i+1, k, context(i))
		}
	}
	if len(jl) != len(fl) {
		return fmt.Sprintf("%d lines vs %d", len(jl), len(fl))
	}
	return ""
}

// parentKey returns the key whose value holds line i of a yaml.v2 document
// (which does not indent sequences under their key).
func parentKey(lines []string, i int) string {
	indent := func(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }
	n := indent(lines[i])
	item := strings.HasPrefix(lines[i][n:], "- ")
	for j := i - 1; j >= 0; j-- {
		m := indent(lines[j])
		rest := lines[j][m:]
		if item {
			// The key of a list is at the list items' indentation.
			if m > n || strings.HasPrefix(rest, "- ") {
				continue
			}
		} else if m >= n {
			continue
		}
		rest = strings.TrimPrefix(rest, "- ")
		return strings.TrimSuffix(rest, ":")
	}
	return ""
}

// oldEntityVersion is a version an old release writes that is older than
// the one ferry writes.
type oldEntityVersion struct {
	key     string // the YAML key of the versioned map ("model" for the root)
	entity  string // the entity in description.EntityVersions
	version int
}

// oldJujuVersions are the (entity, version) pairs each folder must hold,
// every one older than the version ferry writes, so that reading the
// folder runs those upgrades.
var oldJujuVersions = map[string][]oldEntityVersion{
	"juju-v3.0.0": {
		{"model", "model", 8},
		{"machines", "machine", 2},
		{"applications", "application", 8},
		{"charm-origin", "charm-origin", 1},
		{"cloud-credential", "cloud-credential", 1},
		{"constraints", "constraints", 3},
		{"instance", "instance", 5},
		{"cloud-image-metadata", "cloud-image-metadata", 1},
		{"remote-applications", "remote-application", 2},
		{"block-devices", "block-device", 1},
	},
	"juju-v4.0.1": {
		{"model", "model", 9},
		{"applications", "application", 9},
		{"constraints", "constraints", 4},
		{"instance", "instance", 5},
		{"remote-applications", "remote-application", 2},
		{"block-devices", "block-device", 1},
	},
}

// entityMapKeys are the keys whose value maps names to versioned entities.
var entityMapKeys = map[string]bool{"exposed-endpoints": true, "storage-constraints": true, "storage-directives": true}

// collectVersions records, for every mapping of doc with an integer
// version key, the key it is under and that version.
func collectVersions(x any, key string, seen map[string]map[int]bool) {
	switch v := x.(type) {
	case map[any]any:
		if n, ok := v["version"].(int); ok {
			if seen[key] == nil {
				seen[key] = map[int]bool{}
			}
			seen[key][n] = true
		}
		for k, c := range v {
			ks, ok := k.(string)
			switch {
			case !ok || ks == "version":
				continue
			case entityMapKeys[key]:
				// A map of entities keyed by name: label them by the map.
				ks = key
			}
			collectVersions(c, ks, seen)
		}
	case []any:
		for _, c := range v {
			collectVersions(c, key, seen)
		}
	}
}

func TestDocumentsWrittenByOldJujuReleasesHoldOlderEntityVersions(t *testing.T) {
	writes := map[string]int{}
	for _, ev := range description.EntityVersions() {
		writes[ev.Entity] = ev.Writes
	}
	for _, dir := range oldJujuFixtureDirs {
		folder := filepath.Base(dir)
		t.Run(folder, func(t *testing.T) {
			seen := map[string]map[int]bool{}
			for _, path := range oldJujuFixtureFiles(t, dir) {
				in, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				var doc any
				if err := yaml.Unmarshal(in, &doc); err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				collectVersions(doc, "model", seen)
			}
			var pairs []string
			for k, vs := range seen {
				for v := range vs {
					pairs = append(pairs, fmt.Sprintf("%s v%d", k, v))
				}
			}
			sort.Strings(pairs)
			t.Logf("versions in %s: %s", folder, strings.Join(pairs, ", "))
			want := oldJujuVersions[folder]
			if len(want) == 0 {
				t.Fatalf("no expected old versions listed for %s", folder)
			}
			for _, w := range want {
				cur, ok := writes[w.entity]
				if !ok {
					t.Errorf("%s: ferry has no entity %q", folder, w.entity)
					continue
				}
				if w.version >= cur {
					t.Errorf("%s: %s v%d is not older than the v%d ferry writes", folder, w.entity, w.version, cur)
				}
				if !seen[w.key][w.version] {
					t.Errorf("%s: no %q with version %d (%s v%d) in any fixture", folder, w.key, w.version, w.entity, w.version)
				}
			}
		})
	}
}
