package importer

import (
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/jujudb"
	"github.com/modelferry/ferry/internal/jujudoc"
)

// --- shared sub-documents

// storedAddress is an address as Juju stores it. It is also the value of
// an address field in the documents still built as bson.D.
func storedAddress(a *description.Address) jujudoc.Address {
	// Juju's import puts addresses with no space in alpha (ref §6.11).
	space := a.SpaceID
	if space == "" {
		space = "0"
	}
	return jujudoc.Address{Value: a.Value, AddressType: a.Type, Scope: a.Scope, Origin: a.Origin, SpaceID: space}
}

func storedAddresses(as []description.Address) []jujudoc.Address {
	out := make([]jujudoc.Address, len(as))
	for i := range as {
		out[i] = storedAddress(&as[i])
	}
	return out
}

func storedAddressPtr(a *description.Address) *jujudoc.Address {
	if a == nil {
		return nil
	}
	sa := storedAddress(a)
	return &sa
}

func storedTools(t *description.AgentTools) *jujudoc.Tools {
	if t == nil {
		return nil
	}
	return &jujudoc.Tools{Version: t.Version, URL: t.URL, SHA256: t.SHA256, Size: t.Size}
}

func normalChannel(ch string) string {
	if ch != "" && !strings.Contains(ch, "/") {
		return ch + "/stable"
	}
	return ch
}

func blockDeviceDoc(d *description.BlockDevice) jujudoc.BlockDevice {
	return jujudoc.BlockDevice{
		DeviceName: d.Name, DeviceLinks: d.Links, Label: d.Label, UUID: d.UUID, HardwareID: d.HardwareID,
		WWN: d.WWN, BusAddress: d.BusAddress, SerialID: d.SerialID, Size: u64(d.Size),
		FilesystemType: d.FilesystemType, InUse: d.InUse, MountPoint: d.MountPoint,
	}
}

// portRanges stores opened port ranges: unit -> endpoint -> ranges.
func portRanges(pr map[string]map[string][]description.PortRange) jujudoc.UnitPortRanges {
	out := make(jujudoc.UnitPortRanges, len(pr))
	for u, byEP := range pr {
		eps := make(jujudoc.Keyed[[]jujudoc.PortRange], len(byEP))
		for ep, rs := range byEP {
			stored := make([]jujudoc.PortRange, len(rs))
			for i, r := range rs {
				stored[i] = jujudoc.PortRange{FromPort: i32(r.FromPort), ToPort: i32(r.ToPort), Protocol: r.Protocol}
			}
			eps[ep] = stored
		}
		out[u] = eps
	}
	return out
}

// machineTag is "machine-0-lxd-1" for machine 0/lxd/1.
func machineTag(id string) string { return "machine-" + strings.ReplaceAll(id, "/", "-") }

// unitTag is "unit-mysql-0" for mysql/0.
func unitTag(name string) string { return "unit-" + strings.ReplaceAll(name, "/", "-") }

// --- machines

func (b *builder) machinesAll() {
	m := b.m
	vols := map[string][]string{}
	fss := map[string][]string{}
	for _, v := range m.Volumes {
		for _, a := range v.Attachments {
			vols[a.HostID] = append(vols[a.HostID], v.ID)
		}
	}
	for _, f := range m.Filesystems {
		for _, a := range f.Attachments {
			fss[a.HostID] = append(fss[a.HostID], f.ID)
		}
	}
	principals := map[string][]string{}
	hosting := map[string]bool{}
	if modelType(m) != "caas" {
		for _, a := range m.Applications {
			for _, u := range a.Units {
				if u.Machine == "" {
					continue
				}
				hosting[u.Machine] = true
				if u.Principal == "" {
					principals[u.Machine] = append(principals[u.Machine], u.Name)
				}
			}
		}
	}
	var walk func(ms []*description.Machine, parent *description.Machine)
	walk = func(ms []*description.Machine, parent *description.Machine) {
		for _, mc := range ms {
			b.machine(mc, parent, principals[mc.ID], !hosting[mc.ID], vols[mc.ID], fss[mc.ID])
			walk(mc.Containers, mc)
		}
	}
	walk(m.Machines, nil)
}

