// Schema conversions: TTableName, TColumnFamilyDescriptor, TTableDescriptor.

#include <algorithm>
#include <cctype>
#include <utility>

#include "protocol/thrift2/convert.h"

namespace cellar::thrift2 {
namespace {

constexpr std::string_view kNewVersionBehavior = "NEW_VERSION_BEHAVIOR";

Result<Compression> CompressionFromThrift(t2::TCompressionAlgorithm::type in) {
  switch (in) {
    case t2::TCompressionAlgorithm::NONE: return Compression::kNone;
    case t2::TCompressionAlgorithm::SNAPPY: return Compression::kSnappy;
    case t2::TCompressionAlgorithm::LZ4: return Compression::kLz4;
    case t2::TCompressionAlgorithm::ZSTD: return Compression::kZstd;
    default:
      return Status::InvalidArgument("compressionType " + std::to_string(in) +
                                     " is not supported (NONE, SNAPPY, LZ4, ZSTD are)");
  }
}

t2::TCompressionAlgorithm::type CompressionToThrift(Compression in) {
  switch (in) {
    case Compression::kNone: return t2::TCompressionAlgorithm::NONE;
    case Compression::kSnappy: return t2::TCompressionAlgorithm::SNAPPY;
    case Compression::kLz4: return t2::TCompressionAlgorithm::LZ4;
    case Compression::kZstd: return t2::TCompressionAlgorithm::ZSTD;
  }
  return t2::TCompressionAlgorithm::NONE;
}

Result<BloomFilter> BloomFromThrift(t2::TBloomFilterType::type in) {
  switch (in) {
    case t2::TBloomFilterType::NONE: return BloomFilter::kNone;
    case t2::TBloomFilterType::ROW: return BloomFilter::kRow;
    case t2::TBloomFilterType::ROWCOL: return BloomFilter::kRowCol;
    default:
      return Status::InvalidArgument("bloomnFilterType " + std::to_string(in) +
                                     " is not supported (NONE, ROW, ROWCOL are)");
  }
}

t2::TBloomFilterType::type BloomToThrift(BloomFilter in) {
  switch (in) {
    case BloomFilter::kNone: return t2::TBloomFilterType::NONE;
    case BloomFilter::kRow: return t2::TBloomFilterType::ROW;
    case BloomFilter::kRowCol: return t2::TBloomFilterType::ROWCOL;
  }
  return t2::TBloomFilterType::ROW;
}

// HBase's Boolean.parseBoolean: "true" in any case is true, anything else false.
bool ParseJavaBoolean(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return text == "true";
}

}  // namespace

Result<TableName> TableNameFromThrift(const t2::TTableName& in) {
  TableName out;
  if (in.__isset.ns && !in.ns.empty()) out.ns = in.ns;
  out.qualifier = in.qualifier;
  // Validate through the one parser that knows HBase's name rules.
  return TableName::Parse(out.ns + ":" + out.qualifier);
}

t2::TTableName TableNameToThrift(const TableName& in) {
  t2::TTableName out;
  out.__set_ns(in.ns);
  out.__set_qualifier(in.qualifier);
  return out;
}

Result<ColumnFamilyDescriptor> ColumnFamilyDescriptorFromThrift(
    const t2::TColumnFamilyDescriptor& in) {
  ColumnFamilyDescriptor out;
  out.name = in.name;
  const std::string where = "column family '" + in.name + "'";
  if (in.__isset.blockSize) out.block_size = in.blockSize;
  if (in.__isset.bloomnFilterType) {
    Result<BloomFilter> bloom = BloomFromThrift(in.bloomnFilterType);
    if (!bloom.ok()) return bloom.status().WithContext(where);
    out.bloom_filter = *bloom;
  }
  if (in.__isset.compressionType) {
    Result<Compression> compression = CompressionFromThrift(in.compressionType);
    if (!compression.ok()) return compression.status().WithContext(where);
    out.compression = *compression;
  }
  if (in.__isset.keepDeletedCells) {
    if (in.keepDeletedCells == t2::TKeepDeletedCells::TTL) {
      return Status::InvalidArgument(where + ": keepDeletedCells TTL is not supported");
    }
    out.keep_deleted_cells = in.keepDeletedCells == t2::TKeepDeletedCells::TRUE;
  }
  if (in.__isset.maxVersions) out.max_versions = in.maxVersions;
  if (in.__isset.minVersions) out.min_versions = in.minVersions;
  if (in.__isset.scope) out.replication_scope = in.scope;
  if (in.__isset.timeToLive) out.ttl_seconds = in.timeToLive;
  if (in.__isset.blockCacheEnabled) out.block_cache = in.blockCacheEnabled;
  if (in.__isset.inMemory) out.in_memory = in.inMemory;
  auto nvb = in.attributes.find(std::string(kNewVersionBehavior));
  if (nvb != in.attributes.end()) out.new_version_behavior = ParseJavaBoolean(nvb->second);
  CELLAR_RETURN_IF_ERROR(out.Validate());
  return out;
}

t2::TColumnFamilyDescriptor ColumnFamilyDescriptorToThrift(const ColumnFamilyDescriptor& in) {
  t2::TColumnFamilyDescriptor out;
  out.__set_name(in.name);
  out.__set_blockSize(in.block_size);
  out.__set_bloomnFilterType(BloomToThrift(in.bloom_filter));
  out.__set_compressionType(CompressionToThrift(in.compression));
  out.__set_keepDeletedCells(in.keep_deleted_cells ? t2::TKeepDeletedCells::TRUE
                                                   : t2::TKeepDeletedCells::FALSE);
  out.__set_maxVersions(in.max_versions);
  out.__set_minVersions(in.min_versions);
  out.__set_scope(in.replication_scope);
  out.__set_timeToLive(in.ttl_seconds);
  out.__set_blockCacheEnabled(in.block_cache);
  out.__set_inMemory(in.in_memory);
  if (in.new_version_behavior) {
    out.__set_attributes({{std::string(kNewVersionBehavior), "true"}});
  }
  return out;
}

Result<TableDescriptor> TableDescriptorFromThrift(const t2::TTableDescriptor& in) {
  TableDescriptor out;
  CELLAR_ASSIGN_OR_RETURN(out.name, TableNameFromThrift(in.tableName));
  for (const t2::TColumnFamilyDescriptor& f : in.columns) {
    Result<ColumnFamilyDescriptor> family = ColumnFamilyDescriptorFromThrift(f);
    if (!family.ok()) return family.status().WithContext("table " + out.name.ToString());
    out.families.push_back(std::move(*family));
  }
  std::sort(out.families.begin(), out.families.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

t2::TTableDescriptor TableDescriptorToThrift(const TableDescriptor& in) {
  t2::TTableDescriptor out;
  out.__set_tableName(TableNameToThrift(in.name));
  std::vector<t2::TColumnFamilyDescriptor> families;
  for (const ColumnFamilyDescriptor& f : in.families) {
    families.push_back(ColumnFamilyDescriptorToThrift(f));
  }
  out.__set_columns(std::move(families));
  return out;
}

}  // namespace cellar::thrift2
