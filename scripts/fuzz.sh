#!/usr/bin/env bash
# Runs every fuzz target in the module for FUZZTIME (default 60s) each.
#   FUZZTIME=10s scripts/fuzz.sh
# New interesting inputs land in Go's fuzz cache; a failing input is written to the package's
# testdata/fuzz/<Name>/ (commit it: it becomes a regression test).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
fuzztime=${FUZZTIME:-60s}

# `go test -list` prints each package's matching names, then "ok  <pkg> <time>".
listing=$(go test -list '^Fuzz' ./...)
targets=()
names=()
while IFS= read -r line; do
  case "$line" in
  Fuzz*) names+=("$line") ;;
  "ok"[[:space:]]*)
    read -r _ pkg _ <<<"$line"
    for n in ${names[@]+"${names[@]}"}; do targets+=("$pkg $n"); done
    names=()
    ;;
  esac
done <<<"$listing"

if [[ ${#targets[@]} -eq 0 ]]; then
  echo "fuzz: no fuzz targets found"
  exit 0
fi
for t in "${targets[@]}"; do
  read -r pkg name <<<"$t"
  echo "==> fuzz $pkg $name for $fuzztime"
  go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "$pkg"
done
