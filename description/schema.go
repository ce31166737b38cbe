package description

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// JSON Schemas of the wire format.
//
// The schemas are generated from the entity tables (the same tables the
// reader decodes with), so they cannot drift from the code: every key of
// every version, whether it is required there, and its wire type (the small
// language documented on field in decode.go). The files in schemas/ are the
// output of JSONSchema, committed and checked by a test there; regenerate
// them with "go generate ./schemas".
//
// Layout of one schema (draft 2020-12, one self-contained file):
//
//   - $defs holds one definition per entity version, named "<entity>.v<N>"
//     (machine.v3), with additionalProperties false: a key the entity does
//     not have at that version is an error, as it is for ferry's reader.
//   - A self-versioned entity (status, constraints, tools, ...) also has a
//     definition named "<entity>" that picks "<entity>.v<N>" by its version
//     key.
//   - A collection wrapper {version: N, <list>: [...]} is a definition named
//     "wrap.<entity>.<list>" that checks N against the versions ferry reads
//     and every item against "<entity>.v<N>".
//
// The schemas describe the canonical form, the one ferry and juju/description
// write: version keys and numbers are integers, booleans are booleans. The
// reader is more lenient in the ways juju/schema is (it also takes "10" for
// 10 or "true" for true), and the schemas flag those spellings. Rules that
// span entities (a unit's machine must exist, ids are unique, names are well
// formed) are beyond JSON Schema; Validate checks them.

// SchemaBaseURL is where the committed schemas are published; each schema's
// $id is this plus its file name (SchemaFile).
const SchemaBaseURL = "https://raw.githubusercontent.com/modelferry/ferry/main/schemas/"

// SchemaVersions lists the model versions JSONSchema takes, besides 0.
func SchemaVersions() []int {
	return append([]int(nil), modelFormat.reads...)
}

// SchemaFile names the file of the schema for modelVersion in schemas/:
// "model.json" for 0 (every version) and "model-v<N>.json" otherwise.
func SchemaFile(modelVersion int) string {
	if modelVersion == 0 {
		return "model.json"
	}
	return fmt.Sprintf("model-v%d.json", modelVersion)
}

// JSONSchema returns the JSON Schema (draft 2020-12) of a model description
// whose model version is modelVersion, or of one in any model version ferry
// reads when modelVersion is 0. Inside the document every collection and
// self-versioned entity may be at any version ferry reads, as in the files
// juju/description and ferry accept. The output is deterministic,
// pretty-printed JSON ending in a newline.
func JSONSchema(modelVersion int) ([]byte, error) {
	if modelVersion != 0 && !modelFormat.supports(modelVersion) {
		ve := &VersionError{Entity: "model", Version: modelVersion, Supported: modelFormat.reads}
		return nil, ve
	}
	g := newSchemaGen()
	var root any
	title := "ferry model description (any model version)"
	if modelVersion == 0 {
		root = g.entityRef(modelFormat.name, 0)
	} else {
		root = g.entityRef(modelFormat.name, modelVersion)
		title = fmt.Sprintf("ferry model description, model version %d", modelVersion)
	}
	if g.err != nil {
		return nil, g.err
	}
	doc := newObj().
		set("$schema", "https://json-schema.org/draft/2020-12/schema").
		set("$id", SchemaBaseURL+SchemaFile(modelVersion)).
		set("title", title).
		set("description", "The YAML wire format of github.com/juju/description/v5 v5.0.4 as ferry reads it, "+
			"generated from ferry's entity tables (go generate ./schemas). Rules that span entities, "+
			"such as references and unique ids, are checked by 'ferry validate', not by this schema.")
	for k, v := range root.(*obj).kv() {
		doc.set(k, v)
	}
	defs := newObj()
	names := make([]string, 0, len(g.defs))
	for n := range g.defs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		defs.set(n, g.defs[n])
	}
	doc.set("$defs", defs)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// --- the wire type language (see field in decode.go)

type wireKind uint8

