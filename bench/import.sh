#!/usr/bin/env bash
# Runs ferry's import benchmark on one embedded FerretDB (ferry serve, a
# separate process) and prints the ratio the import issue asks for:
#   import / plain InsertMany of the same documents, in the same batches,
#   into a target prepared exactly as the import's (InitController), run
#   alternately in the same process: mean and fastest of RUNS runs.
#
# Usage: bench/import.sh [SIZE]   SIZE: huge (default), large, medium
# Environment: RUNS (default 5). The machine should be otherwise idle.
set -euo pipefail
cd "$(dirname "$0")/.."

size=${1:-huge}
runs=${RUNS:-5}
. bench/serve.sh

echo "== go test ./import -bench Import/$size -benchtime ${runs}x (FerretDB via ferry serve)"
FERRY_TEST_MONGO_URI="$uri" \
	go test ./import -run '^$' -bench "^BenchmarkImport\$/^$size\$" -benchtime "${runs}x" -timeout 60m 2>&1 | tee "$work/bench.txt"

echo
echo "== ratios"
awk '
	/^BenchmarkImport\// {
		for (i = 4; i < NF; i++) val[$(i+1)] = $i
		printf "import / InsertMany into a prepared target (%d docs): mean %.2fx (%.2f s vs %.2f s), fastest %.2fx\n", \
			val["docs"], val["ratio"], val["import-s"], val["insertmany-s"], val["min-ratio"]
	}' "$work/bench.txt"
