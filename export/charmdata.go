package export

import (
	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/jujudb"
	"github.com/modelferry/ferry/internal/jujudoc"
)

// charmData sets an application's charm data (applications v13) from its
// charm document as Juju 3.6's exporter does (state/migration_export.go
// charmData, docs/juju-layout.md): the metadata always, and the manifest,
// actions and config options, each empty when the document has none, and
// the LXD profile where the document has one.
// Empty maps and lists read as absent, as the tree keeps them.
func charmData(a *description.Application, doc *jujudoc.CharmDoc) {
	a.CharmMetadata = treeCharmMeta(doc.Meta)
	// Juju 3.6 writes json.Marshal of the assumes tree: "null" for none.
	a.CharmMetadata.Assumes = jujudoc.AssumesExportText(doc.Meta.Assumes)
	if doc.LXDProfile != nil {
		// Juju 3.6 exports the profile when the document has one, as JSON
		// (state/migration_export.go charmMetadata).
		a.CharmMetadata.LXDProfile = doc.LXDProfile.ExportText()
	}
	a.CharmManifest = &description.CharmManifest{}
	if doc.Manifest != nil {
		for _, b := range doc.Manifest.Bases {
			a.CharmManifest.Bases = append(a.CharmManifest.Bases, description.CharmBase{Name: b.Name, Channel: channelString(b.Channel), Architectures: nilIfEmpty(b.Architectures)})
		}
	}
	a.CharmActions = &description.CharmActions{}
	if doc.Actions != nil && len(doc.Actions.ActionSpecs) > 0 {
		a.CharmActions.Actions = make(map[string]description.CharmAction, len(doc.Actions.ActionSpecs))
		for n, s := range doc.Actions.ActionSpecs {
			var params map[string]any
			if len(s.Params) > 0 {
				params = make(map[string]any, len(s.Params))
				for k, v := range s.Params {
					params[k] = v.V
				}
			}
			a.CharmActions.Actions[n] = description.CharmAction{Description: s.Description, Parallel: s.Parallel, ExecutionGroup: s.ExecutionGroup, Parameters: params}
		}
	}
	a.CharmConfigs = &description.CharmConfigs{}
	if doc.Config != nil && len(doc.Config.Options) > 0 {
		a.CharmConfigs.Configs = make(map[string]description.CharmConfig, len(doc.Config.Options))
		for n, o := range doc.Config.Options {
			a.CharmConfigs.Configs[jujudb.UnescapeKey(n)] = description.CharmConfig{Type: o.Type, Description: o.Description, Default: o.Default.V}
		}
	}
}

// charmDataFrom says whether a model at this agent version exports its
// charms' data: Juju's exporter does from 3.6.0 (juju/description v7,
// applications v13), and a 3.5 controller's default export generation
// could not hold it. An unknown version does not.
func charmDataFrom(agentVersion string) bool {
	t, err := description.TargetForJuju(agentVersion)
	return err == nil && t.Applications >= 13
}

// channelString is charm.Channel's String: track/risk/branch without the
// empty parts.
func channelString(c jujudoc.CharmChannel) string {
	s := c.Risk
	if c.Track != "" {
		s = c.Track + "/" + s
	}
	if c.Branch != "" {
		s += "/" + c.Branch
	}
	return s
}

func treeCharmMeta(m *jujudoc.CharmMeta) *description.CharmMetadata {
	out := &description.CharmMetadata{
		Name: m.Name, Summary: m.Summary, Description: m.Description, Subordinate: m.Subordinate,
		MinJujuVersion: m.MinJujuVersion, RunAs: m.CharmUser,
		Categories: nilIfEmpty(m.Categories), Tags: nilIfEmpty(m.Tags), Terms: nilIfEmpty(m.Terms),
		Provides: treeRelations(m.Provides), Requires: treeRelations(m.Requires), Peers: treeRelations(m.Peers),
	}
	if len(m.ExtraBindings) > 0 {
		out.ExtraBindings = map[string]string{}
		for k, v := range m.ExtraBindings {
			out.ExtraBindings[jujudb.UnescapeKey(k)] = v.Name
		}
	}
	if len(m.Storage) > 0 {
		out.Storage = map[string]description.CharmStorage{}
		for k, s := range m.Storage {
			out.Storage[k] = description.CharmStorage{Name: s.Name, Description: s.Description, Type: s.Type, Shared: s.Shared, ReadOnly: s.ReadOnly,
				CountMin: s.CountMin, CountMax: s.CountMax, MinimumSize: int(s.MinimumSize), Location: s.Location, Properties: nilIfEmpty(s.Properties)}
		}
	}
	if len(m.Devices) > 0 {
		out.Devices = map[string]description.CharmDevice{}
		for k, d := range m.Devices {
			out.Devices[k] = description.CharmDevice{Name: d.Name, Description: d.Description, Type: d.Type, CountMin: int(d.CountMin), CountMax: int(d.CountMax)}
		}
	}
	if len(m.PayloadClasses) > 0 {
		out.Payloads = map[string]description.CharmPayload{}
		for k, p := range m.PayloadClasses {
			// Juju's exporter names a payload by its map key.
			out.Payloads[k] = description.CharmPayload{Name: k, Type: p.Type}
		}
	}
	if len(m.Resources) > 0 {
		out.Resources = map[string]description.CharmResource{}
		for k, r := range m.Resources {
			out.Resources[k] = description.CharmResource{Name: r.Name, Type: r.Type, Path: r.Path, Description: r.Description}
		}
	}
	if len(m.Containers) > 0 {
		out.Containers = map[string]description.CharmContainer{}
		for k, c := range m.Containers {
			tc := description.CharmContainer{Resource: c.Resource, UID: c.UID, GID: c.GID}
			for _, mt := range c.Mounts {
				tc.Mounts = append(tc.Mounts, description.CharmMount{Storage: mt.Storage, Location: mt.Location})
			}
			out.Containers[k] = tc
		}
	}
	return out
}

func treeRelations(rs map[string]jujudoc.CharmRelation) map[string]description.CharmRelation {
	if len(rs) == 0 {
		return nil
	}
	out := make(map[string]description.CharmRelation, len(rs))
	for k, r := range rs {
		out[jujudb.UnescapeKey(k)] = description.CharmRelation{Name: r.Name, Role: r.Role, Interface: r.Interface, Optional: r.Optional, Limit: r.Limit, Scope: r.Scope}
	}
	return out
}
