package yamlemit

import (
	"cmp"
	"encoding"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
)

// maxDepth bounds Value's recursion so that cyclic data fails instead of
// exhausting the stack.
const maxDepth = 10000

var errTooDeep = errors.New("yamlemit: Value: data nested too deeply (cyclic?)")

// marshaler is yaml.v2's Marshaler, matched by method set so that this
// package need not import yaml.v2.
type marshaler interface {
	MarshalYAML() (interface{}, error)
}

// jsonNumber is the method set yaml.v2 recognises as encoding/json.Number.
type jsonNumber interface {
	Float64() (float64, error)
	Int64() (int64, error)
	String() string
}

// snapshot is the state Value restores when it fails, so that a failed
// Value leaves the document as it was.
type snapshot struct {
	bufLen, stackLen, strKeys, anyKeys int
	indent, column                     int
	whitespace, indention, rootDone    bool
	top                                frame
}

func (w *Writer) save() snapshot {
	s := snapshot{
		bufLen: len(w.buf), stackLen: len(w.stack),
		strKeys: len(w.strKeys), anyKeys: len(w.anyKeys),
		indent: w.indent, column: w.column,
		whitespace: w.whitespace, indention: w.indention, rootDone: w.rootDone,
	}
	if len(w.stack) > 0 {
		s.top = w.stack[len(w.stack)-1]
	}
	return s
}

func (w *Writer) restore(s snapshot) {
	w.buf = w.buf[:s.bufLen]
	w.stack = w.stack[:s.stackLen]
	if len(w.stack) > 0 {
		w.stack[len(w.stack)-1] = s.top
	}
	clear(w.strKeys[s.strKeys:])
	w.strKeys = w.strKeys[:s.strKeys]
	clear(w.anyKeys[s.anyKeys:])
	w.anyKeys = w.anyKeys[:s.anyKeys]
	w.indent, w.column = s.indent, s.column
	w.whitespace, w.indention, w.rootDone = s.whitespace, s.indention, s.rootDone
}

// Value writes free-form data as yaml.v2 Marshal writes the same value:
// nil, bools, every int, uint and float kind, strings, time.Time and
// time.Duration, slices and arrays, and maps with scalar keys, nested to
// any depth, with map keys sorted in yaml.v2's order. Common types are
// handled without reflection; named types, pointers and values with a
// MarshalYAML or MarshalText method go through reflection the way yaml.v2
// treats them. Structs other than time.Time, channels, functions and
// complex numbers are not supported: Value returns an error and leaves the
// document as it was before the call.
func (w *Writer) Value(v any) error {
	s := w.save()
	if err := w.value(v, 0); err != nil {
		w.restore(s)
		return err
	}
	return nil
}

func (w *Writer) value(v any, depth int) error {
	if depth > maxDepth {
		return errTooDeep
	}
	switch x := v.(type) {
	case map[string]any:
		return writeStringMap(w, x, depth, writeAny)
	case map[any]any:
		return w.anyMap(x, depth)
	case []any:
		return writeSlice(w, x, depth, writeAny)
	case map[string]string:
		return writeStringMap(w, x, depth, writeStr)
	case map[string]int:
		return writeStringMap(w, x, depth, writeInt)
	case map[int]string:
		return writeIntMap(w, x)
	case map[string][]string:
		return writeStringMap(w, x, depth, func(w *Writer, s []string, depth int) error {
			return writeSlice(w, s, depth, writeStr)
		})
	case map[string]map[string]any:
		return writeStringMap(w, x, depth, func(w *Writer, m map[string]any, depth int) error {
			return writeStringMap(w, m, depth, writeAny)
		})
	case []string:
		return writeSlice(w, x, depth, writeStr)
	case []int:
		return writeSlice(w, x, depth, writeInt)
	case []int64:
		return writeSlice(w, x, depth, func(w *Writer, i int64, _ int) error {
			w.Int(i)
			return nil
		})
	case []float64:
		return writeSlice(w, x, depth, func(w *Writer, f float64, _ int) error {
			w.Float(f)
			return nil
		})
	case []bool:
		return writeSlice(w, x, depth, func(w *Writer, b bool, _ int) error {
			w.Bool(b)
			return nil
		})
	case []map[string]any:
		return writeSlice(w, x, depth, func(w *Writer, m map[string]any, depth int) error {
			return writeStringMap(w, m, depth, writeAny)
		})
	}
	if w.fastScalar(v) {
		return nil
	}
	return w.reflectValue(reflect.ValueOf(v), depth)
}

func writeAny(w *Writer, v any, depth int) error { return w.value(v, depth) }

func writeStr(w *Writer, s string, _ int) error {
	w.String(s)
	return nil
}

