#!/usr/bin/env bash
# The attribution-accuracy benchmark (docs/accuracy.md): sweeps the pool size for the standard and the large
# workload with `callsign simulate --sweep`, Callsign against the baseline, and writes a table and a plot per
# workload to bench/results/accuracy-<workload>-<date>-vm.{md,png}. In process, one core, no HTTP.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${CALLSIGN_BIN:-build/src/app/callsign}
for workload in standard large; do
  "$bin" simulate --sweep --params "bench/workloads/$workload.toml" --workload "$workload" --out bench/results
done
