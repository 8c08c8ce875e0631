#pragma once

// EmbeddedBulkLoader: the BulkLoader of the embedded store (contract in cellar/bulk_loader.h).
// Plans each Add exactly as MutateRow would (EmbeddedTable's planner), gives every cell a
// sequence number from the store's allocator (stored in the value where MutateRow would store
// it, docs/key-format.md), and buffers the encoded cells per family
// (RunBuffer). A family whose first kStreamAfterBytes of keys arrived in ascending order is
// streamed from then on by RunStreams, each writing the next part of the key range to its own
// file on its own thread, up to spill_threads at once; its first key out of order ends the
// streaming, and the family is buffered for the rest of the load. When the buffers hold half
// the memory budget they are handed to a background
// thread that sorts each and writes it, cut into BulkLoadOptions::spill_threads key ranges
// written in parallel, to run files in a scratch directory, while Add fills a second set of
// buffers (at most one spill in flight). Finish merges the runs of a family that overlap and
// hands the files to Engine::IngestBulk. Not thread-safe (the background spill and the streams'
// threads share nothing with Add).

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "cellar/bulk_loader.h"
#include "store/bulk_key_order.h"
#include "store/bulk_runs.h"
#include "store/byte_ops.h"
#include "store/embedded_table.h"
#include "store/engine.h"
#include "store/key_format.h"

namespace cellar::store {

class EmbeddedBulkLoader final : public BulkLoader {
 public:
  // "engine" is borrowed and must outlive the loader. Errors as Store::NewBulkLoader.
  static Result<std::unique_ptr<BulkLoader>> Create(Engine& engine, const TableName& table,
                                                    const BulkLoadOptions& options);
  ~EmbeddedBulkLoader() override { Abort(); }

  Status Add(const RowMutations& mutations) override;
  Status Add(const cellar::Put& put) override;
  Status AddCells(std::string_view row, int64_t timestamp,
                  std::span<const BulkCell> cells) override;
  Result<BulkLoadStats> Finish() override;
  void Abort() override;

 private:
  struct FamilyLoad {
    const FamilyHandle* family;  // borrowed from table_
    rocksdb::Options options;    // for its files: BulkFileOptions of the column family's
    // While the family's keys ascend: its streams, oldest first, each writing the next part of
    // the key range to its own file; the last one receives the cells unless it is closed too
    // (then the next accepted key starts a new one).
    std::vector<std::unique_ptr<RunStream>> streams;
    size_t stream_bytes = 0;  // added to the last stream
    bool last_stream_closed = false;
    StreamKeyOrder order;  // of the streamed keys: whether the next one follows
    bool may_stream = true;   // no key of the family has arrived out of order
    RunBuffer buffer;                   // being filled by Add, when not streaming
    RunBuffer spilling;                 // being written by the spill in flight, if any
    std::vector<Run> runs;
  };
  enum class State { kOpen, kFinished, kAborted };

