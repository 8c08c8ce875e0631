#!/bin/sh
# The main job on a fresh Debian 12 machine (as root): install, build, run the demo.
# Until the PostgreSQL replicator lands (issue 4), the demo creates a table in the embedded
# store with `cellar shell`, writes to it and scans it.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
sh scripts/build.sh
rm -rf /tmp/cellar-demo
build/cellar shell -n --data /tmp/cellar-demo < examples/demo.hbase
