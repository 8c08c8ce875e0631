#pragma once

// Replication between stores by event id (Hive's REPL DUMP / REPL LOAD / REPL STATUS), over the
// public Store API: a bootstrap dump is a StoreSnapshot written out (schemas and every kept cell,
// consistent at one event id, so no consolidation window is needed), or with --files the store's
// table files as of one event id (Store::ExportTableFiles); an incremental dump is the event log
// between two ids. A load applies a dump through Table writes and records, in table
// cellar:repl, the last event id it covers, in the same atomic write as the data it covers.
// The format is docs/repl-dump-format.md.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/store.h"

namespace cellar::repl {

// What a dump or load is about: a namespace, or one table of it ("sales" or "sales.orders").
struct ReplTarget {
  std::string ns;
  std::string table;  // empty: the whole namespace

  // Parses "NS" or "NS.TABLE". InvalidArgument for a bad name.
  static Result<ReplTarget> Parse(std::string_view text);
  std::string ToString() const { return table.empty() ? ns : ns + "." + table; }
  bool Covers(const TableName& name) const {
    return name.ns == ns && (table.empty() || name.qualifier == table);
  }
};

struct DumpOptions {
  // Incremental dump of the events after "from"; unset: a bootstrap dump.
  std::optional<uint64_t> from{};
  // The last event id to include. Default: the newest.
  std::optional<uint64_t> to{};
  // Stop after this many matching events (0: no limit).
  size_t batch = 0;
  // Bootstrap only: hand over the store's immutable table files (hard links where the dump
  // directory is on the store's file system) instead of re-encoding every cell; only an embedded
  // store of the same on-disk format loads such a dump. Default: false (the portable records).
  bool files = false;
  // Where to write the dump. Default: ./repl-dumps/<target>-<from>-<to>.
  std::string dir;
};

struct DumpResult {
  std::string dir;
  uint64_t last_event_id = 0;
  uint64_t records = 0;
  std::vector<std::string> warnings;  // e.g. families at REPLICATION_SCOPE 0
};

Result<DumpResult> Dump(Store& store, const ReplTarget& target, const DumpOptions& options);

struct LoadOptions {
  // Load under another namespace or table name (the dump's own if unset).
  std::optional<ReplTarget> rename;
  // Load into a namespace or table that exists but has no replication record.
  bool force = false;
};

struct LoadResult {
  uint64_t last_event_id = 0;
  // Rows (bootstrap of records), table files (bootstrap of files) or events (incremental).
  uint64_t applied = 0;
  bool already_loaded = false;
};

Result<LoadResult> Load(Connection& store, const std::string& dir, const LoadOptions& options);

// The last event id loaded into "target", or nullopt when Cellar knows of no replication for it.
Result<std::optional<uint64_t>> LoadedEventId(Connection& store, const ReplTarget& target);
// A few lines for people: where "target" is and how close it is to falling off the source's
// retained event log (as of the last dump it loaded).
Result<std::string> DescribeReplication(Connection& store, const ReplTarget& target);

}  // namespace cellar::repl
