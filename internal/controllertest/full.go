package controllertest

import (
	"github.com/modelferry/ferry/description"
)

// Full returns a valid IAAS model that uses every collection the
// reference describes: users, blocks, sequences, a cloud credential,
// machines with containers, instances, block devices, opened ports,
// constraints and annotations, applications with offers, resources,
// storage directives, bindings and exposed endpoints, subordinate units in
// a container-scoped relation, a peer relation, a remote application and a
// cross-model relation, remote entities, offer connections, relation
// networks, external controllers, spaces, subnets (a fan overlay among
// them), link-layer devices, IP addresses, SSH host keys, actions,
// operations, cloud image metadata, volumes, filesystems, storage
// instances, pools, secrets and remote secrets.
//
// It carries the values Juju's exporter drops (ref §9.8) too; strip them
// with JujuView to compare with a default export.
func Full(uuid string) *description.Model {
	m := Generate(Size{UUID: uuid, Name: "full", Machines: 3, ContainerEvery: 2, Applications: 2, Units: 4, Relations: 1, History: 3})
	m.Config["secret-backend"] = "myvault"
	m.SecretBackendID = "backend-1"
	m.Blocks = map[string]string{"all-changes": "frozen", "destroy-model": "keep"}
	m.Sequences["block"] = 2
	m.Sequences["task"] = 3
	m.Annotations = map[string]string{"owner": "ops"}
	m.Constraints = &description.Constraints{Architecture: "amd64", Memory: 2048}
	m.CloudCredential = &description.CloudCredential{Owner: "admin", Cloud: "lxd", Name: "default", AuthType: "certificate",
		Attributes: map[string]string{"client-cert": "CERT", "client-key": "KEY"}}
	m.SLA = description.SLA{Level: "essential", Owner: "bob", Credentials: "creds"}
	m.MeterStatus = description.MeterStatus{Code: "GREEN", Info: "ok"}
	m.PasswordHash = "model-hash"
	m.EnvironVersion = 1
	lc := at(50)
	m.Users = append(m.Users,
		&description.User{Name: "bob", DisplayName: "Bob", CreatedBy: "admin", DateCreated: at(2), Access: "write", LastConnection: &lc},
		&description.User{Name: "eve@external", CreatedBy: "admin", DateCreated: at(3), Access: "read"},
	)

	m0 := m.Machines[0]
	m0.Annotations = map[string]string{"rack": "r1"}
	m0.Constraints = &description.Constraints{CPUCores: 4, Tags: []string{"fast"}, Spaces: []string{"db"}, Zones: []string{"z1"}, AllocatePublicIP: true, VirtType: "kvm"}
	m0.Jobs = []string{"host-units", "api-server"}
	m0.Placement = "zone=z1"
	m0.Instance.CharmProfiles = []string{"juju-full-appa-1"}
	m0.Instance.Tags = []string{"t1"}
	m0.Instance.RootDiskSource = "pool"
	m0.Instance.CPUPower = 100
	m0.Instance.VirtType = "virtual-machine"
	m0.PreferredPublicAddress = &description.Address{Value: "203.0.113.5", Type: "ipv4", Scope: "public", Origin: "provider"}
	lxd := []string{"lxd"}
	m0.SupportedContainers = &lxd
	m0.BlockDevices = append(m0.BlockDevices, description.BlockDevice{Name: "sdb", Links: []string{"/dev/disk/by-id/x"}, Label: "data", UUID: "u-1",
		HardwareID: "hw", SerialID: "serial-1", WWN: "wwn", BusAddress: "scsi@0:0.0.1", Size: 1024, FilesystemType: "xfs", MountPoint: "/srv"})
	m.Machines[1].SupportedContainers = nil
	// Juju 3.6's additions (docs/juju-layout.md). Machine hostnames came
	// with Juju 3.6.22 (machines v4 of juju/description v11.0.0), so the
	// model runs that version: a model holding them at 3.5 could not have
	// come from a real controller, and its default export (the generation
	// its version writes) would have to lose them.
	m.AgentVersion = "3.6.22"
	m.Config["agent-version"] = m.AgentVersion
	m0.Hostname = "juju-full-0"
	m.VirtualHostKeys = []*description.VirtualHostKey{
		{ID: "machine-0-hostkey", HostKey: []byte("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIfull0")},
		{ID: "unit-appa-0-hostkey", HostKey: []byte("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIappa0")},
	}

	apps := m.Applications
	a, b := apps[0], apps[1] // appa, appb
	a.Exposed = true
	a.ExposedEndpoints = map[string]description.ExposedEndpoint{"": {ExposeToCIDRs: []string{"0.0.0.0/0"}}, "web": {ExposeToSpaceIDs: []string{"1"}}}
	a.MinUnits = 1
	a.ForceCharm = true
	a.Placement = "zone=z1"
	a.HasResources = true
	a.MetricsCredentials = []byte("metrics")
	a.PasswordHash = "app-hash"
	a.Annotations = map[string]string{"team": "web"}
	a.Constraints = &description.Constraints{Architecture: "arm64"}
	a.CharmOrigin.Platform = "arm64/ubuntu/22.04/stable"
	a.CharmOrigin.Channel = "2.0/edge/fix"
	a.ApplicationConfig = map[string]any{"trust": true}
	a.CharmConfig = map[string]any{"a.b": "dotted", "$cost": 1.5, "nested": map[string]any{"x.y": int64(1) << 40, "list": []any{"p", 2}}}
	a.LeadershipSettings = map[string]any{"leader-key": "v"}
	a.Leader = ""
	a.EndpointBindings = map[string]string{"": "0", "web": "1", "db.main": "2"}
	a.StorageDirectives = map[string]description.StorageDirective{"data": {Pool: "rootfs", Size: 1024, Count: 1}}
	// Status data keys are stored escaped and exported as stored (ref §9.1).
	a.Status.Data = map[string]any{"dotted\uff0ekey": "escaped", "n": 1}
	ts := at(60)
	a.Resources = []*description.Resource{{
		Name: "blob",
		ApplicationRevision: &description.ResourceRevision{Revision: 3, Type: "file", Path: "blob.tgz", Description: "a blob", Origin: "upload",
			Fingerprint: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", Size: 10, Timestamp: &ts, Username: "admin"},
		CharmStoreRevision: &description.ResourceRevision{Revision: 4, Type: "file", Path: "blob.tgz", Description: "a blob", Origin: "store",
			Fingerprint: "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", Size: 11},
	}}
	a.Offers = []*description.ApplicationOffer{{OfferUUID: "0ffe0ffe-0000-4000-8000-000000000001", OfferName: "appa-offer",
		Endpoints: map[string]string{"web-alias": "req0"}, ACL: map[string]string{"admin": "admin", "bob": "consume"},
		ApplicationName: "appa", ApplicationDescription: "offered"}}
	ua := a.Units[0]
	ua.Annotations = map[string]string{"note": "first"}
	ua.Constraints = &description.Constraints{Memory: 512}
	ua.Resources = []*description.UnitResource{{Name: "blob", Revision: a.Resources[0].ApplicationRevision}}
	ua.Payloads = []*description.Payload{{Name: "p1", Type: "docker", RawID: "abc", State: "running", Labels: []string{"l1"}}}
	ua.CharmState = map[string]string{"k.1": "v"}
	ua.RelationState = map[int]string{0: "joined", 2: "x"}
	ua.UniterState = "uniter"
	ua.StorageState = "storage"
	ua.MeterStatusState = "meter"
	ua.MeterStatusCode, ua.MeterStatusInfo = "GREEN", "fine"
	ua.Subordinates = []string{"logger/0"}
	ua.WorkloadVersion = ""

	// A subordinate application related to appa in container scope.
	sub := &description.Application{
		Name: "logger", Type: "iaas", Subordinate: true, CharmURL: "ch:amd64/jammy/logger-1",
		Status: status("active", "", 900), StatusHistory: history("active", 2, 900),
		CharmConfig: map[string]any{}, LeadershipSettings: map[string]any{}, OperatorStatus: &description.Status{},
		OpenedPortRanges: map[string]map[string][]description.PortRange{},
		CharmOrigin:      &description.CharmOrigin{Source: "charm-hub", Revision: -1, Platform: "amd64/ubuntu/22.04/stable"},
		Units: []*description.Unit{{
			Name: "logger/0", Machine: ua.Machine, Principal: ua.Name,
			AgentStatus: status("idle", "", 901), WorkloadStatus: status("active", "", 902),
			WorkloadVersion: "9", PasswordHash: "h", MeterStatusCode: "NOT SET",
			Tools: &description.AgentTools{Version: "3.5.1-ubuntu-amd64", URL: "u", SHA256: "s", Size: 1},
		}},
	}
	// A peer relation on appb.
	peer := &description.Relation{ID: 2, Key: "appb:cluster", Status: status("joined", "", 950),
		Endpoints: []*description.Endpoint{{ApplicationName: "appb", Name: "cluster", Role: "peer", Interface: "cluster", Scope: "global",
			ApplicationSettings: map[string]any{}, UnitSettings: map[string]map[string]any{}}}}
	for _, u := range b.Units {
		peer.Endpoints[0].UnitSettings[u.Name] = map[string]any{}
	}
	contRel := &description.Relation{ID: 3, Key: "logger:juju-info appa:juju-info",
		Endpoints: []*description.Endpoint{
			{ApplicationName: "logger", Name: "juju-info", Role: "requirer", Interface: "juju-info", Scope: "container",
				ApplicationSettings: map[string]any{}, UnitSettings: map[string]map[string]any{"logger/0": {"x": "y"}}},
			{ApplicationName: "appa", Name: "juju-info", Role: "provider", Interface: "juju-info", Scope: "container",
				ApplicationSettings: map[string]any{}, UnitSettings: map[string]map[string]any{}},
		}}
	for _, u := range a.Units {
		contRel.Endpoints[1].UnitSettings[u.Name] = map[string]any{}
	}
	// A cross-model relation with a remote application.
	xRel := &description.Relation{ID: 4, Key: "appb:db remotedb:db", Suspended: true, SuspendedReason: "paused",
		Endpoints: []*description.Endpoint{
			{ApplicationName: "appb", Name: "db", Role: "requirer", Interface: "pgsql", Scope: "global",
				ApplicationSettings: map[string]any{}, UnitSettings: map[string]map[string]any{}},
			{ApplicationName: "remotedb", Name: "db", Role: "provider", Interface: "pgsql", Scope: "global",
				ApplicationSettings: map[string]any{"remote": "yes"}},
		}}
	for _, u := range b.Units {
		xRel.Endpoints[0].UnitSettings[u.Name] = map[string]any{"host": u.Name}
	}
	m.Relations = append(m.Relations, peer, contRel, xRel)
	m.Applications = []*description.Application{a, b, sub}
	// Juju 3.6 keeps each charm's own data on its charm document
	// (applications v13; docs/juju-layout.md).
	rel := func(name, role, iface, scope string, limit int) description.CharmRelation {
		return description.CharmRelation{Name: name, Role: role, Interface: iface, Scope: scope, Limit: limit, Optional: role == "requirer"}
	}
	a.CharmMetadata = &description.CharmMetadata{Name: "appa", Summary: "A web front end", Description: "Serves the site.",
		MinJujuVersion: "3.1.0", RunAs: "non-root", Tags: []string{"web"},
		// As Juju 3.6's exporter writes it: json.Marshal of the tree.
		Assumes:  `["juju \u003e= 3.1",{"any-of":["k8s-api","lxd"]}]`,
		Provides: map[string]description.CharmRelation{"web": rel("web", "provider", "http", "global", 0), "juju-info": rel("juju-info", "provider", "juju-info", "container", 0)},
		Requires: map[string]description.CharmRelation{"req0": rel("req0", "requirer", "http", "global", 1), "db.main": rel("db.main", "requirer", "pgsql", "global", 1)},
		Storage: map[string]description.CharmStorage{
			"data": {Name: "data", Description: "site data", Type: "block", CountMin: 1, CountMax: 1, MinimumSize: 1024},
			"logs": {Name: "logs", Type: "filesystem", Shared: true, CountMin: 0, CountMax: -1, Location: "/var/log/appa"},
		},
		Containers: map[string]description.CharmContainer{"nginx": {Resource: "nginx-image", Mounts: []description.CharmMount{{Storage: "logs", Location: "/logs"}}}},
		// No uid or gid: juju/description v7 – v11 panic reading them (README).
	}
	a.CharmManifest = &description.CharmManifest{Bases: []description.CharmBase{
		{Name: "ubuntu", Channel: "22.04/stable", Architectures: []string{"amd64", "arm64"}},
		{Name: "ubuntu", Channel: "24.04/stable", Architectures: []string{"arm64"}},
	}}
	a.CharmActions = &description.CharmActions{Actions: map[string]description.CharmAction{
		"backup": {Description: "Back the site up.", Parallel: true, ExecutionGroup: "g",
			Parameters: map[string]any{"type": "object", "properties": map[string]any{"to": map[string]any{"type": "string"}}}},
		"restart": {Description: "Restart the server."},
	}}
	a.CharmConfigs = &description.CharmConfigs{Configs: map[string]description.CharmConfig{
		"a.b":    {Type: "string", Description: "a dotted option", Default: "dotted"},
		"port":   {Type: "int", Description: "listen port", Default: 8080},
		"debug":  {Type: "boolean", Default: false},
		"banner": {Type: "string", Description: "no default"},
	}}
	b.CharmMetadata = &description.CharmMetadata{Name: "appb", Summary: "A back end", Assumes: "null",
		Provides: map[string]description.CharmRelation{"prov0": rel("prov0", "provider", "http", "global", 0)},
		Requires: map[string]description.CharmRelation{"db": rel("db", "requirer", "pgsql", "global", 1)},
		Peers:    map[string]description.CharmRelation{"cluster": rel("cluster", "peer", "cluster", "global", 1)},
		// As Juju 3.6's exporter writes it: JSON of state.LXDProfile.
		LXDProfile: `{"Config":{"linux.kernel_modules":"openvswitch","security.nesting":"true"},"Description":"nested","Devices":{"tun":{"path":"/dev/net/tun","type":"unix-char"}}}`,
	}
	b.CharmManifest = &description.CharmManifest{Bases: []description.CharmBase{{Name: "ubuntu", Channel: "22.04/stable", Architectures: []string{"amd64"}}}}
	b.CharmActions = &description.CharmActions{}
	b.CharmConfigs = &description.CharmConfigs{}
	sub.CharmMetadata = &description.CharmMetadata{Name: "logger", Summary: "Ships logs", Subordinate: true, Assumes: "null",
		Requires: map[string]description.CharmRelation{"juju-info": rel("juju-info", "requirer", "juju-info", "container", 1)},
	}
	sub.CharmManifest = &description.CharmManifest{Bases: []description.CharmBase{{Name: "ubuntu", Channel: "22.04/stable", Architectures: []string{"amd64"}}}}
	sub.CharmActions = &description.CharmActions{}
	sub.CharmConfigs = &description.CharmConfigs{Configs: map[string]description.CharmConfig{"level": {Type: "string", Default: "info"}}}
	m.RemoteApplications = []*description.RemoteApplication{{
		Name: "remotedb", OfferUUID: "0ffe0ffe-0000-4000-8000-000000000002", URL: "ctrl:admin/db.pg",
		SourceModelUUID: "50a6ce00-0000-4000-8000-000000000003", ConsumeVersion: 2, Macaroon: "mac",
		Endpoints: []*description.RemoteEndpoint{{Name: "db", Role: "provider", Interface: "pgsql"}},
		Spaces: []*description.RemoteSpace{{CloudType: "ec2", Name: "public", ProviderID: "sp-1", ProviderAttributes: map[string]any{"k": "v"},
			Subnets: []*description.Subnet{{CIDR: "10.9.0.0/24", ProviderID: "sn-1", VLANTag: 3, AvailabilityZones: []string{"a"}, ProviderSpaceID: "sp-1", ProviderNetworkID: "net-1"}}}},
		Bindings: map[string]string{"db": "public"},
		Status:   status("active", "", 960),
	}}
	m.RemoteEntities = []*description.RemoteEntity{
		{ID: "application-remotedb", Token: "tok-1", Macaroon: "mac-1"},
		{ID: "relation-appb.db#remotedb.db", Token: "tok-2"},
	}
	m.OfferConnections = []*description.OfferConnection{{OfferUUID: a.Offers[0].OfferUUID, RelationID: 4, RelationKey: xRel.Key, UserName: "bob", SourceModelUUID: "50a6ce00-0000-4000-8000-000000000004"}}
	m.RelationNetworks = []*description.RelationNetwork{{ID: uuid + ":" + xRel.Key + ":ingress:default", RelationKey: xRel.Key, CIDRs: []string{"10.0.0.0/8"}}}
	m.ExternalControllers = []*description.ExternalController{{ID: "c0ffee00-0000-4000-8000-000000000005", Alias: "other", Addrs: []string{"10.1.1.1:17070"},
		CACert: "CA", Models: []string{"50a6ce00-0000-4000-8000-000000000003"}}}

	m.Spaces = []*description.Space{{ID: "1", Name: "web", Public: false, ProviderID: "p-web"}, {ID: "2", Name: "db"}}
	m.Subnets = []*description.Subnet{
		{ID: "1", CIDR: "10.0.0.0/24", ProviderID: "subnet-1", ProviderNetworkID: "net", VLANTag: 7, AvailabilityZones: []string{"z1", "z2"}, SpaceID: "1"},
		{ID: "2", CIDR: "252.0.0.0/12", FanLocalUnderlay: "10.0.0.0/24", FanOverlay: "252.0.0.0/8", SpaceID: "1"},
		{ID: "3", CIDR: "10.0.1.0/24", SpaceID: "2", IsPublic: true},
	}
	m.LinkLayerDevices = []*description.LinkLayerDevice{
		{Name: "br0", MTU: 1500, ProviderID: "dev-1", MachineID: "0", Type: "bridge", MACAddress: "00:16:3e:00:00:01", IsAutoStart: true, IsUp: true},
		{Name: "eth0", MTU: 1500, MachineID: "0", Type: "ethernet", MACAddress: "00:16:3e:00:00:02", IsUp: true, ParentName: "br0", VirtualPortType: "openvswitch"},
		{Name: "eth0", MTU: 1500, MachineID: "0/lxd/0", Type: "ethernet", MACAddress: "00:16:3e:00:00:03", IsUp: true, ParentName: "m#0#d#br0"},
	}
	m.IPAddresses = []*description.IPAddress{{ProviderID: "ip-1", DeviceName: "br0", MachineID: "0", SubnetCIDR: "10.0.0.0/24", ConfigMethod: "static",
		Value: "10.0.0.5", DNSServers: []string{"8.8.8.8"}, DNSSearchDomains: []string{"example.com"}, GatewayAddress: "10.0.0.1",
		IsDefaultGateway: true, ProviderNetworkID: "net", ProviderSubnetID: "subnet-1", Origin: "provider", IsShadow: true, IsSecondary: true}}
	m.SSHHostKeys = []*description.SSHHostKey{{MachineID: "0", Keys: []string{"ssh-ed25519 AAAA"}}, {MachineID: "0/lxd/0", Keys: []string{"ssh-rsa BBBB"}}}
	started, completed := at(71), at(72)
	m.Actions = []*description.Action{{ID: "1", Receiver: ua.Name, Name: "backup", Operation: "2", Parameters: map[string]any{"to": "/tmp"},
		Parallel: true, ExecutionGroup: "g", Enqueued: at(70), Started: &started, Completed: &completed, Status: "completed", Message: "done",
		Results: map[string]any{"Stdout": "ok"}, Logs: []description.ActionMessage{{Timestamp: at(71), Message: "working"}}},
		{ID: "3", Receiver: "0", Name: "noop", Operation: "2", Parameters: map[string]any{}, Enqueued: at(73), Status: "pending", Results: map[string]any{}}}
	m.Operations = []*description.Operation{{ID: "2", Summary: "backup run", Enqueued: at(70), Started: &started, Completed: &completed, Status: "completed",
		CompleteTaskCount: 1, SpawnedTaskCount: 2, Fail: ""}}
	size := uint64(8192)
	exp := at(999)
	m.CloudImageMetadata = []*description.CloudImageMetadata{{Stream: "released", Region: "r1", Version: "22.04", Arch: "amd64", VirtType: "kvm",
		RootStorageType: "ebs", RootStorageSize: &size, DateCreated: 1717243200000000000, Source: "custom", Priority: 50, ImageID: "ami-1", ExpireAt: &exp}}

	m.Volumes = []*description.Volume{
		{ID: "0", StorageID: "data/0", Provisioned: true, Size: 1024, Pool: "ebs", HardwareID: "hw", WWN: "w", VolumeID: "vol-1", Persistent: true,
			Status: status("attached", "", 980), StatusHistory: history("attached", 2, 980),
			Attachments: []*description.VolumeAttachment{{HostID: "0", Provisioned: true, ReadOnly: true, DeviceName: "xvdf", DeviceLink: "/dev/x", BusAddress: "b",
				PlanInfo: description.VolumePlanInfo{DeviceType: "iscsi", DeviceAttributes: map[string]string{"iqn": "x"}}}},
			AttachmentPlans: []*description.VolumeAttachmentPlan{{MachineID: "0", PlanInfo: description.VolumePlanInfo{DeviceType: "local"},
				BlockDevice: &description.BlockDevice{Name: "xvdf", Size: 1024}}}},
		{ID: "0/1", Size: 512, Pool: "loop", Status: status("pending", "", 981),
			Attachments: []*description.VolumeAttachment{{HostID: "0", ReadOnly: false}}},
	}
	m.Filesystems = []*description.Filesystem{
		{ID: "0", StorageID: "logs/1", VolumeID: "0/1", Provisioned: true, Size: 512, Pool: "rootfs", FilesystemID: "fs-1",
			Status: status("attached", "", 990), StatusHistory: history("attached", 1, 990),
			Attachments: []*description.FilesystemAttachment{{HostID: "0", Provisioned: true, MountPoint: "/var/log", ReadOnly: true}}},
		{ID: "1", Size: 100, Pool: "tmpfs", Status: status("pending", "", 991),
			Attachments: []*description.FilesystemAttachment{{HostID: "0", MountPoint: "/tmp/x"}}},
	}
	m.Storages = []*description.Storage{
		{ID: "data/0", Kind: "block", Owner: "unit-" + "appa-0", Name: "data", Attachments: []string{ua.Name}, Constraints: &description.StorageInstanceConstraints{Pool: "ebs", Size: 1024}},
		{ID: "logs/1", Kind: "filesystem", Owner: "application-appa", Name: "logs", Constraints: &description.StorageInstanceConstraints{Pool: "rootfs", Size: 512}},
	}
	m.StoragePools = []*description.StoragePool{{Name: "fast", Provider: "ebs", Attributes: map[string]any{"volume-type": "io1", "iops": 3000}}}

	next := at(2000)
	m.Secrets = []*description.Secret{{
		ID: "cpnr2f7mp25c77ag7aeg", Version: 1, Description: "db password", Label: "dbpw", RotatePolicy: "daily",
		Owner: "application-appa", AutoPrune: true, Created: at(80), Updated: at(81), NextRotateTime: &next,
		LatestRevisionChecksum: "7a38bf81f383f69433ad6e900d35b3e2385593f76a7b7ab5d4355b8ba41ee24b",
		Revisions: []*description.SecretRevision{
			{Number: 1, Created: at(80), Updated: at(80), Obsolete: true, Content: map[string]string{"pass.word": "czNjcjN0"}},
			{Number: 2, Created: at(81), Updated: at(81), ValueRef: &description.SecretValueRef{BackendID: "backend-1", RevisionID: "rev-2"}, ExpireTime: &next},
		},
		ACL:             map[string]description.SecretAccess{"application-appb": {Scope: "relation-appa.req0#appb.prov0", Role: "view"}},
		Consumers:       []*description.SecretConsumer{{Consumer: "unit-appb-0", Label: "theirs", CurrentRevision: 2}},
		RemoteConsumers: []*description.SecretRemoteConsumer{{ID: "cpnr2f7mp25c77ag7aeg#unit-remotedb-0", Consumer: "unit-remotedb-0", CurrentRevision: 1}},
	}, {
		ID: "cpnr2f7mp25c77ag7af0", Version: 1, RotatePolicy: "never", Owner: "model-" + uuid, Created: at(82), Updated: at(82),
		Revisions: []*description.SecretRevision{{Number: 1, Created: at(82), Updated: at(82), Content: map[string]string{"k": "dg=="}}},
	}}
	m.RemoteSecrets = []*description.RemoteSecret{{ID: "cpnr2f7mp25c77ag7af0", SourceUUID: "50a6ce00-0000-4000-8000-000000000003",
		Consumer: "unit-appb-0", Label: "remote", CurrentRevision: 1, LatestRevision: 3}}
	return m
}

// FullCAAS returns a valid CAAS model with a podspec (operator) application
// and a sidecar one, cloud services and containers, and storage.
func FullCAAS(uuid string) *description.Model {
	m := Generate(Size{UUID: uuid, Name: "k8s", CAAS: true, Applications: 2, Units: 4, Relations: 1, History: 2})
	side := m.Applications[1]
	side.Tools = nil
	side.PodSpec = ""
	side.OperatorStatus = &description.Status{}
	// Storage unique ids came with Juju 3.6.13 (applications v14 of
	// juju/description v10.0.0), so the model runs that version.
	side.StorageUniqueID = "a1b2c3"
	m.AgentVersion = "3.6.13"
	m.Config["agent-version"] = m.AgentVersion
	side.ProvisioningState = &description.ProvisioningState{Scaling: true, ScaleTarget: 3}
	for i, u := range side.Units {
		u.Tools = &description.AgentTools{Version: "3.5.1-ubuntu-amd64", URL: "u", SHA256: "s", Size: int64(i)}
	}
	m.Applications[0].OpenedPortRanges = map[string]map[string][]description.PortRange{
		m.Applications[0].Units[0].Name: {"web": {{FromPort: 443, ToPort: 443, Protocol: "tcp"}, {FromPort: 53, ToPort: 53, Protocol: "udp"}}},
	}
	m.PasswordHash = "operator-hash"
	m.Filesystems = []*description.Filesystem{{ID: "0", StorageID: "data/0", Provisioned: true, Size: 1024, Pool: "kubernetes", FilesystemID: "pvc-1",
		Status: status("attached", "", 70), Attachments: []*description.FilesystemAttachment{{HostID: side.Units[0].Name, Provisioned: true, MountPoint: "/data"}}}}
	m.Storages = []*description.Storage{{ID: "data/0", Kind: "filesystem", Owner: "unit-" + side.Name + "-0", Name: "data",
		Attachments: []string{side.Units[0].Name}, Constraints: &description.StorageInstanceConstraints{Pool: "kubernetes", Size: 1024}}}
	return m
}

// JujuView returns a copy of what Juju's own exporter gives for m: without
// the values it drops (ref §9.8), which ferry keeps only with
// export.Options.Extended. It changes m in place and returns it.
func JujuView(m *description.Model) *description.Model {
	for _, r := range m.Relations {
		r.Suspended, r.SuspendedReason = false, ""
	}
	for _, a := range m.IPAddresses {
		a.IsDefaultGateway, a.IsShadow, a.IsSecondary = false, false, false
	}
	for _, e := range m.RemoteEntities {
		e.Macaroon = ""
	}
	var strip func(ms []*description.Machine)
	strip = func(ms []*description.Machine) {
		for _, mc := range ms {
			for i := range mc.BlockDevices {
				mc.BlockDevices[i].SerialID = ""
			}
			strip(mc.Containers)
		}
	}
	strip(m.Machines)
	for _, c := range m.CloudImageMetadata {
		c.ExpireAt = nil
	}
	return m
}
