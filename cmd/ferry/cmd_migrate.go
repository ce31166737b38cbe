package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/modelferry/ferry/internal/controllers"
	"github.com/modelferry/ferry/migrate"
)

func init() {
	c := &command{
		name: "migrate",
		args: "MODEL --from NAME|URI --to NAME|URI [--dry-run] [--grace D] [--json] | --resume ID [--from NAME|URI] [--to NAME|URI]",
		summary: `Move a model from one controller to another, end to end.

migrate runs the phases of a migration, each recorded on the source
controller: prechecks of both sides (waiting up to --grace for a busy
model to settle), quiesce, export and import, binaries (charms, agent
binaries, resources), logs, validation, switch-over and cleanup. Any
error before the switch-over aborts it: the target keeps nothing of the
model and the source model is active again. Ctrl-C aborts too (press it
twice to leave the migration as it is for --resume).

MODEL is a name, owner/name or UUID. --from and --to name registered
controllers (see 'ferry controllers') or give MongoDB URIs.

--dry-run rehearses everything but the switch-over into scratch databases
on the target and writes nothing to the source.

--resume ID finishes a migration whose process was killed: forward from
the phase it stopped in, or its abort if one was under way. Without --from
it looks for the migration on every registered controller; without --to
it uses the registered controller the migration started with.

Progress goes to stderr: bars on a terminal, log lines otherwise, or one
JSON event per line on stdout with --json.`,
	}
	c.run = func(ctx context.Context, st *stdio, args []string) error { return runMigrate(ctx, c, st, args) }
	register(c)
}

// parseInterspersed parses flags that may come after positional
// arguments ("ferry migrate MODEL --from a"), which flag.Parse alone
// stops at.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// controllerFlags are the connection options shared by --from and --to
// when they are URIs.
type controllerFlags struct {
	db, blobsDB, logsDB            string
	user, passwordFile, authSource string
	tls, insecure, direct          bool
	caFile, serverName             string
	timeout                        time.Duration
}

func addControllerFlags(fs *flag.FlagSet) *controllerFlags {
	f := &controllerFlags{}
	fs.StringVar(&f.db, "db", "juju", "database holding a URI-given controller's collections")
	fs.StringVar(&f.blobsDB, "blobs-db", "blobstore", "database holding a URI-given controller's blob store")
	fs.StringVar(&f.logsDB, "logs-db", "logs", "database holding a URI-given controller's model logs")
	fs.StringVar(&f.user, "mongo-user", "", "user to log in as, for URI-given controllers")
	fs.StringVar(&f.passwordFile, "mongo-password-file", "", "file holding the password, for URI-given controllers (default $"+envMongoPassword+")")
	fs.StringVar(&f.authSource, "auth-source", "", "database to authenticate against")
	fs.BoolVar(&f.tls, "tls", false, "connect to URI-given controllers with TLS")
	fs.StringVar(&f.caFile, "tls-ca-file", "", "PEM file of the CA of URI-given controllers (implies --tls)")
	fs.BoolVar(&f.insecure, "tls-insecure", false, "do not verify servers' certificates (implies --tls)")
	fs.StringVar(&f.serverName, "tls-server-name", "", "name to verify servers' certificates against")
	fs.BoolVar(&f.direct, "direct", false, "talk to the one host named, without replica set discovery")
	fs.DurationVar(&f.timeout, "mongo-timeout", 30*time.Second, "how long to wait for a server")
	return f
}

// conn is one connected controller.
type conn struct {
	ctl *migrate.Controller
	mf  *mongoFlags
	reg *controllers.Controller // set when it was named from the registry
}

func (c *conn) close() { c.ctl.Client.Disconnect(context.Background()) }

// redact removes the controller's credentials from an error.
func (c *conn) redact(err error) error { return c.mf.redactErr(err) }

// isURI tells a MongoDB URI from a controller name.
func isURI(s string) bool { return strings.Contains(s, "://") }

