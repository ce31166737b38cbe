// Command jujugen-v4 writes model descriptions with juju/description v4.0.1,
// whose entities are older versions than the ones ferry writes: model v9,
// applications v9, constraints v4, cloud instance v5, remote applications
// v2, block devices v1; and secrets in the shape v4 wrote at version 1.
//
// Run from this directory (see ../README.md):
//
//	go run . -out ../../fixtures/juju-v4.0.1
//
// Every model is built through the juju/description v4 API, serialized,
// read back and validated by the same library before it is written.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	description "github.com/juju/description/v4"
	"github.com/juju/names/v4"
	"github.com/juju/version/v2"
)

// fixture is one file the program writes.
type fixture struct {
	name  string
	build func() description.Model
	// unreadable, when set, says why juju/description v4 cannot read the
	// model back (a panic of its own reader) though v5 can.
	unreadable string
}

var fixtures = []fixture{
	{"minimal.in.yaml", minimalModel, ""},
	{"iaas.in.yaml", iaasModel, ""},
	{"caas.in.yaml", caasModel, ""},
	{"secret-without-rotate-policy.in.yaml", secretWithoutRotatePolicyModel, "a secret without rotate-policy makes its reader panic"},
	{"cloud-service-without-provider-id.in.yaml", cloudServiceWithoutProviderIDModel, "a cloud service without provider-id makes its reader panic"},
	{"secret-backend-id.in.yaml", secretBackendModel, ""},
	{"secret-empty-consumers.in.yaml", secretEmptyConsumersModel, ""},
	{"series-without-platform.in.yaml", seriesWithoutPlatformModel, ""},
}

