#include "store/rocks_options.h"

#include <rocksdb/cache.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>

#include "store/byte_ops.h"
#include "store/key_format.h"

namespace cellar::store {
namespace {

constexpr char kRowPrefixName[] = "cellar.RowKeyPrefix.v1";

// The prefix of a cell key that identifies its row (row_key of the grammar), so ROW bloom filters
// and memtable prefix blooms answer "does this file hold the row?".
class RowPrefixTransform : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return kRowPrefixName; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    return rocksdb::Slice(key.data(), RowKeySize(std::string_view(key.data(), key.size())));
  }
  bool InDomain(const rocksdb::Slice& key) const override {
    return RowKeySize(std::string_view(key.data(), key.size())) > 0;
  }
};

// The same row prefix for the table files of a bulk load, whose keys are all cell keys built by
// the key format's encoders: their row prefix is never empty, so InDomain needs no search. RocksDB
// 7.8's filter builder asks InDomain for every key, and Debian's build (assertions on) asks it a
// second time before each Transform: two RowKeySize searches per key saved, about 3.5 % of the
// instructions of building a file. The name is the family extractor's, so readers use the
// files' prefix filters (the table properties record the name, docs/bulk-load.md).
class LoadedRowPrefixTransform final : public RowPrefixTransform {
 public:
  bool InDomain(const rocksdb::Slice&) const override { return true; }
};

// The row prefix extractor of one bulk table file's writer, which hands RocksDB 7.8's filter
// builder each row's prefix once. With a full (not partitioned) filter of row prefixes only
// (whole_key_filtering off) the builder adds Transform(key) for each key that is InDomain, and
// its bloom builder hashes every prefix it is given, then drops a hash equal to the one before;
// in a file's ascending keys the cells of a row are adjacent, so all but a row's first prefix
// are hashed to be dropped. Here a key that starts with the last prefix given is not InDomain:
// an escaped row is prefix-free (docs/key-format.md), so such a key's row prefix is that one,
// and not adding it leaves the hash sequence, and so the filter, exactly as it was. The first
// two keys are always InDomain: 7.8's builder, once it has seen an InDomain key, adds its own
// last-prefix string (empty without whole-key filtering) before the next key, so the second
// key's prefix follows that hash and is kept even when it repeats the first (the test compares
// the filters byte for byte). Not a general extractor: InDomain depends on the keys transformed
// before; only one file writer, on one thread, may use an object (BulkFileWriterOptions).
class FileRowPrefixTransform final : public RowPrefixTransform {
 public:
  bool InDomain(const rocksdb::Slice& key) const override {
    // SameBytes compares from the end, where the escaped rows of neighbouring keys differ.
    return transformed_ < 2 || prefix_.empty() || key.size() < prefix_.size() ||
           !SameBytes(key.data(), prefix_.data(), prefix_.size());
  }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    const rocksdb::Slice prefix = RowPrefixTransform::Transform(key);
    prefix_.assign(prefix.data(), prefix.size());
    if (transformed_ < 2) ++transformed_;
    return prefix;
  }

 private:
  // The last prefix given (empty for a key that is not a cell key: then no key is left out).
  mutable std::string prefix_;
  mutable int transformed_ = 0;  // up to 2
};

// Drops puts past the TTL during background compactions. Only when MIN_VERSIONS is 0: with
// MIN_VERSIONS an expired cell may still be among the newest kept, which only a whole-row view
// (Admin::MajorCompact) can tell.
class TtlCompactionFilter final : public rocksdb::CompactionFilter {
 public:
  TtlCompactionFilter(std::shared_ptr<const ColumnFamilyDescriptor> family, int64_t now_ms)
      : family_(std::move(family)), now_ms_(now_ms) {}
  const char* Name() const override { return "cellar.TtlCompactionFilter"; }

  bool Filter(int level, const rocksdb::Slice& key, const rocksdb::Slice& existing_value,
              std::string* new_value, bool* value_changed) const override {
    if (family_->ttl_seconds == kForever || family_->min_versions > 0) return false;
    auto d = DecodeCellKey(std::string_view(key.data(), key.size()));
    if (!d || d->type != CellType::kPut) return false;
    return d->timestamp < now_ms_ - int64_t{family_->ttl_seconds} * 1000;
  }

 private:
  std::shared_ptr<const ColumnFamilyDescriptor> family_;
  int64_t now_ms_;
};

class TtlCompactionFilterFactory final : public rocksdb::CompactionFilterFactory {
 public:
  TtlCompactionFilterFactory(std::shared_ptr<FamilySettings> settings, const Clock* clock)
      : settings_(std::move(settings)), clock_(clock) {}
  const char* Name() const override { return "cellar.TtlCompactionFilterFactory"; }
  std::unique_ptr<rocksdb::CompactionFilter> CreateCompactionFilter(
      const rocksdb::CompactionFilter::Context&) override {
    return std::make_unique<TtlCompactionFilter>(settings_->Get(), clock_->NowMillis());
  }