// connectController connects to a controller given by registry name or
// URI.
func connectController(ctx context.Context, ref string, cf *controllerFlags) (*conn, error) {
	if ref == "" {
		return nil, usageError{"no controller given"}
	}
	mf := &mongoFlags{timeout: cf.timeout}
	var reg *controllers.Controller
	name := ""
	blobsDB, logsDB := cf.blobsDB, cf.logsDB
	if isURI(ref) {
		mf.uri, mf.db, mf.user, mf.passwordFile, mf.authSource = ref, cf.db, cf.user, cf.passwordFile, cf.authSource
		mf.tls, mf.caFile, mf.insecure, mf.serverName, mf.direct = cf.tls, cf.caFile, cf.insecure, cf.serverName, cf.direct
		name = redactURI(ref)
	} else {
		r, err := controllers.LoadDefault()
		if err != nil {
			return nil, err
		}
		c, err := r.Get(ref)
		if err != nil {
			return nil, err
		}
		reg = &c
		name = c.Name
		blobsDB, logsDB = or(c.BlobsDB, "blobstore"), or(c.LogsDB, "logs")
		mf.uri, mf.db, mf.user, mf.passwordFile, mf.authSource = c.URI, or(c.DB, "juju"), c.User, c.PasswordFile, c.AuthSource
		mf.tls, mf.caFile, mf.insecure, mf.serverName, mf.direct = c.TLS, c.CAFile, c.Insecure, c.ServerName, c.Direct
	}
	client, db, err := mf.connect(ctx)
	if err != nil {
		return nil, err
	}
	return &conn{
		ctl: &migrate.Controller{Name: name, Address: redactURI(mf.uri), Client: client, StateDB: db.Name(), BlobsDB: blobsDB, LogsDB: logsDB},
		mf:  mf, reg: reg,
	}, nil
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// registered connects to every registered controller it can reach, for
// commands that search them all; unreachable ones are reported in errs.
func registered(ctx context.Context, cf *controllerFlags) (conns []*conn, errs map[string]error, err error) {
	r, err := controllers.LoadDefault()
	if err != nil {
		return nil, nil, err
	}
	errs = map[string]error{}
	for _, c := range r.Controllers {
		cctx, cancel := context.WithTimeout(ctx, cf.timeout)
		k, err := connectController(cctx, c.Name, cf)
		cancel()
		if err != nil {
			errs[c.Name] = err
			continue
		}
		conns = append(conns, k)
	}
	return conns, errs, nil
}

func runMigrate(ctx context.Context, c *command, st *stdio, args []string) error {
	fs := newFlags(c, st)
	cf := addControllerFlags(fs)
	from := fs.String("from", "", "source controller: registered name or MongoDB URI")
	to := fs.String("to", "", "target controller: registered name or MongoDB URI")
	dryRun := fs.Bool("dry-run", false, "rehearse into scratch databases on the target; write nothing to the source")
	resume := fs.String("resume", "", "finish the migration with this ID")
	grace := fs.Duration("grace", migrate.DefaultGrace, "how long the prechecks wait for a busy model to settle (0: check once)")
	asJSON := fs.Bool("json", false, "write one JSON event per line to stdout instead of progress")
	initTarget := fs.Bool("init-target", false, "first write the controller documents, cloud, credential and users the model needs into the target where missing (for a bare database such as 'ferry serve' runs)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	switch {
	case *resume != "" && len(pos) > 0:
		return usageError{"--resume takes no MODEL"}
	case *resume == "" && len(pos) != 1:
		return usageError{"give one MODEL (or --resume ID)"}
	case *resume == "" && (*from == "" || *to == ""):
		return usageError{"--from and --to are required"}
	case *resume != "" && *dryRun:
		return usageError{"--dry-run cannot resume"}
	}
	g := *grace
	if g == 0 {
		g = -1
	}

	// The first interrupt aborts (before the switch-over); a second one
	// stops at once, leaving the migration for --resume.
	runCtx, stopRun := context.WithCancel(context.WithoutCancel(ctx))
	defer stopRun()
	out := newProgressOutput(st, *asJSON)
	defer out.close()
	var curID string
	var idMu sync.Mutex
	opts := migrate.Options{Grace: g, Progress: func(e migrate.Event) {
		idMu.Lock()
		if e.MigrationID != "" && e.MigrationID != "dry-run" {
			curID = e.MigrationID
		}
		idMu.Unlock()
		out.event(e)
	}}

	src, err := connectSource(ctx, *from, *resume, cf)
	if err != nil {
		return err
	}
	defer src.close()

	abortCh := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
		case <-abortCh:
			return
		}
		idMu.Lock()
		id := curID
		idMu.Unlock()
		if id == "" || *dryRun {
			stopRun()
			return
		}
		actx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		// Ask the running migration (this process) to abort through its
		// record; it sees the request at its next heartbeat.
		switch err := requestAbort(actx, src.ctl, id); {
		case errors.Is(err, migrate.ErrCommitted):
			out.note(fmt.Sprintf("interrupted, but migration %s has switched over and can only be completed: completing it (interrupt again to stop; 'ferry migrate --resume %s' then finishes it)", id, id))
		case err != nil:
			out.note(fmt.Sprintf("interrupted: stopping (%v); 'ferry migrate --resume %s' finishes the migration, 'ferry migration abort %s' undoes it", src.redact(err), id, id))
			stopRun()
			return
		default:
			out.note(fmt.Sprintf("interrupted: aborting migration %s (interrupt again to leave it for 'ferry migrate --resume %s')", id, id))
		}
		sig := make(chan os.Signal, 1)
		notifyInterrupt(sig)
		select {
		case <-sig:
			stopRun()
		case <-abortCh:
		}
	}()
	defer close(abortCh)

	var res *migrate.Result
	switch {
	case *resume != "":
		var dst *conn
		dst, err = connectResumeTarget(ctx, src, *to, *resume, cf)
		if err != nil {
			return src.redact(err)
		}
		defer dst.close()
		res, err = migrate.Resume(runCtx, src.ctl, dst.ctl, *resume, opts)
		err = dst.redact(src.redact(err))
	default:
		var dst *conn
		dst, err = connectController(ctx, *to, cf)
		if err != nil {
			return err
		}
		defer dst.close()
		if *initTarget {
			if err := prepareTarget(ctx, st.err, src.ctl, dst.ctl, pos[0]); err != nil {
				return dst.redact(src.redact(err))
			}
		}
		if *dryRun {
			res, err = migrate.DryRun(runCtx, src.ctl, dst.ctl, pos[0], opts)
		} else {
			res, err = migrate.Migrate(runCtx, src.ctl, dst.ctl, pos[0], opts)
		}
		err = dst.redact(src.redact(err))
	}
	out.close()
	if res != nil && !*asJSON {
		printSummary(st.out, res)
	}
	return err
}

