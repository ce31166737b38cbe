package description

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestWireTypesParse checks every typ of every entity table: it parses,
// and the entities and versions it names exist (a ref:E without @N inside
// an entity that E does not follow version for version is caught when the
// schemas are built, below).
func TestWireTypesParse(t *testing.T) {
	specs := map[string]entitySpec{}
	for _, s := range allEntities() {
		if specs[s.entityName()] != nil {
			t.Errorf("two entity tables are named %q", s.entityName())
		}
		specs[s.entityName()] = s
	}
	var check func(where string, wt *wireType)
	check = func(where string, wt *wireType) {
		switch wt.kind {
		case wireRef, wireWrap:
			s := specs[wt.name]
			if s == nil {
				t.Errorf("%s: no entity %q", where, wt.name)
				return
			}
			if wt.ver != 0 && !s.readsVersion(wt.ver) {
				t.Errorf("%s: entity %q has no version %d", where, wt.name, wt.ver)
			}
			if wt.kind == wireWrap && s.selfVersionedEntity() {
				t.Errorf("%s: the items of a wrapper take its version, but %q has its own", where, wt.name)
			}
		}
		if wt.elem != nil {
			check(where, wt.elem)
		}
	}
	for _, s := range allEntities() {
		for _, v := range s.readVersions() {
			for _, f := range s.fieldsAt(v) {
				where := fmt.Sprintf("%s v%d %s", s.entityName(), v, f.Key)
				wt, err := parseWireType(f.Type)
				if err != nil {
					t.Errorf("%s: %v", where, err)
					continue
				}
				check(where, wt)
			}
		}
	}
}

func TestParseWireTypeRejectsMalformedTypes(t *testing.T) {
	for _, s := range []string{
		"", "str", "[]", "map[string]", "map[float]int", "ref:", "ref:Machine", "ref:machine@", "ref:machine@0",
		"wrap:machine", "wrap:/machines", "wrap:machine/", "{key}", "{:int}", "{k:nope}", "string|", "|null",
	} {
		if _, err := parseWireType(s); err == nil {
			t.Errorf("parseWireType(%q) succeeded", s)
		}
	}
	for s, want := range map[string]wireKind{
		"string": wireScalar, "map[string]any": wireScalar, "[]ref:address": wireList, "map[int]string": wireMapInt,
		"ref:status|null": wireNullable, "ref:sla@1": wireRef, "wrap:unit/units": wireWrap,
		"wrap:port-range/machine-port-ranges=map[string]{unit-port-ranges:map[string][]ref:port-range}": wireWrap,
		"{unit-port-ranges:int}": wireObject,
	} {
		wt, err := parseWireType(s)
		if err != nil || wt.kind != want {
			t.Errorf("parseWireType(%q) = %+v, %v; want kind %d", s, wt, err, want)
		}
	}
}

func TestJSONSchemaIsDeterministicValidJSON(t *testing.T) {
	for _, v := range append([]int{0}, SchemaVersions()...) {
		a, err := JSONSchema(v)
		if err != nil {
			t.Fatal(err)
		}
		b, err := JSONSchema(v)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Fatalf("version %d: two runs differ", v)
		}
		var doc map[string]any
		if err := json.Unmarshal(a, &doc); err != nil {
			t.Fatalf("version %d: %v", v, err)
		}
		if !bytes.HasSuffix(a, []byte("}\n")) || !bytes.Contains(a, []byte("\n  \"$defs\": {\n")) {
			t.Errorf("version %d: not pretty-printed", v)
		}
		defs := doc["$defs"].(map[string]any)
		// Every $ref points at a definition.
		for _, ref := range refs(doc) {
			name := strings.TrimPrefix(ref, "#/$defs/")
			if name == ref || defs[name] == nil {
				t.Errorf("version %d: dangling $ref %q", v, ref)
			}
		}
	}
}

func refs(x any) []string {
	var out []string
	switch x := x.(type) {
	case map[string]any:
		for k, v := range x {
			if s, ok := v.(string); ok && k == "$ref" {
				out = append(out, s)
			}
			out = append(out, refs(v)...)
		}
	case []any:
		for _, v := range x {
			out = append(out, refs(v)...)
		}
	}
	return out
}

func TestJSONSchemaRejectsAnUnknownModelVersion(t *testing.T) {
	_, err := JSONSchema(13)
	var ve *VersionError
	if !errors.As(err, &ve) || ve.Version != 13 {
		t.Fatalf("JSONSchema(13) error = %v, want a *VersionError", err)
	}
}

// TestJSONSchemaFollowsTheTables spot-checks the generator against the
// tables: keys per version, required keys, wrappers and self-versioned
// entities.
func TestJSONSchemaFollowsTheTables(t *testing.T) {
	b, err := JSONSchema(0)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Defs map[string]struct {
			Required   []string                   `json:"required"`
			Properties map[string]json.RawMessage `json:"properties"`
			AllOf      []json.RawMessage          `json:"allOf"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	m2, m3 := doc.Defs["machine.v2"], doc.Defs["machine.v3"]
	if _, ok := m2.Properties["base"]; ok {
		t.Error("machine v2 has base")
	}
	if !contains(m3.Required, "base") || contains(m3.Required, "series") || !contains(doc.Defs["machine.v2"].Required, "series") {
		t.Errorf("machine required keys: v2 %v, v3 %v", m2.Required, m3.Required)
	}
	if compact(m3.Properties["containers"]) != `{"type":"array","items":{"$ref":"#/$defs/machine.v3"}}` {
		t.Errorf("machine v3 containers: %s", m3.Properties["containers"])
	}
	if compact(doc.Defs["status.v1"].Properties["status"]) != `{"$ref":"#/$defs/status-point.v1"}` {
		t.Errorf("status v1 does not hold a v1 point: %s", doc.Defs["status.v1"].Properties["status"])
	}
	if len(doc.Defs["wrap.machine.machines"].AllOf) != 4 || len(doc.Defs["status"].AllOf) != 2 {
		t.Error("the machines wrapper or the status does not pick by version")
	}
	if _, ok := doc.Defs["wrap.subnet.subnets"]; !ok {
		t.Error("no subnets wrapper")
	}
	if compact(doc.Defs["model.v10"].Properties["version"]) != `{"const":10}` {
		t.Errorf("model v10 version: %s", doc.Defs["model.v10"].Properties["version"])
	}
}

func compact(r json.RawMessage) string {
	var b bytes.Buffer
	if err := json.Compact(&b, r); err != nil {
		return err.Error()
	}
	return b.String()
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
