package description_test

import (
	"fmt"
	"math/rand"
	"strings"
	"time"

	"github.com/modelferry/ferry/description"
)

// randomFerryModel builds a random ferry tree directly in Go: valid for
// ferry's Validate, within what juju/description can represent (see the
// traps listed in jujugen_test.go), and in the canonical form ferry's
// reader produces, so that Write then Read gives a tree reflect.DeepEqual
// to it (times compared with Equal). The canonical form is:
//   - lists written only when non-empty (omitempty) are nil when empty;
//     lists always written (jobs, dns-servers, keys, addrs, models, cidrs,
//     availability-zones, secret revisions) are never nil;
//   - maps written only when non-empty are nil when empty; maps always
//     written (config, settings, leadership-settings, sequences, endpoint
//     settings, pool and remote-space attributes, action parameters and
//     results) are never nil;
//   - lists of entities (machines, units, statuses, ...) are nil when empty;
//   - action, operation, secret, resource and user last-connection times
//     are in UTC, as both readers convert them; other times keep their zone.
func randomFerryModel(r *rand.Rand) *description.Model {
	g := &ferryGen{r: rnd{r}}
	g.p = newPlan(g.r)
	g.uuid = g.r.uuid()
	return g.model()
}

type ferryGen struct {
	r    rnd
	p    *plan
	uuid string
}

func (g *ferryGen) status() *description.Status {
	r := g.r
	s := &description.Status{Value: r.nonEmptyText(), Message: r.text(), Updated: r.instantOrZero(), NeverSet: r.bool()}
	if r.chance(0.4) {
		if d := r.anyMap(3, 1); len(d) > 0 {
			s.Data = d
		}
	}
	return s
}

func (g *ferryGen) history() []description.Status {
	var out []description.Status
	if g.r.chance(0.5) {
		return nil
	}
	for i, n := 0, 1+g.r.Intn(2); i < n; i++ {
		out = append(out, *g.status())
	}
	return out
}

func (g *ferryGen) constraints() *description.Constraints {
	r := g.r
	c := &description.Constraints{}
	// Any subset of the fields, including none.
	if r.bool() {
		c.AllocatePublicIP = true
	}
	if r.bool() {
		c.Architecture = r.nonEmptyText()
	}
	if r.bool() {
		c.Container = r.nonEmptyText()
	}
	if r.bool() {
		c.CPUCores = r.positive()
	}
	if r.bool() {
		c.CPUPower = r.positive()
	}
	if r.bool() {
		c.ImageID = r.nonEmptyText()
	}
	if r.bool() {
		c.InstanceType = r.nonEmptyText()
	}
	if r.bool() {
		c.Memory = r.positive()
	}
	if r.bool() {
		c.RootDisk = r.positive()
	}
	if r.bool() {
		c.RootDiskSource = r.nonEmptyText()
	}
	c.Spaces = r.texts(3)
	c.Tags = r.texts(3)
	c.Zones = r.texts(3)
	if r.bool() {
		c.VirtType = r.nonEmptyText()
	}
	return c
}

func (g *ferryGen) tools() *description.AgentTools {
	r := g.r
	return &description.AgentTools{Version: r.binaryVersion().String(), URL: r.text(), SHA256: r.text(), Size: r.Int63()}
}

func (g *ferryGen) address() description.Address {
	r := g.r
	return description.Address{Value: r.nonEmptyText(), Type: r.text(), Scope: r.text(), Origin: r.text(), SpaceID: r.text()}
}

func (g *ferryGen) addresses(max int) []description.Address {
	var out []description.Address
	for i, n := 0, g.r.upTo(max); i < n; i++ {
		out = append(out, g.address())
	}
	return out
}

func (g *ferryGen) addressPtr() *description.Address {
	if g.r.chance(0.3) {
		return nil
	}
	a := g.address()
	return &a
}

