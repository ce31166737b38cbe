package description

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/modelferry/ferry/internal/yamltree"
)

func TestReadMinimalDocument(t *testing.T) {
	m, err := Read("minimal.yaml", readMinimal(t))
	if err != nil {
		t.Fatal(err)
	}
	if m.Owner != "admin" || m.Type != "iaas" || m.Cloud != "lxd" || m.UUID() != "0c2b2f3a-8a46-4b5e-9f0c-6a1f2b3c4d5e" {
		t.Fatalf("got %+v", m)
	}
	if m.Status == nil || m.Status.Value != "available" || !m.Status.Updated.Equal(ts("2024-01-02T03:04:05Z")) {
		t.Fatalf("status %+v", m.Status)
	}
}

func TestWriteMinimalDocumentGivesTheSameBytes(t *testing.T) {
	in := readMinimal(t)
	m, err := Read("minimal.yaml", in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := writeV5(m)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(in, out) {
		t.Fatalf("re-written document differs:\n%s", out)
	}
}

func TestReadErrorsCarryFileLineColumnAndPath(t *testing.T) {
	tests := []struct {
		name string
		key  string
		text string
		want string
	}{{
		name: "a string field given a list",
		key:  "owner",
		text: "owner: [a]\n",
		want: "m.yaml:3:8: owner: expected a string, got a list",
	}, {
		name: "an unknown top-level key",
		key:  "colour",
		text: "colour: blue\n",
		want: `m.yaml:98:1: colour: unknown field "colour" in model v10`,
	}, {
		name: "an unsupported wrapper version",
		key:  "machines",
		text: "machines:\n  version: 9\n  machines: []\n",
		want: "m.yaml:12:12: machines.version: machines version 9 is not supported (ferry reads 1, 2, 3, 4)",
	}, {
		name: "a bad time in a status",
		key:  "status",
		text: "status:\n  version: 2\n  status:\n    value: available\n    updated: yesterday\n    neverset: false\n",
		want: `m.yaml:51:14: status.status.updated: invalid time "yesterday": want RFC 3339, e.g. 2024-01-02T03:04:05Z`,
	}, {
		name: "a missing required key",
		key:  "cloud",
		text: "",
		want: `m.yaml:1:1: model v10: missing required field "cloud"`,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := withKey(readMinimal(t), tc.key, tc.text)
			_, err := Read("m.yaml", doc)
			wantError(t, err, tc.want)
		})
	}
}

func TestUnitOnMissingMachineIsReportedAtItsPosition(t *testing.T) {
	m := newTestModel()
	m.Applications[0].Units[0].Machine = "17"
	doc, err := writeV5(m)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Read("model.yaml", doc)
	e := firstError(t, err)
	if e.Path != "applications[0].units[0].machine" || e.Msg != `machine "17" does not exist` || e.Kind != KindReference {
		t.Fatalf("got %+v", e)
	}
	// The reported position must be the line that holds the machine key.
	line := strings.Split(string(doc), "\n")[e.Line-1]
	if !strings.Contains(line, `machine: "17"`) || e.Column != strings.Index(line, `"17"`)+1 {
		t.Fatalf("position %d:%d points at %q", e.Line, e.Column, line)
	}
	if !errors.Is(err, ErrReference) {
		t.Fatal("errors.Is(err, ErrReference) is false")
	}
}

func TestErrorsAreCollectedNotJustTheFirst(t *testing.T) {
	doc := withKey(readMinimal(t), "owner", "owner: 1\n")
	doc = withKey(doc, "cloud", "cloud: [x]\n")
	_, err := Read("m.yaml", doc)
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 2 {
		t.Fatalf("want 2 errors, got %v", err)
	}
	if !errors.Is(err, ErrType) {
		t.Fatal("errors.Is(err, ErrType) is false")
	}
}

func TestUnsupportedModelVersionListsSupportedVersions(t *testing.T) {
	doc := withKey(readMinimal(t), "version", "version: 13\n")
	_, err := Read("m.yaml", doc)
	var ve *VersionError
	if !errors.As(err, &ve) {
		t.Fatalf("got %v", err)
	}
	if ve.Version != 13 || len(ve.Supported) != 12 {
		t.Fatalf("got %+v", ve)
	}
	wantError(t, err, "m.yaml:1:10: version: model version 13 is not supported (ferry reads 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12): model v13 and later are written by juju/description's unreleased Juju 4.0 line (its main branch), which no Juju 3.x release reads; ferry does not read them")
}

func TestSyntaxErrorsNameTheFile(t *testing.T) {
	_, err := Read("bad.yaml", []byte("version: [10\n"))
	e := firstError(t, err)
	if e.Kind != KindSyntax || e.File != "bad.yaml" || e.Line == 0 {
		t.Fatalf("got %+v", e)
	}
	_, err = Read("empty.yaml", nil)
	wantError(t, err, "empty.yaml:1:1: empty document: a model description is a mapping with a version")
}

func TestWriteIsDeterministic(t *testing.T) {
	m := newTestModel()
	m.Config["zeta"], m.Config["alpha"], m.Config["n10"], m.Config["n9"] = 1, true, "x", "y"
	first, err := writeV5(m)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		again, err := writeV5(m)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, again) {
			t.Fatal("two writes of the same tree differ")
		}
	}
}

func TestRoundTripOfATreeBuiltInCode(t *testing.T) {
	m := newTestModel()
	b, err := writeV5(m)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Read("m.yaml", b)
	if err != nil {
		t.Fatal(err)
	}
	b2, err := writeV5(got)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, b2) {
		t.Fatalf("write-read-write changed the bytes:\n%s\n---\n%s", b, b2)
	}
}

func TestLocateFollowsWrappersAndEnvelopes(t *testing.T) {
	m := newTestModel()
	b, _ := writeV5(m)
	root, err := parseForTest(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"machines[0].containers[0].id", "applications[0].units[0].agent-status.value", "relations[0].endpoints[0].unit-settings"} {
		n := locate(root, p)
		if n == nil || n == root {
			t.Errorf("%s: not found", p)
		}
	}
}

func parseForTest(b []byte) (*node, error) { return yamltree.Parse(b) }

// yaml.v2 (and so juju/description) writes a string that is not valid UTF-8
// as a !!binary scalar of its bytes, and reads it back as that string, as a
// value or as a key. Ferry must read it the same way and write it back
// byte for byte.
func TestReadBinaryScalarsAsTheStringsJujuWrote(t *testing.T) {
	doc := withKey(readMinimal(t), "config", "config:\n  !!binary a/4=: !!binary bf8=\n  name: default\n  uuid: 0c2b2f3a-8a46-4b5e-9f0c-6a1f2b3c4d5e\n")
	doc = withKey(doc, "cloud", "cloud: !!binary bf8=\n")
	m, err := Read("binary.yaml", doc)
	if err != nil {
		t.Fatal(err)
	}
	if m.Cloud != "m\xff" {
		t.Fatalf("cloud %q, want %q", m.Cloud, "m\xff")
	}
	if v, ok := m.Config["k\xfe"]; !ok || v != "m\xff" {
		t.Fatalf("config %q", m.Config)
	}
	out, err := writeV5(m)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(doc, out) {
		t.Fatalf("re-written document differs:\n%s", out)
	}
}
