package export

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/jujudb"
)

// build joins the decoded documents into the tree, in the order and shape
// Juju's exporter gives it (ref §6, §11).
func (x *exporter) build() (*description.Model, error) {
	md := &x.model
	k := x.kinds
	m := &description.Model{
		Type:           md.typ,
		Owner:          md.owner,
		Cloud:          md.cloud,
		CloudRegion:    md.region,
		PasswordHash:   md.passwordHash,
		LatestTools:    md.availableTools,
		EnvironVersion: md.environVersion,
	}
	cfg, ok := x.settings[jujudb.ModelKey]
	if !ok {
		return nil, newErr(jujudb.Settings, jujudb.DocID(x.uuid, jujudb.ModelKey), "", ErrMissing, "the model config document is missing")
	}
	delete(x.settings, jujudb.ModelKey)
	m.Config = cfg
	// Juju 3.x keeps the model's agent version only in its config (ref §6,
	// docs/juju-layout.md); Juju 3.6's exporter gives it as the model's
	// agent-version too.
	m.AgentVersion, _ = cfg["agent-version"].(string)
	if k.has(Model) {
		if len(x.blocks) > 0 {
			m.Blocks = x.blocks
		}
		m.Sequences = x.sequences
		if md.credential != "" {
			if !x.credentialSeen {
				return nil, newErr(jujudb.CloudCredentials, strings.ReplaceAll(md.credential, "/", "#"), "", ErrMissing,
					"cloud credential %q of model %s is missing", md.credential, x.uuid)
			}
			c := *x.credential
			// The tag in the model document is what Juju exports; the
			// credential document gives the auth type and attributes.
			if parts := strings.Split(md.credential, "/"); len(parts) == 3 {
				c.Cloud, c.Owner, c.Name = parts[0], parts[1], parts[2]
			}
			m.CloudCredential = &c
		}
	}
	// These come from the model document, which every export reads.
	m.SLA = description.SLA{Level: jujudb.NormalizeSLALevel(md.slaLevel), Owner: md.slaOwner, Credentials: string(md.slaCreds)}
	m.MeterStatus = description.MeterStatus{Code: jujudb.NormalizeMeterCode(md.meterCode), Info: md.meterInfo}
	m.Annotations = x.annotations[jujudb.ModelKey]
	m.Constraints = x.constraints[jujudb.ModelKey]
	var err error
	if m.Status, err = x.status(jujudb.ModelKey, "model "+x.uuid, true); err != nil {
		return nil, err
	}
	m.StatusHistory = x.hist(jujudb.ModelKey)
	if k.has(Users) {
		if m.Users, err = x.buildUsers(); err != nil {
			return nil, err
		}
	}
	if k.has(Machines) {
		if m.Machines, err = x.buildMachines(); err != nil {
			return nil, err
		}
	}
	if k.has(Applications) {
		if m.Applications, err = x.buildApplications(charmDataFrom(m.AgentVersion)); err != nil {
			return nil, err
		}
	}
	if k.has(RemoteApplications) {
		if m.RemoteApplications, err = x.buildRemoteApplications(); err != nil {
			return nil, err
		}
	}
	if k.has(Relations) {
		if m.Relations, err = x.buildRelations(m); err != nil {
			return nil, err
		}
	}
	if k.has(CrossModel) {
		m.RemoteEntities = sortedBy(x.remoteEntities, func(r *description.RemoteEntity) string { return r.ID })
		slices.SortStableFunc(x.offerConns, func(a, b *description.OfferConnection) int { return a.RelationID - b.RelationID })
		m.OfferConnections = x.offerConns
		m.RelationNetworks = sortedBy(x.relNetworks, func(r *description.RelationNetwork) string { return r.ID })
		m.ExternalControllers = sortedBy(x.extControllers, func(c *description.ExternalController) string { return c.ID })
	}
	if k.has(Network) {
		x.buildNetwork(m)
	}
	if k.has(SSHHostKeys) {
		if m.SSHHostKeys, err = x.buildSSHHostKeys(); err != nil {
			return nil, err
		}
		slices.SortStableFunc(x.virtualHostKeys, func(a, b *description.VirtualHostKey) int { return strings.Compare(a.ID, b.ID) })
		m.VirtualHostKeys = x.virtualHostKeys
	}
	if k.has(Actions) {
		slices.SortStableFunc(x.actions, func(a, b *description.Action) int { return compareIDs(a.ID, b.ID) })
		slices.SortStableFunc(x.operations, func(a, b *description.Operation) int { return compareIDs(a.ID, b.ID) })
		m.Actions, m.Operations = x.actions, x.operations
	}
	if k.has(CloudImageMetadata) {
		slices.SortStableFunc(x.images, func(a, b *imageDoc) int { return strings.Compare(a.docID, b.docID) })
		for _, im := range x.images {
			m.CloudImageMetadata = append(m.CloudImageMetadata, im.c)
		}
	}
	if k.has(Storage) {
		if err := x.buildStorage(m); err != nil {
			return nil, err
		}
	}
	if k.has(Secrets) {
		x.buildSecrets(m)
		if name := backendName(m.Config); name != "" {
			if !x.backendSeen {
				return nil, newErr(jujudb.SecretBackends, "", "name", ErrMissing, "no secret backend named %q (the model config's secret-backend)", name)
			}
			m.SecretBackendID = x.backendID
		}
	}
	if x.kinds == All {
		// Juju's exporter validates the model before writing it, and
		// juju/description's Validate gives every machine and application
		// an empty opened-port-ranges block when it has none (ref §11).
		forEachMachine(m.Machines, func(mc *description.Machine) {
			if mc.OpenedPortRanges == nil {
				mc.OpenedPortRanges = map[string]map[string][]description.PortRange{}
			}
		})
		for _, a := range m.Applications {
			if a.OpenedPortRanges == nil {
				a.OpenedPortRanges = map[string]map[string][]description.PortRange{}
			}
		}
	}
	return m, nil
}

