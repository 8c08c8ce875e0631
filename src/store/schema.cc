// Implementations of the value types in cellar/schema.h, cellar/cell.h and cellar/event_log.h.

#include <algorithm>
#include <cctype>
#include <set>

#include "cellar/cell.h"
#include "cellar/event_log.h"
#include "cellar/schema.h"

namespace cellar {
namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// HBase's TableName rule for each part: [A-Za-z0-9_.-]+, not starting with '.' or '-'.
Status ValidateNamePart(std::string_view part, std::string_view what, std::string_view full) {
  if (part.empty()) {
    return Status::InvalidArgument(std::string(what) + " name is empty in '" + std::string(full) +
                                   "'");
  }
  if (part[0] == '.' || part[0] == '-') {
    return Status::InvalidArgument(std::string(what) + " name '" + std::string(part) +
                                   "' must not start with '.' or '-'");
  }
  for (char c : part) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-') {
      return Status::InvalidArgument(std::string(what) + " name '" + std::string(part) +
                                     "' may only contain letters, digits, '_', '.' and '-'");
    }
  }
  return Status::Ok();
}

}  // namespace

std::string_view CellTypeName(CellType type) {
  switch (type) {
    case CellType::kPut: return "Put";
    case CellType::kDelete: return "Delete";
    case CellType::kDeleteFamilyVersion: return "DeleteFamilyVersion";
    case CellType::kDeleteColumn: return "DeleteColumn";
    case CellType::kDeleteFamily: return "DeleteFamily";
  }
  return "Unknown";
}

std::string_view EventTypeName(EventType type) {
  switch (type) {
    case EventType::kData: return "DATA";
    case EventType::kCreateTable: return "CREATE_TABLE";
    case EventType::kAlterTable: return "ALTER_TABLE";
    case EventType::kTruncateTable: return "TRUNCATE_TABLE";
    case EventType::kDropTable: return "DROP_TABLE";
    case EventType::kCreateNamespace: return "CREATE_NAMESPACE";
    case EventType::kDropNamespace: return "DROP_NAMESPACE";
    case EventType::kEnableTable: return "ENABLE_TABLE";
    case EventType::kDisableTable: return "DISABLE_TABLE";
  }
  return "UNKNOWN";
}

Result<Compression> ParseCompression(std::string_view name) {
  std::string u = Upper(name);
  if (u == "NONE") return Compression::kNone;
  if (u == "SNAPPY") return Compression::kSnappy;
  if (u == "LZ4") return Compression::kLz4;
  if (u == "ZSTD") return Compression::kZstd;
  return Status::InvalidArgument("unknown COMPRESSION '" + std::string(name) +
                                 "': use NONE, SNAPPY, LZ4 or ZSTD");
}

Result<BloomFilter> ParseBloomFilter(std::string_view name) {
  std::string u = Upper(name);
  if (u == "NONE") return BloomFilter::kNone;
  if (u == "ROW") return BloomFilter::kRow;
  if (u == "ROWCOL") return BloomFilter::kRowCol;
  return Status::InvalidArgument("unknown BLOOMFILTER '" + std::string(name) +
                                 "': use NONE, ROW or ROWCOL");
}

std::string_view CompressionName(Compression c) {
  switch (c) {
    case Compression::kNone: return "NONE";
    case Compression::kSnappy: return "SNAPPY";
    case Compression::kLz4: return "LZ4";
    case Compression::kZstd: return "ZSTD";
  }
  return "NONE";
}

std::string_view BloomFilterName(BloomFilter b) {
  switch (b) {
    case BloomFilter::kNone: return "NONE";
    case BloomFilter::kRow: return "ROW";
    case BloomFilter::kRowCol: return "ROWCOL";
  }
  return "NONE";
}

Status ColumnFamilyDescriptor::Validate() const {
  auto bad = [&](const std::string& what) {
    return Status::InvalidArgument("column family '" + name + "': " + what);
  };
  if (name.empty()) return Status::InvalidArgument("column family name is empty");
  for (char c : name) {
    if (c == ':' || !std::isprint(static_cast<unsigned char>(c))) {
      return bad("the name must be printable and must not contain ':'");
    }
  }
  if (max_versions < 1) return bad("VERSIONS must be at least 1");
  if (min_versions < 0) return bad("MIN_VERSIONS must not be negative");
  if (min_versions > max_versions) return bad("MIN_VERSIONS must not exceed VERSIONS");
  if (ttl_seconds <= 0) return bad("TTL must be a positive number of seconds (or FOREVER)");
  if (block_size < 1024 || block_size > 16 * 1024 * 1024) {
    return bad("BLOCKSIZE must be between 1024 and 16777216 bytes");
  }
  if (replication_scope != 0 && replication_scope != 1) {
    return bad("REPLICATION_SCOPE must be 0 or 1");
  }
  return Status::Ok();
}

Result<TableName> TableName::Parse(std::string_view name) {
  TableName t;
  size_t colon = name.find(':');
  if (colon == std::string_view::npos) {
    t.qualifier = std::string(name);
  } else {
    t.ns = std::string(name.substr(0, colon));
    t.qualifier = std::string(name.substr(colon + 1));
    if (t.qualifier.find(':') != std::string::npos) {
      return Status::InvalidArgument("table name '" + std::string(name) +
                                     "' has more than one ':'; use namespace:table");
    }
  }
  if (Status s = ValidateNamePart(t.ns, "namespace", name); !s.ok()) return s;
  if (Status s = ValidateNamePart(t.qualifier, "table", name); !s.ok()) return s;
  return t;
}

std::string TableName::ToString() const {
  return ns == "default" ? qualifier : ns + ":" + qualifier;
}

const ColumnFamilyDescriptor* TableDescriptor::FindFamily(std::string_view family) const {
  for (const auto& f : families) {
    if (f.name == family) return &f;
  }
  return nullptr;
}

Status TableDescriptor::Validate() const {
  if (families.empty()) {
    return Status::InvalidArgument("table '" + name.ToString() +
                                   "' needs at least one column family");
  }
  std::set<std::string> seen;
  for (const auto& f : families) {
    if (Status s = f.Validate(); !s.ok()) return s.WithContext("table '" + name.ToString() + "'");
    if (!seen.insert(f.name).second) {
      return Status::InvalidArgument("table '" + name.ToString() + "': column family '" + f.name +
                                     "' is given twice");
    }
  }
  return Status::Ok();
}

}  // namespace cellar
