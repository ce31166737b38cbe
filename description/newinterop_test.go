package description_test

import (
	"bytes"
	"fmt"
	"math/rand"
	"reflect"
	"testing"

	"gopkg.in/yaml.v2"

	"github.com/modelferry/ferry/description"
)

// The interop property tests of interop_test.go, for the Juju 3.6
// generations juju/description v9.0.0 and v10.0.0 write: random trees ferry
// writes for that target are read by that release into the same model and
// re-written byte-identically, and random models that release writes are
// read by ferry and written back byte-identically.

// newerSeeds is how many random models each direction tries per release.
func newerSeeds() int {
	if testing.Short() {
		return 25
	}
	return 60
}

func releaseTarget(t *testing.T, rel jujuRelease) description.Target {
	t.Helper()
	target, err := description.ParseTarget(rel.name)
	if err != nil {
		t.Fatal(err)
	}
	return target
}

// eachNewerSeed runs check for every seed against every newer release.
func eachNewerSeed(t *testing.T, check func(t *testing.T, rel jujuRelease, target description.Target, seed int64)) {
	for _, rel := range newerJuju {
		t.Run(rel.name, func(t *testing.T) {
			target := releaseTarget(t, rel)
			for seed := 0; seed < newerSeeds(); seed++ {
				check(t, rel, target, int64(seed))
			}
		})
	}
}

func TestFerryToNewerJujuToFerryKeepsTheBytesAndTheTree(t *testing.T) {
	eachNewerSeed(t, func(t *testing.T, rel jujuRelease, target description.Target, seed int64) {
		name := fmt.Sprintf("ferry-%s-seed-%d.yaml", rel.name, seed)
		m := randomFerryModelFor(rand.New(rand.NewSource(seed)), target)
		if err := m.Validate(); err != nil {
			t.Fatalf("%s: the generator made a model ferry rejects: %v", name, err)
		}
		b, err := description.WriteWithOptions(m, description.WriteOptions{Target: target})
		if err != nil {
			t.Fatalf("%s: ferry Write: %v", name, err)
		}
		c, err := rel.roundTrip(b)
		if err != nil {
			t.Fatalf("%s: juju/description %s cannot read what ferry wrote: %v", name, rel.name, err)
		}
		if !bytes.Equal(b, c) {
			t.Fatalf("%s: juju/description %s does not write back what ferry wrote (- ferry, + juju):\n%s", name, rel.name, firstDiff(b, c))
		}
		if err := rel.validate(b); err != nil {
			t.Fatalf("%s: juju/description %s rejects the model ferry wrote: %v", name, rel.name, err)
		}
		back, err := description.Read(name, b)
		if err != nil {
			t.Fatalf("%s: ferry cannot read what it wrote: %v", name, err)
		}
		if path, ok := treeEqual(reflect.ValueOf(m), reflect.ValueOf(back), "model"); !ok {
			t.Fatalf("%s: the tree read back differs from the tree written at %s", name, path)
		}
	})
}

func TestNewerJujuToFerryToJujuGivesTheSameBytes(t *testing.T) {
	eachNewerSeed(t, func(t *testing.T, rel jujuRelease, target description.Target, seed int64) {
		name := fmt.Sprintf("%s-seed-%d.yaml", rel.name, seed)
		a := randomNewerJujuDocument(t, rel, target, seed)
		fm, err := description.Read(name, a)
		if err != nil {
			t.Fatalf("%s: ferry cannot read what juju/description %s wrote: %v", name, rel.name, err)
		}
		b, err := description.WriteWithOptions(fm, description.WriteOptions{Target: target})
		if err != nil {
			t.Fatalf("%s: ferry Write: %v", name, err)
		}
		if !bytes.Equal(a, b) {
			t.Fatalf("%s: ferry does not write back what juju/description %s wrote (- juju, + ferry):\n%s", name, rel.name, firstDiff(a, b))
		}
		c, err := rel.roundTrip(b)
		if err != nil {
			t.Fatalf("%s: juju/description %s cannot read what ferry wrote: %v", name, rel.name, err)
		}
		if !bytes.Equal(a, c) {
			t.Fatalf("%s: juju/description %s does not round-trip ferry's output:\n%s", name, rel.name, firstDiff(a, c))
		}
	})
}

// randomNewerJujuDocument returns a random model as juju/description rel
// writes it. The model is interop_test.go's random juju/description v5.0.4
// model, read and re-written by rel; the Juju 3.6 data, which the v5 API
// cannot hold, is grafted on from a random document of rel's generation and
// then read and written by rel once more, so that every byte is rel's own
// output.
func randomNewerJujuDocument(t *testing.T, rel jujuRelease, target description.Target, seed int64) []byte {
	t.Helper()
	lifted, err := rel.roundTrip(jujuBytes(t, randomJujuModel(rand.New(rand.NewSource(seed)))))
	if err != nil {
		t.Fatalf("seed %d: juju/description %s cannot read v5.0.4's output: %v", seed, rel.name, err)
	}
	donor, err := description.WriteWithOptions(randomFerryModelFor(rand.New(rand.NewSource(seed+1<<20)), target),
		description.WriteOptions{Target: target})
	if err != nil {
		t.Fatalf("seed %d: %v", seed, err)
	}
	a, err := rel.roundTrip(graftJuju36Data(t, lifted, donor))
	if err != nil {
		t.Fatalf("seed %d: juju/description %s cannot read the grafted 3.6 data: %v", seed, rel.name, err)
	}
	if err := rel.validate(a); err != nil {
		t.Fatalf("seed %d: juju/description %s rejects its own model: %v", seed, rel.name, err)
	}
	return a
}

// graftJuju36Data copies the Juju 3.6 data of donor, a document of the
// same generation, into doc: the model's agent-version and
// virtual-host-keys, and by position the applications' charm data and
// storage unique id and the secrets' checksums (cycling through the donor's
// when doc has more).
func graftJuju36Data(t *testing.T, doc, donor []byte) []byte {
	t.Helper()
	var top, from yaml.MapSlice
	if err := yaml.Unmarshal(doc, &top); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(donor, &from); err != nil {
		t.Fatal(err)
	}
	top = graftKeys(top, from, "agent-version", "virtual-host-keys")
	list := func(m yaml.MapSlice, k string) []any {
		w, _ := lookup(m, k).(yaml.MapSlice)
		l, _ := lookup(w, k).([]any)
		return l
	}
	graftList := func(k string, keys ...string) {
		to, src := list(top, k), list(from, k)
		for i := range to {
			if len(src) > 0 {
				to[i] = graftKeys(to[i].(yaml.MapSlice), src[i%len(src)].(yaml.MapSlice), keys...)
			}
		}
	}
	graftList("applications", "charm-metadata", "charm-manifest", "charm-actions", "charm-configs", "storage-unique-id")
	graftList("secrets", "latest-revision-checksum")
	out, err := yaml.Marshal(top)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// graftKeys sets each of keys that from has on to, replacing or appending.
func graftKeys(to, from yaml.MapSlice, keys ...string) yaml.MapSlice {
	for _, k := range keys {
		v := lookup(from, k)
		if v == nil {
			continue
		}
		found := false
		for i := range to {
			if to[i].Key == k {
				to[i].Value, found = v, true
			}
		}
		if !found {
			to = append(to, yaml.MapItem{Key: k, Value: v})
		}
	}
	return to
}

func lookup(m yaml.MapSlice, k string) any {
	for _, it := range m {
		if it.Key == k {
			return it.Value
		}
	}
	return nil
}
