package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/modelferry/ferry/export"
	"github.com/modelferry/ferry/migrate"
)

func init() {
	c := &command{
		name: "locate",
		args: "MODEL [--json]",
		summary: `Find which registered controller hosts a model, and its migration state.

locate looks for MODEL (a name, owner/name or UUID) on every registered
controller and says where it lives, where it is arriving or leaving in a
migration under way (with the migration's ID and phase), and where it
lived before (migrated away, to which controller). It exits 1 when no
registered controller hosts the model.`,
	}
	c.run = func(ctx context.Context, st *stdio, args []string) error { return runLocate(ctx, c, st, args) }
	register(c)
}

// location is one controller's answer about a model.
type location struct {
	Controller string `json:"controller"`
	Model      string `json:"model"`
	UUID       string `json:"uuid"`
	// State is "active", "importing", "exporting", "migrated" or
	// "unreachable".
	State string `json:"state"`
	// Migration describes a migration under way or done.
	Migration *migrationRef `json:"migration,omitempty"`
	Error     string        `json:"error,omitempty"`
}

type migrationRef struct {
	ID    string `json:"id"`
	From  string `json:"from"`
	To    string `json:"to"`
	State string `json:"state"`
	Phase string `json:"phase"`
}

func refOf(r *migrate.Record) *migrationRef {
	return &migrationRef{ID: r.ID, From: r.Source.Name, To: r.Target.Name, State: string(r.State), Phase: string(r.Phase)}
}

func runLocate(ctx context.Context, c *command, st *stdio, args []string) error {
	fs := newFlags(c, st)
	cf := addControllerFlags(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"give one MODEL"}
	}
	ref := pos[0]
	conns, errs, err := registered(ctx, cf)
	if err != nil {
		return err
	}
	defer func() {
		for _, k := range conns {
			k.close()
		}
	}()
	if len(conns) == 0 && len(errs) == 0 {
		return usageError{"no controllers registered: see 'ferry controllers add'"}
	}
	var locs []location
	for _, name := range sortedKeys(errs) {
		locs = append(locs, location{Controller: name, State: "unreachable", Error: errs[name].Error()})
	}
	home := ""
	for _, k := range conns {
		loc, err := locateOn(ctx, k, ref)
		if err != nil {
			locs = append(locs, location{Controller: k.ctl.Name, State: "unreachable", Error: k.redact(err).Error()})
			continue
		}
		if loc != nil {
			locs = append(locs, *loc)
			if loc.State == "active" || loc.State == "exporting" {
				home = loc.Controller
			}
		}
	}
	if *asJSON {
		if locs == nil {
			locs = []location{}
		}
		enc := json.NewEncoder(st.out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(locs); err != nil {
			return err
		}
	} else if len(locs) > 0 {
		w := tabwriter.NewWriter(st.out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, "Controller\tModel\tUUID\tState\tMigration")
		for _, l := range locs {
			mig := "-"
			if m := l.Migration; m != nil {
				switch {
				case l.State == "migrated":
					mig = fmt.Sprintf("%s: moved to %s", m.ID, m.To)
				case m.State == string(migrate.Done):
					mig = fmt.Sprintf("%s: arrived from %s", m.ID, m.From)
				default:
					mig = fmt.Sprintf("%s: %s to %s, phase %s", m.ID, m.State, m.To, m.Phase)
				}
			}
			if l.Error != "" {
				mig = l.Error
			}
			printRow(w, "%s\t%s\t%s\t%s\t%s\n", l.Controller, or(l.Model, "-"), or(l.UUID, "-"), l.State, mig)
		}
		w.Flush()
	}
	if home == "" {
		if !*asJSON {
			fmt.Fprintf(st.err, "ferry locate: no registered controller hosts model %q\n", ref)
		}
		return exitError{1}
	}
	return nil
}

// locateOn says what a controller knows of a model: nil if nothing.
func locateOn(ctx context.Context, k *conn, ref string) (*location, error) {
	sum, err := migrate.FindModel(ctx, k.ctl, ref)
	switch {
	case errors.Is(err, export.ErrModelNotFound):
		// Not here: perhaps it was, and moved.
		recs, err := migrate.List(ctx, k.ctl, ref)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			if r.State == migrate.Done {
				return &location{Controller: k.ctl.Name, Model: r.ModelOwner + "/" + r.ModelName, UUID: r.ModelUUID, State: "migrated", Migration: refOf(r)}, nil
			}
		}
		return nil, nil
	case err != nil:
		return nil, err
	}
	loc := &location{Controller: k.ctl.Name, Model: sum.Ref(), UUID: sum.UUID, State: "active"}
	switch sum.MigrationMode {
	case "importing", "exporting":
		loc.State = sum.MigrationMode
	}
	if id, err := migrate.Active(ctx, k.ctl, sum.UUID); err != nil {
		return nil, err
	} else if id != "" {
		if r, err := migrate.Get(ctx, k.ctl, id); err == nil {
			loc.Migration = refOf(r)
		}
	}
	return loc, nil
}
