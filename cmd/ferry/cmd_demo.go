package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/export"
	"github.com/modelferry/ferry/internal/embeddb"
	"github.com/modelferry/ferry/migrate"
	"github.com/modelferry/ferry/migrate/seed"
)

func init() {
	c := &command{
		name: "demo",
		args: "[--dir DIR] [--size tiny|small|medium|large] [--keep]",
		summary: `Show ferry's job on two embedded controllers: nothing to install.

demo starts two embedded controllers (FerretDB, in a temporary directory or
DIR), an old one at Juju 3.5.1 and a new one at 3.6.0, seeds a realistic
model into the old one (machines with containers, applications with a
subordinate, relations, storage, resources, payloads, an offer, secrets,
status histories, logs and charm blobs), migrates it to the new one with
progress, prints its status from the new one, and then starts a second
migration and aborts it, showing both controllers exactly as they were.
It exits 0 when all of that held.`,
	}
	c.run = func(ctx context.Context, st *stdio, args []string) error { return runDemo(ctx, c, st, args) }
	register(c)
}

// demoController is one of the demo's embedded controllers.
type demoController struct {
	srv *embeddb.Server
	ctl *migrate.Controller
}

func runDemo(ctx context.Context, c *command, st *stdio, args []string) (err error) {
	fs := newFlags(c, st)
	dir := fs.String("dir", "", "directory for the controllers' data (default a temporary one, removed at the end)")
	sizeName := fs.String("size", "small", "size of the model: tiny, small, medium or large")
	keep := fs.Bool("keep", false, "keep the data directory (and print how to look at it)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	size, err := seed.ParseSize(*sizeName)
	if err != nil {
		return usageError{err.Error()}
	}
	out := st.out
	start := time.Now()

	root := *dir
	if root == "" {
		root, err = os.MkdirTemp("", "ferry-demo-")
		if err != nil {
			return err
		}
		if !*keep {
			defer os.RemoveAll(root)
		}
	} else if entries, err := os.ReadDir(root); err == nil && len(entries) > 0 {
		return usageError{fmt.Sprintf("--dir %s is not empty; give a new or empty directory", root)}
	}

	// Two controllers: the old and the new.
	var ctls []*demoController
	defer func() {
		for _, d := range ctls {
			d.ctl.Client.Disconnect(context.Background())
			d.srv.Close()
		}
	}()
	for _, name := range []string{"old", "new"} {
		srv, err := embeddb.Start(ctx, embeddb.Options{Dir: filepath.Join(root, name)})
		if err != nil {
			return err
		}
		client, err := mongo.Connect(options.Client().ApplyURI(srv.URI()))
		if err != nil {
			srv.Close()
			return err
		}
		ctls = append(ctls, &demoController{srv: srv, ctl: &migrate.Controller{Name: name, Address: srv.URI(), Client: client}})
	}
	oldC, newC := ctls[0].ctl, ctls[1].ctl
	fmt.Fprintf(out, "ferry demo: two embedded Juju controllers in %s\n", root)

	// The models: the one that moves, and the one whose move is aborted.
	shop, err := seed.Model(size, randomUUID(), "shop")
	if err != nil {
		return err
	}
	staging, err := seed.Model(seed.Tiny, randomUUID(), "staging")
	if err != nil {
		return err
	}
	dbs := seed.DBs{State: oldC.State(), Blobs: oldC.Blobs(), Logs: oldC.Logs()}
	for _, m := range []*description.Model{shop, staging} {
		if err := seed.InitController(ctx, newC.State(), m, "3.6.0"); err != nil {
			return err
		}
	}
	rep, err := seed.Write(ctx, dbs, shop, seed.Options{Logs: seed.LogEntries(size)})
	if err != nil {
		return err
	}
	if _, err := seed.Write(ctx, dbs, staging, seed.Options{Logs: seed.LogEntries(seed.Tiny)}); err != nil {
		return err
	}
	fmt.Fprintf(out, "  old: Juju %s controller at %s\n", seed.AgentVersion, ctls[0].srv.URI())
	fmt.Fprintf(out, "  new: Juju 3.6.0 controller at %s\n\n", ctls[1].srv.URI())
	fmt.Fprintf(out, "1. Seeded admin/shop into old: %s;\n   %d blobs (%s) in its blob store and %d log entries. (Also admin/staging, for step 4.)\n\n",
		modelSize(shop), rep.Blobs, humanBytes(rep.BlobBytes), rep.Logs)

	// 2. The migration.
	fmt.Fprintf(out, "2. Migrating admin/shop from old to new (progress on stderr)...\n")
	prog := newProgressOutput(st, false)
	res, err := migrate.Migrate(ctx, oldC, newC, "admin/shop", migrate.Options{Progress: prog.event, Grace: 10 * time.Second})
	prog.close()
	if err != nil {
		return fmt.Errorf("the migration failed: %w", err)
	}
	r := res.Record
	var times []string
	for _, p := range migrate.Phases {
		times = append(times, fmt.Sprintf("%s %s", p, r.PhaseRecord(p).Duration.Round(time.Millisecond)))
	}
	fmt.Fprintf(out, "   Migration %s done in %s: %d documents, %d blobs (%s), %d log entries moved;\n   source cleaned (%d documents removed).\n   Phases: %s.\n\n",
		r.ID, r.Elapsed().Round(time.Millisecond), r.Counters.Docs, r.Counters.Blobs, humanBytes(r.Counters.Bytes), r.Counters.Logs, r.Counters.Removed, strings.Join(times, ", "))

	// 3. The model on the new controller, and what the old one says.
	var problems []string
	moved, err := export.ExportDB(ctx, newC.State(), shop.UUID(), export.Options{Kinds: export.StatusKinds})
	if err != nil {
		return fmt.Errorf("reading admin/shop from new: %w", err)
	}
	fmt.Fprintf(out, "3. admin/shop, as the new controller has it:\n\n")
	var buf bytes.Buffer
	ms := buildStatus(moved)
	ms.Model.Controller, ms.timestamp = "new", time.Now().UTC().Format("15:04:05Z07:00")
	if err := writeTabular(&buf, ms); err != nil {
		return err
	}
	printAbridged(out, buf.String())
	if _, err := migrate.FindModel(ctx, oldC, "admin/shop"); !errors.Is(err, export.ErrModelNotFound) {
		problems = append(problems, "the old controller still has admin/shop")
	}
	rds, err := migrate.Redirects(ctx, oldC, shop.UUID())
	if err != nil || len(rds) == 0 || rds[0].Phase != "DONE" || rds[0].ControllerAlias != "new" {
		problems = append(problems, fmt.Sprintf("the old controller has no finished redirect for admin/shop (%v)", err))
	} else {
		fmt.Fprintf(out, "\n   The old controller no longer has admin/shop; its Juju migration record (%s, phase %s)\n   sends agents and clients to controller %s (%s).\n\n",
			rds[0].MigrationID, rds[0].Phase, rds[0].ControllerAlias, rds[0].ControllerUUID)
	}

	// 4. An aborted migration.
	fmt.Fprintf(out, "4. Migrating admin/staging, and aborting it once its blobs are on the new controller...\n")
	skip := func(coll string, doc bson.Raw) bool {
		return strings.HasPrefix(coll, migrate.RecordsCollection) || isMigrationSeq(coll, doc)
	}
	oldBefore, err := dumpController(ctx, oldC, skip)
	if err != nil {
		return err
	}
	newBefore, err := dumpController(ctx, newC, nil)
	if err != nil {
		return err
	}
	prog = newProgressOutput(st, false)
	opts := migrate.Options{Grace: 10 * time.Second, Progress: func(e migrate.Event) {
		prog.event(e)
		if e.Kind == migrate.EventPhaseDone && e.Phase == migrate.Binaries {
			// Asked as 'ferry migration abort ID' asks, through the
			// migration's record.
			migrate.RequestAbort(ctx, oldC, e.MigrationID, "the demo's abort")
		}
	}}
	_, err = migrate.Migrate(ctx, oldC, newC, "admin/staging", opts)
	prog.close()
	var ae *migrate.AbortedError
	switch {
	case errors.As(err, &ae) && ae.UndoErr == nil:
		fmt.Fprintf(out, "   Aborted in phase %s, as asked.\n", ae.Phase)
	default:
		problems = append(problems, fmt.Sprintf("the second migration did not abort cleanly: %v", err))
	}
	oldAfter, err := dumpController(ctx, oldC, skip)
	if err != nil {
		return err
	}
	newAfter, err := dumpController(ctx, newC, nil)
	if err != nil {
		return err
	}
	for _, side := range []struct {
		name          string
		before, after map[string][]string
		what          string
	}{
		{"old", oldBefore, oldAfter, "admin/staging is active again, every document as it was"},
		{"new", newBefore, newAfter, "it holds nothing of admin/staging, every document as it was"},
	} {
		if d := diffDumps(side.before, side.after); d != "" {
			problems = append(problems, fmt.Sprintf("the %s controller changed: %s", side.name, d))
		} else {
			fmt.Fprintf(out, "   %s: %s (%d documents compared).\n", side.name, side.what, countDocs(side.after))
		}
	}

	fmt.Fprintln(out)
	if *keep {
		fmt.Fprintf(out, "The data stays in %s: 'ferry serve --dir %s/new' serves the new controller.\n", root, root)
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintf(st.err, "ferry demo: %s\n", p)
		}
		return exitError{1}
	}
	fmt.Fprintf(out, "All of it held (%s).\n", time.Since(start).Round(time.Second))
	return nil
}

