package description_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	jujudesc10 "github.com/juju/description/v10"
	"github.com/juju/names/v5"
	"github.com/juju/version/v2"

	"github.com/modelferry/ferry/description"
)

// The Juju 3.6 benchmarks compare ferry with juju/description v10.0.0
// (Juju 3.6.13 – 3.6.21) on the same model in the same run: the model of
// bench_test.go plus what 3.6 added (charm metadata, manifest, actions and
// configs on every application, a storage unique id, the model's agent
// version and virtual host keys, secrets with checksums), written for
// target v10.0.0. Machine hostnames (machines v4) are not in it: v10.0.0
// cannot hold them, only v11.0.0 can, and the proxy does not serve v11.
// bench/description.sh prints the ratios.

var bench36 struct {
	once  sync.Once
	model jujudesc10.Model
	bytes []byte
	err   error
}

// charm36 is the charm data every application of the 3.6 model carries,
// taken from the committed fixture juju/description v10.0.0 wrote, so that
// juju's own values (its relation, storage, container... types) are used.
type charm36 struct {
	meta     jujudesc10.CharmMetadata
	manifest jujudesc10.CharmManifest
	actions  jujudesc10.CharmActions
	configs  jujudesc10.CharmConfigs
}

func loadCharm36() (charm36, error) {
	b, err := os.ReadFile(filepath.Join("..", "testdata", "fixtures", "juju-v10.0.0", "iaas-rich.yaml"))
	if err != nil {
		return charm36{}, err
	}
	m, err := jujudesc10.Deserialize(b)
	if err != nil {
		return charm36{}, err
	}
	for _, a := range m.Applications() {
		if a.CharmMetadata() != nil && a.CharmManifest() != nil && a.CharmActions() != nil && a.CharmConfigs() != nil {
			return charm36{a.CharmMetadata(), a.CharmManifest(), a.CharmActions(), a.CharmConfigs()}, nil
		}
	}
	return charm36{}, fmt.Errorf("no application of the v10.0.0 fixture has all the charm data")
}

// lxdProfile reads the LXD profile, which v10.0.0's CharmMetadata
// interface leaves out although its implementation has it.
func lxdProfile(m jujudesc10.CharmMetadata) string {
	if p, ok := m.(interface{ LXDProfile() string }); ok {
		return p.LXDProfile()
	}
	return ""
}

func benchStatus10(v string, t time.Time) jujudesc10.StatusArgs {
	return jujudesc10.StatusArgs{Value: v, Message: "all good " + v, Updated: t, Data: map[string]interface{}{"k": v}}
}

// buildJuju36Model builds the 3.6 benchmark model through juju/description
// v10.0.0's API.
func buildJuju36Model(machines, apps int) (jujudesc10.Model, error) {
	ch, err := loadCharm36()
	if err != nil {
		return nil, err
	}
	t0 := time.Date(2025, 3, 1, 12, 0, 0, 123456789, time.UTC)
	m := jujudesc10.NewModel(jujudesc10.ModelArgs{
		AgentVersion:       "3.6.14",
		Type:               "iaas",
		Owner:              names.NewUserTag("admin"),
		Config:             map[string]interface{}{"name": "bench36", "uuid": "d1a5b0e4-2f0a-4d7c-8c4e-5a6b7c8d9e36", "type": "lxd"},
		LatestToolsVersion: version.MustParse("3.6.14"),
		Cloud:              "lxd",
		CloudRegion:        "localhost",
	})
	m.SetStatus(benchStatus10("available", t0))
	tools := jujudesc10.AgentToolsArgs{Version: version.MustParseBinary("3.6.14-ubuntu-amd64"), URL: "https://streams.example/tools/3.6.14", SHA256: "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0", Size: 62914560}
	for i := 0; i < machines; i++ {
		mc := m.AddMachine(jujudesc10.MachineArgs{
			Id: names.NewMachineTag(fmt.Sprint(i)), Nonce: fmt.Sprintf("machine-nonce-%d", i),
			PasswordHash: "c2VjcmV0LXBhc3N3b3JkLWhhc2g=", Base: "ubuntu@24.04", Jobs: []string{"host-units"},
		})
		mc.SetInstance(jujudesc10.CloudInstanceArgs{InstanceId: fmt.Sprintf("juju-d1a5b0-%d", i), Architecture: "amd64", Memory: 4096, CpuCores: 2, RootDisk: 20480, AvailabilityZone: "zone-a"})
		mc.Instance().SetStatus(benchStatus10("running", t0))
		mc.SetStatus(benchStatus10("started", t0))
		mc.SetTools(tools)
		mc.SetAddresses(
			[]jujudesc10.AddressArgs{{Value: fmt.Sprintf("10.0.%d.%d", i/250, i%250), Type: "ipv4", Scope: "local-cloud", Origin: "machine"}},
			[]jujudesc10.AddressArgs{{Value: fmt.Sprintf("10.0.%d.%d", i/250, i%250), Type: "ipv4", Scope: "local-cloud", Origin: "provider"}},
		)
		if i%100 == 0 {
			m.AddVirtualHostKey(jujudesc10.VirtualHostKeyArgs{ID: fmt.Sprintf("machine-%d", i), HostKey: []byte("ssh-ed25519 AAAA")})
		}
	}
	perApp := machines / apps
	for a := 0; a < apps; a++ {
		name := fmt.Sprintf("app%d", a)
		app := m.AddApplication(jujudesc10.ApplicationArgs{
			Tag: names.NewApplicationTag(name), Type: "iaas", CharmURL: fmt.Sprintf("ch:amd64/noble/%s-7", name),
			Channel: "stable", CharmConfig: map[string]interface{}{"port": 8080, "debug": false, "name": name},
			LeadershipSettings: map[string]interface{}{"leader-key": "value"},
			Leader:             name + "/0",
			StorageUniqueID:    fmt.Sprintf("sid-%d", a),
		})
		app.SetStatus(benchStatus10("active", t0))
		app.SetCharmOrigin(jujudesc10.CharmOriginArgs{Source: "charm-hub", ID: "abcdef", Hash: "0123", Revision: 7, Channel: "latest/stable", Platform: "amd64/ubuntu/24.04/stable"})
		meta := ch.meta
		app.SetCharmMetadata(jujudesc10.CharmMetadataArgs{
			Name: name, Summary: meta.Summary(), Description: meta.Description(), Subordinate: meta.Subordinate(),
			MinJujuVersion: meta.MinJujuVersion(), RunAs: meta.RunAs(), Assumes: meta.Assumes(),
			Provides: meta.Provides(), Peers: meta.Peers(), Requires: meta.Requires(), ExtraBindings: meta.ExtraBindings(),
			Categories: meta.Categories(), Tags: meta.Tags(), Storage: meta.Storage(), Devices: meta.Devices(),
			Payloads: meta.Payloads(), Resources: meta.Resources(), Terms: meta.Terms(), Containers: meta.Containers(),
			LXDProfile: lxdProfile(meta),
		})
		app.SetCharmManifest(jujudesc10.CharmManifestArgs{Bases: ch.manifest.Bases()})
		app.SetCharmActions(jujudesc10.CharmActionsArgs{Actions: ch.actions.Actions()})
		app.SetCharmConfigs(jujudesc10.CharmConfigsArgs{Configs: ch.configs.Configs()})
		for u := 0; u < perApp; u++ {
			unit := app.AddUnit(jujudesc10.UnitArgs{
				Tag: names.NewUnitTag(fmt.Sprintf("%s/%d", name, u)), Type: "iaas",
				Machine: names.NewMachineTag(fmt.Sprint(a*perApp + u)), PasswordHash: "dW5pdC1wYXNzd29yZC1oYXNo", WorkloadVersion: "1.2.3",
			})
			unit.SetAgentStatus(benchStatus10("idle", t0))
			unit.SetWorkloadStatus(benchStatus10("active", t0))
			unit.SetTools(tools)
		}
		if a%10 == 0 {
			m.AddSecret(jujudesc10.SecretArgs{
				ID: fmt.Sprintf("cnl5ba7mp25c7a3aa%03d", a%1000), Version: 1, Description: "db password", Label: name + "-db",
				RotatePolicy: "never", Owner: names.NewApplicationTag(name), Created: t0, Updated: t0,
				LatestRevisionChecksum: fmt.Sprintf("checksum-%d", a),
				Revisions: []jujudesc10.SecretRevisionArgs{
					{Number: 1, Created: t0, Updated: t0, Content: map[string]string{"password": "c2VjcmV0"}},
				},
			})
		}
	}
	return m, nil
}

