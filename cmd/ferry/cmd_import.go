package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/modelferry/ferry/description"
	importer "github.com/modelferry/ferry/import"
)

func init() {
	c := &command{
		name: "import",
		args: "--mongo URI [flags] FILE",
		summary: `Import a model description into a controller database, all or nothing.

import validates FILE, prechecks the target (no model with the same UUID
or owner/name; the model's users, cloud, region and credential exist; the
controller is not older than the model), writes the model marked as
importing, and activates it. On any failure it removes everything it
wrote; a model left importing by a crashed import is removed by the next
import of it, or by 'ferry abort-import'.

--init-controller first writes the controller documents a fresh Juju
controller has and the model needs (controller settings and model, cloud
and region, credential, users, secret backends), so that any description
can be imported into a bare database such as 'ferry serve' starts.
--dry-run prechecks and imports into a scratch database on the same
server, which it then drops: the target is not written.
--no-activate leaves the model importing (hidden from Juju) for checks;
'ferry abort-import' then removes it.`,
	}
	c.run = func(ctx context.Context, st *stdio, args []string) error { return runImport(ctx, c, st, args) }
	register(c)
}

func runImport(ctx context.Context, c *command, st *stdio, args []string) error {
	fs := newFlags(c, st)
	in := addInputFlags(fs)
	mf := addMongoFlags(fs)
	noActivate := fs.Bool("no-activate", false, "leave the model importing (hidden from Juju) instead of activating it")
	dryRun := fs.Bool("dry-run", false, "precheck and import into a scratch database that is then dropped; write nothing to the target")
	initCtrl := fs.Bool("init-controller", false, "first write the controller documents the model needs where they are missing")
	batch := fs.Int("batch-size", importer.DefaultBatchSize, "documents per insert")
	logsDB := fs.String("logs-db", "logs", `database of the models' log collections ("" creates none)`)
	progress := fs.String("progress", "auto", "progress display: auto (a bar on a terminal, log lines otherwise), bar, lines or none")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"want exactly one FILE"}
	}
	if *dryRun && *initCtrl {
		return usageError{"--dry-run writes nothing to the target, so it cannot be combined with --init-controller"}
	}
	if *batch <= 0 {
		return usageError{"--batch-size must be positive"}
	}
	switch *progress {
	case "auto", "bar", "lines", "none":
	default:
		return usageError{fmt.Sprintf("--progress %q: want auto, bar, lines or none", *progress)}
	}
	path := fs.Arg(0)
	m, err := in.read(path)
	if err != nil {
		var list description.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				fmt.Fprintln(st.err, e.Error())
			}
			return fmt.Errorf("%s is not a valid model description (%d problems): nothing was written", path, len(list))
		}
		return err
	}
	client, db, err := mf.connect(ctx)
	if err != nil {
		return err
	}
	defer client.Disconnect(context.Background())

	pr := newProgress(st, *progress)
	opts := importer.Options{BatchSize: *batch, Progress: pr.update}
	if *logsDB != "" && !*dryRun {
		opts.LogsDB = client.Database(*logsDB)
	}
	im := importer.New(db, opts)
	ref := fmt.Sprintf("%s/%s (%s)", m.Owner, m.Name(), m.UUID())

	if *initCtrl {
		rep, err := im.InitController(ctx, m, importer.InitOptions{})
		if err != nil {
			return mf.redactErr(err)
		}
		if len(rep.Written) == 0 {
			fmt.Fprintf(st.out, "controller %s: nothing to initialise\n", rep.ControllerUUID)
		} else {
			fmt.Fprintf(st.out, "controller %s: initialised %d documents\n", rep.ControllerUUID, len(rep.Written))
		}
	}

	var res *importer.Result
	if *dryRun {
		res, err = im.DryRun(ctx, m)
	} else {
		res, err = im.Import(ctx, m)
	}
	pr.finish()
	if err != nil {
		var pe *importer.PrecheckError
		if errors.As(err, &pe) {
			fmt.Fprintf(st.err, "ferry import: the target cannot take model %s:\n", ref)
			for _, p := range pe.Problems {
				fmt.Fprintf(st.err, "  - %s\n", p)
			}
			if !*initCtrl && !pe.Conflict {
				fmt.Fprintln(st.err, "(a bare database needs --init-controller)")
			}
			return exitError{1}
		}
		var we *importer.WriteError
		if ctx.Err() != nil && !errors.As(err, &we) {
			// Import writes only in its cleanup and write phases, whose
			// failures are WriteErrors.
			return fmt.Errorf("interrupted before anything was written (%w)", mf.redactErr(err))
		}
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted: %w", mf.redactErr(err))
		}
		return mf.redactErr(err)
	}
	if res.Cleaned != nil {
		fmt.Fprintf(st.out, "removed an earlier import of %s that did not finish: %d documents\n", ref, res.Cleaned.Total())
	}
	elapsed := res.Elapsed.Round(time.Millisecond)
	if *dryRun {
		fmt.Fprintf(st.out, "dry run: model %s would import: %d documents in %d collections (%s in a scratch database, since dropped); nothing was written\n",
			ref, res.Docs, len(res.Collections), elapsed)
		return nil
	}
	fmt.Fprintf(st.out, "imported model %s: %d documents in %d collections in %s\n", ref, res.Docs, len(res.Collections), elapsed)
	if *noActivate {
		fmt.Fprintf(st.out, "model %s is left importing; activate it with a Juju migration, or remove it with 'ferry abort-import --model %s'\n", ref, m.UUID())
		return nil
	}
	if err := im.Activate(ctx, m.UUID()); err != nil {
		if ctx.Err() != nil {
			return undoInterrupted(ctx, st, im, m.UUID(), mf.redactErr(err))
		}
		return mf.redactErr(fmt.Errorf("the model was imported but not activated (it is still importing; retry the import or run 'ferry abort-import --model %s'): %w", m.UUID(), err))
	}
	fmt.Fprintf(st.out, "activated model %s\n", ref)
	if leaders := importer.Leaders(m); len(leaders) > 0 {
		apps := make([]string, 0, len(leaders))
		for a, u := range leaders {
			apps = append(apps, a+"="+u)
		}
		sort.Strings(apps)
		fmt.Fprintf(st.out, "note: leadership lives in the controller's lease store, not in MongoDB; leaders to claim: %s\n", strings.Join(apps, " "))
	}
	return nil
}

