package yamlemit

import (
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"testing"

	yaml "gopkg.in/yaml.v2"
)

// firstDiff describes where two documents first differ, with context.
func firstDiff(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	start := strings.LastIndexByte(got[:i], '\n')
	for n := 0; n < 3 && start > 0; n++ {
		start = strings.LastIndexByte(got[:start], '\n')
	}
	start++
	end := func(s string) string {
		e := i + 200
		if e > len(s) {
			e = len(s)
		}
		return s[start:e]
	}
	return fmt.Sprintf("first difference at byte %d\n--- got:\n%s\n--- want (yaml.v2):\n%s", i, end(got), end(want))
}

// checkSame marshals v with yaml.v2 and writes it with write, failing the
// test unless the bytes are identical.
func checkSame(t *testing.T, name string, v any, write func(*Writer) error) {
	t.Helper()
	want, err := yaml.Marshal(v)
	if err != nil {
		t.Fatalf("%s: yaml.v2: %v", name, err)
	}
	w := NewWriter(nil)
	if err := write(w); err != nil {
		t.Fatalf("%s: Writer: %v", name, err)
	}
	if got := w.Bytes(); string(got) != string(want) {
		t.Fatalf("%s: output differs from yaml.v2 Marshal\n%s", name, firstDiff(string(got), string(want)))
	}
}

// writeGeneric walks free-form data with the Writer's streaming calls,
// sorting string keys itself, and leaves other types to Value.
func writeGeneric(w *Writer, v any) error {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, compareKeys)
		w.BeginMapping()
		for _, k := range keys {
			w.Key(k)
			if err := writeGeneric(w, x[k]); err != nil {
				return err
			}
		}
		w.EndMapping()
	case []any:
		w.BeginSequence()
		for _, e := range x {
			if err := writeGeneric(w, e); err != nil {
				return err
			}
		}
		w.EndSequence()
	case string:
		w.String(x)
	case bool:
		w.Bool(x)
	case int:
		w.Int(int64(x))
	case int64:
		w.Int(x)
	case uint64:
		w.Uint(x)
	case float64:
		w.Float(x)
	case nil:
		w.Null()
	default:
		return w.Value(v)
	}
	return nil
}

func TestDifferentialRandomValuesMatchYAMLv2(t *testing.T) {
	for seed := int64(1); seed <= 600; seed++ {
		r := rand.New(rand.NewSource(seed))
		v := randomValue(r, 5)
		if seed%3 == 0 {
			// Most documents have a mapping at the root.
			v = map[string]any{randomKey(r): v, "z": randomValue(r, 3)}
		}
		name := fmt.Sprintf("seed %d", seed)
		checkSame(t, name+" via Value", v, func(w *Writer) error { return w.Value(v) })
		checkSame(t, name+" via streaming calls", v, func(w *Writer) error { return writeGeneric(w, v) })
	}
}

func TestDifferentialJujuShapedStructsMatchYAMLv2(t *testing.T) {
	for seed := int64(1); seed <= 300; seed++ {
		r := rand.New(rand.NewSource(seed))
		m := randomModel(r)
		checkSame(t, fmt.Sprintf("seed %d", seed), m, func(w *Writer) error {
			return writeStruct(w, reflect.ValueOf(m))
		})
	}
}

// TestDifferentialEveryStringInEveryPosition puts every tricky string and a
// sample of generated ones as a key and as a value at several depths and
// positions, where indentation and folding differ.
func TestDifferentialEveryStringInEveryPosition(t *testing.T) {
	r := rand.New(rand.NewSource(42))
	strs := append([]string(nil), trickyWords...)
	for i := 0; i < 1500; i++ {
		strs = append(strs, nastyString(r))
	}
	long := strings.Repeat("x", 60)
	for i, s := range strs {
		docs := []any{
			s,
			map[string]any{"k": s},
			map[string]any{s: "v"},
			map[string]any{s: map[string]any{s: []any{s}}},
			[]any{s, []any{s, []any{s}}},
			map[string]any{"a": []any{map[string]any{"b": s, "c": []any{s}}}},
			map[string]any{"a": map[string]any{"b": map[string]any{"c": map[string]any{long: s}}}},
			map[string]any{long + long + long: s},
			map[string]any{s + s + s: []any{s}},
		}
		for j, d := range docs {
			checkSame(t, fmt.Sprintf("string %d (%q) in position %d", i, s, j), d, func(w *Writer) error { return w.Value(d) })
		}
	}
}

// TestDifferentialDeepNestingPastTheFoldColumn nests collections until the
// indentation alone passes column 80, where yaml.v2 folds at every space.
func TestDifferentialDeepNestingPastTheFoldColumn(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	for depth := 30; depth <= 50; depth += 4 {
		for _, leaf := range []any{sentence100, "- " + sentence100, "\t" + sentence100, "a\nb c\n", strings.Repeat("\xff", 80), nastyString(r), map[string]any{sentence100: sentence100}} {
			var v any = leaf
			for d := 0; d < depth; d++ {
				switch d % 3 {
				case 0:
					v = map[string]any{"k": v, "s": sentence100}
				case 1:
					v = []any{v, sentence100}
				default:
					v = map[string]any{strings.Repeat("x", 130): v}
				}
			}
			checkSame(t, fmt.Sprintf("depth %d leaf %.20q", depth, leaf), v, func(w *Writer) error { return w.Value(v) })
		}
	}
}