func (g *ferryGen) blockDevice() description.BlockDevice {
	r := g.r
	return description.BlockDevice{
		Name: r.nonEmptyText(), Links: r.texts(3), Label: r.text(), UUID: r.text(), HardwareID: r.text(),
		SerialID: r.text(), WWN: r.text(), BusAddress: r.text(), Size: uint64(r.Int63()), FilesystemType: r.text(),
		InUse: r.bool(), MountPoint: r.text(),
	}
}

func (g *ferryGen) portRanges() map[string]map[string][]description.PortRange {
	r, units := g.r, g.p.unitNames()
	if len(units) == 0 || r.chance(0.3) {
		return nil
	}
	out := map[string]map[string][]description.PortRange{}
	for i, n := 0, r.upTo(3); i < n; i++ {
		u := units[r.Intn(len(units))]
		if out[u] == nil {
			out[u] = map[string][]description.PortRange{}
		}
		ep := r.pick("", "db", r.textKey())
		from := r.Intn(65536)
		out[u][ep] = append(out[u][ep], description.PortRange{FromPort: from, ToPort: from + r.Intn(10), Protocol: r.pick("tcp", "udp", r.text())})
	}
	return out
}

func (g *ferryGen) annotations() map[string]string {
	if g.r.chance(0.3) {
		return nil
	}
	return g.r.nonEmptyStringMap(3)
}

func (g *ferryGen) machine(pm *planMachine, container bool) *description.Machine {
	r := g.r
	m := &description.Machine{
		ID: pm.id, Nonce: r.text(), PasswordHash: r.text(), Placement: r.text(), Base: r.base(),
		Status: g.status(), StatusHistory: g.history(),
		ProviderAddresses: g.addresses(2), MachineAddresses: g.addresses(2),
		PreferredPublicAddress: g.addressPtr(), PreferredPrivateAddress: g.addressPtr(),
		Tools: g.tools(), Jobs: append([]string{}, r.texts(3)...),
		OpenedPortRanges: g.portRanges(), Annotations: g.annotations(),
	}
	m.Instance = &description.CloudInstance{
		InstanceID: r.nonEmptyText(), DisplayName: r.text(), Status: g.status(), StatusHistory: g.history(),
		Architecture: r.text(), Memory: uint64(r.Int63()), RootDisk: uint64(r.Int63()), RootDiskSource: r.text(),
		CPUCores: uint64(r.Intn(64)), CPUPower: uint64(r.Intn(1000)), Tags: r.texts(2), AvailabilityZone: r.text(),
		VirtType: r.text(), CharmProfiles: r.texts(2),
	}
	if r.bool() {
		m.Instance.ModificationStatus = g.status()
	}
	if container {
		parts := strings.Split(pm.id, "/")
		m.ContainerType = parts[len(parts)-2]
	} else if r.chance(0.3) {
		m.ContainerType = r.text()
	}
	switch r.Intn(3) {
	case 0:
		m.SupportedContainers = &[]string{}
	case 1:
		sc := r.nonEmptyTexts(2)
		m.SupportedContainers = &sc
	}
	if r.chance(0.6) {
		m.Constraints = g.constraints()
	}
	for i, n := 0, r.upTo(2); i < n; i++ {
		m.BlockDevices = append(m.BlockDevices, g.blockDevice())
	}
	for _, c := range pm.containers {
		m.Containers = append(m.Containers, g.machine(c, true))
	}
	return m
}

func (g *ferryGen) resourceRevision() *description.ResourceRevision {
	r := g.r
	rev := &description.ResourceRevision{
		Revision: r.Intn(1000) - 1, Type: r.pick("file", "oci-image", r.text()), Path: r.text(),
		Description: r.text(), Origin: r.text(), Fingerprint: r.text(), Size: r.Int63(), Username: r.text(),
	}
	if r.chance(0.7) {
		t := r.utc()
		rev.Timestamp = &t
	}
	return rev
}

