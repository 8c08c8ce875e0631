#!/bin/sh
# Every test on a fresh Debian 12 machine (as root): install, build, run CTest.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
sh scripts/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)" --timeout 600