// undoInterrupted removes an imported model whose activation an interrupt
// stopped, with a fresh context bounded by abortDeadline, and says what a
// count then finds.
func undoInterrupted(ctx context.Context, st *stdio, im *importer.Importer, uuid string, cause error) error {
	fmt.Fprintf(st.err, "ferry import: interrupted before the model was activated: removing it (at most %s)\n", abortDeadline)
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), abortDeadline)
	defer cancel()
	rep, err := im.Abort(actx, uuid)
	switch {
	case err == nil:
		return fmt.Errorf("interrupted (%v): model %s was not activated; everything written was removed (%d documents; a count finds nothing of it left)", cause, uuid, rep.Total())
	case rep != nil && rep.Remains.Total() > 0:
		return fmt.Errorf("interrupted (%v): model %s was not activated, and removing it failed (%w): left of it: %s; 'ferry abort-import --model %s' removes it", cause, uuid, err, rep.Remains, uuid)
	}
	return fmt.Errorf("interrupted (%v): model %s was not activated, and removing it failed (%w); 'ferry abort-import --model %s' removes it", cause, uuid, err, uuid)
}

// progressReporter shows an import's progress: a bar on a terminal
// (collections done, documents written, rate), log lines otherwise.
type progressReporter struct {
	w        io.Writer
	mode     string // bar, lines or none
	bar      *progressbar.ProgressBar
	phase    string
	lastLine time.Time
	last     importer.Progress
}

func newProgress(st *stdio, mode string) *progressReporter {
	if mode == "auto" {
		mode = "lines"
		if f, ok := st.err.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			mode = "bar"
		}
	}
	return &progressReporter{w: st.err, mode: mode}
}

// lineEvery bounds how often plain progress lines are printed.
const lineEvery = 2 * time.Second

func (p *progressReporter) update(ev importer.Progress) {
	p.last = ev
	switch p.mode {
	case "none":
		return
	case "bar":
		if ev.Phase == "write" && p.bar == nil && ev.TotalDocs > 0 {
			p.bar = progressbar.NewOptions(ev.TotalDocs,
				progressbar.OptionSetWriter(p.w),
				progressbar.OptionSetDescription("importing"),
				progressbar.OptionShowCount(),
				progressbar.OptionShowIts(),
				progressbar.OptionSetItsString("docs"),
				progressbar.OptionSetWidth(30),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionClearOnFinish(),
			)
		}
		if p.bar != nil {
			p.bar.Describe(fmt.Sprintf("%-22s %d/%d collections", ev.Collection, ev.Step, ev.Steps))
			p.bar.Set(ev.Docs)
		}
		if ev.Phase != "write" && ev.Phase != p.phase && ev.Phase != "done" {
			p.bar = nil
			fmt.Fprintf(p.w, "ferry import: %s\n", phaseText(ev))
		}
	case "lines":
		now := time.Now()
		if ev.Phase != p.phase || ev.Phase == "write" && now.Sub(p.lastLine) >= lineEvery {
			if ev.Phase != "done" {
				fmt.Fprintf(p.w, "ferry import: %s\n", phaseText(ev))
			}
			p.lastLine = now
		}
	}
	p.phase = ev.Phase
}

func phaseText(ev importer.Progress) string {
	switch ev.Phase {
	case "precheck":
		return "checking the target"
	case "cleanup":
		return "removing an earlier import of the model that did not finish"
	case "undo":
		return fmt.Sprintf("the import failed at %s: removing what it wrote", ev.Collection)
	case "write":
		rate := 0.0
		if s := ev.Elapsed.Seconds(); s > 0 {
			rate = float64(ev.Docs) / s
		}
		return fmt.Sprintf("writing %s: %d/%d collections, %d/%d documents, %.0f docs/s", ev.Collection, ev.Step, ev.Steps, ev.Docs, ev.TotalDocs, rate)
	}
	return ev.Phase
}

func (p *progressReporter) finish() {
	if p.bar != nil {
		p.bar.Finish()
		p.bar = nil
	}
}
