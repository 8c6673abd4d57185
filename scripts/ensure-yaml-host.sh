#!/usr/bin/env bash
# Makes the Pulumi YAML language host (pulumi-language-yaml) available and prints, as the last line on
# stdout, the directory to put on PATH. Progress goes to stderr.
#
#   1. A `pulumi-language-yaml` already on PATH is used as it is.
#   2. Otherwise it is taken from a per-version cache outside the work tree, built with
#      `go install` from the Go module proxy on the first run (a few minutes).
#
# Idempotent: a complete cache is reused without network access. Environment:
#   PULUMI_YAML_VERSION   release to build (default below)
#   PULUMI_YAML_CACHE     cache root (default ${XDG_CACHE_HOME:-~/.cache}/connect-as-code/pulumi-yaml)
#   PULUMI_YAML_FORCE_BUILD=1  ignore a pulumi-language-yaml found on PATH
set -euo pipefail

VERSION="${PULUMI_YAML_VERSION:-v1.25.0}"
CACHE_ROOT="${PULUMI_YAML_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/connect-as-code/pulumi-yaml}"
BIN_DIR="$CACHE_ROOT/$VERSION/bin"
STAMP="$BIN_DIR/.complete"

say() { printf 'yaml-host: %s\n' "$*" >&2; }
fail() {
  printf 'yaml-host: ERROR: %s\n' "$*" >&2
  printf 'yaml-host: install Go >= 1.26 with access to a Go module proxy, or put pulumi-language-yaml on PATH.\n' >&2
  exit 1
}

if [ "${PULUMI_YAML_FORCE_BUILD:-0}" != 1 ] && found=$(command -v pulumi-language-yaml 2>/dev/null) \
  && [ "$(dirname "$(readlink -f "$found")")" != "$(readlink -f "$BIN_DIR" 2>/dev/null || echo "$BIN_DIR")" ]; then
  say "using $found"
  dirname "$(readlink -f "$found")"
  exit 0
fi

if [ ! -f "$STAMP" ] || [ ! -x "$BIN_DIR/pulumi-language-yaml" ]; then
  command -v go >/dev/null 2>&1 || fail "no pulumi-language-yaml on PATH and no Go toolchain to build it"
  started=$(date +%s)
  mkdir -p "$BIN_DIR"
  say "building pulumi-language-yaml $VERSION from the Go module proxy into $BIN_DIR (first run: a few minutes)"
  GOBIN="$BIN_DIR" CGO_ENABLED=0 go install -trimpath \
    "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$VERSION" >&2 \
    || fail "go install of pulumi-language-yaml $VERSION failed"
  touch "$STAMP"
  say "built in $(( $(date +%s) - started )) s"
else
  say "using cached pulumi-language-yaml $VERSION from $BIN_DIR"
fi
echo "$BIN_DIR"
