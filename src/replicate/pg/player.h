#pragma once

// Play: streams the job's logical replication slot (pgoutput) and applies every committed
// transaction to the store, in commit order, until "stop" is set (SIGINT/SIGTERM); then finishes
// the transaction in hand, writes its position and returns OK. PostgreSQL is told a flush
// position only once the writes it covers are durable. A lost connection is retried with
// backoff from the last durable position; other errors stop play with a message naming the
// table, the key and the LSN, and are recorded as the job's last error.

#include <atomic>

#include "cellar/store.h"
#include "replicate/pg/job.h"

namespace cellar::pg {

// With capture = trigger, plays the job's trigger queue instead (trigger_player.h).
Status Play(Store& store, const PgJob& job, std::atomic<bool>& stop);

// Sleeps up to "seconds", waking early on "stop" (the retry backoff of both capture modes).
void Backoff(int seconds, std::atomic<bool>& stop);

}  // namespace cellar::pg
