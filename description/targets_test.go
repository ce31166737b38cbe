package description_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	jujudesc "github.com/juju/description/v5"

	"github.com/modelferry/ferry/description"
)

// Every target has reviewed goldens: a few sources, each spanning a span
// of generations, are written for every target with the loss allowed, and
// the bytes and the loss list are compared with the files under
// testdata/fixtures/targets/<source>/<release>.yaml and .loss (one lost
// path a line; no file when nothing is lost). Where juju/description
// itself is at hand (v5.0.4, v9.0.0, v10.0.0) it reads each golden of its
// generation, validates it and writes it back byte for byte; v8.0.1 writes
// exactly what v9.0.0 writes (description-majors.md), so their goldens are
// the same bytes; the others are reviewed against the reference.
//
//	FERRY_UPDATE_FIXTURES=1 go test ./description -run TestTargetGoldens

var targetSources = []string{
	"juju-v3.0.0/iaas.in.yaml",    // the oldest generation ferry reads
	"juju-v5.0.4/iaas-rich.yaml",  // Juju 3.3 – 3.5
	"juju-v10.0.0/iaas-rich.yaml", // every Juju 3.6 field juju writes
	uidSource,
}

// uidSource holds machine hostnames and a charm container's uid and gid.
// juju/description v7 – v11 panic reading a uid or gid, so no juju release
// reads its goldens that carry charm data (applications v13 on).
const uidSource = "model-v12/rich-machines-v4.in.yaml"

const fixturesDir = "../testdata/fixtures"

func targetGolden(src string, target description.Target, ext string) string {
	name := strings.TrimSuffix(strings.TrimSuffix(strings.ReplaceAll(src, "/", "-"), ".yaml"), ".in")
	return filepath.Join(fixturesDir, "targets", name, target.Release+ext)
}

// writeFor writes m for target, with the loss allowed, and returns the
// bytes and the lost paths.
func writeFor(t *testing.T, m *description.Model, target description.Target) ([]byte, []string) {
	t.Helper()
	b, err := description.WriteWithOptions(m, description.WriteOptions{Target: target, AllowLoss: true})
	var loss *description.LossError
	if err != nil && !(errors.As(err, &loss) && loss.Written) {
		t.Fatalf("writing for %s: %v", target.Release, err)
	}
	var paths []string
	if loss != nil {
		for _, l := range loss.Losses {
			paths = append(paths, l.Path)
		}
	}
	return b, paths
}