func (g *ferryGen) model() *description.Model {
	r, p := g.r, g.p
	cfg := r.anyMap(6, 3)
	cfg["uuid"] = g.uuid
	cfg["name"] = r.appName()
	m := &description.Model{
		Type: p.modelType, Owner: r.userName(), Config: cfg, Blocks: r.stringMap(3),
		EnvironVersion: r.Intn(10), Status: g.status(), StatusHistory: g.history(),
		Sequences: map[string]int{}, Annotations: g.annotations(),
		Cloud: r.text(), CloudRegion: r.text(), SecretBackendID: r.text(), PasswordHash: r.text(),
		SLA:         description.SLA{Level: r.text(), Owner: r.text(), Credentials: r.text()},
		MeterStatus: description.MeterStatus{Code: r.text(), Info: r.text()},
	}
	if r.chance(0.8) {
		m.LatestTools = r.versionNumber().String()
	}
	for i, n := 0, r.upTo(3); i < n; i++ {
		m.Sequences[r.key()] = r.Intn(1000) - 10
	}
	if r.chance(0.7) {
		m.Constraints = g.constraints()
	}
	if r.chance(0.7) {
		m.CloudCredential = &description.CloudCredential{Owner: r.userName(), Cloud: r.text(), Name: r.text(), AuthType: r.pick("oauth2", "access-key", r.text()), Attributes: r.stringMap(3)}
	}
	for i, n := 0, r.upTo(3); i < n; i++ {
		u := &description.User{Name: r.userName(), DisplayName: r.text(), CreatedBy: r.userName(), DateCreated: r.instantOrZero(), Access: r.text()}
		if r.chance(0.6) {
			t := r.utc()
			u.LastConnection = &t
		}
		m.Users = append(m.Users, u)
	}
	for _, pm := range p.machines {
		m.Machines = append(m.Machines, g.machine(pm, false))
	}
	for _, pa := range p.apps {
		m.Applications = append(m.Applications, g.application(pa))
	}
	g.relations(m)
	g.network(m)
	g.remote(m)
	g.misc(m)
	g.storage(m)
	g.secrets(m)
	return m
}

