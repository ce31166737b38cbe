package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/modelferry/ferry/migrate"
)

func init() {
	c := &command{
		name: "migration",
		args: "status [ID|MODEL] [--from NAME|URI] [--json] | abort ID [--from NAME|URI] [--to NAME|URI]",
		summary: `Show or abort migrations.

migration status lists the migrations recorded on the source controller
(--from), or on every registered controller: their ID, model, target,
state, phase and time. Given an ID, or a model's name or UUID, it shows
those migrations in detail: every phase with its times, what was moved,
and the last error.

migration abort ID aborts a migration that has not switched over: a
running one is asked to abort (and this waits for it), one whose process
is gone is undone here. The target then holds nothing of the model and
the source model is active again. A migration that has switched over can
only be completed ('ferry migrate --resume ID').`,
	}
	c.run = func(ctx context.Context, st *stdio, args []string) error { return runMigration(ctx, c, st, args) }
	register(c)
}

func runMigration(ctx context.Context, c *command, st *stdio, args []string) error {
	fs := newFlags(c, st)
	cf := addControllerFlags(fs)
	from := fs.String("from", "", "source controller (where migrations are recorded): registered name or URI; default: every registered controller")
	to := fs.String("to", "", "abort: the target controller, when it is not registered under the recorded name")
	asJSON := fs.Bool("json", false, "status: print JSON")
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		// Flags before any subcommand: -h shows the usage.
		if err := fs.Parse(args); err != nil {
			return err
		}
		return usageError{"give a subcommand: status or abort"}
	}
	sub, args := args[0], args[1:]
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	switch sub {
	case "status":
		if len(pos) > 1 {
			return usageError{"status takes at most one ID or MODEL"}
		}
		ref := ""
		if len(pos) == 1 {
			ref = pos[0]
		}
		return migrationStatus(ctx, st, *from, ref, *asJSON, cf)
	case "abort":
		if len(pos) != 1 {
			return usageError{"abort takes one migration ID"}
		}
		return migrationAbort(ctx, st, *from, *to, pos[0], cf)
	}
	return usageError{fmt.Sprintf("unknown subcommand %q: want status or abort", sub)}
}

// sources connects to --from, or to every registered controller.
func sources(ctx context.Context, st *stdio, from string, cf *controllerFlags) ([]*conn, error) {
	if from != "" {
		k, err := connectController(ctx, from, cf)
		if err != nil {
			return nil, err
		}
		return []*conn{k}, nil
	}
	conns, errs, err := registered(ctx, cf)
	if err != nil {
		return nil, err
	}
	for _, name := range sortedKeys(errs) {
		fmt.Fprintf(st.err, "ferry: controller %s: %v\n", name, errs[name])
	}
	if len(conns) == 0 && len(errs) == 0 {
		return nil, usageError{"no controller given and none registered: use --from, or 'ferry controllers add'"}
	}
	return conns, nil
}

// looksLikeID tells a migration ID ("<uuid>:<n>") from a model reference.
func looksLikeID(s string) bool {
	i := strings.LastIndexByte(s, ':')
	return i > 0 && i < len(s)-1 && isDigits(s[i+1:])
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

func migrationStatus(ctx context.Context, st *stdio, from, ref string, asJSON bool, cf *controllerFlags) error {
	conns, err := sources(ctx, st, from, cf)
	if err != nil {
		return err
	}
	defer func() {
		for _, k := range conns {
			k.close()
		}
	}()
	var recs []*migrate.Record
	for _, k := range conns {
		if looksLikeID(ref) {
			rec, err := migrate.Get(ctx, k.ctl, ref)
			if errors.Is(err, migrate.ErrNotFound) {
				continue
			}
			if err != nil {
				return k.redact(err)
			}
			recs = append(recs, rec)
			continue
		}
		rs, err := migrate.List(ctx, k.ctl, ref)
		if err != nil {
			return k.redact(err)
		}
		recs = append(recs, rs...)
	}
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].Started.After(recs[j].Started) })
	if asJSON {
		if recs == nil {
			recs = []*migrate.Record{}
		}
		enc := json.NewEncoder(st.out)
		enc.SetIndent("", "  ")
		return enc.Encode(recs)
	}
	if len(recs) == 0 {
		if ref != "" {
			return fmt.Errorf("no migration %q found", ref)
		}
		fmt.Fprintln(st.out, "No migrations.")
		return nil
	}
	if ref == "" {
		return writeMigrationTable(st.out, recs)
	}
	for i, r := range recs {
		if i > 0 {
			fmt.Fprintln(st.out)
		}
		writeMigrationDetail(st.out, r)
	}
	return nil
}

