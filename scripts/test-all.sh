#!/usr/bin/env bash
# The whole test suite, installing what it needs first (Debian packages and
# npm modules). Used by CI (.ci/run) and by developers on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing ${need_apt[*]}"
  # Another apt (unattended upgrades on a fresh runner) may hold its locks:
  # wait for them, up to ten minutes, rather than failing. DPkg::Lock::Timeout
  # covers dpkg's lock; the retry covers the package lists' lock of `update`.
  apt_wait() {
    local try
    for try in $(seq 60); do
      apt-get -o DPkg::Lock::Timeout=600 "$@" && return 0
      echo "== apt busy or failing (try $try), waiting 10 s" >&2
      sleep 10
    done
    return 1
  }
  apt_wait update -qq
  DEBIAN_FRONTEND=noninteractive apt_wait install -y -qq "${need_apt[@]}" >/dev/null
fi

echo "== npm modules for the browser tests"
(cd tests/browser && npm install --no-audit --no-fund --ignore-scripts --loglevel=error)

echo "== cargo fmt and clippy"
cargo fmt --check
cargo clippy --all-targets --quiet -- -D warnings

echo "== Rust unit and integration tests"
cargo build --quiet
cargo test --quiet 2>&1 | tee /tmp/minhbach-cargo-test.log

echo "== browser tests (headless chromium)"
(cd tests/browser && node --test --test-concurrency=1)
