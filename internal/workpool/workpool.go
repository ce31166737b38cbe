// Package workpool runs a function over a list of independent items a few at
// a time, for the per-collection sweeps of import's abort and migrate's
// cleanup.
package workpool

import "sync"

// ForEach runs fn on each item, workers at a time, and returns the first
// error; after one, no further item is started.
func ForEach(items []string, workers int, fn func(string) error) error {
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
		next  = make(chan string)
	)
	for w := 0; w < max(workers, 1); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range next {
				if err := fn(it); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for _, it := range items {
		mu.Lock()
		failed := first != nil
		mu.Unlock()
		if failed {
			break
		}
		next <- it
	}
	close(next)
	wg.Wait()
	return first
}
