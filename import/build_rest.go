package importer

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/jujudb"
)

// --- remote applications and relations

func (b *builder) remoteApplications() {
	relCount := map[string]int{}
	for _, r := range b.m.Relations {
		for _, ep := range r.Endpoints {
			relCount[ep.ApplicationName]++
		}
	}
	for _, ra := range b.m.RemoteApplications {
		eps := make(bson.A, len(ra.Endpoints))
		for i, ep := range ra.Endpoints {
			eps[i] = bson.D{
				{Key: "name", Value: ep.Name}, {Key: "role", Value: ep.Role}, {Key: "interface", Value: ep.Interface},
				{Key: "limit", Value: int32(0)}, {Key: "scope", Value: "global"},
			}
		}
		spaces := make(bson.A, len(ra.Spaces))
		for i, sp := range ra.Spaces {
			attrs, err := anyDoc(sp.ProviderAttributes, true)
			if err != nil {
				b.fail(fmt.Sprintf("remote application %q", ra.Name), fmt.Errorf("space %q provider attributes: %w", sp.Name, err))
				return
			}
			subnets := make(bson.A, len(sp.Subnets))
			for j, sn := range sp.Subnets {
				subnets[j] = bson.D{
					{Key: "cidr", Value: sn.CIDR}, {Key: "provider-id", Value: sn.ProviderID},
					{Key: "vlan-tag", Value: i32(sn.VLANTag)}, {Key: "availability-zones", Value: strs(sn.AvailabilityZones)},
					{Key: "provider-space-id", Value: sn.ProviderSpaceID}, {Key: "provider-network-id", Value: sn.ProviderNetworkID},
				}
			}
			spaces[i] = bson.D{
				{Key: "cloud-type", Value: sp.CloudType}, {Key: "name", Value: sp.Name}, {Key: "provider-id", Value: sp.ProviderID},
				{Key: "provider-attributes", Value: attrs}, {Key: "subnets", Value: subnets},
			}
		}
		f := bson.D{{Key: "name", Value: ra.Name}, {Key: "offer-uuid", Value: ra.OfferUUID}}
		if ra.URL != "" {
			f = append(f, bson.E{Key: "url", Value: ra.URL})
		}
		f = append(f,
			bson.E{Key: "source-controller-uuid", Value: ""},
			bson.E{Key: "source-model-uuid", Value: ra.SourceModelUUID},
			bson.E{Key: "endpoints", Value: eps},
			bson.E{Key: "spaces", Value: spaces},
			bson.E{Key: "bindings", Value: stringDoc(ra.Bindings, true)},
			bson.E{Key: "life", Value: int32(jujudb.Alive)},
			bson.E{Key: "relationcount", Value: i32(relCount[ra.Name])},
			bson.E{Key: "is-consumer-proxy", Value: ra.IsConsumerProxy},
			bson.E{Key: "version", Value: i32(ra.ConsumeVersion)},
		)
		if ra.Macaroon != "" {
			f = append(f, bson.E{Key: "macaroon", Value: ra.Macaroon})
		}
		b.add(jujudb.RemoteApplications, ra.Name, f)
		b.statusDoc(jujudb.RemoteApplicationKey(ra.Name), ra.Status)
	}
}

