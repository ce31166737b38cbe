package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/modelferry/ferry/description"
)

func init() {
	register(&command{
		name:    "fmt",
		args:    "[-w] [--to TARGET] [--allow-loss] [--max-input SIZE] FILE",
		summary: "Rewrite a model description in the format of a target generation.\nReads any version ferry supports; writes the newest generation, or the one\n--to names (a juju/description release such as v10.0.0, or a Juju version\nsuch as 3.6.13; see 'ferry formats'), to stdout or in place with -w. When\nthe target cannot hold a value it fails listing every one, unless\n--allow-loss, which writes anyway and lists them on stderr.",
		run:     runFmt,
	})
}

func runFmt(ctx context.Context, st *stdio, args []string) error {
	c := commands["fmt"]
	fs := newFlags(c, st)
	inPlace := fs.Bool("w", false, "write the result back to FILE instead of stdout")
	to := fs.String("to", "", "the generation to write: a juju/description release or a Juju version (default: the newest)")
	allowLoss := fs.Bool("allow-loss", false, "write even when the target cannot hold every value; list them on stderr")
	in := addInputFlags(fs, st)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"want exactly one FILE"}
	}
	path := fs.Arg(0)
	if path == "-" && *inPlace {
		return usageError{"-w cannot write back to standard input"}
	}
	target, err := description.ParseTarget(*to)
	if err != nil {
		return usageError{"--to: " + err.Error()}
	}
	m, err := in.read(path)
	if err != nil {
		fmt.Fprintln(st.err, err)
		return exitError{1}
	}
	// The parse tree and the input are garbage now: collecting them before
	// writing lets the output reuse their memory instead of faulting in
	// fresh pages (see bench/fmt.sh: less system time and peak RSS).
	runtime.GC()
	// The output is about as long as the input.
	hint := 0
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		hint = int(fi.Size())
	}
	out, err := writeTarget(st, inputName(path), m, target, *allowLoss, hint)
	if err != nil {
		return err
	}
	if !*inPlace {
		_, err = st.out.Write(out)
		return err
	}
	old, err := os.ReadFile(path)
	if err == nil && bytes.Equal(old, out) {
		return nil
	}
	// The file keeps its mode (descriptions hold password hashes).
	mode := os.FileMode(0o600)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	return writeFileAtomic(path, out, mode)
}

// writeFileAtomic replaces path with data through a temporary file created
// with mode perm beside it and renamed into place, so that a crash never
// leaves a half-written description and a sensitive file is never readable
// by others, not even while it is written. Errors name path, the file the
// user gave, never the temporary file.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, withoutPath(err))
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(perm)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, withoutPath(err))
	}
	return nil
}

// withoutPath strips the temporary file's name from a file system error.
func withoutPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	if le, ok := err.(*os.LinkError); ok {
		return le.Err
	}
	return err
}
