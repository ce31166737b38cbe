package controllertest

import (
	"strconv"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/description"
)

func (d *Docs) remote(m *description.Model) {
	for _, r := range m.RemoteApplications {
		eps := bson.A{}
		for _, e := range r.Endpoints {
			eps = append(eps, bson.D{{Key: "name", Value: e.Name}, {Key: "role", Value: e.Role}, {Key: "interface", Value: e.Interface},
				{Key: "limit", Value: int32(0)}, {Key: "scope", Value: "global"}})
		}
		spaces := bson.A{}
		for _, s := range r.Spaces {
			subnets := bson.A{}
			for _, sn := range s.Subnets {
				subnets = append(subnets, bson.D{{Key: "cidr", Value: sn.CIDR}, {Key: "provider-id", Value: sn.ProviderID},
					{Key: "vlan-tag", Value: int32(sn.VLANTag)}, {Key: "availability-zones", Value: strs(sn.AvailabilityZones)},
					{Key: "provider-space-id", Value: sn.ProviderSpaceID}, {Key: "provider-network-id", Value: sn.ProviderNetworkID}})
			}
			attrs := bson.D{}
			if s.ProviderAttributes != nil {
				attrs = escMap(s.ProviderAttributes)
			}
			spaces = append(spaces, bson.D{{Key: "cloud-type", Value: s.CloudType}, {Key: "name", Value: s.Name},
				{Key: "provider-id", Value: s.ProviderID}, {Key: "provider-attributes", Value: attrs}, {Key: "subnets", Value: subnets}})
		}
		doc := bson.D{{Key: "name", Value: r.Name}, {Key: "offer-uuid", Value: r.OfferUUID}}
		if r.URL != "" {
			doc = append(doc, bson.E{Key: "url", Value: r.URL})
		}
		doc = append(doc,
			bson.E{Key: "source-controller-uuid", Value: ""},
			bson.E{Key: "source-model-uuid", Value: r.SourceModelUUID},
			bson.E{Key: "endpoints", Value: eps}, bson.E{Key: "spaces", Value: spaces},
			bson.E{Key: "bindings", Value: strMap(r.Bindings, true)},
			bson.E{Key: "life", Value: int32(0)}, bson.E{Key: "relationcount", Value: int32(0)},
			bson.E{Key: "is-consumer-proxy", Value: r.IsConsumerProxy},
			bson.E{Key: "version", Value: int32(r.ConsumeVersion)},
		)
		if r.Macaroon != "" {
			doc = append(doc, bson.E{Key: "macaroon", Value: r.Macaroon})
		}
		d.local("remoteApplications", r.Name, doc)
		if r.Status != nil {
			d.status("c#"+r.Name, r.Status, nil)
		}
	}
	for _, e := range m.RemoteEntities {
		doc := bson.D{{Key: "token", Value: e.Token}}
		if e.Macaroon != "" {
			doc = append(doc, bson.E{Key: "macaroon", Value: e.Macaroon})
		}
		d.local("remoteEntities", e.ID, doc)
	}
	for _, o := range m.OfferConnections {
		d.local("applicationOfferConnections", strconv.Itoa(o.RelationID), bson.D{
			{Key: "relation-id", Value: int32(o.RelationID)}, {Key: "relation-key", Value: o.RelationKey},
			{Key: "offer-uuid", Value: o.OfferUUID}, {Key: "username", Value: o.UserName}, {Key: "source-model-uuid", Value: o.SourceModelUUID},
		})
	}
	for _, n := range m.RelationNetworks {
		// The description's id is the full _id (ref §6.31).
		d.add("relationNetworks", bson.D{{Key: "_id", Value: n.ID}, {Key: "model-uuid", Value: d.uuid},
			{Key: "relation-key", Value: n.RelationKey}, {Key: "cidrs", Value: strs(n.CIDRs)}, {Key: "txn-revno", Value: int32(2)}})
	}
	for _, c := range m.ExternalControllers {
		d.global("externalControllers", c.ID, bson.D{{Key: "alias", Value: c.Alias}, {Key: "addresses", Value: strs(c.Addrs)},
			{Key: "cacert", Value: c.CACert}, {Key: "models", Value: strs(c.Models)}})
	}
}

