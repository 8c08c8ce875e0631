#!/bin/sh
# Configures and builds Cellar (the release preset) into ./build; the program is build/cellar.
set -eu
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build build -j "$(nproc)"
