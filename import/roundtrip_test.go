package importer_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modelferry/ferry/description"
	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/controllertest"
)

// roundTrip imports m into a fresh target, exports it and compares the
// result with ExpectedExport.
func roundTrip(t *testing.T, m *description.Model) {
	t.Helper()
	im := target(t, m, importer.Options{})
	if _, err := im.Import(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	want, err := importer.ExpectedExport(m, importer.Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	sameYAML(t, want, exportModel(t, im.DB(), m))
}

func TestRoundTripFull(t *testing.T) {
	roundTrip(t, controllertest.Full("f0110000-0000-4000-8000-000000000001"))
}

func TestRoundTripFullCAAS(t *testing.T) {
	roundTrip(t, controllertest.FullCAAS("f0110000-0000-4000-8000-000000000002"))
}

func TestRoundTripGenerated(t *testing.T) {
	roundTrip(t, controllertest.Generate(controllertest.Medium))
}

// TestRoundTripFixtures runs every fixture of testdata/fixtures, the
// richest included.
func TestRoundTripFixtures(t *testing.T) {
	// Inputs only: each .out.yaml is what ferry writes for its .in.yaml,
	// the same tree.
	files, err := filepath.Glob("../testdata/fixtures/*/*.in.yaml")
	if err != nil {
		t.Fatal(err)
	}
	juju, err := filepath.Glob("../testdata/fixtures/juju-*/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// The fixtures are part of the repository: none found means the test
	// is looking in the wrong place, not that there is nothing to check.
	if len(files) == 0 || len(juju) == 0 {
		t.Fatalf("found %d fixtures and %d juju fixtures under ../testdata/fixtures", len(files), len(juju))
	}
	files = append(files, juju...)
	for _, f := range files {
		name := strings.TrimPrefix(f, "../testdata/fixtures/")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			m, err := description.Read(f, data)
			if err != nil {
				t.Fatalf("fixture does not read as a valid model: %v", err)
			}
			roundTrip(t, jujuImportable(m))
		})
	}
}

// jujuImportable changes what Juju's import refuses in an IAAS model (a
// pod spec, a unit without agent tools; TestImportSemantics pins the
// refusals) so that the rest of a fixture still makes the round trip.
func jujuImportable(m *description.Model) *description.Model {
	if m.Type == "caas" {
		return m
	}
	for _, a := range m.Applications {
		a.PodSpec = ""
		for _, u := range a.Units {
			if u.Tools == nil {
				u.Tools = &description.AgentTools{Version: "3.5.2-ubuntu-amd64", URL: "https://example.com/tools", SHA256: "abc", Size: 1}
			}
		}
	}
	return m
}
