package export_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/pmezard/go-difflib/difflib"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/export"
	"github.com/modelferry/ferry/internal/controllertest"
	"github.com/modelferry/ferry/internal/mongotest"
)

// freshDB returns an empty database for the test.
func freshDB(t testing.TB) *mongo.Database {
	t.Helper()
	c, name := mongotest.FreshDB(t)
	return c.Database(name)
}

func write(t testing.TB, db *mongo.Database, m *description.Model) {
	t.Helper()
	if err := controllertest.WriteModel(context.Background(), db, m); err != nil {
		t.Fatal(err)
	}
}

func yamlOf(t testing.TB, m *description.Model) string {
	t.Helper()
	b, err := description.Write(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sameYAML compares the description.Write bytes of two models and reports
// a unified diff.
func sameYAML(t testing.TB, want, got *description.Model) {
	t.Helper()
	w, g := yamlOf(t, want), yamlOf(t, got)
	if w == g {
		return
	}
	diff, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(w), B: difflib.SplitLines(g), FromFile: "want", ToFile: "got", Context: 3,
	})
	if len(diff) > 6000 {
		diff = diff[:6000] + "\n..."
	}
	t.Errorf("exported model differs from the one written:\n%s", diff)
}

func TestRoundTripGenerated(t *testing.T) {
	for _, size := range []controllertest.Size{controllertest.Small, controllertest.Medium} {
		t.Run(size.Name, func(t *testing.T) {
			db := freshDB(t)
			m := controllertest.Generate(size)
			if err := m.Validate(); err != nil {
				t.Fatalf("generated model does not validate: %v", err)
			}
			write(t, db, m)
			got, err := export.ExportDB(t.Context(), db, m.UUID(), export.Options{})
			if err != nil {
				t.Fatal(err)
			}
			sameYAML(t, m, got)
		})
	}
}

var _ = bytes.Equal
var _ = strings.Contains

func TestRoundTripFull(t *testing.T) {
	const uuid = "f0110000-0000-4000-8000-000000000001"
	for _, tc := range []struct {
		name     string
		model    func(string) *description.Model
		extended bool
	}{
		{"iaas", controllertest.Full, false},
		{"iaas-extended", controllertest.Full, true},
		{"caas", controllertest.FullCAAS, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := freshDB(t)
			m := tc.model(uuid)
			if err := m.Validate(); err != nil {
				t.Fatalf("model does not validate: %v", err)
			}
			write(t, db, m)
			got, err := export.ExportDB(t.Context(), db, uuid, export.Options{Extended: tc.extended})
			if err != nil {
				t.Fatal(err)
			}
			want := tc.model(uuid)
			if !tc.extended {
				controllertest.JujuView(want)
			}
			sameYAML(t, want, got)
		})
	}
}
