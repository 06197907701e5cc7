#!/usr/bin/env bash
# make snapshot: the release pipeline short of signing and publishing, then the checks a
# registry would make of its output.
#   scripts/snapshot.sh          every target of .goreleaser.yml, as a release builds them
#   scripts/snapshot.sh --quick  three targets, linux, darwin and windows on amd64 (one per
#                                executable format, the .exe name included), through the same
#                                build, archive, checksum and manifest steps; what .ci/run does
# goreleaser writes dist/; scripts/checkdist then checks it, with -targets the targets the
# configuration asks for (computed below), and scripts/release-notes.sh the newest
# CHANGELOG.md section. See RELEASING.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

config=.goreleaser.yml

# targets CONFIG: the os_arch list, comma-separated and sorted, of the builds CONFIG asks
# for: its goos list times its goarch list, less its ignore pairs and the pairs Go cannot
# build (go tool dist list). scripts/checkdist -targets then fails on a target goreleaser
# left out as well as on one too many. It reads the one build's one-line goos and goarch
# lists and ignore entries made of a goos and a goarch only, and fails on anything else.
targets() {
  local conf=$1 goos goarch ignore valid os arch out=()
  if [[ $(grep -c '^    goos: \[' "$conf") -ne 1 || $(grep -c '^    goarch: \[' "$conf") -ne 1 ]]; then
    echo "snapshot: $conf no longer has one build with one-line 'goos: [...]' and" \
      "'goarch: [...]' lists; update scripts/snapshot.sh" >&2
    return 1
  fi
  goos=$(sed -n 's/^    goos: \[\(.*\)\]$/\1/p' "$conf" | tr -d ' "' | tr ',' ' ')
  goarch=$(sed -n 's/^    goarch: \[\(.*\)\]$/\1/p' "$conf" | tr -d ' "' | tr ',' ' ')
  # The build's ignore entries ("      - goos: X" and "        goarch: Y", comments
  # allowed), one os_arch a line; "?" for an entry of another shape.
  ignore=$(awk '
    function flush() { if (n) print ((os != "" && arch != "" && n == 2) ? os "_" arch : "?"); os = arch = ""; n = 0 }
    /^    ignore:/ { in_ignore = 1; next }
    in_ignore && /^ *(#.*)?$/ { next }
    in_ignore && /^      - / { flush(); sub(/^      - /, "        ") }
    in_ignore && /^        [a-z0-9_]+:/ {
      key = $1; sub(/:$/, "", key); val = $2; gsub(/"/, "", val); n++
      if (key == "goos") os = val; else if (key == "goarch") arch = val
      next
    }
    in_ignore { flush(); in_ignore = 0 }
    END { flush() }' "$conf")
  if grep -qx '?' <<<"$ignore"; then
    echo "snapshot: $conf has an ignore entry other than a goos and a goarch; update" \
      "scripts/snapshot.sh" >&2
    return 1
  fi
  valid=$(go tool dist list) || return 1
  for os in $goos; do
    for arch in $goarch; do
      grep -qx "$os/$arch" <<<"$valid" || continue
      grep -qx "${os}_$arch" <<<"$ignore" && continue
      out+=("${os}_$arch")
    done
  done
  if [[ ${#out[@]} -eq 0 ]]; then
    echo "snapshot: no target in $conf" >&2
    return 1
  fi
  printf '%s\n' "${out[@]}" | sort | paste -sd, -
}

case "${1:-}" in
"") ;;
--quick)
  tmp=$(mktemp -d)
  # shellcheck disable=SC2064 # expand $tmp now
  trap "rm -rf '$tmp'" EXIT
  # The same configuration with the one build's goos and goarch lists narrowed.
  sed -e 's/^\(    goos: \)\[.*\]$/\1[linux, darwin, windows]/' \
    -e 's/^\(    goarch: \)\[.*\]$/\1[amd64]/' "$config" >"$tmp/goreleaser.yml"
  if [[ $(grep -c '^    goos: \[' "$config") -ne 1 || $(grep -c '^    goarch: \[' "$config") -ne 1 ]] ||
    ! grep -qx '    goos: \[linux, darwin, windows\]' "$tmp/goreleaser.yml" ||
    ! grep -qx '    goarch: \[amd64\]' "$tmp/goreleaser.yml"; then
    echo "snapshot: cannot narrow the targets: $config no longer has one build with one-line" \
      "'goos: [...]' and 'goarch: [...]' lists; update scripts/snapshot.sh" >&2
    exit 1
  fi
  config=$tmp/goreleaser.yml
  ;;
*)
  echo "usage: $0 [--quick]" >&2
  exit 2
  ;;
esac

# Before goreleaser, so that a configuration this script cannot read fails at once.
want=$(targets "$config")
check_args=(-targets "$want")
bash scripts/tools.sh run goreleaser release --config "$config" --snapshot --clean --skip=publish,sign
go run ./scripts/checkdist ${check_args[@]+"${check_args[@]}"} dist
ALLOW_UNRELEASED=1 bash scripts/release-notes.sh >/dev/null
echo "snapshot: release notes found in CHANGELOG.md for $(sed -n 's/^## \([0-9][^ ]*\) (.*/\1/p' CHANGELOG.md | head -n 1)"