// connectSource connects to the source: --from, or, for a resume without
// it, the registered controller that holds the migration's record.
func connectSource(ctx context.Context, from, id string, cf *controllerFlags) (*conn, error) {
	if from != "" || id == "" {
		return connectController(ctx, from, cf)
	}
	conns, _, err := registered(ctx, cf)
	if err != nil {
		return nil, err
	}
	var found *conn
	for _, k := range conns {
		if found == nil {
			if _, err := migrate.Get(ctx, k.ctl, id); err == nil {
				found = k
				continue
			}
		}
		k.close()
	}
	if found == nil {
		return nil, fmt.Errorf("no registered controller holds migration %s; give the source with --from", id)
	}
	return found, nil
}

// connectResumeTarget connects to the target of migration id: --to, or
// the registered controller of the recorded name (checked by UUID).
func connectResumeTarget(ctx context.Context, src *conn, to, id string, cf *controllerFlags) (*conn, error) {
	if to != "" {
		return connectController(ctx, to, cf)
	}
	rec, err := migrate.Get(ctx, src.ctl, id)
	if err != nil {
		return nil, err
	}
	name := rec.Target.Name
	if isURI(name) || !controllers.ValidName(name) {
		if rec.Target.Address != "" && !strings.Contains(rec.Target.Address, "xxxxx") {
			return connectController(ctx, rec.Target.Address, cf)
		}
		return nil, usageError{fmt.Sprintf("migration %s went to %s, which is not a registered controller: give it with --to", id, name)}
	}
	return connectController(ctx, name, cf)
}

// requestAbort asks the process running a migration to abort it, through
// its record.
func requestAbort(ctx context.Context, src *migrate.Controller, id string) error {
	return migrate.RequestAbort(ctx, src, id, "interrupted")
}

