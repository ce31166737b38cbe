package description_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	jujudesc "github.com/juju/description/v5"
	"github.com/juju/names/v5"
	"github.com/juju/version/v2"

	"github.com/modelferry/ferry/description"
)

// The benchmarks compare ferry with juju/description v5.0.4 on the same
// model in the same run: serialize, deserialize and validate. bench/
// description.sh prints the ratios.

// benchModelSize is the model of the issue: 10,000 machines, 1,000
// applications and 10,000 units, with statuses, tools and addresses.
const (
	benchMachines     = 10000
	benchApplications = 1000
)

var (
	benchOnce  sync.Once
	benchJuju  jujudesc.Model
	benchBytes []byte
)

func benchStatus(v string, t time.Time) jujudesc.StatusArgs {
	return jujudesc.StatusArgs{Value: v, Message: "all good " + v, Updated: t, Data: map[string]interface{}{"k": v}}
}

// buildJujuModel builds the benchmark model through juju/description's API.
func buildJujuModel(machines, apps int) jujudesc.Model {
	t0 := time.Date(2024, 3, 1, 12, 0, 0, 123456789, time.UTC)
	m := jujudesc.NewModel(jujudesc.ModelArgs{
		Type:               "iaas",
		Owner:              names.NewUserTag("admin"),
		Config:             map[string]interface{}{"name": "bench", "uuid": "d1a5b0e4-2f0a-4d7c-8c4e-5a6b7c8d9e0f", "type": "lxd"},
		LatestToolsVersion: version.MustParse("3.5.1"),
		Cloud:              "lxd",
		CloudRegion:        "localhost",
	})
	m.SetStatus(benchStatus("available", t0))
	tools := jujudesc.AgentToolsArgs{Version: version.MustParseBinary("3.5.1-ubuntu-amd64"), URL: "https://streams.example/tools/3.5.1", SHA256: "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0", Size: 62914560}
	for i := 0; i < machines; i++ {
		mc := m.AddMachine(jujudesc.MachineArgs{
			Id: names.NewMachineTag(fmt.Sprint(i)), Nonce: fmt.Sprintf("machine-nonce-%d", i),
			PasswordHash: "c2VjcmV0LXBhc3N3b3JkLWhhc2g=", Base: "ubuntu@22.04", Jobs: []string{"host-units"},
		})
		mc.SetInstance(jujudesc.CloudInstanceArgs{InstanceId: fmt.Sprintf("juju-d1a5b0-%d", i), Architecture: "amd64", Memory: 4096, CpuCores: 2, RootDisk: 20480, AvailabilityZone: "zone-a"})
		mc.Instance().SetStatus(benchStatus("running", t0))
		mc.SetStatus(benchStatus("started", t0))
		mc.SetTools(tools)
		mc.SetAddresses(
			[]jujudesc.AddressArgs{{Value: fmt.Sprintf("10.0.%d.%d", i/250, i%250), Type: "ipv4", Scope: "local-cloud", Origin: "machine"}},
			[]jujudesc.AddressArgs{{Value: fmt.Sprintf("10.0.%d.%d", i/250, i%250), Type: "ipv4", Scope: "local-cloud", Origin: "provider"}},
		)
	}
	perApp := machines / apps
	for a := 0; a < apps; a++ {
		name := fmt.Sprintf("app%d", a)
		app := m.AddApplication(jujudesc.ApplicationArgs{
			Tag: names.NewApplicationTag(name), Type: "iaas", CharmURL: fmt.Sprintf("ch:amd64/jammy/%s-7", name),
			Channel: "stable", CharmConfig: map[string]interface{}{"port": 8080, "debug": false, "name": name},
			LeadershipSettings: map[string]interface{}{"leader-key": "value"},
			Leader:             name + "/0",
		})
		app.SetStatus(benchStatus("active", t0))
		app.SetCharmOrigin(jujudesc.CharmOriginArgs{Source: "charm-hub", ID: "abcdef", Hash: "0123", Revision: 7, Channel: "latest/stable", Platform: "amd64/ubuntu/22.04/stable"})
		for u := 0; u < perApp; u++ {
			unit := app.AddUnit(jujudesc.UnitArgs{
				Tag: names.NewUnitTag(fmt.Sprintf("%s/%d", name, u)), Type: "iaas",
				Machine: names.NewMachineTag(fmt.Sprint(a*perApp + u)), PasswordHash: "dW5pdC1wYXNzd29yZC1oYXNo", WorkloadVersion: "1.2.3",
			})
			unit.SetAgentStatus(benchStatus("idle", t0))
			unit.SetWorkloadStatus(benchStatus("active", t0))
			unit.SetTools(tools)
		}
	}
	return m
}

func loadBench(b *testing.B) {
	benchOnce.Do(func() {
		benchJuju = buildJujuModel(benchMachines, benchApplications)
		var err error
		if benchBytes, err = jujudesc.Serialize(benchJuju); err != nil {
			panic(err)
		}
	})
	b.SetBytes(int64(len(benchBytes)))
	b.ReportAllocs()
}

func BenchmarkSerializeFerry(b *testing.B) {
	loadBench(b)
	m, err := description.ReadWithOptions("bench.yaml", benchBytes, description.ReadOptions{SkipValidation: true})
	if err != nil {
		b.Fatal(err)
	}
	var buf []byte
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if buf, err = description.AppendWrite(buf[:0], m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSerializeJuju(b *testing.B) {
	loadBench(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := jujudesc.Serialize(benchJuju); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDeserializeFerry(b *testing.B) {
	loadBench(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := description.ReadWithOptions("bench.yaml", benchBytes, description.ReadOptions{SkipValidation: true}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDeserializeJuju(b *testing.B) {
	loadBench(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := jujudesc.Deserialize(benchBytes); err != nil {
			b.Fatal(err)
		}
	}
}

// Validation at two sizes shows how each grows: ferry linearly, juju
// quadratically.
func BenchmarkValidateFerry(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		data, err := jujudesc.Serialize(buildJujuModel(n, n/10))
		if err != nil {
			b.Fatal(err)
		}
		m, err := description.ReadWithOptions("v.yaml", data, description.ReadOptions{SkipValidation: true})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("machines=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if err := m.Validate(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkValidateJuju(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		data, err := jujudesc.Serialize(buildJujuModel(n, n/10))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("machines=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				// Validate mutates the model (reference §11), so read a
				// fresh one each time, outside the timer.
				b.StopTimer()
				m, err := jujudesc.Deserialize(data)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if err := m.Validate(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
