package jujudoc

import (
	"encoding/json"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/modelferry/ferry/internal/jujudb"
)

// lxdProfileJSON is the shape Juju 3.6's exporter marshals a charm's LXD
// profile in (state/migration_export.go charmMetadata: json.Marshal of
// state.LXDProfile, which has bson tags only, so the JSON keys are the Go
// field names).
type lxdProfileJSON struct {
	Config      map[string]string
	Description string
	Devices     map[string]map[string]string
}

// ExportText is the profile as Juju 3.6's exporter writes it into the
// charm metadata's lxd-profile: keys unescaped and both maps present even
// when empty (state/charm.go unescapeLXDProfile makes them), then
// encoding/json, whose map keys are sorted.
func (p *CharmLXDProfile) ExportText() string {
	out := lxdProfileJSON{Config: make(map[string]string, len(p.Config)), Description: p.Description,
		Devices: make(map[string]map[string]string, len(p.Devices))}
	for k, v := range p.Config {
		out.Config[jujudb.UnescapeKey(k)] = v
	}
	for name, dev := range p.Devices {
		nested := make(map[string]string, len(dev))
		for k, v := range dev {
			nested[jujudb.UnescapeKey(k)] = v
		}
		out.Devices[jujudb.UnescapeKey(name)] = nested
	}
	b, _ := json.Marshal(out) // strings only: it cannot fail
	return string(b)
}

// ParseLXDProfile reads a charm metadata's lxd-profile text, in the JSON
// Juju 3.6's exporter writes or as the YAML of a charm's lxd-profile.yaml
// (JSON is YAML), and returns it as the charms document stores it (keys
// escaped, as safeLXDProfile does). Keys are matched without regard to
// case ("Config" from JSON, "config" from YAML); any other key, or a
// value that is not a string, is an error naming it.
func ParseLXDProfile(text string) (*CharmLXDProfile, error) {
	var raw map[string]any
	if err := yaml.Unmarshal([]byte(text), &raw); err != nil {
		return nil, fmt.Errorf("not an LXD profile: %w", err)
	}
	p := &CharmLXDProfile{Config: map[string]string{}, Devices: map[string]map[string]string{}}
	for k, v := range raw {
		switch strings.ToLower(k) {
		case "config":
			m, err := stringMap(k, v)
			if err != nil {
				return nil, err
			}
			for ck, cv := range m {
				p.Config[jujudb.EscapeKey(ck)] = cv
			}
		case "description":
			s, ok := v.(string)
			if !ok && v != nil {
				return nil, fmt.Errorf("%s: expected a string, got %T", k, v)
			}
			p.Description = s
		case "devices":
			devs, ok := v.(map[string]any)
			if !ok && v != nil {
				return nil, fmt.Errorf("%s: expected a map of devices, got %T", k, v)
			}
			for name, dv := range devs {
				m, err := stringMap(k+"."+name, dv)
				if err != nil {
					return nil, err
				}
				nested := make(map[string]string, len(m))
				for dk, d := range m {
					nested[jujudb.EscapeKey(dk)] = d
				}
				p.Devices[jujudb.EscapeKey(name)] = nested
			}
		default:
			return nil, fmt.Errorf("%s: not a field of an LXD profile (config, description, devices)", k)
		}
	}
	return p, nil
}

func stringMap(path string, v any) (map[string]string, error) {
	if v == nil {
		return nil, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: expected a map of strings, got %T", path, v)
	}
	out := make(map[string]string, len(m))
	for k, x := range m {
		s, ok := x.(string)
		if !ok {
			return nil, fmt.Errorf("%s.%s: expected a string, got %T (quote it)", path, k, x)
		}
		out[k] = s
	}
	return out, nil
}
