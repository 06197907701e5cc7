#!/usr/bin/env bash
# Prints the CHANGELOG.md section of one version, for goreleaser's --release-notes:
#   scripts/release-notes.sh v0.1.0 > notes.md
#   ALLOW_UNRELEASED=1 scripts/release-notes.sh    (the newest section; what CI checks)
# Fails when CHANGELOG.md has no "## 0.1.0 (<date>)" section, when that section still says
# (Unreleased), or when it is empty, so that a tag never ships without its notes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

version=${1:-$(sed -n 's/^## \([0-9][^ ]*\) (.*/\1/p' CHANGELOG.md | head -n 1)}
version=${version#v}
[[ -n "$version" ]] || {
  echo "release-notes: no \"## X.Y.Z (...)\" section in CHANGELOG.md" >&2
  exit 1
}
allow_unreleased=${ALLOW_UNRELEASED:-} # CI checks the section before the release date is set

notes=$(awk -v v="$version" '
  index($0, "## " v " (") == 1 { found = 1; print; next }
  found && /^## / { exit }
  found { print }
' CHANGELOG.md)

header=${notes%%$'\n'*}
if [[ -z "$notes" ]]; then
  echo "release-notes: CHANGELOG.md has no \"## $version (...)\" section" >&2
  exit 1
fi
if [[ "$header" == *"(Unreleased)"* && -z "$allow_unreleased" ]]; then
  echo "release-notes: CHANGELOG.md still says \"$header\": put the release date in it before tagging" >&2
  exit 1
fi
body=${notes#*$'\n'}
if [[ "$body" == "$notes" || -z "${body//[[:space:]]/}" ]]; then
  echo "release-notes: the CHANGELOG.md section of $version is empty" >&2
  exit 1
fi
# The notes, without the version header (GitHub shows the tag as the release's title).
printf '%s\n' "$body" | sed '/./,$!d'
