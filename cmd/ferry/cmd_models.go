package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/modelferry/ferry/export"
)

func init() {
	c := &command{
		name: "models",
		args: "--mongo URI [connection flags] [--format tabular|json]",
		summary: `List the models in a Juju controller's database.

For each model: its name, owner, UUID, type, life, migration mode and how
many machines, applications and units it has. Four queries in all, however
many models there are.`,
	}
	c.run = func(ctx context.Context, st *stdio, args []string) error { return runModels(ctx, c, st, args) }
	register(c)
}

func runModels(ctx context.Context, c *command, st *stdio, args []string) error {
	fs := newFlags(c, st)
	mf := addMongoFlags(fs)
	format := fs.String("format", "tabular", "output format: tabular or json")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if *format != "tabular" && *format != "json" {
		return usageError{fmt.Sprintf("--format %q: want tabular or json", *format)}
	}
	client, db, err := mf.connect(ctx)
	if err != nil {
		return err
	}
	defer client.Disconnect(context.Background())
	models, err := export.ListModels(ctx, export.NewMongoSource(db))
	if err != nil {
		return mf.redactErr(err)
	}
	mf.report(st, "models")
	if *format == "json" {
		type row struct {
			Name          string `json:"name"`
			Owner         string `json:"owner"`
			UUID          string `json:"uuid"`
			Type          string `json:"type"`
			Life          string `json:"life"`
			MigrationMode string `json:"migration-mode,omitempty"`
			Cloud         string `json:"cloud"`
			Region        string `json:"region,omitempty"`
			Machines      int    `json:"machines"`
			Applications  int    `json:"applications"`
			Units         int    `json:"units"`
		}
		rows := []row{}
		for _, m := range models {
			rows = append(rows, row{m.Name, m.Owner, m.UUID, m.Type, m.Life, m.MigrationMode, m.Cloud, m.CloudRegion, m.Machines, m.Applications, m.Units})
		}
		enc := json.NewEncoder(st.out)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	return writeModels(st.out, models)
}

// writeModels prints the models table, each name escaped if it holds
// anything unprintable.
func writeModels(out io.Writer, models []export.ModelSummary) error {
	if len(models) == 0 {
		fmt.Fprintln(out, "No models.")
		return nil
	}
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "Model\tOwner\tUUID\tType\tLife\tMigration\tMachines\tApps\tUnits")
	for _, m := range models {
		mode := m.MigrationMode
		if mode == "" {
			mode = "-"
		}
		printRow(w, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\n", m.Name, m.Owner, m.UUID, m.Type, m.Life, mode, m.Machines, m.Applications, m.Units)
	}
	return w.Flush()
}
