package migrate

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"gopkg.in/yaml.v3"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/export"
	importer "github.com/modelferry/ferry/import"
	"github.com/modelferry/ferry/internal/blobstore"
	"github.com/modelferry/ferry/internal/modellogs"
)

// maxDifferences caps how many differences a validation error lists.
const maxDifferences = 25

// validate exports the model from the target and compares it with what
// the source's export predicts (importer.ExpectedExport: the source's
// model with every change the layout and Juju's import make), then checks
// that every blob and log entry arrived. Any difference fails the
// migration, naming what differs.
func (r *run) validate(ctx context.Context) error {
	m, err := r.sourceModel(ctx)
	if err != nil {
		return err
	}
	want, err := importer.ExpectedExport(m, importer.Options{Now: r.rec.ImportTime})
	if err != nil {
		return fmt.Errorf("predicting the target's export: %w", err)
	}
	// The binaries phase carried the charm revision sequences over.
	seqs, err := charmRevSequences(ctx, r.src.State(), r.rec.ModelUUID)
	if err != nil {
		return err
	}
	for _, d := range seqs {
		if want.Sequences == nil {
			want.Sequences = map[string]int{}
		}
		want.Sequences[str(d, "name")] = int(num(d, "counter"))
	}
	reads := newModelReads(export.NewMongoSource(r.dst.State()), r.rec.ModelUUID, false)
	got, err := export.Export(ctx, reads, r.rec.ModelUUID, exportOptions)
	if err != nil {
		return fmt.Errorf("exporting the model from %s: %w", r.dst.label(), err)
	}
	diffs, err := DiffModels(want, got)
	if err != nil {
		return err
	}

	man, err := r.ensureManifest(ctx)
	if err != nil {
		return err
	}
	var mps []string
	want2 := map[string]string{}
	what := map[string]string{}
	for _, it := range man.Items {
		mp := blobstore.ManagedPath(r.rec.ModelUUID, it.Path)
		mps = append(mps, mp)
		want2[mp] = it.SHA384
		what[mp] = it.Kind + " " + it.Ref
	}
	have, err := r.dst.store().PathDocs(ctx, mps)
	if err != nil {
		return err
	}
	found := map[string]string{}
	var ids []string
	for _, p := range have {
		found[p.ID] = p.ResourceID
		ids = append(ids, p.ResourceID)
	}
	entries, err := r.dst.store().Entries(ctx, ids)
	if err != nil {
		return err
	}
	for _, mp := range mps {
		switch id, ok := found[mp]; {
		case !ok:
			diffs = append(diffs, fmt.Sprintf("%s (blob %s): missing on the target", what[mp], mp))
		case id != want2[mp]:
			diffs = append(diffs, fmt.Sprintf("%s (blob %s): the target stores %s, the source %s", what[mp], mp, short(id), short(want2[mp])))
		case entries[id].Path == "":
			diffs = append(diffs, fmt.Sprintf("%s (blob %s): the target's catalogue has no data for it", what[mp], mp))
		}
	}
	rdiffs, err := r.diffResourceRecords(ctx)
	if err != nil {
		return err
	}
	diffs = append(diffs, rdiffs...)
	n, err := modellogs.Count(ctx, r.dst.Logs(), r.rec.ModelUUID)
	if err != nil {
		return err
	}
	if n < r.rec.Counters.Logs {
		diffs = append(diffs, fmt.Sprintf("log: the target holds %d entries, %d were copied", n, r.rec.Counters.Logs))
	}
	if len(diffs) > 0 {
		if len(diffs) > maxDifferences {
			diffs = append(diffs[:maxDifferences], fmt.Sprintf("... and %d more", len(diffs)-maxDifferences))
		}
		return &ValidationError{Model: r.modelRef(), Differences: diffs}
	}
	msg := fmt.Sprintf("the target's model equals the source's; %d blobs and %d log entries present", len(mps), n)
	if len(r.lost) > 0 {
		// Said again here, where the migration's result is judged: the
		// target lacks these by consent (AllowLoss), not by a fault.
		msg += fmt.Sprintf("; without %d value(s) its generation cannot hold (allowed):%s", len(r.lost), lossList(r.lost))
	}
	r.emit(Event{Kind: EventInfo, Phase: Validate, Message: msg})
	// Nothing writes the model on the target until it is activated, so
	// what this export read is what the activation would count.
	r.counted = reads.counts()
	return nil
}

// diffResourceRecords names each resource record (OCI image details,
// pending resource) of the source that the target lacks or holds
// otherwise.
func (r *run) diffResourceRecords(ctx context.Context) ([]string, error) {
	want, err := resourceRecords(ctx, r.src.State(), r.rec.ModelUUID)
	if err != nil {
		return nil, err
	}
	got, err := resourceRecords(ctx, r.dst.State(), r.rec.ModelUUID)
	if err != nil {
		return nil, err
	}
	var diffs []string
	for _, coll := range sortedKeys(want) {
		have := map[string]bson.Raw{}
		for _, d := range got[coll] {
			have[idKey(d)] = d
		}
		for _, d := range want[coll] {
			switch t, ok := have[idKey(d)]; {
			case !ok:
				diffs = append(diffs, recordName(coll, d)+": missing on the target")
			case !bytes.Equal(t, d):
				diffs = append(diffs, recordName(coll, d)+": differs on the target")
			}
		}
	}
	return diffs, nil
}

