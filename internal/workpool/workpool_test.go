package workpool

import (
	"errors"
	"sort"
	"sync"
	"testing"
)

func TestForEachRunsEveryItemOnce(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	err := ForEach([]string{"a", "b", "c", "d", "e"}, 3, func(s string) error {
		mu.Lock()
		seen = append(seen, s)
		mu.Unlock()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(seen)
	if got := len(seen); got != 5 || seen[0] != "a" || seen[4] != "e" {
		t.Fatalf("ran %v, want a to e once each", seen)
	}
}

func TestForEachStopsStartingAfterAnError(t *testing.T) {
	boom := errors.New("boom")
	items := make([]string, 100)
	for i := range items {
		items[i] = "x"
	}
	var mu sync.Mutex
	ran := 0
	err := ForEach(items, 1, func(string) error {
		mu.Lock()
		defer mu.Unlock()
		ran++
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	// One worker: the first item fails, at most the one already handed
	// over runs after it.
	if ran > 2 {
		t.Fatalf("ran %d items after the first error, want at most 2", ran)
	}
}