 private:
  std::shared_ptr<FamilySettings> settings_;
  const Clock* clock_;
};

rocksdb::CompressionType ToRocks(Compression c) {
  switch (c) {
    case Compression::kNone: return rocksdb::kNoCompression;
    case Compression::kSnappy: return rocksdb::kSnappyCompression;
    case Compression::kLz4: return rocksdb::kLZ4Compression;
    case Compression::kZstd: return rocksdb::kZSTD;
  }
  return rocksdb::kNoCompression;
}

rocksdb::BlockBasedTableOptions TableOptions(const ColumnFamilyDescriptor& family,
                                             const SharedRocksObjects& shared) {
  rocksdb::BlockBasedTableOptions t;
  t.block_cache = shared.block_cache;
  t.block_size = static_cast<size_t>(family.block_size);
  t.format_version = 5;
  if (family.bloom_filter != BloomFilter::kNone) {
    // ROW and ROWCOL both filter on the row prefix; see README.
    t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    t.whole_key_filtering = false;
  }
  // IN_MEMORY: keep the family's index and filter blocks in the cache with high priority.
  t.cache_index_and_filter_blocks = true;
  t.cache_index_and_filter_blocks_with_high_priority = true;
  t.pin_l0_filter_and_index_blocks_in_cache = family.in_memory;
  return t;
}

}  // namespace

SharedRocksObjects MakeSharedRocksObjects(size_t block_cache_bytes, const Clock* clock,
                                          size_t write_buffer_bytes) {
  SharedRocksObjects s;
  s.block_cache = rocksdb::NewLRUCache(block_cache_bytes);
  s.row_prefix = std::make_shared<RowPrefixTransform>();
  s.clock = clock;
  s.write_buffer_bytes = write_buffer_bytes;
  return s;
}

rocksdb::ColumnFamilyOptions FamilyOptions(const ColumnFamilyDescriptor& family,
                                           const SharedRocksObjects& shared,
                                           std::shared_ptr<FamilySettings> settings) {
  rocksdb::ColumnFamilyOptions o;
  o.write_buffer_size = shared.write_buffer_bytes;
  o.compression = ToRocks(family.compression);
  o.bottommost_compression = o.compression;
  o.prefix_extractor = shared.row_prefix;
  o.memtable_prefix_bloom_size_ratio = family.bloom_filter == BloomFilter::kNone ? 0 : 0.05;
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(TableOptions(family, shared)));
  o.compaction_filter_factory =
      std::make_shared<TtlCompactionFilterFactory>(std::move(settings), shared.clock);
  o.level_compaction_dynamic_level_bytes = true;
  return o;
}

std::unordered_map<std::string, std::string> MutableFamilyOptions(
    const ColumnFamilyDescriptor& family) {
  static const char* const kNames[] = {"kNoCompression", "kSnappyCompression", "kLZ4Compression",
                                       "kZSTD"};
  std::string compression = kNames[static_cast<int>(family.compression)];
  return {{"compression", compression},
          {"bottommost_compression", compression},
          {"block_based_table_factory",
           "{block_size=" + std::to_string(family.block_size) + ";}"}};
}

rocksdb::Options BulkFileOptions(const rocksdb::Options& family) {
  rocksdb::Options o = family;
  if (o.prefix_extractor != nullptr &&
      std::string_view(o.prefix_extractor->Name()) == kRowPrefixName) {
    o.prefix_extractor = std::make_shared<LoadedRowPrefixTransform>();
  }
  // Not changed, though it costs a size estimate per key: block_size_deviation. At 100 (which in
  // 7.8 skips the estimate) every block passes block_size by its last entry, and the builder's
  // buffer, reserved at block_size for each block, is reallocated and copied once per block:
  // more instructions than the estimates saved (callgrind, docs/benchmarks.md).
  return o;
}

rocksdb::Options BulkFileWriterOptions(const rocksdb::Options& bulk) {
  rocksdb::Options o = bulk;
  if (o.prefix_extractor == nullptr ||
      std::string_view(o.prefix_extractor->Name()) != kRowPrefixName) {
    return o;
  }
  const auto* table = o.table_factory->GetOptions<rocksdb::BlockBasedTableOptions>();
  // Leaving keys out of the domain is the same filter only for a full filter of prefixes alone
  // (with whole-key filtering a key out of the domain would be added whole).
  if (table != nullptr && table->filter_policy != nullptr && !table->whole_key_filtering &&
      !table->partition_filters) {
    o.prefix_extractor = std::make_shared<FileRowPrefixTransform>();
  }
  return o;
}

rocksdb::ReadOptions DataFamilyReadOptions() {
  rocksdb::ReadOptions ro;
  ro.ignore_range_deletions = true;
  return ro;
}

rocksdb::ColumnFamilyOptions MetaOptions(const SharedRocksObjects& shared) {
  rocksdb::ColumnFamilyOptions o;
  rocksdb::BlockBasedTableOptions t;
  t.block_cache = shared.block_cache;
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  o.write_buffer_size = 16u << 20;
  return o;
}

}  // namespace cellar::store
