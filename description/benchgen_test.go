package description_test

import (
	"os"
	"strconv"
	"testing"

	jujudesc "github.com/juju/description/v5"
)

// TestWriteBenchModel writes the benchmark model, at the size
// FERRY_BENCH_MACHINES gives (a tenth as many applications), to
// FERRY_BENCH_MODEL_OUT, for bench/fmt.sh; without them it does nothing.
func TestWriteBenchModel(t *testing.T) {
	out := os.Getenv("FERRY_BENCH_MODEL_OUT")
	if out == "" {
		t.Skip("a generator for bench/fmt.sh: set FERRY_BENCH_MODEL_OUT and FERRY_BENCH_MACHINES")
	}
	n, err := strconv.Atoi(os.Getenv("FERRY_BENCH_MACHINES"))
	if err != nil || n < 10 {
		t.Fatalf("FERRY_BENCH_MACHINES=%q: want a number of machines, at least 10", os.Getenv("FERRY_BENCH_MACHINES"))
	}
	data, err := jujudesc.Serialize(buildJujuModel(n, n/10))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, data, 0o600); err != nil {
		t.Fatal(err)
	}
}
