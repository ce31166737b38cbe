package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/export"
)

func init() {
	c := &command{
		name: "export",
		args: "--mongo URI --model NAME|OWNER/NAME|UUID [-o FILE] [--to TARGET] [--allow-loss] [connection flags] [--history N] [--kinds LIST] [--leader APP=UNIT]...",
		summary: `Export a model from a Juju controller's database as a description.

export reads the model in whole collections (one query per collection,
never one per entity) and writes the description as Juju's migration
would: in the format generation the source controller's Juju version
writes (its agent version), or the one --to names (a juju/description
release such as v10.0.0, or a Juju version such as 3.6.13; see 'ferry
formats'). When that generation cannot hold a value of the model, it
fails listing every one, unless --allow-loss, which writes anyway and
lists them on stderr. Without -o it writes to stdout. A file that holds
password hashes or secrets is written with mode 0600.

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
	to := fs.String("to", "", "the generation to write: a juju/description release or a Juju version (default: the one the source controller's Juju version writes)")
	allowLoss := fs.Bool("allow-loss", false, "write even when the target cannot hold every value; list them on stderr")
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
	var target *description.Target
	if *to != "" {
		t, err := description.ParseTarget(*to)
		if err != nil {
			return usageError{"--to: " + err.Error()}
		}
		target = &t
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
	if target == nil {
		t, err := sourceTarget(ctx, src, sum.UUID)
		if err != nil {
			return mf.redactErr(err)
		}
		target = &t
	}
	data, err := writeTarget(st, sum.Ref(), m, *target, *allowLoss, 0)
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

// sourceTarget is the generation the source controller writes, from its
// Juju version.
func sourceTarget(ctx context.Context, src export.Source, uuid string) (description.Target, error) {
	v, err := export.SourceJujuVersion(ctx, src, uuid)
	if err != nil {
		return description.Target{}, err
	}
	t, err := description.TargetForJuju(v.Version)
	if err != nil {
		return t, fmt.Errorf("the source's %s agent-version: %w; name the generation to write with --to", v.From, err)
	}
	return t, nil
}

// writeTarget writes m in target's generation. When the target cannot
// hold a value of m it fails, listing every one on stderr after name,
// unless allowLoss: then it lists them and returns the bytes all the same.
// sizeHint, when known, is the expected output size (description.WriteOptions.SizeHint).
func writeTarget(st *stdio, name string, m *description.Model, target description.Target, allowLoss bool, sizeHint int) ([]byte, error) {
	out, err := description.WriteWithOptions(m, description.WriteOptions{Target: target, AllowLoss: allowLoss, SizeHint: sizeHint})
	var loss *description.LossError
	if !errors.As(err, &loss) {
		return out, err
	}
	fmt.Fprintf(st.err, "%s: %v\n", name, loss)
	if !loss.Written {
		fmt.Fprintln(st.err, "(run with --allow-loss to write it all the same)")
		return nil, exitError{1}
	}
	return out, nil
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
