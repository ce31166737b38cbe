package seed

import (
	"fmt"
	"strconv"
	"time"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/controllertest"
)

// Size names a preset model size.
type Size string

// Preset sizes. Every size has the same kinds of entity; they differ in
// how many.
const (
	// Tiny is for tests: 3 machines (one with a container), 3
	// applications and a subordinate, 6 units, 200 log entries.
	Tiny Size = "tiny"
	// Small is the demo's model: 30 machines (10 with an LXD container),
	// a dozen applications and a subordinate, 40 units, 2,000 log entries.
	Small Size = "small"
	// Medium: 300 machines, 40 applications, 400 units, 20,000 log entries.
	Medium Size = "medium"
	// Large: 3,000 machines, 120 applications, 3,000 units, 100,000 log
	// entries.
	Large Size = "large"
)

// Sizes lists the preset sizes, smallest first.
var Sizes = []Size{Tiny, Small, Medium, Large}

// ParseSize checks a size name.
func ParseSize(s string) (Size, error) {
	for _, z := range Sizes {
		if string(z) == s {
			return z, nil
		}
	}
	return "", fmt.Errorf("seed: unknown size %q: want tiny, small, medium or large", s)
}

// shape is what a size means.
type shape struct {
	gen  controllertest.Size
	logs int
}

func shapeOf(size Size) (shape, error) {
	switch size {
	case Tiny:
		return shape{controllertest.Size{Machines: 3, ContainerEvery: 3, Applications: 3, Units: 6, Relations: 2, History: 2}, 200}, nil
	case Small:
		return shape{controllertest.Size{Machines: 30, ContainerEvery: 3, Applications: 12, Units: 40, Relations: 14, History: 5}, 2000}, nil
	case Medium:
		return shape{controllertest.Size{Machines: 300, ContainerEvery: 5, Applications: 40, Units: 400, Relations: 60, History: 5}, 20000}, nil
	case Large:
		return shape{controllertest.Size{Machines: 3000, ContainerEvery: 10, Applications: 120, Units: 3000, Relations: 300, History: 3}, 100000}, nil
	}
	return shape{}, fmt.Errorf("seed: unknown size %q", size)
}

// LogEntries is how many log entries Write gives a model of the size.
func LogEntries(size Size) int {
	s, _ := shapeOf(size)
	return s.logs
}

// AgentVersion is the agent version of every model Model makes; a target
// controller must be at least this new.
const AgentVersion = "3.5.1"

// t0 is the base of every time in a seeded model.
var t0 = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

// Model returns a realistic, valid model of the given size with the given
// UUID and name (empty name: the size's name). Besides what
// controllertest.Generate gives (machines with containers, applications,
// units, relations, statuses with history), it has a subordinate
// application in container-scoped relations with two principals, a peer
// relation, block storage for the first application's units, file
// resources with per-unit copies, payloads, an application offer, a
// model-owned and an application-owned secret, annotations and
// constraints.
func Model(size Size, uuid, name string) (*description.Model, error) {
	sh, err := shapeOf(size)
	if err != nil {
		return nil, err
	}
	g := sh.gen
	g.UUID = uuid
	g.Name = name
	if g.Name == "" {
		g.Name = string(size)
	}
	m := controllertest.Generate(g)
	enrich(m)
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("seed: the %s model does not validate: %w", size, err)
	}
	return m, nil
}

func at(i int) time.Time { return t0.Add(time.Duration(i) * time.Second) }

func st(value, msg string, i int) *description.Status {
	return &description.Status{Value: value, Message: msg, Updated: t0.Add(time.Duration(i)*time.Second + 123456789)}
}

