#pragma once

// Sorted runs of one family's cells for a bulk load: RunBuffer collects encoded (key, value)
// entries in memory in the order they were added, and writes them sorted to a RocksDB table
// file (a run); MergeRuns merges runs whose key ranges overlap into one file. When several
// entries have the same key the one with the highest sequence (the first 8 bytes of the value,
// docs/key-format.md) wins, as the later write would with Puts. Not thread-safe.

#include <rocksdb/options.h>

#include <cstdint>
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
  int64_t bytes = 0;     // file size
};

class RunBuffer {
 public:
  // Appends one entry; "value_parts" are concatenated into its value.
  void Add(std::string_view key, std::string_view value_head, std::string_view value_tail);
  bool empty() const { return entries_.empty(); }
  // Memory held: the entries' bytes plus the per-entry index.
  size_t bytes() const { return data_.size() + entries_.size() * sizeof(Entry); }

  // Sorts the entries, keeps the newest of each key and writes them to a new table file at
  // "path" (synced) with "options" (the family's RocksDB options, so filters, block size and
  // compression match the family's own files). Empties the buffer. Internal on a file error.
  Status WriteRun(const rocksdb::Options& options, const std::string& path, Run* run);

 private:
  struct Entry {
    uint64_t offset;   // of the key in data_; the value follows it
    uint32_t key_size;
    uint32_t value_size;
  };
  std::string_view Key(const Entry& e) const { return {data_.data() + e.offset, e.key_size}; }
  std::string_view Value(const Entry& e) const {
    return {data_.data() + e.offset + e.key_size, e.value_size};
  }

  std::string data_;
  std::vector<Entry> entries_;
};

// Whether any two of "runs" share a key range (then they must be merged before ingestion).
// Sorts "runs" by smallest key.
bool SortAndCheckOverlap(std::vector<Run>* runs);

// Merges "runs" (each sorted, keys unique within a run) into one table file at "path", keeping
// for each key the entry with the highest sequence. Internal on a file error.
Status MergeRuns(const rocksdb::Options& options, const std::vector<Run>& runs,
                 const std::string& path, Run* out);

}  // namespace cellar::store