func loadBench36(b *testing.B) {
	bench36.once.Do(func() {
		m, err := buildJuju36Model(benchMachines, benchApplications)
		if err != nil {
			bench36.err = err
			return
		}
		bench36.model = m
		if bench36.bytes, bench36.err = jujudesc10.Serialize(m); bench36.err != nil {
			return
		}
		// The comparison is only fair if ferry reads the model and writes
		// back the very bytes juju wrote.
		fm, err := description.ReadWithOptions("bench36.yaml", bench36.bytes, description.ReadOptions{SkipValidation: true})
		if err != nil {
			bench36.err = err
			return
		}
		out, err := description.WriteWithOptions(fm, description.WriteOptions{Target: target10(b)})
		if err != nil {
			bench36.err = err
			return
		}
		if !bytes.Equal(out, bench36.bytes) {
			bench36.err = fmt.Errorf("ferry's v10.0.0 output differs from juju's:\n%s", firstDiff(bench36.bytes, out))
		}
	})
	if bench36.err != nil {
		b.Fatal(bench36.err)
	}
	b.SetBytes(int64(len(bench36.bytes)))
	b.ReportAllocs()
}

// jujuModel36 is juju's 3.6 model, built again if a ferry benchmark of
// this process dropped it.
func jujuModel36(b *testing.B) jujudesc10.Model {
	if bench36.model == nil {
		m, err := buildJuju36Model(benchMachines, benchApplications)
		if err != nil {
			b.Fatal(err)
		}
		bench36.model = m
	}
	return bench36.model
}

// dropJuju36 is benchCase.dropJuju for the 3.6 model.
func dropJuju36() {
	bench36.model = nil
	runtime.GC()
}

func target10(tb testing.TB) description.Target {
	t, err := description.ParseTarget("v10.0.0")
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func BenchmarkSerialize36Ferry(b *testing.B) {
	loadBench36(b)
	dropJuju36()
	m, err := description.ReadWithOptions("bench36.yaml", bench36.bytes, description.ReadOptions{SkipValidation: true})
	if err != nil {
		b.Fatal(err)
	}
	opts := description.WriteOptions{Target: target10(b)}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := description.WriteWithOptions(m, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSerialize36Juju(b *testing.B) {
	loadBench36(b)
	m := jujuModel36(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := jujudesc10.Serialize(m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDeserialize36Ferry(b *testing.B) {
	loadBench36(b)
	dropJuju36()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := description.ReadWithOptions("bench36.yaml", bench36.bytes, description.ReadOptions{SkipValidation: true}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDeserialize36Juju(b *testing.B) {
	loadBench36(b)
	dropJuju36() // juju's reader builds its own
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := jujudesc10.Deserialize(bench36.bytes); err != nil {
			b.Fatal(err)
		}
	}
}
