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
	// Every seventh space is bad: 100 problems in 700 spaces, all reported;
	// 286 in 2,000, past the bound of 200, so the first 200 and the stop.
	for _, tc := range []struct{ spaces, reported int }{{700, 100}, {2000, 200}} {
		for _, procs := range []int{1, 4} {
			t.Run(fmt.Sprintf("%d spaces, GOMAXPROCS=%d", tc.spaces, procs), func(t *testing.T) {
				var err error
				withProcs(procs, func() { _, err = Read("m.yaml", spacesDoc(t, tc.spaces, func(i int) bool { return i%7 == 0 })) })
				var list ErrorList
				if !errors.As(err, &list) {
					t.Fatalf("got %v", err)
				}
				problems := list
				if tc.reported == maxErrors {
					if len(list) != maxErrors+1 || list[maxErrors].Msg != "too many errors (200); stopping" {
						t.Fatalf("want 200 problems and the stop, got %d entries ending %q", len(list), list[len(list)-1].Msg)
					}
					problems = list[:maxErrors]
				}
				if len(problems) != tc.reported {
					t.Fatalf("want %d problems, got %d: %v", tc.reported, len(problems), err)
				}
				for k, e := range problems {
					i := 7 * k
					want := fmt.Sprintf("m.yaml:%d:13: spaces[%d].public: expected a bool, got string \"maybe\"", 6+3*i, i)
					if e.Error() != want {
						t.Fatalf("problem %d:\n got %s\nwant %s", k, e.Error(), want)
					}
				}
			})
		}
	}
}
