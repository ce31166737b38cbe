package description

import "encoding/base64"

// ModelVersion is the newest version of the model document, the one
// LatestTarget writes.
const ModelVersion = 12

func modelField(key string, since int, req bool, typ string, dec func(d *decoder, n *node, m *Model)) field[Model] {
	return field[Model]{key: key, since: since, req: req, typ: typ, dec: dec}
}

// list returns a field decoder reading a wrapper of entities into a slice.
func listField[T any](e *entity[T], coll, listKey string, set func(m *Model, xs []*T)) func(d *decoder, n *node, m *Model) {
	return func(d *decoder, n *node, m *Model) { set(m, readList(d, e, n, coll, listKey)) }
}

var modelFormat = &entity[Model]{
	name: "model", writes: ModelVersion, reads: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, selfVersioned: true,
	refused: map[int]string{
		13: "model v13 and later are written by juju/description's unreleased Juju 4.0 line (its main branch), which no Juju 3.x release reads; ferry does not read them",
	},
	fields: []field[Model]{
		modelField("type", 4, true, "string", func(d *decoder, n *node, m *Model) { m.Type = d.str(n) }),
		modelField("owner", 1, true, "string", func(d *decoder, n *node, m *Model) { m.Owner = d.str(n) }),
		modelField("config", 1, true, "map[string]any", func(d *decoder, n *node, m *Model) {
			m.Config = d.anyMap(n)
			if m.Config == nil {
				m.Config = map[string]any{}
			}
		}),
		modelField("blocks", 1, false, "map[string]string", func(d *decoder, n *node, m *Model) { m.Blocks = d.stringMap(n) }),
		modelField("latest-tools", 1, false, "string", func(d *decoder, n *node, m *Model) { m.LatestTools = d.str(n) }),
		modelField("environ-version", 3, true, "int", func(d *decoder, n *node, m *Model) { m.EnvironVersion = d.int(n) }),
		modelField("users", 1, true, "wrap:user/users", listField(userFormat, "users", "users", func(m *Model, xs []*User) { m.Users = xs })),
		modelField("machines", 1, true, "wrap:machine/machines", listField(machineFormat, "machines", "machines", func(m *Model, xs []*Machine) { m.Machines = xs })),
		modelField("applications", 1, true, "wrap:application/applications", func(d *decoder, n *node, m *Model) {
			// Not list: a model's applications, with their units, are most
			// of its decode, and eachItem spreads them over the cores.
			v, items, ok := applicationFormat.items(d, n, "applications", "applications")
			if !ok || len(items) == 0 {
				return
			}
			m.Applications = make([]*Application, len(items))
			eachItem(d, items, func(d *decoder, i int, n *node) { m.Applications[i] = readApplication(d, n, v) })
		}),
		modelField("relations", 1, true, "wrap:relation/relations", listField(relationFormat, "relations", "relations", func(m *Model, xs []*Relation) { m.Relations = xs })),
		modelField("remote-entities", 5, true, "wrap:remote-entity/remote-entities", listField(remoteEntityFormat, "remote-entities", "remote-entities", func(m *Model, xs []*RemoteEntity) { m.RemoteEntities = xs })),
		modelField("relation-networks", 5, true, "wrap:relation-network/relation-networks", listField(relationNetworkFormat, "relation-networks", "relation-networks", func(m *Model, xs []*RelationNetwork) { m.RelationNetworks = xs })),
		modelField("offer-connections", 6, true, "wrap:offer-connection/offer-connections", listField(offerConnectionFormat, "offer-connections", "offer-connections", func(m *Model, xs []*OfferConnection) { m.OfferConnections = xs })),
		modelField("external-controllers", 6, true, "wrap:external-controller/external-controllers", listField(externalControllerFormat, "external-controllers", "external-controllers", func(m *Model, xs []*ExternalController) { m.ExternalControllers = xs })),
		modelField("spaces", 1, true, "wrap:space/spaces", listField(spaceFormat, "spaces", "spaces", func(m *Model, xs []*Space) { m.Spaces = xs })),
		modelField("link-layer-devices", 1, true, "wrap:link-layer-device/link-layer-devices", listField(linkLayerDeviceFormat, "link-layer-devices", "link-layer-devices", func(m *Model, xs []*LinkLayerDevice) { m.LinkLayerDevices = xs })),
		modelField("ip-addresses", 1, true, "wrap:ip-address/ip-addresses", listField(ipAddressFormat, "ip-addresses", "ip-addresses", func(m *Model, xs []*IPAddress) { m.IPAddresses = xs })),
		modelField("subnets", 1, true, "wrap:subnet/subnets", func(d *decoder, n *node, m *Model) { m.Subnets = readSubnets(d, n, "subnets") }),
		modelField("cloud-image-metadata", 1, true, "wrap:cloud-image-metadata/cloudimagemetadata", func(d *decoder, n *node, m *Model) {
			cloudImageMetadataFormat.list(d, n, "cloud-image-metadata", "cloudimagemetadata", func(v, _ int, n *node) {
				t := cloudImageIn{c: new(CloudImageMetadata)}
				cloudImageMetadataFormat.decode(d, n, v, &t)
				m.CloudImageMetadata = append(m.CloudImageMetadata, t.c)
			})
		}),
		modelField("status", 2, true, "ref:status", func(d *decoder, n *node, m *Model) { m.Status = readStatus(d, n) }),
		modelField("status-history", 2, true, "wrap:status-point/history", func(d *decoder, n *node, m *Model) { m.StatusHistory = readStatusHistory(d, n) }),
		modelField("actions", 1, true, "wrap:action/actions", listField(actionFormat, "actions", "actions", func(m *Model, xs []*Action) { m.Actions = xs })),
		modelField("operations", 7, true, "wrap:operation/operations", listField(operationFormat, "operations", "operations", func(m *Model, xs []*Operation) { m.Operations = xs })),
		modelField("ssh-host-keys", 1, true, "wrap:ssh-host-key/ssh-host-keys", listField(sshHostKeyFormat, "ssh-host-keys", "ssh-host-keys", func(m *Model, xs []*SSHHostKey) { m.SSHHostKeys = xs })),
		modelField("sequences", 1, true, "map[string]int", func(d *decoder, n *node, m *Model) { m.Sequences = d.intMap(n) }),
		modelField("annotations", 1, false, "map[string]string", func(d *decoder, n *node, m *Model) { m.Annotations = d.stringMap(n) }),
		modelField("constraints", 1, false, "ref:constraints", func(d *decoder, n *node, m *Model) { m.Constraints = readConstraints(d, n) }),
		modelField("cloud", 1, true, "string", func(d *decoder, n *node, m *Model) { m.Cloud = d.str(n) }),
		modelField("cloud-region", 1, false, "string", func(d *decoder, n *node, m *Model) { m.CloudRegion = d.str(n) }),
		modelField("cloud-credential", 1, false, "ref:cloud-credential", func(d *decoder, n *node, m *Model) {
			m.CloudCredential = readOwn(d, cloudCredentialFormat, n)
		}),
		modelField("volumes", 1, true, "wrap:volume/volumes", listField(volumeFormat, "volumes", "volumes", func(m *Model, xs []*Volume) { m.Volumes = xs })),
		modelField("filesystems", 1, true, "wrap:filesystem/filesystems", listField(filesystemFormat, "filesystems", "filesystems", func(m *Model, xs []*Filesystem) { m.Filesystems = xs })),
		modelField("storages", 1, true, "wrap:storage/storages", listField(storageFormat, "storages", "storages", func(m *Model, xs []*Storage) { m.Storages = xs })),
		modelField("storage-pools", 1, true, "wrap:storage-pool/pools", listField(storagePoolFormat, "storage-pools", "pools", func(m *Model, xs []*StoragePool) { m.StoragePools = xs })),
		modelField("firewall-rules", 6, true, "wrap:firewall-rule/firewall-rules", listField(firewallRuleFormat, "firewall-rules", "firewall-rules", func(m *Model, xs []*FirewallRule) { m.FirewallRules = xs })),
		modelField("remote-applications", 2, true, "wrap:remote-application/remote-applications", listField(remoteApplicationFormat, "remote-applications", "remote-applications", func(m *Model, xs []*RemoteApplication) { m.RemoteApplications = xs })),
		modelField("secret-backend-id", 10, false, "string", func(d *decoder, n *node, m *Model) { m.SecretBackendID = d.str(n) }),
		modelField("secrets", 9, true, "wrap:secret/secrets", listField(secretFormat, "secrets", "secrets", func(m *Model, xs []*Secret) { m.Secrets = xs })),
		modelField("remote-secrets", 10, true, "wrap:remote-secret/remote-secrets", listField(remoteSecretFormat, "remote-secrets", "remote-secrets", func(m *Model, xs []*RemoteSecret) { m.RemoteSecrets = xs })),
		modelField("sla", 2, true, "ref:sla@1", func(d *decoder, n *node, m *Model) { slaFormat.decode(d, n, 1, &m.SLA) }),
		modelField("meter-status", 2, true, "ref:meter-status@1", func(d *decoder, n *node, m *Model) { meterStatusFormat.decode(d, n, 1, &m.MeterStatus) }),
		modelField("password-hash", 8, false, "string", func(d *decoder, n *node, m *Model) { m.PasswordHash = d.str(n) }),
		// v11 (juju/description v5.1.0 and v7, Juju 3.6): required, and
		// always written, "" when unknown.
		modelField("agent-version", 11, true, "string", func(d *decoder, n *node, m *Model) { m.AgentVersion = d.str(n) }),
		// v12 (juju/description v8, Juju 3.6.4): required.
		modelField("virtual-host-keys", 12, true, "wrap:virtual-host-key/virtual-host-keys", listField(virtualHostKeyFormat, "virtual-host-keys", "virtual-host-keys", func(m *Model, xs []*VirtualHostKey) { m.VirtualHostKeys = xs })),
	},
	upgrade: map[int]func(*Model) error{1: upgradeModelV1ToV2, 3: upgradeModelV3ToV4, 10: upgradeModelV10ToV11},
}

