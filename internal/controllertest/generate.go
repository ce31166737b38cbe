package controllertest

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/modelferry/ferry/description"
)

// Size says how big a generated model is.
type Size struct {
	// UUID of the model; empty gives one derived from the sizes.
	UUID string
	// Name of the model; empty gives "gen".
	Name string
	// CAAS makes a Kubernetes model (no machines).
	CAAS bool
	// Machines is the number of top-level machines; every ContainerEvery-th
	// one also hosts an LXD container (0: none).
	Machines       int
	ContainerEvery int
	// Applications and Units (spread evenly over the applications, and over
	// the machines round-robin).
	Applications int
	Units        int
	// Relations between pairs of applications; every unit of both is in
	// scope with settings.
	Relations int
	// History is the number of status history entries per entity.
	History int
	// Juju36 makes a Juju 3.6.22 model: agents at 3.6.22, and what a
	// Juju 3.6 controller holds beyond 3.5: machine hostnames, one virtual
	// host key per machine, and each application's charm metadata,
	// manifest, actions and config options (an LXD profile on every tenth).
	Juju36 bool
}

// Preset sizes.
var (
	Small  = Size{Name: "small", Machines: 3, ContainerEvery: 2, Applications: 2, Units: 4, Relations: 1, History: 3}
	Medium = Size{Name: "medium", Machines: 100, ContainerEvery: 10, Applications: 20, Units: 100, Relations: 30, History: 5}
	Large  = Size{Name: "large", Machines: 1000, Applications: 100, Units: 1000, Relations: 500, History: 3, Juju36: true}
	// Huge is the benchmark model: 10,000 machines, 1,000 applications,
	// 10,000 units and 5,000 relations, with statuses and histories.
	Huge = Size{Name: "huge", Machines: 10000, Applications: 1000, Units: 10000, Relations: 5000, History: 2, Juju36: true}
)

// base time of every generated timestamp.
var t0 = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

// at gives a millisecond-precision time (datetimes store milliseconds).
func at(i int) time.Time { return t0.Add(time.Duration(i) * time.Second) }

// nsAt gives a nanosecond-precision time (status times are int64 ns).
func nsAt(i int) time.Time {
	return t0.Add(time.Duration(i)*time.Second + time.Duration(i%997)*time.Nanosecond + 17)
}

// appName gives a valid application name for index i: "app" + letters.
func appName(i int) string {
	s := ""
	for {
		s = string(rune('a'+i%26)) + s
		i = i/26 - 1
		if i < 0 {
			break
		}
	}
	return "app" + s
}

func status(value, msg string, i int) *description.Status {
	return &description.Status{Value: value, Message: msg, Updated: nsAt(i)}
}

func history(value string, n, i int) []description.Status {
	if n == 0 {
		return nil
	}
	out := make([]description.Status, n)
	for k := 0; k < n; k++ {
		// newest first
		out[k] = description.Status{Value: value, Message: fmt.Sprintf("step %d", n-k), Updated: nsAt(i*100 + n - k)}
	}
	return out
}

// ModelUUID gives a UUID for a generated model from a number.
func ModelUUID(n int) string {
	return fmt.Sprintf("%08x-1111-4222-8333-%012x", n, n)
}

