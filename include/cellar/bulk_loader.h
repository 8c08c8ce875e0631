#pragma once

// BulkLoader: loads many rows into one empty table of the embedded store (Store::NewBulkLoader)
// without going through the write path: cells are sorted in memory chunks, written to RocksDB
// table files beside the store, and Finish() adds all the files to the table in one atomic step.
// For the first copy of a table (`cellar pg bootstrap`), several times faster than Puts.
// Not thread-safe: one thread adds and finishes; use one loader per table.
//
// The contract:
//  - Same cells as Puts. Cells read back (Get, Scan, versions, time ranges, raw scans, REPL DUMP
//    snapshots taken after Finish) exactly as if each Add had been a Table::MutateRow, in the
//    order of the Add calls: every cell gets its own sequence number from the store's allocator
//    at Add time, so under NEW_VERSION_BEHAVIOR a later Add's delete masks an earlier Add's put
//    and not the reverse, and of two puts at one (row, column, timestamp) the later Add wins.
//    Rows may come in any order; sorted input is cheapest (streamed into its file as it comes:
//    no sort, no merge at Finish).
//  - Only for an empty table that no one else writes meanwhile. NewBulkLoader refuses
//    (FailedPrecondition) a table that is disabled, has a family with REPLICATION_SCOPE 1 (bulk
//    loaded cells are not logged as events, so REPL DUMP incremental would miss them: write such
//    tables with Puts), or has any entry in any family (cells or delete markers, masked or not).
//    Finish checks emptiness again while holding every row lock of the store, so a write that
//    reached the table meanwhile makes Finish fail with FailedPrecondition and load nothing;
//    no write can slip in between that check and the ingestion.
//  - All or nothing, for readers too. Before Finish returns OK nothing of the load is visible;
//    after it, every cell is, in every family at once (a reader of several families never sees
//    some families loaded and others not; a RocksDB snapshot or a StoreSnapshot taken before
//    Finish does not see the load).
//  - Durable. When Finish returns OK the load survives a crash of the process (the files are
//    synced and recorded in the store's manifest). A crash before that leaves nothing: the
//    scratch files (in the store directory, `bulk-tmp/`) are removed when the store next opens.
//  - Abort, a failed Finish and the destructor of an unfinished loader remove the scratch files
//    and leave the table as it was. A schema change of the table (alter, truncate, drop, disable)
//    before Finish makes Finish fail with FailedPrecondition.
//  - Destroy the loader before the Store. The store stays fully usable while a loader fills;
//    Finish blocks every writer of the store (all tables) for the moment RocksDB takes to link
//    the files in, not for the sorting and writing before it.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "cellar/cell.h"
#include "cellar/mutation.h"
#include "cellar/status.h"

namespace cellar {

// One cell given to BulkLoader::AddCells by view: a put of "value" (type kPut), or a
// DeleteColumn marker (type kDeleteColumn; "value" is ignored). The views need to live only
// during the call.
struct BulkCell {
  std::string_view family;
  std::string_view qualifier;
  std::string_view value;
  CellType type = CellType::kPut;
};

struct BulkLoadOptions {
  // Bytes of encoded cells held in memory: each half in turn is filled by Add, then sorted and
  // written to a scratch file by a background thread while Add fills the other. A family whose
  // keys arrive in ascending order is instead streamed into files by up to spill_threads
  // threads, each fed at most 16 MiB (or its share of half the budget, at least 1 MiB) of
  // queued cells. Default: 256 MiB.
  size_t memory_budget_bytes = 256u << 20;
  // Threads that write each spilled chunk, each a part of the chunk's key range to its own file
  // (building table files is CPU work; the thread calling Add keeps running meanwhile). Values
  // below 1 count as 1. Also the number of threads that write a streamed family's files at
  // once, each its own part of the key range. Default: 2.
  int spill_threads = 2;
};

struct BulkLoadStats {
  int64_t rows_added = 0;   // Add calls
  int64_t cells = 0;        // cells and markers written (after same-key replacement)
  int64_t files = 0;        // table files ingested
  int64_t bytes = 0;        // their size
  int64_t merged_runs = 0;  // spilled chunks that overlapped and were merged at Finish
  int64_t streamed_runs = 0;  // files written while their cells arrived (ascending keys)
};

class BulkLoader {
 public:
  // Aborts unless Finish succeeded.
  virtual ~BulkLoader() = default;

  // Adds the cells of "mutations" as Table::MutateRow would write them (timestamps
  // kLatestTimestamp become the store clock's now). Errors as MutateRow, plus InvalidArgument for
  // a Delete of the newest version of a column without a timestamp (it would have to read what
  // the load wrote before) and FailedPrecondition after Finish or Abort. The mutations'
  // durability is ignored: Finish makes the whole load durable. A failed Add adds nothing of
  // "mutations" and the loader stays usable, except after a scratch-file error (Internal or
  // Unavailable), which aborts it.
  virtual Status Add(const RowMutations& mutations) = 0;
  // As Add of a RowMutations holding just "put".
  virtual Status Add(const Put& put) = 0;
  // As Add of a RowMutations of row "row" holding, for each of "cells" in order, a Put of it
  // or (kDeleteColumn) a Delete::AddColumns of it, all at "timestamp" (kLatestTimestamp: the
  // store clock's now). The cheap path for a loader that holds its values in its own buffers
  // (`cellar pg bootstrap`): no Put objects, the row escaped once. InvalidArgument for an empty
  // or too long "row", no "cells", a negative "timestamp" or a cell type other than kPut and
  // kDeleteColumn; NotFound for an unknown family; FailedPrecondition after Finish or Abort.
  // On error nothing of the call is added.
  virtual Status AddCells(std::string_view row, int64_t timestamp,
                          std::span<const BulkCell> cells) = 0;

  // Makes every added cell visible at once and durable (see the contract above). Afterwards the
  // loader accepts nothing more. FailedPrecondition when the table is no longer empty, was
  // changed, or this loader was finished or aborted; Internal / Unavailable for file errors.
  // On any error nothing was loaded and the scratch files are gone.
  virtual Result<BulkLoadStats> Finish() = 0;

  // Drops everything added; idempotent.
  virtual void Abort() = 0;
};

}  // namespace cellar
