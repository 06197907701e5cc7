#!/usr/bin/env bash
# Provider documentation with tfplugindocs (a `tool` in go.mod).
#   scripts/docs.sh generate       regenerate docs/ from templates/, examples/ and the schema
#   scripts/docs.sh check          generate, fail if docs/ changed or gained untracked files,
#                                  then tfplugindocs validate
#   scripts/docs.sh schema FILE    only write the provider's schema JSON to FILE
#
# The schema is exported here and handed to tfplugindocs (--providers-schema) instead of
# letting tfplugindocs run terraform itself, because the docs must not depend on the machine:
# - tfplugindocs finds terraform only on PATH and otherwise downloads one (impossible here);
# - the terraform that builds from the Go module proxy (1.8.5) predates ephemeral resources
#   (1.10), so its schema lacks them and their pages would vanish from docs/;
# - OpenTofu exports the same schema JSON as Terraform >= 1.10 (checked byte for byte), but
#   tfplugindocs's own workspace only works with terraform (tofu looks for the provider
#   under another registry host).
# So: terraform when it is >= 1.10, else OpenTofu (built once into the tools cache).
# If the code has //go:generate directives (other generators), `go generate ./...` runs first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/tools.sh
. scripts/tools.sh

provider_name=twilio
subcategory="Conversational Intelligence" # of every page but the index
schema_min_terraform=1.10 # ephemeral resources

# schema_cli: prints a terraform-compatible CLI whose schema export covers every block type.
schema_cli() {
  local tf v
  tf=$(ensure_terraform) || return 1
  v=$(tf_cli_version "$tf") || v=""
  if [[ -n "$v" ]] && version_ge "$v" "$schema_min_terraform"; then
    printf '%s\n' "$tf"
    return 0
  fi
  echo "docs: terraform $v is older than $schema_min_terraform; exporting the schema with OpenTofu" >&2
  ensure_tofu
}

# export_schema FILE: builds the provider and writes `providers schema -json` to FILE, under
# the address tfplugindocs looks up (registry.terraform.io/hashicorp/<name>).
export_schema() {
  local out=$1 cli ws plugin
  cli=$(schema_cli) || return 1
  ws="$tmp/workspace"
  plugin="$ws/plugins/registry.terraform.io/hashicorp/$provider_name/0.0.1/$(go env GOOS)_$(go env GOARCH)"
  mkdir -p "$plugin"
  go build -o "$plugin/terraform-provider-$provider_name" . || return 1
  printf 'terraform {\n  required_providers {\n    %s = {\n      source = "registry.terraform.io/hashicorp/%s"\n    }\n  }\n}\n' \
    "$provider_name" "$provider_name" >"$ws/main.tf"
  (cd "$ws" && "$cli" init -backend=false -input=false -plugin-dir=./plugins >init.log 2>&1) || {
    cat "$ws/init.log" >&2
    return 1
  }
  (cd "$ws" && "$cli" providers schema -json) >"$out" || return 1
}

generate() {
  if grep -rqs --include='*.go' --exclude-dir=vendor --exclude-dir=.git '^//go:generate ' .; then
    go generate ./...
  fi
  export_schema "$tmp/schema.json"
  go tool tfplugindocs generate --provider-name "$provider_name" --providers-schema "$tmp/schema.json"
}

check() {
  git rev-parse --is-inside-work-tree >/dev/null 2>&1 || {
    echo "docs: not a git work tree, cannot tell whether docs/ drifted" >&2
    return 1
  }
  generate
  local drift=0 untracked
  if ! git diff --exit-code --stat -- docs/; then
    echo "docs: docs/ differs from what the code generates; run 'make generate' and commit docs/" >&2
    git --no-pager diff -- docs/ | head -n 200 >&2
    drift=1
  fi
  untracked=$(git ls-files --others --exclude-standard -- docs/)
  if [[ -n "$untracked" ]]; then
    printf 'docs: generated files that git does not track (commit them):\n%s\n' "$untracked" >&2
    drift=1
  fi
  [[ $drift -eq 0 ]] || return 1
  # Every page but the index (which must have none) is in the Registry's subcategory;
  # templates/data-sources.md.tmpl and ephemeral-resources.md.tmpl give new pages one.
  local missing
  missing=$(find docs -name '*.md' ! -path docs/index.md -exec grep -L "^subcategory: \"$subcategory\"\$" {} +)
  if [[ -n "$missing" ]]; then
    printf 'docs: pages without subcategory: "%s" in their front matter (fix their templates/):\n%s\n' \
      "$subcategory" "$missing" >&2
    return 1
  fi
  go tool tfplugindocs validate --provider-name "$provider_name" --providers-schema "$tmp/schema.json"
}

tmp=$(mktemp -d)
# shellcheck disable=SC2064 # expand $tmp now
trap "rm -rf '$tmp'" EXIT

tf_env
case "${1:-}" in
generate) generate ;;
check) check ;;
schema)
  [[ -n "${2:-}" ]] || {
    echo "usage: $0 schema FILE" >&2
    exit 2
  }
  export_schema "$2"
  ;;
*)
  echo "usage: $0 {generate|check|schema FILE}" >&2
  exit 2
  ;;
esac
