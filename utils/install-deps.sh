#!/usr/bin/env bash
# Installs what the build and the tests need, skipping whatever is already
# present so that a warm machine starts fast. Called by `make demo` and
# `make test`; safe to run by hand. --test adds the tools only the tests use.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  clang-19 libclang-19-dev llvm-19-dev llvm-19-tools clang-tidy-19
  libclang-cpp19-dev nlohmann-json3-dev libtomlplusplus-dev libgtest-dev
  libhiredis-dev
  cmake ninja-build ccache git python3 nodejs npm redis-server pre-commit
  valgrind golang-1.19-src
)
# The editor test drives Neovim's built-in LSP client.
TEST_PACKAGES=(neovim)
[[ "${1:-}" == --test ]] && APT_PACKAGES+=("${TEST_PACKAGES[@]}")

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
# nodejs/npm may come from outside Debian (nvm, a tarball): accept any on PATH.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for pkg in "${missing[@]}"; do
    [[ "$pkg" == nodejs || "$pkg" == npm ]] || filtered+=("$pkg")
  done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi
if ((${#missing[@]})); then
  echo "install-deps: apt-get install ${missing[*]}"
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm: the tree-sitter runtime and grammars, and the SARIF Multitool, pinned by
# package-lock.json. Reinstall only when the lockfile changed.
stamp=node_modules/.hazardlint-lock
if [[ ! -f "$stamp" ]] || ! cmp -s package-lock.json "$stamp"; then
  echo "install-deps: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
# .npmrc disables install scripts, so the Multitool's own chmod never ran.
chmod +x node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
