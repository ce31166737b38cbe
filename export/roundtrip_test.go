package export_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/export"
	"github.com/modelferry/ferry/internal/controllertest"
	"github.com/modelferry/ferry/internal/golden"
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
	golden.Same(t, "the exported model (against the one written)", yamlOf(t, want), yamlOf(t, got))
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
