# Sourced by the bench scripts: builds ferry, starts `ferry serve` (the
# embedded FerretDB as a separate process) on a free port in a temporary
# directory, and stops it on exit. Sets work, server and uri.
work=$(mktemp -d)
server=
cleanup() {
	if [ -n "$server" ]; then kill -INT "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/ferry" ./cmd/ferry
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
uri="mongodb://127.0.0.1:$port/"
"$work/ferry" serve --dir "$work/db" --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
	sleep 0.1
done
