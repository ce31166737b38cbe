#!/usr/bin/env bash
# Runs ferry's export benchmarks on one embedded FerretDB (ferry serve, a
# separate process) and prints the ratios the export issue asks for:
#   export / raw scan          (same queries, same server, same run)
#   recorded export / decode   (no database: ferry's decoding and joining
#                               against bson.Unmarshal into Juju's structs)
#   per-entity reader / export (queries and time)
#   ferry status on the model  (time and queries)
#
# Usage: bench/export.sh [SIZE]   SIZE: huge (default), large, medium, small
# Environment: BENCHTIME (default 2x), BENCH (benchmark regexp, default .),
# RUNS (runs of each side of the interleaved comparison, default 5),
# FERRY_BENCH_PER_ENTITY (default 100). The machine should be otherwise idle:
# the server and the benchmarks share its cores.
set -euo pipefail
cd "$(dirname "$0")/.."

size=${1:-huge}
benchtime=${BENCHTIME:-2x}
benchre=${BENCH:-.}
. bench/serve.sh

echo "== go test ./export -bench . -benchtime $benchtime (FERRY_BENCH_SIZE=$size, FerretDB via ferry serve)"
FERRY_TEST_MONGO_URI="$uri" FERRY_BENCH_SIZE="$size" \
	go test ./export -run '^$' -bench "$benchre" -skip BenchmarkExportVsRawScan -benchtime "$benchtime" -timeout 60m 2>&1 | tee "$work/bench.txt"
# The interleaved comparison needs at least 5 runs of each for a median.
echo "== interleaved export / raw scan, ${RUNS:-5} runs each"
FERRY_TEST_MONGO_URI="$uri" FERRY_BENCH_SIZE="$size" \
	go test ./export -run '^$' -bench '^BenchmarkExportVsRawScan$' -benchtime "${RUNS:-5}x" -timeout 60m 2>&1 | tee -a "$work/bench.txt"

echo
echo "== ferry status --model $size --stats (the whole command, as a user runs it)"
start=$(date +%s.%N)
"$work/ferry" status --mongo "$uri" --db "ferry_bench_$size" --model "$size" --stats >"$work/status.txt" 2>"$work/status.err"
end=$(date +%s.%N)
cat "$work/status.err"
status_s=$(echo "$end - $start" | bc -l)
status_lines=$(wc -l <"$work/status.txt")
printf 'ferry status: %.2f s wall, %d lines of output\n' "$status_s" "$status_lines"
start=$(date +%s.%N)
"$work/ferry" export --mongo "$uri" --db "ferry_bench_$size" --model "$size" --stats -o "$work/export.yaml" 2>"$work/export.err"
end=$(date +%s.%N)
cat "$work/export.err"
printf 'ferry export: %.2f s wall, %d bytes\n' "$(echo "$end - $start" | bc -l)" "$(wc -c <"$work/export.yaml")"

echo
echo "== ratios"
awk -v status_s="$status_s" '
	/^Benchmark/ {
		name = $1; sub(/-[0-9]+$/, "", name); ns[name] = $3
		for (i = 4; i < NF; i++) { unit = $(i+1); if (unit ~ /\/|^full-|-s$|^runs$/) val[name, unit] = $i }
	}
	END {
		e = ns["BenchmarkExport"]; r = ns["BenchmarkRawScan"]; rec = ns["BenchmarkExportRecorded"]; d = ns["BenchmarkDecodeStructs"]; s = ns["BenchmarkStatusExport"]
		printf "export / raw scan (separate benchmarks): %.2fx  (%.2f s vs %.2f s; %d docs; %d finds each)\n", e/r, e/1e9, r/1e9, val["BenchmarkRawScan","docs/op"], val["BenchmarkExport","finds/op"]
		printf "export / raw scan (interleaved, %d runs each), best: %.2fx  (%.2f s vs %.2f s); median: %.2fx  (%.2f s vs %.2f s)\n", val["BenchmarkExportVsRawScan","runs"], val["BenchmarkExportVsRawScan","export/rawscan"], val["BenchmarkExportVsRawScan","export-s"], val["BenchmarkExportVsRawScan","rawscan-s"], val["BenchmarkExportVsRawScan","export/rawscan-median"], val["BenchmarkExportVsRawScan","export-median-s"], val["BenchmarkExportVsRawScan","rawscan-median-s"]
		printf "recorded / struct decode:    %.2fx  (%.1f ms vs %.1f ms)\n", rec/d, rec/1e6, d/1e6
		printf "per-entity reader (whole model, at the measured rate): %d queries, %.1f s; export: %d finds + %d getMores, %.2f s => %.0fx the time\n", \
			val["BenchmarkPerEntityReader","full-queries"], val["BenchmarkPerEntityReader","full-s"], val["BenchmarkExport","finds/op"], val["BenchmarkExport","getMores/op"], e/1e9, val["BenchmarkPerEntityReader","full-s"]/(e/1e9)
		printf "status read (partial export): %.2f s, %d finds + %d getMores; ferry status command: %.2f s wall\n", s/1e9, val["BenchmarkStatusExport","finds/op"], val["BenchmarkStatusExport","getMores/op"], status_s
	}' "$work/bench.txt"