func forEachMachine(ms []*description.Machine, f func(*description.Machine)) {
	for _, mc := range ms {
		f(mc)
		forEachMachine(mc.Containers, f)
	}
}

// status returns the entity's status. A required one that is missing is an
// error naming the statuses document that should exist.
func (x *exporter) status(key, what string, required bool) (*description.Status, error) {
	s, ok := x.statuses[key]
	if !ok {
		if required {
			return nil, newErr(jujudb.Statuses, jujudb.DocID(x.uuid, key), "", ErrMissing, "the status of %s is missing", what)
		}
		return nil, nil
	}
	delete(x.statuses, key)
	return s, nil
}

// hist returns the newest entries of a key's status history, newest first.
func (x *exporter) hist(key string) []description.Status {
	if !x.kinds.has(StatusHistory) {
		return nil
	}
	h := x.history[key]
	if len(h) == 0 {
		return nil
	}
	delete(x.history, key)
	slices.SortStableFunc(h, func(a, b histEntry) int { return compareHistory(&a, &b) })
	if len(h) > x.histLimit {
		h = h[:x.histLimit]
	}
	out := make([]description.Status, len(h))
	for i := range h {
		out[i] = h[i].s
	}
	return out
}

func (x *exporter) buildUsers() ([]*description.User, error) {
	access := map[string]string{}
	prefix := jujudb.ModelObjectKey(x.uuid)
	for _, p := range x.perms {
		if p.object == prefix {
			access[strings.TrimPrefix(p.subject, "us#")] = p.access
		}
	}
	var out []*description.User
	for _, u := range x.modelUsers {
		lower := strings.ToLower(u.user)
		if !strings.Contains(u.user, "@") {
			if !x.usersSeen[lower] {
				// (unsure) The reference says a local model user needs a
				// users document (ref §11); Juju's exporter would fail
				// without one.
				return nil, newErr(jujudb.Users, lower, "", ErrMissing, "local model user %q has no users document", u.user)
			}
			if x.users[lower] {
				continue // deleted users are skipped
			}
		}
		a, ok := access[lower]
		if !ok {
			return nil, newErr(jujudb.Permissions, jujudb.PermissionID(prefix, jujudb.UserSubjectKey(u.user)), "", ErrMissing,
				"model user %q has no access permission", u.user)
		}
		du := &description.User{Name: u.user, DisplayName: u.displayName, CreatedBy: u.createdBy, DateCreated: u.created, Access: a}
		if t, ok := x.lastConn[lower]; ok && !t.IsZero() {
			t := t
			du.LastConnection = &t
		}
		out = append(out, du)
	}
	slices.SortStableFunc(out, func(a, b *description.User) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// compareMachineIDs orders machine ids numerically by part, so that "2"
// comes before "10" and a machine before its containers.
func compareMachineIDs(a, b string) int {
	for {
		pa, ra, moreA := strings.Cut(a, "/")
		pb, rb, moreB := strings.Cut(b, "/")
		if c := compareIDs(pa, pb); c != 0 {
			return c
		}
		switch {
		case !moreA && !moreB:
			return 0
		case !moreA:
			return -1
		case !moreB:
			return 1
		}
		a, b = ra, rb
	}
}

// compareIDs orders decimal ids numerically and anything else by bytes
// (numbers first).
func compareIDs(a, b string) int {
	na, errA := strconv.ParseUint(a, 10, 64)
	nb, errB := strconv.ParseUint(b, 10, 64)
	switch {
	case errA == nil && errB == nil:
		if na != nb {
			if na < nb {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return strings.Compare(a, b)
}

// parentMachine gives the host of a container ("0/lxd/1" -> "0"), "" for a
// top-level machine.
func parentMachine(id string) string {
	i := strings.LastIndexByte(id, '/')
	if i < 0 {
		return ""
	}
	j := strings.LastIndexByte(id[:i], '/')
	if j < 0 {
		return ""
	}
	return id[:j]
}

func sortPortRanges(rs []description.PortRange) {
	slices.SortStableFunc(rs, func(a, b description.PortRange) int {
		if c := strings.Compare(a.Protocol, b.Protocol); c != 0 {
			return c
		}
		if a.FromPort != b.FromPort {
			return a.FromPort - b.FromPort
		}
		return a.ToPort - b.ToPort
	})
}

func sortedBy[T any](xs []T, key func(T) string) []T {
	slices.SortStableFunc(xs, func(a, b T) int { return strings.Compare(key(a), key(b)) })
	return xs
}

func (x *exporter) buildMachines() ([]*description.Machine, error) {
	slices.SortStableFunc(x.machines, func(a, b *machineDoc) int { return compareMachineIDs(a.m.ID, b.m.ID) })
	byID := make(map[string]*description.Machine, len(x.machines))
	var top []*description.Machine
	for _, md := range x.machines {
		m := md.m
		if byID[m.ID] != nil {
			return nil, newErr(jujudb.Machines, md.docID, "machineid", ErrInvalid, "machine %q appears twice", m.ID)
		}
		if p := parentMachine(m.ID); p != "" {
			parent := byID[p]
			if parent == nil {
				return nil, newErr(jujudb.Machines, md.docID, "machineid", ErrReference, "container %q has no parent machine %q", m.ID, p)
			}
			parent.Containers = append(parent.Containers, m)
		} else {
			top = append(top, m)
		}
		byID[m.ID] = m
		inst := x.instances[m.ID]
		if inst == nil {
			return nil, newErr(jujudb.InstanceData, jujudb.DocID(x.uuid, m.ID), "", ErrMissing, "machine %q has no instance data", m.ID)
		}
		var err error
		if inst.Status, err = x.status(jujudb.MachineInstanceKey(m.ID), "the instance of machine "+m.ID, true); err != nil {
			return nil, err
		}
		inst.StatusHistory = x.hist(jujudb.MachineInstanceKey(m.ID))
		if inst.ModificationStatus, err = x.status(jujudb.MachineModificationKey(m.ID), "the instance modification of machine "+m.ID, true); err != nil {
			return nil, err
		}
		m.Instance = inst
		m.BlockDevices = x.blockDevices[m.ID]
		key := jujudb.MachineKey(m.ID)
		if m.Status, err = x.status(key, "machine "+m.ID, true); err != nil {
			return nil, err
		}
		m.StatusHistory = x.hist(key)
		if m.Tools == nil {
			return nil, newErr(jujudb.Machines, md.docID, "tools", ErrMissing, "machine %q has no agent tools", m.ID)
		}
		if pr := x.machinePorts[m.ID]; len(pr) > 0 {
			m.OpenedPortRanges = pr
		}
		m.Annotations = x.annotations[key]
		m.Constraints = x.constraints[key]
	}
	return top, nil
}

func (x *exporter) buildApplications(withCharmData bool) ([]*description.Application, error) {
	slices.SortStableFunc(x.apps, func(a, b *appDoc) int { return strings.Compare(a.a.Name, b.a.Name) })
	byName := make(map[string]*appDoc, len(x.apps))
	for _, ad := range x.apps {
		if byName[ad.a.Name] != nil {
			return nil, newErr(jujudb.Applications, ad.docID, "name", ErrInvalid, "application %q appears twice", ad.a.Name)
		}
		byName[ad.a.Name] = ad
	}
	// Units, grouped by application in name order (Juju sorts by name).
	slices.SortStableFunc(x.units, func(a, b *unitDoc) int { return strings.Compare(a.u.Name, b.u.Name) })
	unitsOf := map[string][]*unitDoc{}
	for _, ud := range x.units {
		if byName[ud.app] == nil {
			return nil, newErr(jujudb.Units, ud.docID, "application", ErrReference, "unit %q names application %q, which does not exist", ud.u.Name, ud.app)
		}
		unitsOf[ud.app] = append(unitsOf[ud.app], ud)
	}
	offersOf := map[string][]*offerDoc{}
	for _, od := range x.offers {
		if byName[od.app] == nil {
			return nil, newErr(jujudb.ApplicationOffers, od.docID, "application-name", ErrReference, "offer %q names application %q, which does not exist", od.o.OfferName, od.app)
		}
		offersOf[od.app] = append(offersOf[od.app], od)
	}
	for app, rs := range x.resources {
		if byName[app] == nil {
			return nil, newErr(jujudb.Resources, rs[0].docID, "application-id", ErrReference, "resource names application %q, which does not exist", app)
		}
	}
	caas := x.model.typ == "caas"
	out := make([]*description.Application, 0, len(x.apps))
	for _, ad := range x.apps {
		a := ad.a
		name := a.Name
		a.Type = x.model.typ
		a.CharmURL = ad.charmURL
		ch := x.charms[ad.charmURL]
		switch {
		case ch == nil:
			return nil, newErr(jujudb.Charms, jujudb.DocID(x.uuid, ad.charmURL), "", ErrMissing, "charm %q of application %q is missing", ad.charmURL, name)
		case ch.placeholder:
			return nil, newErr(jujudb.Charms, ch.docID, "placeholder", ErrInvalid, "charm %q of application %q is a placeholder, not downloaded", ad.charmURL, name)
		case ch.pending && strings.HasPrefix(ad.charmURL, "local:"):
			return nil, newErr(jujudb.Charms, ch.docID, "pendingupload", ErrInvalid, "local charm %q of application %q is still pending upload", ad.charmURL, name)
		}
		sidecar := caas && ch.sidecar
		if ch.data != nil && withCharmData {
			charmData(a, ch.data)
		}
		if x.kinds.has(Settings) {
			var err error
			if a.CharmConfig, err = x.setting(jujudb.CharmConfigKey(name, ad.charmURL), "charm config of application "+name); err != nil {
				return nil, err
			}
			if a.ApplicationConfig, err = x.setting(jujudb.ApplicationConfigKey(name), "application config of application "+name); err != nil {
				return nil, err
			}
			if len(a.ApplicationConfig) == 0 {
				a.ApplicationConfig = nil
			}
			if a.LeadershipSettings, err = x.setting(jujudb.LeaderSettingsKey(name), "leadership settings of application "+name); err != nil {
				return nil, err
			}
		}
		if sc, ok := x.storageCons[jujudb.StorageConstraintsKey(name, ad.charmURL)]; ok && len(sc) > 0 {
			a.StorageDirectives = sc
		}
		if b := x.bindings[name]; len(b) > 0 {
			a.EndpointBindings = b
		}
		a.PodSpec = x.podSpecs[name]
		a.CloudService = x.cloudServices[name]
		a.Leader = x.opts.Leaders[name]
		if x.kinds.has(Offers) {
			if err := x.buildOffers(a, ch, offersOf[name]); err != nil {
				return nil, err
			}
		}
		key := jujudb.ApplicationKey(name)
		var err error
		if a.Status, err = x.status(key, "application "+name, true); err != nil {
			return nil, err
		}
		a.StatusHistory = x.hist(key)
		a.Annotations = x.annotations[key]
		// Every application gets an operator status, empty when it has none
		// (ref §11); its history is read but not exported.
		if a.OperatorStatus, _ = x.status(jujudb.ApplicationOperatorKey(name), "", false); a.OperatorStatus == nil {
			a.OperatorStatus = &description.Status{}
		}
		delete(x.history, jujudb.ApplicationOperatorKey(name))
		a.Constraints = x.constraints[key]
		a.CharmOrigin = x.charmOrigin(ad, a.Constraints)
		if x.kinds.has(Resources) {
			if err := x.buildResources(a, x.resources[name]); err != nil {
				return nil, err
			}
		}
		if pr := x.appPorts[name]; len(pr) > 0 {
			a.OpenedPortRanges = pr
		}
		if x.kinds.has(Units) {
			for _, ud := range unitsOf[name] {
				u, err := x.buildUnit(ud, caas, sidecar, a)
				if err != nil {
					return nil, err
				}
				a.Units = append(a.Units, u)
			}
		}
		if caas && !sidecar {
			if ad.tools == nil {
				return nil, newErr(jujudb.Applications, ad.docID, "tools", ErrMissing, "CAAS application %q has no agent tools", name)
			}
			a.Tools = &description.AgentTools{Version: ad.tools.Version}
		}
		out = append(out, a)
	}
	return out, nil
}

// setting returns a required settings document's map.
func (x *exporter) setting(key, what string) (map[string]any, error) {
	s, ok := x.settings[key]
	if !ok {
		return nil, newErr(jujudb.Settings, jujudb.DocID(x.uuid, key), "", ErrMissing, "the %s is missing", what)
	}
	delete(x.settings, key)
	return s, nil
}

// charmOrigin builds the origin as Juju's getCharmOrigin does: the channel
// as track/risk/branch, the platform as arch/os/channel with the arch taken
// from the constraints (else amd64) when the document has none.
func (x *exporter) charmOrigin(ad *appDoc, cons *description.Constraints) *description.CharmOrigin {
	o := ad.origin
	// (unsure) The reference says an absent revision is exported as -1
	// (ref §6.15); Juju 3.1's exporter gave 0. ferry follows the reference.
	rev := -1
	if o.revision != nil {
		rev = *o.revision
	}
	channel := ""
	if o.hasChannel {
		channel = o.risk
		if o.track != "" {
			channel = o.track + "/" + channel
		}
		if o.branch != "" {
			channel += "/" + o.branch
		}
	}
	arch := o.arch
	if arch == "" {
		if cons != nil && cons.Architecture != "" {
			arch = cons.Architecture
		} else {
			arch = "amd64"
		}
	}
	platform := arch
	if o.os != "" {
		platform += "/" + o.os
		if o.channel != "" {
			platform += "/" + o.channel
		}
	}
	return &description.CharmOrigin{Source: o.source, ID: o.id, Hash: o.hash, Revision: rev, Channel: channel, Platform: platform}
}

func (x *exporter) buildOffers(a *description.Application, ch *charmDoc, offers []*offerDoc) error {
	if len(offers) == 0 {
		return nil
	}
	slices.SortStableFunc(offers, func(p, q *offerDoc) int { return strings.Compare(p.o.OfferName, q.o.OfferName) })
	for _, od := range offers {
		o := od.o
		// Juju resolves each offered endpoint through the charm's metadata
		// and fails when the charm has no such endpoint.
		for _, alias := range sortedKeys(o.Endpoints) {
			if ep := o.Endpoints[alias]; !ch.endpoints[ep] {
				return newErr(jujudb.ApplicationOffers, od.docID, "endpoints."+alias, ErrReference,
					"offer %q names endpoint %q, which charm %q does not have", o.OfferName, ep, ch.url)
			}
		}
		object := jujudb.OfferObjectKey(o.OfferUUID)
		for _, p := range x.perms {
			if p.object == object {
				if o.ACL == nil {
					o.ACL = map[string]string{}
				}
				o.ACL[strings.TrimPrefix(p.subject, "us#")] = p.access
			}
		}
		a.Offers = append(a.Offers, o)
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// buildResources pairs each of the application's current resources with
// its store revision, and files unit copies for the units. Pending and
// staged documents are not exported.
func (x *exporter) buildResources(a *description.Application, docs []*resourceDoc) error {
	current := map[string]*resourceDoc{}
	store := map[string]*resourceDoc{}
	for _, rd := range docs {
		switch {
		case rd.pendingID != "", strings.HasSuffix(rd.local, "#staged"):
			continue
		case rd.unitID != "":
			continue
		case strings.HasSuffix(rd.local, jujudb.ResourceCharmStoreSuffix) || rd.lastPolled:
			// (unsure) The reference marks store docs by the _id suffix;
			// Juju's persistence code by a non-zero last-polled time. Either
			// counts.
			store[rd.name] = rd
		default:
			current[rd.name] = rd
		}
	}
	for _, name := range sortedKeys(current) {
		rd := current[name]
		r := &description.Resource{Name: name, ApplicationRevision: rd.rev}
		s := store[name]
		if s == nil {
			return newErr(jujudb.Resources, rd.docID, "", ErrMissing,
				"resource %q of application %q has no store revision document (Juju's exporter needs one per resource)", name, a.Name)
		}
		cs := *s.rev
		cs.Timestamp, cs.Username = nil, "" // Juju exports neither for the store revision
		r.CharmStoreRevision = &cs
		a.Resources = append(a.Resources, r)
	}
	if len(store) != len(current) {
		for _, name := range sortedKeys(store) {
			if current[name] == nil {
				return newErr(jujudb.Resources, store[name].docID, "", ErrReference,
					"store revision of resource %q of application %q has no current revision", name, a.Name)
			}
		}
	}
	return nil
}

func (x *exporter) buildUnit(ud *unitDoc, caas, sidecar bool, a *description.Application) (*description.Unit, error) {
	u := ud.u
	name := u.Name
	ms, ok := x.meterStatus[name]
	if !ok {
		return nil, newErr(jujudb.MeterStatus, jujudb.DocID(x.uuid, jujudb.UnitAgentKey(name)), "", ErrMissing, "unit %q has no meter status", name)
	}
	u.MeterStatusCode, u.MeterStatusInfo = ms[0], ms[1]
	wv, err := x.status(jujudb.WorkloadVersionKey(name), "the workload version of unit "+name, true)
	if err != nil {
		return nil, err
	}
	u.WorkloadVersion = wv.Message
	u.CloudContainer = x.cloudContainers[name]
	if x.kinds.has(UnitState) {
		if us := x.unitStates[name]; us != nil {
			if len(us.charmState) > 0 {
				u.CharmState = us.charmState
			}
			if len(us.relationState) > 0 {
				u.RelationState = us.relationState
			}
			u.UniterState, u.StorageState, u.MeterStatusState = us.uniterState, us.storageState, us.meterStatusState
		}
	}
	if x.kinds.has(Resources) {
		x.buildUnitResources(u, a.Name)
	}
	if x.kinds.has(Payloads) {
		pds := x.payloads[name]
		slices.SortStableFunc(pds, func(p, q *payloadDoc) int { return strings.Compare(p.p.Name, q.p.Name) })
		for _, pd := range pds {
			if pd.machine != u.Machine {
				return nil, newErr(jujudb.Payloads, pd.docID, "machine-id", ErrInvalid,
					"payload %q of unit %q reports machine %q, but the unit is on machine %q", pd.p.Name, name, pd.machine, u.Machine)
			}
			u.Payloads = append(u.Payloads, pd.p)
		}
	}
	wk := jujudb.UnitWorkloadKey(name)
	if u.WorkloadStatus, err = x.status(wk, "the workload of unit "+name, true); err != nil {
		return nil, err
	}
	u.WorkloadStatusHistory = x.hist(wk)
	ak := jujudb.UnitAgentKey(name)
	if u.AgentStatus, err = x.status(ak, "the agent of unit "+name, true); err != nil {
		return nil, err
	}
	u.AgentStatusHistory = x.hist(ak)
	u.WorkloadVersionHistory = x.hist(jujudb.WorkloadVersionKey(name))
	if !caas || sidecar {
		if ud.tools == nil {
			return nil, newErr(jujudb.Units, ud.docID, "tools", ErrMissing, "unit %q has no agent tools", name)
		}
		if ud.tools.Version == "" {
			// juju/description cannot read tools without a version back
			// (tools-version ""), and Juju cannot decode them either.
			return nil, newErr(jujudb.Units, ud.docID, "tools.version", ErrMissing, "unit %q has agent tools without a version", name)
		}
		u.Tools = ud.tools
	}
	if caas {
		// Read and discarded by Juju's exporter too.
		x.status(jujudb.UnitContainerKey(name), "", false)
		delete(x.history, jujudb.UnitContainerKey(name))
	}
	u.Annotations = x.annotations[wk]
	u.Constraints = x.constraints[ak]
	return u, nil
}

func (x *exporter) buildUnitResources(u *description.Unit, app string) {
	var rs []*description.UnitResource
	for _, rd := range x.resources[app] {
		if rd.unitID == u.Name && rd.pendingID == "" {
			rs = append(rs, &description.UnitResource{Name: rd.name, Revision: rd.rev})
		}
	}
	slices.SortStableFunc(rs, func(p, q *description.UnitResource) int { return strings.Compare(p.Name, q.Name) })
	u.Resources = rs
}

func (x *exporter) buildRemoteApplications() ([]*description.RemoteApplication, error) {
	slices.SortStableFunc(x.remoteApps, func(a, b *remoteAppDoc) int { return strings.Compare(a.r.Name, b.r.Name) })
	out := make([]*description.RemoteApplication, 0, len(x.remoteApps))
	for _, rd := range x.remoteApps {
		r := rd.r
		// Not every remote application has a status.
		r.Status, _ = x.status(jujudb.RemoteApplicationKey(r.Name), "", false)
		out = append(out, r)
	}
	return out, nil
}

func (x *exporter) buildRelations(m *description.Model) ([]*description.Relation, error) {
	slices.SortStableFunc(x.relations, func(a, b *relationDoc) int { return a.r.ID - b.r.ID })
	apps := map[string]*description.Application{}
	for _, a := range m.Applications {
		apps[a.Name] = a
	}
	remote := map[string]bool{}
	for _, r := range m.RemoteApplications {
		remote[r.Name] = true
	}
	units := map[string]*description.Unit{}
	unitApp := map[string]string{}
	for _, a := range m.Applications {
		for _, u := range a.Units {
			units[u.Name] = u
			unitApp[u.Name] = a.Name
		}
	}
	withData := x.kinds.has(Settings)
	out := make([]*description.Relation, 0, len(x.relations))
	seen := map[int]bool{}
	for _, rd := range x.relations {
		r := rd.r
		if seen[r.ID] {
			return nil, newErr(jujudb.Relations, rd.docID, "id", ErrInvalid, "relation id %d appears twice", r.ID)
		}
		seen[r.ID] = true
		var err error
		if r.Status, err = x.status(jujudb.RelationKey(r.ID), "", false); err != nil {
			return nil, err
		}
		inRelation := map[string]bool{}
		for _, ep := range r.Endpoints {
			inRelation[ep.ApplicationName] = true
		}
		for i, ep := range r.Endpoints {
			app := apps[ep.ApplicationName]
			if app == nil && !remote[ep.ApplicationName] && x.kinds.has(Applications) {
				return nil, newErr(jujudb.Relations, rd.docID, fmt.Sprintf("endpoints.%d.applicationname", i), ErrReference,
					"relation %d names application %q, which does not exist", r.ID, ep.ApplicationName)
			}
			if !withData {
				continue
			}
			key := jujudb.RelationAppSettingsKey(r.ID, ep.ApplicationName)
			if ep.ApplicationSettings, err = x.setting(key, fmt.Sprintf("application settings of %q in relation %d", ep.ApplicationName, r.ID)); err != nil {
				return nil, err
			}
			if app == nil {
				continue // a remote application's units live in its own model
			}
			ep.UnitSettings = map[string]map[string]any{}
			for _, u := range app.Units {
				principal := ""
				if ep.Scope == "container" {
					principal = u.Name
					if u.Principal != "" {
						principal = u.Principal
						// A subordinate is in a container-scoped relation
						// only beside its own principal (Juju's Valid()).
						if !inRelation[unitApp[u.Principal]] {
							continue
						}
					}
				}
				key := jujudb.RelationUnitKey(r.ID, principal, ep.Role, u.Name)
				if !x.scopes[key] {
					return nil, newErr(jujudb.RelationScopes, jujudb.DocID(x.uuid, key), "", ErrMissing,
						"unit %q has no scope in relation %d (%s)", u.Name, r.ID, r.Key)
				}
				s, err := x.setting(key, fmt.Sprintf("settings of unit %q in relation %d", u.Name, r.ID))
				if err != nil {
					return nil, err
				}
				ep.UnitSettings[u.Name] = s
			}
		}
		out = append(out, r)
	}
	return out, nil
}

func (x *exporter) buildNetwork(m *description.Model) {
	slices.SortStableFunc(x.spaces, func(a, b *description.Space) int { return compareIDs(a.ID, b.ID) })
	m.Spaces = x.spaces
	slices.SortStableFunc(x.subnets, func(a, b *description.Subnet) int { return compareIDs(a.ID, b.ID) })
	byCIDR := map[string]*description.Subnet{}
	for _, s := range x.subnets {
		byCIDR[s.CIDR] = s
	}
	for _, s := range x.subnets {
		// A fan overlay subnet is in its underlay's space (ref §11).
		if s.FanLocalUnderlay != "" {
			if u := byCIDR[s.FanLocalUnderlay]; u != nil {
				s.SpaceID = u.SpaceID
			}
		}
	}
	m.Subnets = x.subnets
	slices.SortStableFunc(x.ipAddrs, func(a, b *ipAddrDoc) int { return strings.Compare(a.local, b.local) })
	for _, a := range x.ipAddrs {
		m.IPAddresses = append(m.IPAddresses, a.a)
	}
	slices.SortStableFunc(x.devices, func(a, b *description.LinkLayerDevice) int {
		if c := compareMachineIDs(a.MachineID, b.MachineID); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	m.LinkLayerDevices = x.devices
}

func (x *exporter) buildSSHHostKeys() ([]*description.SSHHostKey, error) {
	ids := sortedKeys(x.sshKeys)
	slices.SortStableFunc(ids, compareMachineIDs)
	known := map[string]bool{}
	for _, md := range x.machines {
		known[md.m.ID] = true
	}
	var out []*description.SSHHostKey
	for _, id := range ids {
		if x.kinds.has(Machines) && !known[id] {
			return nil, newErr(jujudb.SSHHostKeys, jujudb.DocID(x.uuid, jujudb.MachineKey(id)), "", ErrReference, "SSH host keys of machine %q, which does not exist", id)
		}
		if keys := x.sshKeys[id]; len(keys) > 0 {
			out = append(out, &description.SSHHostKey{MachineID: id, Keys: keys})
		}
	}
	return out, nil
}

func (x *exporter) buildStorage(m *description.Model) error {
	slices.SortStableFunc(x.volumes, func(a, b *volumeDoc) int { return strings.Compare(a.docID, b.docID) })
	for _, vd := range x.volumes {
		v := vd.v
		var err error
		key := jujudb.VolumeKey(v.ID)
		if v.Status, err = x.status(key, "volume "+v.ID, true); err != nil {
			return err
		}
		v.StatusHistory = x.hist(key)
		atts := x.volAtts[v.ID]
		delete(x.volAtts, v.ID)
		if len(atts) != vd.attachmentCount {
			return newErr(jujudb.Volumes, vd.docID, "attachmentcount", ErrInvalid,
				"volume %q says it has %d attachments, but %d attachment documents exist", v.ID, vd.attachmentCount, len(atts))
		}
		slices.SortStableFunc(atts, func(a, b *volAttDoc) int { return strings.Compare(a.docID, b.docID) })
		for _, a := range atts {
			v.Attachments = append(v.Attachments, a.a)
		}
		plans := x.volPlans[v.ID]
		delete(x.volPlans, v.ID)
		slices.SortStableFunc(plans, func(a, b *volPlanDoc) int { return strings.Compare(a.docID, b.docID) })
		for _, p := range plans {
			v.AttachmentPlans = append(v.AttachmentPlans, p.p)
		}
		m.Volumes = append(m.Volumes, v)
	}
	for _, id := range sortedKeys(x.volAtts) {
		return newErr(jujudb.VolumeAttachments, x.volAtts[id][0].docID, "volumeid", ErrReference, "attachment of volume %q, which does not exist", id)
	}
	for _, id := range sortedKeys(x.volPlans) {
		return newErr(jujudb.VolumeAttachmentPlan, x.volPlans[id][0].docID, "volumeid", ErrReference, "attachment plan of volume %q, which does not exist", id)
	}
	slices.SortStableFunc(x.filesystems, func(a, b *fsDoc) int { return strings.Compare(a.docID, b.docID) })
	for _, fd := range x.filesystems {
		f := fd.f
		var err error
		key := jujudb.FilesystemKey(f.ID)
		if f.Status, err = x.status(key, "filesystem "+f.ID, true); err != nil {
			return err
		}
		f.StatusHistory = x.hist(key)
		atts := x.fsAtts[f.ID]
		delete(x.fsAtts, f.ID)
		if len(atts) != fd.attachmentCount {
			return newErr(jujudb.Filesystems, fd.docID, "attachmentcount", ErrInvalid,
				"filesystem %q says it has %d attachments, but %d attachment documents exist", f.ID, fd.attachmentCount, len(atts))
		}
		slices.SortStableFunc(atts, func(a, b *fsAttDoc) int { return strings.Compare(a.docID, b.docID) })
		for _, a := range atts {
			f.Attachments = append(f.Attachments, a.a)
		}
		m.Filesystems = append(m.Filesystems, f)
	}
	for _, id := range sortedKeys(x.fsAtts) {
		return newErr(jujudb.FilesystemAttachments, x.fsAtts[id][0].docID, "filesystemid", ErrReference, "attachment of filesystem %q, which does not exist", id)
	}
	slices.SortStableFunc(x.storages, func(a, b *storageDoc) int { return strings.Compare(a.docID, b.docID) })
	for _, sd := range x.storages {
		s := sd.s
		atts := x.storageAtts[s.ID]
		sort.Strings(atts)
		s.Attachments = atts
		m.Storages = append(m.Storages, s)
	}
	var pools []string
	for key := range x.settings {
		if strings.HasPrefix(key, jujudb.PoolKeyPrefix) {
			pools = append(pools, key)
		}
	}
	sort.Strings(pools)
	for _, key := range pools {
		attrs := x.settings[key]
		delete(x.settings, key)
		name, _ := attrs["name"].(string)
		provider, _ := attrs["type"].(string)
		if name == "" || provider == "" {
			return newErr(jujudb.Settings, jujudb.DocID(x.uuid, key), "settings", ErrMissing, "storage pool settings need a name and a type")
		}
		rest := make(map[string]any, len(attrs))
		for k, v := range attrs {
			if k != "name" && k != "type" {
				rest[k] = v
			}
		}
		m.StoragePools = append(m.StoragePools, &description.StoragePool{Name: name, Provider: provider, Attributes: rest})
	}
	slices.SortStableFunc(m.StoragePools, func(a, b *description.StoragePool) int { return strings.Compare(a.Name, b.Name) })
	return nil
}

func (x *exporter) buildSecrets(m *description.Model) {
	slices.SortStableFunc(x.secrets, func(a, b *secretDoc) int { return strings.Compare(a.s.ID, b.s.ID) })
	for _, sd := range x.secrets {
		s := sd.s
		revs := x.secretRevs[s.ID]
		slices.SortStableFunc(revs, func(a, b *description.SecretRevision) int { return a.Number - b.Number })
		s.Revisions = revs
		if acl := x.secretPerms[s.ID]; len(acl) > 0 {
			s.ACL = acl
		}
		cs := x.secretConsumers[s.ID]
		slices.SortStableFunc(cs, func(a, b *description.SecretConsumer) int { return strings.Compare(a.Consumer, b.Consumer) })
		s.Consumers = cs
		rcs := x.secretRemote[s.ID]
		slices.SortStableFunc(rcs, func(a, b *description.SecretRemoteConsumer) int { return strings.Compare(a.ID, b.ID) })
		s.RemoteConsumers = rcs
		s.NextRotateTime = x.secretRotate[s.ID]
		m.Secrets = append(m.Secrets, s)
	}
	slices.SortStableFunc(x.remoteSecrets, func(a, b *remoteSecretDoc) int { return strings.Compare(a.docID, b.docID) })
	for _, r := range x.remoteSecrets {
		m.RemoteSecrets = append(m.RemoteSecrets, r.r)
	}
}
