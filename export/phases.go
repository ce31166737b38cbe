package export

import (
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/modelferry/ferry/internal/jujudb"
)

// phase1 lists the reads of model-scoped collections (and the global image
// metadata) that the export's kinds need. None depends on another, so they
// run concurrently.
func (x *exporter) phase1() []read {
	k := x.kinds
	var rs []read
	add := func(coll string, walk func(d *dec)) {
		rs = append(rs, read{coll: coll, filter: x.modelFilter(), each: decodeEach(coll, walk)})
	}
	if k&^(Model|Users|Secrets) == 0 {
		// None of these kinds has statuses of its own: only the model's,
		// by _id, as the model config below (a migration's precheck reads
		// the model's top level so).
		rs = append(rs, read{coll: jujudb.Statuses, filter: bson.D{{Key: "_id", Value: jujudb.DocID(x.uuid, jujudb.ModelKey)}},
			each: decodeEach(jujudb.Statuses, x.decodeStatus)})
	} else {
		add(jujudb.Statuses, x.decodeStatus)
	}
	if k.has(StatusHistory) {
		add(jujudb.StatusesHistory, x.decodeHistory)
	}
	configID := jujudb.DocID(x.uuid, jujudb.ModelKey)
	isConfig := func(raw bson.Raw) bool {
		v, err := raw.LookupErr("_id")
		return err == nil && v.Type == bson.TypeString && v.StringValue() == configID
	}
	if k.has(Settings | Storage) {
		rs = append(rs, read{coll: jujudb.Settings, filter: x.modelFilter(), each: decodeEach(jujudb.Settings, x.decodeSettings), rawKeep: isConfig})
	} else {
		// Only the model config: one document, by _id.
		rs = append(rs, read{coll: jujudb.Settings,
			// By _id alone: the _id carries the model, and a filter on _id
			// alone is one a server answers from its index (FerretDB scans
			// the whole collection for any other filter).
			filter: bson.D{{Key: "_id", Value: configID}},
			each:   decodeEach(jujudb.Settings, x.decodeSettings), rawKeep: isConfig})
	}
	if k.has(Annotations) {
		add(jujudb.Annotations, x.decodeAnnotations)
	}
	if k.has(Constraints) {
		add(jujudb.Constraints, x.decodeConstraints)
	}
	if k.has(Model) {
		add(jujudb.Blocks, x.decodeBlock)
		add(jujudb.Sequence, x.decodeSequence)
	}
	if k.has(Users) {
		rs = append(rs, read{coll: jujudb.ModelUsers, filter: x.modelFilter(), each: decodeEach(jujudb.ModelUsers, x.decodeModelUser), keepInRaw: true})
		add(jujudb.ModelUserLastConnection, x.decodeLastConnection)
	}
	if k.has(Machines) {
		add(jujudb.Machines, x.decodeMachine)
		add(jujudb.InstanceData, x.decodeInstance)
		add(jujudb.BlockDevices, x.decodeBlockDevices)
	}
	if k.has(Machines | Applications) {
		add(jujudb.OpenedPorts, x.decodeOpenedPorts)
	}
	if k.has(SSHHostKeys) {
		add(jujudb.SSHHostKeys, x.decodeSSHHostKeys)
		add(jujudb.VirtualHostKeys, x.decodeVirtualHostKey)
	}
	if k.has(Applications) {
		add(jujudb.Applications, x.decodeApplication)
		add(jujudb.Charms, x.decodeCharm)
		add(jujudb.EndpointBindings, x.decodeBindings)
		add(jujudb.StorageConstraints, x.decodeStorageConstraints)
		if x.model.typ == "caas" {
			add(jujudb.PodSpecs, x.decodePodSpec)
			add(jujudb.CloudServices, x.decodeCloudService)
		}
	}
	if k.has(Units) {
		add(jujudb.Units, x.decodeUnit)
		add(jujudb.MeterStatus, x.decodeMeterStatus)
		if x.model.typ == "caas" {
			add(jujudb.CloudContainers, x.decodeCloudContainer)
		}
	}
	if k.has(UnitState) {
		add(jujudb.UnitStates, x.decodeUnitState)
	}
	if k.has(Payloads) {
		add(jujudb.Payloads, x.decodePayload)
	}
	if k.has(Resources) {
		add(jujudb.Resources, x.decodeResource)
	}
	if k.has(Offers) {
		rs = append(rs, read{coll: jujudb.ApplicationOffers, filter: x.modelFilter(), each: decodeEach(jujudb.ApplicationOffers, x.decodeOffer), keepInRaw: true})
	}
	if k.has(RemoteApplications) {
		rs = append(rs, read{coll: jujudb.RemoteApplications, filter: x.modelFilter(), each: decodeEach(jujudb.RemoteApplications, x.decodeRemoteApplication), keepInRaw: true})
	}
	if k.has(Relations) {
		add(jujudb.Relations, x.decodeRelation)
		if k.has(Settings) {
			add(jujudb.RelationScopes, x.decodeRelationScope)
		}
	}
	if k.has(CrossModel) {
		add(jujudb.RemoteEntities, x.decodeRemoteEntity)
		add(jujudb.ApplicationOfferConnections, x.decodeOfferConnection)
		add(jujudb.RelationNetworks, x.decodeRelationNetwork)
	}
	if k.has(Network) {
		add(jujudb.Spaces, x.decodeSpace)
		add(jujudb.Subnets, x.decodeSubnet)
		add(jujudb.IPAddresses, x.decodeIPAddress)
		add(jujudb.LinkLayerDevices, x.decodeLinkLayerDevice)
	}
	if k.has(Actions) {
		add(jujudb.Actions, x.decodeAction)
		add(jujudb.Operations, x.decodeOperation)
	}
	if k.has(CloudImageMetadata) {
		// Global, and read whole as Juju's exporter reads it (ref §6.39).
		rs = append(rs, read{coll: jujudb.CloudImageMetadata, filter: bson.D{}, each: decodeEach(jujudb.CloudImageMetadata, x.decodeImage)})
	}
	if k.has(Storage) {
		add(jujudb.Volumes, x.decodeVolume)
		add(jujudb.VolumeAttachments, x.decodeVolumeAttachment)
		add(jujudb.VolumeAttachmentPlan, x.decodeVolumePlan)
		add(jujudb.Filesystems, x.decodeFilesystem)
		add(jujudb.FilesystemAttachments, x.decodeFilesystemAttachment)
		add(jujudb.StorageInstances, x.decodeStorageInstance)
		add(jujudb.StorageAttachments, x.decodeStorageAttachment)
	}
	if k.has(Secrets) {
		add(jujudb.SecretMetadata, x.decodeSecret)
		add(jujudb.SecretRevisions, x.decodeSecretRevision)
		add(jujudb.SecretPermissions, x.decodeSecretPermission)
		add(jujudb.SecretConsumers, x.decodeSecretConsumer)
		add(jujudb.SecretRemoteConsumers, x.decodeSecretRemoteConsumer)
		add(jujudb.SecretRotate, x.decodeSecretRotate)
	}
	return rs
}

