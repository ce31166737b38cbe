package description

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

func readMinimal(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// withKey replaces the value of a top-level key of the minimal document
// (a key line and its indented block) with text, or adds it at the end.
func withKey(doc []byte, key, text string) []byte {
	lines := strings.SplitAfter(string(doc), "\n")
	var out []string
	replaced := false
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if strings.HasPrefix(l, key+":") {
			out = append(out, text)
			for i+1 < len(lines) && (strings.HasPrefix(lines[i+1], " ") || strings.HasPrefix(lines[i+1], "- ")) {
				i++
			}
			replaced = true
			continue
		}
		out = append(out, l)
	}
	if !replaced {
		out = append(out, text)
	}
	return []byte(strings.Join(out, ""))
}

// firstError returns the only, or first, *Error in err.
func firstError(t *testing.T, err error) *Error {
	t.Helper()
	if err == nil {
		t.Fatal("got no error")
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *description.Error", err, err)
	}
	return e
}

// wantError asserts that err holds an error rendered exactly as want.
func wantError(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %q", want)
	}
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %v is not an ErrorList", err)
	}
	for _, e := range list {
		if e.Error() == want {
			return
		}
	}
	t.Fatalf("errors:\n%v\nwant one of them to be:\n%s", err, want)
}

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// newTestModel builds, through the Go API, a small model with one machine
// (with a container), one application with a unit on it, and a peer
// relation: enough for the validation and position tests.
func newTestModel() *Model {
	st := func(v string) *Status { return &Status{Value: v, Updated: ts("2024-01-02T03:04:05Z")} }
	tools := &AgentTools{Version: "3.5.1-ubuntu-amd64", URL: "https://example/tools", SHA256: "abc", Size: 42}
	m := &Model{
		Type:      "iaas",
		Owner:     "admin",
		Config:    map[string]any{"name": "default", "uuid": "0c2b2f3a-8a46-4b5e-9f0c-6a1f2b3c4d5e"},
		Status:    st("available"),
		Cloud:     "lxd",
		Sequences: map[string]int{"machine": 1},
	}
	m.Machines = []*Machine{{
		ID: "0", Nonce: "n", PasswordHash: "h", Base: "ubuntu@22.04", Jobs: []string{"host-units"},
		Status: st("started"), Tools: tools,
		Instance: &CloudInstance{InstanceID: "i-0", Status: st("running")},
		Containers: []*Machine{{
			ID: "0/lxd/0", Nonce: "n", PasswordHash: "h", Base: "ubuntu@22.04", Jobs: []string{"host-units"},
			Status: st("started"), Tools: tools, ContainerType: "lxd",
			Instance: &CloudInstance{InstanceID: "juju-0-lxd-0", Status: st("running")},
		}},
	}}
	m.Applications = []*Application{{
		Name: "mysql", Type: "iaas", CharmURL: "ch:amd64/mysql-1", Status: st("active"),
		CharmConfig: map[string]any{}, LeadershipSettings: map[string]any{}, Leader: "mysql/0",
		Units: []*Unit{{
			Name: "mysql/0", Machine: "0", PasswordHash: "h", Tools: tools,
			AgentStatus: st("idle"), WorkloadStatus: st("active"),
		}},
	}}
	m.Relations = []*Relation{{
		ID: 0, Key: "mysql:cluster",
		Endpoints: []*Endpoint{{
			ApplicationName: "mysql", Name: "cluster", Role: "peer", Interface: "mysql-ha", Scope: "global",
			UnitSettings:        map[string]map[string]any{"mysql/0": {"a": "b"}},
			ApplicationSettings: map[string]any{},
		}},
	}}
	return m
}