func (b *builder) machine(mc *description.Machine, parent *description.Machine, principals []string, clean bool, vols, fss []string) {
	id := mc.ID
	key := jujudb.MachineKey(id)
	what := fmt.Sprintf("machine %q", id)
	b.constraintsDoc(key, mc.Constraints)
	b.statusDoc(key, mc.Status)
	b.historyDocs(key, mc.StatusHistory)
	devs := make([]jujudoc.BlockDevice, len(mc.BlockDevices))
	for i := range mc.BlockDevices {
		devs[i] = blockDeviceDoc(&mc.BlockDevices[i])
	}
	b.addTyped(jujudb.BlockDevices, id, what, &jujudoc.BlockDevicesDoc{Machine: id, BlockDevices: devs})
	if in := mc.Instance; in != nil {
		arch := in.Architecture
		if arch == "" && parent != nil && parent.Instance != nil {
			// Juju fills a container's arch from its host (ref §8.10).
			arch = parent.Instance.Architecture
		}
		b.addTyped(jujudb.InstanceData, id, what, &jujudoc.InstanceDataDoc{
			MachineID: id, InstanceID: in.InstanceID, DisplayName: in.DisplayName, Arch: arch,
			Mem: u64(in.Memory), RootDisk: u64(in.RootDisk), RootDiskSource: in.RootDiskSource,
			CPUCores: u64(in.CPUCores), CPUPower: u64(in.CPUPower), Tags: in.Tags,
			AvailZone: in.AvailabilityZone, VirtType: in.VirtType, CharmProfiles: in.CharmProfiles,
		})
		b.statusDoc(jujudb.MachineInstanceKey(id), in.Status)
		b.historyDocs(jujudb.MachineInstanceKey(id), in.StatusHistory)
		ms := in.ModificationStatus
		if ms == nil {
			// Juju's machine() writes an empty status document (status
			// "", updated 0) for an instance without one: only AddMachine
			// writes "idle".
			ms = &description.Status{}
		}
		b.statusDoc(jujudb.MachineModificationKey(id), ms)
	}
	children := make([]string, 0, len(mc.Containers))
	for _, c := range mc.Containers {
		children = append(children, c.ID)
	}
	b.addTyped(jujudb.ContainerRefs, id, what, &jujudoc.ContainerRefsDoc{MachineID: id, Children: children})

	doc := jujudoc.MachineDoc{
		MachineID:                id,
		Nonce:                    mc.Nonce,
		ContainerType:            mc.ContainerType,
		Principals:               principals,
		Life:                     int32(jujudb.Alive),
		Tools:                    storedTools(mc.Tools),
		Jobs:                     make([]int32, 0, len(mc.Jobs)),
		PasswordHash:             mc.PasswordHash,
		Clean:                    clean,
		Volumes:                  vols,
		Filesystems:              fss,
		Addresses:                storedAddresses(mc.ProviderAddresses),
		MachineAddresses:         storedAddresses(mc.MachineAddresses),
		PreferredPublicAddress:   storedAddressPtr(mc.PreferredPublicAddress),
		PreferredPrivateAddress:  storedAddressPtr(mc.PreferredPrivateAddress),
		SupportedContainersKnown: mc.SupportedContainers != nil,
		Placement:                mc.Placement,
		Hostname:                 mc.Hostname,
	}
	for _, j := range mc.Jobs {
		job, ok := jujudb.ParseMachineJob(j)
		if j == "manage-model" {
			// juju/description's own name for api-server (JobManageModel).
			job, ok = jujudb.JobManageModel, true
		}
		if !ok {
			b.fail(what, fmt.Errorf("unknown machine job %q: %w", j, ErrUnsupported))
			return
		}
		doc.Jobs = append(doc.Jobs, int32(job))
	}
	if mc.Base != "" {
		os, ch, _ := strings.Cut(mc.Base, "@")
		doc.Base = &jujudoc.Base{OS: os, Channel: normalChannel(ch)}
	}
	if mc.SupportedContainers != nil {
		doc.SupportedContainers = *mc.SupportedContainers
	}
	b.addTyped(jujudb.Machines, id, what, &doc)
	// Juju writes the machine's port document even when nothing is open.
	b.addTyped(jujudb.OpenedPorts, id, what, &jujudoc.MachinePortRangesDoc{MachineID: id, UnitRanges: portRanges(mc.OpenedPortRanges)})
	b.annotationsDoc(key, machineTag(id), mc.Annotations)
}

