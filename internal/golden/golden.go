// Package golden compares test output with reviewed golden files, and
// rewrites them when FERRY_UPDATE_FIXTURES=1 is set.
package golden

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pmezard/go-difflib/difflib"
)

// Updating reports whether the tests rewrite their goldens
// (FERRY_UPDATE_FIXTURES=1).
func Updating() bool { return os.Getenv("FERRY_UPDATE_FIXTURES") == "1" }

// Check compares got with the golden file at path, or writes it there when
// updating. regen is the command that regenerates the file, for the
// message when it is missing.
func Check(t testing.TB, path string, got []byte, regen string) {
	t.Helper()
	if Updating() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run %s to write it, then review it)", err, regen)
	}
	Same(t, path, string(want), string(got))
}

// Same reports a unified diff, cut to a readable length, when got is not
// want.
func Same(t testing.TB, what, want, got string) {
	t.Helper()
	if want == got {
		return
	}
	diff, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(want), B: difflib.SplitLines(got), FromFile: "want", ToFile: "got", Context: 3,
	})
	if len(diff) > 8000 {
		diff = diff[:8000] + "\n..."
	}
	t.Errorf("%s differs:\n%s", what, diff)
}