func TestTargetGoldens(t *testing.T) {
	for _, src := range targetSources {
		m, err := description.ReadFile(filepath.Join(fixturesDir, src))
		if err != nil {
			t.Fatal(err)
		}
		for _, target := range description.Targets {
			t.Run(src+"/"+target.Release, func(t *testing.T) {
				b, lost := writeFor(t, m, target)
				checkJujuFixture(t, targetGolden(src, target, ".yaml"), b)
				lossFile := targetGolden(src, target, ".loss")
				var lossText []byte
				if len(lost) > 0 {
					lossText = []byte(strings.Join(lost, "\n") + "\n")
				}
				if updatingJujuFixtures() {
					if len(lost) == 0 {
						if err := os.Remove(lossFile); err != nil && !errors.Is(err, os.ErrNotExist) {
							t.Fatal(err)
						}
						return
					}
					if err := os.WriteFile(lossFile, lossText, 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(lossFile)
				if err != nil && !errors.Is(err, os.ErrNotExist) {
					t.Fatal(err)
				}
				if !bytes.Equal(want, lossText) {
					t.Fatalf("%s: the loss list is %q, the golden says %q", lossFile, lossText, want)
				}
				back, err := description.Read(targetGolden(src, target, ".yaml"), b)
				if err != nil {
					t.Fatalf("ferry cannot read its own %s output: %v", target.Release, err)
				}
				again, _ := writeFor(t, back, target)
				if !bytes.Equal(b, again) {
					t.Fatalf("ferry's %s output does not write back the same:\n%s", target.Release, firstDiff(b, again))
				}
			})
		}
	}
}

// TestTargetGoldensAgainstJuju holds the goldens to juju/description
// wherever the release is at hand.
func TestTargetGoldensAgainstJuju(t *testing.T) {
	v9, v10 := newerJuju[0], newerJuju[1]
	for _, src := range targetSources {
		golden := func(release string) []byte {
			target, err := description.ParseTarget(release)
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(targetGolden(src, target, ".yaml"))
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		t.Run(src+"/v5.0.4", func(t *testing.T) {
			b := golden("v5.0.4")
			jm, err := jujudesc.Deserialize(b)
			if err != nil {
				t.Fatalf("juju/description v5.0.4 cannot read the golden: %v", err)
			}
			description.RequireJujuEquivalent(t, "", b, jujuBytes(t, jm))
			if err := jm.Validate(); err != nil {
				t.Fatalf("juju/description v5.0.4 rejects the golden: %v", err)
			}
		})
		if src == uidSource {
			continue
		}
		for _, rel := range []jujuRelease{v9, v10} {
			t.Run(src+"/"+rel.name, func(t *testing.T) {
				b := golden(rel.name)
				c, err := rel.roundTrip(b)
				if err != nil {
					t.Fatalf("juju/description %s cannot read the golden: %v", rel.name, err)
				}
				description.RequireJujuEquivalent(t, "", b, c)
				if err := rel.validate(b); err != nil {
					t.Fatalf("juju/description %s rejects the golden: %v", rel.name, err)
				}
			})
		}
		t.Run(src+"/v8.0.1", func(t *testing.T) {
			if a, b := golden("v8.0.1"), golden("v9.0.0"); !bytes.Equal(a, b) {
				t.Fatalf("v8.0.1 and v9.0.0 write the same bytes, but the goldens differ:\n%s", firstDiff(b, a))
			}
		})
		// juju/description v10.0.0 reads every older generation.
		for _, release := range []string{"v5.1.0", "v5.2.0", "v7.0.2"} {
			t.Run(src+"/"+release, func(t *testing.T) {
				if err := v10.validate(golden(release)); err != nil {
					t.Fatalf("juju/description v10.0.0 cannot read or rejects the %s golden: %v", release, err)
				}
			})
		}
	}
}

// jujuRewrite has juju/description rel read doc, a document of an older
// generation, and write it in its own. On such a rewrite v8 and later write
// virtual-host-keys at version 0, which they cannot read back; the wrapper
// is mended to the empty version-1 list and written by rel once more
// (withJuju36Data), so that the result is what rel writes for the model.
func jujuRewrite(t *testing.T, rel jujuRelease, doc []byte) []byte {
	t.Helper()
	b, err := rel.roundTrip(doc)
	if err != nil {
		t.Fatalf("juju/description %s cannot read the older document: %v", rel.name, err)
	}
	if b, err = rel.roundTrip(withJuju36Data(t, b, rel, false)); err != nil {
		t.Fatalf("juju/description %s cannot read its mended rewrite: %v", rel.name, err)
	}
	return b
}

// TestCrossGenerationV7ToV10 reads ferry's v7.0.2 golden of the rich Juju
// 3.6 model and writes it for v10.0.0: the bytes are those juju/description
// v10.0.0 writes for the same document.
func TestCrossGenerationV7ToV10(t *testing.T) {
	v7, _ := description.ParseTarget("v7.0.2")
	v10 := newerJuju[1]
	path := targetGolden("juju-v10.0.0/iaas-rich.yaml", v7, ".yaml")
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := description.Read(path, doc)
	if err != nil {
		t.Fatal(err)
	}
	if m.Applications[0].CharmMetadata == nil || m.Secrets[0].LatestRevisionChecksum == "" {
		t.Fatal("the v7.0.2 golden lacks the charm data or the secret checksum it should hold")
	}
	got, lost := writeFor(t, m, releaseTarget(t, v10))
	if len(lost) > 0 {
		t.Fatalf("v7.0.2 → v10.0.0 loses %q", lost)
	}
	if want := jujuRewrite(t, v10, doc); !bytes.Equal(want, got) {
		t.Fatalf("v7.0.2 → v10.0.0 differs from juju/description v10.0.0 (- juju, + ferry):\n%s", firstDiff(want, got))
	}
}

// TestCrossGenerationV3ToV11 reads a juju/description v3.0.0 document and
// writes it for v11.0.0 with nothing lost. juju/description v10.0.0 is the
// oracle for everything but machines v4: ferry's v10.0.0 output is juju's
// rewrite of the v3 document (but for the keys juju drops by accident, see
// requireJujuEquivalent), and the v11.0.0 output is that with the machines
// list at version 4 and an empty hostname on each machine.
func TestCrossGenerationV3ToV11(t *testing.T) {
	const src = "juju-v3.0.0/iaas.in.yaml"
	doc, err := os.ReadFile(filepath.Join(fixturesDir, src))
	if err != nil {
		t.Fatal(err)
	}
	m, err := description.Read(src, doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Machines) == 0 {
		t.Fatal("the v3 fixture has no machines to carry a hostname")
	}
	v10 := newerJuju[1]
	jujuV10 := jujuRewrite(t, v10, doc)
	gotV10, lost := writeFor(t, m, releaseTarget(t, v10))
	if len(lost) > 0 {
		t.Fatalf("v3 → v10.0.0 loses %q", lost)
	}
	description.RequireJujuEquivalent(t, "", gotV10, jujuV10)
	gotV11, lost := writeFor(t, m, description.LatestTarget)
	if len(lost) > 0 {
		t.Fatalf("v3 → v11.0.0 loses %q", lost)
	}
	hostnames := regexp.MustCompile(`(?m)^ *hostname: ""\n`)
	if n := len(hostnames.FindAll(gotV11, -1)); n < len(m.Machines) {
		t.Fatalf("v11.0.0 output has %d empty hostnames for %d machines", n, len(m.Machines))
	}
	stripped := hostnames.ReplaceAll(gotV11, nil)
	machinesV4 := regexp.MustCompile(`(?m)^(machines:\n(?:  .*\n)*?)  version: 4\n`)
	if !machinesV4.Match(stripped) {
		t.Fatalf("v11.0.0 output has no machines list at version 4:\n%s", gotV11)
	}
	stripped = machinesV4.ReplaceAll(stripped, []byte("${1}  version: 3\n"))
	if !bytes.Equal(gotV10, stripped) {
		t.Fatalf("v3 → v11.0.0 is not the v10.0.0 output plus machines v4 (- v10, + v11 less hostnames):\n%s", firstDiff(gotV10, stripped))
	}
}

// TestTargetEntityVersions pins what each target writes of the entities
// that differ between generations (description-majors.md §1), as `ferry
// formats` prints it; 0 is not written.
func TestTargetEntityVersions(t *testing.T) {
	want := map[string][8]int{ // v5.0.4 v5.1.0 v5.2.0 v7.0.2 v8.0.1 v9.0.0 v10.0.0 v11.0.0
		"model":            {10, 11, 11, 11, 12, 12, 12, 12},
		"machine":          {3, 3, 3, 3, 3, 3, 3, 4},
		"application":      {12, 12, 12, 13, 13, 13, 14, 14},
		"secret":           {1, 1, 2, 2, 2, 2, 2, 2},
		"secret-revision":  {1, 1, 2, 2, 2, 2, 2, 2},
		"charm-metadata":   {0, 0, 0, 1, 1, 1, 1, 1},
		"charm-config":     {0, 0, 0, 1, 1, 1, 1, 1},
		"charm-origin":     {2, 2, 2, 2, 2, 2, 2, 2},
		"virtual-host-key": {0, 0, 0, 0, 1, 1, 1, 1},
		"unit":             {3, 3, 3, 3, 3, 3, 3, 3},
	}
	if len(description.Targets) != 8 {
		t.Fatalf("%d targets, the table here has 8", len(description.Targets))
	}
	for i, target := range description.Targets {
		seen := 0
		for _, e := range target.EntityVersions() {
			w, ok := want[e.Entity]
			if !ok {
				continue
			}
			seen++
			if e.Writes != w[i] {
				t.Errorf("%s writes %s at %d, want %d", target.Release, e.Entity, e.Writes, w[i])
			}
		}
		if seen != len(want) {
			t.Errorf("%s lists %d of the %d entities checked here", target.Release, seen, len(want))
		}
	}
}

// TestWriteSizeHint: a size hint only pre-sizes the buffer, whether it is
// too small, exact or too large: the bytes are still the reviewed golden's.
func TestWriteSizeHint(t *testing.T) {
	src := targetSources[2]
	m, err := description.ReadFile(filepath.Join(fixturesDir, src))
	if err != nil {
		t.Fatal(err)
	}
	target, err := description.ParseTarget("v10.0.0")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(targetGolden(src, target, ".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, hint := range []int{1, len(want) / 2, len(want), 10 * len(want)} {
		got, err := description.WriteWithOptions(m, description.WriteOptions{Target: target, SizeHint: hint})
		if err != nil {
			t.Fatalf("hint %d: %v", hint, err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("hint %d: output differs from %s:\n%s", hint, targetGolden(src, target, ".yaml"), firstDiff(got, want))
		}
	}
}
