package controllertest

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/description"
)

func (d *Docs) applications(m *description.Model) error {
	caas := m.Type == "caas"
	// Endpoint names each charm has, from the relations and offers that use
	// them, for the charm documents' metadata.
	endpoints := map[string]map[string]string{} // app -> endpoint -> role
	for _, r := range m.Relations {
		for _, ep := range r.Endpoints {
			if endpoints[ep.ApplicationName] == nil {
				endpoints[ep.ApplicationName] = map[string]string{}
			}
			endpoints[ep.ApplicationName][ep.Name] = ep.Role
		}
	}
	charmsDone := map[string]bool{}
	for _, a := range m.Applications {
		name := a.Name
		sidecar := caas && a.Tools == nil
		if !charmsDone[a.CharmURL] {
			charmsDone[a.CharmURL] = true
			d.charm(a, endpoints[name], sidecar)
		}
		doc := bson.D{
			{Key: "name", Value: name}, {Key: "subordinate", Value: a.Subordinate},
			{Key: "charmurl", Value: a.CharmURL},
		}
		if o := a.CharmOrigin; o != nil {
			doc = append(doc, bson.E{Key: "charm-origin", Value: charmOrigin(o)})
		}
		doc = append(doc,
			bson.E{Key: "charmmodifiedversion", Value: int32(a.CharmModifiedVersion)},
			bson.E{Key: "forcecharm", Value: a.ForceCharm},
			bson.E{Key: "life", Value: int32(0)},
			bson.E{Key: "unitcount", Value: int32(len(a.Units))},
			bson.E{Key: "relationcount", Value: int32(0)},
			bson.E{Key: "minunits", Value: int32(a.MinUnits)},
		)
		if a.Tools != nil {
			doc = append(doc, bson.E{Key: "tools", Value: tools(a.Tools)})
		}
		doc = append(doc,
			bson.E{Key: "metric-credentials", Value: bson.Binary{Data: a.MetricsCredentials}},
			bson.E{Key: "exposed", Value: a.Exposed},
		)
		if len(a.ExposedEndpoints) > 0 {
			xe := bson.D{}
			for _, ep := range sortedKeys(a.ExposedEndpoints) {
				e := a.ExposedEndpoints[ep]
				xe = append(xe, bson.E{Key: ep, Value: bson.D{{Key: "to-space-ids", Value: strs(e.ExposeToSpaceIDs)}, {Key: "to-cidrs", Value: strs(e.ExposeToCIDRs)}}})
			}
			doc = append(doc, bson.E{Key: "exposed-endpoints", Value: xe})
		}
		doc = append(doc, bson.E{Key: "scale", Value: int32(a.DesiredScale)}, bson.E{Key: "passwordhash", Value: a.PasswordHash})
		if ps := a.ProvisioningState; ps != nil {
			doc = append(doc, bson.E{Key: "provisioning-state", Value: bson.D{{Key: "scaling", Value: ps.Scaling}, {Key: "scale-target", Value: int32(ps.ScaleTarget)}}})
		} else {
			doc = append(doc, bson.E{Key: "provisioning-state", Value: nil})
		}
		if a.Placement != "" {
			doc = append(doc, bson.E{Key: "placement", Value: a.Placement})
		}
		if a.HasResources {
			doc = append(doc, bson.E{Key: "has-resources", Value: true})
		}
		if a.StorageUniqueID != "" {
			// Juju 3.6's applicationDoc: storage-unique-id.
			doc = append(doc, bson.E{Key: "storage-unique-id", Value: a.StorageUniqueID})
		}
		d.local("applications", name, doc)

		key := "a#" + name
		d.status(key, a.Status, a.StatusHistory)
		if a.OperatorStatus != nil && a.OperatorStatus.Value != "" {
			d.status(key+"#operator", a.OperatorStatus, nil)
		}
		d.constraints(key, a.Constraints)
		d.annotations(key, "application-"+name, a.Annotations)
		d.settings(key+"#"+a.CharmURL, orEmpty(a.CharmConfig))
		d.settings(key+"#application", orEmpty(a.ApplicationConfig))
		d.settings(key+"#leader", orEmpty(a.LeadershipSettings))
		sc := bson.D{}
		for _, s := range sortedKeys(a.StorageDirectives) {
			v := a.StorageDirectives[s]
			sc = append(sc, bson.E{Key: s, Value: bson.D{{Key: "pool", Value: v.Pool}, {Key: "size", Value: int64(v.Size)}, {Key: "count", Value: int64(v.Count)}}})
		}
		d.local("storageconstraints", "asc#"+name+"#"+a.CharmURL, bson.D{{Key: "constraints", Value: sc}})
		bindings := a.EndpointBindings
		if bindings == nil {
			bindings = map[string]string{}
		}
		d.local("endpointbindings", key, bson.D{{Key: "bindings", Value: strMap(bindings, true)}})
		if caas {
			if a.PodSpec != "" {
				d.local("podSpecs", key, bson.D{{Key: "spec", Value: a.PodSpec}, {Key: "raw-spec", Value: ""}, {Key: "upgrade-counter", Value: int32(0)}})
			}
			if cs := a.CloudService; cs != nil {
				d.local("cloudservices", key, bson.D{{Key: "provider-id", Value: cs.ProviderID}, {Key: "addresses", Value: addresses(cs.Addresses)},
					{Key: "generation", Value: int64(1)}, {Key: "desired-scale-protected", Value: false}})
			}
		}
		if len(a.OpenedPortRanges) > 0 || caas {
			d.local("openedPorts", key, bson.D{{Key: "application-name", Value: name}, {Key: "port-ranges", Value: nil},
				{Key: "unit-port-ranges", Value: portRanges(a.OpenedPortRanges)}})
		}
		for _, o := range a.Offers {
			d.local("applicationOffers", o.OfferName, bson.D{
				{Key: "offer-uuid", Value: o.OfferUUID}, {Key: "offer-name", Value: o.OfferName},
				{Key: "application-name", Value: o.ApplicationName}, {Key: "application-description", Value: o.ApplicationDescription},
				{Key: "endpoints", Value: strMap(o.Endpoints, true)},
			})
			for _, user := range sortedKeys(o.ACL) {
				d.global("permissions", "ao#"+o.OfferUUID+"#us#"+user, bson.D{
					{Key: "object-global-key", Value: "ao#" + o.OfferUUID}, {Key: "subject-global-key", Value: "us#" + user}, {Key: "access", Value: o.ACL[user]},
				})
			}
		}
		for _, r := range a.Resources {
			d.resource("resource#"+name+"/"+r.Name, name, r.Name, "", r.ApplicationRevision, false)
			if r.CharmStoreRevision != nil {
				d.resource("resource#"+name+"/"+r.Name+"#charmstore", name, r.Name, "", r.CharmStoreRevision, true)
			}
		}
		for _, u := range a.Units {
			d.unit(m, a, u, caas, sidecar)
		}
	}
	return nil
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

func charmOrigin(o *description.CharmOrigin) bson.D {
	doc := bson.D{{Key: "source", Value: o.Source}, {Key: "type", Value: "charm"}, {Key: "id", Value: o.ID}, {Key: "hash", Value: o.Hash}}
	if o.Revision >= 0 {
		doc = append(doc, bson.E{Key: "revision", Value: int32(o.Revision)})
	}
	if o.Channel != "" {
		parts := strings.Split(o.Channel, "/")
		ch := bson.D{}
		switch len(parts) {
		case 1:
			ch = append(ch, bson.E{Key: "risk", Value: parts[0]})
		case 2:
			ch = append(ch, bson.E{Key: "track", Value: parts[0]}, bson.E{Key: "risk", Value: parts[1]})
		default:
			ch = append(ch, bson.E{Key: "track", Value: parts[0]}, bson.E{Key: "risk", Value: parts[1]}, bson.E{Key: "branch", Value: strings.Join(parts[2:], "/")})
		}
		doc = append(doc, bson.E{Key: "channel", Value: ch})
	}
	// platform is arch/os/channel, the channel itself holding a '/'.
	parts := strings.SplitN(o.Platform, "/", 3)
	p := bson.D{{Key: "architecture", Value: parts[0]}}
	if len(parts) > 1 {
		p = append(p, bson.E{Key: "os", Value: parts[1]})
	}
	if len(parts) > 2 {
		p = append(p, bson.E{Key: "channel", Value: parts[2]})
	}
	return append(doc, bson.E{Key: "platform", Value: p})
}

// charm writes the charm document of an application's charm (ref §6.50,
// §11): metadata declaring the endpoints its relations use, and, for a
// sidecar charm, a manifest with bases.
func (d *Docs) charm(a *description.Application, eps map[string]string, sidecar bool) {
	provides, requires, peers := bson.D{}, bson.D{}, bson.D{}
	for _, name := range sortedKeys(eps) {
		rel := bson.D{{Key: "interface", Value: "x"}}
		switch eps[name] {
		case "provider":
			provides = append(provides, bson.E{Key: escape(name), Value: rel})
		case "requirer":
			requires = append(requires, bson.E{Key: escape(name), Value: rel})
		default:
			peers = append(peers, bson.E{Key: escape(name), Value: rel})
		}
	}
	for _, o := range a.Offers {
		for _, ep := range sortedKeys(o.Endpoints) {
			if _, ok := eps[o.Endpoints[ep]]; !ok {
				provides = append(provides, bson.E{Key: escape(o.Endpoints[ep]), Value: bson.D{{Key: "interface", Value: "x"}}})
			}
		}
	}
	name := a.CharmURL
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	meta := bson.D{{Key: "name", Value: name}, {Key: "summary", Value: ""}, {Key: "subordinate", Value: a.Subordinate},
		{Key: "provides", Value: provides}, {Key: "requires", Value: requires}, {Key: "peers", Value: peers}}
	manifest := bson.D{{Key: "bases", Value: bson.A{}}}
	if sidecar {
		manifest = bson.D{{Key: "bases", Value: bson.A{bson.D{{Key: "name", Value: "ubuntu"}, {Key: "channel", Value: bson.D{{Key: "track", Value: "22.04"}, {Key: "risk", Value: "stable"}}}}}}}
	}
	config, actions := bson.D{{Key: "options", Value: bson.D{}}}, bson.D{}
	stub := true
	if a.CharmMetadata != nil {
		// A Juju 3.6 controller's charm document holds the charm's own data
		// (docs/juju-layout.md).
		meta, manifest, config, actions = charmDataDocs(a)
		stub = false
	}
	doc := bson.D{
		{Key: "url", Value: a.CharmURL}, {Key: "charm-version", Value: ""}, {Key: "life", Value: int32(0)},
		{Key: "pendingupload", Value: false}, {Key: "placeholder", Value: false},
		{Key: "bundlesha256", Value: "0000"}, {Key: "storagepath", Value: "charms/" + a.CharmURL + "-x"},
		{Key: "meta", Value: meta}, {Key: "config", Value: config},
		{Key: "manifest", Value: manifest}, {Key: "actions", Value: actions}, {Key: "metrics", Value: nil},
		{Key: "lxd-profile", Value: lxdProfileDoc(a.CharmMetadata)},
	}
	if stub {
		// The model gives no charm data: the metadata above only declares
		// the endpoints, as ferry's import writes it for such a model.
		doc = append(doc, bson.E{Key: "ferry-stub-meta", Value: true})
	}
	d.local("charms", a.CharmURL, doc)
}

// assumesDoc stores an assumes list as charm v12's ExpressionTree stores
// itself (the expression list; a composite as a one-key document), read
// from the JSON Juju 3.6's exporter writes; nil for none ("", "null").
func assumesDoc(text string) bson.A {
	if text == "" {
		return nil
	}
	var list []any
	if err := json.Unmarshal([]byte(text), &list); err != nil {
		panic("controllertest: assumes: " + err.Error())
	}
	if list == nil {
		return nil
	}
	var conv func(l []any) bson.A
	conv = func(l []any) bson.A {
		out := bson.A{}
		for _, e := range l {
			if m, ok := e.(map[string]any); ok {
				for k, v := range m {
					sub, _ := v.([]any)
					e = bson.D{{Key: k, Value: conv(sub)}}
				}
			}
			out = append(out, e)
		}
		return out
	}
	return conv(list)
}

// lxdProfileDoc stores a charm's LXD profile as state/charm.go
// safeLXDProfile does (keys escaped), read from the JSON Juju 3.6's
// exporter writes; null when there is none.
func lxdProfileDoc(cm *description.CharmMetadata) any {
	if cm == nil || cm.LXDProfile == "" {
		return nil
	}
	var p struct {
		Config      map[string]string
		Description string
		Devices     map[string]map[string]string
	}
	if err := json.Unmarshal([]byte(cm.LXDProfile), &p); err != nil {
		panic("controllertest: LXD profile: " + err.Error())
	}
	config := bson.D{}
	for _, k := range slices.Sorted(maps.Keys(p.Config)) {
		config = append(config, bson.E{Key: escape(k), Value: p.Config[k]})
	}
	devices := bson.D{}
	for _, name := range slices.Sorted(maps.Keys(p.Devices)) {
		dev := bson.D{}
		for _, k := range slices.Sorted(maps.Keys(p.Devices[name])) {
			dev = append(dev, bson.E{Key: escape(k), Value: p.Devices[name][k]})
		}
		devices = append(devices, bson.E{Key: escape(name), Value: dev})
	}
	return bson.D{{Key: "config", Value: config}, {Key: "description", Value: p.Description}, {Key: "devices", Value: devices}}
}

// charmDataDocs stores an application's charm data as Juju's charmDoc does
// (charm.Meta, charm.Manifest, charm.Config and charm.Actions with their
// bson tags; relation and option names escaped).
func charmDataDocs(a *description.Application) (meta, manifest, config, actions bson.D) {
	cm := a.CharmMetadata
	rels := func(rs map[string]description.CharmRelation) bson.D {
		out := bson.D{}
		for _, k := range sortedKeys(rs) {
			r := rs[k]
			out = append(out, bson.E{Key: escape(k), Value: bson.D{{Key: "name", Value: r.Name}, {Key: "role", Value: r.Role},
				{Key: "interface", Value: r.Interface}, {Key: "optional", Value: r.Optional}, {Key: "limit", Value: int32(r.Limit)}, {Key: "scope", Value: r.Scope}}})
		}
		return out
	}
	meta = bson.D{{Key: "name", Value: cm.Name}, {Key: "summary", Value: cm.Summary}, {Key: "description", Value: cm.Description},
		{Key: "subordinate", Value: cm.Subordinate}}
	for _, f := range []struct {
		key string
		rs  map[string]description.CharmRelation
	}{{"provides", cm.Provides}, {"requires", cm.Requires}, {"peers", cm.Peers}} {
		if len(f.rs) > 0 {
			meta = append(meta, bson.E{Key: f.key, Value: rels(f.rs)})
		}
	}
	if len(cm.Tags) > 0 {
		meta = append(meta, bson.E{Key: "tags", Value: cm.Tags})
	}
	if len(cm.Storage) > 0 {
		st := bson.D{}
		for _, k := range sortedKeys(cm.Storage) {
			s := cm.Storage[k]
			e := bson.D{{Key: "name", Value: s.Name}, {Key: "description", Value: s.Description}, {Key: "type", Value: s.Type},
				{Key: "shared", Value: s.Shared}, {Key: "read-only", Value: s.ReadOnly}, {Key: "countmin", Value: int32(s.CountMin)},
				{Key: "countmax", Value: int32(s.CountMax)}, {Key: "minimum-size", Value: int64(s.MinimumSize)}}
			if s.Location != "" {
				e = append(e, bson.E{Key: "location", Value: s.Location})
			}
			st = append(st, bson.E{Key: k, Value: e})
		}
		meta = append(meta, bson.E{Key: "storage", Value: st})
	}
	if cm.MinJujuVersion != "" {
		meta = append(meta, bson.E{Key: "min-juju-version", Value: cm.MinJujuVersion})
	}
	if len(cm.Containers) > 0 {
		cs := bson.D{}
		for _, k := range sortedKeys(cm.Containers) {
			c := cm.Containers[k]
			e := bson.D{{Key: "resource", Value: c.Resource}}
			mounts := bson.A{}
			for _, mt := range c.Mounts {
				mounts = append(mounts, bson.D{{Key: "storage", Value: mt.Storage}, {Key: "location", Value: mt.Location}})
			}
			e = append(e, bson.E{Key: "mounts", Value: mounts})
			if c.UID != nil {
				e = append(e, bson.E{Key: "uid", Value: int32(*c.UID)})
			}
			cs = append(cs, bson.E{Key: k, Value: e})
		}
		meta = append(meta, bson.E{Key: "containers", Value: cs})
	}
	if as := assumesDoc(cm.Assumes); as != nil {
		meta = append(meta, bson.E{Key: "assumes", Value: as})
	}
	if cm.RunAs != "" {
		meta = append(meta, bson.E{Key: "charm-user", Value: cm.RunAs})
	}
	bases := bson.A{}
	if a.CharmManifest != nil {
		for _, b := range a.CharmManifest.Bases {
			track, risk, _ := strings.Cut(b.Channel, "/")
			bases = append(bases, bson.D{{Key: "name", Value: b.Name}, {Key: "channel", Value: bson.D{{Key: "track", Value: track}, {Key: "risk", Value: risk}}},
				{Key: "architectures", Value: b.Architectures}})
		}
	}
	manifest = bson.D{{Key: "bases", Value: bases}}
	opts := bson.D{}
	if a.CharmConfigs != nil {
		for _, k := range sortedKeys(a.CharmConfigs.Configs) {
			o := a.CharmConfigs.Configs[k]
			e := bson.D{{Key: "type", Value: o.Type}, {Key: "description", Value: o.Description}}
			if o.Default != nil {
				e = append(e, bson.E{Key: "default", Value: o.Default})
			}
			opts = append(opts, bson.E{Key: escape(k), Value: e})
		}
	}
	config = bson.D{{Key: "options", Value: opts}}
	specs := bson.D{}
	if a.CharmActions != nil {
		for _, k := range sortedKeys(a.CharmActions.Actions) {
			ac := a.CharmActions.Actions[k]
			specs = append(specs, bson.E{Key: k, Value: bson.D{{Key: "description", Value: ac.Description},
				{Key: "params", Value: ac.Parameters}, {Key: "parallel", Value: ac.Parallel}, {Key: "execution-group", Value: ac.ExecutionGroup}}})
		}
	}
	actions = bson.D{{Key: "specs", Value: specs}}
	return meta, manifest, config, actions
}

func (d *Docs) resource(id, app, name, unit string, r *description.ResourceRevision, store bool) {
	doc := bson.D{
		{Key: "resource-id", Value: app + "/" + name}, {Key: "pending-id", Value: ""},
		{Key: "application-id", Value: app}, {Key: "unit-id", Value: unit},
		{Key: "name", Value: name}, {Key: "type", Value: r.Type}, {Key: "path", Value: r.Path},
		{Key: "description", Value: r.Description}, {Key: "origin", Value: r.Origin},
		{Key: "revision", Value: int32(r.Revision)}, {Key: "fingerprint", Value: bson.Binary{Data: fingerprint(r.Fingerprint)}},
		{Key: "size", Value: r.Size}, {Key: "username", Value: r.Username},
		{Key: "timestamp-when-added", Value: dtOrZero(r.Timestamp)},
		{Key: "storage-path", Value: "application-" + app + "/resources/" + name},
	}
	polled := time.Time{}
	if store {
		polled = time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	}
	doc = append(doc, bson.E{Key: "timestamp-when-last-polled", Value: dt(polled)})
	d.local("resources", id, doc)
}

func (d *Docs) unit(m *description.Model, a *description.Application, u *description.Unit, caas, sidecar bool) {
	name := u.Name
	doc := bson.D{
		{Key: "name", Value: name},
		{Key: "base", Value: bson.D{{Key: "os", Value: "ubuntu"}, {Key: "channel", Value: "22.04/stable"}}},
		{Key: "application", Value: a.Name},
		{Key: "charmurl", Value: a.CharmURL},
		{Key: "principal", Value: u.Principal},
		{Key: "subordinates", Value: strs(u.Subordinates)},
		{Key: "storageattachmentcount", Value: int32(0)},
		{Key: "machineid", Value: u.Machine},
		{Key: "resolved", Value: ""},
	}
	if u.Tools != nil {
		doc = append(doc, bson.E{Key: "tools", Value: tools(u.Tools)})
	}
	doc = append(doc, bson.E{Key: "life", Value: int32(0)}, bson.E{Key: "passwordhash", Value: u.PasswordHash})
	d.local("units", name, doc)
	agent, workload := "u#"+name, "u#"+name+"#charm"
	d.status(agent, u.AgentStatus, u.AgentStatusHistory)
	d.status(workload, u.WorkloadStatus, u.WorkloadStatusHistory)
	wv := &description.Status{Value: "active", Message: u.WorkloadVersion}
	if u.WorkloadVersion == "" {
		wv.Value = "unknown"
	}
	d.status(workload+"#sat#workload-version", wv, u.WorkloadVersionHistory)
	d.local("meterStatus", agent, bson.D{{Key: "code", Value: u.MeterStatusCode}, {Key: "info", Value: u.MeterStatusInfo}})
	d.constraints(agent, u.Constraints)
	d.annotations(workload, unitTag(name), u.Annotations)
	if u.CharmState != nil || u.RelationState != nil || u.UniterState != "" || u.StorageState != "" || u.MeterStatusState != "" {
		rs := bson.D{}
		ids := make([]int, 0, len(u.RelationState))
		for id := range u.RelationState {
			ids = append(ids, id)
		}
		sortInts(ids)
		for _, id := range ids {
			rs = append(rs, bson.E{Key: strconv.Itoa(id), Value: u.RelationState[id]})
		}
		st := bson.D{}
		if len(u.CharmState) > 0 {
			st = append(st, bson.E{Key: "charm-state", Value: strMap(u.CharmState, true)})
		}
		st = append(st,
			bson.E{Key: "uniter-state", Value: u.UniterState},
			bson.E{Key: "relation-state", Value: rs},
			bson.E{Key: "storage-state", Value: u.StorageState},
			bson.E{Key: "secret-state", Value: ""},
			bson.E{Key: "meter-status-state", Value: u.MeterStatusState},
		)
		d.local("unitstates", workload, st)
	}
	for _, p := range u.Payloads {
		d.local("payloads", "payload#"+name+"#"+p.Name, bson.D{
			{Key: "unitid", Value: name}, {Key: "name", Value: p.Name}, {Key: "machine-id", Value: u.Machine},
			{Key: "type", Value: p.Type}, {Key: "rawid", Value: p.RawID}, {Key: "state", Value: p.State}, {Key: "labels", Value: strs(p.Labels)},
		})
	}
	if cc := u.CloudContainer; cc != nil {
		var addr any
		if cc.Address != nil {
			addr = address(*cc.Address)
		}
		d.local("cloudcontainers", workload, bson.D{{Key: "provider-id", Value: cc.ProviderID}, {Key: "address", Value: addr}, {Key: "ports", Value: strs(cc.Ports)}})
	}
	for _, r := range u.Resources {
		d.resource("resource#"+a.Name+"/"+r.Name+"#"+unitTag(name), a.Name, r.Name, name, r.Revision, false)
	}
}

func sortInts(s []int) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// dtOrZero stores a nil time as the zero datetime: a placeholder resource
// has a zero timestamp-when-added (ref §9.12).
func dtOrZero(t *time.Time) bson.DateTime {
	if t == nil {
		return dt(time.Time{})
	}
	return dt(*t)
}
