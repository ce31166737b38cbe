package description

import (
	"encoding/base64"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/modelferry/ferry/internal/yamltree"
)

type node = yamltree.Node

// maxErrors bounds how many problems one read collects: past that the rest
// are likely consequences of the same mistake and only cost memory.
const maxErrors = 200

// decoder turns a yamltree into the hub tree. It keeps the path of the
// value being decoded as a stack of segments, rendered only when an error
// is reported, so a clean read allocates nothing for paths.
type decoder struct {
	file string
	errs ErrorList
	segs []seg
	full bool // maxErrors reached
	// ver is the version of the entity whose fields are being decoded, for
	// nested shapes that follow their parent's version (status points).
	ver int
	// found records the versions that tell the generations apart, when
	// the caller asked for them (ReadOptions.Versions).
	found *DocumentVersions
	// statuses is the rest of the block newStatus hands out.
	statuses    []Status
	statusBlock int // the size of the last block
	// worker is set on a decoder of part of a list (eachItem): the lists
	// inside its items decode on its own goroutine.
	worker bool
}

// newStatus returns a zero Status from a shared block: a model has one or
// more per machine, unit and application, and allocating each alone was a
// tenth of the objects a read allocated.
func (d *decoder) newStatus() *Status {
	if len(d.statuses) == 0 {
		// Blocks double from 8, so that a small model does not pay for a
		// large one.
		d.statusBlock = min(max(2*d.statusBlock, 8), 256)
		d.statuses = make([]Status, d.statusBlock)
	}
	s := &d.statuses[0]
	d.statuses = d.statuses[1:]
	return s
}

// note records the version of a top-level collection or of the model.
func (d *decoder) note(coll string, v int) {
	if d.found == nil || len(d.segs) > 1 {
		return
	}
	switch coll {
	case "model":
		d.found.Model = v
	case "applications":
		d.found.Applications = v
	case "secrets":
		d.found.Secrets = v
	case "machines":
		d.found.Machines = v
	}
}

type seg struct {
	key string
	idx int // >= 0 for a list index, -1 for a key
}

func (d *decoder) push(key string)    { d.segs = append(d.segs, seg{key: key, idx: -1}) }
func (d *decoder) pushIndex(i int)    { d.segs = append(d.segs, seg{idx: i}) }
func (d *decoder) pop()               { d.segs = d.segs[:len(d.segs)-1] }
func (d *decoder) path() string       { return renderPath(d.segs) }
func (d *decoder) mark() int          { return len(d.errs) }
func (d *decoder) okSince(m int) bool { return len(d.errs) == m }

func renderPath(segs []seg) string {
	var b strings.Builder
	for _, s := range segs {
		if s.idx >= 0 {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.idx))
			b.WriteByte(']')
			continue
		}
		if !plainKey(s.key) {
			b.WriteString(keyIndex(s.key))
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.key)
	}
	return b.String()
}

// fail records a problem at node n (its line and column) and the current path.
func (d *decoder) fail(n *node, kind ErrorKind, err error, format string, args ...any) {
	if d.full {
		return
	}
	e := &Error{File: d.file, Path: d.path(), Kind: kind, Err: err, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Column = int(n.Line), int(n.Col)
	}
	d.add(e)
}

// add records a problem, or past maxErrors says that it stopped: fail's,
// and those of the decoders eachItem splits a list among.
func (d *decoder) add(e *Error) {
	if d.full {
		return
	}
	if len(d.errs) >= maxErrors {
		d.full = true
		d.errs = append(d.errs, &Error{File: d.file, Kind: e.Kind, Msg: fmt.Sprintf("too many errors (%d); stopping", maxErrors)})
		return
	}
	d.errs = append(d.errs, e)
}

// describe names what a node holds, for "expected X, got Y" messages.
func describe(n *node) string {
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case yamltree.MappingNode:
		return "a mapping"
	case yamltree.SequenceNode:
		return "a list"
	}
	tag, v := n.Resolve()
	switch tag {
	case yamltree.NullTag:
		return "null"
	case yamltree.BoolTag:
		return fmt.Sprintf("bool %v", v)
	case yamltree.IntTag:
		return fmt.Sprintf("int %v", v)
	case yamltree.FloatTag:
		return fmt.Sprintf("float %v", v)
	}
	return fmt.Sprintf("string %q", n.Value)
}