func writeInt(w *Writer, i int, _ int) error {
	w.Int(int64(i))
	return nil
}

func writeSlice[E any](w *Writer, s []E, depth int, elem func(*Writer, E, int) error) error {
	w.BeginSequence()
	for _, e := range s {
		if err := elem(w, e, depth+1); err != nil {
			return err
		}
	}
	w.EndSequence()
	return nil
}

// writeStringMap writes a map with string keys in yaml.v2's key order. The
// keys are sorted in the Writer's scratch stack, which nested maps extend
// and truncate back, so maps cost no allocation once it has grown.
func writeStringMap[V any](w *Writer, m map[string]V, depth int, elem func(*Writer, V, int) error) error {
	base := len(w.strKeys)
	for k := range m {
		w.strKeys = append(w.strKeys, k)
	}
	end := len(w.strKeys)
	sortKeys(w.strKeys[base:end])
	w.BeginMapping()
	for i := base; i < end; i++ {
		// Index afresh: nested maps may have grown (moved) the stack.
		k := w.strKeys[i]
		w.Key(k)
		if err := elem(w, m[k], depth+1); err != nil {
			return err
		}
	}
	// Clearing drops the scratch's references to the caller's data.
	clear(w.strKeys[base:end])
	w.strKeys = w.strKeys[:base]
	w.EndMapping()
	return nil
}

// writeIntMap writes a map[int]string; yaml.v2 orders int keys by value.
func writeIntMap(w *Writer, m map[int]string) error {
	base := len(w.anyKeys)
	for k := range m {
		w.anyKeys = append(w.anyKeys, anyKey{kind: reflect.Int, num: true, i: int64(k), f: float64(k)})
	}
	end := len(w.anyKeys)
	slices.SortFunc(w.anyKeys[base:end], func(a, b anyKey) int {
		return compareInt(a.i, b.i)
	})
	w.BeginMapping()
	for i := base; i < end; i++ {
		k := w.anyKeys[i].i
		w.KeyValue(k)
		w.String(m[int(k)])
	}
	clear(w.anyKeys[base:end])
	w.anyKeys = w.anyKeys[:base]
	w.EndMapping()
	return nil
}

func compareInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// anyMap writes a map[any]any, the type yaml.v2 decodes free-form
// mappings into.
func (w *Writer) anyMap(m map[any]any, depth int) error {
	base := len(w.anyKeys)
	for k, v := range m {
		key := makeAnyKey(k)
		key.val = v
		w.anyKeys = append(w.anyKeys, key)
	}
	end := len(w.anyKeys)
	sortAnyKeys(w.anyKeys[base:end])
	w.BeginMapping()
	for i := base; i < end; i++ {
		k := &w.anyKeys[i]
		key, val := k.key, k.val
		if err := w.key(key); err != nil {
			return err
		}
		if err := w.value(val, depth+1); err != nil {
			return err
		}
	}
	clear(w.anyKeys[base:end])
	w.anyKeys = w.anyKeys[:base]
	w.EndMapping()
	return nil
}

// key writes a map key given as any, reporting keys that are not scalars.
func (w *Writer) key(k any) error {
	if s, ok := k.(string); ok {
		w.Key(s)
		return nil
	}
	if !w.scalarOK(k) {
		return fmt.Errorf("yamlemit: Value: unsupported map key type %T", k)
	}
	f := w.beginKey()
	f.simpleKey, _ = w.scalar(k, true)
	return nil
}

// scalarOK reports whether scalar can write k, without writing anything.
func (w *Writer) scalarOK(k any) bool {
	switch k.(type) {
	case nil, string, bool, int, int8, int16, int32, int64,
		uint, uint8, uint16, uint32, uint64, uintptr, float32, float64,
		time.Time, *time.Time, time.Duration:
		return true
	}
	rv, err := resolveReflect(reflect.ValueOf(k))
	if err != nil {
		return false
	}
	if !rv.IsValid() {
		return true
	}
	switch rv.Kind() {
	case reflect.String, reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return true
	case reflect.Struct:
		return rv.Type() == timeType
	}
	return false
}

var timeType = reflect.TypeOf(time.Time{})
var durationType = reflect.TypeOf(time.Duration(0))

// fastScalar writes v as a scalar node if its type is one of the common
// scalar types, without reflection.
func (w *Writer) fastScalar(v any) bool {
	switch v.(type) {
	case nil, string, bool, int, int8, int16, int32, int64,
		uint, uint8, uint16, uint32, uint64, uintptr, float32, float64,
		time.Time, *time.Time, time.Duration:
		w.beginNode()
		w.scalar(v, false)
		w.endNode()
		return true
	}
	return false
}