func (b *builder) relations() {
	for _, r := range b.m.Relations {
		key := r.Key
		if key == "" {
			names := make([]jujudb.RelationEndpointName, len(r.Endpoints))
			for i, ep := range r.Endpoints {
				names[i] = jujudb.RelationEndpointName{Application: ep.ApplicationName, Name: ep.Name, Role: ep.Role}
			}
			key = jujudb.RelationKeyString(names)
		}
		units := 0
		eps := make(bson.A, len(r.Endpoints))
		for i, ep := range r.Endpoints {
			units += len(inScopeUnits(b.apps[ep.ApplicationName], r, ep))
			eps[i] = bson.D{
				{Key: "applicationname", Value: ep.ApplicationName},
				{Key: "relation", Value: bson.D{
					{Key: "name", Value: ep.Name}, {Key: "role", Value: ep.Role}, {Key: "interface", Value: ep.Interface},
					{Key: "optional", Value: ep.Optional}, {Key: "limit", Value: i32(ep.Limit)}, {Key: "scope", Value: ep.Scope},
				}},
			}
		}
		b.add(jujudb.Relations, key, bson.D{
			{Key: "key", Value: key}, {Key: "id", Value: i32(r.ID)}, {Key: "endpoints", Value: eps},
			{Key: "life", Value: int32(jujudb.Alive)}, {Key: "unitcount", Value: i32(units)},
			{Key: "suspended", Value: r.Suspended}, {Key: "suspended-reason", Value: r.SuspendedReason},
		})
		st := r.Status
		if st == nil {
			// Juju gives a relation without a status one (ref §8.13).
			v := "joining"
			if units > 0 {
				v = "joined"
			}
			st = &description.Status{Value: v, Updated: b.now}
		}
		b.statusDoc(jujudb.RelationKey(r.ID), st)
		what := fmt.Sprintf("relation %d", r.ID)
		for _, ep := range r.Endpoints {
			b.settingsDoc(jujudb.RelationAppSettingsKey(r.ID, ep.ApplicationName), ep.ApplicationSettings, what+" application settings")
			settings := inScopeUnits(b.apps[ep.ApplicationName], r, ep)
			for _, unit := range sortedKeys(settings) {
				principal := ""
				if ep.Scope == "container" {
					principal = unit
					if u := b.units[unit]; u != nil && u.Principal != "" {
						principal = u.Principal
					}
				}
				k := jujudb.RelationUnitKey(r.ID, principal, ep.Role, unit)
				b.add(jujudb.RelationScopes, k, bson.D{{Key: "key", Value: k}, {Key: "departing", Value: false}})
				b.settingsDoc(k, settings[unit], what+" settings of unit "+unit)
			}
		}
	}
}

// --- cross-model