func (g *ferryGen) application(pa *planApp) *description.Application {
	r := g.r
	a := &description.Application{
		Name: pa.name, Type: pa.typ, Subordinate: pa.subordinate, CharmURL: r.text(), Channel: r.text(),
		CharmModifiedVersion: r.Intn(100) - 1, ForceCharm: r.bool(), MinUnits: r.Intn(5), Exposed: r.bool(),
		Status: g.status(), StatusHistory: g.history(), EndpointBindings: r.stringMap(3),
		CharmConfig: r.anyMap(4, 2), LeadershipSettings: r.anyMap(3, 2), Annotations: g.annotations(),
		PasswordHash: r.text(), PodSpec: r.text(), Placement: r.text(), HasResources: r.bool(),
		DesiredScale: r.Intn(10), OpenedPortRanges: g.portRanges(),
	}
	if r.chance(0.7) {
		a.ApplicationConfig = r.anyMap(4, 2)
		if len(a.ApplicationConfig) == 0 {
			a.ApplicationConfig = nil
		}
	}
	if b := r.text(); b != "" {
		a.MetricsCredentials = []byte(b)
	}
	if n := r.upTo(3); n > 0 {
		a.ExposedEndpoints = map[string]description.ExposedEndpoint{}
		for i := 0; i < n; i++ {
			a.ExposedEndpoints[r.pick("", r.word(), r.textKey())] = description.ExposedEndpoint{ExposeToSpaceIDs: r.texts(2), ExposeToCIDRs: r.texts(2)}
		}
	}
	if n := r.upTo(3); n > 0 {
		a.StorageDirectives = map[string]description.StorageDirective{}
		for i := 0; i < n; i++ {
			a.StorageDirectives[r.key()] = description.StorageDirective{Pool: r.text(), Size: uint64(r.Int63()), Count: uint64(r.Intn(10))}
		}
	}
	if len(pa.units) > 0 && r.chance(0.8) {
		a.Leader = pa.units[r.Intn(len(pa.units))].name
	}
	if r.chance(0.6) {
		a.Constraints = g.constraints()
	}
	if r.chance(0.6) {
		a.CloudService = &description.CloudService{ProviderID: r.text(), Addresses: g.addresses(2)}
	}
	if r.chance(0.6) {
		a.Tools = g.tools()
	}
	if r.chance(0.6) {
		a.OperatorStatus = g.status()
	}
	if r.chance(0.6) {
		a.ProvisioningState = &description.ProvisioningState{Scaling: r.bool(), ScaleTarget: r.Intn(10)}
	}
	for i, n := 0, r.upTo(2); i < n; i++ {
		a.Offers = append(a.Offers, &description.ApplicationOffer{
			OfferUUID: r.uuid(), OfferName: r.text(), Endpoints: r.nonEmptyStringMap(3), ACL: r.nonEmptyStringMap(3),
			ApplicationName: pa.name, ApplicationDescription: r.nonEmptyText(),
		})
	}
	if r.chance(0.8) {
		a.CharmOrigin = &description.CharmOrigin{
			Source: r.text(), ID: r.text(), Hash: r.text(), Revision: r.Intn(100) - 1, Channel: r.text(), Platform: r.text(),
		}
	}
	for i, n := 0, r.upTo(2); i < n; i++ {
		res := &description.Resource{Name: r.text(), ApplicationRevision: g.resourceRevision()}
		if r.bool() {
			res.CharmStoreRevision = g.resourceRevision()
		}
		a.Resources = append(a.Resources, res)
	}
	for _, pu := range pa.units {
		u := &description.Unit{
			Name: pu.name, Machine: pu.machine, Principal: pu.principal, Subordinates: append([]string(nil), pu.subs...),
			AgentStatus: g.status(), AgentStatusHistory: g.history(), WorkloadStatus: g.status(),
			WorkloadStatusHistory: g.history(), WorkloadVersion: r.text(), WorkloadVersionHistory: g.history(),
			PasswordHash: r.text(), MeterStatusCode: r.text(), MeterStatusInfo: r.text(), Annotations: g.annotations(),
			CharmState: r.stringMap(3), UniterState: r.text(), StorageState: r.text(), MeterStatusState: r.text(),
		}
		if pa.typ == "iaas" || r.bool() {
			u.Tools = g.tools()
		}
		if r.chance(0.5) {
			u.Constraints = g.constraints()
		}
		if pa.typ == "caas" || r.chance(0.2) {
			u.CloudContainer = &description.CloudContainer{ProviderID: r.nonEmptyText(), Address: g.addressPtr(), Ports: r.texts(2)}
		}
		if n := r.upTo(3); n > 0 {
			u.RelationState = map[int]string{}
			for i := 0; i < n; i++ {
				u.RelationState[r.Intn(300)-50] = r.text()
			}
		}
		for i, n := 0, r.upTo(2); i < n; i++ {
			u.Resources = append(u.Resources, &description.UnitResource{Name: r.text(), Revision: g.resourceRevision()})
		}
		for i, n := 0, r.upTo(2); i < n; i++ {
			u.Payloads = append(u.Payloads, &description.Payload{Name: r.text(), Type: r.text(), RawID: r.text(), State: r.text(), Labels: r.texts(2)})
		}
		a.Units = append(a.Units, u)
	}
	return a
}