const (
	wireScalar   wireKind = iota + 1 // name: string, int, uint, bool, time, base64, map[string]any
	wireList                         // []elem
	wireMapStr                       // map[string]elem
	wireMapInt                       // map[int]elem
	wireObject                       // {name:elem}
	wireNullable                     // elem|null
	wireRef                          // ref:name[@ver]
	wireWrap                         // wrap:name/key[=elem]
)

// wireType is a parsed typ string.
type wireType struct {
	kind wireKind
	name string // scalar name, entity name, or the key of an object
	key  string // wrapper list key
	ver  int    // ref:E@N
	elem *wireType
}

var wireScalars = map[string]bool{
	"string": true, "int": true, "uint": true, "bool": true, "time": true, "base64": true, "map[string]any": true, "any": true,
}

// parseWireType parses a typ string of an entity table.
func parseWireType(s string) (*wireType, error) {
	t, err := parseWire(s)
	if err != nil {
		return nil, fmt.Errorf("wire type %q: %v", s, err)
	}
	return t, nil
}

func parseWire(s string) (*wireType, error) {
	switch {
	case s == "":
		return nil, fmt.Errorf("empty type")
	case strings.HasSuffix(s, "|null"):
		e, err := parseWire(strings.TrimSuffix(s, "|null"))
		if err != nil {
			return nil, err
		}
		return &wireType{kind: wireNullable, elem: e}, nil
	case wireScalars[s]:
		return &wireType{kind: wireScalar, name: s}, nil
	case strings.HasPrefix(s, "[]"):
		e, err := parseWire(s[2:])
		if err != nil {
			return nil, err
		}
		return &wireType{kind: wireList, elem: e}, nil
	case strings.HasPrefix(s, "map[string]"):
		e, err := parseWire(s[len("map[string]"):])
		if err != nil {
			return nil, err
		}
		return &wireType{kind: wireMapStr, elem: e}, nil
	case strings.HasPrefix(s, "map[int]"):
		e, err := parseWire(s[len("map[int]"):])
		if err != nil {
			return nil, err
		}
		return &wireType{kind: wireMapInt, elem: e}, nil
	case strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}"):
		key, rest, ok := strings.Cut(s[1:len(s)-1], ":")
		if !ok || !validWireName(key) {
			return nil, fmt.Errorf("want {key:type}")
		}
		e, err := parseWire(rest)
		if err != nil {
			return nil, err
		}
		return &wireType{kind: wireObject, name: key, elem: e}, nil
	case strings.HasPrefix(s, "ref:"):
		name, ver, hasVer := strings.Cut(s[len("ref:"):], "@")
		if !validWireName(name) {
			return nil, fmt.Errorf("bad entity name %q", name)
		}
		t := &wireType{kind: wireRef, name: name}
		if hasVer {
			v, err := strconv.Atoi(ver)
			if err != nil || v < 1 {
				return nil, fmt.Errorf("bad version %q", ver)
			}
			t.ver = v
		}
		return t, nil
	case strings.HasPrefix(s, "wrap:"):
		spec, inner, hasInner := strings.Cut(s[len("wrap:"):], "=")
		name, key, ok := strings.Cut(spec, "/")
		if !ok || !validWireName(name) || !validWireName(key) {
			return nil, fmt.Errorf("want wrap:entity/key")
		}
		t := &wireType{kind: wireWrap, name: name, key: key}
		if hasInner {
			e, err := parseWire(inner)
			if err != nil {
				return nil, err
			}
			t.elem = e
		}
		return t, nil
	}
	return nil, fmt.Errorf("unknown type")
}

func validWireName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// --- the generator

type schemaGen struct {
	specs map[string]entitySpec
	defs  map[string]*obj
	types map[string]*wireType // parse cache
	err   error
}

func newSchemaGen() *schemaGen {
	g := &schemaGen{specs: map[string]entitySpec{}, defs: map[string]*obj{}, types: map[string]*wireType{}}
	for _, s := range allEntities() {
		g.specs[s.entityName()] = s
	}
	return g
}

func (g *schemaGen) fail(format string, args ...any) {
	if g.err == nil {
		g.err = fmt.Errorf("description: JSON Schema: "+format, args...)
	}
}