// enrich adds to a generated model the kinds of entity Generate leaves
// out. It needs at least two applications with units.
func enrich(m *description.Model) {
	uuid := m.UUID()
	apps := m.Applications
	if len(apps) < 2 {
		return
	}
	a, b := apps[0], apps[1]
	m.Annotations = map[string]string{"team": "platform", "purpose": "demo"}
	m.Constraints = &description.Constraints{Architecture: "amd64"}
	m.Machines[0].Annotations = map[string]string{"rack": "r1"}
	m.Machines[0].Constraints = &description.Constraints{CPUCores: 4, Memory: 8192}
	a.Annotations = map[string]string{"owner": "web-team"}
	a.Exposed = true
	a.ExposedEndpoints = map[string]description.ExposedEndpoint{"": {ExposeToCIDRs: []string{"0.0.0.0/0"}}}
	a.ApplicationConfig = map[string]any{"trust": false}

	// A subordinate beside every unit of the first two applications, in a
	// container-scoped relation with each.
	sub := &description.Application{
		Name: "telegraf", Type: m.Type, Subordinate: true, CharmURL: "ch:amd64/jammy/telegraf-75",
		Status: st("active", "monitoring", 900), StatusHistory: []description.Status{*st("active", "monitoring", 900), *st("maintenance", "installing", 899)},
		CharmConfig: map[string]any{"interval": "10s"}, LeadershipSettings: map[string]any{}, OperatorStatus: &description.Status{},
		EndpointBindings: map[string]string{"": "0"},
		OpenedPortRanges: map[string]map[string][]description.PortRange{},
		CharmOrigin:      &description.CharmOrigin{Source: "charm-hub", ID: "idtelegraf", Hash: "hashtelegraf", Revision: 75, Channel: "latest/stable", Platform: "amd64/ubuntu/22.04/stable"},
	}
	relID := len(m.Relations)
	n := 0
	for _, principal := range []*description.Application{a, b} {
		req := &description.Endpoint{ApplicationName: sub.Name, Name: "juju-info", Role: "requirer", Interface: "juju-info", Scope: "container",
			ApplicationSettings: map[string]any{}, UnitSettings: map[string]map[string]any{}}
		prov := &description.Endpoint{ApplicationName: principal.Name, Name: "juju-info", Role: "provider", Interface: "juju-info", Scope: "container",
			ApplicationSettings: map[string]any{}, UnitSettings: map[string]map[string]any{}}
		for _, u := range principal.Units {
			sn := sub.Name + "/" + strconv.Itoa(n)
			sub.Units = append(sub.Units, &description.Unit{
				Name: sn, Machine: u.Machine, Principal: u.Name,
				AgentStatus: st("idle", "", 910+n), WorkloadStatus: st("active", "monitoring", 1910+n),
				AgentStatusHistory: []description.Status{*st("idle", "", 910+n)}, WorkloadVersion: "1.29",
				PasswordHash: "sub-hash-" + strconv.Itoa(n), MeterStatusCode: "NOT SET", Tools: u.Tools,
			})
			u.Subordinates = append(u.Subordinates, sn)
			req.UnitSettings[sn] = map[string]any{"private-address": "10.0.0.9"}
			prov.UnitSettings[u.Name] = map[string]any{}
			n++
		}
		m.Relations = append(m.Relations, &description.Relation{
			ID: relID, Key: sub.Name + ":juju-info " + principal.Name + ":juju-info",
			Endpoints: []*description.Endpoint{req, prov}, Status: st("joined", "", 950+relID),
		})
		relID++
	}
	sortUnits(sub.Units)
	m.Sequences["application-"+sub.Name] = n

	// A peer relation on the second application.
	peer := &description.Endpoint{ApplicationName: b.Name, Name: "cluster", Role: "peer", Interface: "cluster", Scope: "global",
		ApplicationSettings: map[string]any{"leader-address": "10.0.0.2"}, UnitSettings: map[string]map[string]any{}}
	for _, u := range b.Units {
		peer.UnitSettings[u.Name] = map[string]any{"member": u.Name}
	}
	m.Relations = append(m.Relations, &description.Relation{ID: relID, Key: b.Name + ":cluster", Endpoints: []*description.Endpoint{peer}, Status: st("joined", "", 990)})
	relID++
	m.Sequences["relation"] = relID
	m.Applications = append(m.Applications, sub)
	sortApps(m.Applications)

	// Block storage: one volume per unit of the first application.
	a.StorageDirectives = map[string]description.StorageDirective{"data": {Pool: "ebs", Size: 10240, Count: 1}}
	for i, u := range a.Units {
		id := "data/" + strconv.Itoa(i)
		vid := strconv.Itoa(i)
		m.Storages = append(m.Storages, &description.Storage{ID: id, Kind: "block", Owner: "unit-" + tagOf(u.Name), Name: "data",
			Attachments: []string{u.Name}, Constraints: &description.StorageInstanceConstraints{Pool: "ebs", Size: 10240}})
		m.Volumes = append(m.Volumes, &description.Volume{ID: vid, StorageID: id, Provisioned: true, Size: 10240, Pool: "ebs",
			VolumeID: "vol-" + strconv.Itoa(1000+i), HardwareID: "hw-" + vid, Persistent: true,
			Status: st("attached", "", 1500+i), StatusHistory: []description.Status{*st("attached", "", 1500+i), *st("attaching", "", 1499+i)},
			Attachments: []*description.VolumeAttachment{{HostID: u.Machine, Provisioned: true, DeviceName: "xvdf", BusAddress: "scsi@0:0.0." + vid}}})
	}
	m.Sequences["stores"] = len(a.Units)
	m.Sequences["volume"] = len(a.Units)
	m.StoragePools = []*description.StoragePool{{Name: "fast", Provider: "ebs", Attributes: map[string]any{"volume-type": "io1", "iops": 3000}}}

	// File resources on the first two applications (their fingerprints
	// and sizes are set from the blobs Write stores).
	for _, app := range []*description.Application{a, b} {
		ts := at(600)
		rev := &description.ResourceRevision{Revision: 2, Type: "file", Path: app.Name + ".tar.gz", Description: "the " + app.Name + " payload",
			Origin: "upload", Timestamp: &ts, Username: "admin"}
		app.HasResources = true
		app.Resources = []*description.Resource{{Name: "payload", ApplicationRevision: rev,
			CharmStoreRevision: &description.ResourceRevision{Revision: 2, Type: "file", Path: app.Name + ".tar.gz", Description: "the " + app.Name + " payload", Origin: "store"}}}
		for _, u := range app.Units {
			u.Resources = []*description.UnitResource{{Name: "payload", Revision: rev}}
		}
	}
	// Payloads on the first application's units.
	for i, u := range a.Units {
		u.Payloads = []*description.Payload{{Name: "worker", Type: "docker", RawID: fmt.Sprintf("c0ffee%04d", i), State: "running", Labels: []string{"tier=web"}}}
	}

	// An offer of the second application's provided endpoint.
	var provided string
	for _, r := range m.Relations {
		for _, ep := range r.Endpoints {
			if ep.ApplicationName == b.Name && ep.Role == "provider" && ep.Scope == "global" {
				provided = ep.Name
			}
		}
	}
	if provided != "" {
		b.Offers = []*description.ApplicationOffer{{OfferUUID: offerUUID(uuid), OfferName: b.Name + "-db",
			Endpoints: map[string]string{"db": provided}, ACL: map[string]string{"admin": "admin"},
			ApplicationName: b.Name, ApplicationDescription: "shared " + b.Name}}
	}

	// Secrets: one owned by the first application, one by the model.
	next := at(86400)
	m.Secrets = []*description.Secret{{
		ID: secretID(uuid, 0), Version: 1, Description: "database password", Label: "db-password", RotatePolicy: "monthly",
		Owner: "application-" + a.Name, Created: at(700), Updated: at(760), NextRotateTime: &next,
		Revisions: []*description.SecretRevision{
			{Number: 1, Created: at(700), Updated: at(700), Obsolete: true, Content: map[string]string{"password": "b2xkLXBhc3N3b3Jk"}},
			{Number: 2, Created: at(760), Updated: at(760), Content: map[string]string{"password": "czNjcjN0LXBhc3N3b3Jk"}},
		},
		ACL: map[string]description.SecretAccess{"application-" + b.Name: {Scope: "model-" + uuid, Role: "view"}},
	}, {
		ID: secretID(uuid, 1), Version: 1, RotatePolicy: "never", Owner: "model-" + uuid, Created: at(800), Updated: at(800),
		Revisions: []*description.SecretRevision{{Number: 1, Created: at(800), Updated: at(800), Content: map[string]string{"token": "dG9rZW4="}}},
	}}
}