  EmbeddedBulkLoader(Engine& engine, std::shared_ptr<const TableState> table,
                     const BulkLoadOptions& options, std::string dir);
  // Adds a RowMutations of Puts of its own row only (the common case): validated as PlanPut
  // would, encoded straight from the Puts' cells without planning copies.
  Status AddPuts(const RowMutations& mutations);
  // Encodes planned_ (sequences from the allocator) into the families' buffers.
  Status BufferPlanned();
  // Encodes one cell at "timestamp" with "sequence" (if its family keeps it) into its family's
  // buffer.
  void BufferCell(const Cell& c, int64_t timestamp, uint64_t sequence);
  // What CheckCells found of an AddCells call's cells.
  struct CellsCheck {
    FamilyLoad* family = nullptr;  // every cell's family, or null: cell_families_ has them
    bool keeps_sequence = false;   // some cell stores its sequence (KeepsSequence)
  };
  // Checks each of "cells"' type and family (InvalidArgument, NotFound as RequireFamily) and
  // describes them in "check" (each cell's family index in cell_families_ when there are two or
  // more families).
  Status CheckCells(std::span<const BulkCell> cells, CellsCheck* check);
  size_t FamilyIndex(const FamilyHandle* f) const {
    return static_cast<size_t>(f - table_->families.data());
  }
  // Starts the key suffixes (KeySuffixOf) over, with room for a call of "cells" cells.
  void StartKeySuffixes(size_t cells);
  // The key bytes after the row (AppendCellKeyAfterRow) of the cell at "position" of an
  // AddCells call: made once for each column (qualifier, timestamp and type) and kept, found
  // again by the position's column of the last call (a bootstrap's rows have the same columns
  // at the same timestamp), else near it (a row with a NULL column lacks that cell). The bytes
  // stay put until the next call. REQUIRES: suffix_at_.size() > "position", and room in
  // suffixes_'s capacity for the call's cells.
  const std::string& KeySuffixOf(size_t position, std::string_view qualifier, int64_t timestamp,
                                 CellType type) {
    const KeySuffix& s = suffixes_[suffix_at_[position]];
    if (s.Is(qualifier, timestamp, type)) return s.bytes;
    return FindKeySuffix(position, qualifier, timestamp, type);
  }
  // KeySuffixOf's suffix when the position's last one differs: one of the kKeySuffixSearch on
  // either side of it, else a new one.
  const std::string& FindKeySuffix(size_t position, std::string_view qualifier, int64_t timestamp,
                                   CellType type);
  // Appends "entry" (a cell's key, and its value: head_ then the payload) to "load"'s
  // stream or buffer, and starts streaming when the buffer has shown enough ascending keys. A
  // stream's file error is kept in stream_error_ for Added.
  void BufferEntry(FamilyLoad& load, const EntryPieces& entry);
  // Adds "entry" to "load"'s open last stream when its key follows, the stream's block has room
  // and the stream does not reach its file size with it: the common case of a streamed family,
  // inline, the same as StreamEntry then. False, having done nothing, otherwise (BufferEntry).
  bool AddToOpenStream(FamilyLoad& load, const EntryPieces& entry) {
    if (load.streams.empty() || load.last_stream_closed || !load.order.Follows(entry)) {
      return false;
    }
    const size_t bytes = entry.key_size() + entry.value_size();
    if (load.stream_bytes + bytes >= stream_file_bytes_ || !load.streams.back()->TryAdd(entry)) {
      return false;
    }
    load.order.Take(entry);
    load.stream_bytes += bytes;
    return true;
  }
  // Adds "entry" to "load"'s last stream (to a new one after a closed last) if its key follows
  // the streamed keys (load.order, which then borrows the entry's key pieces until its
  // Settle); whether it was taken (also when a stream's file error, kept in stream_error_,
  // lost it).
  bool StreamEntry(FamilyLoad& load, const EntryPieces& entry);
  // Adds a stream to "load", writing a new run file (the next generation).
  void OpenStream(FamilyLoad& load);
  // Starts "load"'s first stream with the entries of its buffer.
  Status StartStream(FamilyLoad& load);
  // Starts "load"'s next stream after its last (closed) one, after waiting for the oldest when
  // stream_threads_ are busy.
  Status NextStream(FamilyLoad& load);
  // Waits for "load"'s oldest (closed) stream and records its run.
  Status WaitOldestStream(FamilyLoad& load);
  // Finishes "load"'s streams, if any, into runs; the family is buffered from now on.
  Status EndStream(FamilyLoad& load);
  // Counts the Add and spills when the buffers exceed the budget (aborting on a file error).
  // Inline: an AddCells per row mostly finds no error and room (two tests, not a call).
  Status Added() {
    ++stats_.rows_added;
    if (stream_error_.ok() && buffered_bytes_ < options_.memory_budget_bytes / 2) {
      return Status::Ok();
    }
    return SpillOrFail();
  }
  // Added's other cases: the stream error (aborting), or a spill.
  Status SpillOrFail();
  // Waits for the spill in flight, then starts writing every non-empty buffer to a run file in
  // the background.
  Status Spill();
  // Waits for the spill in flight (if any) and records its runs; its error if it failed.
  Status WaitForSpill();
  // The files to ingest for "f": its runs, merged into one when they overlap.
  Result<std::vector<std::string>> FinalFiles(FamilyLoad& f, size_t index);
  std::string RunPath(size_t family, size_t run) const;

  Engine& engine_;
  const std::shared_ptr<const TableState> table_;
  const BulkLoadOptions options_;
  const std::string dir_;  // the scratch directory, removed by Finish and Abort
  EmbeddedTable planner_;
  const size_t stream_threads_;      // streams of a family at once (spill_threads)
  // The streams' queue blocks, shared with the other loaders alive (StreamBlockPool::Shared);
  // declared before families_, so it outlives their streams.
  const std::shared_ptr<StreamBlockPool> stream_blocks_;
  const size_t stream_queue_bytes_;  // queued for each stream thread at most
  const size_t stream_file_bytes_;   // a stream is closed after this many bytes
  std::vector<FamilyLoad> families_;  // parallel to table_->families
  State state_ = State::kOpen;
  BulkLoadStats stats_;
  size_t buffered_bytes_ = 0;
  Status stream_error_;  // the first file error of a stream, reported by Added
  // The spill in flight: the runs it wrote, by family index.
  std::future<Result<std::vector<std::pair<size_t, Run>>>> spill_;
  // The number of the next run file, also the generation (Run) of the next stream or spill: a
  // run that begins later holds later writes.
  size_t next_run_ = 0;
  std::vector<Cell> planned_;  // reused by each Add
  // AddCells: each cell's family index, when a call's cells are of two or more families; reused.
  std::vector<size_t> cell_families_;
  // AddCells: the family of the last cell of the last call (borrowed from table_), or null.
  const FamilyHandle* last_family_ = nullptr;
  struct KeySuffix {
    std::string qualifier;
    int64_t timestamp = -1;
    CellType type = CellType::kPut;
    std::string bytes;  // AppendCellKeyAfterRow of the three
    bool Is(std::string_view q, int64_t ts, CellType t) const {
      return timestamp == ts && type == t && SameString(qualifier, q);
    }
  };
  // The key suffixes made so far, each once, appended in the order their cells came, after an
  // entry that matches none (a position's suffix before it has one); started over
  // (StartKeySuffixes) when a call could take it past this many.
  static constexpr size_t kMaxKeySuffixes = 4096;
  // How many suffixes on each side of a position's last one FindKeySuffix tries.
  static constexpr size_t kKeySuffixSearch = 8;
  std::vector<KeySuffix> suffixes_;
  std::vector<uint32_t> suffix_at_;  // by cell position: the index in suffixes_ it had last
  std::string key_;                  // each cell's key (Add); reused
  std::vector<char> row_key_;        // AddCells: the escaped row (EscapeTo); grown, never shrunk
  ValueHead head_;             // each cell's value head: its sequence, or a plain put's tag
};

}  // namespace cellar::store
