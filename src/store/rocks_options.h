#pragma once

// How HBase family options map onto RocksDB options, and the RocksDB plug-ins of the key format:
// the row prefix extractor (for ROW bloom filters) and the TTL compaction filter. Internal.

#include <rocksdb/compaction_filter.h>
#include <rocksdb/options.h>

#include <atomic>
#include <memory>
#include <mutex>

#include "cellar/clock.h"
#include "cellar/schema.h"

namespace cellar::store {

// The settings a family's compaction filter reads; alter swaps them atomically. Thread-safe.
class FamilySettings {
 public:
  explicit FamilySettings(ColumnFamilyDescriptor d) : desc_(std::make_shared<ColumnFamilyDescriptor>(std::move(d))) {}
  std::shared_ptr<const ColumnFamilyDescriptor> Get() const { return std::atomic_load(&desc_); }
  void Set(ColumnFamilyDescriptor d) {
    std::atomic_store(&desc_, std::shared_ptr<const ColumnFamilyDescriptor>(
                                  std::make_shared<ColumnFamilyDescriptor>(std::move(d))));
  }

 private:
  std::shared_ptr<const ColumnFamilyDescriptor> desc_;
};

// Options shared by every family's RocksDB column family.
struct SharedRocksObjects {
  std::shared_ptr<rocksdb::Cache> block_cache;
  std::shared_ptr<const rocksdb::SliceTransform> row_prefix;
  const Clock* clock = nullptr;
  size_t write_buffer_bytes = 64u << 20;
};

SharedRocksObjects MakeSharedRocksObjects(size_t block_cache_bytes, const Clock* clock,
                                          size_t write_buffer_bytes);

// RocksDB options for the column family holding "family". "settings" feeds the compaction filter.
rocksdb::ColumnFamilyOptions FamilyOptions(const ColumnFamilyDescriptor& family,
                                           const SharedRocksObjects& shared,
                                           std::shared_ptr<FamilySettings> settings);

// The subset of FamilyOptions that can change on a live column family (alter), as
// RocksDB SetOptions strings.
std::unordered_map<std::string, std::string> MutableFamilyOptions(
    const ColumnFamilyDescriptor& family);

// The options the table files of a bulk load are written with: "family" (a data family's
// options), so that they read exactly as the family's own files (comparator, block size,
// compression, format, filter policy, and the row prefix extractor by name), but with a row
// prefix extractor that answers InDomain without searching the key (rocks_options.cc says why).
rocksdb::Options BulkFileOptions(const rocksdb::Options& family);

// "bulk" (BulkFileOptions) for one table file writer: its row prefix extractor (a new object,
// not thread-safe) gives the filter builder each row's prefix once, not once per cell, which
// builds the same filter with fewer hashes (rocks_options.cc says how). Only for the options of
// one SstFileWriter, used on one thread, adding keys in ascending order; never for reading.
// Options without the row prefix extractor, or whose filter is not a full filter of row
// prefixes alone, are returned unchanged.
rocksdb::Options BulkFileWriterOptions(const rocksdb::Options& bulk);

// Read options for the column families of table data, which never hold range tombstones
// (deletes are Cellar's own markers; only the event log uses DeleteRange): RocksDB is told not
// to look for them, as it advises for such data. Callers add their seek and cache settings.
rocksdb::ReadOptions DataFamilyReadOptions();

// Options for the catalog ("default") and the event log.
rocksdb::ColumnFamilyOptions MetaOptions(const SharedRocksObjects& shared);

}  // namespace cellar::store
