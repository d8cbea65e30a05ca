#!/usr/bin/env bash
# actionlint over every workflow in .github/workflows: zero findings or a non-zero exit.
# Installs actionlint $ACTIONLINT_VERSION from the Go module proxy (`go install`) into a cache
# folder on first use; needs Go. Uses shellcheck for `run:` scripts when it is on PATH.
#   npm run workflows:lint              npm run workflows:lint -- -verbose
set -euo pipefail
cd "$(dirname "$0")/../.."

version="${ACTIONLINT_VERSION:?set by the workflows:lint task}"
bin_dir="${XDG_CACHE_HOME:-$HOME/.cache}/tradeforge/actionlint-$version"
actionlint="$bin_dir/actionlint"

if [[ ! -x "$actionlint" ]]; then
  if ! command -v go >/dev/null 2>&1; then
    echo "actionlint needs Go to install (https://go.dev/dl/, or apt-get install golang), or put actionlint $version on PATH." >&2
    exit 2
  fi
  echo "Installing actionlint $version with go install into $bin_dir" >&2
  mkdir -p "$bin_dir"
  GOBIN="$bin_dir" GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@v$version"
fi

if command -v shellcheck >/dev/null 2>&1; then
  echo "actionlint $version with $(shellcheck --version | sed -n 's/^version: /shellcheck /p')" >&2
else
  echo "actionlint $version (shellcheck not on PATH: run: scripts are not shell-checked)" >&2
fi
shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
if [[ ${#workflows[@]} -eq 0 ]]; then
  echo "no workflows in .github/workflows" >&2
  exit 1
fi
"$actionlint" -no-color "$@" "${workflows[@]}"
echo "actionlint: ${#workflows[@]} workflows, no findings" >&2
