package description

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestValidateAcceptsTheTestModel(t *testing.T) {
	if err := newTestModel().Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestValidateRules(t *testing.T) {
	tests := []struct {
		name   string
		change func(m *Model)
		want   string // the rendered error (no file: the tree is built in code)
	}{
		{"owner missing", func(m *Model) { m.Owner = "" }, "owner: model owner is missing"},
		{"model status missing", func(m *Model) { m.Status = nil }, "status: model status is missing"},
		{"machine tools missing", func(m *Model) { m.Machines[0].Tools = nil }, `machines[0].tools: machine "0" tools are missing`},
		{"machine base malformed", func(m *Model) { m.Machines[0].Base = "jammy" }, `machines[0].base: base "jammy" is not valid (want os@channel, e.g. ubuntu@22.04)`},
		{"container instance missing", func(m *Model) { m.Machines[0].Containers[0].Instance = nil }, `machines[0].containers[0].instance: machine "0/lxd/0" instance is missing`},
		{"instance id missing", func(m *Model) { m.Machines[0].Instance.InstanceID = "" }, `machines[0].instance.instance-id: machine "0" instance id is missing`},
		{"duplicate machine", func(m *Model) { m.Machines = append(m.Machines, m.Machines[0]) }, `machines[1].id: machine "0" appears twice`},
		{"bad machine id", func(m *Model) { m.Machines[0].ID = "0/lxd" }, `machines[0].id: machine id "0/lxd" is not valid (want N or N/<container>/M)`},
		{"unit on missing machine", func(m *Model) { m.Applications[0].Units[0].Machine = "17" }, `applications[0].units[0].machine: machine "17" does not exist`},
		{"unit without tools", func(m *Model) { m.Applications[0].Units[0].Tools = nil }, `applications[0].units[0].tools: unit "mysql/0" tools are missing`},
		{"bad unit name", func(m *Model) { m.Applications[0].Units[0].Name = "mysql-0" }, `applications[0].units[0].name: unit name "mysql-0" is not valid (want application/N)`},
		{"unit of another application", func(m *Model) {
			m.Applications[0].Units[0].Name = "pg/0"
		}, `applications[0].units[0].name: unit "pg/0" does not belong to application "mysql"`},
		{"bad application name", func(m *Model) { m.Applications[0].Name = "My_SQL" }, `applications[0].name: application name "My_SQL" is not valid`},
		{"leader not a unit", func(m *Model) { m.Applications[0].Leader = "mysql/9" }, `applications[0].leader: leader "mysql/9" is not a unit of application "mysql"`},
		{"resource without application revision", func(m *Model) {
			m.Applications[0].Resources = []*Resource{{Name: "r"}}
		}, `applications[0].resources[0].application-revision: resource "r" has no application revision`},
		{"relation to unknown application", func(m *Model) { m.Relations[0].Endpoints[0].ApplicationName = "ghost" }, `relations[0].endpoints[0].application-name: application "ghost" of relation 0 does not exist`},
		{"unit missing relation settings", func(m *Model) { m.Relations[0].Endpoints[0].UnitSettings = map[string]map[string]any{} }, `relations[0].endpoints[0].unit-settings: relation 0 has no settings for unit "mysql/0"`},
		{"ports for unknown unit", func(m *Model) {
			m.Machines[0].OpenedPortRanges = map[string]map[string][]PortRange{"ghost/0": {"": {{FromPort: 80, ToPort: 80, Protocol: "tcp"}}}}
		}, `machines[0].opened-port-ranges: opened ports name unit "ghost/0", which does not exist`},
		{"subnet in unknown space", func(m *Model) { m.Subnets = []*Subnet{{CIDR: "10.0.0.0/24", SpaceID: "9"}} }, `subnets[0].space-id: subnet "10.0.0.0/24" names space "9", which does not exist`},
		{"device on unknown machine", func(m *Model) {
			m.LinkLayerDevices = []*LinkLayerDevice{{Name: "eth0", MachineID: "5", Type: "ethernet"}}
		}, `link-layer-devices[0].machine-id: device "eth0" names machine "5", which does not exist`},
		{"device with missing parent", func(m *Model) {
			m.LinkLayerDevices = []*LinkLayerDevice{{Name: "eth0", MachineID: "0", Type: "ethernet", ParentName: "br0"}}
		}, `link-layer-devices[0].parent-name: parent device "br0" of "eth0" does not exist on machine "0"`},
		{"container device whose parent is not a bridge", func(m *Model) {
			m.LinkLayerDevices = []*LinkLayerDevice{
				{Name: "eth0", MachineID: "0", Type: "ethernet"},
				{Name: "eth0", MachineID: "0/lxd/0", Type: "ethernet", ParentName: "m#0#d#eth0"},
			}
		}, `link-layer-devices[1].parent-name: parent device "eth0" on machine "0" is a ethernet, not a bridge`},
		{"ip on unknown device", func(m *Model) {
			m.IPAddresses = []*IPAddress{{Value: "10.0.0.1", MachineID: "0", DeviceName: "eth9", SubnetCIDR: "10.0.0.0/24"}}
		}, `ip-addresses[0].device-name: ip address "10.0.0.1" names device "eth9", which does not exist on machine "0"`},
		{"storage owned by unknown unit", func(m *Model) { m.Storages = []*Storage{{ID: "data/0", Owner: "unit-ghost-0"}} }, `storages[0].owner: storage owner unit "ghost/0" does not exist`},
		{"storage owner not a tag", func(m *Model) { m.Storages = []*Storage{{ID: "data/0", Owner: "ghost"}} }, `storages[0].owner: storage owner "ghost" is not a valid tag`},
		{"volume of unknown storage", func(m *Model) {
			m.Volumes = []*Volume{{ID: "0", Size: 1, Status: &Status{Value: "ok"}, StorageID: "data/9"}}
		}, `volumes[0].storage-id: volume "0" names storage "data/9", which does not exist`},
		{"filesystem attached to nothing", func(m *Model) {
			m.Filesystems = []*Filesystem{{ID: "0", Size: 1, Status: &Status{Value: "ok"}, Attachments: []*FilesystemAttachment{{HostID: "ghost/0"}}}}
		}, `filesystems[0].attachments[0].host-id: filesystem "0" is attached to "ghost/0", which is neither a machine nor a unit`},
		{"secret id not an xid", func(m *Model) { m.Secrets = []*Secret{{ID: "not-an-xid", Owner: "model-x"}} }, `secrets[0].id: secret id "not-an-xid" is not valid (want a 20-character xid)`},
		{"secret owned by unknown application", func(m *Model) {
			m.Secrets = []*Secret{{ID: "cnl5ba7mp25c7a3aa2n0", Owner: "application-ghost"}}
		}, `secrets[0].owner: secret owner application "ghost" does not exist`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newTestModel()
			tc.change(m)
			err := m.Validate()
			if err == nil {
				t.Fatalf("want %q, got no error", tc.want)
			}
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("got %T", err)
			}
			for _, e := range list {
				if e.Error() == tc.want {
					return
				}
			}
			t.Fatalf("got:\n%v\nwant:\n%s", err, tc.want)
		})
	}
}

