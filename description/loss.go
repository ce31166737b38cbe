package description

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrLoss is matched (errors.Is) by a *LossError.
var ErrLoss = errors.New("the target cannot hold every value of the model")

// Loss is one value of the tree that a target cannot hold.
type Loss struct {
	// Path names the value as validation errors do:
	// "applications[2].charm-metadata", "virtual-host-keys".
	Path string
	// Why says what the target lacks, e.g. "applications v13 (charm data)".
	Why string
}

// LossError lists every value a write for Target would lose. When Written
// is true the bytes were written all the same (WriteOptions.AllowLoss).
type LossError struct {
	Target  Target
	Losses  []Loss
	Written bool
}

func (e *LossError) Error() string {
	var b strings.Builder
	verb := "cannot hold"
	if e.Written {
		verb = "did not keep"
	}
	fmt.Fprintf(&b, "juju/description %s (Juju %s) %s %d value(s) of this model:", e.Target.Release, e.Target.Juju, verb, len(e.Losses))
	for _, l := range e.Losses {
		b.WriteString("\n\t")
		b.WriteString(l.Path)
		b.WriteString(": needs ")
		b.WriteString(l.Why)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrLoss) true.
func (e *LossError) Is(target error) bool { return target == ErrLoss }

// Losses lists, in document order, every value of m that a write for t
// would drop: what juju/description itself drops without a word when it
// writes an older generation (description-majors.md §5).
func Losses(m *Model, t Target) []Loss {
	var out []Loss
	add := func(path, why string) { out = append(out, Loss{Path: path, Why: why}) }
	// Below model v11 the agent version survives only as the model
	// config's agent-version, which is where an older document's reader
	// takes it from.
	if t.Model < 11 && m.AgentVersion != "" {
		if cv, _ := m.Config["agent-version"].(string); cv != m.AgentVersion {
			add("agent-version", "model v11 (juju/description v7.0.0), or config agent-version equal to it")
		}
	}
	if t.Machines < 4 {
		var walk func(prefix string, ms []*Machine)
		walk = func(prefix string, ms []*Machine) {
			for i, mc := range ms {
				p := prefix + "[" + strconv.Itoa(i) + "]"
				if mc.Hostname != "" {
					add(p+".hostname", "machines v4 (juju/description v11.0.0)")
				}
				walk(p+".containers", mc.Containers)
			}
		}
		walk("machines", m.Machines)
	}
	for i, a := range m.Applications {
		p := "applications[" + strconv.Itoa(i) + "]"
		if t.Applications < 13 {
			const why = "applications v13 (juju/description v7.0.0)"
			if a.CharmMetadata != nil {
				add(p+".charm-metadata", why)
			}
			if a.CharmManifest != nil {
				add(p+".charm-manifest", why)
			}
			if a.CharmActions != nil {
				add(p+".charm-actions", why)
			}
			if a.CharmConfigs != nil {
				add(p+".charm-configs", why)
			}
		}
		if t.Applications < 14 && a.StorageUniqueID != "" {
			add(p+".storage-unique-id", "applications v14 (juju/description v10.0.0)")
		}
	}
	if t.Secrets < 2 {
		for i, s := range m.Secrets {
			if s.LatestRevisionChecksum != "" {
				add("secrets["+strconv.Itoa(i)+"].latest-revision-checksum", "secrets v2 (juju/description v5.2.0, v7.0.0)")
			}
		}
	}
	if t.Model < 12 && len(m.VirtualHostKeys) > 0 {
		add("virtual-host-keys", "model v12 (juju/description v8.0.0)")
	}
	return out
}
