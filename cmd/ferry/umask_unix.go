//go:build unix

package main

import "syscall"

// privateFiles makes every file ferry creates private to its user unless
// ferry sets a mode itself (export and fmt do): the embedded server's SQLite
// files, created by SQLite with mode 0644 less the umask, hold password
// hashes and secrets.
func privateFiles() { syscall.Umask(0o077) }
