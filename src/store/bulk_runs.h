#pragma once

// Sorted runs of one family's cells for a bulk load: RunBuffer collects encoded (key, value)
// entries in memory in the order they were added, and writes them sorted to a RocksDB table
// file (a run); MergeRuns merges runs whose key ranges overlap into one file. When several
// entries have the same key the one with the highest sequence (the first 8 bytes of the value,
// docs/key-format.md) wins, as the later write would with Puts. Not thread-safe.

#include <rocksdb/options.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/status.h"

namespace cellar::store {

// A table file holding sorted, unique keys.
struct Run {
  std::string path;
  std::string smallest;  // first key
  std::string largest;   // last key
  int64_t entries = 0;
  int64_t bytes = 0;  // file size
};

class RunBuffer {
 public:
  // Appends one entry; its value is "value_head" followed by "value_tail".
  void Add(std::string_view key, std::string_view value_head, std::string_view value_tail);
  bool empty() const { return entries_.empty(); }
  // Memory held: the entries' bytes plus the per-entry index.
  size_t bytes() const { return used_bytes_ + entries_.size() * sizeof(Entry); }

  // Sorts the entries (unless they were added in ascending key order, the common case of a
  // copy in primary-key order), keeps the newest of each key and writes them to new table files
  // (synced) with "options" (the family's RocksDB options, so filters, block size and
  // compression match the family's own files): the key range is cut into up to "paths".size()
  // parts of about equal entry counts (never between two entries of one key), each written to
  // its path by its own thread, and described in "runs" in key order (fewer parts when there are
  // fewer keys). Empties the buffer but keeps its memory for the next run. Internal on a file
  // error. REQUIRES: !empty(), !paths.empty().
  Status WriteRuns(const rocksdb::Options& options, const std::vector<std::string>& paths,
                   std::vector<Run>* runs);

 private:
  struct Entry {
    const char* data;  // the key, then the value, in one of blocks_
    uint32_t key_size;
    uint32_t value_size;
    uint32_t order;  // position in adding order: of equal keys the higher one is newer
  };
  static std::string_view Key(const Entry& e) { return {e.data, e.key_size}; }
  // Where WriteRuns cuts the sorted entries into at most "parts" parts: the first index of each
  // part, then entries_.size().
  std::vector<size_t> PartBounds(size_t parts) const;
  // Writes entries_[begin, end) (sorted), the newest of each key, to a table file at "path".
  Status WriteRange(const rocksdb::Options& options, const std::string& path, size_t begin,
                    size_t end, Run* run) const;
  static std::string_view Value(const Entry& e) { return {e.data + e.key_size, e.value_size}; }
  // Room for "size" bytes: the rest of the current block, or the next (new or reused) one.
  char* Allocate(size_t size);
  void Clear();

  static constexpr size_t kBlockSize = 1u << 20;
  // Storage in fixed blocks, so that growing never copies what is there; kept across runs.
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::vector<size_t> block_sizes_;
  size_t block_ = 0;       // the block being filled (when blocks_ is not empty)
  size_t block_used_ = 0;  // bytes used in it
  size_t used_bytes_ = 0;
  std::vector<Entry> entries_;
  bool ascending_ = true;  // every key so far greater than the one before
};

// Whether any two of "runs" share a key range (then they must be merged before ingestion).
// Sorts "runs" by smallest key.
bool SortAndCheckOverlap(std::vector<Run>* runs);

// Merges "runs" (each sorted, keys unique within a run) into one table file at "path", keeping
// for each key the entry with the highest sequence. Internal on a file error.
Status MergeRuns(const rocksdb::Options& options, const std::vector<Run>& runs,
                 const std::string& path, Run* out);

}  // namespace cellar::store