// scalar writes the body of a scalar node (or key) for a scalar value and
// reports whether a key was simple and whether v was a scalar at all.
func (w *Writer) scalar(v any, key bool) (simple, ok bool) {
	switch x := v.(type) {
	case nil:
		w.nullBody()
	case string:
		return w.writeString(x, key), true
	case bool:
		w.boolBody(x)
	case int:
		w.intBody(int64(x))
	case int8:
		w.intBody(int64(x))
	case int16:
		w.intBody(int64(x))
	case int32:
		w.intBody(int64(x))
	case int64:
		w.intBody(x)
	case uint:
		w.uintBody(uint64(x))
	case uint8:
		w.uintBody(uint64(x))
	case uint16:
		w.uintBody(uint64(x))
	case uint32:
		w.uintBody(uint64(x))
	case uint64:
		w.uintBody(x)
	case uintptr:
		w.uintBody(uint64(x))
	case float32:
		w.floatBody(float64(x), 32)
	case float64:
		w.floatBody(x, 64)
	case time.Time:
		w.timeBody(x)
	case *time.Time:
		if x == nil {
			w.nullBody()
		} else {
			w.timeBody(*x)
		}
	case time.Duration:
		return w.writeString(x.String(), key), true
	default:
		rv, err := resolveReflect(reflect.ValueOf(v))
		if err != nil {
			return false, false
		}
		return w.reflectScalar(rv, key)
	}
	return true, true
}

