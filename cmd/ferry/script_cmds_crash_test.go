package main

import (
	"context"
	"fmt"
	"os"

	"github.com/modelferry/ferry/migrate"
)

// x-crash-migration (test binary only) starts a migration and kills its own
// process (exit status 3, no undo) when PHASE is done, as a machine that
// dies mid-migration would: the source is left with a running record and
// its model's guard, for scripts to show what the next command says.
func init() {
	register(&command{
		name:    "x-crash-migration",
		args:    "--from CONTROLLER --to CONTROLLER MODEL PHASE",
		summary: "(test binary only) Start a migration and exit, without undoing it, when PHASE is done.",
		run:     runCrashMigration,
	})
}

func runCrashMigration(ctx context.Context, st *stdio, args []string) error {
	fs := newFlags(commands["x-crash-migration"], st)
	from := fs.String("from", "", "source controller")
	to := fs.String("to", "", "target controller")
	cf := addControllerFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usageError{"want MODEL PHASE"}
	}
	src, err := connectController(ctx, *from, cf)
	if err != nil {
		return err
	}
	defer src.close()
	dst, err := connectController(ctx, *to, cf)
	if err != nil {
		return err
	}
	defer dst.close()
	phase := migrate.Phase(fs.Arg(1))
	opts := migrate.Options{Progress: func(e migrate.Event) {
		if e.Kind == migrate.EventPhaseDone && e.Phase == phase {
			fmt.Fprintf(st.err, "crashing after %s of %s\n", phase, e.MigrationID)
			os.Exit(3)
		}
	}}
	_, err = migrate.Migrate(ctx, src.ctl, dst.ctl, fs.Arg(0), opts)
	if err == nil {
		err = fmt.Errorf("the migration finished without reaching phase %q", phase)
	}
	return err
}
