#!/usr/bin/env bash
# make bench: the benchmarks of BENCHMARKS.md, compared with benchstat.
#
#   bash scripts/bench.sh                 everything (about 25 minutes on 2 idle cores)
#   BENCH_QUICK=1 bash scripts/bench.sh   a smoke test: every benchmark at its smallest, once
#
# Settings (environment):
#   BENCH_COUNT       rounds, each running every benchmark once; default 6 (1 in quick mode)
#   BENCH_COUNT_SLOW  runs of the slowest ones (twilio-go's defaults at n=100000, terraform plan), default 3
#   BENCH_OUT         where raw results and benchstat tables go; default
#                     ${TMPDIR:-/tmp}/terraform-provider-twilio-bench/<UTC time>, outside the checkout
#
# Raw results are `go test -bench` output, one file per group; <table>.stat is a benchstat
# table of one question; machine.txt has the machine and the load average after every run.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
# shellcheck source=scripts/tools.sh
source scripts/tools.sh

quick=${BENCH_QUICK:-0}
if [[ $quick == 1 ]]; then
  count=${BENCH_COUNT:-1}
  count_slow=${BENCH_COUNT_SLOW:-1}
else
  count=${BENCH_COUNT:-6}
  count_slow=${BENCH_COUNT_SLOW:-3}
fi
out=${BENCH_OUT:-${TMPDIR:-/tmp}/terraform-provider-twilio-bench/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out"

_tools_sanitize_tf_config
export CHECKPOINT_DISABLE=1
benchstat=$(ensure_benchstat)

log() { printf 'bench: %s\n' "$*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "nproc: $(nproc)"
  echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  echo "go: $(go version)"
  if command -v terraform >/dev/null 2>&1; then
    echo "terraform: $(terraform version | head -n 1)"
  else
    echo "terraform: none on PATH"
  fi
  echo "quick: $quick count: $count count_slow: $count_slow"
} >"$out/machine.txt"
cat "$out/machine.txt" >&2

# Each package's test binary is built once; every round then runs each benchmark once
# (-test.count 1), so a change of load on the machine falls on every variant alike
# instead of on whichever ran during it.
bins=$out/bin
mkdir -p "$bins"
testbin() {
  local dir=$1 bin
  bin=$bins/$(basename "$dir").test
  if [[ ! -x $bin ]]; then
    log "building $bin (in $dir)"
    (cd "$dir" && go test -c -o "$bin") || exit 1
  fi
  printf '%s\n' "$bin"
}

# bench GROUP DIR ARGS...: one run of DIR's benchmarks (ARGS are test binary flags such
# as -test.bench), raw output appended to $out/GROUP.txt.
bench() {
  local group=$1 dir=$2 bin
  shift 2
  bin=$(testbin "$dir")
  log "$group: $* (load $(load))"
  local start=$SECONDS
  (cd "$dir" && "$bin" -test.run '^$' -test.benchmem -test.count 1 -test.timeout 60m "$@") |
    tee -a "$out/$group.txt" | { grep -E '^(Benchmark|FAIL|---|panic)' >&2 || true; }
  log "$group: $((SECONDS - start)) s"
  echo "load $(load) after $group $*" >>"$out/machine.txt"
}

# stat NAME GROUP ARGS...: benchstat ARGS of $out/GROUP.txt into $out/NAME.stat.
stat() {
  local name=$1 group=$2
  shift 2
  [[ -s "$out/$group.txt" ]] || return 0
  "$benchstat" "$@" "$out/$group.txt" >"$out/$name.stat"
  grep -q '│' "$out/$name.stat" || { rm "$out/$name.stat"; return 0; } # nothing matched
  printf '\n==== %s: benchstat %s\n' "$name" "$*"
  cat "$out/$name.stat"
}

# -bench patterns match one level of the name at a time, split at '/': an empty level
# matches any, and a benchmark with fewer levels than the pattern does not run.
bm=$root/benchmarks
intel=$root/internal/intelligence
for ((round = 1; round <= count; round++)); do
  log "round $round of $count"
  if [[ $quick == 1 ]]; then
    bench micro "$intel" -test.bench 'DecodePage|ScanNextToken' -test.benchtime 20x
    bench list "$bm" -test.bench 'ListConversations/^n=1000$//^client=(ours|chain|floor)$' -test.benchtime 1x
    bench windows "$bm" -test.bench 'Windows120d/^n=1000$/' -test.benchtime 1x
    bench state "$bm" -test.bench 'ConversationsRead/^n=10000$/^read=(list-only|direct)$' -test.benchtime 1x
    continue
  fi
  bench micro "$intel" -test.bench 'DecodePage|ScanNextToken'
  # n=1000 for 1 s each, the larger sizes one listing per run.
  bench list "$bm" -test.bench 'ListConversations/^n=1000$/'
  bench list "$bm" -test.bench 'ListConversations/^n=(10000|100000)$//^client=(ours|chain|floor|twilio-best)$' -test.benchtime 1x
  bench windows "$bm" -test.bench 'Windows120d' -test.benchtime 1x
  bench state "$bm" -test.bench 'Conversations(Read|StateEncode|ReadRPC)' -test.benchtime 1x
  if ((round <= count_slow)); then
    # twilio-go's defaults: 2000 requests at n=100000, about a minute at 20 ms.
    bench list "$bm" -test.bench 'ListConversations/^n=(10000|100000)$//^client=twilio-default$' -test.benchtime 1x
    bench e2e "$bm" -test.bench 'TerraformPlan' -test.benchtime 1x
  fi
done

if [[ $quick != 1 ]]; then
  # twilio-go's behaviour on a filtered listing of several pages (no timing).
  log "twilio-go findings: go test -run TwilioGo -v (in $bm)"
  (cd "$bm" && go test -run 'TwilioGo' -count 1 -v) >"$out/twilio-go-findings.txt" 2>&1 ||
    { cat "$out/twilio-go-findings.txt" >&2; exit 1; }
fi

log "benchstat tables (raw results and tables in $out)"
stat decode micro -filter '.name:DecodePage' -col /decoder
stat scan micro -filter '.name:ScanNextToken'
stat paging list -filter '/client:(chain OR ours)' -col '/client@(chain ours)'
stat clients list -filter '/client:(floor OR ours OR twilio-best OR twilio-default)' -col '/client@(floor ours twilio-best twilio-default)'
stat windows windows -col '/workers@(1 4)'
stat state-read state -filter '.name:ConversationsRead' -col '/read@(list-only direct reflection)'
stat state-rpc state -filter '.name:ConversationsReadRPC' -col /state
stat state-encode state -filter '.name:ConversationsStateEncode'
stat e2e e2e -col /log
rm -rf "$bins"
log "done: $out"
