#pragma once

// Play for capture = trigger: applies the job's trigger queue (trigger_queue.h) to the store in
// transaction-consistent batches. Each batch is cut by a txid snapshot "cur" taken in a
// REPEATABLE READ transaction and holds the events of every transaction visible in "cur" but not
// in the previous batch's snapshot (the job's position), in ev_id order; a long transaction that
// commits after later ones lands in the first batch cut after its commit, never skipped. The
// batch's changes and its position (the snapshot and the batch number) go to the store in one
// atomic, fsynced write; only then are the batch's events deleted from the queue, so a crash at
// any moment replays at most the batch in hand, onto the same cells at the same timestamps.
//
// Cell timestamps: one per transaction, its commit time when track_commit_timestamp is on,
// otherwise the time of its last event (commit order is kept either way for rows two
// transactions share: the second one's events come after the first one's commit), and never
// at or before the bootstrap copy's timestamp.
//
// Runs until "stop" (checked between batches), retrying a lost connection with backoff; other
// errors stop play naming the table, key and queue event, and are kept as the job's last error.

#include <atomic>

#include "cellar/connection.h"
#include "replicate/pg/job.h"

namespace cellar::pg {

Status PlayTriggerQueue(Connection& store, const PgJob& job, std::atomic<bool>& stop);

}  // namespace cellar::pg
