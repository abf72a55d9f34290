#!/usr/bin/env bash
# bench/run.sh [flags] — the gazette benchmark, from anywhere in the tree:
# the same as `go run ./cmd/gazette-bench [flags]` at the module root.
# go run ./cmd/gazette-bench -h lists the flags.
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./cmd/gazette-bench "$@"