// --- applications

// charmInfo collects what the charm document says about a charm: the
// charm data of the model when it has some, otherwise its endpoints, found
// in relations, offers and bindings.
type charmInfo struct {
	url         string
	subordinate bool
	sidecar     bool
	platform    []string // arch, os, channel
	endpoints   map[string]charmRelation
	// data is the first application of the charm that carries the charm's
	// own data (applications v13 and later); nil when none does.
	data *description.Application
}

type charmRelation struct {
	role, iface, scope string
	optional           bool
	limit              int
}

func (b *builder) applications() {
	m := b.m
	caas := modelType(m) == "caas"
	relCount := map[string]int{}
	eps := map[string]map[string]charmRelation{}
	for _, r := range m.Relations {
		for _, ep := range r.Endpoints {
			relCount[ep.ApplicationName]++
			if eps[ep.ApplicationName] == nil {
				eps[ep.ApplicationName] = map[string]charmRelation{}
			}
			eps[ep.ApplicationName][ep.Name] = charmRelation{role: ep.Role, iface: ep.Interface, scope: ep.Scope, optional: ep.Optional, limit: ep.Limit}
		}
	}
	charms := map[string]*charmInfo{}
	var charmOrder []string
	charmUsers := map[string]int{}
	storageRefs := map[string]int{}
	for _, s := range m.Storages {
		if s.Owner != "" {
			storageRefs["storage#"+s.Owner+"#"+s.Name]++
		}
	}
	for i, a := range m.Applications {
		if a.CharmURL == "" {
			b.fail(fmt.Sprintf("application %q", a.Name), fmt.Errorf("no charm URL"))
			return
		}
		if err := iaasApplication(m, i, caas); err != nil {
			b.fail(err.path, err)
			return
		}
		ci := charms[a.CharmURL]
		if ci == nil {
			ci = &charmInfo{url: a.CharmURL, subordinate: a.Subordinate, endpoints: map[string]charmRelation{},
				// A CAAS application whose agent is the application's own
				// (it has tools) runs a pod-spec charm; one without runs a
				// sidecar charm, which Juju tells by its manifest bases.
				sidecar:  caas && a.Tools == nil,
				platform: originPlatform(a.CharmOrigin)}
			charms[a.CharmURL] = ci
			// Juju's import keeps the first origin it makes per charm URL
			// (i.charmOrigins) for every application of that charm.
			b.origins[a.CharmURL] = jujuOrigin(a.CharmOrigin, a.CharmURL)
			charmOrder = append(charmOrder, a.CharmURL)
		}
		if ci.data == nil && a.CharmMetadata != nil {
			ci.data = a
		}
		for n, r := range eps[a.Name] {
			ci.endpoints[n] = r
		}
		for _, o := range a.Offers {
			for _, ep := range o.Endpoints {
				if _, ok := ci.endpoints[ep]; !ok {
					ci.endpoints[ep] = charmRelation{role: "provider", scope: "global"}
				}
			}
		}
		charmUsers[a.CharmURL] += 1 + len(a.Units)
		b.application(a, caas, relCount[a.Name])
	}
	for _, url := range charmOrder {
		b.charm(charms[url])
	}
	refs := map[string]int{}
	for url, n := range charmUsers {
		refs[jujudb.CharmKey(url)] = n
	}
	for _, a := range m.Applications {
		n := 1 + len(a.Units)
		refs[jujudb.CharmConfigKey(a.Name, a.CharmURL)] = n
		refs[jujudb.StorageConstraintsKey(a.Name, a.CharmURL)] = n
		if len(a.Offers) > 0 {
			refs["offer#"+a.Name] = len(a.Offers)
		}
	}
	for k, n := range storageRefs {
		refs[k] = n
	}
	keys := make([]string, 0, len(refs))
	for k := range refs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		b.addTyped(jujudb.Refcounts, k, "refcount "+strconv.Quote(k), &jujudoc.RefcountDoc{RefCount: i32(refs[k])})
	}
}