func (g *ferryGen) relations(m *description.Model) {
	r, p := g.r, g.p
	var endpointApps []string
	for _, a := range p.apps {
		endpointApps = append(endpointApps, a.name)
	}
	endpointApps = append(endpointApps, p.remoteApps...)
	if len(endpointApps) == 0 {
		return
	}
	for _, id := range r.distinctInts(r.upTo(4), 100) {
		rel := &description.Relation{ID: id - 5, Key: r.text(), Suspended: r.bool(), SuspendedReason: r.text()}
		if r.bool() {
			rel.Status = g.status()
		}
		for i, n := 0, r.upTo(2); i < n; i++ {
			app := endpointApps[r.Intn(len(endpointApps))]
			ep := &description.Endpoint{
				ApplicationName: app, Name: r.text(), Role: r.text(), Interface: r.text(), Optional: r.bool(),
				Limit: r.Intn(5) - 1, Scope: r.pick("global", "container", r.text()),
				UnitSettings: map[string]map[string]any{}, ApplicationSettings: r.anyMap(3, 2),
			}
			if pa := p.app(app); pa != nil {
				for _, u := range pa.units {
					if ep.Scope != "container" || r.bool() {
						ep.UnitSettings[u.name] = r.anyMap(2, 1)
					}
				}
			}
			rel.Endpoints = append(rel.Endpoints, ep)
		}
		m.Relations = append(m.Relations, rel)
	}
}

func (g *ferryGen) network(m *description.Model) {
	r, p := g.r, g.p
	var spaceIDs []string
	for i, id := range r.distinctInts(r.upTo(3), 1000) {
		sid := fmt.Sprint(id + 1)
		spaceIDs = append(spaceIDs, sid)
		m.Spaces = append(m.Spaces, &description.Space{ID: sid, Name: fmt.Sprintf("%s-%d", r.appName(), i), Public: r.bool(), ProviderID: r.text()})
	}
	for i, n := 0, r.upTo(3); i < n; i++ {
		space := r.pick("", "0")
		if len(spaceIDs) > 0 && r.chance(0.7) {
			space = spaceIDs[r.Intn(len(spaceIDs))]
		}
		m.Subnets = append(m.Subnets, &description.Subnet{
			ID: r.text(), ProviderID: r.text(), ProviderNetworkID: r.text(), ProviderSpaceID: r.text(),
			CIDR: r.cidr(), VLANTag: r.Intn(4096), AvailabilityZones: append([]string{}, r.texts(2)...),
			IsPublic: r.bool(), SpaceID: space, FanLocalUnderlay: r.text(), FanOverlay: r.text(),
		})
	}
	for _, pm := range p.allMachines {
		for _, d := range pm.devices {
			m.LinkLayerDevices = append(m.LinkLayerDevices, &description.LinkLayerDevice{
				Name: d.name, MTU: uint(r.Intn(9000)), ProviderID: r.text(), MachineID: pm.id, Type: d.typ,
				MACAddress: r.pick("", r.mac()), IsAutoStart: r.bool(), IsUp: r.bool(), ParentName: d.parent,
			})
			for i, n := 0, r.upTo(2); i < n; i++ {
				a := &description.IPAddress{
					ProviderID: r.text(), DeviceName: d.name, MachineID: pm.id, SubnetCIDR: r.cidr(),
					ConfigMethod: r.text(), Value: r.ip(), DNSServers: append([]string{}, r.texts(2)...),
					DNSSearchDomains: append([]string{}, r.texts(2)...), IsDefaultGateway: r.bool(),
					ProviderNetworkID: r.text(), ProviderSubnetID: r.text(), Origin: r.text(), IsShadow: r.bool(), IsSecondary: r.bool(),
				}
				if r.bool() {
					a.GatewayAddress = r.ip()
				}
				m.IPAddresses = append(m.IPAddresses, a)
			}
		}
		if r.chance(0.4) {
			m.SSHHostKeys = append(m.SSHHostKeys, &description.SSHHostKey{MachineID: pm.id, Keys: append([]string{}, r.texts(2)...)})
		}
	}
	for i, n := 0, r.upTo(2); i < n; i++ {
		m.FirewallRules = append(m.FirewallRules, &description.FirewallRule{ID: r.text(), WellKnownService: r.text(), WhitelistCIDRs: append([]string{}, r.texts(2)...)})
	}
}

