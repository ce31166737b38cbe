//go:build !unix

package embeddb

// lockDir does nothing where flock is missing: two servers on one directory
// are then the caller's mistake to avoid.
func lockDir(dir string) (unlock func() error, err error) {
	return func() error { return nil }, nil
}
