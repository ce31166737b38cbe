package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/modelferry/ferry/internal/controllers"
	"github.com/modelferry/ferry/migrate"
)

func init() {
	c := &command{
		name: "controllers",
		args: "add NAME --mongo URI [connection flags] [--replace] [--no-check] | list [--json] | remove NAME",
		summary: `Register controllers by name, for migrate, migration and locate.

controllers add checks that the database is a Juju controller's (unless
--no-check) and records its URI, connection options and controller UUID
under NAME. controllers list shows them (passwords hidden); controllers
remove forgets one.

The registry is a file in ferry's configuration directory, or the file
$FERRY_CONTROLLERS names. It may hold passwords (in URIs), so it is
written with mode 0600, and a registry file others can read is refused.`,
	}
	c.run = func(ctx context.Context, st *stdio, args []string) error { return runControllers(ctx, c, st, args) }
	register(c)
}

func runControllers(ctx context.Context, c *command, st *stdio, args []string) error {
	fs := newFlags(c, st)
	mf := addMongoFlags(fs)
	replace := fs.Bool("replace", false, "add: replace a controller registered under NAME")
	noCheck := fs.Bool("no-check", false, "add: do not connect to check the controller")
	asJSON := fs.Bool("json", false, "list: print JSON")
	blobsDB := fs.String("blobs-db", "blobstore", "add: database holding the controller's blob store")
	logsDB := fs.String("logs-db", "logs", "add: database holding the controller's model logs")
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		// Flags before any subcommand: -h shows the usage.
		if err := fs.Parse(args); err != nil {
			return err
		}
		return usageError{"give a subcommand: add, list or remove"}
	}
	sub, args := args[0], args[1:]
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	reg, err := controllers.LoadDefault()
	if err != nil {
		return err
	}
	switch sub {
	case "add":
		if len(pos) != 1 {
			return usageError{"add takes one NAME"}
		}
		if mf.uri == "" {
			return usageError{"--mongo is required"}
		}
		entry := controllers.Controller{
			Name: pos[0], URI: mf.uri, User: mf.user, PasswordFile: mf.passwordFile, AuthSource: mf.authSource,
			TLS: mf.tls, CAFile: mf.caFile, Insecure: mf.insecure, ServerName: mf.serverName, Direct: mf.direct,
		}
		if mf.db != "juju" {
			entry.DB = mf.db
		}
		if *blobsDB != "blobstore" {
			entry.BlobsDB = *blobsDB
		}
		if *logsDB != "logs" {
			entry.LogsDB = *logsDB
		}
		if !controllers.ValidName(entry.Name) {
			return usageError{fmt.Sprintf("invalid name %q: use letters, digits, '.', '_' and '-'", entry.Name)}
		}
		if !*noCheck {
			client, db, err := mf.connect(ctx)
			if err != nil {
				return err
			}
			info, err := (&migrate.Controller{Name: entry.Name, Client: client, StateDB: db.Name()}).Info(ctx)
			client.Disconnect(context.Background())
			if err != nil {
				return fmt.Errorf("%s: %w (use --no-check to register it anyway)", redactURI(mf.uri), mf.redactErr(err))
			}
			entry.UUID = info.UUID
		}
		if err := reg.Add(entry, *replace); err != nil {
			return err
		}
		if err := reg.Save(); err != nil {
			return err
		}
		fmt.Fprintf(st.out, "registered controller %s (%s) in %s\n", entry.Name, or(entry.UUID, "not checked"), reg.Path())
		return nil
	case "list":
		if len(pos) != 0 {
			return usageError{"list takes no arguments"}
		}
		type row struct {
			Name string `json:"name"`
			URI  string `json:"uri"`
			DB   string `json:"db"`
			UUID string `json:"uuid,omitempty"`
			TLS  bool   `json:"tls,omitempty"`
		}
		rows := []row{}
		for _, c := range reg.Controllers {
			rows = append(rows, row{c.Name, redactURI(c.URI), or(c.DB, "juju"), c.UUID, c.TLS || c.CAFile != "" || c.Insecure})
		}
		if *asJSON {
			enc := json.NewEncoder(st.out)
			enc.SetIndent("", "  ")
			return enc.Encode(rows)
		}
		if len(rows) == 0 {
			fmt.Fprintf(st.out, "No controllers registered (%s).\n", reg.Path())
			return nil
		}
		w := tabwriter.NewWriter(st.out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, "Name\tURI\tDatabase\tController UUID")
		for _, r := range rows {
			printRow(w, "%s\t%s\t%s\t%s\n", r.Name, r.URI, r.DB, or(r.UUID, "-"))
		}
		return w.Flush()
	case "remove":
		if len(pos) != 1 {
			return usageError{"remove takes one NAME"}
		}
		if err := reg.Remove(pos[0]); err != nil {
			return err
		}
		if err := reg.Save(); err != nil {
			return err
		}
		fmt.Fprintf(st.out, "removed controller %s\n", pos[0])
		return nil
	}
	return usageError{fmt.Sprintf("unknown subcommand %q: want add, list or remove", sub)}
}
