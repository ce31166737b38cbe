package schemas_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/yamltree"
	"github.com/modelferry/ferry/schemas"
)

// allVersions is 0 (any model version) and every model version.
func allVersions() []int { return append([]int{0}, description.SchemaVersions()...) }

var update = flag.Bool("update", false, "rewrite the committed schemas (as go generate ./schemas does)")

// TestCommittedSchemasAreUpToDate regenerates every schema in memory and
// compares it with the committed file. With -update (or
// FERRY_UPDATE_FIXTURES=1) it writes the files instead.
func TestCommittedSchemasAreUpToDate(t *testing.T) {
	want := map[string]bool{}
	for _, v := range allVersions() {
		name := description.SchemaFile(v)
		want[name] = true
		gen, err := description.JSONSchema(v)
		if err != nil {
			t.Fatal(err)
		}
		if *update || os.Getenv("FERRY_UPDATE_FIXTURES") == "1" {
			if err := os.WriteFile(name, gen, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		committed, err := os.ReadFile(name)
		if err != nil {
			t.Errorf("%v: run go generate ./schemas", err)
			continue
		}
		if !bytes.Equal(gen, committed) {
			t.Errorf("schemas/%s is stale: run go generate ./schemas and commit the result", name)
		}
	}
	files, err := filepath.Glob("*.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !want[f] {
			t.Errorf("schemas/%s is no longer generated: run go generate ./schemas (it removes it)", f)
		}
	}
}

func TestEmbeddedSchemasAreTheCommittedFiles(t *testing.T) {
	for _, v := range allVersions() {
		name := description.SchemaFile(v)
		emb, err := schemas.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		disk, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(emb, disk) {
			t.Errorf("embedded %s differs from the file", name)
		}
	}
}

// compiled compiles every committed schema, keyed by model version (0 for
// model.json).
func compiled(t *testing.T) map[int]*jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	out := map[int]*jsonschema.Schema{}
	for _, v := range allVersions() {
		f, err := os.Open(description.SchemaFile(v))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		url := description.SchemaBaseURL + description.SchemaFile(v)
		if err := c.AddResource(url, doc); err != nil {
			t.Fatal(err)
		}
		if out[v], err = c.Compile(url); err != nil {
			t.Fatalf("%s: %v", description.SchemaFile(v), err)
		}
	}
	return out
}

// instance turns a YAML document into the JSON value a schema validates,
// resolving scalars by the YAML 1.1 rules ferry reads with.
func instance(n *yamltree.Node) any {
	switch n.Kind {
	case yamltree.MappingNode:
		m := make(map[string]any, len(n.Children())/2)
		for i := 0; i < len(n.Children()); i += 2 {
			m[n.Children()[i].Value] = instance(&n.Children()[i+1])
		}
		return m
	case yamltree.SequenceNode:
		l := make([]any, len(n.Children()))
		for i := range n.Children() {
			l[i] = instance(&n.Children()[i])
		}
		return l
	}
	_, v := n.Resolve()
	if f, ok := v.(float64); ok && (math.IsInf(f, 0) || math.IsNaN(f)) {
		return n.Value // JSON has no infinities; free-form data only
	}
	return v
}