func (g *ferryGen) remote(m *description.Model) {
	r, p := g.r, g.p
	for _, name := range p.remoteApps {
		ra := &description.RemoteApplication{
			Name: name, OfferUUID: r.uuid(), URL: r.text(), SourceModelUUID: r.uuid(), ConsumeVersion: r.Intn(4),
			Macaroon: r.text(), IsConsumerProxy: r.bool(), Bindings: r.stringMap(2),
		}
		if r.bool() {
			ra.Status = g.status()
		}
		for i, n := 0, r.upTo(2); i < n; i++ {
			ra.Endpoints = append(ra.Endpoints, &description.RemoteEndpoint{Name: r.text(), Role: r.text(), Interface: r.text()})
		}
		for i, n := 0, r.upTo(2); i < n; i++ {
			sp := &description.RemoteSpace{CloudType: r.text(), Name: r.text(), ProviderID: r.text(), ProviderAttributes: r.anyMap(2, 1)}
			for j, k := 0, r.upTo(2); j < k; j++ {
				sp.Subnets = append(sp.Subnets, &description.Subnet{
					ProviderID: r.text(), ProviderNetworkID: r.text(), ProviderSpaceID: r.text(), CIDR: r.cidr(),
					VLANTag: r.Intn(4096), AvailabilityZones: append([]string{}, r.texts(2)...), SpaceName: r.text(),
				})
			}
			ra.Spaces = append(ra.Spaces, sp)
		}
		m.RemoteApplications = append(m.RemoteApplications, ra)
	}
	for i, n := 0, r.upTo(2); i < n; i++ {
		m.RemoteEntities = append(m.RemoteEntities, &description.RemoteEntity{ID: r.text(), Token: r.text(), Macaroon: r.text()})
	}
	for i, n := 0, r.upTo(2); i < n; i++ {
		m.RelationNetworks = append(m.RelationNetworks, &description.RelationNetwork{ID: r.text(), RelationKey: r.text(), CIDRs: append([]string{}, r.texts(2)...)})
	}
	for i, n := 0, r.upTo(2); i < n; i++ {
		m.OfferConnections = append(m.OfferConnections, &description.OfferConnection{
			OfferUUID: r.uuid(), RelationID: r.Intn(100), RelationKey: r.text(), UserName: r.text(), SourceModelUUID: r.uuid(),
		})
	}
	for i, n := 0, r.upTo(2); i < n; i++ {
		m.ExternalControllers = append(m.ExternalControllers, &description.ExternalController{
			ID: r.uuid(), Alias: r.text(), Addrs: append([]string{}, r.texts(2)...), CACert: r.text(), Models: append([]string{}, r.texts(2)...),
		})
	}
}

func (g *ferryGen) misc(m *description.Model) {
	r := g.r
	for i, n := 0, r.upTo(2); i < n; i++ {
		c := &description.CloudImageMetadata{
			Stream: r.text(), Region: r.text(), Version: r.text(), Arch: r.text(), VirtType: r.text(),
			RootStorageType: r.text(), DateCreated: r.Int63() - r.Int63(), Source: r.text(), Priority: r.Intn(100) - 10, ImageID: r.text(),
		}
		if r.bool() {
			size := uint64(r.Int63())
			c.RootStorageSize = &size
		}
		if r.bool() {
			t := r.instant()
			c.ExpireAt = &t
		}
		m.CloudImageMetadata = append(m.CloudImageMetadata, c)
	}
	optUTC := func() *time.Time {
		if r.bool() {
			return nil
		}
		t := r.utc()
		return &t
	}
	for i, n := 0, r.upTo(2); i < n; i++ {
		a := &description.Action{
			ID: r.text(), Receiver: r.text(), Name: r.text(), Operation: r.text(), Parameters: r.anyMap(3, 2),
			Parallel: r.bool(), ExecutionGroup: r.text(), Enqueued: r.utc(), Started: optUTC(), Completed: optUTC(),
			Status: r.text(), Message: r.text(), Results: r.anyMap(3, 2),
		}
		if r.bool() {
			a.Logs = []description.ActionMessage{}
			for j, k := 0, r.upTo(2); j < k; j++ {
				a.Logs = append(a.Logs, description.ActionMessage{Timestamp: r.utc(), Message: r.text()})
			}
		}
		m.Actions = append(m.Actions, a)
	}
	for i, n := 0, r.upTo(2); i < n; i++ {
		m.Operations = append(m.Operations, &description.Operation{
			ID: r.text(), Summary: r.text(), Enqueued: r.utc(), Started: optUTC(), Completed: optUTC(),
			Status: r.text(), Fail: r.text(), CompleteTaskCount: r.Intn(10),
		})
	}
}