// upgradeModelV10ToV11: before v11 the agent version lived only in the
// model config; juju/description v7 and later take it from there.
func upgradeModelV10ToV11(m *Model) error {
	if m.AgentVersion == "" {
		m.AgentVersion, _ = m.Config["agent-version"].(string)
	}
	return nil
}

var virtualHostKeyFormat = &entity[VirtualHostKey]{
	name: "virtual-host-key", writes: 1, reads: []int{1},
	fields: []field[VirtualHostKey]{
		{key: "id", req: true, typ: "string", dec: func(d *decoder, n *node, k *VirtualHostKey) { k.ID = d.str(n) }},
		{key: "host-key", req: true, typ: "base64", dec: func(d *decoder, n *node, k *VirtualHostKey) { k.HostKey = d.base64(n) }},
	},
}

func writeVirtualHostKey(e *encoder, k *VirtualHostKey) {
	e.w.BeginMapping()
	e.str("id", k.ID)
	e.str("host-key", base64.StdEncoding.EncodeToString(k.HostKey))
	e.w.EndMapping()
}

// upgradeModelV1ToV2: v1 had no model status. juju/description invents
// "available" stamped with the time of reading, which makes a read
// non-deterministic; ferry stamps the zero time and marks it never set.
func upgradeModelV1ToV2(m *Model) error {
	if m.Status == nil {
		m.Status = &Status{Value: "available", NeverSet: true}
	}
	return nil
}