func defRef(name string) *obj { return newObj().set("$ref", "#/$defs/"+name) }

func versionDef(entity string, v int) string { return fmt.Sprintf("%s.v%d", entity, v) }

// entityRef returns a reference to entity name: at version v, or, when v is
// 0, at whichever version its own version key says (self-versioned
// entities only).
func (g *schemaGen) entityRef(name string, v int) any {
	spec := g.specs[name]
	if spec == nil {
		g.fail("unknown entity %q", name)
		return newObj()
	}
	if v != 0 {
		if !spec.readsVersion(v) {
			g.fail("entity %q has no version %d", name, v)
			return newObj()
		}
		g.entityVersion(spec, v)
		return defRef(versionDef(name, v))
	}
	if !spec.selfVersionedEntity() {
		g.fail("entity %q has no version key of its own", name)
		return newObj()
	}
	reads := spec.readVersions()
	if len(reads) == 1 {
		g.entityVersion(spec, reads[0])
		return defRef(versionDef(name, reads[0]))
	}
	if _, done := g.defs[name]; !done {
		d := newObj()
		g.defs[name] = d
		d.set("title", fmt.Sprintf("%s (any version)", name)).
			set("type", "object").
			set("required", []string{"version"}).
			set("properties", newObj().set("version", newObj().set("enum", reads)))
		var cases []any
		for _, rv := range reads {
			g.entityVersion(spec, rv)
			cases = append(cases, ifVersion(rv, defRef(versionDef(name, rv))))
		}
		d.set("allOf", cases)
	}
	return defRef(name)
}

// ifVersion is {"if": {version is v}, "then": then}.
func ifVersion(v int, then *obj) *obj {
	return newObj().
		set("if", newObj().
			set("properties", newObj().set("version", newObj().set("const", v))).
			set("required", []string{"version"})).
		set("then", then)
}

// entityVersion defines "<entity>.v<N>".
func (g *schemaGen) entityVersion(spec entitySpec, v int) {
	name := versionDef(spec.entityName(), v)
	if _, done := g.defs[name]; done {
		return
	}
	d := newObj()
	g.defs[name] = d // before the fields: containers refer to their machine
	props := newObj()
	var req []string
	if spec.selfVersionedEntity() {
		props.set("version", newObj().set("const", v))
		req = append(req, "version")
	}
	for _, f := range spec.fieldsAt(v) {
		t := g.parse(f.Type)
		if t == nil {
			return
		}
		props.set(f.Key, g.typeSchema(t, v))
		if f.Required {
			req = append(req, f.Key)
		}
	}
	d.set("title", fmt.Sprintf("%s v%d", spec.entityName(), v)).set("type", "object")
	if len(req) > 0 {
		d.set("required", req)
	}
	d.set("properties", props).set("additionalProperties", false)
}

func (g *schemaGen) parse(s string) *wireType {
	if t, ok := g.types[s]; ok {
		return t
	}
	t, err := parseWireType(s)
	if err != nil {
		g.fail("%v", err)
		return nil
	}
	g.types[s] = t
	return t
}

// The patterns of the string-shaped scalars.
const (
	// timePattern is RFC 3339 as Go's time.RFC3339Nano parses it, or "".
	timePattern   = `^$|^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$`
	base64Pattern = `^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$`
	intKeyPattern = `^-?[0-9]+$`
)

