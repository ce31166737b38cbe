package main

import (
	"context"
	"fmt"

	"github.com/modelferry/ferry/description"
)

func init() {
	register(&command{
		name: "schema",
		args: "[--version V | --to TARGET]",
		summary: "Print the JSON Schema of model descriptions (draft 2020-12).\n" +
			"Without --version the schema takes every model version ferry reads;\n" +
			"with it, only model version V. The output is schemas/model.json or\n" +
			"schemas/model-vV.json of ferry's source, byte for byte. --to TARGET\n" +
			"(a juju/description release or a Juju version) pins the model version\n" +
			"that target writes.",
		run: runSchema,
	})
}

func runSchema(ctx context.Context, st *stdio, args []string) error {
	c := commands["schema"]
	fs := newFlags(c, st)
	version := fs.Int("version", 0, "model version to describe (0: every version ferry reads)")
	to := fs.String("to", "", "describe the model version this target writes (e.g. v10.0.0 or 3.6.13)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usageError{"unexpected arguments"}
	}
	if *to != "" {
		if *version != 0 {
			return usageError{"--version and --to exclude each other"}
		}
		t, err := description.ParseTarget(*to)
		if err != nil {
			return usageError{err.Error()}
		}
		*version = t.Model
	}
	b, err := description.JSONSchema(*version)
	if err != nil {
		return usageError{fmt.Sprintf("--version %d: %v", *version, err)}
	}
	_, err = st.out.Write(b)
	return err
}
