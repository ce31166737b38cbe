package main

import (
	"context"
	"errors"
	"fmt"
	"time"

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
not importing, or that another process is importing or removing (it
waits for no one: it names the holder of the model's lease). An
interrupt does not stop a removal halfway: it is finished first. It
prints "removed" only once a count finds nothing of the model left.
Without --model it lists the models left importing and the UUIDs of
models whose documents remain without a models document, found in
every model-scoped collection.`,
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
		models, err := im.Orphans(ctx)
		if err != nil {
			return mf.redactErr(err)
		}
		if len(models) == 0 {
			fmt.Fprintln(st.out, "no model is being imported, and no documents of a missing model are left")
			return nil
		}
		for _, m := range models {
			if m.Importing {
				fmt.Fprintf(st.out, "%s  %s/%s  importing\n", m.UUID, m.Owner, m.Name)
			} else {
				fmt.Fprintf(st.out, "%s  (no models document)  orphaned documents\n", m.UUID)
			}
		}
		return nil
	}
	// An interrupt must not leave the removal half done: it goes on with a
	// fresh context, bounded by abortDeadline.
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), abortDeadline)
	defer cancel()
	stopNote := context.AfterFunc(ctx, func() {
		fmt.Fprintf(st.err, "ferry abort-import: interrupted: finishing the removal of model %s first (at most %s)\n", *uuid, abortDeadline)
	})
	defer stopNote()
	fmt.Fprintf(st.err, "ferry abort-import: removing model %s\n", *uuid)
	rep, err := im.Abort(actx, *uuid)
	if err != nil {
		if errors.Is(err, importer.ErrNotImporting) {
			return fmt.Errorf("%w; abort-import removes only models being imported", err)
		}
		if rep != nil && rep.Remains.Total() > 0 {
			fmt.Fprintf(st.err, "ferry abort-import: left of model %s: %s; run 'ferry abort-import --model %s' again to remove it\n", *uuid, rep.Remains, *uuid)
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
	// Abort has counted: nothing of the model is left.
	fmt.Fprintf(st.out, "removed model %s: %d documents from %d collections; a count finds nothing of it left\n", name, rep.Total(), len(rep.Collections()))
	for _, coll := range rep.Collections() {
		fmt.Fprintf(st.out, "  %-28s %d\n", coll, rep.Removed[coll])
	}
	for _, r := range rep.Restored {
		fmt.Fprintf(st.out, "  restored %s\n", r)
	}
	return nil
}

// abortDeadline bounds an abort-import that goes on after an interrupt.
const abortDeadline = 2 * time.Minute
