#!/usr/bin/env bash
# Measures the generator for docs/BENCHMARKS.md: `npx projen` wall time with nothing to install
# (median of RUNS) and `npm ci` wall time from an empty node_modules with a warm npm cache
# (median of CI_RUNS). Usage: npm run bench:generator [-- RUNS CI_RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
ci_runs=${2:-3}

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
time_it() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f\n", e - s }'; }

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), node $(node --version), $(date -u +%Y-%m-%d)"
npx projen >/dev/null 2>&1 # settle: the timed runs must have nothing to install
projen_times=()
for i in $(seq "$runs"); do
  t=$(time_it npx projen); projen_times+=("$t"); echo "npx projen run $i: ${t}s"
done
ci_times=()
for i in $(seq "$ci_runs"); do
  t=$(time_it npm ci --no-audit --no-fund); ci_times+=("$t"); echo "npm ci run $i: ${t}s"
done
echo "npx projen median of $runs: $(printf '%s\n' "${projen_times[@]}" | median)s"
echo "npm ci median of $ci_runs: $(printf '%s\n' "${ci_times[@]}" | median)s"
