#pragma once

// Table and column family descriptors: the schema an HBase user writes in `create` and `alter`.
// Value types, thread-compatible. Every default is HBase's.

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/status.h"

namespace cellar {

enum class Compression { kNone, kSnappy, kLz4, kZstd };
enum class BloomFilter { kNone, kRow, kRowCol };

// Parses and prints HBase's names: "NONE", "SNAPPY", "LZ4", "ZSTD"; "NONE", "ROW", "ROWCOL".
// Parsing is case-insensitive. Returns InvalidArgument naming the accepted values.
Result<Compression> ParseCompression(std::string_view name);
Result<BloomFilter> ParseBloomFilter(std::string_view name);
std::string_view CompressionName(Compression c);
std::string_view BloomFilterName(BloomFilter b);

// HBase's HConstants.FOREVER: a TTL that never expires.
inline constexpr int32_t kForever = std::numeric_limits<int32_t>::max();

struct ColumnFamilyDescriptor {
  // Printable, non-empty, no ':' (HBase's rule).
  std::string name;
  // Keep at most this many versions of each column. Default: 1, as in HBase.
  int32_t max_versions = 1;
  // Keep at least this many versions even when they are past the TTL. Default: 0, as in HBase.
  int32_t min_versions = 0;
  // Seconds a cell lives, measured from its timestamp. Default: FOREVER, as in HBase.
  int32_t ttl_seconds = kForever;
  // Deleted cells stay readable by time-range reads that end before the delete. Default: false.
  bool keep_deleted_cells = false;
  // A delete masks only cells written before it (by write order, not timestamp). Default: false.
  bool new_version_behavior = false;
  // Default: NONE, as in HBase.
  Compression compression = Compression::kNone;
  // Default: 65536, as in HBase.
  int32_t block_size = 64 * 1024;
  // Default: ROW, as in HBase.
  BloomFilter bloom_filter = BloomFilter::kRow;
  // Reads of this family populate the block cache. Default: true, as in HBase.
  bool block_cache = true;
  // Default: false, as in HBase. Recorded and shown; see README for its effect here.
  bool in_memory = false;
  // 1 = data changes of this family go to the event log for REPL DUMP. Default: 0, as in HBase.
  int32_t replication_scope = 0;

  // Returns InvalidArgument naming the family and the bad option.
  Status Validate() const;
  friend bool operator==(const ColumnFamilyDescriptor&, const ColumnFamilyDescriptor&) = default;
};

// A table name "namespace:qualifier"; a bare "qualifier" is in namespace "default".
struct TableName {
  std::string ns = "default";
  std::string qualifier;

  // Parses "ns:t" or "t". Returns InvalidArgument for empty parts or characters HBase rejects
  // (names are [A-Za-z0-9_.-], not starting with '.' or '-').
  static Result<TableName> Parse(std::string_view name);
  // "t" for the default namespace, otherwise "ns:t", as HBase prints it.
  std::string ToString() const;
  friend auto operator<=>(const TableName&, const TableName&) = default;
};

struct TableDescriptor {
  TableName name;
  // Sorted by name on creation; names unique.
  std::vector<ColumnFamilyDescriptor> families;

  // nullptr when the table has no such family.
  const ColumnFamilyDescriptor* FindFamily(std::string_view family) const;
  // Returns InvalidArgument for no families, duplicate names or a bad family.
  Status Validate() const;
  friend bool operator==(const TableDescriptor&, const TableDescriptor&) = default;
};

// The families of "desc" as JSON (the catalog's and the REPL dump's encoding), and back.
// DataLoss naming the table when "json" is malformed.
std::string TableDescriptorToJson(const TableDescriptor& desc);
Result<TableDescriptor> TableDescriptorFromJson(std::string_view json, const TableName& name);

}  // namespace cellar