func (g *ferryGen) storage(m *description.Model) {
	r, p := g.r, g.p
	var storageIDs []string
	for i, n := 0, r.upTo(3); i < n; i++ {
		id := fmt.Sprintf("%s/%d", r.appName(), i)
		storageIDs = append(storageIDs, id)
		s := &description.Storage{
			ID: id, Kind: r.text(), Name: r.text(),
			Constraints: &description.StorageInstanceConstraints{Pool: r.nonEmptyText(), Size: r.positive()},
		}
		switch {
		case len(p.units) > 0 && r.bool():
			s.Owner = "unit-" + strings.ReplaceAll(p.units[r.Intn(len(p.units))].name, "/", "-")
		case len(p.apps) > 0 && r.bool():
			s.Owner = "application-" + p.apps[r.Intn(len(p.apps))].name
		}
		for j, k := 0, r.upTo(2); j < k && len(p.units) > 0; j++ {
			s.Attachments = append(s.Attachments, p.units[r.Intn(len(p.units))].name)
		}
		m.Storages = append(m.Storages, s)
	}
	var hosts []string
	for _, pm := range p.allMachines {
		hosts = append(hosts, pm.id)
	}
	hosts = append(hosts, p.unitNames()...)
	var volumeIDs []string
	for i, n := 0, r.upTo(3); i < n; i++ {
		id := fmt.Sprint(i)
		volumeIDs = append(volumeIDs, id)
		v := &description.Volume{
			ID: id, Provisioned: r.bool(), Size: r.positive(), Pool: r.text(), HardwareID: r.text(), WWN: r.text(),
			VolumeID: r.text(), Persistent: r.bool(), Status: g.status(), StatusHistory: g.history(),
		}
		if len(storageIDs) > 0 && r.bool() {
			v.StorageID = storageIDs[r.Intn(len(storageIDs))]
		}
		for j, k := 0, r.upTo(2); j < k && len(hosts) > 0; j++ {
			at := &description.VolumeAttachment{
				HostID: hosts[r.Intn(len(hosts))], Provisioned: r.bool(), ReadOnly: r.bool(), DeviceName: r.text(),
				DeviceLink: r.text(), BusAddress: r.text(),
			}
			if r.bool() {
				at.PlanInfo = description.VolumePlanInfo{DeviceType: r.nonEmptyText(), DeviceAttributes: r.nonEmptyStringMap(2)}
			}
			v.Attachments = append(v.Attachments, at)
		}
		for j, k := 0, r.upTo(2); j < k && len(p.allMachines) > 0; j++ {
			bd := g.blockDevice()
			bd.SerialID = "" // juju reads a plan's block device with its v1 schema
			v.AttachmentPlans = append(v.AttachmentPlans, &description.VolumeAttachmentPlan{
				MachineID:   p.allMachines[r.Intn(len(p.allMachines))].id,
				BlockDevice: &bd,
				PlanInfo:    description.VolumePlanInfo{DeviceType: r.nonEmptyText(), DeviceAttributes: r.stringMap(2)},
			})
		}
		m.Volumes = append(m.Volumes, v)
	}
	for i, n := 0, r.upTo(3); i < n; i++ {
		f := &description.Filesystem{
			ID: fmt.Sprint(i), Provisioned: r.bool(), Size: r.positive(), Pool: r.text(), FilesystemID: r.text(),
			Status: g.status(), StatusHistory: g.history(),
		}
		if len(storageIDs) > 0 && r.bool() {
			f.StorageID = storageIDs[r.Intn(len(storageIDs))]
		}
		if len(volumeIDs) > 0 && r.bool() {
			f.VolumeID = volumeIDs[r.Intn(len(volumeIDs))]
		}
		for j, k := 0, r.upTo(2); j < k && len(hosts) > 0; j++ {
			f.Attachments = append(f.Attachments, &description.FilesystemAttachment{HostID: hosts[r.Intn(len(hosts))], Provisioned: r.bool(), MountPoint: r.text(), ReadOnly: r.bool()})
		}
		m.Filesystems = append(m.Filesystems, f)
	}
	for i, n := 0, r.upTo(2); i < n; i++ {
		m.StoragePools = append(m.StoragePools, &description.StoragePool{Name: r.text(), Provider: r.text(), Attributes: r.anyMap(3, 2)})
	}
}