// originPlatform splits arch/os/channel (the channel may hold a '/').
func originPlatform(o *description.CharmOrigin) []string {
	if o == nil || o.Platform == "" {
		return nil
	}
	return strings.SplitN(o.Platform, "/", 3)
}

// charmName takes the name out of a charm URL: ch:amd64/jammy/mysql-5 is
// mysql.
func charmName(url string) string {
	_, rest, ok := strings.Cut(url, ":")
	if !ok {
		rest = url
	}
	if i := strings.LastIndexByte(rest, '/'); i >= 0 {
		rest = rest[i+1:]
	}
	if i := strings.LastIndexByte(rest, '-'); i > 0 {
		if _, err := strconv.Atoi(rest[i+1:]); err == nil {
			rest = rest[:i]
		}
	}
	return rest
}

func (b *builder) charm(ci *charmInfo) {
	doc := &jujudoc.CharmDoc{
		URL:           ci.url,
		Life:          int32(jujudb.Alive),
		PendingUpload: b.info.CharmsPendingUpload,
	}
	if ci.data != nil {
		// The model carries the charm's own data (applications v13, Juju
		// 3.6): store it as the charm archive's upload would, with the
		// endpoints its relations and offers use that it lacks (Juju looks
		// them up in the metadata; ExpectedExport lists the addition).
		if err := storedCharmData(doc, ci.data); err != nil {
			b.fail(fmt.Sprintf("application %q", ci.data.Name), err)
			return
		}
		stub := ci.stubMeta()
		for _, f := range []struct {
			from, to *map[string]jujudoc.CharmRelation
		}{
			{&stub.Provides, &doc.Meta.Provides}, {&stub.Requires, &doc.Meta.Requires}, {&stub.Peers, &doc.Meta.Peers}} {
			for k, r := range *f.from {
				if declared(doc.Meta, k) {
					continue
				}
				if *f.to == nil {
					*f.to = map[string]jujudoc.CharmRelation{}
				}
				(*f.to)[k] = r
			}
		}
	} else {
		doc.Meta, doc.Manifest = ci.stubMeta(), ci.stubManifest()
		doc.Config = &jujudoc.CharmConfig{}
		doc.Actions = &jujudoc.CharmActions{}
		doc.Stub = true
	}
	b.addTyped(jujudb.Charms, ci.url, fmt.Sprintf("charm %q", ci.url), doc)
}

// declared says whether a charm's metadata has an endpoint (escaped name).
func declared(m *jujudoc.CharmMeta, k string) bool {
	_, p := m.Provides[k]
	_, r := m.Requires[k]
	_, q := m.Peers[k]
	return p || r || q
}

