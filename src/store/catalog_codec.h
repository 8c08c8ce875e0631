#pragma once

// The catalog records of docs/key-format.md ("Catalog"): table records as JSON and the catalog's
// key names. Pure functions; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

#include "cellar/schema.h"
#include "cellar/status.h"

namespace cellar::store {

struct TableRecord {
  uint64_t id = 0;
  bool enabled = true;
  TableDescriptor descriptor;
};

inline constexpr std::string_view kNamespaceKeyPrefix = "ns/";
inline constexpr std::string_view kTableKeyPrefix = "table/";
inline constexpr std::string_view kNextTableIdKey = "meta/next_table_id";
inline constexpr std::string_view kSequenceReservedKey = "meta/sequence_reserved";
inline constexpr std::string_view kEventsTrimmedThroughKey = "meta/events_trimmed_through";
inline constexpr std::string_view kFormatVersionKey = "meta/format_version";
inline constexpr std::string_view kEventRetentionKey = "meta/event_retention_seconds";

std::string NamespaceKey(std::string_view ns);
std::string TableKey(const TableName& name);

// The JSON table_record; "name" is not stored (it is the key).
std::string EncodeTableRecord(const TableRecord& record);
// DataLoss naming "where" if the JSON is malformed.
Result<TableRecord> DecodeTableRecord(std::string_view json, const TableName& name);

// A table's families as JSON (used by event-log DDL events too).
std::string EncodeDescriptor(const TableDescriptor& desc);
Result<TableDescriptor> DecodeDescriptor(std::string_view json, const TableName& name);

// The RocksDB column family that holds "family" of table "table_id".
std::string FamilyColumnFamilyName(uint64_t table_id, std::string_view family);

}  // namespace cellar::store
