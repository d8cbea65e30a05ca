#!/usr/bin/env bash
# Synth time of every environment (dev, staging, prod, pr-123 and the state bootstrap stack), as
# the median of five runs of `npm run infra:synth` and of the app alone (without npm and projen's
# task runner). Numbers go to docs/BENCHMARKS.md, "Infrastructure synth".
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${RUNS:-5}"

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

measure() {
  local label="$1"; shift
  local times=()
  for i in $(seq 1 "$runs"); do
    local start end
    start=$(date +%s%N)
    EPHEMERAL_ENV=pr-123 "$@" > /dev/null 2>&1
    end=$(date +%s%N)
    times+=("$(awk -v ns="$((end - start))" 'BEGIN { printf "%.2f", ns / 1e9 }')")
  done
  echo "$label: median $(printf '%s\n' "${times[@]}" | median) s (runs: ${times[*]})"
}

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
measure 'npm run infra:synth' npm run --silent infra:synth
measure 'app alone (node --import tsx infra/src/main.ts)' bash -c 'cd infra && node --import tsx src/main.ts'
