#!/usr/bin/env bash
# Compares ferry's description reader, writer and validator with
# juju/description v5.0.4 on the same 10,000-machine model in the same run,
# and prints the ratios (juju time / ferry time; ferry bytes / juju bytes).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${COUNT:-3}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
go test ./description/ -run '^$' -bench '^Benchmark(Serialize|Deserialize|Validate)(Ferry|Juju)$' \
	-benchtime "${BENCHTIME:-1x}" -count "$count" -timeout 60m | tee "$out"
awk '
/^Benchmark/ {
	name=$1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
	for (i=2; i<=NF; i++) { if ($(i+1)=="ns/op") ns[name]+=$i; if ($(i+1)=="B/op") by[name]+=$i }
	n[name]++
}
END {
	printf "\n%-28s %12s %14s\n", "benchmark (mean of runs)", "ms/op", "MB alloc/op"
	for (k in n) printf "%-28s %12.1f %14.1f\n", k, ns[k]/n[k]/1e6, by[k]/n[k]/1e6
	split("Serialize Deserialize", ops, " ")
	print ""
	for (j in ops) { o=ops[j]; f=o"Ferry"; g=o"Juju"
		if (n[f] && n[g]) printf "%-12s ferry is %6.1fx faster than juju, allocating %5.3f of its bytes\n", o, (ns[g]/n[g])/(ns[f]/n[f]), (by[f]/n[f])/(by[g]/n[g]) }
	split("machines=1000 machines=10000", sz, " ")
	for (j in sz) { f="ValidateFerry/"sz[j]; g="ValidateJuju/"sz[j]
		if (n[f] && n[g]) printf "Validate %-14s ferry %8.2f ms, juju %9.2f ms (%.0fx)\n", sz[j], ns[f]/n[f]/1e6, ns[g]/n[g]/1e6, (ns[g]/n[g])/(ns[f]/n[f]) }
	f1="ValidateFerry/machines=1000"; f2="ValidateFerry/machines=10000"
	if (n[f1] && n[f2]) printf "ferry validate growth 1,000 -> 10,000 machines: %.1fx (linear = 10x)\n", (ns[f2]/n[f2])/(ns[f1]/n[f1])
	g1="ValidateJuju/machines=1000"; g2="ValidateJuju/machines=10000"
	if (n[g1] && n[g2]) printf "juju  validate growth 1,000 -> 10,000 machines: %.1fx\n", (ns[g2]/n[g2])/(ns[g1]/n[g1])
}' "$out"