// printSummary says how a migration ended.
func printSummary(w io.Writer, res *migrate.Result) {
	rec := res.Record
	var parts []string
	for _, p := range migrate.Phases {
		pr := rec.PhaseRecord(p)
		if !pr.Finished.IsZero() {
			parts = append(parts, fmt.Sprintf("%s %s", p, pr.Duration.Round(time.Millisecond)))
		}
	}
	what := "migration " + rec.ID
	if res.DryRun {
		what = "dry run"
	}
	fmt.Fprintf(w, "%s of %s/%s: %s in %s\n", what, rec.ModelOwner, rec.ModelName, rec.State, rec.Elapsed().Round(time.Millisecond))
	if len(parts) > 0 {
		fmt.Fprintf(w, "  phases: %s\n", strings.Join(parts, ", "))
	}
	c := rec.Counters
	fmt.Fprintf(w, "  moved: %d documents, %d blobs (%d copied, %d already there, %s), %d log entries\n",
		c.Docs, c.Blobs, c.Copied, c.Present, humanBytes(c.Bytes), c.Logs)
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// progressOutput shows a migration's events: bars on a terminal, plain
// log lines otherwise, JSON lines with --json.
type progressOutput struct {
	mu       sync.Mutex
	w        io.Writer // events (stderr; stdout for JSON)
	json     bool
	tty      bool
	bar      *progressbar.ProgressBar
	barPhase migrate.Phase
	barBytes bool
	// For log lines: when each phase last printed progress.
	lastLine map[migrate.Phase]time.Time
	closed   bool
}

func newProgressOutput(st *stdio, asJSON bool) *progressOutput {
	p := &progressOutput{w: st.err, json: asJSON, lastLine: map[migrate.Phase]time.Time{}}
	if asJSON {
		p.w = st.out
		return p
	}
	if f, ok := st.err.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty = true
	}
	return p
}

func (p *progressOutput) event(e migrate.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	if p.json {
		b, _ := json.Marshal(e)
		fmt.Fprintf(p.w, "%s\n", b)
		return
	}
	if e.Kind == migrate.EventProgress && e.Total > 0 {
		if p.tty {
			p.showBar(e)
		} else {
			p.logProgress(e)
		}
		return
	}
	p.endBar()
	line := describe(e)
	if line == "" {
		return
	}
	if p.tty {
		fmt.Fprintln(p.w, line)
	} else {
		fmt.Fprintf(p.w, "%s ferry: %s\n", e.Time.Local().Format("15:04:05"), line)
	}
}

// note prints a line of the command's own.
func (p *progressOutput) note(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.endBar()
	if p.json {
		b, _ := json.Marshal(map[string]string{"event": "note", "message": s, "time": time.Now().UTC().Format(time.RFC3339Nano)})
		fmt.Fprintf(p.w, "%s\n", b)
		return
	}
	fmt.Fprintln(p.w, "ferry: "+s)
}

func (p *progressOutput) showBar(e migrate.Event) {
	useBytes := e.TotalBytes > 0
	if p.bar == nil || p.barPhase != e.Phase || p.barBytes != useBytes {
		p.endBar()
		max := e.Total
		if useBytes {
			max = e.TotalBytes
		}
		opts := []progressbar.Option{
			progressbar.OptionSetWriter(p.w), progressbar.OptionSetDescription(fmt.Sprintf("%-10s", e.Phase)),
			// The bar's own rate and time left are shown from the first
			// item; rateAndLeft's wait until they mean something.
			progressbar.OptionSetPredictTime(false), progressbar.OptionSetElapsedTime(true),
			progressbar.OptionShowCount(), progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100 * time.Millisecond), progressbar.OptionSetRenderBlankState(true),
		}
		if useBytes {
			opts = append(opts, progressbar.OptionShowBytes(true))
		}
		p.bar = progressbar.NewOptions64(max, opts...)
		p.barPhase, p.barBytes = e.Phase, useBytes
	}
	desc := fmt.Sprintf("%-10s", e.Phase)
	if s := rateAndLeft(e); s != "" {
		desc += " " + s
	}
	p.bar.Describe(desc)
	if useBytes {
		p.bar.Set64(e.Bytes)
	} else {
		p.bar.Set64(e.Done)
	}
}

// Progress shows a rate and the time left only once they mean something:
// after rateAfter of the phase, or once rateShare of its work is done
// (and at least rateMinElapsed has passed, so that the first batch's
// burst is not taken for a rate). Before that, one item out of thousands
// after a few milliseconds gives an estimate off by orders of magnitude.
const (
	rateAfter      = 2 * time.Second
	rateShare      = 0.05
	rateMinElapsed = 250 * time.Millisecond
)

