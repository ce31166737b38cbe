#!/usr/bin/env bash
# Migrates the 10,000-machine model (controllertest.Huge with charm
# archives, agent binaries and 20,000 log entries) between two embedded
# controllers with BenchmarkMigrateHuge, and prints, from the same run:
#   the floor: a raw scan of the source's collections (export.RawScan)
#              plus a raw insert of the model's documents into the target;
#   each phase's time, as a multiple of the floor and as a share of the
#   whole migration, and the read of the source (made once, by the
#   checks after the quiesce) against the raw scan and the import's
#   write against the raw insert;
#   the whole migration as a multiple of the floor (the target: <= 2.5x);
#   from a CPU profile of the migration, the CPU time ferry's own
#   goroutines used (labelled ferry.phase, per phase) against all the
#   process used, the two embedded servers included: ferry's cost apart
#   from the database's.
#
# Usage: bench/migrate.sh
# Seeding the model takes several minutes and is not timed. The machine
# should be otherwise idle: both servers and the migration share its cores.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== go test ./migrate -bench MigrateHuge -benchtime 1x"
FERRY_BENCH_CPUPROFILE="$work/cpu.pprof" go test ./migrate -o "$work/migrate.test" -run '^$' -bench '^BenchmarkMigrateHuge$' -benchtime 1x -timeout 90m 2>&1 | tee "$work/bench.txt"

echo
echo "== ratios"
awk '
	/^floor:/ { print }
	/× floor/ { print }
	/\(reading the source/ { print }
	/^BenchmarkMigrateHuge/ {
		for (i = 4; i < NF; i++) if ($(i+1) == "×floor") x = $i
		printf "migration / floor: %.2fx (target: at most 2.50x) %s\n", x, (x <= 2.5 ? "met" : "NOT met")
	}' "$work/bench.txt"

echo
echo "== CPU: ferry's goroutines (by phase) against the whole process, both servers included"
# No ferry.phase line means the labels were lost: say so, not nothing.
go tool pprof -tags "$work/migrate.test" "$work/cpu.pprof" | awk '
	/ferry.phase:/ { p = 1 }
	p && NF == 0 { exit }
	p { print }
	END { if (!p) { print "no samples labelled ferry.phase in the profile" > "/dev/stderr"; exit 1 } }'