func (d *Docs) relations(m *description.Model) {
	units := map[string]*description.Unit{}
	unitApp := map[string]string{}
	apps := map[string]*description.Application{}
	for _, a := range m.Applications {
		apps[a.Name] = a
		for _, u := range a.Units {
			units[u.Name] = u
			unitApp[u.Name] = a.Name
		}
	}
	for _, r := range m.Relations {
		eps := bson.A{}
		unitCount := 0
		for _, ep := range r.Endpoints {
			eps = append(eps, bson.D{{Key: "applicationname", Value: ep.ApplicationName}, {Key: "relation", Value: bson.D{
				{Key: "name", Value: ep.Name}, {Key: "role", Value: ep.Role}, {Key: "interface", Value: ep.Interface},
				{Key: "optional", Value: ep.Optional}, {Key: "limit", Value: int32(ep.Limit)}, {Key: "scope", Value: ep.Scope},
			}}})
			unitCount += len(ep.UnitSettings)
		}
		id := strconv.Itoa(r.ID)
		d.local("relations", r.Key, bson.D{{Key: "key", Value: r.Key}, {Key: "id", Value: int32(r.ID)}, {Key: "endpoints", Value: eps},
			{Key: "life", Value: int32(0)}, {Key: "unitcount", Value: int32(unitCount)},
			{Key: "suspended", Value: r.Suspended}, {Key: "suspended-reason", Value: r.SuspendedReason}})
		if r.Status != nil {
			d.status("r#"+id, r.Status, nil)
		}
		for _, ep := range r.Endpoints {
			d.settings("r#"+id+"#"+ep.ApplicationName, orEmpty(ep.ApplicationSettings))
			for _, un := range sortedKeys(ep.UnitSettings) {
				key := "r#" + id + "#"
				if ep.Scope == "container" {
					principal := un
					if u := units[un]; u != nil && u.Principal != "" {
						principal = u.Principal
					}
					key += principal + "#"
				}
				key += ep.Role + "#" + un
				d.local("relationscopes", key, bson.D{{Key: "key", Value: key}, {Key: "departing", Value: false}})
				d.settings(key, orEmpty(ep.UnitSettings[un]))
			}
		}
	}
}

