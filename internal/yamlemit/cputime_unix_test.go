//go:build unix

package yamlemit

import "syscall"

// cpuTime returns the process's user plus system CPU time in nanoseconds.
// Benchmarks report it beside wall time because a shared machine's load
// skews wall time but not CPU time.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