// rateAndLeft says how fast a phase goes and how long it has left, as
// "1234 docs/s, 3m5s left" (bytes when the event counts bytes), or ""
// while that would not mean anything yet.
func rateAndLeft(e migrate.Event) string {
	done, total := e.Done, e.Total
	if e.TotalBytes > 0 {
		done, total = e.Bytes, e.TotalBytes
	}
	el := e.Elapsed
	if done <= 0 || total <= 0 || el <= 0 {
		return ""
	}
	if el < rateAfter && (el < rateMinElapsed || float64(done) < rateShare*float64(total)) {
		return ""
	}
	rate := float64(done) / el.Seconds()
	var s string
	if e.TotalBytes > 0 {
		s = humanBytes(int64(rate)) + "/s"
	} else {
		s = fmt.Sprintf("%.0f %s/s", rate, shortUnit(e.Unit))
	}
	if done < total {
		left := time.Duration(float64(total-done) / rate * float64(time.Second))
		s += fmt.Sprintf(", %s left", left.Round(time.Second))
	}
	return s
}

func shortUnit(u string) string {
	switch u {
	case "documents":
		return "docs"
	case "log entries":
		return "entries"
	}
	return u
}

func (p *progressOutput) endBar() {
	if p.bar != nil {
		p.bar.Finish()
		fmt.Fprintln(p.w)
		p.bar = nil
	}
}

// logProgress prints a progress line at most once a second per phase,
// and at the end of each phase's count.
func (p *progressOutput) logProgress(e migrate.Event) {
	last, ok := p.lastLine[e.Phase]
	if ok && e.Done < e.Total && e.Time.Sub(last) < time.Second {
		return
	}
	p.lastLine[e.Phase] = e.Time
	line := fmt.Sprintf("[%s] %d/%d %s (%d%%)", e.Phase, e.Done, e.Total, e.Unit, e.Done*100/e.Total)
	if e.TotalBytes > 0 {
		line += fmt.Sprintf(", %s of %s", humanBytes(e.Bytes), humanBytes(e.TotalBytes))
	}
	if s := rateAndLeft(e); s != "" {
		line += ", " + s
	}
	fmt.Fprintf(p.w, "%s ferry: %s\n", e.Time.Local().Format("15:04:05"), line)
}

func (p *progressOutput) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.endBar()
	p.closed = true
}

// describe turns an event into a line of text.
func describe(e migrate.Event) string {
	switch e.Kind {
	case migrate.EventStarted:
		return e.Message
	case migrate.EventPhaseStarted:
		return fmt.Sprintf("[%s] started", e.Phase)
	case migrate.EventPhaseDone:
		s := fmt.Sprintf("[%s] done in %s", e.Phase, e.Elapsed.Round(time.Millisecond))
		if e.Message != "" {
			s += ": " + e.Message
		}
		return s
	case migrate.EventWaiting:
		return fmt.Sprintf("[%s] waiting for the model to settle: %s", e.Phase, e.Message)
	case migrate.EventInfo:
		return fmt.Sprintf("[%s] %s", e.Phase, e.Message)
	case migrate.EventAborting:
		return fmt.Sprintf("aborting in phase %s: %s", e.Phase, firstLine(e.Error))
	case migrate.EventPhaseUndone:
		return fmt.Sprintf("[%s] undone", e.Phase)
	case migrate.EventAborted:
		return "aborted: " + e.Message
	case migrate.EventDone:
		return fmt.Sprintf("done in %s: %s", e.Elapsed.Round(time.Millisecond), e.Message)
	case migrate.EventFailed:
		s := fmt.Sprintf("stopped in phase %s", e.Phase)
		if e.Message != "" {
			s += ": " + e.Message
		}
		return s
	}
	return ""
}

// notifyInterrupt relays the interrupts a second Ctrl-C sends.
func notifyInterrupt(c chan os.Signal) { signal.Notify(c, os.Interrupt, syscall.SIGTERM) }

// prepareTarget makes a bare target able to take the model.
func prepareTarget(ctx context.Context, w io.Writer, src, dst *migrate.Controller, model string) error {
	written, err := migrate.PrepareTarget(ctx, src, dst, model, "")
	if err != nil {
		return err
	}
	if len(written) > 0 {
		fmt.Fprintf(w, "ferry: prepared the target: wrote %d controller documents\n", len(written))
	}
	return nil
}