// stubMeta makes up the metadata a charm needs for what Juju and ferry's
// export look up in it (endpoints, subordinate, sidecar containers) when
// the model carries none.
func (ci *charmInfo) stubMeta() *jujudoc.CharmMeta {
	meta := &jujudoc.CharmMeta{Name: charmName(ci.url), Subordinate: ci.subordinate}
	for n, r := range ci.endpoints {
		scope := r.scope
		if scope == "" {
			scope = "global"
		}
		rel := jujudoc.CharmRelation{Name: n, Role: r.role, Interface: r.iface, Optional: r.optional, Limit: r.limit, Scope: scope}
		m := &meta.Provides
		switch r.role {
		case "requirer":
			m = &meta.Requires
		case "peer":
			m = &meta.Peers
		}
		if *m == nil {
			*m = map[string]jujudoc.CharmRelation{}
		}
		(*m)[jujudb.EscapeKey(n)] = rel
	}
	if ci.sidecar && len(ci.platform) != 3 {
		meta.Containers = map[string]jujudoc.CharmContainer{"workload": {}}
	}
	return meta
}

// stubManifest says a sidecar charm is one: a charm with bases in its
// manifest is a v2 (sidecar-capable) charm; only CAAS sidecar
// applications need that said.
func (ci *charmInfo) stubManifest() *jujudoc.CharmManifest {
	if !ci.sidecar || len(ci.platform) != 3 {
		return &jujudoc.CharmManifest{}
	}
	track, risk, _ := strings.Cut(normalChannel(ci.platform[2]), "/")
	return &jujudoc.CharmManifest{Bases: []jujudoc.CharmBase{{
		Name: ci.platform[1], Channel: jujudoc.CharmChannel{Track: track, Risk: risk}, Architectures: []string{ci.platform[0]},
	}}}
}

// storedOrigin stores a charm origin (ref §6.15). The builder always has
// one (jujuOrigin makes one up for a tree without).
func storedOrigin(o *description.CharmOrigin) *jujudoc.CharmOriginDoc {
	d := &jujudoc.CharmOriginDoc{Source: o.Source, Type: "charm", ID: o.ID, Hash: o.Hash}
	if o.Revision != -1 {
		r := i32(o.Revision)
		d.Revision = &r
	}
	if o.Channel != "" {
		track, risk, branch := parseChannel(o.Channel)
		d.Channel = &jujudoc.CharmChannel{Track: track, Risk: risk, Branch: branch}
	}
	// The os and channel are written whenever the platform has those
	// parts, even empty ("amd64//22.04" once "unknown" is cleared).
	p := strings.SplitN(o.Platform, "/", 3)
	d.Platform.Architecture = p[0]
	if len(p) > 1 {
		d.Platform.OS = &p[1]
	}
	if len(p) > 2 {
		d.Platform.Channel = &p[2]
	}
	return d
}

var risks = map[string]bool{"stable": true, "candidate": true, "beta": true, "edge": true}

// parseChannel parses track/risk/branch the way charm channels parse: one
// part is a risk; two are risk/branch when the first is a risk, else
// track/risk.
func parseChannel(ch string) (track, risk, branch string) {
	p := strings.Split(ch, "/")
	switch len(p) {
	case 1:
		risk = p[0]
	case 2:
		if risks[p[0]] {
			risk, branch = p[0], p[1]
		} else {
			track, risk = p[0], p[1]
		}
	default:
		track, risk, branch = p[0], p[1], strings.Join(p[2:], "/")
	}
	return track, risk, branch
}

// channelParts is a channel as stored: [track/]risk[/branch], the risk
// always there (perhaps empty), the others only when set.
func channelParts(ch string) []string {
	track, risk, branch := parseChannel(ch)
	parts := make([]string, 0, 3)
	if track != "" {
		parts = append(parts, track)
	}
	parts = append(parts, risk)
	if branch != "" {
		parts = append(parts, branch)
	}
	return parts
}

