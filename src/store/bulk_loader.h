#pragma once

// EmbeddedBulkLoader: the BulkLoader of the embedded store (contract in cellar/bulk_loader.h).
// Plans each Add exactly as MutateRow would (EmbeddedTable's planner), gives every cell a
// sequence number from the store's allocator, and buffers the encoded cells per family
// (RunBuffer); past the memory budget every family's buffer is sorted into a run file in a
// scratch directory. Finish merges the runs of a family that overlap and hands the files to
// Engine::IngestBulk. Not thread-safe.

#include <memory>
#include <string>
#include <vector>

#include "cellar/bulk_loader.h"
#include "store/bulk_runs.h"
#include "store/embedded_table.h"
#include "store/engine.h"

namespace cellar::store {

class EmbeddedBulkLoader final : public BulkLoader {
 public:
  // "engine" is borrowed and must outlive the loader. Errors as Store::NewBulkLoader.
  static Result<std::unique_ptr<BulkLoader>> Create(Engine& engine, const TableName& table,
                                                    const BulkLoadOptions& options);
  ~EmbeddedBulkLoader() override { Abort(); }

  Status Add(const RowMutations& mutations) override;
  Status Add(const cellar::Put& put) override;
  Result<BulkLoadStats> Finish() override;
  void Abort() override;

 private:
  struct FamilyLoad {
    const FamilyHandle* family;  // borrowed from table_
    rocksdb::Options options;    // the column family's, for its files
    RunBuffer buffer;
    std::vector<Run> runs;
  };
  enum class State { kOpen, kFinished, kAborted };

  EmbeddedBulkLoader(Engine& engine, std::shared_ptr<const TableState> table,
                     const BulkLoadOptions& options, std::string dir);
  // Encodes planned_ (sequences from the allocator) into the families' buffers.
  Status BufferPlanned();
  // Sorts every non-empty buffer into a run file.
  Status Spill();
  // The files to ingest for "f": its runs, merged into one when they overlap.
  Result<std::vector<std::string>> FinalFiles(FamilyLoad& f, size_t index);
  std::string RunPath(size_t family, size_t run) const;

  Engine& engine_;
  const std::shared_ptr<const TableState> table_;
  const BulkLoadOptions options_;
  const std::string dir_;  // the scratch directory, removed by Finish and Abort
  EmbeddedTable planner_;
  std::vector<FamilyLoad> families_;  // parallel to table_->families
  State state_ = State::kOpen;
  BulkLoadStats stats_;
  size_t buffered_bytes_ = 0;
  std::vector<Cell> planned_;  // reused by each Add
  std::string key_;            // reused by each cell
  std::string sequence_;       // reused by each cell
};

}  // namespace cellar::store
