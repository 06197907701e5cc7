#!/usr/bin/env bash
# make snapshot: the release pipeline short of signing and publishing, then the checks a
# registry would make of its output.
#   scripts/snapshot.sh          every target of .goreleaser.yml, as a release builds them
#   scripts/snapshot.sh --quick  three targets, linux, darwin and windows on amd64 (one per
#                                executable format, the .exe name included), through the same
#                                build, archive, checksum and manifest steps; what .ci/run does
# goreleaser writes dist/; scripts/checkdist then checks it against the targets below, and
# scripts/release-notes.sh the newest CHANGELOG.md section. See RELEASING.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

config=.goreleaser.yml

# The targets a release promises (RELEASING.md lists them): .goreleaser.yml's goos x goarch
# less its ignore pairs and what Go cannot build. scripts/checkdist -targets fails on one
# goreleaser left out as well as on one too many; change this list with .goreleaser.yml.
targets=darwin_amd64,darwin_arm64,freebsd_386,freebsd_amd64,freebsd_arm,freebsd_arm64,linux_386,linux_amd64,linux_arm,linux_arm64,windows_386,windows_amd64,windows_arm64

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
  targets=darwin_amd64,linux_amd64,windows_amd64
  ;;
*)
  echo "usage: $0 [--quick]" >&2
  exit 2
  ;;
esac

bash scripts/tools.sh run goreleaser release --config "$config" --snapshot --clean --skip=publish,sign
go run ./scripts/checkdist -targets "$targets" dist
ALLOW_UNRELEASED=1 bash scripts/release-notes.sh >/dev/null
echo "snapshot: release notes found in CHANGELOG.md for $(sed -n 's/^## \([0-9][^ ]*\) (.*/\1/p' CHANGELOG.md | head -n 1)"