// modelSize describes a model in a line.
func modelSize(m *description.Model) string {
	machines, containers := len(m.Machines), 0
	for _, mc := range m.Machines {
		containers += len(mc.Containers)
	}
	units, subs := 0, 0
	for _, a := range m.Applications {
		units += len(a.Units)
		if a.Subordinate {
			subs++
		}
	}
	return fmt.Sprintf("%d machines (%d with a container), %d applications (%d subordinate), %d units,\n   %d relations, %d storage instances, %s, %d secrets",
		machines, containers, len(m.Applications), subs, units, len(m.Relations), len(m.Storages), plural(countOffers(m), "offer"), len(m.Secrets))
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func countOffers(m *description.Model) int {
	n := 0
	for _, a := range m.Applications {
		n += len(a.Offers)
	}
	return n
}

// printAbridged prints the model and application sections of a status in
// full and sums up the rest.
func printAbridged(w io.Writer, status string) {
	sections := strings.Split(strings.TrimRight(status, "\n"), "\n\n")
	for i, s := range sections {
		if i < 2 {
			fmt.Fprintf(w, "   %s\n\n", strings.ReplaceAll(s, "\n", "\n   "))
			continue
		}
		lines := strings.Split(s, "\n")
		head := strings.Fields(lines[0])
		fmt.Fprintf(w, "   ... %d %s rows ('ferry status' shows them all)\n", len(lines)-1, strings.ToLower(head[0]))
	}
}

func isMigrationSeq(coll string, doc bson.Raw) bool {
	if coll != "sequence" {
		return false
	}
	id, _ := doc.Lookup("_id").StringValueOK()
	return strings.HasSuffix(id, ":modelmigration")
}

// dumpController reads every document of a controller's databases as
// extended JSON, sorted, leaving out what skip says. The models
// documents' txn-revno is left out: the quiesce and its undo are two of
// Juju's transactional updates, each of which bumps it.
func dumpController(ctx context.Context, c *migrate.Controller, skip func(string, bson.Raw) bool) (map[string][]string, error) {
	out := map[string][]string{}
	for _, db := range []*mongo.Database{c.State(), c.Blobs(), c.Logs()} {
		names, err := db.ListCollectionNames(ctx, bson.D{})
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			cur, err := db.Collection(n).Find(ctx, bson.D{})
			if err != nil {
				return nil, err
			}
			var docs []string
			for cur.Next(ctx) {
				if skip != nil && skip(n, cur.Current) {
					continue
				}
				d := cur.Current
				if n == "models" {
					var m bson.D
					if err := bson.Unmarshal(d, &m); err == nil {
						kept := m[:0]
						for _, e := range m {
							if e.Key != "txn-revno" {
								kept = append(kept, e)
							}
						}
						d, _ = bson.Marshal(kept)
					}
				}
				docs = append(docs, d.String())
			}
			err = cur.Err()
			cur.Close(ctx)
			if err != nil {
				return nil, err
			}
			sort.Strings(docs)
			if len(docs) > 0 {
				out[db.Name()+"."+n] = docs
			}
		}
	}
	return out, nil
}

// diffDumps says how two dumps differ, or "".
func diffDumps(a, b map[string][]string) string {
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	var diffs []string
	for _, k := range sortedKeys(keys) {
		if len(a[k]) != len(b[k]) {
			diffs = append(diffs, fmt.Sprintf("%s has %d documents, had %d", k, len(b[k]), len(a[k])))
			continue
		}
		for i := range a[k] {
			if a[k][i] != b[k][i] {
				diffs = append(diffs, fmt.Sprintf("a document of %s changed", k))
				break
			}
		}
	}
	return strings.Join(diffs, "; ")
}

func countDocs(d map[string][]string) int {
	n := 0
	for _, docs := range d {
		n += len(docs)
	}
	return n
}