func main() {
	out := flag.String("out", "", "folder to write the fixtures into")
	flag.Parse()
	if *out == "" {
		log.Fatal("usage: go run . -out DIR")
	}
	for _, fx := range fixtures {
		b, err := description.Serialize(fx.build())
		if err != nil {
			log.Fatalf("%s: serialize: %v", fx.name, err)
		}
		// juju/description v4 must read its own output back and validate
		// it. (It does not write all of it back: the models set a few
		// fields it writes but no longer reads, such as link-layer
		// virtual-port-type and subnet space-name, to check that readers
		// drop them.) Validate changes the model it checks, so it runs on
		// the copy read back.
		if fx.unreadable == "" {
			back, err := description.Deserialize(b)
			if err != nil {
				log.Fatalf("%s: juju/description v4 cannot read what it wrote: %v", fx.name, err)
			}
			if err := back.Validate(); err != nil {
				log.Fatalf("%s: juju/description v4 rejects the model: %v", fx.name, err)
			}
		}
		path := filepath.Join(*out, filepath.FromSlash(fx.name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Println("wrote", path)
	}
}

var (
	cest = time.FixedZone("CEST", 2*3600)
	t0   = time.Date(2022, 11, 24, 12, 0, 0, 123456789, time.UTC)
)

// at returns t0 plus d minutes, in zone loc.
func at(d int, loc *time.Location) time.Time {
	return t0.Add(time.Duration(d) * time.Minute).In(loc)
}

func st(value, message string, minute int) description.StatusArgs {
	return description.StatusArgs{
		Value: value, Message: message, Updated: at(minute, cest),
		Data: map[string]interface{}{"minute": minute, "note": "yes"},
	}
}

func history(values ...string) []description.StatusArgs {
	out := make([]description.StatusArgs, len(values))
	for i, v := range values {
		out[i] = description.StatusArgs{
			Value: v, Message: "was " + v, Data: map[string]interface{}{"step": i},
			Updated: at(-10*(i+1), time.UTC), NeverSet: i == 0,
		}
	}
	return out
}

func tools(v string) description.AgentToolsArgs {
	return description.AgentToolsArgs{
		Version: version.MustParseBinary(v), URL: "https://streams.example.com/tools/" + v + ".tgz",
		SHA256: "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0", Size: 52428800,
	}
}

// constraints sets every field constraints v4 has.
func constraints(arch string) description.ConstraintsArgs {
	return description.ConstraintsArgs{
		AllocatePublicIP: true, Architecture: arch, Container: "lxd", CpuCores: 4, CpuPower: 400, InstanceType: "m5.large",
		Memory: 8192, RootDisk: 40960, RootDiskSource: "ssd-pool",
		Spaces: []string{"alpha", "^db"}, Tags: []string{"team=data", "tier:gold"},
		Zones: []string{"zone-a", "zone-b"}, VirtType: "kvm",
	}
}

func newModel(typ, name, uuid string) description.Model {
	m := description.NewModel(description.ModelArgs{
		Type: typ, Owner: names.NewUserTag("admin"),
		Config: map[string]interface{}{"name": name, "uuid": uuid},
		Cloud:  "lxd", CloudRegion: "localhost",
	})
	m.SetStatus(st("available", "", 0))
	return m
}

// minimalModel is the smallest model juju/description validates.
func minimalModel() description.Model {
	m := description.NewModel(description.ModelArgs{
		Owner:  names.NewUserTag("admin"),
		Config: map[string]interface{}{"name": "minimal", "uuid": "6a1b3c5d-7e9f-4a2b-8c4d-1e2f3a4b5c6d"},
		Cloud:  "lxd",
	})
	m.SetStatus(description.StatusArgs{Value: "available", Updated: t0})
	return m
}

func fillMachine(mc description.Machine, id string) {
	mc.SetInstance(description.CloudInstanceArgs{
		InstanceId: "juju-0c2b2f-" + id, DisplayName: "machine " + id, Architecture: "amd64", Memory: 16384, RootDisk: 81920,
		RootDiskSource: "local", CpuCores: 8, CpuPower: 800, Tags: []string{"juju-model=iaas", "id=" + id},
		AvailabilityZone: "zone-a", CharmProfiles: []string{"default", "juju-iaas-mysql-7"},
	})
	inst := mc.Instance()
	inst.SetStatus(st("running", "Running", 1))
	inst.SetStatusHistory(history("allocating"))
	inst.SetModificationStatus(st("applied", "profile applied", 2))
	mc.SetStatus(st("started", "", 1))
	mc.SetStatusHistory(history("pending", "started"))
	mc.SetAddresses(
		[]description.AddressArgs{
			{Value: "10.0.0.10", Type: "ipv4", Scope: "local-cloud", Origin: "machine", SpaceID: "1"},
			{Value: "127.0.0.1", Type: "ipv4", Scope: "local-machine"},
		},
		[]description.AddressArgs{{Value: "203.0.113.10", Type: "ipv4", Scope: "public", Origin: "provider"}},
	)
	mc.SetPreferredAddresses(
		description.AddressArgs{Value: "203.0.113.10", Type: "ipv4", Scope: "public", Origin: "provider"},
		description.AddressArgs{Value: "10.0.0.10", Type: "ipv4", Scope: "local-cloud", Origin: "machine", SpaceID: "1"},
	)
	mc.SetTools(tools("3.0.2-ubuntu-amd64"))
	mc.AddBlockDevice(description.BlockDeviceArgs{
		Name: "sda", Links: []string{"/dev/disk/by-id/wwn-0x5000", "/dev/disk/by-path/pci-0000:00:1f.2"},
		Label: "cloudimg-rootfs", UUID: "8f9e7d6c-5b4a-3c2d-1e0f-a9b8c7d6e5f4", HardwareID: "ata-QEMU_HARDDISK",
		WWN: "0x5000c500a1b2c3d4", BusAddress: "scsi@0:0.0.0", Size: 81920, FilesystemType: "ext4",
		InUse: true, MountPoint: "/",
	})
	mc.SetConstraints(constraints("amd64"))
	mc.SetAnnotations(map[string]string{"rack": "r1", "note": "machine " + id})
}

var seriesVersions = map[string]string{"focal": "20.04", "jammy": "22.04"}

var subordinates = map[string][]string{"mysql/0": {"telegraf/0"}, "wordpress/10": {"telegraf/1"}}

// addApplication adds an IAAS application whose units sit on the given
// machines. Subordinate applications name each unit's principal.
// Applications v9 no longer read the series, but juju/description v4 still
// writes it when set.
func addApplication(m description.Model, name, series string, units, machines []string, subordinate bool, principals []string) description.Application {
	args := description.ApplicationArgs{
		Tag: names.NewApplicationTag(name), Type: "iaas", Series: series, Subordinate: subordinate,
		CharmURL: "ch:amd64/" + series + "/" + name + "-42", Channel: "8.0/stable", CharmModifiedVersion: 2, ForceCharm: true,
		PasswordHash: "YXBwLXBhc3N3b3Jk", Placement: "zone=zone-a", HasResources: true, DesiredScale: 2,
		MinUnits: 1, Exposed: true,
		ExposedEndpoints: map[string]description.ExposedEndpointArgs{
			"":   {ExposeToCIDRs: []string{"0.0.0.0/0", "::/0"}},
			"db": {ExposeToSpaceIDs: []string{"1", "2"}, ExposeToCIDRs: []string{"10.0.0.0/8"}},
		},
		EndpointBindings:   map[string]string{"": "alpha", "db": "db-space"},
		ApplicationConfig:  map[string]interface{}{"trust": true, "juju-external-hostname": "db.example.com"},
		CharmConfig:        map[string]interface{}{"flavour": "percona", "max-connections": 500, "ratio": 0.25, "tuning": nil},
		Leader:             units[0],
		LeadershipSettings: map[string]interface{}{"cluster-id": "c-1", "ready": "true"},
		StorageConstraints: map[string]description.StorageConstraintArgs{
			"data": {Pool: "ebs-ssd", Size: 10240, Count: 1},
			"logs": {Pool: "rootfs", Size: 1024, Count: 2},
		},
		MetricsCredentials: []byte("metrics credentials\x00\xff"),
	}
	a := m.AddApplication(args)
	a.SetStatus(st("active", "Ready", 4))
	a.SetStatusHistory(history("waiting", "maintenance"))
	a.SetOperatorStatus(st("running", "", 4))
	a.SetTools(tools("3.0.2-ubuntu-amd64"))
	a.SetCharmOrigin(description.CharmOriginArgs{
		Source: "charm-hub", ID: name + "-id-0123", Hash: "a3f5c7e9", Revision: 42, Channel: "8.0/stable",
		Platform: "amd64/ubuntu/" + seriesVersions[series],
	})
	a.SetConstraints(constraints("amd64"))
	a.SetAnnotations(map[string]string{"gui-x": "100", "gui-y": "-50"})
	res := a.AddResource(description.ResourceArgs{Name: "snapshot"})
	res.SetApplicationRevision(description.ResourceRevisionArgs{
		Revision: 3, Type: "file", Path: "snapshot.tar.gz", Description: "A snapshot of the database, taken before the upgrade.",
		Origin: "upload", FingerprintHex: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a089f86d081884c7d659a2feaa0c55ad015",
		Size: 1048576, Timestamp: at(5, cest), Username: "bob",
	})
	res.SetCharmStoreRevision(description.ResourceRevisionArgs{Revision: 4, Type: "file", Path: "snapshot.tar.gz", Origin: "store", Size: 2048})
	for i, u := range units {
		ua := description.UnitArgs{
			Tag: names.NewUnitTag(u), Type: "iaas", Machine: names.NewMachineTag(machines[i]), PasswordHash: "dW5pdC1wYXNzd29yZA==",
			WorkloadVersion: "8.0.25", MeterStatusCode: "AMBER", MeterStatusInfo: "metrics overdue",
			CharmState:    map[string]string{"initialised": "true", "config": "port: 3306\n"},
			RelationState: map[int]string{0: "joined", 3: "", 7: "broken"}, UniterState: "leader: true\nstarted: true\n",
			StorageState: "attached: [data/0]", MeterStatusState: "code: AMBER",
		}
		if subordinate {
			ua.Principal = names.NewUnitTag(principals[i])
		}
		for _, s := range subordinates[u] {
			ua.Subordinates = append(ua.Subordinates, names.NewUnitTag(s))
		}
		unit := a.AddUnit(ua)
		unit.SetAgentStatus(st("idle", "", 6))
		unit.SetAgentStatusHistory(history("executing", "idle"))
		unit.SetWorkloadStatus(st("active", "Unit is ready", 6))
		unit.SetWorkloadStatusHistory(history("maintenance"))
		unit.SetWorkloadVersionHistory(history("8.0.24", "8.0.25"))
		unit.SetTools(tools("3.0.2-ubuntu-amd64"))
		unit.SetConstraints(description.ConstraintsArgs{Memory: 1024, RootDiskSource: "fast"})
		unit.SetAnnotations(map[string]string{"unit": u})
		unit.AddResource(description.UnitResourceArgs{Name: "snapshot", RevisionArgs: description.ResourceRevisionArgs{
			Revision: 3, Type: "file", Path: "snapshot.tar.gz", Description: "snapshot", Origin: "upload",
			FingerprintHex: "9f86d081", Size: 1048576, Timestamp: at(7, time.UTC), Username: "bob",
		}})
		unit.AddPayload(description.PayloadArgs{Name: "backup", Type: "docker", RawID: "c0ffee", State: "running", Labels: []string{"nightly", "compressed"}})
	}
	return a
}

// iaasModel sets every entity type juju/description v4 has, every field
// to a value other than its default.
func iaasModel() description.Model {
	m := description.NewModel(description.ModelArgs{
		Type: "iaas", Owner: names.NewUserTag("admin"),
		Config: map[string]interface{}{
			"name": "iaas", "uuid": "0c2b2f3a-8a46-4b5e-9f0c-6a1f2b3c4d5e", "type": "lxd",
			"default-base": "ubuntu@22.04", "logging-config": "<root>=INFO; unit=DEBUG",
			"apt-mirror": "", "enable-os-upgrade": true, "update-status-hook-interval": "5m",
			"num-provision-workers": 16, "ratio": 0.75,
			"answers":     []interface{}{"yes", "no", 42, nil, 1.5, map[string]interface{}{"nested": "0x1F"}},
			"description": "A model written by juju/description v4.0.0: every field is set, and a few\nvalues need quoting: 1:20, yes, ~, and a # that is not a comment.",
		},
		LatestToolsVersion: version.MustParse("3.0.2"), EnvironVersion: 2,
		Blocks: map[string]string{"all-changes": "frozen: migrating", "remove-object": ""},
		Cloud:  "lxd", CloudRegion: "localhost", PasswordHash: "bW9kZWwtcGFzc3dvcmQ=",
	})
	m.SetStatus(description.StatusArgs{Value: "available", Message: "ready", Data: map[string]interface{}{"since": "boot", "count": 3}, Updated: at(0, cest)})
	m.SetStatusHistory(history("busy", "available"))
	m.SetConstraints(constraints("amd64"))
	m.SetAnnotations(map[string]string{"owner": "team data", "yes": "no"})
	// A version 2 credential: a certificate with a token stays as it is.
	m.SetCloudCredential(description.CloudCredentialArgs{
		Owner: names.NewUserTag("bob@external"), Cloud: names.NewCloudTag("lxd"), Name: "default", AuthType: "certificate",
		Attributes: map[string]string{"Token": "dG9rZW4=", "ClientCertificateData": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"},
	})
	m.SetSLA("essential", "bob", "Y3JlZGVudGlhbHM=")
	m.SetMeterStatus("GREEN", "all metrics sent")
	m.SetSequence("machine", 3)
	m.SetSequence("application-mysql", 2)
	m.SetSequence("relation", 4)
	m.AddUser(description.UserArgs{Name: names.NewUserTag("admin"), DisplayName: "Administrator", CreatedBy: names.NewUserTag("admin"), DateCreated: at(-60*24*30, cest), LastConnection: at(-5, time.UTC), Access: "admin"})
	m.AddUser(description.UserArgs{Name: names.NewUserTag("bob@external"), CreatedBy: names.NewUserTag("admin"), DateCreated: at(-60*24, time.UTC), Access: "read"})

	m0 := m.AddMachine(description.MachineArgs{
		Id: names.NewMachineTag("0"), Nonce: "machine-0:nonce", PasswordHash: "cGFzc3dvcmQtMA==", Placement: "zone=zone-a",
		Base: "ubuntu@22.04", Series: "jammy", Jobs: []string{"host-units", "manage-model"}, SupportedContainers: &[]string{"lxd", "kvm"},
	})
	fillMachine(m0, "0")
	c0 := m0.AddContainer(description.MachineArgs{
		Id: names.NewMachineTag("0/lxd/0"), Nonce: "container-nonce", PasswordHash: "cGFzc3dvcmQtMGx4ZDA=",
		Base: "ubuntu@20.04", ContainerType: "lxd", Jobs: []string{"host-units"}, SupportedContainers: &[]string{"kvm"},
	})
	fillMachine(c0, "0-lxd-0")
	c00 := c0.AddContainer(description.MachineArgs{
		Id: names.NewMachineTag("0/lxd/0/kvm/0"), Nonce: "nested-nonce", PasswordHash: "cGFzc3dvcmQtbmVzdGVk",
		Base: "ubuntu@18.04", ContainerType: "kvm", Jobs: []string{"host-units"}, SupportedContainers: &[]string{},
	})
	fillMachine(c00, "0-lxd-0-kvm-0")
	m1 := m.AddMachine(description.MachineArgs{
		Id: names.NewMachineTag("1"), Nonce: "machine-1:nonce", PasswordHash: "cGFzc3dvcmQtMQ==", Base: "ubuntu@22.04",
		Jobs: []string{"host-units"},
	})
	fillMachine(m1, "1")
	m2 := m.AddMachine(description.MachineArgs{
		Id: names.NewMachineTag("2"), Nonce: "machine-2:nonce", PasswordHash: "cGFzc3dvcmQtMg==", Base: "centos@centos7",
		Jobs: []string{"host-units"},
	})
	fillMachine(m2, "2")
	m0.AddOpenedPortRange(description.OpenedPortRangeArgs{UnitName: "mysql/0", EndpointName: "", FromPort: 3306, ToPort: 3306, Protocol: "tcp"})
	m0.AddOpenedPortRange(description.OpenedPortRangeArgs{UnitName: "mysql/0", EndpointName: "db-admin", FromPort: 33060, ToPort: 33062, Protocol: "tcp"})
	m1.AddOpenedPortRange(description.OpenedPortRangeArgs{UnitName: "wordpress/10", EndpointName: "website", FromPort: 80, ToPort: 80, Protocol: "tcp"})
	m1.AddOpenedPortRange(description.OpenedPortRangeArgs{UnitName: "wordpress/10", EndpointName: "", FromPort: -1, ToPort: -1, Protocol: "icmp"})

	mysql := addApplication(m, "mysql", "jammy", []string{"mysql/0", "mysql/1"}, []string{"0", "0/lxd/0"}, false, nil)
	mysql.AddOffer(description.ApplicationOfferArgs{
		OfferUUID: "4f7a3c2e-1b9d-4e8f-a6c5-2d3e4f5a6b7c", OfferName: "mysql-db",
		Endpoints: map[string]string{"db": "database", "db-admin": "admin"}, ACL: map[string]string{"admin": "admin", "everyone@external": "read"},
		ApplicationName: "mysql", ApplicationDescription: "MySQL is a widely used, open-source relational database management system (RDBMS).",
	})
	addApplication(m, "wordpress", "focal", []string{"wordpress/10"}, []string{"1"}, false, nil)
	addApplication(m, "telegraf", "jammy", []string{"telegraf/0", "telegraf/1"}, []string{"0", "1"}, true, []string{"mysql/0", "wordpress/10"})

	rel := m.AddRelation(description.RelationArgs{Id: 0, Key: "wordpress:db mysql:db", Suspended: true, SuspendedReason: "waiting for the DBA: 1:20"})
	rel.SetStatus(st("suspended", "waiting", 3))
	ep := rel.AddEndpoint(description.EndpointArgs{ApplicationName: "mysql", Name: "db", Role: "provider", Interface: "mysql", Scope: "global"})
	ep.SetApplicationSettings(map[string]interface{}{"database": "wordpress", "port": 3306})
	ep.SetUnitSettings("mysql/0", map[string]interface{}{"private-address": "10.0.0.10", "ready": true})
	ep.SetUnitSettings("mysql/1", map[string]interface{}{"private-address": "10.0.0.11", "ready": false, "list": []interface{}{"a", 1}})
	ep = rel.AddEndpoint(description.EndpointArgs{ApplicationName: "wordpress", Name: "db", Role: "requirer", Interface: "mysql", Optional: true, Limit: 1, Scope: "global"})
	ep.SetApplicationSettings(map[string]interface{}{})
	ep.SetUnitSettings("wordpress/10", map[string]interface{}{"egress-subnets": "10.0.1.0/24"})
	rel = m.AddRelation(description.RelationArgs{Id: 3, Key: "telegraf:juju-info mysql:juju-info"})
	ep = rel.AddEndpoint(description.EndpointArgs{ApplicationName: "telegraf", Name: "juju-info", Role: "requirer", Interface: "juju-info", Scope: "container"})
	ep.SetApplicationSettings(map[string]interface{}{})
	ep.SetUnitSettings("telegraf/0", map[string]interface{}{})
	ep = rel.AddEndpoint(description.EndpointArgs{ApplicationName: "mysql", Name: "juju-info", Role: "provider", Interface: "juju-info", Scope: "container"})
	ep.SetApplicationSettings(map[string]interface{}{"k": nil})
	rel = m.AddRelation(description.RelationArgs{Id: 5, Key: "prometheus:scrape mysql:metrics"})
	ep = rel.AddEndpoint(description.EndpointArgs{ApplicationName: "prometheus", Name: "scrape", Role: "requirer", Interface: "prometheus", Scope: "global"})
	ep.SetApplicationSettings(map[string]interface{}{"scrape-interval": "15s"})
	ep.SetUnitSettings("prometheus/0", map[string]interface{}{"ingress-address": "172.16.0.5"})
	ep = rel.AddEndpoint(description.EndpointArgs{ApplicationName: "mysql", Name: "metrics", Role: "provider", Interface: "prometheus", Scope: "global"})
	ep.SetApplicationSettings(map[string]interface{}{})
	ep.SetUnitSettings("mysql/0", map[string]interface{}{"port": 9104})

	m.AddSpace(description.SpaceArgs{Id: "1", Name: "alpha", Public: true, ProviderID: "space-alpha"})
	m.AddSpace(description.SpaceArgs{Id: "2", Name: "db-space", ProviderID: "space-db"})
	m.AddSubnet(description.SubnetArgs{
		ID: "3", ProviderId: "subnet-0a1b", ProviderNetworkId: "vpc-1", ProviderSpaceId: "space-alpha", CIDR: "10.0.0.0/24",
		VLANTag: 42, AvailabilityZones: []string{"zone-a", "zone-b"}, IsPublic: true, SpaceID: "1", SpaceName: "alpha",
		FanLocalUnderlay: "10.0.0.0/16", FanOverlay: "252.0.0.0/8",
	})
	m.AddSubnet(description.SubnetArgs{ID: "4", CIDR: "fd00:1::/64", SpaceID: "0"})
	for _, d := range []description.LinkLayerDeviceArgs{
		{Name: "br0", MTU: 1500, ProviderID: "nic-br0", MachineID: "0", Type: "bridge", MACAddress: "00:16:3e:00:00:01", IsAutoStart: true, IsUp: true},
		{Name: "eth0", MTU: 9000, ProviderID: "nic-eth0", MachineID: "0", Type: "ethernet", MACAddress: "00:16:3e:00:00:02", IsAutoStart: true, IsUp: true, ParentName: "br0", VirtualPortType: "openvswitch"},
		{Name: "eth0", MTU: 1500, MachineID: "0/lxd/0", Type: "ethernet", MACAddress: "00:16:3e:00:00:03", IsUp: true, ParentName: "m#0#d#br0"},
		{Name: "lo", MachineID: "1", Type: "loopback", IsAutoStart: true},
	} {
		m.AddLinkLayerDevice(d)
	}
	m.AddIPAddress(description.IPAddressArgs{
		ProviderID: "ip-1", DeviceName: "br0", MachineID: "0", SubnetCIDR: "10.0.0.0/24", ConfigMethod: "static",
		Value: "10.0.0.10", DNSServers: []string{"10.0.0.2", "1.1.1.1"}, DNSSearchDomains: []string{"example.com"},
		GatewayAddress: "10.0.0.1", IsDefaultGateway: true, ProviderNetworkID: "vpc-1", ProviderSubnetID: "subnet-0a1b",
		Origin: "provider", IsShadow: true, IsSecondary: true,
	})
	m.AddIPAddress(description.IPAddressArgs{DeviceName: "eth0", MachineID: "0/lxd/0", SubnetCIDR: "fd00:1::/64", ConfigMethod: "dynamic", Value: "fd00:1::10", Origin: "machine"})
	m.AddSSHHostKey(description.SSHHostKeyArgs{MachineID: "0", Keys: []string{"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0 root@machine-0", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC root@machine-0"}})
	m.AddSSHHostKey(description.SSHHostKeyArgs{MachineID: "1", Keys: []string{}})
	size := uint64(8192)
	expire := at(60*24*7, cest)
	m.AddCloudImageMetadata(description.CloudImageMetadataArgs{
		Stream: "released", Region: "localhost", Version: "22.04", Arch: "amd64", VirtType: "kvm",
		RootStorageType: "ebs", RootStorageSize: &size, DateCreated: 1620388800123456789, Source: "custom",
		Priority: 50, ImageId: "ami-0123456789abcdef0", ExpireAt: &expire,
	})
	m.AddCloudImageMetadata(description.CloudImageMetadataArgs{Stream: "daily", Region: "localhost", Version: "20.04", Arch: "arm64", Source: "default cloud images"})

	prom := m.AddRemoteApplication(description.RemoteApplicationArgs{
		Tag: names.NewApplicationTag("prometheus"), OfferUUID: "7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e",
		URL: "othercontroller:admin/monitoring.prometheus", SourceModel: names.NewModelTag("e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b"),
		IsConsumerProxy: true,
		Macaroon:        `{"c":[{"i":"time-before 2021-05-08T12:00:00Z"}],"l":"","i64":"AwoQ","s64":"c2lnbmF0dXJl"}`,
		Bindings:        map[string]string{"scrape": "alpha"},
	})
	prom.SetStatus(st("active", "consumed", 9))
	prom.AddEndpoint(description.RemoteEndpointArgs{Name: "scrape", Role: "requirer", Interface: "prometheus"})
	sp := prom.AddSpace(description.RemoteSpaceArgs{CloudType: "ec2", Name: "monitoring", ProviderId: "sp-1", ProviderAttributes: map[string]interface{}{"vpc": "vpc-9", "shared": true}})
	sp.AddSubnet(description.SubnetArgs{CIDR: "172.16.0.0/16", ProviderId: "subnet-9", ProviderNetworkId: "vpc-9", ProviderSpaceId: "sp-1", VLANTag: 7, AvailabilityZones: []string{"us-east-1a"}, SpaceName: "monitoring"})
	m.AddRemoteApplication(description.RemoteApplicationArgs{
		Tag: names.NewApplicationTag("grafana"), OfferUUID: "8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f", URL: "admin/dash.grafana",
		SourceModel: names.NewModelTag("f2a3b4c5-d6e7-4f8a-9b0c-1d2e3f4a5b6c"),
	})
	m.AddRemoteEntity(description.RemoteEntityArgs{ID: "application-prometheus", Token: "token-0123", Macaroon: "macaroon-data"})
	m.AddRelationNetwork(description.RelationNetworkArgs{ID: "prometheus:scrape mysql:metrics", RelationKey: "prometheus:scrape mysql:metrics", CIDRS: []string{"172.16.0.0/16", "10.0.0.0/8"}})
	m.AddOfferConnection(description.OfferConnectionArgs{OfferUUID: "4f7a3c2e-1b9d-4e8f-a6c5-2d3e4f5a6b7c", RelationID: 5, RelationKey: "prometheus:scrape mysql:metrics", UserName: "bob@external", SourceModelUUID: "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b"})
	m.AddExternalController(description.ExternalControllerArgs{
		Tag: names.NewControllerTag("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"), Alias: "othercontroller",
		Addrs: []string{"10.1.0.1:17070", "[fd00::1]:17070"}, CACert: "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n",
		Models: []string{"e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b"},
	})
	m.AddFirewallRule(description.FirewallRuleArgs{ID: "ssh", WellKnownService: "ssh", WhitelistCIDRs: []string{"192.168.0.0/16"}})
	m.AddFirewallRule(description.FirewallRuleArgs{ID: "juju-application-offer", WellKnownService: "juju-application-offer", WhitelistCIDRs: []string{}})

	m.AddStoragePool(description.StoragePoolArgs{Name: "ebs-ssd", Provider: "ebs", Attributes: map[string]interface{}{"volume-type": "gp3", "iops": 3000, "encrypted": true}})
	m.AddStorage(description.StorageArgs{
		Tag: names.NewStorageTag("data/0"), Kind: "block", Owner: names.NewUnitTag("mysql/0"), Name: "data",
		Attachments: []names.UnitTag{names.NewUnitTag("mysql/0")}, Constraints: &description.StorageInstanceConstraints{Pool: "ebs-ssd", Size: 10240},
	})
	m.AddStorage(description.StorageArgs{
		Tag: names.NewStorageTag("logs/1"), Kind: "filesystem", Owner: names.NewApplicationTag("mysql"), Name: "logs",
		Constraints: &description.StorageInstanceConstraints{Pool: "rootfs", Size: 1024},
	})
	vol := m.AddVolume(description.VolumeArgs{
		Tag: names.NewVolumeTag("0"), Storage: names.NewStorageTag("data/0"), Provisioned: true, Size: 10240, Pool: "ebs-ssd",
		HardwareID: "nvme-Amazon_EBS_vol0", WWN: "0x5000", VolumeID: "vol-0123456789abcdef0", Persistent: true,
	})
	vol.SetStatus(st("attached", "", 10))
	vol.SetStatusHistory(history("attaching"))
	vol.AddAttachment(description.VolumeAttachmentArgs{
		Host: names.NewMachineTag("0"), Provisioned: true, DeviceName: "nvme1n1", DeviceLink: "/dev/disk/by-id/nvme-vol0",
		BusAddress: "pci@0000:00:1f.0", DeviceType: "iscsi", DeviceAttributes: map[string]string{"iqn": "iqn.2021-05.com.example:vol0", "port": "3260"},
	})
	vol.AddAttachment(description.VolumeAttachmentArgs{Host: names.NewUnitTag("mysql/1"), ReadOnly: true})
	vol.AddAttachmentPlan(description.VolumeAttachmentPlanArgs{
		Machine: names.NewMachineTag("0"), DeviceName: "sdb", DeviceLinks: []string{"/dev/disk/by-id/scsi-0"}, Label: "data", UUID: "1234-5678",
		HardwareId: "scsi-0", WWN: "0x5001", BusAddress: "scsi@1:0.0.0", Size: 10240, FilesystemType: "xfs", InUse: true, MountPoint: "/srv/data",
		DeviceType: "local", DeviceAttributes: map[string]string{"path": "/dev/sdb"},
	})
	vol2 := m.AddVolume(description.VolumeArgs{Tag: names.NewVolumeTag("0/1"), Size: 512})
	vol2.SetStatus(st("pending", "", 10))
	fs := m.AddFilesystem(description.FilesystemArgs{
		Tag: names.NewFilesystemTag("0"), Storage: names.NewStorageTag("logs/1"), Volume: names.NewVolumeTag("0"), Provisioned: true,
		Size: 1024, Pool: "rootfs", FilesystemID: "fs-0a1b2c3d",
	})
	fs.SetStatus(st("attached", "", 11))
	fs.SetStatusHistory(history("attaching"))
	fs.AddAttachment(description.FilesystemAttachmentArgs{Host: names.NewMachineTag("0/lxd/0"), Provisioned: true, ReadOnly: true, MountPoint: "/var/log/mysql"})
	fs.AddAttachment(description.FilesystemAttachmentArgs{Host: names.NewUnitTag("wordpress/10")})

	m.AddOperation(description.OperationArgs{
		Id: "1", Summary: "backup run on mysql/0", Enqueued: at(20, time.UTC), Started: at(21, time.UTC), Completed: at(25, time.UTC),
		Status: "failed", Fail: "backup: disk full", CompleteTaskCount: 1, SpawnedTaskCount: 3,
	})
	m.AddOperation(description.OperationArgs{Id: "2", Summary: "pending", Enqueued: at(30, time.UTC), Status: "pending"})
	m.AddAction(description.ActionArgs{
		Id: "2", Receiver: "mysql/0", Name: "backup", Operation: "1",
		Parameters: map[string]interface{}{"path": "/srv/backup", "compress": true, "level": 9}, Parallel: true, ExecutionGroup: "nightly",
		Enqueued: at(20, time.UTC), Started: at(21, time.UTC), Completed: at(25, time.UTC), Status: "failed",
		Message: "disk full", Results: map[string]interface{}{"return-code": 1, "stderr": "No space left on device\n"},
		Messages: []description.ActionMessage{
			actionMessage{t: at(22, time.UTC), msg: "starting backup"},
			actionMessage{t: at(24, time.UTC), msg: "writing: 95%"},
		},
	})
	addSecrets(m)
	m.AddAction(description.ActionArgs{Id: "3", Receiver: "0", Name: "juju-exec", Operation: "2", Parameters: map[string]interface{}{}, Enqueued: at(30, time.UTC), Status: "pending", Results: map[string]interface{}{}})
	return m
}

type actionMessage struct {
	t   time.Time
	msg string
}

func (m actionMessage) Timestamp() time.Time { return m.t }
func (m actionMessage) Message() string      { return m.msg }

// addCAASApplication adds a Kubernetes application with a cloud service and
// units in cloud containers.
func addCAASApplication(m description.Model, name string, units int) description.Application {
	a := m.AddApplication(description.ApplicationArgs{
		Tag: names.NewApplicationTag(name), Type: "caas", CharmURL: "ch:amd64/focal/" + name + "-k8s-12", Channel: "latest/stable",
		CharmModifiedVersion: 1, PasswordHash: "b3BlcmF0b3ItcGFzc3dvcmQ=",
		PodSpec:   "version: 3\ncontainers:\n- name: " + name + "\n  image: gitlab/gitlab-ce:13.11\n  ports:\n  - containerPort: 80\n",
		Placement: "node=worker-1", HasResources: true, DesiredScale: units,
		CloudService: &description.CloudServiceArgs{ProviderId: "svc-" + name + "-0a1b", Addresses: []description.AddressArgs{
			{Value: "10.152.183.10", Type: "ipv4", Scope: "local-cloud"}, {Value: name + ".example.com", Type: "hostname", Scope: "public"},
		}},
		EndpointBindings: map[string]string{"": "alpha"}, CharmConfig: map[string]interface{}{"external_url": "https://" + name + ".example.com"},
		LeadershipSettings: map[string]interface{}{}, Leader: name + "/0",
	})
	a.SetStatus(st("active", "", 1))
	a.SetOperatorStatus(st("running", "operator ready", 1))
	a.SetTools(tools("3.0.2-ubuntu-amd64"))
	a.SetCharmOrigin(description.CharmOriginArgs{Source: "charm-hub", ID: name + "-id", Hash: "h", Revision: 12, Channel: "latest/stable", Platform: "amd64/ubuntu/20.04"})
	res := a.AddResource(description.ResourceArgs{Name: name + "-image"})
	res.SetApplicationRevision(description.ResourceRevisionArgs{Revision: 2, Type: "oci-image", Path: name + "-image", Description: "OCI image", Origin: "store", FingerprintHex: "abcd", Size: 734003200})
	for i := 0; i < units; i++ {
		un := fmt.Sprintf("%s/%d", name, i)
		u := a.AddUnit(description.UnitArgs{
			Tag: names.NewUnitTag(un), Type: "caas", PasswordHash: "dW5pdA==",
			CloudContainer: &description.CloudContainerArgs{
				ProviderId: fmt.Sprintf("%s-%d", name, i),
				Address:    description.AddressArgs{Value: fmt.Sprintf("10.1.45.%d", 10+i), Type: "ipv4", Scope: "local-machine"},
				Ports:      []string{"80/TCP", "22/TCP"},
			},
		})
		u.SetAgentStatus(st("idle", "", 2))
		u.SetWorkloadStatus(st("active", "", 2))
		if i > 0 {
			u.SetTools(tools("3.0.2-ubuntu-amd64"))
		}
	}
	return a
}

// caasModel is a Kubernetes model with a version 2 credential, which is
// read as it is.
func caasModel() description.Model {
	m := newModel("caas", "k8s", "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d")
	m.UpdateConfig(map[string]interface{}{"type": "kubernetes", "operator-storage": "standard", "workload-storage": ""})
	m.SetStatusHistory(history("busy"))
	m.SetSequence("application-gitlab", 3)
	m.SetCloudCredential(description.CloudCredentialArgs{
		Owner: names.NewUserTag("admin"), Cloud: names.NewCloudTag("microk8s"), Name: "k8s-cred", AuthType: "clientcertificate",
		Attributes: map[string]string{
			"ClientCertificateData": "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n",
			"ClientKeyData":         "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n",
		},
	})
	m.AddUser(description.UserArgs{Name: names.NewUserTag("admin"), CreatedBy: names.NewUserTag("admin"), DateCreated: t0, Access: "admin"})
	addCAASApplication(m, "gitlab", 3)
	m.AddStoragePool(description.StoragePoolArgs{Name: "k8s-pool", Provider: "kubernetes", Attributes: map[string]interface{}{"storage-class": "microk8s-hostpath"}})
	m.AddStorage(description.StorageArgs{
		Tag: names.NewStorageTag("repos/0"), Kind: "filesystem", Owner: names.NewUnitTag("gitlab/0"), Name: "repos",
		Attachments: []names.UnitTag{names.NewUnitTag("gitlab/0")}, Constraints: &description.StorageInstanceConstraints{Pool: "k8s-pool", Size: 20480},
	})
	fs := m.AddFilesystem(description.FilesystemArgs{Tag: names.NewFilesystemTag("0"), Storage: names.NewStorageTag("repos/0"), Provisioned: true, Size: 20480, Pool: "k8s-pool", FilesystemID: "pvc-0123"})
	fs.SetStatus(st("attached", "", 3))
	fs.AddAttachment(description.FilesystemAttachmentArgs{Host: names.NewUnitTag("gitlab/0"), Provisioned: true, MountPoint: "/var/opt/gitlab"})
	return m
}

// addSecrets adds secrets in the shape juju/description v4 writes at
// version 1: no auto-prune, remote consumers or value references.
func addSecrets(m description.Model) {
	next := at(60*24, cest)
	exp := at(60*24*30, time.UTC)
	m.AddSecret(description.SecretArgs{
		ID: "cdmc4vepn2u4r4e5lsqg", Version: 1, Description: "database password", Label: "db-pass", RotatePolicy: "monthly",
		Owner: names.NewApplicationTag("mysql"), Created: at(-60, cest), Updated: at(-30, time.UTC), NextRotateTime: &next,
		Revisions: []description.SecretRevisionArgs{
			{Number: 1, Created: at(-60, time.UTC), Updated: at(-60, time.UTC), Obsolete: true, Content: map[string]string{"password": "c2VjcmV0"}},
			{Number: 2, Created: at(-30, cest), Updated: at(-30, time.UTC), Content: map[string]string{"password": "c2VjcmV0Mg==", "user": "cm9vdA=="}, ExpireTime: &exp},
		},
		ACL: map[string]description.SecretAccessArgs{
			"application-wordpress": {Scope: "relation-0", Role: "view"},
			"unit-mysql-0":          {Scope: "application-mysql", Role: "manage"},
		},
		Consumers: []description.SecretConsumerArgs{
			{Consumer: names.NewUnitTag("wordpress/10"), Label: "db", CurrentRevision: 2},
			{Consumer: names.NewApplicationTag("telegraf"), CurrentRevision: 1},
		},
	})
	// Owned by the model. (A secret without consumers is in
	// secret-empty-consumers.in.yaml.)
	m.AddSecret(description.SecretArgs{
		ID: "cdmc4vepn2u4r4e5lsr0", RotatePolicy: "never", Owner: names.NewModelTag("0c2b2f3a-8a46-4b5e-9f0c-6a1f2b3c4d5e"), Created: t0, Updated: t0,
		Revisions: []description.SecretRevisionArgs{{Number: 1, Created: t0, Updated: t0, Content: map[string]string{"token": "dG9rZW4="}}},
		ACL:       map[string]description.SecretAccessArgs{"application-telegraf": {Scope: "model-0c2b2f3a-8a46-4b5e-9f0c-6a1f2b3c4d5e", Role: "view"}},
		Consumers: []description.SecretConsumerArgs{{Consumer: names.NewUnitTag("telegraf/0"), Label: "token", CurrentRevision: 1}},
	})
}

// secretBackendModel has a secret whose revision is stored in a secret
// backend: juju/description v4 writes the revision's backend-id, which
// v5 (whose revisions have a value-ref instead) drops on read.
func secretBackendModel() description.Model {
	m := newModel("iaas", "secret-backend", "3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a")
	backend := "6375dc4b1b5bf8a7b1e2c4d5"
	m.AddSecret(description.SecretArgs{
		ID: "cdmc4vepn2u4r4e5lss0", Version: 1, Label: "vault-stored", RotatePolicy: "never",
		Owner: names.NewModelTag("3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a"), Created: t0, Updated: t0,
		Revisions: []description.SecretRevisionArgs{
			{Number: 1, Created: t0, Updated: t0, BackendId: &backend},
			{Number: 2, Created: at(1, time.UTC), Updated: at(1, time.UTC), Content: map[string]string{"k": "dg=="}},
		},
		ACL:       map[string]description.SecretAccessArgs{"model-3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a": {Scope: "model-3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a", Role: "manage"}},
		Consumers: []description.SecretConsumerArgs{{Consumer: names.NewModelTag("3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a"), CurrentRevision: 2}},
	})
	return m
}

// secretEmptyConsumersModel has a secret without ACL or consumers, which
// juju/description v4 writes as "acl: {}" and "consumers: []".
func secretEmptyConsumersModel() description.Model {
	m := newModel("iaas", "secret-empty", "6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d")
	m.AddSecret(description.SecretArgs{
		ID: "cdmc4vepn2u4r4e5lsu0", RotatePolicy: "never", Owner: names.NewModelTag("6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d"),
		Created: t0, Updated: t0,
		Revisions: []description.SecretRevisionArgs{{Number: 1, Created: t0, Updated: t0, Content: map[string]string{"k": "dg=="}}},
	})
	return m
}

// secretWithoutRotatePolicyModel has a secret without a rotate policy.
// juju/description v4's own reader panics on it; v5.0.4 reads it.
func secretWithoutRotatePolicyModel() description.Model {
	m := newModel("iaas", "secret-no-rotate", "5f6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7b8c")
	m.AddSecret(description.SecretArgs{
		ID: "cdmc4vepn2u4r4e5lst0", Owner: names.NewModelTag("5f6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7b8c"), Created: t0, Updated: t0,
		Revisions: []description.SecretRevisionArgs{{Number: 1, Created: t0, Updated: t0, Content: map[string]string{"k": "dg=="}}},
		ACL:       map[string]description.SecretAccessArgs{"model-5f6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7b8c": {Scope: "model-5f6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7b8c", Role: "view"}},
		Consumers: []description.SecretConsumerArgs{{Consumer: names.NewModelTag("5f6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7b8c"), CurrentRevision: 1}},
	})
	return m
}

// seriesWithoutPlatformModel has an application v9 with a series and a
// charm origin without a platform. juju/description v5 does not read the
// series of an application v9, so it leaves the platform empty.
func seriesWithoutPlatformModel() description.Model {
	m := newModel("iaas", "no-platform", "4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b")
	a := m.AddApplication(description.ApplicationArgs{
		Tag: names.NewApplicationTag("ubuntu"), Type: "iaas", Series: "jammy", CharmURL: "ch:amd64/jammy/ubuntu-21",
		CharmConfig: map[string]interface{}{}, LeadershipSettings: map[string]interface{}{},
	})
	a.SetStatus(st("unknown", "", 2))
	a.SetCharmOrigin(description.CharmOriginArgs{Source: "charm-hub", ID: "ubuntu-id", Hash: "h", Revision: 21, Channel: "latest/stable"})
	return m
}

// cloudServiceWithoutProviderIDModel has a Kubernetes application whose
// cloud service has addresses but no provider id: the old release writes
// it and its own reader panics on it; juju/description v5.0.4 reads it.
func cloudServiceWithoutProviderIDModel() description.Model {
	m := newModel("caas", "no-provider-id", "8c9d0e1f-2a3b-4c4d-8e5f-6a7b8c9d0e1f")
	a := m.AddApplication(description.ApplicationArgs{
		Tag: names.NewApplicationTag("nginx"), Type: "caas", CharmURL: "ch:amd64/focal/nginx-k8s-3",
		CloudService: &description.CloudServiceArgs{Addresses: []description.AddressArgs{
			{Value: "10.152.183.20", Type: "ipv4", Scope: "local-cloud"},
		}},
		CharmConfig: map[string]interface{}{}, LeadershipSettings: map[string]interface{}{},
	})
	a.SetStatus(st("waiting", "", 1))
	return m
}