func (d *decoder) typeErr(n *node, want string) {
	d.fail(n, KindType, nil, "expected %s, got %s", want, describe(n))
}

// --- scalars, coerced as juju/schema coerces them, so that ferry accepts
// what juju/description accepts.

func (d *decoder) str(n *node) string {
	if n.IsString() {
		return n.Value
	}
	if n.Kind == yamltree.ScalarNode {
		switch tag, v := n.Resolve(); tag {
		case yamltree.StrTag:
			return n.Value
		case yamltree.BinaryTag:
			// yaml.v2 writes a string that is not valid UTF-8 as !!binary
			// base64, and juju/description reads it back as that string.
			return v.(string)
		}
	}
	d.typeErr(n, "a string")
	return ""
}

func (d *decoder) int64(n *node) (int64, bool) {
	if i, ok := n.DecimalInt(); ok {
		return i, true // without boxing it as Resolve does
	}
	if n.Kind == yamltree.ScalarNode {
		switch tag, v := n.Resolve(); tag {
		case yamltree.IntTag:
			switch x := v.(type) {
			case int:
				return int64(x), true
			case int64:
				return x, true
			}
		case yamltree.StrTag:
			// juju/schema's Int accepts numeric strings, with base prefixes.
			if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
				return i, true
			}
		}
	}
	d.typeErr(n, "an int")
	return 0, false
}

func (d *decoder) int(n *node) int {
	i, ok := d.int64(n)
	if ok && (i > math.MaxInt || i < math.MinInt) {
		d.fail(n, KindInvalid, nil, "int %d out of range", i)
		return 0
	}
	return int(i)
}

// uint reads a size or count. juju/schema's ForceUint also takes floats
// (truncated) and numeric strings; negative numbers are an error.
func (d *decoder) uint(n *node) uint64 {
	if i, ok := n.DecimalInt(); ok && i >= 0 {
		return uint64(i)
	}
	if n.Kind == yamltree.ScalarNode {
		tag, v := n.Resolve()
		switch tag {
		case yamltree.IntTag:
			switch x := v.(type) {
			case int:
				if x >= 0 {
					return uint64(x)
				}
			case int64:
				if x >= 0 {
					return uint64(x)
				}
			case uint64:
				return x
			}
		case yamltree.FloatTag:
			if f := v.(float64); f >= 0 && f < math.MaxUint64 {
				return uint64(f)
			}
		case yamltree.StrTag:
			if u, err := strconv.ParseUint(n.Value, 0, 64); err == nil {
				return u
			}
			if f, err := strconv.ParseFloat(n.Value, 64); err == nil && f >= 0 && f < math.MaxUint64 {
				return uint64(f)
			}
		}
	}
	d.typeErr(n, "an unsigned int")
	return 0
}

func (d *decoder) bool(n *node) bool {
	if n.Kind == yamltree.ScalarNode {
		switch tag, v := n.Resolve(); tag {
		case yamltree.BoolTag:
			return v.(bool)
		case yamltree.StrTag:
			if b, err := strconv.ParseBool(n.Value); err == nil {
				return b
			}
		}
	}
	d.typeErr(n, "a bool")
	return false
}

// time reads an RFC 3339 instant (fraction optional); "" is the zero time,
// as in juju/schema.
func (d *decoder) time(n *node) time.Time {
	if n.Kind != yamltree.ScalarNode {
		d.typeErr(n, "a time")
		return time.Time{}
	}
	if !n.IsString() {
		d.typeErr(n, "a time")
		return time.Time{}
	}
	if n.Value == "" {
		return time.Time{}
	}
	if t, ok := parseUTC(n.Value); ok {
		return t
	}
	t, err := time.Parse(time.RFC3339Nano, n.Value)
	if err != nil {
		d.fail(n, KindInvalid, err, "invalid time %q: want RFC 3339, e.g. 2024-01-02T03:04:05Z", n.Value)
	}
	return t
}