func (d *Docs) network(m *description.Model) {
	// Every model has the alpha space, which is never exported (ref §6.32).
	d.local("spaces", "0", bson.D{{Key: "spaceid", Value: "0"}, {Key: "life", Value: int32(0)}, {Key: "name", Value: "alpha"}, {Key: "is-public", Value: true}})
	for _, s := range m.Spaces {
		doc := bson.D{{Key: "spaceid", Value: s.ID}, {Key: "life", Value: int32(0)}, {Key: "name", Value: s.Name}, {Key: "is-public", Value: s.Public}}
		if s.ProviderID != "" {
			doc = append(doc, bson.E{Key: "providerid", Value: s.ProviderID})
		}
		d.local("spaces", s.ID, doc)
	}
	for _, s := range m.Subnets {
		doc := bson.D{{Key: "subnet-id", Value: s.ID}, {Key: "life", Value: int32(0)}}
		for _, f := range []struct{ k, v string }{{"providerid", s.ProviderID}, {"provider-network-id", s.ProviderNetworkID}} {
			if f.v != "" {
				doc = append(doc, bson.E{Key: f.k, Value: f.v})
			}
		}
		doc = append(doc, bson.E{Key: "cidr", Value: s.CIDR})
		if s.VLANTag != 0 {
			doc = append(doc, bson.E{Key: "vlantag", Value: int32(s.VLANTag)})
		}
		if s.AvailabilityZones != nil {
			doc = append(doc, bson.E{Key: "availability-zones", Value: strs(s.AvailabilityZones)})
		}
		if s.IsPublic {
			doc = append(doc, bson.E{Key: "is-public", Value: true})
		}
		for _, f := range []struct{ k, v string }{{"space-id", s.SpaceID}, {"fan-local-underlay", s.FanLocalUnderlay}, {"fan-overlay", s.FanOverlay}} {
			if f.v != "" {
				doc = append(doc, bson.E{Key: f.k, Value: f.v})
			}
		}
		d.local("subnets", s.ID, doc)
	}
	for _, l := range m.LinkLayerDevices {
		doc := bson.D{{Key: "name", Value: l.Name}, {Key: "mtu", Value: int32(l.MTU)}}
		if l.ProviderID != "" {
			doc = append(doc, bson.E{Key: "providerid", Value: l.ProviderID})
		}
		doc = append(doc,
			bson.E{Key: "machine-id", Value: l.MachineID}, bson.E{Key: "type", Value: l.Type},
			bson.E{Key: "mac-address", Value: l.MACAddress}, bson.E{Key: "is-auto-start", Value: l.IsAutoStart},
			bson.E{Key: "is-up", Value: l.IsUp}, bson.E{Key: "parent-name", Value: l.ParentName},
			bson.E{Key: "virtual-port-type", Value: l.VirtualPortType},
		)
		d.local("linklayerdevices", "m#"+l.MachineID+"#d#"+l.Name, doc)
	}
	for _, a := range m.IPAddresses {
		doc := bson.D{}
		if a.ProviderID != "" {
			doc = append(doc, bson.E{Key: "providerid", Value: a.ProviderID})
		}
		doc = append(doc,
			bson.E{Key: "provider-network-id", Value: a.ProviderNetworkID}, bson.E{Key: "provider-subnet-id", Value: a.ProviderSubnetID},
			bson.E{Key: "device-name", Value: a.DeviceName}, bson.E{Key: "machine-id", Value: a.MachineID},
			bson.E{Key: "subnet-cidr", Value: a.SubnetCIDR}, bson.E{Key: "config-method", Value: a.ConfigMethod},
			bson.E{Key: "value", Value: a.Value}, bson.E{Key: "dns-servers", Value: strs(a.DNSServers)},
			bson.E{Key: "dns-search-domains", Value: strs(a.DNSSearchDomains)}, bson.E{Key: "gateway-address", Value: a.GatewayAddress},
			bson.E{Key: "origin", Value: a.Origin},
		)
		for _, f := range []struct {
			k string
			v bool
		}{{"is-default-gateway", a.IsDefaultGateway}, {"is-shadow", a.IsShadow}, {"is-secondary", a.IsSecondary}} {
			if f.v {
				doc = append(doc, bson.E{Key: f.k, Value: true})
			}
		}
		d.local("ip.addresses", "m#"+a.MachineID+"#d#"+a.DeviceName+"#ip#"+a.Value, doc)
	}
}

