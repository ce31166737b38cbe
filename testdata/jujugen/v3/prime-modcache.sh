#!/bin/sh
# The Go module proxy serves github.com/juju/description/v3 v3.0.0 (its
# .info and .zip) but refuses its go.mod ("403 Forbidden: This module
# version is not available"), which the go command fetches first. This
# puts the copy of that go.mod kept here (description-v3.0.0.go.mod; go.sum
# holds its hash, so the go command checks it) into the module download
# cache, after which the go command fetches the rest from the proxy itself.
set -eu
cd "$(dirname "$0")"
dir="$(go env GOMODCACHE)/cache/download/github.com/juju/description/v3/@v"
if [ ! -f "$dir/v3.0.0.mod" ]; then
	mkdir -p "$dir"
	cp description-v3.0.0.go.mod "$dir/v3.0.0.mod"
fi
