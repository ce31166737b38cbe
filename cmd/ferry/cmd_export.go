package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/export"
)

func init() {
	c := &command{
		name: "export",
		args: "--mongo URI --model NAME|OWNER/NAME|UUID [-o FILE] [connection flags] [--history N] [--kinds LIST] [--leader APP=UNIT]...",
		summary: `Export a model from a Juju controller's database as a description.

export reads the model in whole collections (one query per collection,
never one per entity) and writes the description in the current format,
as Juju's migration would. Without -o it writes to stdout. A file that
holds password hashes or secrets is written with mode 0600.

Leadership is not kept in MongoDB; give each application's leader with
--leader APP=UNIT to carry it.`,
	}
	c.run = func(ctx context.Context, st *stdio, args []string) error { return runExport(ctx, c, st, args) }
	register(c)
}

// leaderFlags collects --leader APP=UNIT.
type leaderFlags map[string]string

func (l leaderFlags) String() string { return "" }
func (l leaderFlags) Set(v string) error {
	app, unit, ok := strings.Cut(v, "=")
	if !ok || app == "" || unit == "" {
		return fmt.Errorf("want APP=UNIT, got %q", v)
	}
	l[app] = unit
	return nil
}

func runExport(ctx context.Context, c *command, st *stdio, args []string) error {
	fs := newFlags(c, st)
	mf := addMongoFlags(fs, st)
	model := fs.String("model", "", "model to export: name, owner/name or UUID (required)")
	out := fs.String("o", "", "file to write (default stdout)")
	history := fs.Int("history", export.DefaultStatusHistoryLimit, "status history entries per entity (0 for none)")
	kinds := fs.String("kinds", "all", "what to export: all, or a comma-separated list of "+export.All.String())
	extended := fs.Bool("extended", false, "keep values Juju's own export drops (relation suspension, IP address flags, ...)")
	leaders := leaderFlags{}
	fs.Var(leaders, "leader", "application leader as APP=UNIT (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if *model == "" {
		return usageError{"--model is required"}
	}
	k, err := export.ParseKinds(*kinds)
	if err != nil {
		return usageError{"--kinds: " + err.Error()}
	}
	if *history < 0 {
		return usageError{fmt.Sprintf("--history %d: want 0 (none) or more", *history)}
	}
	limit := *history
	if limit == 0 {
		limit = -1
	}
	client, db, err := mf.connect(ctx)
	if err != nil {
		return err
	}
	defer client.Disconnect(context.Background())
	src := export.NewMongoSource(db)
	sum, err := export.FindModel(ctx, src, *model)
	if err != nil {
		return mf.redactErr(err)
	}
	m, err := export.Export(ctx, src, sum.UUID, export.Options{Kinds: k, StatusHistoryLimit: limit, Leaders: leaders, Extended: *extended})
	if err != nil {
		return mf.redactErr(err)
	}
	data, err := description.Write(m)
	if err != nil {
		return err
	}
	mf.report(st, "export "+sum.Ref())
	if *out == "" {
		_, err := st.out.Write(data)
		return err
	}
	return writeFileAtomic(*out, data, fileMode(m))
}

// fileMode is 0600 for a description holding password hashes, secrets or
// credentials, 0644 otherwise.
func fileMode(m *description.Model) os.FileMode {
	if sensitive(m) {
		return 0o600
	}
	return 0o644
}

func sensitive(m *description.Model) bool {
	if m.PasswordHash != "" || len(m.Secrets) > 0 || m.SLA.Credentials != "" ||
		(m.CloudCredential != nil && len(m.CloudCredential.Attributes) > 0) {
		return true
	}
	var machine func(ms []*description.Machine) bool
	machine = func(ms []*description.Machine) bool {
		for _, mc := range ms {
			if mc.PasswordHash != "" || machine(mc.Containers) {
				return true
			}
		}
		return false
	}
	if machine(m.Machines) {
		return true
	}
	for _, a := range m.Applications {
		if a.PasswordHash != "" || len(a.MetricsCredentials) > 0 {
			return true
		}
		for _, u := range a.Units {
			if u.PasswordHash != "" {
				return true
			}
		}
	}
	return false
}
