package migrate

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/export"
)

// A migration moves the model in the description generation the target
// controller reads, as Juju's own migration exports in the format the
// target's juju/description reads. The tree goes from export to import in
// memory, with no description file in between, so that generation shows
// only in what the model may carry: the prechecks refuse a model holding
// values it cannot hold (description.Losses), unless AllowLoss, and the
// import phase then moves the model without them.

// lossKinds are the parts of a model where description.Losses finds
// values an older generation cannot hold: the model (agent version),
// SSH host keys (export reads the virtual host keys with them), machines
// (hostname), applications (charm data, storage unique id) and secrets
// (revision checksum). Reading them is
// not free: on the medium seed it cost 0.53x the rest of the prechecks
// (best and median of 5 interleaved runs, 2 loaded cores); a projection
// of just those fields could replace it once export reads them.
const lossKinds = export.Model | export.SSHHostKeys | export.Machines | export.Applications | export.Secrets

// format returns the generation the migration writes: the one asked for
// (recorded, so that a resume keeps it), else the one the target
// controller's Juju version reads. ok is false when the target's version
// is unknown: the importer's prechecks report that.
func (r *run) format() (t description.Target, ok bool, err error) {
	if name := or(r.rec.Format, r.opts.Target.Release); name != "" {
		t, err := description.ParseTarget(name)
		if err != nil {
			return t, false, fmt.Errorf("the migration's description generation: %w", err)
		}
		return t, true, nil
	}
	version := or(r.dstInfo.Version, r.rec.Target.Version)
	if version == "" {
		return description.LatestTarget, false, nil
	}
	t, err = description.TargetForJuju(version)
	if err != nil {
		return t, false, fmt.Errorf("cannot tell which description generation the target controller reads: %w (name one with Options.Target, --generation)", err)
	}
	return t, true, nil
}

// formatSource says why the migration writes the generation it writes.
func (r *run) formatSource() string {
	if or(r.rec.Format, r.opts.Target.Release) != "" {
		return "asked for"
	}
	return "the target's Juju " + or(r.dstInfo.Version, r.rec.Target.Version) + " reads"
}

func (r *run) allowLoss() bool { return r.rec.AllowLoss || r.opts.AllowLoss }

// lossText is the problem a model the generation cannot hold makes.
func (r *run) lossText(t description.Target, losses []description.Loss) string {
	return fmt.Sprintf("juju/description %s (Juju %s), the generation %s, cannot hold %d value(s) of this model (--allow-loss migrates without them):%s",
		t.Release, t.Juju, r.formatSource(), len(losses), lossList(losses))
}

// lossList lists losses one per line, indented under a problem.
func lossList(losses []description.Loss) string {
	var b strings.Builder
	for _, l := range losses {
		fmt.Fprintf(&b, "\n      %s: needs %s", l.Path, l.Why)
	}
	return b.String()
}

// lossProblems checks that the generation the migration writes holds the
// whole model, reading only the parts where an older generation loses
// values, and not at all when it is the newest one or the source
// controller's own generation is no newer (sourceFitsIn). With AllowLoss a loss
// is not a problem; the import phase reports it.
func (r *run) lossProblems(ctx context.Context) ([]problem, error) {
	t, ok, err := r.format()
	switch {
	case err != nil:
		return []problem{{text: err.Error()}}, nil
	case !ok || t.Release == description.LatestTarget.Release || r.allowLoss():
		return nil, nil
	}
	if r.sourceFitsIn(ctx, t) {
		return nil, nil
	}
	m, err := export.ExportDB(ctx, r.src.State(), r.rec.ModelUUID, export.Options{Kinds: lossKinds, StatusHistoryLimit: -1, Extended: true})
	if err != nil {
		return nil, fmt.Errorf("reading the model for the target's description generation: %w", err)
	}
	if losses := description.Losses(m, t); len(losses) > 0 {
		return []problem{{text: r.lossText(t, losses)}}, nil
	}
	return nil, nil
}

// sourceFitsIn says whether the source controller's own generation (the
// one its Juju version writes) is no newer than t: the source then holds
// nothing t cannot, and the partial export lossProblems would read is not
// needed. A version that cannot be read or mapped says no, so the check
// falls back to reading the model; the import phase checks the tree it
// moves in any case (inFormat).
func (r *run) sourceFitsIn(ctx context.Context, t description.Target) bool {
	v, err := export.SourceJujuVersion(ctx, export.NewMongoSource(r.src.State()), r.rec.ModelUUID)
	if err != nil {
		return false
	}
	st, err := description.TargetForJuju(v.Version)
	return err == nil && targetIndex(st) >= 0 && targetIndex(st) <= targetIndex(t)
}

// targetIndex is t's place in description.Targets (oldest first), -1 when
// it is not one of them.
func targetIndex(t description.Target) int {
	for i, x := range description.Targets {
		if x.Release == t.Release {
			return i
		}
	}
	return -1
}

// inFormat returns m as the generation the migration writes holds it: m
// itself when nothing is lost; with AllowLoss, m written in that
// generation and read back, so that the target gets what a description
// file of it would carry; otherwise a *PrecheckError listing the losses
// (the model gained them after the prechecks).
func (r *run) inFormat(m *description.Model) (*description.Model, error) {
	t, ok, err := r.format()
	if err != nil {
		return nil, &PrecheckError{Model: r.modelRef(), Problems: []string{err.Error()}}
	}
	if !ok {
		return m, nil
	}
	out, losses, err := toGeneration(m, t, r.allowLoss())
	var le *description.LossError
	if errors.As(err, &le) {
		return nil, &PrecheckError{Model: r.modelRef(), Problems: []string{r.lossText(t, losses)}}
	}
	if err != nil {
		return nil, err
	}
	r.lost = losses
	msg := fmt.Sprintf("moving the model as juju/description %s (Juju %s) holds it, the generation %s", t.Release, t.Juju, r.formatSource())
	if len(losses) > 0 {
		msg += fmt.Sprintf(", without %d value(s) it cannot hold (allowed):%s", len(losses), lossList(losses))
	}
	r.emit(Event{Kind: EventInfo, Phase: r.rec.Phase, Done: int64(len(losses)), Unit: "values lost", Message: msg})
	return out, nil
}

// toGeneration returns m as generation t holds it, and what t loses of m:
// m itself when nothing is lost, a *description.LossError when something
// is and allowLoss is false, and otherwise m written for t and read back.
func toGeneration(m *description.Model, t description.Target, allowLoss bool) (*description.Model, []description.Loss, error) {
	losses := description.Losses(m, t)
	if len(losses) == 0 {
		return m, nil, nil
	}
	if !allowLoss {
		return nil, losses, &description.LossError{Target: t, Losses: losses}
	}
	data, err := description.WriteWithOptions(m, description.WriteOptions{Target: t, AllowLoss: true})
	var le *description.LossError
	if err != nil && !errors.As(err, &le) {
		return nil, losses, fmt.Errorf("writing the model for juju/description %s: %w", t.Release, err)
	}
	back, err := description.Read("juju/description "+t.Release, data)
	if err != nil {
		return nil, losses, fmt.Errorf("reading back the model written for juju/description %s: %w", t.Release, err)
	}
	return back, losses, nil
}
