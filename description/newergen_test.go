package description_test

import (
	"math/rand"

	"github.com/modelferry/ferry/description"
)

// The Juju 3.6 generations add charm data, a storage unique id, secret
// checksums, virtual host keys, the model's agent version and machine
// hostnames. randomFerryModelFor fills as much of that as its target
// holds, at random, on top of randomFerryModel's tree, following the same
// rules: maps and lists read back nil when empty, so they are nil here.
//
// A container's uid and gid are left out: juju/description v7 – v11 panic
// reading them (README, "Differences from juju/description").
func randomFerryModelFor(r *rand.Rand, t description.Target) *description.Model {
	g := &ferryGen{r: rnd{r}}
	g.p = newPlan(g.r)
	g.uuid = g.r.uuid()
	m := g.model()
	g.juju36(m, t)
	return m
}

func (g *ferryGen) juju36(m *description.Model, t description.Target) {
	r := g.r
	if t.Model >= 11 && r.chance(0.8) {
		m.AgentVersion = r.versionNumber().String()
	}
	if t.Model >= 12 {
		for i, n := 0, r.upTo(3); i < n; i++ {
			key := make([]byte, 1+r.Intn(40))
			r.Read(key)
			m.VirtualHostKeys = append(m.VirtualHostKeys, &description.VirtualHostKey{ID: r.nonEmptyText(), HostKey: key})
		}
	}
	if t.Machines >= 4 {
		for _, mc := range m.Machines {
			mc.Hostname = r.text()
			for _, c := range mc.Containers {
				c.Hostname = r.text()
			}
		}
	}
	for _, a := range m.Applications {
		if t.Applications >= 13 {
			if r.chance(0.7) {
				a.CharmMetadata = g.charmMetadata()
			}
			if r.chance(0.7) {
				a.CharmManifest = &description.CharmManifest{}
				for i, n := 0, r.upTo(2); i < n; i++ {
					a.CharmManifest.Bases = append(a.CharmManifest.Bases, description.CharmBase{
						Name: r.pick("ubuntu", "centos", r.text()), Channel: r.text(), Architectures: r.texts(2),
					})
				}
			}
			if r.chance(0.7) {
				a.CharmActions = &description.CharmActions{Actions: charmMap(r, func() description.CharmAction {
					return description.CharmAction{Description: r.text(), Parallel: r.bool(), ExecutionGroup: r.text(), Parameters: nilIfEmptyAny(r.anyMap(3, 2))}
				})}
			}
			if r.chance(0.7) {
				a.CharmConfigs = &description.CharmConfigs{Configs: charmMap(r, func() description.CharmConfig {
					return description.CharmConfig{Type: r.pick("string", "int", "float", "boolean", "secret"), Default: r.value(0), Description: r.text()}
				})}
			}
		}
		if t.Applications >= 14 {
			a.StorageUniqueID = r.text()
		}
	}
	if t.Secrets >= 2 {
		for _, s := range m.Secrets {
			s.LatestRevisionChecksum = r.text()
		}
	}
}

func (g *ferryGen) charmMetadata() *description.CharmMetadata {
	r := g.r
	relation := func(role string) func() description.CharmRelation {
		return func() description.CharmRelation {
			return description.CharmRelation{
				Name: r.text(), Role: role, Interface: r.text(), Optional: r.bool(), Limit: r.Intn(3), Scope: r.pick("global", "container"),
			}
		}
	}
	md := &description.CharmMetadata{
		Name: r.text(), Summary: r.text(), Description: r.text(), Subordinate: r.bool(),
		MinJujuVersion: r.text(), RunAs: r.pick("", "root", "sudoer", "non-root", "default"), Assumes: r.text(),
		Provides: charmMap(r, relation("provider")), Requires: charmMap(r, relation("requirer")), Peers: charmMap(r, relation("peer")),
		ExtraBindings: r.stringMap(2), Categories: r.texts(2), Tags: r.texts(2), Terms: r.texts(2),
		Storage: charmMap(r, func() description.CharmStorage {
			return description.CharmStorage{
				Name: r.text(), Description: r.text(), Type: r.pick("filesystem", "block"), Shared: r.bool(), ReadOnly: r.bool(),
				CountMin: r.Intn(3), CountMax: r.Intn(5) - 1, MinimumSize: r.Intn(4096), Location: r.text(), Properties: r.texts(2),
			}
		}),
		Devices: charmMap(r, func() description.CharmDevice {
			return description.CharmDevice{Name: r.text(), Description: r.text(), Type: r.text(), CountMin: r.Intn(3), CountMax: r.Intn(5)}
		}),
		Payloads: charmMap(r, func() description.CharmPayload { return description.CharmPayload{Name: r.text(), Type: r.text()} }),
		Resources: charmMap(r, func() description.CharmResource {
			return description.CharmResource{Name: r.text(), Type: r.pick("file", "oci-image"), Path: r.text(), Description: r.text()}
		}),
		Containers: charmMap(r, func() description.CharmContainer {
			c := description.CharmContainer{Resource: r.text()}
			for i, n := 0, r.upTo(2); i < n; i++ {
				c.Mounts = append(c.Mounts, description.CharmMount{Storage: r.text(), Location: r.text()})
			}
			return c
		}),
		LXDProfile: r.text(),
	}
	return md
}

// charmMap returns up to two entries made by item, or nil.
func charmMap[V any](r rnd, item func() V) map[string]V {
	n := r.upTo(2)
	if n == 0 {
		return nil
	}
	out := make(map[string]V, n)
	for i := 0; i < n; i++ {
		out[r.key()] = item()
	}
	return out
}

func nilIfEmptyAny(m map[string]any) map[string]any {
	if len(m) == 0 {
		return nil
	}
	return m
}
