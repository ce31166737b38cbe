package yamlemit

import (
	"fmt"
	"sync"
	"testing"
	"time"

	yaml "gopkg.in/yaml.v2"
)

// The benchmark document: 10,000 juju-like machines (about 20 MB of YAML)
// with instances, status and status history, addresses, tools, constraints
// and block devices, written by hand-written serializers of the kind ferry
// generates, against yaml.v2 Marshal of the same structs.

func benchMachines(n int) *jujuMachines {
	base := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	at := func(i int) time.Time { return base.Add(time.Duration(i) * 1234567891 * time.Nanosecond) }
	point := func(i int, value, msg string) *StatusPoint {
		p := &StatusPoint{Value: value, Message: msg, Updated: at(i)}
		if i%4 == 0 {
			p.Data = map[string]any{"exit-code": i % 3, "hook": "config-changed", "retry": i%2 == 0}
		}
		return p
	}
	history := func(i int, n int) StatusHistory {
		return StatusHistory{Version: 1, History: []*StatusPoint{
			point(i, "pending", ""),
			point(i+1, "allocating", "waiting for machine"),
			point(i+2, "started", "agent is idle and has been running for quite a while now; nothing to report here"),
			point(i+3, "error", "hook failed: \"install\""),
		}[:n]}
	}
	ms := &jujuMachines{Version: 3}
	for i := 0; i < n; i++ {
		id := fmt.Sprint(i)
		m := &machine{
			ID:           id,
			Nonce:        fmt.Sprintf("machine-%d:5d3b2a1c-8f7e-4a6b-9c0d-1e2f3a4b5c6d", i),
			PasswordHash: fmt.Sprintf("SXoXh8r5f0WPmI3h2kQ%07dZ2H3j4k5", i),
			Instance: &cloudInstance{
				Version: 3, InstanceID: fmt.Sprintf("juju-7b2c1a-%d", i),
				Status:           &status{Version: 2, StatusPoint: *point(i, "running", "Running")},
				StatusHistory:    history(i, 1),
				Architecture:     "amd64",
				Memory:           16384,
				RootDisk:         102400,
				CPUCores:         4,
				AvailabilityZone: "zone-a",
			},
			Base:          "ubuntu@22.04",
			Status:        &status{Version: 2, StatusPoint: *point(i, "started", "")},
			StatusHistory: history(i+7, 3),
			ProviderAddresses: []*address{
				{Version: 2, Value: fmt.Sprintf("10.%d.%d.%d", i%200, i/200%250, i%250+1), Type: "ipv4", Scope: "local-cloud", Origin: "provider", SpaceID: "0"},
			},
			MachineAddresses: []*address{
				{Version: 2, Value: fmt.Sprintf("10.%d.%d.%d", i%200, i/200%250, i%250+1), Type: "ipv4", Scope: "local-cloud", Origin: "machine"},
			},
			PreferredPublicAddress: &address{Version: 2, Value: fmt.Sprintf("10.%d.%d.%d", i%200, i/200%250, i%250+1), Type: "ipv4", Scope: "local-cloud", Origin: "provider"},
			Tools: &agentTools{
				Version: 2, ToolsVersion: "3.1.6-ubuntu-amd64",
				URL:    "https://10.0.0.2:17070/model/8d1a3c6e-2b4f-4a7d-9e1c-3f5a7b9d1e2f/tools/3.1.6-ubuntu-amd64",
				SHA256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Size: 38572912,
			},
			Jobs:        []string{"JobHostUnits"},
			Annotations: Annotations{"owner": "team-a", "purpose": "database cluster node"},
			Constraints: &constraints{Version: 1, Architecture: "amd64", CPUCores: 4, Memory: 16384, Spaces: []string{"alpha"}},
			BlockDevices: &blockDevices{Version: 1, BlockDevices: []*blockDevice{
				{Name: "sda", Links: []string{"/dev/disk/by-id/wwn-0x5000c500a1b2c3d4"}, UUID: "4b2d0f1e-9c8a-4e7b-a6d5-3c2b1a0f9e8d", Size: 102400, InUse: true, MountPoint: "/"},
			}},
		}
		if i%10 == 0 {
			sc := []string{"lxd"}
			m.SupportedContainers = &sc
			m.Containers = []*machine{{ID: id + "/lxd/0", Nonce: "n", Base: "ubuntu@22.04", ContainerType: "lxd", Jobs: []string{"JobHostUnits"}}}
		}
		ms.Machines = append(ms.Machines, m)
	}
	return ms
}

// The serializers below are what ferry's generated code looks like: fields
// in declaration order, omitempty as a length or nil check, free-form maps
// through Value.

