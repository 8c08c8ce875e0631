#pragma once

// Store: the embedded HBase-model store in one directory, on RocksDB. Open one per directory per
// process; a second process opening the same directory gets Unavailable (the directory is
// locked), never corruption. Thread-safe: tables, admin and event reads may be used from many
// threads. Destroying the Store closes it cleanly; tables obtained from it must be gone by then.

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "cellar/admin.h"
#include "cellar/bulk_loader.h"
#include "cellar/clock.h"
#include "cellar/connection.h"
#include "cellar/event_log.h"
#include "cellar/status.h"
#include "cellar/table.h"
#include "cellar/table_files.h"

namespace cellar {

struct StoreOptions {
  // Create the directory and an empty store if none exists. Default: true.
  bool create_if_missing = true;
  // Source of "now" for server timestamps and TTL. nullptr = the system clock. Borrowed: must
  // outlive the Store.
  const Clock* clock = nullptr;
  // Shared block cache for all families, in bytes. Default: 256 MiB.
  size_t block_cache_bytes = 256u << 20;
  // Memtable size per family, in bytes. Default: 64 MiB (RocksDB's default).
  size_t write_buffer_bytes = 64u << 20;
  // Keep event-log entries at least this many seconds. Default: 7 days. A value set with
  // Store::SetEventRetention is stored in the store and wins over this one.
  int64_t event_retention_seconds = 7 * 24 * 3600;
  // Background threads for flushes and compactions. Default: 2.
  int background_threads = 2;
};

// Counters about the store, for status pages and tests.
struct StoreStats {
  uint64_t last_event_id = 0;
  uint64_t oldest_event_id = 0;  // 0 when the log is empty
  // Events after this id are all still in the log (0: nothing was ever trimmed).
  uint64_t events_trimmed_through = 0;
  int64_t event_retention_seconds = 0;
  uint64_t live_sst_bytes = 0;
  uint64_t memtable_bytes = 0;
};

// A read-only view of the whole store as of one event id, for bootstrap dumps (REPL DUMP):
// every write logged up to event_id() is in it and none after. Keeps the data it shows alive
// until destroyed; destroy it before the Store. Not thread-safe.
class StoreSnapshot {
 public:
  virtual ~StoreSnapshot() = default;
  virtual uint64_t event_id() const = 0;
  // The tables as they were, sorted by name.
  virtual const std::vector<TableDescriptor>& tables() const = 0;
  // Calls "fn" for each row of each family of "table", in row order, with the cells the store
  // keeps for it (delete markers and retained puts, not what a compaction would drop), in an
  // order that replays: markers, and puts of NEW_VERSION_BEHAVIOR families, in the order they were
  // written, after the puts that keep no write order (docs/key-format.md), for which it changes no
  // read. Replaying them in that order through a Table gives a copy that answers every read -
  // time ranges, NEW_VERSION_BEHAVIOR, KEEP_DELETED_CELLS - the same way.
  virtual Status ForEachRow(
      const TableName& table,
      const std::function<Status(const std::string& family, const std::string& row,
                                 const std::vector<Cell>& cells)>& fn) = 0;
};

// The embedded store: a Connection whose MutateAtomically is atomic across rows, plus the event
// log and snapshots that REPL DUMP reads.
class Store : public Connection {
 public:
  // Opens (or creates) the store in "dir". Unavailable if another process holds it;
  // NotFound if it does not exist and !create_if_missing; DataLoss if its files are corrupt.
  static Result<std::unique_ptr<Store>> Open(const std::string& dir,
                                             const StoreOptions& options = {});
  ~Store() override = default;

  bool multi_row_atomic() const override { return true; }

  // A loader that fills the empty table "table" much faster than Puts; see cellar/bulk_loader.h
  // for the contract. NotFound for an unknown table; FailedPrecondition when the table is
  // disabled, not empty, or has a family with REPLICATION_SCOPE 1.
  virtual Result<std::unique_ptr<BulkLoader>> NewBulkLoader(const TableName& table,
                                                            const BulkLoadOptions& options = {}) = 0;

  // A consistent view of every table as of the newest committed event.
  virtual Result<std::unique_ptr<StoreSnapshot>> CreateSnapshot() = 0;

  // Hands over the immutable table files of the tables of namespace "ns" (only "table" unless
  // empty) instead of their cells: writes them under "dir"/<table>/<family index>/ (hard links
  // where "dir" is on the store's file system, copies otherwise) with their sizes and CRC-32C,
  // all exactly as of the returned event id (the set of tables too). Every writer of the store
  // waits while the families flush what they received during a first, unblocked flush and their
  // files are linked (a moment), not while files are copied or checksummed. NotFound when no
  // such table exists.
  virtual Result<TableFilesExport> ExportTableFiles(const std::string& ns,
                                                    const std::string& table,
                                                    const std::string& dir) = 0;
  // First step of an import of exported table files: checks that every file of "files" exists
  // with its recorded size and CRC-32C and links it into the store (copies it where it is on
  // another file system), reading each file once, without changing anything a reader or writer
  // can see. DataLoss naming the file when one is missing, truncated or damaged;
  // FailedPrecondition when "store_format" (TableFilesExport) is not this store's format. Once
  // staged, the files must not be changed (they may share storage with the originals).
  virtual Result<std::unique_ptr<StagedTableFiles>> StageTableFiles(
      const TableFiles& files, const std::string& store_format) = 0;
  // Second step: creates table "desc" (any name; the families of the staged files) holding
  // exactly the cells of "staged", as one atomic step logged as its CREATE_TABLE event (the cells
  // are not logged), after moving the store's write sequences to at least "sequence_ceiling"
  // (TableFilesExport), so that later writes order after the imported cells. "staged" is used
  // up. NotFound without the namespace; AlreadyExists if the table exists; InvalidArgument when
  // "desc" does not have the staged families or "staged" was used already.
  virtual Status ImportTableFiles(const TableDescriptor& desc, StagedTableFiles& staged,
                                  uint64_t sequence_ceiling) = 0;

  // Events matching "query", in id order. DataLoss with "a new bootstrap is needed" when
  // query.after_id is older than the retained log.
  virtual Result<std::vector<Event>> ReadEvents(const EventQuery& query) = 0;
  // The newest committed event id (0 if none).
  virtual uint64_t LastEventId() const = 0;
  // Drops events older than the retention setting; called by the store itself after writes too.
  virtual Status TrimEventLog() = 0;
  // Keeps event-log entries at least "seconds" from now on, also across restarts (stored in the
  // store). InvalidArgument unless "seconds" > 0.
  virtual Status SetEventRetention(int64_t seconds) = 0;

  virtual Result<StoreStats> Stats() = 0;
};

}  // namespace cellar
