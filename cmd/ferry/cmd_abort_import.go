package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	importer "github.com/modelferry/ferry/import"
)

func init() {
	c := &command{
		name: "abort-import",
		args: "--mongo URI [flags] --model UUID",
		summary: `Remove a model that is being imported, or that a failed import left.

abort-import deletes every document of the model in every collection,
the global documents an import wrote, and takes back the counts it raised,
needing nothing but the database. It refuses a model that exists and is
not importing. Without --model it lists the models left importing.`,
	}
	c.run = func(ctx context.Context, st *stdio, args []string) error { return runAbortImport(ctx, c, st, args) }
	register(c)
}

func runAbortImport(ctx context.Context, c *command, st *stdio, args []string) error {
	fs := newFlags(c, st)
	mf := addMongoFlags(fs, st)
	uuid := fs.String("model", "", "UUID of the model to remove")
	logsDB := fs.String("logs-db", "logs", `database of the models' log collections ("" leaves them)`)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if *uuid != "" && !isUUID(*uuid) {
		// Without this, a mistyped UUID matches nothing and reads as
		// "nothing was found", exit 0.
		return usageError{fmt.Sprintf("--model %q is not a model UUID (run 'ferry abort-import' without --model to list the models being imported)", *uuid)}
	}
	client, db, err := mf.connect(ctx)
	if err != nil {
		return err
	}
	defer client.Disconnect(context.Background())
	opts := importer.Options{}
	if *logsDB != "" {
		opts.LogsDB = client.Database(*logsDB)
	}
	im := importer.New(db, opts)
	if *uuid == "" {
		models, err := im.Importing(ctx)
		if err != nil {
			return mf.redactErr(err)
		}
		if len(models) == 0 {
			fmt.Fprintln(st.out, "no model is being imported")
			return nil
		}
		for _, m := range models {
			fmt.Fprintf(st.out, "%s  %s/%s  importing\n", m.UUID, m.Owner, m.Name)
		}
		return nil
	}
	rep, err := im.Abort(ctx, *uuid)
	if err != nil {
		if errors.Is(err, importer.ErrNotImporting) {
			return fmt.Errorf("%w; abort-import removes only models being imported", err)
		}
		return mf.redactErr(err)
	}
	name := *uuid
	if rep.ModelName != "" {
		name = fmt.Sprintf("%s/%s (%s)", rep.Owner, rep.ModelName, *uuid)
	}
	if rep.Total() == 0 && len(rep.Restored) == 0 {
		fmt.Fprintf(st.out, "nothing of model %s was found\n", name)
		return nil
	}
	fmt.Fprintf(st.out, "removed model %s: %d documents from %d collections\n", name, rep.Total(), len(rep.Collections()))
	for _, coll := range rep.Collections() {
		fmt.Fprintf(st.out, "  %-28s %d\n", coll, rep.Removed[coll])
	}
	for _, r := range rep.Restored {
		fmt.Fprintf(st.out, "  restored %s\n", r)
	}
	return nil
}

// isUUID reports whether s is a UUID in Juju's textual form: 36 characters,
// lowercase or uppercase hex in groups of 8-4-4-4-12.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch i {
		case 8, 13, 18, 23:
			if r != '-' {
				return false
			}
		default:
			if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
				return false
			}
		}
	}
	return true
}
