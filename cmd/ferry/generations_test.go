package main

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	jujudesc10 "github.com/juju/description/v10"
	jujudesc9 "github.com/juju/description/v9"
)

// modelSummary is what the generation test compares: the model's type and
// name, and each application's charm and units.
type modelSummary struct {
	Type, Name string
	Apps       map[string]appSummary
}

type appSummary struct {
	Charm string
	Units []string
}

// summarise reads a description with the reader of the juju/description
// release that wrote it (an oracle independent of ferry's reader).
func summarise(t *testing.T, release string, data []byte) modelSummary {
	t.Helper()
	switch release {
	case "v9.0.0":
		m, err := jujudesc9.Deserialize(data)
		if err != nil {
			t.Fatalf("juju/description %s cannot read it: %v", release, err)
		}
		return summary[jujudesc9.Unit](m.Type(), m.Config(), m.Applications())
	case "v10.0.0":
		m, err := jujudesc10.Deserialize(data)
		if err != nil {
			t.Fatalf("juju/description %s cannot read it: %v", release, err)
		}
		return summary[jujudesc10.Unit](m.Type(), m.Config(), m.Applications())
	}
	t.Fatalf("no reader for %s", release)
	return modelSummary{}
}

// summary builds a modelSummary from any juju/description release's model.
func summary[U interface{ Name() string }, A interface {
	Name() string
	CharmURL() string
	Units() []U
}](typ string, config map[string]any, apps []A) modelSummary {
	name, _ := config["name"].(string)
	s := modelSummary{Type: typ, Name: name, Apps: map[string]appSummary{}}
	for _, a := range apps {
		var units []string
		for _, u := range a.Units() {
			units = append(units, u.Name())
		}
		sort.Strings(units)
		s.Apps[a.Name()] = appSummary{Charm: a.CharmURL(), Units: units}
	}
	return s
}

// TestImportReadsNewerGenerations imports, with the CLI, descriptions that
// juju/description v9.0.0 and v10.0.0 wrote themselves, exports each back
// in its own generation and checks with that release's reader that the
// model, its applications and its units arrived.
func TestImportReadsNewerGenerations(t *testing.T) {
	uri := serveForTest(t)
	for i, release := range []string{"v9.0.0", "v10.0.0"} {
		t.Run(release, func(t *testing.T) {
			file := filepath.Join("..", "..", "testdata", "fixtures", "juju-"+release, "caas.yaml")
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			want := summarise(t, release, data)
			if len(want.Apps) == 0 {
				t.Fatalf("%s: the fixture has no applications to check", file)
			}
			db := "gen" + string(rune('a'+i))
			conn := []string{"--mongo", uri, "--db", db}
			code, out := ferryOut(t, append([]string{"import", "--logs-db", db + "logs", "--init-controller", "--progress", "none"}, append(conn, file)...)...)
			if code != 0 || !strings.Contains(out, "imported model admin/k8s") {
				t.Fatalf("ferry import %s: exit %d\n%s", file, code, out)
			}
			back := filepath.Join(t.TempDir(), "back.yaml")
			if code, out := ferryOut(t, append([]string{"export", "--model", "admin/k8s", "--to", release, "-o", back}, conn...)...); code != 0 {
				t.Fatalf("ferry export: exit %d\n%s", code, out)
			}
			exported, err := os.ReadFile(back)
			if err != nil {
				t.Fatal(err)
			}
			if got := summarise(t, release, exported); !reflect.DeepEqual(got, want) {
				t.Errorf("exported back after the import:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}