func (b *builder) application(a *description.Application, caas bool, relationCount int) {
	name := a.Name
	what := fmt.Sprintf("application %q", name)
	key := jujudb.ApplicationKey(name)
	b.constraintsDoc(key, a.Constraints)
	sc := make(jujudoc.Keyed[jujudoc.StorageConstraint], len(a.StorageDirectives))
	for n, s := range a.StorageDirectives {
		sc[n] = jujudoc.StorageConstraint{Pool: s.Pool, Size: u64(s.Size), Count: u64(s.Count)}
	}
	b.addTyped(jujudb.StorageConstraints, jujudb.StorageConstraintsKey(name, a.CharmURL), what, &jujudoc.StorageConstraintsDoc{Constraints: sc})
	b.addTyped(jujudb.DeviceConstraints, jujudb.DeviceConstraintsKey(name, a.CharmURL), what, &jujudoc.DeviceConstraintsDoc{})
	b.settingsDoc(jujudb.CharmConfigKey(name, a.CharmURL), a.CharmConfig, what+" charm config")
	b.settingsDoc(jujudb.ApplicationConfigKey(name), a.ApplicationConfig, what+" application config")
	b.settingsDoc(jujudb.LeaderSettingsKey(name), a.LeadershipSettings, what+" leadership settings")
	b.statusDoc(key, a.Status)
	b.historyDocs(key, a.StatusHistory)
	if os := a.OperatorStatus; os != nil && !isZeroStatus(os) {
		// Juju writes an operator status for CAAS applications only; its
		// exporter reads one for every application, so ferry keeps any the
		// tree has.
		b.statusDoc(jujudb.ApplicationOperatorKey(name), os)
	}

	doc := &jujudoc.ApplicationDoc{
		Name:                 name,
		Subordinate:          a.Subordinate,
		CharmURL:             a.CharmURL,
		CharmOrigin:          storedOrigin(b.origins[a.CharmURL]),
		CharmModifiedVersion: i32(a.CharmModifiedVersion),
		ForceCharm:           a.ForceCharm,
		Life:                 int32(jujudb.Alive),
		UnitCount:            i32(len(a.Units)),
		RelationCount:        i32(relationCount),
		MinUnits:             i32(a.MinUnits),
		Tools:                storedTools(a.Tools),
		MetricCredentials:    a.MetricsCredentials,
		Exposed:              a.Exposed,
		DesiredScale:         i32(a.DesiredScale),
		PasswordHash:         a.PasswordHash,
		Placement:            a.Placement,
		HasResources:         a.HasResources,
		// Juju 3.6 (applications v14; docs/juju-layout.md): absent, not
		// empty, when unknown, since Juju's upgrade step fills in the
		// applications that lack the field.
		StorageUniqueID: a.StorageUniqueID,
	}
	if len(a.ExposedEndpoints) > 0 {
		doc.ExposedEndpoints = make(jujudoc.Keyed[jujudoc.ExposedEndpoint], len(a.ExposedEndpoints))
		for ep, e := range a.ExposedEndpoints {
			doc.ExposedEndpoints[jujudb.EscapeKey(ep)] = jujudoc.ExposedEndpoint{ExposeToSpaceIDs: e.ExposeToSpaceIDs, ExposeToCIDRs: e.ExposeToCIDRs}
		}
	}
	if ps := a.ProvisioningState; ps != nil {
		doc.ProvisioningState = &jujudoc.ProvisioningState{Scaling: ps.Scaling, ScaleTarget: i32(ps.ScaleTarget)}
	}
	b.addTyped(jujudb.Applications, name, what, doc)

	b.addTyped(jujudb.EndpointBindings, key, what, &jujudoc.EndpointBindingsDoc{Bindings: escapedKeys(jujuBindings(a.EndpointBindings))})
	b.resources(a)
	if caas && a.PodSpec != "" {
		b.addTyped(jujudb.PodSpecs, key, what, &jujudoc.PodSpecDoc{Spec: a.PodSpec})
	}
	if cs := a.CloudService; cs != nil {
		b.addTyped(jujudb.CloudServices, key, what, &jujudoc.CloudServiceDoc{ProviderID: cs.ProviderID, Addresses: storedAddresses(cs.Addresses)})
	}
	b.addTyped(jujudb.OpenedPorts, key, what, &jujudoc.ApplicationPortRangesDoc{ApplicationName: name, UnitRanges: portRanges(a.OpenedPortRanges)})
	b.annotationsDoc(key, "application-"+name, a.Annotations)
	for _, u := range a.Units {
		b.unit(a, u, caas)
	}
	for _, o := range a.Offers {
		offerUUID := OfferUUID(b.uuid, o)
		b.addTyped(jujudb.ApplicationOffers, o.OfferName, fmt.Sprintf("offer %q", o.OfferName), &jujudoc.ApplicationOfferDoc{
			OfferUUID:              offerUUID,
			OfferName:              o.OfferName,
			ApplicationName:        name,
			ApplicationDescription: o.ApplicationDescription,
			Endpoints:              escapedKeys(o.Endpoints),
		})
		obj := jujudb.OfferObjectKey(offerUUID)
		for _, user := range sortedKeys(o.ACL) {
			sub := jujudb.UserSubjectKey(user)
			if d := b.globalDoc(jujudb.Permissions, fmt.Sprintf("offer %q", o.OfferName), &jujudoc.PermissionDoc{
				DocID: jujudb.PermissionID(obj, sub), ObjectGlobalKey: obj, SubjectGlobalKey: sub, Access: o.ACL[user]}); d != nil {
				b.offerPerms = append(b.offerPerms, d)
			}
		}
	}
}

