package yamlemit

import (
	"testing"

	yaml "gopkg.in/yaml.v2"
)

// FuzzString checks any string against yaml.v2 as a mapping value, as a
// sequence item, nested two levels deep, and as a key.
func FuzzString(f *testing.F) {
	for _, s := range trickyWords {
		f.Add(s)
	}
	f.Add("a very long sentence that goes on and on past the eightieth column so that yaml.v2 folds it somewhere")
	f.Add("  leading and a\nsecond line with trailing  \n")
	w := NewWriter(nil)
	f.Fuzz(func(t *testing.T, s string) {
		docs := []any{
			map[string]any{"key": s},
			[]any{s},
			map[string]any{"a": map[string]any{"b": []any{s}}},
			map[string]any{s: "v"},
		}
		for i, d := range docs {
			want, err := yaml.Marshal(d)
			if err != nil {
				t.Skip(err)
			}
			w.Reset(w.Bytes()[:0])
			if err := w.Value(d); err != nil {
				t.Fatal(err)
			}
			if got := w.Bytes(); string(got) != string(want) {
				t.Fatalf("document %d for %q differs from yaml.v2\n%s", i, s, firstDiff(string(got), string(want)))
			}
		}
	})
}