// phase2 lists the reads of global documents whose keys phase one found:
// each is still one query, whatever the model's size.
func (x *exporter) phase2() []read {
	k := x.kinds
	var rs []read
	if k.has(Users) {
		var local []string
		for _, u := range x.modelUsers {
			if !strings.Contains(u.user, "@") {
				local = append(local, strings.ToLower(u.user))
			}
		}
		rs = append(rs, read{coll: jujudb.Users, filter: bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: nonNil(local)}}}},
			each: decodeEach(jujudb.Users, x.decodeUser)})
	}
	if k.has(Users | Offers) {
		var objects []string
		if k.has(Users) {
			objects = append(objects, jujudb.ModelObjectKey(x.uuid))
		}
		if k.has(Offers) {
			for _, o := range x.offers {
				objects = append(objects, jujudb.OfferObjectKey(o.o.OfferUUID))
			}
		}
		rs = append(rs, read{coll: jujudb.Permissions, filter: bson.D{{Key: "object-global-key", Value: bson.D{{Key: "$in", Value: objects}}}},
			each: decodeEach(jujudb.Permissions, x.decodePermission)})
	}
	if k.has(Model) && x.model.credential != "" {
		parts := strings.Split(x.model.credential, "/")
		rs = append(rs, read{coll: jujudb.CloudCredentials, filter: bson.D{{Key: "_id", Value: strings.Join(parts, "#")}},
			each: decodeEach(jujudb.CloudCredentials, x.decodeCredential)})
	}
	if k.has(Secrets) {
		if name := x.secretBackendName(); name != "" {
			rs = append(rs, read{coll: jujudb.SecretBackends, filter: bson.D{{Key: "name", Value: name}},
				each: decodeEach(jujudb.SecretBackends, x.decodeSecretBackend)})
		}
	}
	if k.has(CrossModel) {
		var sources []string
		seen := map[string]bool{}
		for _, r := range x.remoteApps {
			if s := r.r.SourceModelUUID; s != "" && !seen[s] {
				seen[s] = true
				sources = append(sources, s)
			}
		}
		rs = append(rs, read{coll: jujudb.ExternalControllers, filter: bson.D{{Key: "models", Value: bson.D{{Key: "$in", Value: nonNil(sources)}}}},
			each: decodeEach(jujudb.ExternalControllers, x.decodeExternalController)})
	}
	return rs
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// secretBackendName is the model's configured secret backend, "" for the
// built-in ones whose id the description leaves empty (ref §6.1).
func (x *exporter) secretBackendName() string {
	return backendName(x.settings[jujudb.ModelKey])
}

func backendName(cfg map[string]any) string {
	name, _ := cfg["secret-backend"].(string)
	switch name {
	case "", "auto", "internal":
		return ""
	}
	return name
}
