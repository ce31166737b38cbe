package importer

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/description"
	"github.com/modelferry/ferry/internal/jujudb"
	"github.com/modelferry/ferry/internal/jujudoc"
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
		what := fmt.Sprintf("remote application %q", ra.Name)
		eps := make([]jujudoc.RemoteEndpointDoc, len(ra.Endpoints))
		for i, ep := range ra.Endpoints {
			eps[i] = jujudoc.RemoteEndpointDoc{Name: ep.Name, Role: ep.Role, Interface: ep.Interface, Scope: "global"}
		}
		spaces := make([]jujudoc.RemoteSpaceDoc, len(ra.Spaces))
		for i, sp := range ra.Spaces {
			attrs, err := anyDoc(sp.ProviderAttributes, true)
			if err != nil {
				b.fail(what, fmt.Errorf("space %q provider attributes: %w", sp.Name, err))
				return
			}
			subnets := make([]jujudoc.RemoteSubnetDoc, len(sp.Subnets))
			for j, sn := range sp.Subnets {
				subnets[j] = jujudoc.RemoteSubnetDoc{
					CIDR: sn.CIDR, ProviderID: sn.ProviderID, VLANTag: i32(sn.VLANTag), AvailabilityZones: sn.AvailabilityZones,
					ProviderSpaceID: sn.ProviderSpaceID, ProviderNetworkID: sn.ProviderNetworkID,
				}
			}
			spaces[i] = jujudoc.RemoteSpaceDoc{
				CloudType: sp.CloudType, Name: sp.Name, ProviderID: sp.ProviderID, ProviderAttributes: attrs, Subnets: subnets,
			}
		}
		b.addTyped(jujudb.RemoteApplications, ra.Name, what, &jujudoc.RemoteApplicationDoc{
			Name: ra.Name, OfferUUID: ra.OfferUUID, URL: ra.URL, SourceModelUUID: ra.SourceModelUUID,
			Endpoints: eps, Spaces: spaces, Bindings: stringDoc(ra.Bindings, true), Life: int32(jujudb.Alive),
			RelationCount: i32(relCount[ra.Name]), IsConsumerProxy: ra.IsConsumerProxy, Version: i32(ra.ConsumeVersion),
			Macaroon: ra.Macaroon,
		})
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
		eps := make([]jujudoc.RelationEndpointDoc, len(r.Endpoints))
		for i, ep := range r.Endpoints {
			units += len(inScopeUnits(b.apps[ep.ApplicationName], r, ep))
			eps[i] = jujudoc.RelationEndpointDoc{ApplicationName: ep.ApplicationName, Relation: jujudoc.CharmRelation{
				Name: ep.Name, Role: ep.Role, Interface: ep.Interface, Optional: ep.Optional, Limit: int(i32(ep.Limit)), Scope: ep.Scope,
			}}
		}
		what := fmt.Sprintf("relation %d", r.ID)
		b.addTyped(jujudb.Relations, key, what, &jujudoc.RelationDoc{
			Key: key, ID: i32(r.ID), Endpoints: eps, Life: int32(jujudb.Alive), UnitCount: i32(units),
			Suspended: r.Suspended, SuspendedReason: r.SuspendedReason,
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
				b.addTyped(jujudb.RelationScopes, k, what, &jujudoc.RelationScopeDoc{Key: k})
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
		b.addTyped(jujudb.RemoteEntities, id, fmt.Sprintf("remote entity %q", re.ID), &jujudoc.RemoteEntityDoc{Token: re.Token, Macaroon: re.Macaroon})
	}
	for _, c := range m.ExternalControllers {
		d := b.globalDoc(jujudb.ExternalControllers, fmt.Sprintf("external controller %q", c.ID), &jujudoc.ExternalControllerDoc{
			DocID: c.ID, Alias: c.Alias, Addrs: c.Addrs, CACert: c.CACert, Models: c.Models})
		if d != nil {
			b.extCtrl = append(b.extCtrl, Step{Kind: ExternalController, Collection: jujudb.ExternalControllers, Global: true, ID: c.ID, Doc: d, Models: c.Models})
		}
	}
	for _, rn := range m.RelationNetworks {
		b.addTyped(jujudb.RelationNetworks, rn.ID, fmt.Sprintf("relation network %q", rn.ID), &jujudoc.RelationNetworksDoc{RelationKey: rn.RelationKey, CIDRs: rn.CIDRs})
	}
	for _, oc := range m.OfferConnections {
		b.addTyped(jujudb.ApplicationOfferConnections, strconv.Itoa(oc.RelationID), fmt.Sprintf("offer connection %d", oc.RelationID), &jujudoc.OfferConnectionDoc{
			RelationID: i32(oc.RelationID), RelationKey: oc.RelationKey, OfferUUID: oc.OfferUUID,
			UserName: oc.UserName, SourceModelUUID: oc.SourceModelUUID,
		})
	}
}

