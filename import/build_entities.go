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

func blockDeviceDoc(d *description.BlockDevice) bson.D {
	f := bson.D{{Key: "devicename", Value: d.Name}}
	if len(d.Links) > 0 {
		f = append(f, bson.E{Key: "devicelinks", Value: strs(d.Links)})
	}
	add := func(k, v string) {
		if v != "" {
			f = append(f, bson.E{Key: k, Value: v})
		}
	}
	add("label", d.Label)
	add("uuid", d.UUID)
	add("hardwareid", d.HardwareID)
	add("wwn", d.WWN)
	add("busaddress", d.BusAddress)
	add("serialid", d.SerialID)
	f = append(f, bson.E{Key: "size", Value: u64(d.Size)})
	add("fstype", d.FilesystemType)
	f = append(f, bson.E{Key: "inuse", Value: d.InUse})
	add("mountpoint", d.MountPoint)
	return f
}

func portRangesDoc(pr map[string]map[string][]description.PortRange) bson.D {
	units := make([]string, 0, len(pr))
	for u := range pr {
		units = append(units, u)
	}
	sort.Strings(units)
	out := make(bson.D, 0, len(units))
	for _, u := range units {
		eps := make([]string, 0, len(pr[u]))
		for ep := range pr[u] {
			eps = append(eps, ep)
		}
		sort.Strings(eps)
		byEP := make(bson.D, 0, len(eps))
		for _, ep := range eps {
			rs := pr[u][ep]
			arr := make(bson.A, len(rs))
			for i, r := range rs {
				arr[i] = bson.D{{Key: "fromport", Value: i32(r.FromPort)}, {Key: "toport", Value: i32(r.ToPort)}, {Key: "protocol", Value: r.Protocol}}
			}
			byEP = append(byEP, bson.E{Key: ep, Value: arr})
		}
		out = append(out, bson.E{Key: u, Value: byEP})
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
	devs := make(bson.A, len(mc.BlockDevices))
	for i := range mc.BlockDevices {
		devs[i] = blockDeviceDoc(&mc.BlockDevices[i])
	}
	b.add(jujudb.BlockDevices, id, bson.D{{Key: "machineid", Value: id}, {Key: "blockdevices", Value: devs}})
	if in := mc.Instance; in != nil {
		arch := in.Architecture
		if arch == "" && parent != nil && parent.Instance != nil {
			// Juju fills a container's arch from its host (ref §8.10).
			arch = parent.Instance.Architecture
		}
		f := bson.D{{Key: "machineid", Value: id}, {Key: "instanceid", Value: in.InstanceID}, {Key: "display-name", Value: in.DisplayName}}
		if arch != "" {
			f = append(f, bson.E{Key: "arch", Value: arch})
		}
		optU := func(k string, v uint64) {
			if v != 0 {
				f = append(f, bson.E{Key: k, Value: u64(v)})
			}
		}
		optS := func(k, v string) {
			if v != "" {
				f = append(f, bson.E{Key: k, Value: v})
			}
		}
		optU("mem", in.Memory)
		optU("rootdisk", in.RootDisk)
		optS("rootdisksource", in.RootDiskSource)
		optU("cpucores", in.CPUCores)
		optU("cpupower", in.CPUPower)
		if len(in.Tags) > 0 {
			f = append(f, bson.E{Key: "tags", Value: strs(in.Tags)})
		}
		optS("availzone", in.AvailabilityZone)
		optS("virt-type", in.VirtType)
		if len(in.CharmProfiles) > 0 {
			f = append(f, bson.E{Key: "charm-profiles", Value: strs(in.CharmProfiles)})
		}
		b.add(jujudb.InstanceData, id, f)
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
	cr := bson.D{{Key: "machineid", Value: id}}
	if len(children) > 0 {
		cr = append(cr, bson.E{Key: "children", Value: strs(children)})
	}
	b.add(jujudb.ContainerRefs, id, cr)

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
	b.add(jujudb.OpenedPorts, id, bson.D{{Key: "machine-id", Value: id}, {Key: "unit-port-ranges", Value: portRangesDoc(mc.OpenedPortRanges)}})
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
		b.add(jujudb.Refcounts, k, bson.D{{Key: "refcount", Value: i32(refs[k])}})
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

// originDoc stores a charm origin (ref §6.15).
func originDoc(o *description.CharmOrigin, url string) bson.D {
	if o == nil {
		src := "charm-hub"
		if strings.HasPrefix(url, "local:") {
			src = "local"
		}
		return bson.D{{Key: "source", Value: src}, {Key: "type", Value: "charm"}, {Key: "platform", Value: bson.D{}}}
	}
	d := bson.D{{Key: "source", Value: o.Source}, {Key: "type", Value: "charm"}, {Key: "id", Value: o.ID}, {Key: "hash", Value: o.Hash}}
	if o.Revision != -1 {
		d = append(d, bson.E{Key: "revision", Value: i32(o.Revision)})
	}
	if o.Channel != "" {
		d = append(d, bson.E{Key: "channel", Value: channelDoc(o.Channel)})
	}
	p := strings.SplitN(o.Platform, "/", 3)
	pd := bson.D{}
	if len(p) > 0 && p[0] != "" {
		pd = append(pd, bson.E{Key: "architecture", Value: p[0]})
	}
	if len(p) > 1 {
		pd = append(pd, bson.E{Key: "os", Value: p[1]})
	}
	if len(p) > 2 {
		pd = append(pd, bson.E{Key: "channel", Value: p[2]})
	}
	return append(d, bson.E{Key: "platform", Value: pd})
}

var risks = map[string]bool{"stable": true, "candidate": true, "beta": true, "edge": true}

// channelDoc parses track/risk/branch the way charm channels parse: one
// part is a risk; two are risk/branch when the first is a risk, else
// track/risk.
func channelDoc(ch string) bson.D {
	p := strings.Split(ch, "/")
	var track, risk, branch string
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
	d := bson.D{}
	if track != "" {
		d = append(d, bson.E{Key: "track", Value: track})
	}
	d = append(d, bson.E{Key: "risk", Value: risk})
	if branch != "" {
		d = append(d, bson.E{Key: "branch", Value: branch})
	}
	return d
}

func (b *builder) application(a *description.Application, caas bool, relationCount int) {
	name := a.Name
	what := fmt.Sprintf("application %q", name)
	key := jujudb.ApplicationKey(name)
	b.constraintsDoc(key, a.Constraints)
	sc := bson.D{}
	for _, n := range sortedKeys(a.StorageDirectives) {
		s := a.StorageDirectives[n]
		sc = append(sc, bson.E{Key: n, Value: bson.D{{Key: "pool", Value: s.Pool}, {Key: "size", Value: u64(s.Size)}, {Key: "count", Value: u64(s.Count)}}})
	}
	b.add(jujudb.StorageConstraints, jujudb.StorageConstraintsKey(name, a.CharmURL), bson.D{{Key: "constraints", Value: sc}})
	b.add(jujudb.DeviceConstraints, jujudb.DeviceConstraintsKey(name, a.CharmURL), bson.D{{Key: "constraints", Value: bson.D{}}})
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

	f := bson.D{
		{Key: "name", Value: name},
		{Key: "subordinate", Value: a.Subordinate},
		{Key: "charmurl", Value: a.CharmURL},
		{Key: "charm-origin", Value: originDoc(b.origins[a.CharmURL], a.CharmURL)},
		{Key: "charmmodifiedversion", Value: i32(a.CharmModifiedVersion)},
		{Key: "forcecharm", Value: a.ForceCharm},
		{Key: "life", Value: int32(jujudb.Alive)},
		{Key: "unitcount", Value: i32(len(a.Units))},
		{Key: "relationcount", Value: i32(relationCount)},
		{Key: "minunits", Value: i32(a.MinUnits)},
	}
	if a.Tools != nil {
		f = append(f, bson.E{Key: "tools", Value: storedTools(a.Tools)})
	}
	f = append(f,
		bson.E{Key: "metric-credentials", Value: bson.Binary{Data: a.MetricsCredentials}},
		bson.E{Key: "exposed", Value: a.Exposed},
	)
	if len(a.ExposedEndpoints) > 0 {
		xe := bson.D{}
		for _, ep := range sortedKeys(a.ExposedEndpoints) {
			e := a.ExposedEndpoints[ep]
			d := bson.D{}
			if len(e.ExposeToSpaceIDs) > 0 {
				d = append(d, bson.E{Key: "to-space-ids", Value: strs(e.ExposeToSpaceIDs)})
			}
			if len(e.ExposeToCIDRs) > 0 {
				d = append(d, bson.E{Key: "to-cidrs", Value: strs(e.ExposeToCIDRs)})
			}
			xe = append(xe, bson.E{Key: jujudb.EscapeKey(ep), Value: d})
		}
		f = append(f, bson.E{Key: "exposed-endpoints", Value: xe})
	}
	f = append(f,
		bson.E{Key: "scale", Value: i32(a.DesiredScale)},
		bson.E{Key: "passwordhash", Value: a.PasswordHash},
	)
	if ps := a.ProvisioningState; ps != nil {
		f = append(f, bson.E{Key: "provisioning-state", Value: bson.D{{Key: "scaling", Value: ps.Scaling}, {Key: "scale-target", Value: i32(ps.ScaleTarget)}}})
	} else {
		f = append(f, bson.E{Key: "provisioning-state", Value: nil})
	}
	if a.Placement != "" {
		f = append(f, bson.E{Key: "placement", Value: a.Placement})
	}
	if a.HasResources {
		f = append(f, bson.E{Key: "has-resources", Value: true})
	}
	if a.StorageUniqueID != "" {
		// Juju 3.6 (applications v14; docs/juju-layout.md): absent, not
		// empty, when unknown, since Juju's upgrade step fills in the
		// applications that lack the field.
		f = append(f, bson.E{Key: "storage-unique-id", Value: a.StorageUniqueID})
	}
	b.add(jujudb.Applications, name, f)

	b.add(jujudb.EndpointBindings, key, bson.D{{Key: "bindings", Value: stringDoc(jujuBindings(a.EndpointBindings), true)}})
	b.resources(a)
	if caas && a.PodSpec != "" {
		b.add(jujudb.PodSpecs, key, bson.D{{Key: "spec", Value: a.PodSpec}, {Key: "raw-spec", Value: ""}, {Key: "upgrade-counter", Value: int32(0)}})
	}
	if cs := a.CloudService; cs != nil {
		b.add(jujudb.CloudServices, key, bson.D{
			{Key: "provider-id", Value: cs.ProviderID}, {Key: "addresses", Value: storedAddresses(cs.Addresses)},
			{Key: "generation", Value: int64(0)}, {Key: "desired-scale-protected", Value: false},
		})
	}
	b.add(jujudb.OpenedPorts, key, bson.D{
		{Key: "application-name", Value: name},
		{Key: "port-ranges", Value: bson.D{}},
		{Key: "unit-port-ranges", Value: portRangesDoc(a.OpenedPortRanges)},
	})
	b.annotationsDoc(key, "application-"+name, a.Annotations)
	for _, u := range a.Units {
		b.unit(a, u, caas)
	}
	for _, o := range a.Offers {
		offerUUID := OfferUUID(b.uuid, o)
		b.add(jujudb.ApplicationOffers, o.OfferName, bson.D{
			{Key: "offer-uuid", Value: offerUUID},
			{Key: "offer-name", Value: o.OfferName},
			{Key: "application-name", Value: name},
			{Key: "application-description", Value: o.ApplicationDescription},
			{Key: "endpoints", Value: stringDoc(o.Endpoints, true)},
		})
		obj := jujudb.OfferObjectKey(offerUUID)
		for _, user := range sortedKeys(o.ACL) {
			sub := jujudb.UserSubjectKey(user)
			b.offerPerms = append(b.offerPerms, bson.D{
				{Key: "_id", Value: jujudb.PermissionID(obj, sub)},
				{Key: "object-global-key", Value: obj},
				{Key: "subject-global-key", Value: sub},
				{Key: "access", Value: o.ACL[user]},
				{Key: jujudb.FieldTxnRevno, Value: jujudb.InsertTxnRevno},
			})
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
	f := bson.D{
		{Key: "resource-id", Value: app + "/" + name},
		{Key: "pending-id", Value: ""},
		{Key: "application-id", Value: app},
	}
	if unit != "" {
		f = append(f, bson.E{Key: "unit-id", Value: unit})
	}
	f = append(f,
		bson.E{Key: "name", Value: name},
		bson.E{Key: "type", Value: r.Type},
		bson.E{Key: "path", Value: r.Path},
		bson.E{Key: "description", Value: r.Description},
		bson.E{Key: "origin", Value: r.Origin},
		bson.E{Key: "revision", Value: i32(r.Revision)},
		bson.E{Key: "fingerprint", Value: bson.Binary{Data: fp}},
		bson.E{Key: "size", Value: r.Size},
		bson.E{Key: "username", Value: r.Username},
		bson.E{Key: "timestamp-when-added", Value: dtPtr(r.Timestamp)},
		bson.E{Key: "storage-path", Value: "application-" + app + "/resources/" + name},
		bson.E{Key: "timestamp-when-last-polled", Value: dtPtr(nil)},
	)
	b.add(jujudb.Resources, local, f)
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
	if cc := u.CloudContainer; cc != nil {
		var addr any
		if cc.Address != nil {
			addr = storedAddress(cc.Address)
		}
		b.add(jujudb.CloudContainers, jujudb.UnitWorkloadKey(name), bson.D{
			{Key: "provider-id", Value: cc.ProviderID}, {Key: "address", Value: addr}, {Key: "ports", Value: strs(cc.Ports)},
		})
	}
	ak, wk := jujudb.UnitAgentKey(name), jujudb.UnitWorkloadKey(name)
	b.statusDoc(ak, u.AgentStatus)
	b.historyDocs(ak, u.AgentStatusHistory)
	b.statusDoc(wk, u.WorkloadStatus)
	b.historyDocs(wk, u.WorkloadStatusHistory)
	b.add(jujudb.MeterStatus, ak, bson.D{{Key: "code", Value: u.MeterStatusCode}, {Key: "info", Value: u.MeterStatusInfo}})
	wvs := "active"
	if u.WorkloadVersion == "" {
		wvs = "unknown"
	}
	// The workload version is a status whose message is the version; Juju
	// writes it with time 0 (ref §8.11).
	b.add(jujudb.Statuses, jujudb.WorkloadVersionKey(name), bson.D{
		{Key: "status", Value: wvs}, {Key: "statusinfo", Value: u.WorkloadVersion},
		{Key: "statusdata", Value: bson.D{}}, {Key: "updated", Value: int64(0)},
	})
	b.historyDocs(jujudb.WorkloadVersionKey(name), u.WorkloadVersionHistory)
	p := originPlatform(a.CharmOrigin)
	f := bson.D{{Key: "name", Value: name}}
	if len(p) == 3 {
		f = append(f, bson.E{Key: "base", Value: bson.D{{Key: "os", Value: p[1]}, {Key: "channel", Value: normalChannel(p[2])}}})
	}
	storageCount := b.storageOf[name]
	f = append(f,
		bson.E{Key: "application", Value: a.Name},
		bson.E{Key: "charmurl", Value: a.CharmURL},
		bson.E{Key: "principal", Value: u.Principal},
		bson.E{Key: "subordinates", Value: strs(u.Subordinates)},
		bson.E{Key: "storageattachmentcount", Value: i32(storageCount)},
		bson.E{Key: "machineid", Value: u.Machine},
		bson.E{Key: "resolved", Value: ""},
	)
	if u.Tools != nil {
		// An IAAS unit without tools was refused (iaasApplication).
		f = append(f, bson.E{Key: "tools", Value: storedTools(u.Tools)})
	}
	f = append(f,
		bson.E{Key: "life", Value: int32(jujudb.Alive)},
		bson.E{Key: "passwordhash", Value: u.PasswordHash},
	)
	b.add(jujudb.Units, name, f)
	if u.Constraints != nil {
		b.constraintsDoc(ak, u.Constraints)
	}
	b.annotationsDoc(wk, unitTag(name), u.Annotations)
	if len(u.CharmState) > 0 || len(u.RelationState) > 0 || u.UniterState != "" || u.StorageState != "" || u.MeterStatusState != "" {
		f := bson.D{}
		if len(u.CharmState) > 0 {
			f = append(f, bson.E{Key: "charm-state", Value: stringDoc(u.CharmState, true)})
		}
		f = append(f, bson.E{Key: "uniter-state", Value: u.UniterState})
		rs := bson.D{}
		ids := make([]int, 0, len(u.RelationState))
		for id := range u.RelationState {
			ids = append(ids, id)
		}
		sort.Ints(ids)
		for _, id := range ids {
			rs = append(rs, bson.E{Key: strconv.Itoa(id), Value: u.RelationState[id]})
		}
		f = append(f,
			bson.E{Key: "relation-state", Value: rs},
			bson.E{Key: "storage-state", Value: u.StorageState},
			bson.E{Key: "secret-state", Value: ""},
			bson.E{Key: "meter-status-state", Value: u.MeterStatusState},
		)
		b.add(jujudb.UnitStates, wk, f)
	}
	for _, pl := range u.Payloads {
		b.add(jujudb.Payloads, jujudb.PayloadKey(name, pl.Name), bson.D{
			{Key: "unitid", Value: name}, {Key: "name", Value: pl.Name}, {Key: "machine-id", Value: u.Machine},
			{Key: "type", Value: pl.Type}, {Key: "rawid", Value: pl.RawID}, {Key: "state", Value: pl.State},
			{Key: "labels", Value: strs(pl.Labels)},
		})
	}
}
