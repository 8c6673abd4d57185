#!/usr/bin/env bash
# Makes the Pulumi engine available and prints, as the last line on stdout, the directory to put first
# on PATH. Progress goes to stderr.
#
#   1. A `pulumi` CLI already on PATH (3.200 or newer) is used as it is, with the plugins next to it.
#   2. Otherwise the CLI and the Python dynamic-provider shim are taken from a per-version cache
#      outside the work tree, building them from the Go module proxy on the first run.
#
# Idempotent: a complete cache is reused without network access. Environment:
#   PULUMI_ENGINE_VERSION    release to build (default below)
#   PULUMI_ENGINE_CACHE      cache root (default ${XDG_CACHE_HOME:-~/.cache}/connect-as-code/pulumi)
#   PULUMI_ENGINE_FORCE_BUILD=1  ignore a pulumi found on PATH
set -euo pipefail

VERSION="${PULUMI_ENGINE_VERSION:-v3.274.1}"
MIN_MINOR=200
CACHE_ROOT="${PULUMI_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/connect-as-code/pulumi}"
BIN_DIR="$CACHE_ROOT/$VERSION/bin"
STAMP="$BIN_DIR/.complete"

say() { printf 'engine: %s\n' "$*" >&2; }
fail() {
  printf 'engine: ERROR: %s\n' "$*" >&2
  printf 'engine: install the Pulumi CLI (https://www.pulumi.com/docs/iac/download-install/) and put it on PATH,\n' >&2
  printf 'engine: or install Go >= 1.26 with access to a Go module proxy so the CLI can be built.\n' >&2
  exit 1
}

minor_of() { sed -n 's/^v\{0,1\}3\.\([0-9][0-9]*\)\..*/\1/p' <<<"$1"; }

use_path_cli() {
  [ "${PULUMI_ENGINE_FORCE_BUILD:-0}" = 1 ] && return 1
  local cli version minor
  cli=$(command -v pulumi 2>/dev/null) || return 1
  [ "$(dirname "$(readlink -f "$cli")")" = "$(readlink -f "$BIN_DIR")" ] && return 1
  version=$(pulumi version 2>/dev/null) || return 1
  minor=$(minor_of "$version")
  if [ -z "$minor" ] || [ "$minor" -lt "$MIN_MINOR" ]; then
    say "ignoring pulumi $version on PATH (need 3.$MIN_MINOR or newer)"
    return 1
  fi
  say "using pulumi $version from $cli"
  dirname "$(readlink -f "$cli")"
}

build_engine() {
  command -v go >/dev/null 2>&1 || fail "no pulumi on PATH and no Go toolchain to build it"
  local work="$CACHE_ROOT/$VERSION/build" started
  started=$(date +%s)
  mkdir -p "$work" "$BIN_DIR"
  say "building pulumi $VERSION from the Go module proxy into $BIN_DIR"
  say "(first build: about 10-25 minutes and 0.5 GB of downloads; later runs reuse the cache)"
  cat >"$work/go.mod" <<EOF
module connect-as-code/pulumi-engine

go 1.26

require (
	github.com/pulumi/pulumi/pkg/v3 $VERSION
	github.com/pulumi/pulumi/sdk/v3 $VERSION
)

tool github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
EOF
  (
    cd "$work"
    say "resolving modules (go mod tidy)"
    go mod tidy >&2 || fail "go mod tidy failed for pulumi $VERSION"
    say "compiling the pulumi CLI"
    CGO_ENABLED=0 go build -trimpath -tags osusergo,grpcnotrace \
      -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$VERSION" \
      -o "$BIN_DIR/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2 \
      || fail "compiling the pulumi CLI $VERSION failed"
    mv "$BIN_DIR/pulumi.tmp" "$BIN_DIR/pulumi"
    local sdk_dir
    sdk_dir=$(go list -m -f '{{.Dir}}' "github.com/pulumi/pulumi/sdk/v3") || fail "sdk/v3 module not found"
    install -m 0755 "$sdk_dir/python/dist/pulumi-resource-pulumi-python" "$BIN_DIR/"
    install -m 0755 "$sdk_dir/python/cmd/pulumi-language-python-exec" "$BIN_DIR/"
  )
  build_language_host "$work"
  touch "$STAMP"
  say "built in $(( $(date +%s) - started )) s"
}

# The Python language host is a separate Go module without release tags: it is only reachable by the
# pseudo-version of the release commit, which the module proxy's .info for sdk/v3 names in Origin.Hash.
# Proxies that do not serve it leave the CLI without a language host; the project's stack runner then
# runs programs in-process through the Automation API (see docs/getting-started.md, "The engine").
build_language_host() {
  local work="$1" module="github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3" hash pseudo
  hash=$(cd "$work" && go mod download -json "github.com/pulumi/pulumi/sdk/v3@$VERSION" 2>/dev/null \
    | sed -n 's/.*"Hash": *"\([0-9a-f]\{40\}\)".*/\1/p' | head -n 1) || true
  if [ -z "$hash" ]; then
    say "the module proxy does not name the release commit: no pulumi-language-python (programs run in-process)"
    return 0
  fi
  pseudo=$(cd "$work" && go list -m -f '{{.Version}}' "$module@$hash" 2>/dev/null) || pseudo=""
  if [ -z "$pseudo" ]; then
    say "the module proxy does not serve $module: no pulumi-language-python (programs run in-process)"
    return 0
  fi
  say "compiling pulumi-language-python $pseudo"
  (cd "$work" && go get "$module@$pseudo" >&2 && CGO_ENABLED=0 go build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$VERSION" \
    -o "$BIN_DIR/pulumi-language-python" "$module" >&2) \
    || say "building pulumi-language-python failed: programs run in-process"
}

main() {
  if use_path_cli; then return 0; fi
  if [ -f "$STAMP" ] && [ -x "$BIN_DIR/pulumi" ]; then
    say "using cached pulumi $VERSION from $BIN_DIR"
  else
    build_engine
  fi
  "$BIN_DIR/pulumi" version >/dev/null 2>&1 || fail "the cached pulumi in $BIN_DIR does not run; delete $CACHE_ROOT/$VERSION and retry"
  echo "$BIN_DIR"
}

main "$@"