// reflectScalar writes a scalar held in a reflect.Value already resolved
// by resolveReflect.
func (w *Writer) reflectScalar(rv reflect.Value, key bool) (simple, ok bool) {
	if !rv.IsValid() {
		w.nullBody()
		return true, true
	}
	switch rv.Kind() {
	case reflect.String:
		return w.writeString(rv.String(), key), true
	case reflect.Bool:
		w.boolBody(rv.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if rv.Type() == durationType {
			return w.writeString(time.Duration(rv.Int()).String(), key), true
		}
		w.intBody(rv.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		w.uintBody(rv.Uint())
	case reflect.Float32:
		w.floatBody(rv.Float(), 32)
	case reflect.Float64:
		w.floatBody(rv.Float(), 64)
	case reflect.Struct:
		if rv.Type() != timeType {
			return false, false
		}
		w.timeBody(rv.Interface().(time.Time))
	default:
		return false, false
	}
	return true, true
}

// resolveReflect applies yaml.v2's view of a value before it looks at its
// kind: nil pointers and interfaces are null (an invalid Value here),
// pointers and interfaces are followed, json.Number-like values become
// numbers, and MarshalYAML and MarshalText results replace the value.
func resolveReflect(rv reflect.Value) (reflect.Value, error) {
	for depth := 0; ; depth++ {
		if depth > maxDepth {
			return reflect.Value{}, errTooDeep
		}
		if !rv.IsValid() {
			return rv, nil
		}
		switch rv.Kind() {
		case reflect.Pointer, reflect.Interface:
			if rv.IsNil() {
				return reflect.Value{}, nil
			}
		}
		if !rv.CanInterface() {
			return rv, nil
		}
		switch m := rv.Interface().(type) {
		case jsonNumber:
			if i, err := m.Int64(); err == nil {
				return reflect.ValueOf(i), nil
			}
			if f, err := m.Float64(); err == nil {
				return reflect.ValueOf(f), nil
			}
			return reflect.ValueOf(m.String()), nil
		case time.Time:
			return rv, nil
		case *time.Time:
			return rv.Elem(), nil
		case marshaler:
			v, err := m.MarshalYAML()
			if err != nil {
				return reflect.Value{}, err
			}
			if v == nil {
				return reflect.Value{}, nil
			}
			// yaml.v2 takes the result's kind without asking it for
			// MarshalYAML or MarshalText again, but follows a pointer and
			// treats what it points to as it would any value.
			rv = reflect.ValueOf(v)
			if rv.Kind() != reflect.Pointer {
				return rv, nil
			}
			if rv.IsNil() {
				return reflect.Value{}, nil
			}
			rv = rv.Elem()
			continue
		case encoding.TextMarshaler:
			text, err := m.MarshalText()
			if err != nil {
				return reflect.Value{}, err
			}
			return reflect.ValueOf(string(text)), nil
		}
		switch rv.Kind() {
		case reflect.Pointer, reflect.Interface:
			rv = rv.Elem()
			continue
		}
		return rv, nil
	}
}

// reflectValue writes any value Value accepts that the fast paths did not.
func (w *Writer) reflectValue(rv reflect.Value, depth int) error {
	if depth > maxDepth {
		return errTooDeep
	}
	rv, err := resolveReflect(rv)
	if err != nil {
		return err
	}
	if !rv.IsValid() {
		w.Null()
		return nil
	}
	switch rv.Kind() {
	case reflect.Map:
		return w.reflectMap(rv, depth)
	case reflect.Slice, reflect.Array:
		w.BeginSequence()
		for i := 0; i < rv.Len(); i++ {
			if err := w.reflectValue(rv.Index(i), depth+1); err != nil {
				return err
			}
		}
		w.EndSequence()
		return nil
	}
	w.beginNode()
	if _, ok := w.reflectScalar(rv, false); !ok {
		return fmt.Errorf("yamlemit: Value: unsupported type %s", rv.Type())
	}
	w.endNode()
	return nil
}

func (w *Writer) reflectMap(rv reflect.Value, depth int) error {
	base := len(w.anyKeys)
	it := rv.MapRange()
	for it.Next() {
		key := makeAnyKey(it.Key().Interface())
		key.rval = it.Value()
		w.anyKeys = append(w.anyKeys, key)
	}
	end := len(w.anyKeys)
	sortAnyKeys(w.anyKeys[base:end])
	w.BeginMapping()
	for i := base; i < end; i++ {
		k := &w.anyKeys[i]
		key, val := k.key, k.rval
		if err := w.key(key); err != nil {
			return err
		}
		if err := w.reflectValue(val, depth+1); err != nil {
			return err
		}
	}
	clear(w.anyKeys[base:end])
	w.anyKeys = w.anyKeys[:base]
	w.EndMapping()
	return nil
}

// anyKey is a map key prepared for yaml.v2's ordering (sorter.go): numbers
// and bools by value, then by kind; strings in natural order; anything else
// by reflect.Kind.
type anyKey struct {
	kind reflect.Kind
	num  bool // a number or bool, ordered by f
	f    float64
	i    int64
	u    uint64
	b    bool
	s    string
	key  any
	val  any
	rval reflect.Value
}

// makeAnyKey classifies a key as yaml.v2's sorter sees it: after following
// non-nil pointers, by its kind.
func makeAnyKey(k any) anyKey {
	key := anyKey{key: k}
	switch x := k.(type) {
	case nil:
		key.kind = reflect.Interface
		return key
	case string:
		key.kind, key.s = reflect.String, x
		return key
	case int:
		key.kind, key.num, key.i, key.f = reflect.Int, true, int64(x), float64(x)
		return key
	case float64:
		key.kind, key.num, key.f = reflect.Float64, true, x
		return key
	case bool:
		key.kind, key.num, key.b = reflect.Bool, true, x
		if x {
			key.f = 1
		}
		return key
	}
	rv := reflect.ValueOf(k)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	key.kind = rv.Kind()
	switch key.kind {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		key.num, key.i = true, rv.Int()
		key.f = float64(key.i)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		key.num, key.u = true, rv.Uint()
		key.f = float64(key.u)
	case reflect.Float32, reflect.Float64:
		key.num, key.f = true, rv.Float()
	case reflect.Bool:
		key.num, key.b = true, rv.Bool()
		if key.b {
			key.f = 1
		}
	case reflect.String:
		key.s = rv.String()
	}
	return key
}

// anyKeyLess is yaml.v2's keyList.Less.
func anyKeyLess(a, b *anyKey) bool {
	if a.num && b.num {
		if a.f != b.f {
			return a.f < b.f
		}
		if a.kind != b.kind {
			return a.kind < b.kind
		}
		switch a.kind {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			return a.i < b.i
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			return a.u < b.u
		case reflect.Float32, reflect.Float64:
			return a.f < b.f
		}
		return !a.b && b.b
	}
	if a.kind != reflect.String || b.kind != reflect.String {
		return a.kind < b.kind
	}
	return naturalLess(a.s, b.s)
}

// sortAnyKeys sorts keys in yaml.v2's order, after a first sort by a total
// order so that keys yaml.v2 cannot order (cycles among strings, keys it
// considers equal) come out the same on every run.
func sortAnyKeys(keys []anyKey) {
	slices.SortFunc(keys, func(a, b anyKey) int {
		if a.kind != b.kind {
			return compareInt(int64(a.kind), int64(b.kind))
		}
		if c := cmp.Compare(a.f, b.f); c != 0 {
			return c
		}
		if c := compareInt(a.i, b.i); c != 0 {
			return c
		}
		if c := cmp.Compare(a.u, b.u); c != 0 {
			return c
		}
		return strings.Compare(a.s, b.s)
	})
	slices.SortFunc(keys, compareAnyKeys)
}

func compareAnyKeys(a, b anyKey) int {
	switch {
	case anyKeyLess(&a, &b):
		return -1
	case anyKeyLess(&b, &a):
		return 1
	}
	return 0
}