func (b *builder) crossModel() {
	m := b.m
	offerByName := map[string]string{}
	offerByApp := map[string]string{}
	for _, a := range m.Applications {
		for _, o := range a.Offers {
			u := OfferUUID(b.uuid, o)
			offerByName[o.OfferName] = u
			if _, ok := offerByApp[a.Name]; !ok {
				offerByApp[a.Name] = u
			}
		}
	}
	seen := map[string]bool{}
	for _, re := range m.RemoteEntities {
		id := re.ID
		// Juju's import names offers by UUID and local offered
		// applications by their offer (ref §6.29).
		if name, ok := strings.CutPrefix(id, "applicationoffer-"); ok {
			if u, ok := offerByName[name]; ok {
				id = "applicationoffer-" + u
			}
		} else if app, ok := strings.CutPrefix(id, "application-"); ok {
			if u, ok := offerByApp[app]; ok {
				id = "applicationoffer-" + u
			}
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		f := bson.D{{Key: "token", Value: re.Token}}
		if re.Macaroon != "" {
			f = append(f, bson.E{Key: "macaroon", Value: re.Macaroon})
		}
		b.add(jujudb.RemoteEntities, id, f)
	}
	for _, c := range m.ExternalControllers {
		b.extCtrl = append(b.extCtrl, Step{Kind: ExternalController, Collection: jujudb.ExternalControllers, Global: true, ID: c.ID, Doc: bson.D{
			{Key: "_id", Value: c.ID}, {Key: "alias", Value: c.Alias}, {Key: "addresses", Value: strs(c.Addrs)},
			{Key: "cacert", Value: c.CACert}, {Key: "models", Value: strs(c.Models)},
			{Key: jujudb.FieldTxnRevno, Value: jujudb.InsertTxnRevno},
		}})
	}
	for _, rn := range m.RelationNetworks {
		b.add(jujudb.RelationNetworks, rn.ID, bson.D{{Key: "relation-key", Value: rn.RelationKey}, {Key: "cidrs", Value: strs(rn.CIDRs)}})
	}
	for _, oc := range m.OfferConnections {
		b.add(jujudb.ApplicationOfferConnections, strconv.Itoa(oc.RelationID), bson.D{
			{Key: "relation-id", Value: i32(oc.RelationID)}, {Key: "relation-key", Value: oc.RelationKey},
			{Key: "offer-uuid", Value: oc.OfferUUID}, {Key: "username", Value: oc.UserName},
			{Key: "source-model-uuid", Value: oc.SourceModelUUID},
		})
	}
}

// --- storage

func planInfoDoc(p description.VolumePlanInfo) bson.D {
	return bson.D{{Key: "device-type", Value: p.DeviceType}, {Key: "device-attributes", Value: stringDoc(p.DeviceAttributes, false)}}
}

func (b *builder) storage() {
	m := b.m
	for _, p := range m.StoragePools {
		attrs := copyMap(p.Attributes)
		attrs["name"] = p.Name
		attrs["type"] = p.Provider
		b.settingsDoc(jujudb.PoolKey(p.Name), attrs, fmt.Sprintf("storage pool %q", p.Name))
	}
	for _, s := range m.Storages {
		f := bson.D{
			{Key: "id", Value: s.ID}, {Key: "storagekind", Value: int32(jujudb.ParseStorageKind(s.Kind))},
			{Key: "life", Value: int32(jujudb.Alive)},
		}
		if s.Owner != "" {
			f = append(f, bson.E{Key: "owner", Value: s.Owner})
		}
		f = append(f, bson.E{Key: "storagename", Value: s.Name}, bson.E{Key: "attachmentcount", Value: i32(len(s.Attachments))})
		if c := s.Constraints; c != nil {
			f = append(f, bson.E{Key: "constraints", Value: bson.D{{Key: "pool", Value: c.Pool}, {Key: "size", Value: u64(c.Size)}}})
		}
		b.add(jujudb.StorageInstances, s.ID, f)
		for _, unit := range s.Attachments {
			b.add(jujudb.StorageAttachments, jujudb.StorageAttachmentKey(unit, s.ID), bson.D{
				{Key: "unitid", Value: unit}, {Key: "storageid", Value: s.ID}, {Key: "life", Value: int32(jujudb.Alive)},
			})
		}
	}
	for _, v := range m.Volumes {
		f := bson.D{{Key: "name", Value: v.ID}, {Key: "life", Value: int32(jujudb.Alive)}}
		if v.StorageID != "" {
			f = append(f, bson.E{Key: "storageid", Value: v.StorageID})
		}
		f = append(f, bson.E{Key: "attachmentcount", Value: i32(len(v.Attachments))})
		if v.Provisioned {
			f = append(f, bson.E{Key: "info", Value: bson.D{
				{Key: "hardwareid", Value: v.HardwareID}, {Key: "wwn", Value: v.WWN}, {Key: "size", Value: u64(v.Size)},
				{Key: "pool", Value: v.Pool}, {Key: "volumeid", Value: v.VolumeID}, {Key: "persistent", Value: v.Persistent},
			}})
		} else {
			f = append(f, bson.E{Key: "params", Value: bson.D{{Key: "pool", Value: v.Pool}, {Key: "size", Value: u64(v.Size)}}})
		}
		b.add(jujudb.Volumes, v.ID, f)
		b.statusDoc(jujudb.VolumeKey(v.ID), v.Status)
		b.historyDocs(jujudb.VolumeKey(v.ID), v.StatusHistory)
		for _, a := range v.Attachments {
			f := bson.D{{Key: "volumeid", Value: v.ID}, {Key: "hostid", Value: a.HostID}, {Key: "life", Value: int32(jujudb.Alive)}}
			if a.Provisioned {
				info := bson.D{
					{Key: "devicename", Value: a.DeviceName}, {Key: "devicelink", Value: a.DeviceLink},
					{Key: "busaddress", Value: a.BusAddress}, {Key: "read-only", Value: a.ReadOnly},
				}
				if a.PlanInfo.DeviceType != "" || len(a.PlanInfo.DeviceAttributes) > 0 {
					info = append(info, bson.E{Key: "plan-info", Value: planInfoDoc(a.PlanInfo)})
				}
				f = append(f, bson.E{Key: "info", Value: info})
			} else {
				f = append(f, bson.E{Key: "params", Value: bson.D{{Key: "read-only", Value: a.ReadOnly}}})
			}
			b.add(jujudb.VolumeAttachments, a.HostID+":"+v.ID, f)
		}
		for _, p := range v.AttachmentPlans {
			f := bson.D{
				{Key: "volumeid", Value: v.ID}, {Key: "machineid", Value: p.MachineID}, {Key: "life", Value: int32(jujudb.Alive)},
				{Key: "plan-info", Value: planInfoDoc(p.PlanInfo)},
			}
			if p.BlockDevice != nil {
				f = append(f, bson.E{Key: "block-device", Value: blockDeviceDoc(p.BlockDevice)})
			}
			b.add(jujudb.VolumeAttachmentPlan, p.MachineID+":"+v.ID, f)
		}
	}
	for _, fs := range m.Filesystems {
		f := bson.D{{Key: "filesystemid", Value: fs.ID}, {Key: "life", Value: int32(jujudb.Alive)}}
		if fs.StorageID != "" {
			f = append(f, bson.E{Key: "storageid", Value: fs.StorageID})
		}
		if fs.VolumeID != "" {
			f = append(f, bson.E{Key: "volumeid", Value: fs.VolumeID})
		}
		f = append(f, bson.E{Key: "attachmentcount", Value: i32(len(fs.Attachments))})
		if fs.Provisioned {
			f = append(f, bson.E{Key: "info", Value: bson.D{
				{Key: "size", Value: u64(fs.Size)}, {Key: "pool", Value: fs.Pool}, {Key: "filesystemid", Value: fs.FilesystemID},
			}})
		} else {
			f = append(f, bson.E{Key: "params", Value: bson.D{{Key: "pool", Value: fs.Pool}, {Key: "size", Value: u64(fs.Size)}}})
		}
		b.add(jujudb.Filesystems, fs.ID, f)
		b.statusDoc(jujudb.FilesystemKey(fs.ID), fs.Status)
		b.historyDocs(jujudb.FilesystemKey(fs.ID), fs.StatusHistory)
		for _, a := range fs.Attachments {
			f := bson.D{{Key: "filesystemid", Value: fs.ID}, {Key: "hostid", Value: a.HostID}, {Key: "life", Value: int32(jujudb.Alive)}}
			if a.Provisioned {
				f = append(f, bson.E{Key: "info", Value: bson.D{{Key: "mountpoint", Value: a.MountPoint}, {Key: "read-only", Value: a.ReadOnly}}})
			} else {
				f = append(f, bson.E{Key: "params", Value: bson.D{{Key: "location", Value: a.MountPoint}, {Key: "read-only", Value: a.ReadOnly}}})
			}
			b.add(jujudb.FilesystemAttachments, a.HostID+":"+fs.ID, f)
		}
	}
}

// --- secrets

func (b *builder) secrets() {
	internal := map[string]bool{"": true, b.info.ControllerUUID: true}
	for _, id := range b.info.InternalSecretBackends {
		internal[id] = true
	}
	for _, s := range b.m.Secrets {
		latest := 0
		var latestExpire any
		revs := append([]*description.SecretRevision(nil), s.Revisions...)
		sort.SliceStable(revs, func(i, j int) bool { return revs[i].Number < revs[j].Number })
		for _, r := range revs {
			if r.Number >= latest {
				latest = r.Number
				latestExpire = nil
				if r.ExpireTime != nil {
					latestExpire = dt(*r.ExpireTime)
				}
			}
		}
		md := bson.D{
			{Key: "version", Value: i32(s.Version)}, {Key: "owner-tag", Value: s.Owner},
			{Key: "description", Value: s.Description}, {Key: "label", Value: s.Label},
			{Key: "latest-revision", Value: i32(latest)}, {Key: "latest-expire-time", Value: latestExpire},
			{Key: "rotate-policy", Value: s.RotatePolicy}, {Key: "auto-prune", Value: s.AutoPrune},
			{Key: "create-time", Value: dt(s.Created)}, {Key: "update-time", Value: dt(s.Updated)},
		}
		if s.LatestRevisionChecksum != "" {
			// Juju 3.6 (secrets v2; docs/juju-layout.md); left out when
			// unknown, as older controllers have no such field.
			md = append(md, bson.E{Key: "latest-revision-checksum", Value: s.LatestRevisionChecksum})
		}
		b.add(jujudb.SecretMetadata, s.ID, md)
		if s.NextRotateTime != nil {
			b.add(jujudb.SecretRotate, s.ID, bson.D{{Key: "next-rotate-time", Value: dt(*s.NextRotateTime)}, {Key: "owner-tag", Value: s.Owner}})
		}
		for _, r := range revs {
			f := bson.D{
				{Key: "revision", Value: i32(r.Number)}, {Key: "create-time", Value: dt(r.Created)},
				{Key: "update-time", Value: dt(r.Updated)},
			}
			if r.ExpireTime != nil {
				f = append(f, bson.E{Key: "expire-time", Value: dt(*r.ExpireTime)})
			}
			f = append(f, bson.E{Key: "obsolete", Value: r.Obsolete})
			if len(r.Content) > 0 {
				f = append(f, bson.E{Key: "data", Value: stringDoc(r.Content, true)})
			}
			if ref := r.ValueRef; ref != nil {
				f = append(f, bson.E{Key: "value-reference", Value: bson.D{{Key: "backend-id", Value: ref.BackendID}, {Key: "revision-id", Value: ref.RevisionID}}})
				if !internal[ref.BackendID] {
					b.backendRef[ref.BackendID]++
				}
			}
			f = append(f, bson.E{Key: "pending-delete", Value: r.PendingDelete}, bson.E{Key: "owner-tag", Value: s.Owner})
			b.add(jujudb.SecretRevisions, s.ID+"/"+strconv.Itoa(r.Number), f)
		}
		for _, subject := range sortedKeys(s.ACL) {
			a := s.ACL[subject]
			b.add(jujudb.SecretPermissions, s.ID+"#"+subject, bson.D{
				{Key: "scope-tag", Value: a.Scope}, {Key: "subject-tag", Value: subject}, {Key: "role", Value: a.Role},
			})
		}
		for _, c := range s.Consumers {
			b.add(jujudb.SecretConsumers, s.ID+"#"+c.Consumer, bson.D{
				{Key: "consumer-tag", Value: c.Consumer}, {Key: "label", Value: c.Label},
				{Key: "current-revision", Value: i32(c.CurrentRevision)}, {Key: "latest-revision", Value: i32(latest)},
			})
		}
		for _, c := range s.RemoteConsumers {
			b.add(jujudb.SecretRemoteConsumers, s.ID+"#"+c.Consumer, bson.D{
				{Key: "consumer-tag", Value: c.Consumer},
				{Key: "current-revision", Value: i32(c.CurrentRevision)}, {Key: "latest-revision", Value: i32(latest)},
			})
		}
	}
	for _, r := range b.m.RemoteSecrets {
		b.add(jujudb.SecretConsumers, r.SourceUUID+"/"+r.ID+"#"+r.Consumer, bson.D{
			{Key: "consumer-tag", Value: r.Consumer}, {Key: "label", Value: r.Label},
			{Key: "current-revision", Value: i32(r.CurrentRevision)}, {Key: "latest-revision", Value: i32(r.LatestRevision)},
		})
	}
}

// InScopeUnits returns the units an import enters into the scope of a
// relation endpoint, with their settings: the tree's unit settings, plus
// empty settings for every unit of a local application that Juju's
// exporter expects in scope and the tree leaves out (every unit of the
// application, except subordinates in a container-scoped relation that
// does not name their principal's application).
func InScopeUnits(m *description.Model, r *description.Relation, ep *description.Endpoint) map[string]map[string]any {
	var app *description.Application
	for _, a := range m.Applications {
		if a.Name == ep.ApplicationName {
			app = a
			break
		}
	}
	return inScopeUnits(app, r, ep)
}

func inScopeUnits(app *description.Application, r *description.Relation, ep *description.Endpoint) map[string]map[string]any {
	if app == nil {
		return ep.UnitSettings
	}
	inRelation := map[string]bool{}
	for _, e := range r.Endpoints {
		inRelation[e.ApplicationName] = true
	}
	var out map[string]map[string]any
	for _, u := range app.Units {
		if _, ok := ep.UnitSettings[u.Name]; ok {
			continue
		}
		if ep.Scope == "container" && u.Principal != "" {
			if i := strings.LastIndexByte(u.Principal, '/'); i < 0 || !inRelation[u.Principal[:i]] {
				continue
			}
		}
		if out == nil {
			out = make(map[string]map[string]any, len(ep.UnitSettings)+1)
			for k, v := range ep.UnitSettings {
				out[k] = v
			}
		}
		out[u.Name] = map[string]any{}
	}
	if out == nil {
		return ep.UnitSettings
	}
	return out
}