func (d *Docs) misc(m *description.Model) {
	for _, k := range m.SSHHostKeys {
		d.local("sshhostkeys", "m#"+k.MachineID, bson.D{{Key: "keys", Value: strs(k.Keys)}})
	}
	for _, k := range m.VirtualHostKeys {
		// Juju 3.6's virtualHostKeys: the key as binary.
		d.local("virtualHostKeys", k.ID, bson.D{{Key: "hostkey", Value: bson.Binary{Data: k.HostKey}}})
	}
	for _, a := range m.Actions {
		msgs := bson.A{}
		for _, l := range a.Logs {
			msgs = append(msgs, bson.D{{Key: "message", Value: l.Message}, {Key: "timestamp", Value: dt(l.Timestamp)}})
		}
		doc := bson.D{{Key: "receiver", Value: a.Receiver}, {Key: "name", Value: a.Name}, {Key: "parameters", Value: plainMap(a.Parameters)}}
		if a.Parallel {
			doc = append(doc, bson.E{Key: "parallel", Value: true})
		}
		if a.ExecutionGroup != "" {
			doc = append(doc, bson.E{Key: "execution-group", Value: a.ExecutionGroup})
		}
		doc = append(doc,
			bson.E{Key: "enqueued", Value: dt(a.Enqueued)}, bson.E{Key: "started", Value: dt(deref(a.Started))},
			bson.E{Key: "completed", Value: dt(deref(a.Completed))}, bson.E{Key: "operation", Value: a.Operation},
			bson.E{Key: "status", Value: a.Status}, bson.E{Key: "message", Value: a.Message},
			bson.E{Key: "results", Value: plainMap(a.Results)}, bson.E{Key: "messages", Value: msgs},
		)
		d.local("actions", a.ID, doc)
	}
	for _, o := range m.Operations {
		d.local("operations", o.ID, bson.D{
			{Key: "summary", Value: o.Summary}, {Key: "fail", Value: o.Fail},
			{Key: "enqueued", Value: dt(o.Enqueued)}, {Key: "started", Value: dt(deref(o.Started))}, {Key: "completed", Value: dt(deref(o.Completed))},
			{Key: "complete-task-count", Value: int32(o.CompleteTaskCount)}, {Key: "status", Value: o.Status},
			{Key: "spawned-task-count", Value: int32(o.SpawnedTaskCount)},
		})
	}
	for _, c := range m.CloudImageMetadata {
		id := strings.Join([]string{c.Stream, c.Region, c.Version, c.Arch, c.VirtType, c.RootStorageType, c.Source}, ":")
		doc := bson.D{{Key: "expire-at", Value: dtPtr(c.ExpireAt)}, {Key: "image_id", Value: c.ImageID}, {Key: "stream", Value: c.Stream},
			{Key: "region", Value: c.Region}, {Key: "version", Value: c.Version}, {Key: "arch", Value: c.Arch},
			{Key: "virt_type", Value: c.VirtType}, {Key: "root_storage_type", Value: c.RootStorageType}}
		if c.RootStorageSize != nil {
			doc = append(doc, bson.E{Key: "root_storage_size", Value: int64(*c.RootStorageSize)})
		}
		doc = append(doc, bson.E{Key: "date_created", Value: c.DateCreated}, bson.E{Key: "source", Value: c.Source}, bson.E{Key: "priority", Value: int32(c.Priority)})
		d.global("cloudimagemetadata", id, doc)
	}
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func planInfo(p description.VolumePlanInfo) bson.D {
	return bson.D{{Key: "device-type", Value: p.DeviceType}, {Key: "device-attributes", Value: strMap(p.DeviceAttributes, false)}}
}

func (d *Docs) storage(m *description.Model) {
	for _, v := range m.Volumes {
		doc := bson.D{{Key: "name", Value: v.ID}, {Key: "life", Value: int32(0)}}
		if v.StorageID != "" {
			doc = append(doc, bson.E{Key: "storageid", Value: v.StorageID})
		}
		doc = append(doc, bson.E{Key: "attachmentcount", Value: int32(len(v.Attachments))})
		if v.Provisioned {
			doc = append(doc, bson.E{Key: "info", Value: bson.D{{Key: "hardwareid", Value: v.HardwareID}, {Key: "wwn", Value: v.WWN},
				{Key: "size", Value: int64(v.Size)}, {Key: "pool", Value: v.Pool}, {Key: "volumeid", Value: v.VolumeID}, {Key: "persistent", Value: v.Persistent}}})
		} else {
			doc = append(doc, bson.E{Key: "params", Value: bson.D{{Key: "pool", Value: v.Pool}, {Key: "size", Value: int64(v.Size)}}})
		}
		d.local("volumes", v.ID, doc)
		d.status("v#"+v.ID, v.Status, v.StatusHistory)
		for _, a := range v.Attachments {
			doc := bson.D{{Key: "volumeid", Value: v.ID}, {Key: "hostid", Value: a.HostID}, {Key: "life", Value: int32(0)}}
			if a.Provisioned {
				doc = append(doc, bson.E{Key: "info", Value: bson.D{{Key: "devicename", Value: a.DeviceName}, {Key: "devicelink", Value: a.DeviceLink},
					{Key: "busaddress", Value: a.BusAddress}, {Key: "read-only", Value: a.ReadOnly}, {Key: "plan-info", Value: planInfo(a.PlanInfo)}}})
			} else {
				doc = append(doc, bson.E{Key: "params", Value: bson.D{{Key: "read-only", Value: a.ReadOnly}}})
			}
			d.local("volumeattachments", a.HostID+":"+v.ID, doc)
		}
		for _, p := range v.AttachmentPlans {
			doc := bson.D{{Key: "volumeid", Value: v.ID}, {Key: "machineid", Value: p.MachineID}, {Key: "life", Value: int32(0)},
				{Key: "plan-info", Value: planInfo(p.PlanInfo)}}
			if p.BlockDevice != nil {
				doc = append(doc, bson.E{Key: "block-device", Value: blockDevice(*p.BlockDevice)})
			}
			d.local("volumeattachmentplan", p.MachineID+":"+v.ID, doc)
		}
	}
	for _, f := range m.Filesystems {
		doc := bson.D{{Key: "filesystemid", Value: f.ID}, {Key: "life", Value: int32(0)}}
		if f.StorageID != "" {
			doc = append(doc, bson.E{Key: "storageid", Value: f.StorageID})
		}
		if f.VolumeID != "" {
			doc = append(doc, bson.E{Key: "volumeid", Value: f.VolumeID})
		}
		doc = append(doc, bson.E{Key: "attachmentcount", Value: int32(len(f.Attachments))})
		if f.Provisioned {
			doc = append(doc, bson.E{Key: "info", Value: bson.D{{Key: "size", Value: int64(f.Size)}, {Key: "pool", Value: f.Pool}, {Key: "filesystemid", Value: f.FilesystemID}}})
		} else {
			doc = append(doc, bson.E{Key: "params", Value: bson.D{{Key: "pool", Value: f.Pool}, {Key: "size", Value: int64(f.Size)}}})
		}
		d.local("filesystems", f.ID, doc)
		d.status("f#"+f.ID, f.Status, f.StatusHistory)
		for _, a := range f.Attachments {
			doc := bson.D{{Key: "filesystemid", Value: f.ID}, {Key: "hostid", Value: a.HostID}, {Key: "life", Value: int32(0)}}
			if a.Provisioned {
				doc = append(doc, bson.E{Key: "info", Value: bson.D{{Key: "mountpoint", Value: a.MountPoint}, {Key: "read-only", Value: a.ReadOnly}}})
			} else {
				doc = append(doc, bson.E{Key: "params", Value: bson.D{{Key: "location", Value: a.MountPoint}, {Key: "read-only", Value: a.ReadOnly}}})
			}
			d.local("filesystemAttachments", a.HostID+":"+f.ID, doc)
		}
	}
	kinds := map[string]int32{"block": 1, "filesystem": 2}
	for _, s := range m.Storages {
		doc := bson.D{{Key: "id", Value: s.ID}, {Key: "storagekind", Value: kinds[s.Kind]}, {Key: "life", Value: int32(0)}}
		if s.Owner != "" {
			doc = append(doc, bson.E{Key: "owner", Value: s.Owner})
		}
		doc = append(doc, bson.E{Key: "storagename", Value: s.Name}, bson.E{Key: "attachmentcount", Value: int32(len(s.Attachments))})
		if c := s.Constraints; c != nil {
			doc = append(doc, bson.E{Key: "constraints", Value: bson.D{{Key: "pool", Value: c.Pool}, {Key: "size", Value: int64(c.Size)}}})
		}
		d.local("storageinstances", s.ID, doc)
		for _, u := range s.Attachments {
			d.local("storageattachments", "u#"+u+"#charm#"+s.ID, bson.D{{Key: "unitid", Value: u}, {Key: "storageid", Value: s.ID}, {Key: "life", Value: int32(0)}})
		}
	}
	for _, p := range m.StoragePools {
		s := map[string]any{"name": p.Name, "type": p.Provider}
		for k, v := range p.Attributes {
			s[k] = v
		}
		d.settings("pool#"+p.Name, s)
	}
}

func (d *Docs) secrets(m *description.Model) {
	for _, s := range m.Secrets {
		latest := 0
		for _, r := range s.Revisions {
			latest = max(latest, r.Number)
		}
		md := bson.D{
			{Key: "version", Value: int32(s.Version)}, {Key: "owner-tag", Value: s.Owner}, {Key: "description", Value: s.Description},
			{Key: "label", Value: s.Label}, {Key: "latest-revision", Value: int32(latest)}, {Key: "latest-expire-time", Value: nil},
			{Key: "rotate-policy", Value: s.RotatePolicy}, {Key: "create-time", Value: dt(s.Created)}, {Key: "update-time", Value: dt(s.Updated)},
			{Key: "auto-prune", Value: s.AutoPrune},
		}
		if s.LatestRevisionChecksum != "" {
			// Juju 3.6's secretMetadataDoc: latest-revision-checksum.
			md = append(md, bson.E{Key: "latest-revision-checksum", Value: s.LatestRevisionChecksum})
		}
		d.local("secretMetadata", s.ID, md)
		if s.NextRotateTime != nil {
			d.local("secretRotate", s.ID, bson.D{{Key: "next-rotate-time", Value: dt(*s.NextRotateTime)}, {Key: "owner-tag", Value: s.Owner}})
		}
		for _, r := range s.Revisions {
			doc := bson.D{{Key: "revision", Value: int32(r.Number)}, {Key: "create-time", Value: dt(r.Created)}, {Key: "update-time", Value: dt(r.Updated)}}
			if r.ExpireTime != nil {
				doc = append(doc, bson.E{Key: "expire-time", Value: dt(*r.ExpireTime)})
			}
			doc = append(doc, bson.E{Key: "obsolete", Value: r.Obsolete}, bson.E{Key: "data", Value: strMap(r.Content, true)})
			if r.ValueRef != nil {
				doc = append(doc, bson.E{Key: "value-reference", Value: bson.D{{Key: "backend-id", Value: r.ValueRef.BackendID}, {Key: "revision-id", Value: r.ValueRef.RevisionID}}})
			}
			doc = append(doc, bson.E{Key: "pending-delete", Value: r.PendingDelete}, bson.E{Key: "owner-tag", Value: s.Owner})
			d.local("secretRevisions", s.ID+"/"+strconv.Itoa(r.Number), doc)
		}
		for _, subject := range sortedKeys(s.ACL) {
			a := s.ACL[subject]
			d.local("secretPermissions", s.ID+"#"+subject, bson.D{{Key: "scope-tag", Value: a.Scope}, {Key: "subject-tag", Value: subject}, {Key: "role", Value: a.Role}})
		}
		for _, c := range s.Consumers {
			d.local("secretConsumers", s.ID+"#"+c.Consumer, bson.D{{Key: "consumer-tag", Value: c.Consumer}, {Key: "label", Value: c.Label},
				{Key: "current-revision", Value: int32(c.CurrentRevision)}, {Key: "latest-revision", Value: int32(latest)}})
		}
		for _, c := range s.RemoteConsumers {
			// (unsure) A remote consumer's _id is "<secret id>#<consumer tag>";
			// the description's id is written as that local id.
			d.local("secretRemoteConsumers", c.ID, bson.D{{Key: "consumer-tag", Value: c.Consumer},
				{Key: "current-revision", Value: int32(c.CurrentRevision)}, {Key: "latest-revision", Value: int32(latest)}})
		}
	}
	for _, r := range m.RemoteSecrets {
		d.local("secretConsumers", r.SourceUUID+"/"+r.ID+"#"+r.Consumer, bson.D{{Key: "consumer-tag", Value: r.Consumer}, {Key: "label", Value: r.Label},
			{Key: "current-revision", Value: int32(r.CurrentRevision)}, {Key: "latest-revision", Value: int32(r.LatestRevision)}})
	}
}