// offerUUID derives a stable offer UUID from the model's.
func offerUUID(modelUUID string) string {
	if len(modelUUID) == 36 {
		return "0ffe" + modelUUID[4:]
	}
	return "0ffe0ffe-0000-4000-8000-000000000001"
}

// secretID makes a 20-character secret id (Juju uses xids) from the model
// UUID, so that two seeded models do not share one.
func secretID(modelUUID string, n int) string {
	const alphabet = "0123456789abcdefghijklmnopqrstuv"
	h := uint64(14695981039346656037)
	for i := 0; i < len(modelUUID); i++ {
		h = (h ^ uint64(modelUUID[i])) * 1099511628211
	}
	h += uint64(n)
	out := []byte("cs")
	for len(out) < 20 {
		out = append(out, alphabet[h%32])
		h = h/32 + 0x9e3779b97f4a7c15*uint64(len(out))
	}
	return string(out)
}

func tagOf(unit string) string {
	out := []byte(unit)
	for i, c := range out {
		if c == '/' {
			out[i] = '-'
		}
	}
	return string(out)
}

func sortUnits(us []*description.Unit) {
	for i := 1; i < len(us); i++ {
		for j := i; j > 0 && us[j].Name < us[j-1].Name; j-- {
			us[j], us[j-1] = us[j-1], us[j]
		}
	}
}

func sortApps(as []*description.Application) {
	for i := 1; i < len(as); i++ {
		for j := i; j > 0 && as[j].Name < as[j-1].Name; j-- {
			as[j], as[j-1] = as[j-1], as[j]
		}
	}
}
