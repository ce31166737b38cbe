#!/usr/bin/env bash
# Times `ferry fmt` and juju/description v5.0.4 (bench/jujufmt: Deserialize
# then Serialize) as whole processes on the same ~4.5 MB model, with
# /usr/bin/time, median of RUNS (5) runs each, and prints the ratios
# (juju time / ferry time; ferry peak RSS / juju peak RSS).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
if [ ! -x /usr/bin/time ]; then
	apt-get install -y time >/dev/null
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/ferry" ./cmd/ferry
go build -o "$dir/jujufmt" ./bench/jujufmt
FERRY_BENCH_MODEL_OUT="$dir/model.yaml" FERRY_BENCH_MACHINES=${MACHINES:-1660} \
	go test ./description -run '^TestWriteBenchModel$' -count 1 >/dev/null
echo "model: $(stat -c %s "$dir/model.yaml") bytes"
# Both must write the same bytes, or the comparison is meaningless.
"$dir/ferry" fmt "$dir/model.yaml" >"$dir/ferry.out"
"$dir/jujufmt" "$dir/model.yaml" >"$dir/juju.out"
cmp "$dir/ferry.out" "$dir/juju.out"
measure() { # name command... -> "seconds maxrss_kb" lines in $dir/name.times
	for _ in $(seq "$runs"); do
		/usr/bin/time -f '%e %M' -o "$dir/t" "${@:2}" >/dev/null
		cat "$dir/t" >>"$dir/$1.times"
	done
}
# Interleave the two so that load on the machine hits both alike.
for _ in $(seq "$runs"); do
	RUNS=1 runs=1 measure ferry "$dir/ferry" fmt "$dir/model.yaml"
	runs=1 measure juju "$dir/jujufmt" "$dir/model.yaml"
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
fs=$(cut -d' ' -f1 "$dir/ferry.times" | median); fm=$(cut -d' ' -f2 "$dir/ferry.times" | median)
js=$(cut -d' ' -f1 "$dir/juju.times" | median); jm=$(cut -d' ' -f2 "$dir/juju.times" | median)
printf 'ferry fmt: %s s, %s KB peak RSS (median of %d)\n' "$fs" "$fm" "$runs"
printf 'juju:      %s s, %s KB peak RSS (median of %d)\n' "$js" "$jm" "$runs"
awk -v fs="$fs" -v js="$js" -v fm="$fm" -v jm="$jm" 'BEGIN {
	printf "ferry fmt is %.1fx faster than juju/description as a whole process, with %.2f of its peak RSS\n", js/fs, fm/jm }'
