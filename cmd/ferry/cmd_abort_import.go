package main

import (
	"context"
	"errors"
	"fmt"

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
	mf := addMongoFlags(fs)
	uuid := fs.String("model", "", "UUID of the model to remove")
	logsDB := fs.String("logs-db", "logs", `database of the models' log collections ("" leaves them)`)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
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
