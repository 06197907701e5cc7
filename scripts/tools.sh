#!/usr/bin/env bash
# Tool bootstrap for terraform-provider-twilio.
#
# Source it from another bash script, or run it:
#   scripts/tools.sh <tool>              print the absolute path of <tool>, installing it first
#   scripts/tools.sh all                 install every tool, print "<tool> <path>" per line
#   scripts/tools.sh run <tool> [args]   run <tool> with args (terraform/tofu get the tf_env setup)
#   scripts/tools.sh with-terraform CMD  run CMD after tf_env (terraform for terraform-plugin-testing)
#   scripts/tools.sh with-tofu CMD       run CMD after tofu_env (acceptance tests on OpenTofu)
# Tools: terraform tofu golangci-lint goreleaser benchstat
#
# Every ensure_<tool> function prints the absolute path of a working binary on stdout
# (progress goes to stderr) and installs the tool when it is missing. Nothing is downloaded
# except Go modules through the Go module proxy: every tool is built from source with the
# local Go toolchain. Binaries are cached outside the checkout, one directory per version:
#   ${TWILIO_PROVIDER_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-twilio/tools}/<name>-<version>/<name>
# An install builds into a temporary directory beside its final one, checks the binary runs,
# then renames the directory into place, so an interrupted build never leaves a broken
# binary behind. Concurrent callers wait on a per-tool lock (flock) and then reuse the result;
# without flock the rename alone keeps them safe (the loser discards its build).

# Versions. Bumping one makes the next call install into a new directory.
TERRAFORM_VERSION=1.8.5 # the newest Terraform that builds from the Go module proxy
TERRAFORM_MIN_VERSION=1.8 # a terraform on PATH at least this new is used as is
TOFU_VERSION=1.12.6
GOLANGCI_LINT_VERSION=2.15.0
GORELEASER_VERSION=2.16.0
BENCHSTAT_VERSION=v0.0.0-20260908200009-22c9c6c9d4da # golang.org/x/perf has no tags

tools_dir() {
  printf '%s\n' "${TWILIO_PROVIDER_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-twilio/tools}"
}

_tools_log() { printf 'tools: %s\n' "$*" >&2; }

# _tools_sanitize_tf_config: a TF_CLI_CONFIG_FILE naming a missing file makes tofu print a
# warning on stdout (which breaks version parsing) and is useless to terraform: drop it.
_tools_sanitize_tf_config() {
  if [[ -n "${TF_CLI_CONFIG_FILE:-}" && ! -e "${TF_CLI_CONFIG_FILE}" ]]; then
    unset TF_CLI_CONFIG_FILE
  fi
}

# tf_cli_version BIN: prints the version of a terraform-compatible CLI (terraform or tofu).
tf_cli_version() {
  local out
  out=$(
    _tools_sanitize_tf_config
    CHECKPOINT_DISABLE=1 "$1" version -json 2>/dev/null
  ) || return 1
  sed -n 's/^[[:space:]]*"terraform_version": "\([^"]*\)".*/\1/p' <<<"$out"
}

