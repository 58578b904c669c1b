#!/usr/bin/env bash
# Measures the profile rebuild and the event path against a naive baseline and the floor (the one aggregate
# query any rebuild must run), on generated stores in SQLite and PostgreSQL. Starts the servers like build/test.sh.
#
# Usage: build/benchmark.sh [--customers 100000,1000000] [--engines sqlite,postgres] [--naive-sample 2000]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
args=""
for arg in "$@"; do args+=" $(printf '%q' "$arg")"; done
export SEGMENTATION_RUN_INSTEAD="dotnet run --project Nop.Plugin.Misc.Segmentation.Benchmarks -c Release --$args"
exec bash build/test.sh