// upgradeModelV3ToV4: models before v4 had no type; all were IAAS.
func upgradeModelV3ToV4(m *Model) error {
	if m.Type == "" {
		m.Type = "iaas"
	}
	return nil
}

var slaFormat = &entity[SLA]{
	name: "sla", writes: 1, reads: []int{1},
	fields: []field[SLA]{
		{key: "level", req: true, typ: "string", dec: func(d *decoder, n *node, s *SLA) { s.Level = d.str(n) }},
		{key: "owner", req: true, typ: "string", dec: func(d *decoder, n *node, s *SLA) { s.Owner = d.str(n) }},
		{key: "credentials", req: true, typ: "string", dec: func(d *decoder, n *node, s *SLA) { s.Credentials = d.str(n) }},
	},
}

var meterStatusFormat = &entity[MeterStatus]{
	name: "meter-status", writes: 1, reads: []int{1},
	fields: []field[MeterStatus]{
		{key: "code", req: true, typ: "string", dec: func(d *decoder, n *node, s *MeterStatus) { s.Code = d.str(n) }},
		{key: "info", req: true, typ: "string", dec: func(d *decoder, n *node, s *MeterStatus) { s.Info = d.str(n) }},
	},
}

var userFormat = &entity[User]{
	name: "user", writes: 1, reads: []int{1},
	fields: []field[User]{
		{key: "name", req: true, typ: "string", dec: func(d *decoder, n *node, u *User) { u.Name = d.str(n) }},
		{key: "display-name", typ: "string", dec: func(d *decoder, n *node, u *User) { u.DisplayName = d.str(n) }},
		{key: "created-by", req: true, typ: "string", dec: func(d *decoder, n *node, u *User) { u.CreatedBy = d.str(n) }},
		{key: "date-created", req: true, typ: "time", dec: func(d *decoder, n *node, u *User) { u.DateCreated = d.time(n) }},
		{key: "access", req: true, typ: "string", dec: func(d *decoder, n *node, u *User) { u.Access = d.str(n) }},
		{key: "last-connection", typ: "time", dec: func(d *decoder, n *node, u *User) {
			if t := d.time(n); !t.IsZero() {
				t = t.UTC()
				u.LastConnection = &t
			}
		}},
		// Accepted and ignored, as juju/description does: access replaced it.
		{key: "read-only", typ: "bool", dec: func(d *decoder, n *node, u *User) { d.bool(n) }},
	},
}

