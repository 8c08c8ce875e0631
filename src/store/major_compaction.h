#pragma once

// MajorCompactor: HBase's major compaction for one table. Walks every row of every family under a
// snapshot, asks the VersionResolver (the same rules reads use) which entries are garbage -
// expired, masked or excess versions, and markers no longer needed - deletes them under the
// row lock (skipping any entry rewritten since the snapshot), then has RocksDB rewrite the files
// so the garbage is physically gone. Thread-safe with concurrent reads and writes.

#include <string>
#include <vector>

#include "cellar/status.h"
#include "store/engine.h"

namespace cellar::store {

struct CompactionStats {
  uint64_t entries_read = 0;
  uint64_t entries_dropped = 0;
};

Result<CompactionStats> MajorCompact(Engine& engine, const TableState& table);

// An entry a major compaction found to be garbage under its snapshot.
struct Garbage {
  std::string key;
  std::string value;  // the stored value the snapshot saw
};

// Deletes "garbage" of "row" in family "f" under the row lock, each entry only if its key still
// holds the value the snapshot saw (otherwise it was rewritten since; the next compaction
// decides). Part of MajorCompact; Unavailable / Internal on a RocksDB error.
Status DropGarbage(Engine& engine, const TableState& table, const FamilyHandle& f,
                   const std::string& row, const std::vector<Garbage>& garbage,
                   CompactionStats* stats);

}  // namespace cellar::store