func TestValidateCollectsEveryError(t *testing.T) {
	m := newTestModel()
	m.Owner = ""
	m.Machines[0].Tools = nil
	m.Applications[0].Units[0].Machine = "9"
	var list ErrorList
	if !errors.As(m.Validate(), &list) || len(list) != 3 {
		t.Fatalf("want 3 errors, got %v", list)
	}
}

// bigModel builds a model with n machines, n units and n/10 applications.
func bigModel(n int) *Model {
	m := newTestModel()
	tmpl, app := m.Machines[0], m.Applications[0]
	m.Machines, m.Applications, m.Relations = nil, nil, nil
	for i := 0; i < n; i++ {
		mc := *tmpl
		mc.ID = fmt.Sprint(i)
		mc.Containers = nil
		m.Machines = append(m.Machines, &mc)
	}
	for a := 0; a < n/10; a++ {
		ap := *app
		ap.Name = fmt.Sprintf("app%d", a)
		ap.Leader = ""
		ap.Units = nil
		for u := 0; u < 10; u++ {
			un := *app.Units[0]
			un.Name = fmt.Sprintf("%s/%d", ap.Name, u)
			un.Machine = fmt.Sprint(a*10 + u)
			ap.Units = append(ap.Units, &un)
		}
		m.Applications = append(m.Applications, &ap)
	}
	return m
}

func BenchmarkValidate(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		m := bigModel(n)
		if err := m.Validate(); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("machines=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				_ = m.Validate()
			}
		})
	}
}

var _ = strings.TrimSpace
