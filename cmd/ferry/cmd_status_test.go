package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/modelferry/ferry/internal/controllertest"
)

func TestCharmNameRev(t *testing.T) {
	for _, c := range []struct {
		url  string
		name string
		rev  int
	}{
		{"ch:amd64/jammy/mysql-151", "mysql", 151},
		{"local:focal/my-charm-3", "my-charm", 3},
		{"ch:postgresql", "postgresql", -1},
	} {
		if n, r := charmNameRev(c.url); n != c.name || r != c.rev {
			t.Errorf("charmNameRev(%q) = %q, %d", c.url, n, r)
		}
	}
}

func TestStatusTabularSections(t *testing.T) {
	m := controllertest.Full("f0110000-0000-4000-8000-000000000001")
	m.Applications[0].Leader = m.Applications[0].Units[0].Name
	var buf bytes.Buffer
	if err := writeTabular(&buf, buildStatus(m)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"Model ", "\nSAAS ", "\nApp ", "\nUnit ", "\nMachine ", "\nRelation provider ", "appa/0*", "  logger/0", "0/lxd/0"} {
		if !strings.Contains(out, want) {
			t.Errorf("status output lacks %q:\n%s", want, out)
		}
	}
}

func TestRedactURI(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"mongodb://admin:s3cret@10.0.0.1:37017/juju?authSource=admin", "mongodb://admin:xxxxx@10.0.0.1:37017/juju?authSource=admin"},
		{"mongodb://h1:37017,h2:37017/?replicaSet=juju", "mongodb://h1:37017,h2:37017/?replicaSet=juju"},
		{"mongodb://h/?tlsCertificateKeyFilePassword=pw", "mongodb://h/?tlsCertificateKeyFilePassword=xxxxx"},
	} {
		if got := redactURI(c.in); got != c.want {
			t.Errorf("redactURI(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	f := &mongoFlags{uri: "mongodb://admin:p%40ss@h/"}
	f.collectSecrets()
	err := f.redactErr(errorString("auth failed for admin:p@ss at mongodb://admin:p%40ss@h/ (p%40ss)"))
	if strings.Contains(err.Error(), "p@ss") || strings.Contains(err.Error(), "p%40ss") {
		t.Errorf("redactErr left the password in: %v", err)
	}
}

type errorString string

func (e errorString) Error() string { return string(e) }

func TestExportFileMode(t *testing.T) {
	m := controllertest.Generate(controllertest.Small)
	if fileMode(m) != 0o600 {
		t.Error("a model with password hashes is not 0600")
	}
	m.Machines, m.Applications = nil, nil
	if fileMode(m) != 0o644 {
		t.Error("a model with nothing secret is not 0644")
	}
}