# version_ge A B: true when dotted version A >= B (numeric parts only).
version_ge() {
  local IFS=. i
  local -a a b
  read -r -a a <<<"${1%%[-+]*}"
  read -r -a b <<<"${2%%[-+]*}"
  for ((i = 0; i < ${#b[@]}; i++)); do
    local x=$((10#${a[i]:-0})) y=$((10#${b[i]:-0}))
    ((x > y)) && return 0
    ((x < y)) && return 1
  done
  return 0
}

# _tools_install NAME VERSION BUILD_FN CHECK_ARGS...
# Prints the cached binary's path, running BUILD_FN <tmpdir> <name> <version> to make it first
# when it is not cached. BUILD_FN must leave an executable <tmpdir>/<name>; "<binary>
# CHECK_ARGS..." must then succeed before the binary is moved into the cache.
_tools_install() {
  local name=$1 version=$2 build=$3
  shift 3
  local root dir bin
  root=$(tools_dir)
  dir="$root/$name-$version"
  bin="$dir/$name"
  if [[ -x "$bin" ]]; then
    printf '%s\n' "$bin"
    return 0
  fi
  mkdir -p "$root" || return 1
  (
    if command -v flock >/dev/null 2>&1; then
      exec 9>"$root/.$name-$version.lock" || exit 1
      if ! flock -n 9; then
        _tools_log "waiting for another install of $name $version"
        flock 9 || exit 1
      fi
      # Holding the lock, any temporary directory of this tool is a killed build's leftover.
      local stale
      for stale in "$root/.tmp-$name-$version".*; do
        [[ ! -e "$stale" ]] || { chmod -R u+w "$stale" && rm -rf "$stale"; } || true
      done
    fi
    if [[ -x "$bin" ]]; then # another caller finished it while we waited
      printf '%s\n' "$bin"
      exit 0
    fi
    local tmp start=$SECONDS
    tmp=$(mktemp -d "$root/.tmp-$name-$version.XXXXXX") || exit 1
    # shellcheck disable=SC2064 # expand $tmp now
    trap "chmod -R u+w '$tmp' 2>/dev/null; rm -rf '$tmp'" EXIT
    _tools_log "installing $name $version into $dir (built from source, this can take minutes)"
    if ! "$build" "$tmp" "$name" "$version" >&2; then
      _tools_log "failed to build $name $version"
      exit 1
    fi
    if [[ ! -x "$tmp/$name" ]] || ! "$tmp/$name" "$@" >/dev/null 2>&1; then
      _tools_log "the freshly built $name $version does not run ($tmp/$name $*)"
      exit 1
    fi
    # Keep only the binary: the temporary directory may also hold build leftovers.
    mkdir "$tmp/.final" && mv "$tmp/$name" "$tmp/.final/$name" || exit 1
    if ! mv -T "$tmp/.final" "$dir" 2>/dev/null && [[ ! -x "$bin" ]]; then
      _tools_log "could not move $name into $dir"
      exit 1
    fi
    _tools_log "installed $name $version in $((SECONDS - start))s"
    printf '%s\n' "$bin"
  )
}

# _tools_go_install TMPDIR NAME PACKAGE@VERSION [go install flags...]
_tools_go_install() {
  local tmp=$1 name=$2 pkg=$3
  shift 3
  # Build outside any module (and any go.work) so the project's go.mod plays no part; a
  # GOFLAGS meant for the project (-mod=vendor, say) must not apply either.
  (cd "$tmp" && GOBIN="$tmp" GOWORK=off GOFLAGS='' go install "$@" "$pkg") || return 1
  # go install names the binary after the last path element, skipping a major version suffix.
  local built=${pkg%@*}
  [[ ! "${built##*/}" =~ ^v[0-9]+$ ]] || built=${built%/*}
  built=${built##*/}
  [[ "$built" == "$name" ]] || mv "$tmp/$built" "$tmp/$name"
}

_tools_build_terraform() {
  _tools_go_install "$1" terraform "github.com/hashicorp/terraform@v$3" \
    -trimpath -ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no"
}

_tools_build_tofu() {
  local tmp=$1 version=$3 src
  src=$(cd "$tmp" && GOWORK=off GOFLAGS='' go mod download -json "github.com/opentofu/opentofu@v$version" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p') || return 1
  [[ -n "$src" && -d "$src" ]] || {
    _tools_log "go mod download did not report a source directory for opentofu v$version"
    return 1
  }
  # The module cache is read-only; OpenTofu's go.mod has replace directives, so build a copy.
  cp -R "$src" "$tmp/src" && chmod -R u+w "$tmp/src" || return 1
  (cd "$tmp/src" && GOWORK=off GOFLAGS='' go build -trimpath \
    -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" -o "$tmp/tofu" ./cmd/tofu) || return 1
  rm -rf "$tmp/src"
}

_tools_build_golangci_lint() {
  _tools_go_install "$1" golangci-lint "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v$GOLANGCI_LINT_VERSION"
}

_tools_build_goreleaser() {
  _tools_go_install "$1" goreleaser "github.com/goreleaser/goreleaser/v2@v$3"
}

_tools_build_benchstat() {
  _tools_go_install "$1" benchstat "golang.org/x/perf/cmd/benchstat@$3"
}

# ensure_terraform: terraform from PATH when it runs and is >= TERRAFORM_MIN_VERSION,
# else Terraform TERRAFORM_VERSION built from the Go module proxy into the cache.
ensure_terraform() {
  local path v
  if path=$(command -v terraform 2>/dev/null) && [[ -n "$path" ]]; then
    path=$(readlink -f "$path")
    v=$(tf_cli_version "$path") || v=""
    if [[ -n "$v" ]] && version_ge "$v" "$TERRAFORM_MIN_VERSION"; then
      printf '%s\n' "$path"
      return 0
    fi
    _tools_log "ignoring $path (version '${v:-unknown}', need >= $TERRAFORM_MIN_VERSION)"
  fi
  (
    _tools_sanitize_tf_config
    CHECKPOINT_DISABLE=1 _tools_install terraform "$TERRAFORM_VERSION" _tools_build_terraform version
  )
}

ensure_tofu() {
  (
    _tools_sanitize_tf_config
    _tools_install tofu "$TOFU_VERSION" _tools_build_tofu version
  )
}

# golangci-lint refuses to lint code for a newer Go than it was built with, so its cache
# directory also names the Go toolchain that built it.
ensure_golangci_lint() {
  local gov
  gov=$(go env GOVERSION) || return 1
  _tools_install golangci-lint "$GOLANGCI_LINT_VERSION-$gov" _tools_build_golangci_lint --version
}

ensure_goreleaser() {
  _tools_install goreleaser "$GORELEASER_VERSION" _tools_build_goreleaser --version
}

ensure_benchstat() {
  _tools_install benchstat "$BENCHSTAT_VERSION" _tools_build_benchstat -h
}

# tf_env: prepare the environment for terraform-plugin-testing and tfplugindocs:
# drops a TF_CLI_CONFIG_FILE that names a missing file, exports CHECKPOINT_DISABLE=1 and
# TF_ACC_TERRAFORM_PATH=<ensure_terraform>, and puts that terraform first on PATH (tfplugindocs
# only looks on PATH). TF_ACC_TERRAFORM_VERSION is unset, never set: it makes
# terraform-plugin-testing download a release. TF_ACC_PROVIDER_HOST (tofu_env's) is unset too.
tf_env() {
  _tools_sanitize_tf_config
  unset TF_ACC_TERRAFORM_VERSION TF_ACC_PROVIDER_HOST
  local tf
  tf=$(ensure_terraform) || return 1
  export CHECKPOINT_DISABLE=1
  export TF_ACC_TERRAFORM_PATH="$tf"
  if [[ "$(command -v terraform 2>/dev/null)" != "$tf" ]]; then
    export PATH="${tf%/*}:$PATH"
  fi
}

# tofu_env: the same for OpenTofu: acceptance tests run on tofu with the OpenTofu registry
# host as the provider's source host.
tofu_env() {
  _tools_sanitize_tf_config
  unset TF_ACC_TERRAFORM_VERSION
  local tofu
  tofu=$(ensure_tofu) || return 1
  export CHECKPOINT_DISABLE=1
  export TF_ACC_TERRAFORM_PATH="$tofu"
  export TF_ACC_PROVIDER_HOST=registry.opentofu.org
}

_tools_ensure() {
  case "$1" in
  terraform) ensure_terraform ;;
  tofu) ensure_tofu ;;
  golangci-lint) ensure_golangci_lint ;;
  goreleaser) ensure_goreleaser ;;
  benchstat) ensure_benchstat ;;
  *)
    _tools_log "unknown tool '$1' (terraform tofu golangci-lint goreleaser benchstat)"
    return 2
    ;;
  esac
}

_tools_main() {
  set -euo pipefail
  local usage="usage: $0 {terraform|tofu|golangci-lint|goreleaser|benchstat|all|run <tool> [args...]|with-terraform CMD...|with-tofu CMD...}"
  case "${1:-}" in
  "" | -h | --help)
    printf '%s\n' "$usage" >&2
    [[ -n "${1:-}" ]]
    ;;
  all)
    local t p
    for t in terraform tofu golangci-lint goreleaser benchstat; do
      p=$(_tools_ensure "$t")
      printf '%s %s\n' "$t" "$p"
    done
    ;;
  run)
    [[ $# -ge 2 ]] || {
      printf '%s\n' "$usage" >&2
      return 2
    }
    local tool=$2 bin
    shift 2
    case "$tool" in
    terraform)
      tf_env || return 1
      bin=$TF_ACC_TERRAFORM_PATH
      ;;
    tofu)
      tofu_env || return 1
      bin=$TF_ACC_TERRAFORM_PATH
      ;;
    *) bin=$(_tools_ensure "$tool") || return 1 ;;
    esac
    exec "$bin" "$@"
    ;;
  with-terraform | with-tofu)
    [[ $# -ge 2 ]] || {
      printf '%s\n' "$usage" >&2
      return 2
    }
    if [[ $1 == with-terraform ]]; then tf_env || return 1; else tofu_env || return 1; fi
    _tools_log "TF_ACC_TERRAFORM_PATH=$TF_ACC_TERRAFORM_PATH${TF_ACC_PROVIDER_HOST:+ TF_ACC_PROVIDER_HOST=$TF_ACC_PROVIDER_HOST}"
    shift
    exec "$@"
    ;;
  *)
    [[ $# -eq 1 ]] || {
      printf '%s\n' "$usage" >&2
      return 2
    }
    _tools_ensure "$1"
    ;;
  esac
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  _tools_main "$@"
fi
