package importer

import (
	"fmt"
	"strings"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/jujudb"
	"github.com/modelferry/ferry/internal/jujudoc"
)

// storedCharmData fills a charm document from an application's charm data
// (applications v13): the meta, config, manifest and actions Juju 3.6's
// exporter read them from (state/migration_export.go charmData), so that
// an export gives them back. Juju's own import writes no charm document:
// the migration uploads the archive, whose metadata is the same
// (docs/juju-layout.md). The assumes list is stored as charm v12's
// ExpressionTree stores itself, the LXD profile as Juju's safeLXDProfile
// stores the archive's; a value that is neither is an error, named by its
// path.
func storedCharmData(doc *jujudoc.CharmDoc, a *description.Application) error {
	doc.Meta = storedCharmMeta(a.CharmMetadata)
	assumes, err := jujudoc.ParseAssumes(a.CharmMetadata.Assumes)
	if err != nil {
		return fmt.Errorf("charm-metadata.assumes: %w", err)
	}
	doc.Meta.Assumes = assumes
	if text := a.CharmMetadata.LXDProfile; text != "" {
		p, err := jujudoc.ParseLXDProfile(text)
		if err != nil {
			return fmt.Errorf("charm-metadata.lxd-profile: %w", err)
		}
		doc.LXDProfile = p
	}
	doc.Config = &jujudoc.CharmConfig{}
	if c := a.CharmConfigs; c != nil && len(c.Configs) > 0 {
		doc.Config.Options = make(map[string]jujudoc.CharmOption, len(c.Configs))
		for n, o := range c.Configs {
			// Option names are escaped as Juju's safeConfig does.
			doc.Config.Options[jujudb.EscapeKey(n)] = jujudoc.CharmOption{Type: o.Type, Description: o.Description, Default: jujudoc.Free{V: o.Default}}
		}
	}
	doc.Manifest = &jujudoc.CharmManifest{}
	if mf := a.CharmManifest; mf != nil {
		for _, b := range mf.Bases {
			doc.Manifest.Bases = append(doc.Manifest.Bases, jujudoc.CharmBase{Name: b.Name, Channel: storedCharmChannel(b.Channel), Architectures: b.Architectures})
		}
	}
	doc.Actions = &jujudoc.CharmActions{}
	if ac := a.CharmActions; ac != nil && len(ac.Actions) > 0 {
		doc.Actions.ActionSpecs = make(map[string]jujudoc.CharmActionSpec, len(ac.Actions))
		for n, s := range ac.Actions {
			spec := jujudoc.CharmActionSpec{Description: s.Description, Parallel: s.Parallel, ExecutionGroup: s.ExecutionGroup}
			if len(s.Parameters) > 0 {
				spec.Params = make(map[string]jujudoc.Free, len(s.Parameters))
				for k, v := range s.Parameters {
					spec.Params[k] = jujudoc.Free{V: v}
				}
			}
			doc.Actions.ActionSpecs[n] = spec
		}
	}
	return nil
}

// storedCharmChannel splits track/risk/branch the way charm.ParseChannel
// does: a lone name is a risk.
func storedCharmChannel(ch string) jujudoc.CharmChannel {
	parts := strings.SplitN(ch, "/", 3)
	switch len(parts) {
	case 1:
		return jujudoc.CharmChannel{Risk: parts[0]}
	case 2:
		return jujudoc.CharmChannel{Track: parts[0], Risk: parts[1]}
	}
	return jujudoc.CharmChannel{Track: parts[0], Risk: parts[1], Branch: parts[2]}
}

func storedCharmMeta(m *description.CharmMetadata) *jujudoc.CharmMeta {
	out := &jujudoc.CharmMeta{
		Name: m.Name, Summary: m.Summary, Description: m.Description, Subordinate: m.Subordinate,
		MinJujuVersion: m.MinJujuVersion, CharmUser: m.RunAs,
		Categories: m.Categories, Tags: m.Tags, Terms: m.Terms,
		Provides: storedRelations(m.Provides), Requires: storedRelations(m.Requires), Peers: storedRelations(m.Peers),
	}
	if len(m.ExtraBindings) > 0 {
		out.ExtraBindings = map[string]jujudoc.CharmExtraBinding{}
		for k, v := range m.ExtraBindings {
			out.ExtraBindings[jujudb.EscapeKey(k)] = jujudoc.CharmExtraBinding{Name: v}
		}
	}
	if len(m.Storage) > 0 {
		out.Storage = map[string]jujudoc.CharmStorage{}
		for k, s := range m.Storage {
			out.Storage[k] = jujudoc.CharmStorage{Name: s.Name, Description: s.Description, Type: s.Type, Shared: s.Shared, ReadOnly: s.ReadOnly,
				CountMin: s.CountMin, CountMax: s.CountMax, MinimumSize: int64(s.MinimumSize), Location: s.Location, Properties: s.Properties}
		}
	}
	if len(m.Devices) > 0 {
		out.Devices = map[string]jujudoc.CharmDevice{}
		for k, d := range m.Devices {
			out.Devices[k] = jujudoc.CharmDevice{Name: d.Name, Description: d.Description, Type: d.Type, CountMin: int64(d.CountMin), CountMax: int64(d.CountMax)}
		}
	}
	if len(m.Payloads) > 0 {
		out.PayloadClasses = map[string]jujudoc.CharmPayloadClass{}
		for k, p := range m.Payloads {
			out.PayloadClasses[k] = jujudoc.CharmPayloadClass{Name: p.Name, Type: p.Type}
		}
	}
	if len(m.Resources) > 0 {
		out.Resources = map[string]jujudoc.CharmResource{}
		for k, r := range m.Resources {
			out.Resources[k] = jujudoc.CharmResource{Name: r.Name, Type: r.Type, Path: r.Path, Description: r.Description}
		}
	}
	if len(m.Containers) > 0 {
		out.Containers = map[string]jujudoc.CharmContainer{}
		for k, c := range m.Containers {
			sc := jujudoc.CharmContainer{Resource: c.Resource, UID: c.UID, GID: c.GID}
			for _, mt := range c.Mounts {
				sc.Mounts = append(sc.Mounts, jujudoc.CharmMount{Storage: mt.Storage, Location: mt.Location})
			}
			out.Containers[k] = sc
		}
	}
	return out
}

func storedRelations(rs map[string]description.CharmRelation) map[string]jujudoc.CharmRelation {
	if len(rs) == 0 {
		return nil
	}
	out := make(map[string]jujudoc.CharmRelation, len(rs))
	for k, r := range rs {
		out[jujudb.EscapeKey(k)] = jujudoc.CharmRelation{Name: r.Name, Role: r.Role, Interface: r.Interface, Optional: r.Optional, Limit: r.Limit, Scope: r.Scope}
	}
	return out
}
