package description

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// spacesDoc is the minimal document with n spaces, each three lines long
// and starting on line 4+3i; those with bad(i) hold "public: maybe".
func spacesDoc(t *testing.T, n int, bad func(i int) bool) []byte {
	t.Helper()
	var b strings.Builder
	b.WriteString("spaces:\n  version: 2\n  spaces:\n")
	for i := range n {
		public := "false"
		if bad(i) {
			public = "maybe"
		}
		fmt.Fprintf(&b, "  - id: %q\n    name: s%d\n    public: %s\n", fmt.Sprint(i+1), i, public)
	}
	// The spaces go first, so that their lines are known: the minimal
	// document's own spaces key is replaced by nothing.
	return append([]byte(b.String()), withKey(readMinimal(t), "spaces", "")...)
}

// withProcs runs f with GOMAXPROCS at n, so that a long list is decoded
// by several decoders whatever the machine's cores.
func withProcs(n int, f func()) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(n))
	f()
}

func TestReadLongListKeepsItsItemsInOrder(t *testing.T) {
	doc := spacesDoc(t, 2000, func(int) bool { return false })
	var m *Model
	var err error
	withProcs(4, func() { m, err = Read("m.yaml", doc) })
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Spaces) != 2000 {
		t.Fatalf("read %d spaces, want 2000", len(m.Spaces))
	}
	for _, i := range []int{0, 499, 500, 999, 1000, 1500, 1999} {
		if s := m.Spaces[i]; s.Name != fmt.Sprintf("s%d", i) || s.ID != fmt.Sprint(i+1) {
			t.Errorf("spaces[%d] = %+v", i, s)
		}
	}
}

func TestReadLongListReportsProblemsInItemOrder(t *testing.T) {
	for _, procs := range []int{1, 4} {
		t.Run(fmt.Sprintf("GOMAXPROCS=%d", procs), func(t *testing.T) {
			// Every seventh of 700: 100 problems, all reported, in order,
			// from every part of the list.
			var err error
			withProcs(procs, func() { _, err = Read("m.yaml", spacesDoc(t, 700, func(i int) bool { return i%7 == 0 })) })
			var list ErrorList
			if !errors.As(err, &list) || len(list) != 100 {
				t.Fatalf("want 100 problems, got %d: %v", len(list), err)
			}
			for k, e := range list {
				i := 7 * k
				want := fmt.Sprintf("m.yaml:%d:13: spaces[%d].public: expected a bool, got string \"maybe\"", 6+3*i, i)
				if e.Error() != want {
					t.Fatalf("problem %d:\n got %s\nwant %s", k, e.Error(), want)
				}
			}
		})
	}
}

func TestReadLongListStopsAtTheBoundInItemOrder(t *testing.T) {
	for _, procs := range []int{1, 4} {
		t.Run(fmt.Sprintf("GOMAXPROCS=%d", procs), func(t *testing.T) {
			// Every seventh of 2,000: 286 problems, past the bound of 200;
			// the first 200 of them in order, then the stop.
			var err error
			withProcs(procs, func() { _, err = Read("m.yaml", spacesDoc(t, 2000, func(i int) bool { return i%7 == 0 })) })
			var list ErrorList
			if !errors.As(err, &list) || len(list) != 201 {
				t.Fatalf("want 201 entries, got %d: %v", len(list), err)
			}
			for k, e := range list[:200] {
				if want := fmt.Sprintf("spaces[%d].public", 7*k); e.Path != want || e.Line != 6+21*k {
					t.Fatalf("problem %d at %s line %d, want %s line %d", k, e.Path, e.Line, want, 6+21*k)
				}
			}
			if last := list[200]; last.Msg != "too many errors (200); stopping" {
				t.Fatalf("last entry %q", last.Msg)
			}
		})
	}
}
