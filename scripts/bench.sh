#!/usr/bin/env bash
# make bench: the benchmarks of BENCHMARKS.md, compared with benchstat.
#
#   bash scripts/bench.sh                 everything (about 15 minutes on 2 cores)
#   BENCH_QUICK=1 bash scripts/bench.sh   a smoke test: n=1000 comparisons, one run each (about 1 minute)
#
# Settings (environment):
#   BENCH_COUNT       runs of each benchmark (-count), default 6 (1 in quick mode)
#   BENCH_COUNT_SLOW  runs of twilio-go's defaults at n=100000 (about 56 s a run), default 3
#   BENCH_COUNT_E2E   runs of each terraform plan, default 3 (1 in quick mode)
#   BENCH_OUT         where raw results and benchstat tables go; default
#                     ${TMPDIR:-/tmp}/terraform-provider-twilio-bench/<UTC time>, outside the checkout
#
# Raw results are `go test -bench` output, one file per group; <group>.stat is benchstat's
# table of it. The local API runs as a separate process wherever allocations or heap are
# reported (see BENCHMARKS.md); the end-to-end plans use terraform from PATH (skipped when
# there is none).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
# shellcheck source=scripts/tools.sh
source scripts/tools.sh

quick=${BENCH_QUICK:-0}
if [[ $quick == 1 ]]; then
  count=${BENCH_COUNT:-1}
  count_e2e=${BENCH_COUNT_E2E:-1}
else
  count=${BENCH_COUNT:-6}
  count_e2e=${BENCH_COUNT_E2E:-3}
fi
count_slow=${BENCH_COUNT_SLOW:-3}
out=${BENCH_OUT:-${TMPDIR:-/tmp}/terraform-provider-twilio-bench/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out"

# A TF_CLI_CONFIG_FILE naming a missing file only produces warnings; the end-to-end
# benchmark sets its own anyway.
_tools_sanitize_tf_config
export CHECKPOINT_DISABLE=1
benchstat=$(ensure_benchstat)

log() { printf 'bench: %s\n' "$*" >&2; }

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc: $(nproc)"
  echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  echo "ram: $(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "go: $(go version)"
  echo "GOEXPERIMENT: $(go env GOEXPERIMENT)"
  if command -v terraform >/dev/null 2>&1; then
    echo "terraform: $(terraform version | head -n 1)"
  else
    echo "terraform: none on PATH"
  fi
  echo "quick: $quick count: $count count_slow: $count_slow count_e2e: $count_e2e"
} >"$out/machine.txt"
cat "$out/machine.txt" >&2

# gotest GROUP DIR ARGS...: go test -bench in DIR, raw output to $out/GROUP.txt.
gotest() {
  local group=$1 dir=$2
  shift 2
  log "$group: go test $* (in $dir)"
  local start=$SECONDS
  (cd "$dir" && go test -run '^$' -benchmem -timeout 60m "$@") | tee -a "$out/$group.txt" | { grep -E '^(Benchmark|ok|FAIL|---|panic)' >&2 || true; }
  log "$group: $((SECONDS - start)) s"
}

# stat NAME GROUP ARGS...: benchstat ARGS of $out/GROUP.txt into $out/NAME.stat.
stat() {
  local name=$1 group=$2
  shift 2
  [[ -s "$out/$group.txt" ]] || return 0
  "$benchstat" "$@" "$out/$group.txt" >"$out/$name.stat"
  printf '\n==== %s: benchstat %s\n' "$name" "$*"
  cat "$out/$name.stat"
}

# -bench patterns are matched one level of the name at a time, split at '/':
# BenchmarkList/n=100000/lat=0ms/client=floor has four levels, so an empty level matches any;
# a benchmark with fewer levels than the pattern does not run.
bm=$root/benchmarks
if [[ $quick == 1 ]]; then
  gotest list "$bm" -bench 'BenchmarkList/^n=1000$/' -count "$count"
  gotest windows "$bm" -bench 'BenchmarkWindows120d/^n=1000$/' -benchtime 1x -count "$count"
  gotest client "$root/internal/intelligence" -bench 'BenchmarkCollect/^n=10000$/^lat=0ms$' -benchtime 1x -count "$count"
  gotest provider "$root/internal/provider" -bench 'BenchmarkConversationsValue/^n=10000$/^build=direct$' -benchtime 1x -count "$count"
  gotest provider "$root/internal/provider" -bench 'BenchmarkConversationsRead$/^n=10000$/^lat=0ms$/^state=direct$' -benchtime 1x -count "$count"
  gotest e2e "$bm" -bench 'BenchmarkTerraformPlan/^n=10000$//^log=trace$' -benchtime 1x -count "$count_e2e"
else
  # The clients on the same server processes: n=1000 for 1 s each, the larger sizes one
  # listing per run; twilio-go's defaults at n=100000 (2000 requests) fewer times.
  gotest list "$bm" -bench 'BenchmarkList/^n=1000$/' -count "$count"
  gotest list "$bm" -bench 'BenchmarkList/^n=10000$/' -benchtime 1x -count "$count"
  gotest list "$bm" -bench 'BenchmarkList/^n=100000$//^client=(ours-collect|ours-list|floor|twilio-best)$' -benchtime 1x -count "$count"
  gotest list "$bm" -bench 'BenchmarkList/^n=100000$//^client=twilio-default$' -benchtime 1x -count "$count_slow"
  gotest windows "$bm" -bench 'BenchmarkWindows120d' -benchtime 1x -count "$count"
  gotest client "$root/internal/intelligence" -bench 'BenchmarkCollect|BenchmarkListIterator' -benchtime 1x -count "$count"
  gotest provider "$root/internal/provider" -bench 'BenchmarkConversations(Value|StateEncode|Read|ReadRPC)$' -benchtime 1x -count "$count"
  gotest e2e "$bm" -bench 'BenchmarkTerraformPlan' -benchtime 1x -count "$count_e2e"
fi

# twilio-go's behaviour on a filtered listing of several pages (no timing).
log "twilio-go findings: go test -run TwilioGo -v (in $bm)"
(cd "$bm" && go test -run 'TwilioGo' -count 1 -v) >"$out/twilio-go-findings.txt" 2>&1 ||
  { cat "$out/twilio-go-findings.txt" >&2; exit 1; }

log "benchstat tables (raw results and tables in $out)"
stat list list -col '/client@(floor ours-collect ours-list twilio-default twilio-best)'
stat windows windows -col '/workers@(1 4)'
stat client client
stat provider-value provider -filter '.name:ConversationsValue' -col /build
stat provider-read provider -filter '.name:ConversationsRead' -col /state
stat provider-rpc provider -filter '.name:ConversationsReadRPC' -col /state
stat provider-encode provider -filter '.name:ConversationsStateEncode'
stat e2e e2e -col /log
log "done: $out"