// typeSchema is the schema of a value of wire type t inside an entity (or
// wrapper) at version v.
func (g *schemaGen) typeSchema(t *wireType, v int) any {
	switch t.kind {
	case wireScalar:
		switch t.name {
		case "string":
			return newObj().set("type", "string")
		case "int":
			return newObj().set("type", "integer")
		case "uint":
			return newObj().set("type", "integer").set("minimum", 0)
		case "bool":
			return newObj().set("type", "boolean")
		case "time":
			g.scalarDef("time", newObj().
				set("description", "An RFC 3339 instant, e.g. 2024-01-02T03:04:05Z; \"\" is the zero time.").
				set("type", "string").set("pattern", timePattern))
			return defRef("time")
		case "base64":
			g.scalarDef("base64", newObj().
				set("description", "Standard base64.").
				set("type", "string").set("pattern", base64Pattern))
			return defRef("base64")
		case "map[string]any":
			return newObj().set("type", []string{"object", "null"})
		case "any":
			return newObj().set("description", "Any YAML value.")
		}
	case wireList:
		return newObj().set("type", "array").set("items", g.typeSchema(t.elem, v))
	case wireMapStr:
		return newObj().set("type", "object").set("additionalProperties", g.typeSchema(t.elem, v))
	case wireMapInt:
		return newObj().set("type", "object").
			set("propertyNames", newObj().set("pattern", intKeyPattern)).
			set("additionalProperties", g.typeSchema(t.elem, v))
	case wireObject:
		return newObj().set("type", "object").
			set("properties", newObj().set(t.name, g.typeSchema(t.elem, v))).
			set("additionalProperties", false)
	case wireNullable:
		return newObj().set("anyOf", []any{g.typeSchema(t.elem, v), newObj().set("type", "null")})
	case wireRef:
		spec := g.specs[t.name]
		switch {
		case spec == nil:
			g.fail("unknown entity %q", t.name)
		case t.ver != 0:
			return g.entityRef(t.name, t.ver)
		case spec.selfVersionedEntity():
			return g.entityRef(t.name, 0)
		default:
			return g.entityRef(t.name, v)
		}
		return newObj()
	case wireWrap:
		return g.wrapper(t)
	}
	g.fail("unhandled wire type %+v", t)
	return newObj()
}

func (g *schemaGen) scalarDef(name string, d *obj) {
	if _, ok := g.defs[name]; !ok {
		g.defs[name] = d
	}
}

// wrapper defines "wrap.<entity>.<key>".
func (g *schemaGen) wrapper(t *wireType) any {
	name := "wrap." + t.name + "." + t.key
	if _, done := g.defs[name]; done {
		return defRef(name)
	}
	spec := g.specs[t.name]
	if spec == nil {
		g.fail("unknown entity %q", t.name)
		return newObj()
	}
	d := newObj()
	g.defs[name] = d
	reads := spec.readVersions()
	inner := func(v int) any {
		if t.elem != nil {
			return g.typeSchema(t.elem, v)
		}
		return newObj().set("type", "array").set("items", g.entityRef(t.name, v))
	}
	props := newObj().set("version", newObj().set("enum", reads))
	title := fmt.Sprintf("{version, %s: [%s...]}", t.key, t.name)
	if t.elem != nil {
		title = fmt.Sprintf("{version, %s}", t.key)
	}
	d.set("title", title).
		set("type", "object").
		set("required", []string{"version", t.key})
	if len(reads) == 1 {
		d.set("properties", props.set(t.key, inner(reads[0]))).set("additionalProperties", false)
		return defRef(name)
	}
	if t.elem == nil {
		props.set(t.key, newObj().set("type", "array"))
	} else {
		props.set(t.key, true)
	}
	d.set("properties", props).set("additionalProperties", false)
	var cases []any
	for _, v := range reads {
		cases = append(cases, ifVersion(v, newObj().set("properties", newObj().set(t.key, inner(v)))))
	}
	d.set("allOf", cases)
	return defRef(name)
}

// obj is a JSON object that keeps its keys in insertion order, so that the
// schemas list keys in the order of the tables.
type obj struct {
	keys []string
	vals map[string]any
}

func newObj() *obj { return &obj{vals: map[string]any{}} }

func (o *obj) set(k string, v any) *obj {
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
	return o
}

// kv iterates over the object's members in order.
func (o *obj) kv() func(yield func(string, any) bool) {
	return func(yield func(string, any) bool) {
		for _, k := range o.keys {
			if !yield(k, o.vals[k]) {
				return
			}
		}
	}
}

// MarshalJSON writes the members in insertion order.
func (o *obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, err := marshalNoEscape(k)
		if err != nil {
			return nil, err
		}
		b.Write(kb)
		b.WriteByte(':')
		vb, err := marshalNoEscape(o.vals[k])
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func marshalNoEscape(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
