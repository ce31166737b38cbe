package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/modelferry/ferry/export"
	"github.com/modelferry/ferry/internal/controllertest"
)

const evilName = "prod\x1b[2J\nforged\tadmin"

func TestSafe(t *testing.T) {
	for in, want := range map[string]string{
		"default":       "default",
		"a b/c-d":       "a b/c-d",
		"mödel ✓":       "mödel ✓",
		"":              "",
		evilName:        `"prod\x1b[2J\nforged\tadmin"`,
		"bell\a":        `"bell\a"`,
		"bad \xff byte": `"bad \xff byte"`,
		"nel\u0085":     `"nel\u0085"`,
	} {
		if got := safe(in); got != want {
			t.Errorf("safe(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestModelsTableEscapesNames: a model named with an escape sequence and a
// line break stays on its own row, escaped, and no control byte reaches
// the terminal.
func TestModelsTableEscapesNames(t *testing.T) {
	var buf bytes.Buffer
	models := []export.ModelSummary{
		{Name: "default", Owner: "admin", UUID: "u1", Type: "iaas", Life: "alive"},
		{Name: evilName, Owner: "bob\r", UUID: "u2", Type: "iaas", Life: "alive"},
	}
	if err := writeModels(&buf, models); err != nil {
		t.Fatal(err)
	}
	want := `Model                         Owner    UUID  Type  Life   Migration  Machines  Apps  Units
default                       admin    u1    iaas  alive  -          0         0     0
"prod\x1b[2J\nforged\tadmin"  "bob\r"  u2    iaas  alive  -          0         0     0
`
	if got := buf.String(); got != want {
		t.Errorf("models table\n got:\n%s\nwant:\n%s", got, want)
	}
}

func TestStatusTableEscapesNames(t *testing.T) {
	m := controllertest.Full("f0110000-0000-4000-8000-000000000001")
	m.Config["name"] = evilName
	var buf bytes.Buffer
	if err := writeTabular(&buf, buildStatus(m)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.ContainsAny(out, "\x1b\r") || strings.Contains(out, "\nforged") {
		t.Errorf("status printed the raw name:\n%s", out)
	}
	if !strings.Contains(out, `"prod\x1b[2J\nforged\tadmin"`) {
		t.Errorf("status lacks the escaped name:\n%s", out)
	}
}