func (g *ferryGen) secrets(m *description.Model) {
	r, p := g.r, g.p
	localTag := func() string { return p.localTag(r, g.uuid).String() }
	remoteTag := func() string {
		app := p.remoteApps[r.Intn(len(p.remoteApps))]
		if r.bool() {
			return fmt.Sprintf("unit-%s-%d", app, r.Intn(5))
		}
		return "application-" + app
	}
	optUTC := func() *time.Time {
		if r.bool() {
			return nil
		}
		t := r.utc()
		return &t
	}
	for i, n := 0, r.upTo(2); i < n; i++ {
		s := &description.Secret{
			ID: r.xid(), Version: r.Intn(3), Description: r.text(), Label: r.text(), RotatePolicy: r.text(),
			Owner: localTag(), AutoPrune: r.bool(), Created: r.utc(), Updated: r.utc(),
			Revisions: []*description.SecretRevision{}, NextRotateTime: optUTC(),
		}
		for j, k := 0, r.upTo(2); j < k; j++ {
			rev := &description.SecretRevision{Number: j + 1, Created: r.utc(), Updated: r.utc(), Obsolete: r.bool(), PendingDelete: r.bool(), ExpireTime: optUTC()}
			if r.bool() {
				rev.Content = r.nonEmptyStringMap(2)
			} else {
				rev.ValueRef = &description.SecretValueRef{BackendID: r.nonEmptyText(), RevisionID: r.nonEmptyText()}
			}
			s.Revisions = append(s.Revisions, rev)
		}
		if n := r.upTo(2); n > 0 {
			s.ACL = map[string]description.SecretAccess{}
			for j := 0; j < n; j++ {
				tag := localTag()
				if len(p.remoteApps) > 0 && r.chance(0.3) {
					tag = remoteTag()
				}
				s.ACL[tag] = description.SecretAccess{Scope: r.text(), Role: r.text()}
			}
		}
		for j, k := 0, r.upTo(2); j < k; j++ {
			s.Consumers = append(s.Consumers, &description.SecretConsumer{Consumer: localTag(), Label: r.text(), CurrentRevision: r.Intn(5)})
		}
		for j, k := 0, r.upTo(2); j < k && len(p.remoteApps) > 0; j++ {
			s.RemoteConsumers = append(s.RemoteConsumers, &description.SecretRemoteConsumer{ID: r.text(), Consumer: remoteTag(), CurrentRevision: r.Intn(5)})
		}
		m.Secrets = append(m.Secrets, s)
	}
	for i, n := 0, r.upTo(2); i < n; i++ {
		m.RemoteSecrets = append(m.RemoteSecrets, &description.RemoteSecret{
			ID: r.xid(), SourceUUID: r.uuid(), Consumer: localTag(), Label: r.text(), CurrentRevision: r.Intn(5), LatestRevision: r.Intn(5),
		})
	}
}