func writeMigrationTable(out io.Writer, recs []*migrate.Record) error {
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tModel\tFrom\tTo\tState\tPhase\tStarted\tTook")
	for _, r := range recs {
		printRow(w, "%s\t%s/%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.ModelOwner, r.ModelName, r.Source.Name, r.Target.Name,
			stateText(r), r.Phase, r.Started.Local().Format("2006-01-02 15:04:05"), r.Elapsed().Round(time.Second))
	}
	return w.Flush()
}

// stateText adds to a record's state what a reader must know: an
// interrupted run, an abort requested.
func stateText(r *migrate.Record) string {
	s := string(r.State)
	if r.State == migrate.Running && r.Error != "" {
		s += " (stopped: resume it)"
	} else if r.AbortRequested && r.State == migrate.Running {
		s += " (abort requested)"
	}
	return s
}

func writeMigrationDetail(out io.Writer, r *migrate.Record) {
	printRow(out, "Migration %s\n", r.ID)
	printRow(out, "  model:     %s/%s (%s)\n", r.ModelOwner, r.ModelName, r.ModelUUID)
	printRow(out, "  from:      %s (%s, %s)\n", r.Source.Name, r.Source.UUID, or(r.Source.Version, "version unknown"))
	printRow(out, "  to:        %s (%s, %s)\n", r.Target.Name, r.Target.UUID, or(r.Target.Version, "version unknown"))
	printRow(out, "  state:     %s, phase %s\n", stateText(r), r.Phase)
	printRow(out, "  started:   %s by %s\n", r.Started.Local().Format(time.RFC3339), r.InitiatedBy)
	if !r.Finished.IsZero() {
		fmt.Fprintf(out, "  finished:  %s (%s)\n", r.Finished.Local().Format(time.RFC3339), r.Elapsed().Round(time.Millisecond))
	}
	if r.Owner != "" && r.State != migrate.Done && r.State != migrate.Aborted {
		printRow(out, "  run by:    %s, last heard from %s\n", r.Owner, r.Heartbeat.Local().Format(time.RFC3339))
	}
	c := r.Counters
	fmt.Fprintf(out, "  moved:     %d documents, %d blobs (%d copied, %d already there, %s), %d log entries; %d source documents removed\n",
		c.Docs, c.Blobs, c.Copied, c.Present, humanBytes(c.Bytes), c.Logs, c.Removed)
	fmt.Fprintln(out, "  phases:")
	for _, p := range migrate.Phases {
		pr := r.PhaseRecord(p)
		if pr.Runs == 0 {
			continue
		}
		line := fmt.Sprintf("    %-11s started %s", p, pr.Started.Local().Format("15:04:05"))
		switch {
		case !pr.Finished.IsZero():
			line += fmt.Sprintf(", done in %s", pr.Duration.Round(time.Millisecond))
		default:
			line += ", not finished"
		}
		if pr.Runs > 1 {
			line += fmt.Sprintf(", %d runs", pr.Runs)
		}
		if !pr.Undone.IsZero() {
			line += ", undone"
		}
		if pr.Error != "" {
			line += ": " + firstLine(pr.Error)
		}
		fmt.Fprintln(out, line)
	}
	if r.Error != "" {
		fmt.Fprintf(out, "  error:     %s\n", strings.ReplaceAll(r.Error, "\n", "\n             "))
	}
}

func migrationAbort(ctx context.Context, st *stdio, from, to, id string, cf *controllerFlags) error {
	src, err := connectSource(ctx, from, id, cf)
	if err != nil {
		return err
	}
	defer src.close()
	dst, err := connectResumeTarget(ctx, src, to, id, cf)
	if err != nil {
		return src.redact(err)
	}
	defer dst.close()
	out := newProgressOutput(st, false)
	res, err := migrate.Abort(ctx, src.ctl, dst.ctl, id, migrate.Options{Progress: out.event})
	out.close()
	if err != nil {
		return dst.redact(src.redact(err))
	}
	printRow(st.out, "migration %s of %s/%s is %s: the source model is active again and the target holds nothing of it\n",
		id, res.Record.ModelOwner, res.Record.ModelName, res.Record.State)
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
