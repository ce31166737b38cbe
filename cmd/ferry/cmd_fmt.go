package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

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
	in := addInputFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"want exactly one FILE"}
	}
	path := fs.Arg(0)
	target, err := description.ParseTarget(*to)
	if err != nil {
		return usageError{"--to: " + err.Error()}
	}
	m, err := in.read(path)
	if err != nil {
		fmt.Fprintln(st.err, err)
		return exitError{1}
	}
	out, err := description.WriteWithOptions(m, description.WriteOptions{Target: target, AllowLoss: *allowLoss})
	var loss *description.LossError
	if errors.As(err, &loss) {
		fmt.Fprintf(st.err, "%s: %v\n", path, loss)
		if !loss.Written {
			fmt.Fprintln(st.err, "(run with --allow-loss to write it all the same)")
			return exitError{1}
		}
	} else if err != nil {
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
	return writeFileAtomic(path, out)
}

// writeFileAtomic replaces path with data through a temporary file in the
// same directory, so that a crash never leaves a half-written description;
// the file keeps its mode (descriptions hold password hashes).
func writeFileAtomic(path string, data []byte) error {
	mode := os.FileMode(0o600)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