func writeMachinesDoc(w *Writer, ms *jujuMachines) {
	w.BeginMapping()
	w.Key("version")
	w.Int(int64(ms.Version))
	w.Key("machines")
	w.BeginSequence()
	for _, m := range ms.Machines {
		writeMachine(w, m)
	}
	w.EndSequence()
	w.EndMapping()
}

func writeMachine(w *Writer, m *machine) {
	if m == nil {
		w.Null()
		return
	}
	w.BeginMapping()
	w.Key("id")
	w.String(m.ID)
	w.Key("nonce")
	w.String(m.Nonce)
	w.Key("password-hash")
	w.String(m.PasswordHash)
	if m.Placement != "" {
		w.Key("placement")
		w.String(m.Placement)
	}
	if m.Instance != nil {
		w.Key("instance")
		writeInstance(w, m.Instance)
	}
	if m.Series != "" {
		w.Key("series")
		w.String(m.Series)
	}
	w.Key("base")
	w.String(m.Base)
	if m.ContainerType != "" {
		w.Key("container-type")
		w.String(m.ContainerType)
	}
	w.Key("status")
	writeStatus(w, m.Status)
	w.Key("status-history")
	writeHistory(w, &m.StatusHistory)
	if len(m.ProviderAddresses) > 0 {
		w.Key("provider-addresses")
		writeAddresses(w, m.ProviderAddresses)
	}
	if len(m.MachineAddresses) > 0 {
		w.Key("machine-addresses")
		writeAddresses(w, m.MachineAddresses)
	}
	if m.PreferredPublicAddress != nil {
		w.Key("preferred-public-address")
		writeAddress(w, m.PreferredPublicAddress)
	}
	if m.PreferredPrivateAddress != nil {
		w.Key("preferred-private-address")
		writeAddress(w, m.PreferredPrivateAddress)
	}
	w.Key("tools")
	if t := m.Tools; t == nil {
		w.Null()
	} else {
		w.BeginMapping()
		w.Key("version")
		w.Int(int64(t.Version))
		w.Key("tools-version")
		w.String(t.ToolsVersion)
		w.Key("url")
		w.String(t.URL)
		w.Key("sha256")
		w.String(t.SHA256)
		w.Key("size")
		w.Int(t.Size)
		w.EndMapping()
	}
	w.Key("jobs")
	writeStrings(w, m.Jobs)
	if m.SupportedContainers != nil {
		w.Key("supported-containers")
		writeStrings(w, *m.SupportedContainers)
	}
	w.Key("containers")
	w.BeginSequence()
	for _, c := range m.Containers {
		writeMachine(w, c)
	}
	w.EndSequence()
	if len(m.Annotations) > 0 {
		w.Key("annotations")
		w.Value(map[string]string(m.Annotations))
	}
	if c := m.Constraints; c != nil {
		w.Key("constraints")
		w.BeginMapping()
		w.Key("version")
		w.Int(int64(c.Version))
		if c.AllocatePublicIP {
			w.Key("allocate-public-ip")
			w.Bool(true)
		}
		if c.Architecture != "" {
			w.Key("architecture")
			w.String(c.Architecture)
		}
		if c.CPUCores != 0 {
			w.Key("cores")
			w.Uint(c.CPUCores)
		}
		if c.Memory != 0 {
			w.Key("memory")
			w.Uint(c.Memory)
		}
		if len(c.Spaces) > 0 {
			w.Key("spaces")
			writeStrings(w, c.Spaces)
		}
		if len(c.Tags) > 0 {
			w.Key("tags")
			writeStrings(w, c.Tags)
		}
		if len(c.Zones) > 0 {
			w.Key("zones")
			writeStrings(w, c.Zones)
		}
		w.EndMapping()
	}
	if b := m.BlockDevices; b != nil {
		w.Key("block-devices")
		w.BeginMapping()
		w.Key("version")
		w.Int(int64(b.Version))
		w.Key("block-devices")
		w.BeginSequence()
		for _, d := range b.BlockDevices {
			w.BeginMapping()
			w.Key("name")
			w.String(d.Name)
			if len(d.Links) > 0 {
				w.Key("links")
				writeStrings(w, d.Links)
			}
			if d.Label != "" {
				w.Key("label")
				w.String(d.Label)
			}
			if d.UUID != "" {
				w.Key("uuid")
				w.String(d.UUID)
			}
			w.Key("size")
			w.Uint(d.Size)
			w.Key("in-use")
			w.Bool(d.InUse)
			if d.MountPoint != "" {
				w.Key("mount-point")
				w.String(d.MountPoint)
			}
			w.EndMapping()
		}
		w.EndSequence()
		w.EndMapping()
	}
	w.EndMapping()
}