// Generate makes a valid model of the given size, in the form an export
// of it gives back (sorted as the exporter sorts, with the defaults it
// fills in), so that WriteModel then export returns an equal tree.
func Generate(size Size) *description.Model {
	uuid := size.UUID
	if uuid == "" {
		uuid = ModelUUID(size.Machines*7 + size.Units*3 + size.Applications)
	}
	name := size.Name
	if name == "" {
		name = "gen"
	}
	typ := "iaas"
	if size.CAAS {
		typ = "caas"
	}
	m := &description.Model{
		Type:  typ,
		Owner: "admin",
		Config: map[string]any{
			"name": name, "uuid": uuid, "type": typ, "agent-version": "3.5.1",
			"default-base": "ubuntu@22.04", "logging-config": "<root>=INFO",
			"update-status-hook-interval": "5m", "num-provision-workers": 16,
		},
		Sequences:   map[string]int{"machine": size.Machines, "relation": size.Relations},
		Cloud:       "lxd",
		CloudRegion: "localhost",
		Status:      status("available", "", 1),
		SLA:         description.SLA{Level: "unsupported"},
		MeterStatus: description.MeterStatus{Code: "NOT AVAILABLE"},
		LatestTools: "3.5.2",
		// Juju 3.x keeps the agent version in the config; an export
		// gives it as the model's too.
		AgentVersion: "3.5.1",
	}
	agent := "3.5.1"
	if size.Juju36 {
		agent = "3.6.22"
		m.Config["agent-version"], m.AgentVersion, m.LatestTools = agent, agent, agent
	}
	if size.CAAS {
		m.Cloud, m.CloudRegion = "k8s", ""
	}
	m.StatusHistory = history("available", size.History, 0)
	m.Users = []*description.User{{Name: "admin", DisplayName: "admin", CreatedBy: "admin", DateCreated: at(1), Access: "admin"}}
	tools := func(i int) *description.AgentTools {
		return &description.AgentTools{Version: agent + "-ubuntu-amd64", URL: "https://example.com/tools/" + strconv.Itoa(i), SHA256: "abc123", Size: 1234567}
	}

	var hosts []string
	if !size.CAAS {
		for i := 0; i < size.Machines; i++ {
			id := strconv.Itoa(i)
			mc := machine(id, i, size.History, tools(i))
			if size.ContainerEvery > 0 && i%size.ContainerEvery == 0 {
				cid := id + "/lxd/0"
				c := machine(cid, i+size.Machines, size.History, tools(i))
				c.ContainerType = "lxd"
				c.Instance.InstanceID = "juju-c-" + strconv.Itoa(i)
				mc.Containers = append(mc.Containers, c)
				m.Sequences["machine"+id+"lxdContainer"] = 1
			}
			if size.Juju36 {
				mc.Hostname = "juju-host-" + id
				m.VirtualHostKeys = append(m.VirtualHostKeys, &description.VirtualHostKey{
					ID: "machine-" + id + "-hostkey", HostKey: []byte("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + id)})
				for _, c := range mc.Containers {
					c.Hostname = "juju-host-" + strings.ReplaceAll(c.ID, "/", "-")
				}
			}
			m.Machines = append(m.Machines, mc)
			hosts = append(hosts, id)
		}
	}

	perApp := 0
	if size.Applications > 0 {
		perApp = size.Units / size.Applications
	}
	unitIdx := 0
	apps := make([]*description.Application, size.Applications)
	for i := range apps {
		an := appName(i)
		a := &description.Application{
			Name:                 an,
			Type:                 typ,
			CharmURL:             "ch:amd64/jammy/" + an + "-" + strconv.Itoa(i%40+1),
			CharmModifiedVersion: i % 3,
			Status:               status("active", "ready", 10+i),
			StatusHistory:        history("active", size.History, 10+i),
			CharmConfig:          map[string]any{"port": 8000 + i, "name": an},
			LeadershipSettings:   map[string]any{},
			EndpointBindings:     map[string]string{"": "0"},
			OperatorStatus:       &description.Status{},
			OpenedPortRanges:     map[string]map[string][]description.PortRange{},
			CharmOrigin: &description.CharmOrigin{
				Source: "charm-hub", ID: "id" + an, Hash: "hash" + an, Revision: i%40 + 1,
				Channel: "latest/stable", Platform: "amd64/ubuntu/22.04/stable",
			},
		}
		if size.CAAS {
			a.CharmOrigin.Platform = "amd64/ubuntu/22.04"
			a.DesiredScale = perApp
			a.Tools = &description.AgentTools{Version: agent + "-ubuntu-amd64"}
			a.OperatorStatus = status("active", "", 20+i)
			a.PodSpec = "spec: " + an
			a.CloudService = &description.CloudService{ProviderID: "svc-" + an, Addresses: []description.Address{{Value: "10.152.183." + strconv.Itoa(i%250+1), Type: "ipv4", Scope: "local-cloud"}}}
		}
		if size.Juju36 {
			charmData36(a, i)
		}
		m.Sequences["application-"+an] = perApp
		n := perApp
		if i == len(apps)-1 {
			n = size.Units - unitIdx
		}
		var units []*description.Unit
		for k := 0; k < n; k++ {
			un := an + "/" + strconv.Itoa(k)
			u := &description.Unit{
				Name:                   un,
				AgentStatus:            status("idle", "", 100000+unitIdx),
				AgentStatusHistory:     history("idle", size.History, 100000+unitIdx),
				WorkloadStatus:         status("active", "ready", 200000+unitIdx),
				WorkloadStatusHistory:  history("active", size.History, 200000+unitIdx),
				WorkloadVersion:        "1." + strconv.Itoa(k),
				WorkloadVersionHistory: history("active", min(size.History, 1), 300000+unitIdx),
				PasswordHash:           "unit-hash-" + strconv.Itoa(unitIdx),
				MeterStatusCode:        "NOT SET",
			}
			if size.CAAS {
				u.CloudContainer = &description.CloudContainer{ProviderID: "pod-" + strconv.Itoa(unitIdx),
					Address: &description.Address{Value: "10.1.0." + strconv.Itoa(unitIdx%250+1), Type: "ipv4", Scope: "local-machine"}, Ports: []string{"80/TCP"}}
			} else {
				host := hosts[unitIdx%len(hosts)]
				u.Machine = host
				u.Tools = tools(unitIdx)
				if unitIdx%5 == 0 {
					mc := findMachine(m.Machines, host)
					if mc.OpenedPortRanges == nil || len(mc.OpenedPortRanges) == 0 {
						mc.OpenedPortRanges = map[string]map[string][]description.PortRange{}
					}
					mc.OpenedPortRanges[un] = map[string][]description.PortRange{"": {{FromPort: 80, ToPort: 80, Protocol: "tcp"}}}
				}
			}
			units = append(units, u)
			unitIdx++
		}
		sortUnits(units)
		a.Units = units
		apps[i] = a
	}
	sortApps(apps)
	m.Applications = apps

	byName := map[string]*description.Application{}
	for _, a := range apps {
		byName[a.Name] = a
	}
	for r := 0; r < size.Relations && size.Applications > 1; r++ {
		ai, bi := r%size.Applications, (r/size.Applications+r+1)%size.Applications
		if ai == bi {
			bi = (bi + 1) % size.Applications
		}
		a, b := byName[appName(ai)], byName[appName(bi)]
		req := &description.Endpoint{ApplicationName: a.Name, Name: "req" + strconv.Itoa(r), Role: "requirer", Interface: "http", Limit: 1, Scope: "global",
			ApplicationSettings: map[string]any{}, UnitSettings: map[string]map[string]any{}}
		prov := &description.Endpoint{ApplicationName: b.Name, Name: "prov" + strconv.Itoa(r), Role: "provider", Interface: "http", Scope: "global",
			ApplicationSettings: map[string]any{"url": "http://" + b.Name}, UnitSettings: map[string]map[string]any{}}
		for _, u := range a.Units {
			req.UnitSettings[u.Name] = map[string]any{"private-address": "10.0.0.1"}
		}
		for _, u := range b.Units {
			prov.UnitSettings[u.Name] = map[string]any{"private-address": "10.0.0.2", "port": 80}
		}
		m.Relations = append(m.Relations, &description.Relation{
			ID: r, Key: a.Name + ":" + req.Name + " " + b.Name + ":" + prov.Name,
			Endpoints: []*description.Endpoint{req, prov},
			Status:    status("joined", "", 400000+r),
		})
	}
	return m
}

func machine(id string, i, hist int, t *description.AgentTools) *description.Machine {
	none := []string{}
	return &description.Machine{
		ID:            id,
		Nonce:         "nonce-" + id,
		PasswordHash:  "machine-hash-" + id,
		Base:          "ubuntu@22.04/stable",
		Status:        status("started", "", 500000+i),
		StatusHistory: history("started", hist, 500000+i),
		Instance: &description.CloudInstance{
			InstanceID: "juju-" + strconv.Itoa(i), DisplayName: "juju-" + strconv.Itoa(i),
			Status:             status("running", "Running", 600000+i),
			StatusHistory:      history("running", hist, 600000+i),
			ModificationStatus: &description.Status{Value: "idle", Updated: nsAt(700000 + i)},
			Architecture:       "amd64", Memory: 4096, RootDisk: 20480, CPUCores: 2,
			AvailabilityZone: "zone" + strconv.Itoa(i%3),
		},
		ProviderAddresses:       []description.Address{{Value: fmt.Sprintf("10.%d.%d.%d", i/65536%256, i/256%256, i%256), Type: "ipv4", Scope: "local-cloud", Origin: "provider", SpaceID: "0"}},
		MachineAddresses:        []description.Address{{Value: fmt.Sprintf("10.%d.%d.%d", i/65536%256, i/256%256, i%256), Type: "ipv4", Scope: "local-cloud", Origin: "machine"}},
		PreferredPrivateAddress: &description.Address{Value: fmt.Sprintf("10.%d.%d.%d", i/65536%256, i/256%256, i%256), Type: "ipv4", Scope: "local-cloud", Origin: "provider", SpaceID: "0"},
		Tools:                   t,
		Jobs:                    []string{"host-units"},
		SupportedContainers:     &none,
		OpenedPortRanges:        map[string]map[string][]description.PortRange{},
		BlockDevices:            []description.BlockDevice{{Name: "sda", Size: 20480, InUse: true, FilesystemType: "ext4", MountPoint: "/"}},
	}
}

func findMachine(ms []*description.Machine, id string) *description.Machine {
	for _, mc := range ms {
		if mc.ID == id {
			return mc
		}
	}
	return nil
}

// sortUnits orders units by name bytes, as the exporter does ("a/10"
// before "a/2").
func sortUnits(us []*description.Unit) {
	sortSlice(us, func(a, b *description.Unit) bool { return a.Name < b.Name })
}

func sortApps(as []*description.Application) {
	sortSlice(as, func(a, b *description.Application) bool { return a.Name < b.Name })
}

// charmData36 gives a generated application the charm data a Juju 3.6
// controller keeps on its charm document (applications v13).
func charmData36(a *description.Application, i int) {
	a.CharmMetadata = &description.CharmMetadata{Name: a.Name, Summary: "Generated charm " + a.Name,
		Description: "A charm of the generated benchmark model.", MinJujuVersion: "3.1.0", Tags: []string{"misc"}, Assumes: "null",
		Storage: map[string]description.CharmStorage{"data": {Name: "data", Type: "filesystem", CountMin: 0, CountMax: 1, Location: "/srv/data"}}}
	if i%10 == 0 {
		a.CharmMetadata.Assumes = `["juju \u003e= 3.1"]`
		a.CharmMetadata.LXDProfile = `{"Config":{"security.nesting":"true"},"Description":"","Devices":{}}`
	}
	a.CharmManifest = &description.CharmManifest{Bases: []description.CharmBase{{Name: "ubuntu", Channel: "22.04/stable", Architectures: []string{"amd64"}}}}
	a.CharmActions = &description.CharmActions{Actions: map[string]description.CharmAction{
		"restart": {Description: "Restart the service."},
		"backup":  {Description: "Back up the data.", Parameters: map[string]any{"type": "object", "properties": map[string]any{"to": map[string]any{"type": "string"}}}},
	}}
	a.CharmConfigs = &description.CharmConfigs{Configs: map[string]description.CharmConfig{
		"port":  {Type: "int", Description: "listen port", Default: 8000 + i},
		"name":  {Type: "string", Description: "service name", Default: a.Name},
		"debug": {Type: "boolean", Default: false},
	}}
}