// parseUTC reads the form writers use, YYYY-MM-DDTHH:MM:SS[.fraction]Z,
// as time.Parse(time.RFC3339Nano) would; anything else, or any field out
// of range, is left to time.Parse (ok false). A model has a timestamp in
// every status, and time.Parse took a quarter of reading one.
func parseUTC(s string) (t time.Time, ok bool) {
	if len(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[len(s)-1] != 'Z' {
		return time.Time{}, false
	}
	num := func(i, j int) int {
		v := 0
		for ; i < j; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	year, month, day := num(0, 4), num(5, 7), num(8, 10)
	hour, minute, sec := num(11, 13), num(14, 16), num(17, 19)
	nsec := 0
	if frac := s[19 : len(s)-1]; frac != "" {
		if frac[0] != '.' || len(frac) < 2 || len(frac) > 10 {
			return time.Time{}, false
		}
		if nsec = num(20, len(s)-1); nsec < 0 {
			return time.Time{}, false
		}
		for k := len(frac) - 1; k < 9; k++ {
			nsec *= 10
		}
	}
	if year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return time.Time{}, false
	}
	t = time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	if t.Day() != day {
		return time.Time{}, false // past the month's end: time.Parse says so
	}
	return t, true
}

func (d *decoder) timePtr(n *node) *time.Time {
	t := d.time(n)
	return &t
}

func (d *decoder) base64(n *node) []byte {
	s := d.str(n)
	if s == "" {
		return nil
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		d.fail(n, KindInvalid, err, "invalid base64: %v", err)
	}
	return b
}

func (d *decoder) mapping(n *node) bool {
	if n.Kind == yamltree.MappingNode {
		return true
	}
	d.typeErr(n, "a mapping")
	return false
}

func (d *decoder) sequence(n *node) bool {
	if n.Kind == yamltree.SequenceNode {
		return true
	}
	d.typeErr(n, "a list")
	return false
}

func (d *decoder) strings(n *node) []string {
	if !d.sequence(n) {
		return nil
	}
	out := make([]string, len(n.Children()))
	for i := range n.Children() {
		d.pushIndex(i)
		out[i] = d.str(&n.Children()[i])
		d.pop()
	}
	return out
}

// key reads a mapping key as a string. Keys are strings in every map of the
// format except unit relation-state, which has int keys.
func (d *decoder) key(k *node) string {
	if k.Kind == yamltree.ScalarNode {
		return scalarKey(k)
	}
	d.typeErr(k, "a scalar key")
	return ""
}

func (d *decoder) stringMap(n *node) map[string]string {
	if !d.mapping(n) {
		return nil
	}
	out := make(map[string]string, len(n.Children())/2)
	for i := 0; i < len(n.Children()); i += 2 {
		k := d.key(&n.Children()[i])
		d.push(k)
		out[k] = d.str(&n.Children()[i+1])
		d.pop()
	}
	return out
}

func (d *decoder) intMap(n *node) map[string]int {
	if !d.mapping(n) {
		return nil
	}
	out := make(map[string]int, len(n.Children())/2)
	for i := 0; i < len(n.Children()); i += 2 {
		k := d.key(&n.Children()[i])
		d.push(k)
		out[k] = d.int(&n.Children()[i+1])
		d.pop()
	}
	return out
}

// anyMap reads free-form data (config, settings, status data). A null reads
// as an empty map, as juju/schema's StringMap(Any) does for settings.
func (d *decoder) anyMap(n *node) map[string]any {
	if n.Kind == yamltree.ScalarNode && n.IsNull() {
		return nil
	}
	if !d.mapping(n) {
		return nil
	}
	out := make(map[string]any, len(n.Children())/2)
	for i := 0; i < len(n.Children()); i += 2 {
		k := d.anyKey(&n.Children()[i])
		d.push(k)
		out[k] = d.anyValue(&n.Children()[i+1])
		d.pop()
	}
	return out
}

// anyKey turns any scalar key into a string: MongoDB, where this data lives,
// has only string keys, so a key like 1 or true comes back as "1" or "true".
func (d *decoder) anyKey(k *node) string {
	if k.Kind != yamltree.ScalarNode {
		d.typeErr(k, "a scalar key")
		return ""
	}
	return scalarKey(k)
}

// scalarKey is a scalar key's text; a !!binary key (a key that is not valid
// UTF-8, as yaml.v2 writes it) is its decoded bytes, as juju reads it.
func scalarKey(k *node) string {
	if k.ExplicitTag() != "" {
		if tag, v := k.Resolve(); tag == yamltree.BinaryTag {
			return v.(string)
		}
	}
	return k.Value
}

func (d *decoder) anyValue(n *node) any {
	switch n.Kind {
	case yamltree.MappingNode:
		return d.anyMap(n)
	case yamltree.SequenceNode:
		out := make([]any, len(n.Children()))
		for i := range n.Children() {
			d.pushIndex(i)
			out[i] = d.anyValue(&n.Children()[i])
			d.pop()
		}
		return out
	}
	_, v := n.Resolve()
	return v
}

// --- entity tables

// field is one key of an entity: the versions in which it is read, whether
// it is required there, its wire type (for the JSON Schemas) and how it is
// decoded into T.
//
// The wire type (typ) is a small language that the JSON Schema generator
// (schema.go) parses, so it must say exactly what the decoder accepts:
//
//	string, int, bool      a YAML string, integer or boolean
//	uint                   a non-negative integer
//	time                   an RFC 3339 instant written as a string ("" is the zero time)
//	base64                 a string holding standard base64
//	map[string]any         free-form data (config, settings); null reads as empty
//	any                    any YAML value (a charm config option's default)
//	[]T                    a list of T
//	map[string]T           a mapping of string keys to T
//	map[int]T              a mapping of integer keys to T
//	{key:T}                a mapping whose only key, optional, is key
//	T|null                 T, or null (read as absent)
//	ref:E                  a mapping read by entity E's table. A self-versioned
//	                       E carries its own version key; any other E is read
//	                       at the version of the entity (or wrapper) it is in,
//	                       as status points are in a status and containers in
//	                       a machine
//	ref:E@N                E read at version N whatever the version around it
//	wrap:E/K               a collection wrapper {version: N, K: [ref:E...]}:
//	                       N is one of the versions E reads, and every item is
//	                       read at N
//	wrap:E/K=T             a wrapper {version: N, K: T} whose K holds T rather
//	                       than a list; a ref:E inside T is read at N
//	                       (opened-port-ranges)
//
// E is the entity's name (entity.name); TestWireTypesParse checks that every
// typ in every table parses and names entities and versions that exist.
type field[T any] struct {
	key   string
	since int  // first version that reads the key (0 = 1)
	until int  // last version that reads the key (0 = every later one)
	req   bool // required where read; juju/description has no default for it
	// optFrom, when set, makes a required key optional from that version on.
	optFrom int
	// reqFrom, when set, makes an optional key required from that version on.
	reqFrom int
	typ     string // wire type, in the language above
	dec     func(d *decoder, n *node, t *T)
}

func (f *field[T]) readAt(v int) bool {
	return v >= max(f.since, 1) && (f.until == 0 || v <= f.until)
}

func (f *field[T]) requiredAt(v int) bool {
	return (f.req && (f.optFrom == 0 || v < f.optFrom)) || (f.reqFrom > 0 && v >= f.reqFrom)
}

// entity describes one versioned entity type of the wire format: the
// versions ferry reads and writes, its keys per version, and the upgrade
// step from each old version to the next. Reading decodes the keys of the
// version found into T, then runs upgrade[v], upgrade[v+1], ... so that every
// old shape arrives at the current one through small, separately tested
// steps.
type entity[T any] struct {
	name   string // singular, as in messages: "machine"
	writes int    // the version written
	reads  []int  // the versions read, ascending
	// selfVersioned entities carry their own version key; the others take
	// the version of the list wrapper around them.
	selfVersioned bool
	// refused explains versions ferry knows of and refuses on purpose
	// (written by formats outside the Juju 3.x line), for the error.
	refused map[int]string
	fields  []field[T]
	// upgrade[v] turns a T decoded at version v into version v+1. A missing
	// step means v+1 only added keys whose zero value is their default.
	upgrade map[int]func(t *T) error

	once  sync.Once
	index []*fieldIndex // version -> its keys (nil for versions not read)
}

// fieldIndex finds the fields of the keys read at one version. Most lookups
// never reach the map: writers emit an entity's keys in the order its
// fields are declared, so the next key is almost always at or just after
// the cursor in order. Map lookups were a fifth of the time spent decoding
// the tree.
//
// required and upgrades let a decode skip its per-field checks: most
// entities have all their required keys and are at the current version.
type fieldIndex struct {
	order    []keyField     // the version's keys, in field order
	pos      map[string]int // key -> its index in order
	required uint64         // the seen bits of the fields required at this version
	upgrades bool           // some upgrade step runs from this version
}

type keyField struct {
	key   string
	field int // index in entity.fields
}

// keyLookahead is how many keys after the cursor are tried before the map:
// enough to step over the optional keys a document leaves out.
const keyLookahead = 6

// lookup returns the field index of key, advancing the cursor cur past it.
func (x *fieldIndex) lookup(key string, cur *int) (int, bool) {
	for j := *cur; j < len(x.order) && j < *cur+keyLookahead; j++ {
		if x.order[j].key == key {
			*cur = j + 1
			return x.order[j].field, true
		}
	}
	j, ok := x.pos[key]
	if !ok {
		return 0, false
	}
	*cur = j + 1
	return x.order[j].field, true
}

func (e *entity[T]) build() {
	e.index = make([]*fieldIndex, e.current()+1)
	for _, v := range e.reads {
		x := &fieldIndex{pos: make(map[string]int, len(e.fields))}
		for from := v; from < e.current(); from++ {
			x.upgrades = x.upgrades || e.upgrade[from] != nil
		}
		for i := range e.fields {
			if !e.fields[i].readAt(v) {
				continue
			}
			if e.fields[i].requiredAt(v) {
				x.required |= 1 << uint(i)
			}
			k := e.fields[i].key
			if j, dup := x.pos[k]; dup {
				x.order[j].field = i // the last field of a key wins, as in a map
				continue
			}
			x.pos[k] = len(x.order)
			x.order = append(x.order, keyField{k, i})
		}
		e.index[v] = x
	}
}

func (e *entity[T]) supports(v int) bool {
	for _, r := range e.reads {
		if r == v {
			return true
		}
	}
	return false
}

func (e *entity[T]) current() int { return e.reads[len(e.reads)-1] }

// refusal is the reason a version is refused, if one is known: that of
// the nearest listed version at or below it ("13 and later").
func (e *entity[T]) refusal(v int) string {
	best := 0
	for rv := range e.refused {
		if rv <= v && rv > best {
			best = rv
		}
	}
	return e.refused[best]
}

// versionErr reports an unsupported version for the entity (or the list
// named coll).
func (e *entity[T]) versionErr(d *decoder, n *node, coll string, v int) {
	name := coll
	if name == "" {
		name = e.name
	}
	ve := &VersionError{Entity: name, Version: v, Supported: e.reads, Hint: e.refusal(v)}
	d.fail(n, KindVersion, ve, "%s", ve.Error())
}

// decode reads mapping n, at version v, into t and upgrades it to the
// current version. For self-versioned entities v is ignored and the
// version key inside n is used.
func (e *entity[T]) decode(d *decoder, n *node, v int, t *T) {
	e.once.Do(e.build)
	if !d.mapping(n) {
		return
	}
	if e.selfVersioned {
		var ok bool
		if v, ok = e.ownVersion(d, n); !ok {
			return
		}
	}
	var idx *fieldIndex
	if v >= 0 && v < len(e.index) {
		idx = e.index[v]
	}
	prev := d.ver
	d.ver = v
	defer func() { d.ver = prev }()
	var seen uint64
	cur := 0
	for i := 0; i < len(n.Children()); i += 2 {
		k, val := &n.Children()[i], &n.Children()[i+1]
		key := d.key(k)
		if e.selfVersioned && key == "version" {
			continue
		}
		fi, ok := idx.lookup(key, &cur)
		if !ok {
			e.unknown(d, k, key, v)
			continue
		}
		seen |= 1 << uint(fi)
		f := &e.fields[fi]
		d.push(key)
		f.dec(d, val, t)
		d.pop()
	}
	if seen&idx.required != idx.required {
		for i := range e.fields {
			f := &e.fields[i]
			if seen&(1<<uint(i)) == 0 && f.readAt(v) && f.requiredAt(v) {
				d.fail(n, KindMissingField, nil, "%s v%d: missing required field %q", e.name, v, f.key)
			}
		}
	}
	for from := v; idx.upgrades && from < e.current(); from++ {
		if up := e.upgrade[from]; up != nil {
			if err := up(t); err != nil {
				d.fail(n, KindInvalid, err, "%s: upgrading from version %d to %d: %v", e.name, from, from+1, err)
				return
			}
		}
	}
}

func (e *entity[T]) ownVersion(d *decoder, n *node) (int, bool) {
	vn := n.Get("version")
	if vn == nil {
		d.fail(n, KindMissingField, nil, "%s: missing required field \"version\"", e.name)
		return 0, false
	}
	d.push("version")
	defer d.pop()
	v64, ok := d.int64(vn)
	if !ok {
		return 0, false
	}
	v := int(v64)
	if !e.supports(v) {
		e.versionErr(d, vn, "", v)
		return 0, false
	}
	if len(d.segs) == 1 { // the model's own version key
		d.note(e.name, v)
	}
	return v, true
}

func (e *entity[T]) unknown(d *decoder, k *node, key string, v int) {
	d.push(key)
	defer d.pop()
	var in []string
	for i := range e.fields {
		if e.fields[i].key == key {
			f := &e.fields[i]
			from, to := max(f.since, 1), f.until
			if to == 0 {
				in = append(in, fmt.Sprintf("%d and later", from))
			} else {
				in = append(in, fmt.Sprintf("%d to %d", from, to))
			}
		}
	}
	if len(in) > 0 {
		d.fail(k, KindUnknownField, nil, "unknown field %q in %s v%d (it is read only in versions %s)", key, e.name, v, strings.Join(in, ", "))
		return
	}
	d.fail(k, KindUnknownField, nil, "unknown field %q in %s v%d", key, e.name, v)
}

// wrapper checks a collection wrapper {version: N, <key>: ...} and returns
// its version and the node under key. It returns false when the wrapper
// itself is unusable.
func (e *entity[T]) wrapper(d *decoder, n *node, coll, key string) (int, *node, bool) {
	if !d.mapping(n) {
		return 0, nil, false
	}
	var vn, inner *node
	for i := 0; i < len(n.Children()); i += 2 {
		k, val := &n.Children()[i], &n.Children()[i+1]
		switch kk := d.key(k); kk {
		case "version":
			vn = val
		case key:
			inner = val
		default:
			d.push(kk)
			d.fail(k, KindUnknownField, nil, "unknown field %q in %s (it has only \"version\" and %q)", kk, coll, key)
			d.pop()
		}
	}
	if vn == nil {
		d.fail(n, KindMissingField, nil, "%s: missing required field \"version\"", coll)
		return 0, nil, false
	}
	d.push("version")
	v64, ok := d.int64(vn)
	v := int(v64)
	if ok && v == 0 && isEmptyList(inner) {
		// juju/description writes a collection it never filled at version
		// 0 ({version: 0, <list>: []}): v8 and later re-writing a document
		// below model v12 do so for virtual-host-keys, v5.0.4 re-writing a
		// v3 or v4 document for secrets. Neither reads it back; ferry reads
		// it as the empty collection it is.
		d.pop()
		return 0, inner, true
	}
	if ok && !e.supports(v) {
		e.versionErr(d, vn, coll, v)
		ok = false
	}
	d.pop()
	if !ok {
		return 0, nil, false
	}
	d.note(coll, v)
	if inner == nil {
		d.fail(n, KindMissingField, nil, "%s: missing required field %q", coll, key)
		return 0, nil, false
	}
	return v, inner, true
}

func isEmptyList(n *node) bool {
	return n != nil && n.Kind == yamltree.SequenceNode && len(n.Children()) == 0
}

// list reads a collection wrapper {version: N, <listKey>: [...]} and calls
// item for each element with the wrapper's version.
func (e *entity[T]) list(d *decoder, n *node, coll, listKey string, item func(v, i int, n *node)) bool {
	v, items, ok := e.items(d, n, coll, listKey)
	if !ok {
		return false
	}
	for i := range items {
		d.pushIndex(i)
		item(v, i, &items[i])
		d.pop()
	}
	return true
}

// items checks a collection wrapper {version: N, <listKey>: [...]} and
// returns its version and items.
func (e *entity[T]) items(d *decoder, n *node, coll, listKey string) (int, []node, bool) {
	v, ln, ok := e.wrapper(d, n, coll, listKey)
	if !ok {
		return 0, nil, false
	}
	// Paths index the collection directly (machines[3], not
	// machines.machines[3]), as validation errors do and as users name
	// entities; the wrapper's list key adds nothing.
	if !d.sequence(ln) {
		return 0, nil, false
	}
	return v, ln.Children(), true
}

// readOwn decodes a self-versioned entity (one that carries its own
// version key) into a new T.
func readOwn[T any](d *decoder, e *entity[T], n *node) *T {
	t := new(T)
	e.decode(d, n, 0, t)
	return t
}

// readList decodes the wrapper at n into a slice of new entities.
// The entities are allocated together and the slice at its final size:
// one allocation instead of one per item and the appends' regrowth.
func readList[T any](d *decoder, e *entity[T], n *node, coll, listKey string) []*T {
	v, items, ok := e.items(d, n, coll, listKey)
	if !ok || len(items) == 0 {
		return nil
	}
	ts := make([]T, len(items))
	out := make([]*T, len(items))
	eachItem(d, items, func(d *decoder, i int, n *node) {
		e.decode(d, n, v, &ts[i])
		out[i] = &ts[i]
	})
	return out
}

// parallelListItems is how many items each decoder of a list gets at
// least: below that, starting decoders costs more than it saves.
// maxListWorkers bounds the decoders of one list.
const (
	parallelListItems = 256
	maxListWorkers    = 4
)

// eachItem calls item on every entry of a list, with the decoder to decode
// it with and the path at its index. Items decode independently into slots
// of their own, so on more than one core contiguous runs of a long list go
// to decoders of their own, on goroutines of their own; their problems are
// then added in item order, which is the order one decoder finds them in.
// Lists inside an item stay on its goroutine.
func eachItem(d *decoder, items []node, item func(d *decoder, i int, n *node)) {
	workers := 1
	if !d.worker {
		workers = min(runtime.GOMAXPROCS(0), maxListWorkers, len(items)/parallelListItems)
	}
	run := func(d *decoder, lo, hi int) {
		for i := lo; i < hi; i++ {
			d.pushIndex(i)
			item(d, i, &items[i])
			d.pop()
		}
	}
	if workers <= 1 {
		run(d, 0, len(items))
		return
	}
	subs := make([]*decoder, workers)
	var wg sync.WaitGroup
	for w := range subs {
		lo, hi := w*len(items)/workers, (w+1)*len(items)/workers
		sub := &decoder{file: d.file, segs: slices.Clone(d.segs), ver: d.ver, found: d.found, worker: true}
		subs[w] = sub
		wg.Go(func() { run(sub, lo, hi) })
	}
	wg.Wait()
	for _, sub := range subs {
		for _, err := range sub.errs {
			d.add(err)
		}
	}
}

// sortedKeys returns a map's keys in a stable order, for deterministic
// iteration where the format does not dictate one.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
