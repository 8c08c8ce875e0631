#pragma once

// Play: streams the job's logical replication slot (pgoutput) and applies every committed
// transaction to the store, in commit order, until "stop" is set (SIGINT/SIGTERM); then finishes
// the transaction in hand, writes its position and returns OK. PostgreSQL is told a flush
// position only once the writes it covers are durable. A lost connection is retried with
// backoff from the last durable position; other errors stop play with a message naming the
// table, the key and the LSN, and are recorded as the job's last error.

#include <atomic>
#include <functional>

#include "cellar/connection.h"
#include "replicate/pg/job.h"

namespace cellar::pg {

// With capture = trigger, plays the job's trigger queue instead (trigger_player.h).
Status Play(Connection& store, const PgJob& job, std::atomic<bool>& stop);

// The session loop of both capture modes: runs "session" until it returns OK (a stop was asked)
// or an error other than Unavailable, which is recorded as the job's last_error and returned.
// After Unavailable it logs why and waits, 1 s doubling to 30 s, back to 1 s whenever a session
// made its position durable further ("session" sets "progressed").
Status RunSessions(Connection& store, const PgJob& job, std::atomic<bool>& stop,
                   const std::function<Status(bool* progressed)>& session);

}  // namespace cellar::pg