func parseFile(t *testing.T, path string) *yamltree.Node {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	root, err := yamltree.Parse(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return root
}

func modelVersion(root *yamltree.Node) int {
	if root == nil || root.Kind != yamltree.MappingNode {
		return 0
	}
	if vn := root.Get("version"); vn != nil {
		if _, v := vn.Resolve(); v != nil {
			if i, ok := v.(int); ok {
				return i
			}
		}
	}
	return 0
}

func TestEveryFixtureValidatesAgainstItsSchema(t *testing.T) {
	sch := compiled(t)
	files, err := filepath.Glob("../testdata/fixtures/*/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, f := range files {
		root := parseFile(t, f)
		v := modelVersion(root)
		if sch[v] == nil || v == 0 {
			t.Errorf("%s: model version %d has no schema", f, v)
			continue
		}
		inst := instance(root)
		if err := sch[v].Validate(inst); err != nil {
			t.Errorf("%s does not validate against %s:\n%v", f, description.SchemaFile(v), err)
		}
		if err := sch[0].Validate(inst); err != nil {
			t.Errorf("%s does not validate against model.json:\n%v", f, err)
		}
	}
}

// structural are the kinds of error a JSON Schema can see: a document
// ferry rejects with one of them must be rejected by the schema too.
var structural = map[description.ErrorKind]bool{
	description.KindType: true, description.KindUnknownField: true,
	description.KindMissingField: true, description.KindVersion: true,
}

// schemaBlind lists the documents of testdata/bad whose structural error
// JSON Schema cannot see, and why.
var schemaBlind = map[string]string{
	"type-model-version-is-a-float": "JSON Schema counts 10.0 as the integer 10",
}

func TestInvalidDocumentsAreRejected(t *testing.T) {
	sch := compiled(t)
	files, err := filepath.Glob("../testdata/bad/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	checked := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := description.Read(filepath.Base(f), data); err == nil {
			t.Errorf("%s: ferry reads it without error", f)
			continue
		}
		// Only the decoder's errors are about the document's shape; the
		// validator's (references, names, ids) are beyond JSON Schema.
		_, rerr := description.ReadWithOptions(filepath.Base(f), data, description.ReadOptions{SkipValidation: true})
		var list description.ErrorList
		if !errors.As(rerr, &list) {
			continue
		}
		var kinds []string
		want := false
		for _, e := range list {
			if e.Kind == description.KindSyntax {
				want = false
				break
			}
			want = want || structural[e.Kind]
			kinds = append(kinds, e.Kind.String())
		}
		root, perr := yamltree.Parse(data)
		if perr != nil || root == nil || !want {
			continue
		}
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		v := modelVersion(root)
		s := sch[v]
		if s == nil {
			s = sch[0]
		}
		verr := s.Validate(instance(root))
		why, blind := schemaBlind[name]
		switch {
		case verr == nil && !blind:
			t.Errorf("%s: ferry rejects it (%s) but the schema accepts it", f, strings.Join(kinds, ", "))
		case verr != nil && blind:
			t.Errorf("%s: listed in schemaBlind (%s) but the schema rejects it: remove it from the list", f, why)
		}
		checked++
	}
	t.Logf("%d invalid documents checked against the schemas", checked)
	if checked < 20 {
		t.Errorf("only %d invalid documents checked against the schema", checked)
	}
}

// TestSchemaRejectsTheClassicMistakes checks a few edits of a valid
// document without depending on testdata/bad.
func TestSchemaRejectsTheClassicMistakes(t *testing.T) {
	sch := compiled(t)
	base, err := os.ReadFile("../description/testdata/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, from, to string }{
		{"an unknown top-level key", "cloud: lxd\n", "cloud: lxd\nclowd: lxd\n"},
		{"a missing required key", "owner: admin\n", ""},
		{"a string where an int belongs", "environ-version: 0\n", "environ-version: zero\n"},
		{"an int where a string belongs", "owner: admin\n", "owner: 42\n"},
		{"an unknown collection version", "machines:\n  version: 3\n", "machines:\n  version: 9\n"},
		{"an unknown model version", "version: 10\n", "version: 11\n"},
		{"a bad time", "updated: 2024-01-02T03:04:05Z", "updated: yesterday"},
		{"a null status", "status:\n  version: 2\n  status:\n    value: available\n    updated: 2024-01-02T03:04:05Z\n    neverset: false\n", "status: null\n"},
		{"a key of a later version", "owner: admin\n", "owner: admin\npassword-hash: x\n"},
	} {
		doc := strings.Replace(string(base), tc.from, tc.to, 1)
		if doc == string(base) {
			t.Fatalf("%s: the edit did not apply", tc.name)
		}
		if tc.name == "a key of a later version" {
			doc = strings.Replace(doc, "version: 10\n", "version: 7\n", 1)
		}
		if _, err := description.Read("x.yaml", []byte(doc)); err == nil {
			t.Errorf("%s: ferry reads the document", tc.name)
		}
		root, err := yamltree.Parse([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch[0].Validate(instance(root)); err == nil {
			t.Errorf("%s: model.json accepts the document", tc.name)
		}
	}
	root, err := yamltree.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	if err := sch[0].Validate(instance(root)); err != nil {
		t.Errorf("model.json rejects the minimal document: %v", err)
	}
	if err := sch[10].Validate(instance(root)); err != nil {
		t.Errorf("model-v10.json rejects the minimal document: %v", err)
	}
	if err := sch[9].Validate(instance(root)); err == nil {
		t.Error("model-v9.json accepts a version 10 document")
	}
}

func TestEverySchemaNamesItsVersion(t *testing.T) {
	for _, v := range description.SchemaVersions() {
		b, err := schemas.FS.ReadFile(description.SchemaFile(v))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte(fmt.Sprintf(`"$ref": "#/$defs/model.v%d"`, v))) {
			t.Errorf("%s does not point at model.v%d", description.SchemaFile(v), v)
		}
	}
}
