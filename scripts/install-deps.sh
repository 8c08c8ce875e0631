#!/bin/sh
# Installs everything Cellar needs to build and test, from Debian 12's own packages.
# Run as root. Safe to run again.
set -eu
export DEBIAN_FRONTEND=noninteractive
packages="
  build-essential cmake ninja-build ccache pkg-config git ca-certificates
  librocksdb-dev libsnappy-dev liblz4-dev libzstd-dev libbz2-dev zlib1g-dev libgflags-dev
  nlohmann-json3-dev libcli11-dev libedit-dev libre2-dev libfmt-dev libspdlog-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libthrift-dev thrift-compiler libboost-dev libcpp-httplib-dev libexpat1-dev python3-thrift openssl
  postgresql-15 libpq-dev
  mariadb-server mariadb-client
"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# The gateway tests run real HBase clients from the npm registry: they need Node.js and npm.
# Debian's own nodejs/npm unless the machine already has a Node.js with npm.
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
if [ -n "$missing" ]; then
  echo "cellar: installing$missing" >&2
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing
fi
