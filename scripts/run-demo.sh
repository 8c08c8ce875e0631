#!/bin/sh
# The main job on a fresh Debian 12 machine (as root): install, build, then replicate a
# PostgreSQL table into the embedded store and show it. Starts its own PostgreSQL 15 (as user
# postgres, on a unix socket under /tmp/cellar-demo) and stops it at the end.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
sh scripts/build.sh

demo=/tmp/cellar-demo
pgbin=/usr/lib/postgresql/15/bin
rm -rf "$demo"
mkdir -p "$demo/pg"
chown postgres "$demo/pg"
as_pg() { runuser -u postgres -- "$@"; }
as_pg "$pgbin/initdb" -D "$demo/pg/data" -A trust -U postgres >/dev/null
as_pg "$pgbin/pg_ctl" -D "$demo/pg/data" -l "$demo/pg/log" -w start \
  -o "-c wal_level=logical -c listen_addresses='' -c unix_socket_directories=$demo/pg -p 54329" >/dev/null
trap 'as_pg "$pgbin/pg_ctl" -D "$demo/pg/data" -m fast stop >/dev/null 2>&1 || true' EXIT
conninfo="host=$demo/pg port=54329 user=postgres dbname=postgres"
psql() { command psql -q -X -v ON_ERROR_STOP=1 "$conninfo" "$@"; }

psql -c "CREATE TABLE users (user_id int PRIMARY KEY, name text, email text, signed_up date)"
psql -c "INSERT INTO users VALUES (1, 'Ada', 'ada@example.org', '1843-07-01'),
                                  (2, 'Grace', 'grace@example.org', '1944-08-07'),
                                  (10, 'Linus', NULL, '1991-08-25')"
sed "s|@CONNINFO@|$conninfo|" examples/pg-demo.ini > "$demo/demo.ini"

echo "== cellar pg install, bootstrap (3 rows copied in the slot's snapshot)"
build/cellar pg "$demo/demo.ini" install
build/cellar pg "$demo/demo.ini" bootstrap
echo "== cellar pg play, while PostgreSQL changes: an insert, an update to NULL, a delete"
build/cellar pg "$demo/demo.ini" play 2>"$demo/play.log" &
play=$!
psql -c "INSERT INTO users VALUES (3, 'Edsger', 'ewd@example.org', '1930-05-11')"
psql -c "UPDATE users SET email = NULL WHERE user_id = 1"
psql -c "DELETE FROM users WHERE user_id = 2"
sleep 3
kill -TERM "$play"
wait "$play"
echo "== cellar pg status"
build/cellar pg "$demo/demo.ini" status
echo "== cellar pg verify"
build/cellar pg "$demo/demo.ini" verify
echo "== the replica, through cellar shell"
echo "scan 'demo:users'" | build/cellar shell -n --data "$demo/store"