func writeUser(e *encoder, u *User) {
	e.w.BeginMapping()
	e.str("name", u.Name)
	e.strOmit("display-name", u.DisplayName)
	e.str("created-by", u.CreatedBy)
	e.time("date-created", u.DateCreated)
	e.str("access", u.Access)
	e.timeOmit("last-connection", u.LastConnection)
	e.w.EndMapping()
}

// writeWrapped writes a collection wrapper {version: v, listKey: [...]}.
func writeWrapped[T any](e *encoder, key string, v int, listKey string, xs []*T, write func(*encoder, *T)) {
	e.w.Key(key)
	e.w.BeginMapping()
	e.int("version", v)
	e.w.Key(listKey)
	e.w.BeginSequence()
	for _, x := range xs {
		write(e, x)
	}
	e.w.EndSequence()
	e.w.EndMapping()
}

func writeModel(e *encoder, m *Model) {
	e.w.BeginMapping()
	e.int("version", e.t.Model)
	if e.t.Model >= 11 {
		e.str("agent-version", m.AgentVersion)
	}
	e.str("type", m.Type)
	e.str("owner", m.Owner)
	e.anyMap("config", m.Config)
	e.stringMapOmit("blocks", m.Blocks)
	e.strOmit("latest-tools", m.LatestTools)
	e.int("environ-version", m.EnvironVersion)
	writeWrapped(e, "users", 1, "users", m.Users, writeUser)
	writeWrapped(e, "machines", e.t.Machines, "machines", m.Machines, writeMachine)
	writeWrapped(e, "applications", e.t.Applications, "applications", m.Applications, writeApplication)
	writeWrapped(e, "relations", relationsVersion, "relations", m.Relations, writeRelation)
	writeWrapped(e, "remote-entities", 1, "remote-entities", m.RemoteEntities, writeRemoteEntity)
	writeWrapped(e, "relation-networks", 1, "relation-networks", m.RelationNetworks, writeRelationNetwork)
	writeWrapped(e, "offer-connections", 1, "offer-connections", m.OfferConnections, writeOfferConnection)
	writeWrapped(e, "external-controllers", 1, "external-controllers", m.ExternalControllers, writeExternalController)
	writeWrapped(e, "spaces", 2, "spaces", m.Spaces, writeSpace)
	writeWrapped(e, "link-layer-devices", 1, "link-layer-devices", m.LinkLayerDevices, writeLinkLayerDevice)
	writeWrapped(e, "ip-addresses", 5, "ip-addresses", m.IPAddresses, writeIPAddress)
	e.w.Key("subnets")
	writeSubnets(e, 6, m.Subnets)
	writeWrapped(e, "cloud-image-metadata", 2, "cloudimagemetadata", m.CloudImageMetadata, writeCloudImageMetadata)
	e.w.Key("status")
	writeStatus(e, m.Status)
	e.w.Key("status-history")
	writeStatusHistory(e, m.StatusHistory)
	writeWrapped(e, "actions", actionsVersion, "actions", m.Actions, writeAction)
	writeWrapped(e, "operations", operationsVersion, "operations", m.Operations, writeOperation)
	writeWrapped(e, "ssh-host-keys", 1, "ssh-host-keys", m.SSHHostKeys, writeSSHHostKey)
	e.w.Key("sequences")
	if err := e.w.Value(m.Sequences); err != nil {
		panic(err) // map[string]int is always writable
	}
	e.stringMapOmit("annotations", m.Annotations)
	writeConstraintsOmit(e, "constraints", m.Constraints)
	e.str("cloud", m.Cloud)
	e.strOmit("cloud-region", m.CloudRegion)
	writeCloudCredentialOmit(e, "cloud-credential", m.CloudCredential)
	writeWrapped(e, "volumes", 1, "volumes", m.Volumes, writeVolume)
	writeWrapped(e, "filesystems", 1, "filesystems", m.Filesystems, writeFilesystem)
	writeWrapped(e, "storages", storagesVersion, "storages", m.Storages, writeStorage)
	writeWrapped(e, "storage-pools", 1, "pools", m.StoragePools, writeStoragePool)
	writeWrapped(e, "firewall-rules", 1, "firewall-rules", m.FirewallRules, writeFirewallRule)
	writeWrapped(e, "remote-applications", remoteApplicationsVersion, "remote-applications", m.RemoteApplications, writeRemoteApplication)
	e.strOmit("secret-backend-id", m.SecretBackendID)
	writeWrapped(e, "secrets", e.t.Secrets, "secrets", m.Secrets, writeSecret)
	writeWrapped(e, "remote-secrets", 1, "remote-secrets", m.RemoteSecrets, writeRemoteSecret)
	e.w.Key("sla")
	e.w.BeginMapping()
	e.str("level", m.SLA.Level)
	e.str("owner", m.SLA.Owner)
	e.str("credentials", m.SLA.Credentials)
	e.w.EndMapping()
	e.w.Key("meter-status")
	e.w.BeginMapping()
	e.str("code", m.MeterStatus.Code)
	e.str("info", m.MeterStatus.Info)
	e.w.EndMapping()
	e.strOmit("password-hash", m.PasswordHash)
	if e.t.Model >= 12 {
		writeWrapped(e, "virtual-host-keys", 1, "virtual-host-keys", m.VirtualHostKeys, writeVirtualHostKey)
	}
	e.w.EndMapping()
}
