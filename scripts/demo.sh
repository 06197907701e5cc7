#!/usr/bin/env bash
# make demo: the provider end to end, on this machine only, in about a minute.
# Installs terraform if it is missing (scripts/tools.sh), builds the provider and the local
# Intelligence API, starts the API on 127.0.0.1 with seeded data, and applies
# examples/demo with a throwaway CLI configuration whose dev_overrides serve the freshly
# built provider (no registry, no credentials, no network). The API stops whatever happens,
# Ctrl-C included, and nothing is written inside the checkout, so it can run again at once.
#   DEMO_CONVERSATIONS=2000 make demo     more seeded conversations (default 500)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/tools.sh
. scripts/tools.sh

step() { printf '\n==> %s\n' "$*"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/twilio-demo.XXXXXX")
api_pid=""
cleanup() {
  if [[ -n "$api_pid" ]] && kill -0 "$api_pid" 2>/dev/null; then
    kill "$api_pid" 2>/dev/null || true
    wait "$api_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step "1/5 Terraform"
_tools_sanitize_tf_config
terraform=$(ensure_terraform)
echo "using $terraform ($(tf_cli_version "$terraform"))"

step "2/5 Building the provider and the local Intelligence API"
mkdir -p "$work/plugins"
go build -o "$work/plugins/terraform-provider-twilio" .
go build -o "$work/intelligence-local-api" ./cmd/intelligence-local-api
echo "built into $work"

step "3/5 Starting the local Intelligence API on 127.0.0.1"
"$work/intelligence-local-api" -addr 127.0.0.1:0 -conversations "${DEMO_CONVERSATIONS:-500}" \
  -url-file "$work/api-url" >"$work/api.log" 2>&1 &
api_pid=$!
for _ in $(seq 100); do
  [[ -s "$work/api-url" ]] && break
  kill -0 "$api_pid" 2>/dev/null || { cat "$work/api.log" >&2; exit 1; }
  sleep 0.1
done
[[ -s "$work/api-url" ]] || { echo "the local API did not start" >&2; cat "$work/api.log" >&2; exit 1; }
api_url=$(cat "$work/api-url")
echo "serving ${DEMO_CONVERSATIONS:-500} seeded conversations at $api_url"

step "4/5 Applying examples/demo"
cp examples/demo/*.tf "$work/"
cat >"$work/cli.tfrc" <<CONFIG
provider_installation {
  dev_overrides {
    "registry.terraform.io/seed04710220/twilio" = "$work/plugins"
  }
  direct {}
}
CONFIG
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
export TWILIO_INTELLIGENCE_BASE_URL="$api_url"
# The local API's well-known fake test credentials (intelligencetest.TestAPIKey/Secret).
export TWILIO_API_KEY=SK7e577e577e577e577e577e577e577e57
export TWILIO_API_SECRET=LocalTestSecretNotForProduction0
unset TWILIO_ACCOUNT_SID TWILIO_AUTH_TOKEN TWILIO_REGION TWILIO_EDGE
(cd "$work" && "$terraform" apply -auto-approve -input=false -no-color) >"$work/apply.log" 2>&1 || {
  cat "$work/apply.log" >&2
  exit 1
}
grep -E '^(Apply complete|Plan:)' "$work/apply.log" || true

step "5/5 What the provider read"
(cd "$work" && "$terraform" output -no-color)
kill "$api_pid" && wait "$api_pid" || true
api_pid=""
echo
echo "The local API $(tail -n 1 "$work/api.log") for the plan and the apply."
echo "Done: the local API is stopped; $work is removed."