func isZeroStatus(s *description.Status) bool {
	return s.Value == "" && s.Message == "" && len(s.Data) == 0 && s.Updated.IsZero() && !s.NeverSet
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func (b *builder) resourceDoc(local, app, name, unit string, r *description.ResourceRevision) {
	fp, err := hex.DecodeString(r.Fingerprint)
	if err != nil {
		b.fail(fmt.Sprintf("resource %q of application %q", name, app), fmt.Errorf("fingerprint %q is not hex: %w", r.Fingerprint, ErrUnsupported))
		return
	}
	b.addTyped(jujudb.Resources, local, fmt.Sprintf("resource %q of application %q", name, app), &jujudoc.ResourceDoc{
		ID:            app + "/" + name,
		ApplicationID: app,
		UnitID:        unit,
		Name:          name,
		Type:          r.Type,
		Path:          r.Path,
		Description:   r.Description,
		Origin:        r.Origin,
		Revision:      i32(r.Revision),
		Fingerprint:   fp,
		Size:          r.Size,
		Username:      r.Username,
		Timestamp:     dtPtr(r.Timestamp),
		StoragePath:   "application-" + app + "/resources/" + name,
		LastPolled:    dtPtr(nil),
	})
}

// resources writes each resource's application and store revision
// documents (and the units' copies). Juju's import writes only
// placeholders and lets the binaries phase add the rest; ferry writes the
// records the tree holds so that the model reads back whole, and the
// blobs still come from an upload.
func (b *builder) resources(a *description.Application) {
	for _, r := range a.Resources {
		if r.ApplicationRevision != nil {
			b.resourceDoc(jujudb.ResourceID(a.Name, r.Name), a.Name, r.Name, "", r.ApplicationRevision)
		}
		store := r.CharmStoreRevision
		if store == nil {
			// Juju's exporter wants a store revision for every resource;
			// the application's is the best known.
			store = r.ApplicationRevision
		}
		if store != nil {
			b.resourceDoc(jujudb.ResourceID(a.Name, r.Name)+jujudb.ResourceCharmStoreSuffix, a.Name, r.Name, "", store)
		}
	}
	for _, u := range a.Units {
		for _, r := range u.Resources {
			if r.Revision != nil {
				b.resourceDoc(jujudb.ResourceUnitID(a.Name, r.Name, u.Name), a.Name, r.Name, u.Name, r.Revision)
			}
		}
	}
}

func (b *builder) unit(a *description.Application, u *description.Unit, caas bool) {
	name := u.Name
	what := fmt.Sprintf("unit %q", name)
	if cc := u.CloudContainer; cc != nil {
		b.addTyped(jujudb.CloudContainers, jujudb.UnitWorkloadKey(name), what, &jujudoc.CloudContainerDoc{
			ProviderID: cc.ProviderID, Address: storedAddressPtr(cc.Address), Ports: cc.Ports,
		})
	}
	ak, wk := jujudb.UnitAgentKey(name), jujudb.UnitWorkloadKey(name)
	b.statusDoc(ak, u.AgentStatus)
	b.historyDocs(ak, u.AgentStatusHistory)
	b.statusDoc(wk, u.WorkloadStatus)
	b.historyDocs(wk, u.WorkloadStatusHistory)
	b.addTyped(jujudb.MeterStatus, ak, what, &jujudoc.MeterStatusDoc{Code: u.MeterStatusCode, Info: u.MeterStatusInfo})
	wvs := "active"
	if u.WorkloadVersion == "" {
		wvs = "unknown"
	}
	// The workload version is a status whose message is the version; Juju
	// writes it with time 0 (ref §8.11).
	b.addTyped(jujudb.Statuses, jujudb.WorkloadVersionKey(name), "unit "+name,
		&jujudoc.StatusDoc{Status: wvs, StatusInfo: u.WorkloadVersion, StatusData: bson.D{}})
	b.historyDocs(jujudb.WorkloadVersionKey(name), u.WorkloadVersionHistory)
	doc := &jujudoc.UnitDoc{
		Name:                   name,
		Application:            a.Name,
		CharmURL:               a.CharmURL,
		Principal:              u.Principal,
		Subordinates:           u.Subordinates,
		StorageAttachmentCount: i32(b.storageOf[name]),
		MachineID:              u.Machine,
		// An IAAS unit without tools was refused (iaasApplication).
		Tools:        storedTools(u.Tools),
		Life:         int32(jujudb.Alive),
		PasswordHash: u.PasswordHash,
	}
	if p := originPlatform(a.CharmOrigin); len(p) == 3 {
		doc.Base = &jujudoc.Base{OS: p[1], Channel: normalChannel(p[2])}
	}
	b.addTyped(jujudb.Units, name, what, doc)
	if u.Constraints != nil {
		b.constraintsDoc(ak, u.Constraints)
	}
	b.annotationsDoc(wk, unitTag(name), u.Annotations)
	if len(u.CharmState) > 0 || len(u.RelationState) > 0 || u.UniterState != "" || u.StorageState != "" || u.MeterStatusState != "" {
		rs := make(jujudoc.RelationStates, len(u.RelationState))
		for id, st := range u.RelationState {
			rs[strconv.Itoa(id)] = st
		}
		b.addTyped(jujudb.UnitStates, wk, what, &jujudoc.UnitStateDoc{
			CharmState:       escapedKeys(u.CharmState),
			UniterState:      u.UniterState,
			RelationState:    rs,
			StorageState:     u.StorageState,
			MeterStatusState: u.MeterStatusState,
		})
	}
	for _, pl := range u.Payloads {
		b.addTyped(jujudb.Payloads, jujudb.PayloadKey(name, pl.Name), what, &jujudoc.PayloadDoc{
			UnitID: name, Name: pl.Name, MachineID: u.Machine, Type: pl.Type, RawID: pl.RawID, State: pl.State, Labels: pl.Labels,
		})
	}
}

// escapedKeys stores a map of strings with its keys escaped
// (jujudb.EscapeKey), as Juju stores endpoint names and charm state keys.
func escapedKeys(m map[string]string) jujudoc.Keyed[string] {
	out := make(jujudoc.Keyed[string], len(m))
	for k, v := range m {
		out[jujudb.EscapeKey(k)] = v
	}
	return out
}
