package yamltree

import (
	"fmt"
	"math"
	"sync"
	"syscall"
	"testing"
	"time"

	yaml2 "gopkg.in/yaml.v2"
	yaml "gopkg.in/yaml.v3"
)

func statusDoc(value, msg string, i int) map[string]any {
	st := map[string]any{
		"value":   value,
		"updated": fmt.Sprintf("2024-01-%02dT03:04:%02d.123456Z", 1+i%28, i%60),
	}
	if msg != "" {
		st["message"] = msg
	}
	if i%3 == 0 {
		st["data"] = map[string]any{"instance-id": fmt.Sprintf("i-%08x", i), "retries": i % 5}
	}
	return map[string]any{"version": 2, "status": st}
}

func historyDoc(i int) map[string]any {
	h := make([]any, 2)
	for k := range h {
		h[k] = map[string]any{
			"value":   []string{"pending", "allocating", "started"}[k],
			"message": "waiting for machine to come up and report its status to the controller after provisioning",
			"updated": fmt.Sprintf("2024-01-01T00:%02d:%02dZ", k, i%60),
		}
	}
	return map[string]any{"version": 1, "history": h}
}

func machineDoc(i int) map[string]any {
	return map[string]any{
		"id":                       fmt.Sprint(i),
		"nonce":                    fmt.Sprintf("machine-0:%08x-%04x-%04x", i*7919, i%65536, (i*31)%65536),
		"password-hash":            fmt.Sprintf("%032x", uint64(i)*0x9e3779b97f4a7c15),
		"base":                     "ubuntu@22.04/stable",
		"jobs":                     []string{"host-units"},
		"supported-containers":     []string{"lxd"},
		"supported-containers-set": true,
		"instance": map[string]any{
			"version":             3,
			"instance-id":         fmt.Sprintf("juju-%06x-%d", i*13, i),
			"display-name":        "",
			"architecture":        "amd64",
			"memory":              8192,
			"root-disk":           40960,
			"root-disk-source":    "default",
			"cpu-cores":           4,
			"availability-zone":   "zone-" + fmt.Sprint(i%3),
			"status":              statusDoc("running", "Running", i),
			"modification-status": statusDoc("idle", "", i+1),
		},
		"tools": map[string]any{
			"version":       1,
			"tools-version": "3.4.2-ubuntu-amd64",
			"url":           "https://streams.canonical.com/juju/tools/agent/3.4.2/juju-3.4.2-linux-amd64.tgz",
			"sha256":        fmt.Sprintf("%064x", i),
			"size":          38123456 + i,
		},
		"addresses": map[string]any{
			"version": 1,
			"addresses": []any{
				map[string]any{"value": fmt.Sprintf("10.0.%d.%d", i/250, i%250), "type": "ipv4", "scope": "local-cloud", "origin": "provider"},
				map[string]any{"value": fmt.Sprintf("fd42:1:2:3::%x", i), "type": "ipv6", "scope": "local-cloud", "origin": "machine"},
			},
		},
		"preferred-public-address": map[string]any{"value": fmt.Sprintf("10.0.%d.%d", i/250, i%250), "type": "ipv4", "scope": "local-cloud", "origin": "provider"},
		"status":                   statusDoc("started", "", i),
		"status-history":           historyDoc(i),
		"containers":               []any{},
		"block-devices":            map[string]any{"version": 1, "block-devices": []any{}},
		"annotations":              map[string]any{"owner": "team-" + fmt.Sprint(i%7), "note": "a long free-text annotation that yaml.v2 folds because it is wider than eighty columns, for sure"},
		"constraints":              map[string]any{"version": 1, "mem": 8192, "cores": 4},
	}
}

func unitDoc(app string, i int) map[string]any {
	return map[string]any{
		"name":             fmt.Sprintf("%s/%d", app, i),
		"machine":          fmt.Sprint(i),
		"charm-url":        "ch:amd64/jammy/" + app + "-42",
		"password-hash":    fmt.Sprintf("%032x", uint64(i)*0x51afd7ed558ccd),
		"agent-status":     statusDoc("idle", "", i),
		"workload-status":  statusDoc("active", "ready", i),
		"workload-version": "1.2.3",
		"opened-ports":     map[string]any{"version": 1, "ports": []any{map[string]any{"protocol": "tcp", "from-port": 80, "to-port": 80}}},
	}
}

// jujuDoc builds a model description shaped like juju/description's, as
// yaml.v2 writes it: n machines, and an application with n/4 units.
func jujuDoc(n int) []byte {
	machines := make([]any, n)
	units := make([]any, n/4)
	for i := range machines {
		machines[i] = machineDoc(i)
	}
	for i := range units {
		units[i] = unitDoc("ubuntu", i)
	}
	model := map[string]any{
		"version":  11,
		"config":   map[string]any{"name": "big", "uuid": "deadbeef-0000-4000-8000-000000000000", "type": "iaas", "default-base": "ubuntu@22.04"},
		"owner":    "admin",
		"machines": map[string]any{"version": 3, "machines": machines},
		"applications": map[string]any{"version": 12, "applications": []any{
			map[string]any{
				"name": "ubuntu", "charm-url": "ch:amd64/jammy/ubuntu-42", "status": statusDoc("active", "", 0),
				"charm-config": map[string]any{"hostname": "", "debug": false, "script": "#!/bin/sh\necho hello\nexit 0\n"},
				"units":        map[string]any{"version": 3, "units": units},
			},
		}},
	}
	b, err := yaml2.Marshal(model)
	if err != nil {
		panic(err)
	}
	return b
}

var (
	benchOnce sync.Once
	benchData []byte
)

func benchDoc() []byte {
	benchOnce.Do(func() { benchData = jujuDoc(10_000) })
	return benchData
}

// BenchmarkParse measures the fast path on a ~20 MB juju-shaped document,
// parsed in parallel chunks when GOMAXPROCS is over 1.
func BenchmarkParse(b *testing.B) {
	data := benchDoc()
	if _, _, how := parse(data, DefaultLimits()); how != pathFast {
		b.Fatalf("the benchmark document did not take the fast path (%d)", how)
	}
	if n := parallelChunks(len(data)); n > 1 {
		if _, ok := parseParallel(text(data), DefaultLimits(), n, false, false); !ok {
			b.Fatal("the parallel parse refused the benchmark document")
		}
	}
	benchParse(b, data)
}

// BenchmarkParseSequential is BenchmarkParse with one parser, as on one
// core.
func BenchmarkParseSequential(b *testing.B) {
	data := benchDoc()
	old := parallelMin
	parallelMin = math.MaxInt
	defer func() { parallelMin = old }()
	benchParse(b, data)
}

func benchParse(b *testing.B, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}

// BenchmarkYAMLv3Node is the baseline: yaml.v3 decoding the same bytes
// into yaml.Node.
func BenchmarkYAMLv3Node(b *testing.B) {
	data := benchDoc()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		var n yaml.Node
		if err := yaml.Unmarshal(data, &n); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}

// cpuTime is the CPU time this process has used. Benchmarks report it
// per operation besides wall time because shared machines make wall time
// noisy; it includes the garbage collector's work on other threads.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
}