// idKey makes a map key of a document's _id, of whatever type.
func idKey(d bson.Raw) string {
	v := d.Lookup("_id")
	return v.Type.String() + ":" + string(v.Value)
}

// short abbreviates a digest.
func short(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

// DiffModels compares two models as their descriptions (the YAML
// description.Write gives) and names each difference by its path, such
// as `applications[mysql].units[mysql/0].agent-status.message: "idle" on
// the source, "lost" on the target`. Equal models give none.
func DiffModels(source, target *description.Model) ([]string, error) {
	a, err := description.Write(source)
	if err != nil {
		return nil, fmt.Errorf("writing the source's model: %w", err)
	}
	b, err := description.Write(target)
	if err != nil {
		return nil, fmt.Errorf("writing the target's model: %w", err)
	}
	if bytes.Equal(a, b) {
		return nil, nil
	}
	var ta, tb any
	if err := yaml.Unmarshal(a, &ta); err != nil {
		return nil, err
	}
	if err := yaml.Unmarshal(b, &tb); err != nil {
		return nil, err
	}
	var out []string
	diffTree("", "", ta, tb, &out)
	if len(out) == 0 {
		// Same values, other bytes (key order): say so rather than pass.
		out = append(out, "the descriptions hold the same values but are written differently")
	}
	return out, nil
}

// idKeys are the fields that name a list element, in order of preference.
var idKeys = []string{"name", "id", "key", "offer-name", "machine-id", "cidr", "consumer", "host-id"}

func diffTree(path, parentKey string, a, b any, out *[]string) {
	if len(*out) > 10*maxDifferences {
		return
	}
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: %s on the source, %s on the target", show(path), brief(a), brief(b)))
			return
		}
		keys := map[string]bool{}
		for k := range x {
			keys[k] = true
		}
		for k := range y {
			keys[k] = true
		}
		for _, k := range sortedKeys(keys) {
			va, ina := x[k]
			vb, inb := y[k]
			p := join(path, parentKey, k)
			switch {
			case !inb:
				*out = append(*out, fmt.Sprintf("%s: %s on the source, missing on the target", show(p), brief(va)))
			case !ina:
				*out = append(*out, fmt.Sprintf("%s: missing on the source, %s on the target", show(p), brief(vb)))
			default:
				diffTree(p, k, va, vb, out)
			}
		}
	case []any:
		y, ok := b.([]any)
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: %s on the source, %s on the target", show(path), brief(a), brief(b)))
			return
		}
		ka, kb := keyed(x), keyed(y)
		if ka != nil && kb != nil {
			for _, k := range unionKeys(ka, kb) {
				va, ina := ka[k]
				vb, inb := kb[k]
				p := path + "[" + k + "]"
				switch {
				case !inb:
					*out = append(*out, fmt.Sprintf("%s: on the source only", p))
				case !ina:
					*out = append(*out, fmt.Sprintf("%s: on the target only", p))
				default:
					diffTree(p, "", va, vb, out)
				}
			}
			return
		}
		if len(x) != len(y) {
			*out = append(*out, fmt.Sprintf("%s: %d entries on the source, %d on the target", show(path), len(x), len(y)))
		}
		for i := 0; i < len(x) && i < len(y); i++ {
			diffTree(path+"["+strconv.Itoa(i)+"]", "", x[i], y[i], out)
		}
	default:
		if !reflect.DeepEqual(a, b) {
			*out = append(*out, fmt.Sprintf("%s: %s on the source, %s on the target", show(path), brief(a), brief(b)))
		}
	}
}

// join extends a path by a key, collapsing the format's wrappers
// ("applications: {applications: [...]}").
func join(path, parentKey, k string) string {
	if k == parentKey {
		return path
	}
	if path == "" {
		return k
	}
	return path + "." + k
}

func show(p string) string {
	if p == "" {
		return "(model)"
	}
	return p
}

// keyed indexes list elements by their naming field, or returns nil if
// they have none or it is not unique.
func keyed(l []any) map[string]any {
	if len(l) == 0 {
		return nil
	}
	for _, k := range idKeys {
		out := map[string]any{}
		for _, e := range l {
			m, ok := e.(map[string]any)
			if !ok {
				return nil
			}
			v, ok := m[k]
			if !ok {
				out = nil
				break
			}
			s := fmt.Sprint(v)
			if _, dup := out[s]; dup {
				out = nil
				break
			}
			out[s] = e
		}
		if out != nil {
			return out
		}
	}
	return nil
}

func unionKeys(a, b map[string]any) []string {
	set := map[string]bool{}
	for k := range a {
		set[k] = true
	}
	for k := range b {
		set[k] = true
	}
	out := sortedKeys(set)
	sort.Strings(out)
	return out
}

// brief shows a value in a few characters.
func brief(v any) string {
	var s string
	switch x := v.(type) {
	case string:
		s = strconv.Quote(x)
	case map[string]any:
		s = fmt.Sprintf("a map of %d", len(x))
	case []any:
		s = fmt.Sprintf("a list of %d", len(x))
	case nil:
		s = "null"
	default:
		s = fmt.Sprint(x)
	}
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return strings.ReplaceAll(s, "\n", `\n`)
}
