package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/modelferry/ferry/description"
)

func init() {
	register(&command{
		name:    "validate",
		args:    "[-q] [--max-input SIZE] FILE...",
		summary: "Check model descriptions: every error with file:line:col and the entity path.\nExits 0 when every file is valid, 1 when any is not.",
		run:     runValidate,
	})
}

func runValidate(ctx context.Context, st *stdio, args []string) error {
	c := commands["validate"]
	fs := newFlags(c, st)
	quiet := fs.Bool("q", false, "print nothing for valid files")
	in := addInputFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"no files given"}
	}
	bad := 0
	for _, path := range fs.Args() {
		if err := ctx.Err(); err != nil {
			return err
		}
		var found description.DocumentVersions
		_, err := in.readWith(path, &found)
		if err == nil {
			if !*quiet {
				fmt.Fprintf(st.out, "%s: ok, written by %s\n", path, description.Generation(found))
			}
			continue
		}
		bad++
		var list description.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				fmt.Fprintln(st.err, e.Error())
			}
			continue
		}
		if errors.Is(err, os.ErrNotExist) {
			fmt.Fprintf(st.err, "%s: no such file\n", path)
			continue
		}
		fmt.Fprintf(st.err, "%s: %v\n", path, err)
	}
	if bad > 0 {
		fmt.Fprintf(st.err, "%d of %d files invalid\n", bad, fs.NArg())
		return exitError{1}
	}
	return nil
}