func writeInstance(w *Writer, c *cloudInstance) {
	w.BeginMapping()
	w.Key("version")
	w.Int(int64(c.Version))
	w.Key("instance-id")
	w.String(c.InstanceID)
	if c.DisplayName != "" {
		w.Key("display-name")
		w.String(c.DisplayName)
	}
	w.Key("status")
	writeStatus(w, c.Status)
	w.Key("status-history")
	writeHistory(w, &c.StatusHistory)
	if c.Architecture != "" {
		w.Key("architecture")
		w.String(c.Architecture)
	}
	if c.Memory != 0 {
		w.Key("memory")
		w.Uint(c.Memory)
	}
	if c.RootDisk != 0 {
		w.Key("root-disk")
		w.Uint(c.RootDisk)
	}
	if c.CPUCores != 0 {
		w.Key("cores")
		w.Uint(c.CPUCores)
	}
	if c.CPUPower != 0 {
		w.Key("cpu-power")
		w.Uint(c.CPUPower)
	}
	if len(c.Tags) > 0 {
		w.Key("tags")
		writeStrings(w, c.Tags)
	}
	if c.AvailabilityZone != "" {
		w.Key("availability-zone")
		w.String(c.AvailabilityZone)
	}
	if len(c.CharmProfiles) > 0 {
		w.Key("charm-profiles")
		writeStrings(w, c.CharmProfiles)
	}
	w.EndMapping()
}

func writeStatus(w *Writer, s *status) {
	if s == nil {
		w.Null()
		return
	}
	w.BeginMapping()
	w.Key("version")
	w.Int(int64(s.Version))
	w.Key("status")
	writePoint(w, &s.StatusPoint)
	w.EndMapping()
}

func writePoint(w *Writer, p *StatusPoint) {
	if p == nil {
		w.Null()
		return
	}
	w.BeginMapping()
	w.Key("value")
	w.String(p.Value)
	if p.Message != "" {
		w.Key("message")
		w.String(p.Message)
	}
	if len(p.Data) > 0 {
		w.Key("data")
		w.Value(p.Data)
	}
	w.Key("updated")
	w.Time(p.Updated)
	w.Key("neverset")
	w.Bool(p.NeverSet)
	w.EndMapping()
}

func writeHistory(w *Writer, h *StatusHistory) {
	w.BeginMapping()
	w.Key("version")
	w.Int(int64(h.Version))
	w.Key("history")
	w.BeginSequence()
	for _, p := range h.History {
		writePoint(w, p)
	}
	w.EndSequence()
	w.EndMapping()
}

func writeAddresses(w *Writer, as []*address) {
	w.BeginSequence()
	for _, a := range as {
		writeAddress(w, a)
	}
	w.EndSequence()
}

func writeAddress(w *Writer, a *address) {
	if a == nil {
		w.Null()
		return
	}
	w.BeginMapping()
	w.Key("version")
	w.Int(int64(a.Version))
	w.Key("value")
	w.String(a.Value)
	w.Key("type")
	w.String(a.Type)
	if a.Scope != "" {
		w.Key("scope")
		w.String(a.Scope)
	}
	if a.Origin != "" {
		w.Key("origin")
		w.String(a.Origin)
	}
	if a.SpaceID != "" {
		w.Key("spaceid")
		w.String(a.SpaceID)
	}
	w.EndMapping()
}

func writeStrings(w *Writer, s []string) {
	w.BeginSequence()
	for _, e := range s {
		w.String(e)
	}
	w.EndSequence()
}

const benchMachineCount = 10000

var benchDoc = sync.OnceValue(func() *jujuMachines { return benchMachines(benchMachineCount) })

// TestBenchmarkSerializersMatchYAMLv2 keeps the benchmark honest: the
// hand-written serializers produce yaml.v2's bytes.
func TestBenchmarkSerializersMatchYAMLv2(t *testing.T) {
	doc := benchMachines(300)
	checkSame(t, "benchmark document", doc, func(w *Writer) error {
		writeMachinesDoc(w, doc)
		return nil
	})
}

func BenchmarkWriter(b *testing.B) {
	doc := benchDoc()
	w := NewWriter(nil)
	writeMachinesDoc(w, doc)
	b.SetBytes(int64(len(w.Bytes())))
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for i := 0; i < b.N; i++ {
		w.Reset(w.Bytes()[:0])
		writeMachinesDoc(w, doc)
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

func BenchmarkYAMLv2Marshal(b *testing.B) {
	doc := benchDoc()
	out, err := yaml.Marshal(doc)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(out)))
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for i := 0; i < b.N; i++ {
		if _, err := yaml.Marshal(doc); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}