// --- storage

func planInfoDoc(p description.VolumePlanInfo) jujudoc.VolumeAttachmentPlanInfo {
	return jujudoc.VolumeAttachmentPlanInfo{DeviceType: p.DeviceType, DeviceAttributes: stringDoc(p.DeviceAttributes, false)}
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
		what := fmt.Sprintf("storage %q", s.ID)
		doc := &jujudoc.StorageInstanceDoc{
			ID: s.ID, Kind: int32(jujudb.ParseStorageKind(s.Kind)), Life: int32(jujudb.Alive), Owner: s.Owner,
			StorageName: s.Name, AttachmentCount: i32(len(s.Attachments)),
		}
		if c := s.Constraints; c != nil {
			doc.Constraints = &jujudoc.StorageInstanceConstraints{Pool: c.Pool, Size: u64(c.Size)}
		}
		b.addTyped(jujudb.StorageInstances, s.ID, what, doc)
		for _, unit := range s.Attachments {
			b.addTyped(jujudb.StorageAttachments, jujudb.StorageAttachmentKey(unit, s.ID), what,
				&jujudoc.StorageAttachmentDoc{Unit: unit, StorageID: s.ID, Life: int32(jujudb.Alive)})
		}
	}
	for _, v := range m.Volumes {
		what := fmt.Sprintf("volume %q", v.ID)
		doc := &jujudoc.VolumeDoc{Name: v.ID, Life: int32(jujudb.Alive), StorageID: v.StorageID, AttachmentCount: i32(len(v.Attachments))}
		if v.Provisioned {
			doc.Info = &jujudoc.VolumeInfo{
				HardwareID: v.HardwareID, WWN: v.WWN, Size: u64(v.Size), Pool: v.Pool, VolumeID: v.VolumeID, Persistent: v.Persistent,
			}
		} else {
			doc.Params = &jujudoc.VolumeParams{Pool: v.Pool, Size: u64(v.Size)}
		}
		b.addTyped(jujudb.Volumes, v.ID, what, doc)
		b.statusDoc(jujudb.VolumeKey(v.ID), v.Status)
		b.historyDocs(jujudb.VolumeKey(v.ID), v.StatusHistory)
		for _, a := range v.Attachments {
			doc := &jujudoc.VolumeAttachmentDoc{Volume: v.ID, Host: a.HostID, Life: int32(jujudb.Alive)}
			if a.Provisioned {
				doc.Info = &jujudoc.VolumeAttachmentInfo{
					DeviceName: a.DeviceName, DeviceLink: a.DeviceLink, BusAddress: a.BusAddress, ReadOnly: a.ReadOnly,
				}
				if a.PlanInfo.DeviceType != "" || len(a.PlanInfo.DeviceAttributes) > 0 {
					p := planInfoDoc(a.PlanInfo)
					doc.Info.PlanInfo = &p
				}
			} else {
				doc.Params = &jujudoc.VolumeAttachmentParams{ReadOnly: a.ReadOnly}
			}
			b.addTyped(jujudb.VolumeAttachments, a.HostID+":"+v.ID, what, doc)
		}
		for _, p := range v.AttachmentPlans {
			doc := &jujudoc.VolumeAttachmentPlanDoc{Volume: v.ID, Machine: p.MachineID, Life: int32(jujudb.Alive), PlanInfo: planInfoDoc(p.PlanInfo)}
			if p.BlockDevice != nil {
				bd := blockDeviceDoc(p.BlockDevice)
				doc.BlockDevice = &bd
			}
			b.addTyped(jujudb.VolumeAttachmentPlan, p.MachineID+":"+v.ID, what, doc)
		}
	}
	for _, fs := range m.Filesystems {
		what := fmt.Sprintf("filesystem %q", fs.ID)
		doc := &jujudoc.FilesystemDoc{
			FilesystemID: fs.ID, Life: int32(jujudb.Alive), StorageID: fs.StorageID, VolumeID: fs.VolumeID,
			AttachmentCount: i32(len(fs.Attachments)),
		}
		if fs.Provisioned {
			doc.Info = &jujudoc.FilesystemInfo{Size: u64(fs.Size), Pool: fs.Pool, FilesystemID: fs.FilesystemID}
		} else {
			doc.Params = &jujudoc.FilesystemParams{Pool: fs.Pool, Size: u64(fs.Size)}
		}
		b.addTyped(jujudb.Filesystems, fs.ID, what, doc)
		b.statusDoc(jujudb.FilesystemKey(fs.ID), fs.Status)
		b.historyDocs(jujudb.FilesystemKey(fs.ID), fs.StatusHistory)
		for _, a := range fs.Attachments {
			doc := &jujudoc.FilesystemAttachmentDoc{Filesystem: fs.ID, Host: a.HostID, Life: int32(jujudb.Alive)}
			if a.Provisioned {
				doc.Info = &jujudoc.FilesystemAttachmentInfo{MountPoint: a.MountPoint, ReadOnly: a.ReadOnly}
			} else {
				doc.Params = &jujudoc.FilesystemAttachmentParams{Location: a.MountPoint, ReadOnly: a.ReadOnly}
			}
			b.addTyped(jujudb.FilesystemAttachments, a.HostID+":"+fs.ID, what, doc)
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
		var latestExpire *bson.DateTime // null unless the latest revision expires
		revs := append([]*description.SecretRevision(nil), s.Revisions...)
		sort.SliceStable(revs, func(i, j int) bool { return revs[i].Number < revs[j].Number })
		for _, r := range revs {
			if r.Number >= latest {
				latest = r.Number
				latestExpire = nil
				if r.ExpireTime != nil {
					t := dt(*r.ExpireTime)
					latestExpire = &t
				}
			}
		}
		what := fmt.Sprintf("secret %q", s.ID)
		// LatestRevisionChecksum is left out when unknown (omitempty), as
		// older controllers have no such field.
		b.addTyped(jujudb.SecretMetadata, s.ID, what, &jujudoc.SecretMetadataDoc{
			Version: i32(s.Version), OwnerTag: s.Owner, Description: s.Description, Label: s.Label,
			LatestRevision: i32(latest), LatestExpire: latestExpire, RotatePolicy: s.RotatePolicy, AutoPrune: s.AutoPrune,
			CreateTime: dt(s.Created), UpdateTime: dt(s.Updated), LatestRevisionChecksum: s.LatestRevisionChecksum,
		})
		if s.NextRotateTime != nil {
			b.addTyped(jujudb.SecretRotate, s.ID, what, &jujudoc.SecretRotationDoc{NextRotateTime: dt(*s.NextRotateTime), OwnerTag: s.Owner})
		}
		for _, r := range revs {
			doc := &jujudoc.SecretRevisionDoc{
				Revision: i32(r.Number), CreateTime: dt(r.Created), UpdateTime: dt(r.Updated),
				Obsolete: r.Obsolete, PendingDelete: r.PendingDelete, OwnerTag: s.Owner,
			}
			if r.ExpireTime != nil {
				t := dt(*r.ExpireTime)
				doc.ExpireTime = &t
			}
			if len(r.Content) > 0 {
				doc.Data = stringDoc(r.Content, true)
			}
			if ref := r.ValueRef; ref != nil {
				doc.ValueRef = &jujudoc.SecretValueRef{BackendID: ref.BackendID, RevisionID: ref.RevisionID}
				if !internal[ref.BackendID] {
					b.backendRef[ref.BackendID]++
				}
			}
			b.addTyped(jujudb.SecretRevisions, s.ID+"/"+strconv.Itoa(r.Number), what, doc)
		}
		for _, subject := range sortedKeys(s.ACL) {
			a := s.ACL[subject]
			b.addTyped(jujudb.SecretPermissions, s.ID+"#"+subject, what, &jujudoc.SecretPermissionDoc{Scope: a.Scope, Subject: subject, Role: a.Role})
		}
		for _, c := range s.Consumers {
			b.addTyped(jujudb.SecretConsumers, s.ID+"#"+c.Consumer, what, &jujudoc.SecretConsumerDoc{
				ConsumerTag: c.Consumer, Label: c.Label, CurrentRevision: i32(c.CurrentRevision), LatestRevision: i32(latest),
			})
		}
		for _, c := range s.RemoteConsumers {
			b.addTyped(jujudb.SecretRemoteConsumers, s.ID+"#"+c.Consumer, what, &jujudoc.SecretRemoteConsumerDoc{
				ConsumerTag: c.Consumer, CurrentRevision: i32(c.CurrentRevision), LatestRevision: i32(latest),
			})
		}
	}
	for _, r := range b.m.RemoteSecrets {
		b.addTyped(jujudb.SecretConsumers, r.SourceUUID+"/"+r.ID+"#"+r.Consumer, fmt.Sprintf("remote secret %q", r.ID), &jujudoc.SecretConsumerDoc{
			ConsumerTag: r.Consumer, Label: r.Label, CurrentRevision: i32(r.CurrentRevision), LatestRevision: i32(r.LatestRevision),
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
