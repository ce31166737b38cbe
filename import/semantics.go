package importer

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/modelferry/ferry/description"
)

// modelConfig is the model config Juju's import stores (ref
// juju-import-semantics.md rows 4 and 12, Juju's modelConfig,
// secretBackend and ImportFirewallRules.Execute): firewall rules become
// ssh-allow and saas-ingress-allow, default-series becomes default-base,
// and a missing or empty secret-backend becomes "auto", or the target's
// name of the backend the tree names by id. m.Config is not changed.
func modelConfig(m *description.Model, backendName string) (map[string]any, error) {
	cfg := copyMap(m.Config)
	for k, v := range firewallConfig(m) {
		cfg[k] = v
	}
	if s, ok := cfg["default-series"]; ok {
		series, _ := s.(string)
		base := ""
		if series != "" && !agentBefore(cfg, 2, 9, 35) {
			b, err := description.SeriesBase(series)
			if err != nil {
				return nil, fmt.Errorf("default-series: %w", err)
			}
			base = b + "/stable"
		}
		cfg["default-base"] = base
		delete(cfg, "default-series")
	}
	if name, _ := cfg["secret-backend"].(string); name == "" {
		cfg["secret-backend"] = "auto"
		if m.SecretBackendID != "" && backendName != "" {
			cfg["secret-backend"] = backendName
		}
	}
	return cfg, nil
}

// agentBefore tells whether the config's agent-version is older than
// major.minor.patch (false when it has none or it does not parse).
func agentBefore(cfg map[string]any, major, minor, patch int) bool {
	v, _ := cfg["agent-version"].(string)
	var got [3]int
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return false
	}
	for i, p := range parts {
		// "2.9-beta1" and "2.9.35.1": the number before any suffix.
		p, _, _ = strings.Cut(p, "-")
		p, _, _ = strings.Cut(p, ".")
		if _, err := fmt.Sscan(p, &got[i]); err != nil {
			return false
		}
	}
	want := [3]int{major, minor, patch}
	for i := range got {
		if got[i] != want[i] {
			return got[i] < want[i]
		}
	}
	return false
}

// firewallConfig gives the model config keys Juju's import writes for the
// tree's firewall rules: an ssh rule overwrites ssh-allow, an application
// offer rule sets saas-ingress-allow only when it has CIDRs.
func firewallConfig(m *description.Model) map[string]any {
	out := map[string]any{}
	for _, r := range m.FirewallRules {
		switch r.WellKnownService {
		case "ssh":
			out["ssh-allow"] = strings.Join(r.WhitelistCIDRs, ",")
		case "juju-application-offer":
			if len(r.WhitelistCIDRs) > 0 {
				out["saas-ingress-allow"] = strings.Join(r.WhitelistCIDRs, ",")
			}
		}
	}
	return out
}

// jujuBindings gives the endpoint bindings Juju's import stores (its
// parseBindings): the default endpoint "" is bound to the alpha space "0"
// when absent, and any endpoint bound to "" is rebound to "0". bs is not
// changed.
func jujuBindings(bs map[string]string) map[string]string {
	out := make(map[string]string, len(bs)+1)
	for k, v := range bs {
		if v == "" {
			v = "0"
		}
		out[k] = v
	}
	if _, ok := out[""]; !ok {
		out[""] = "0"
	}
	return out
}

// jujuOrigin gives the charm origin Juju's import stores (its
// makeCharmOrigin): the revision comes from the charm URL, a local charm
// has no id, hash or channel, a channel without a track is on "latest",
// and a platform OS or channel of "unknown" is cleared. The platform's
// channel keeps its risk as given (row 5). o is not changed.
//
// A tree without an origin (applications before v7 have none) gets the
// one Juju's exporter reads for a missing document, source from the URL's
// schema, with the URL's revision as every origin gets it. Juju 3.x's
// makeCharmOrigin (state/migration_import.go, found with the code search)
// calls sourceOrigin.Channel() without a nil check, so Juju cannot import
// such a tree at all; ferry keeps it importable, and storing the revision
// makes import → export → import a fixpoint (TestGoldenRoundTrip).
func jujuOrigin(o *description.CharmOrigin, url string) *description.CharmOrigin {
	if o == nil {
		src := "charm-hub"
		if strings.HasPrefix(url, "local:") {
			src = "local"
		}
		o = &description.CharmOrigin{Source: src, Revision: -1}
	}
	c := *o
	if rev, ok := urlRevision(url); ok {
		c.Revision = rev
	}
	if c.Source == "local" {
		c.ID, c.Hash, c.Channel = "", "", ""
	}
	if c.Channel != "" {
		parts := channelParts(c.Channel)
		if track, _, _ := parseChannel(c.Channel); track == "" {
			parts = append([]string{"latest"}, parts...)
		}
		c.Channel = strings.Join(parts, "/")
	}
	if c.Platform != "" {
		p := strings.SplitN(c.Platform, "/", 3)
		for i := 1; i < len(p); i++ {
			if p[i] == "unknown" {
				p[i] = ""
			}
		}
		c.Platform = strings.Join(p, "/")
	}
	return &c
}

// urlRevision takes the revision out of a charm URL: ch:amd64/jammy/mysql-5
// has 5; one without a numeric suffix has none.
func urlRevision(url string) (int, bool) {
	i := strings.LastIndexAny(url, "-/:")
	if i < 0 || url[i] != '-' {
		return 0, false
	}
	n, err := strconv.Atoi(url[i+1:])
	return n, err == nil && n >= 0
}

// pathError is a tree value the import refuses, at its entity path.
type pathError struct {
	path string
	err  error
}

func (e *pathError) Error() string { return e.err.Error() }
func (e *pathError) Unwrap() error { return e.err }

// iaasApplication checks what an IAAS model's application i cannot hold:
// Juju's import refuses a pod spec in an IAAS model (NotSupported, row 13),
// and a unit without agent tools would be refused by Juju's exporter and
// could not be written in a form juju/description reads back (it refuses
// empty tools), so the import refuses it rather than make up tools.
func iaasApplication(m *description.Model, i int, caas bool) *pathError {
	if caas {
		return nil
	}
	a := m.Applications[i]
	if a.PodSpec != "" {
		return &pathError{fmt.Sprintf("applications[%d].pod-spec", i),
			fmt.Errorf("application %q has a pod spec, which an IAAS model cannot hold: %w", a.Name, ErrUnsupported)}
	}
	for j, u := range a.Units {
		if u.Tools == nil {
			return &pathError{fmt.Sprintf("applications[%d].units[%d].tools", i, j),
				fmt.Errorf("unit %q of an IAAS model has no agent tools: %w", u.Name, ErrUnsupported)}
		}
	}
	return nil
}

// imageDate is the date_created Juju's import stores for cloud image
// metadata (its cloudimagemetadata()): a zero date becomes the import
// time, in Unix nanoseconds as Juju keeps it.
func imageDate(created int64, now time.Time) int64 {
	if created == 0 {
		return now.UnixNano()
	}
	return created
}
