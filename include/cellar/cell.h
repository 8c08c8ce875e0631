#pragma once

// Cell: one timestamped version of one column of one row, or a delete marker. A value type,
// thread-compatible.

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace cellar {

// HBase's LATEST_TIMESTAMP: "no timestamp given; the store uses the current time".
inline constexpr int64_t kLatestTimestamp = std::numeric_limits<int64_t>::max();

// What a cell is. The numeric codes are HBase's KeyValue.Type codes, so they can cross the wire
// unchanged (Thrift2 TColumnValue.type, REPL dumps).
enum class CellType : uint8_t {
  kPut = 4,
  kDelete = 8,                 // masks the one version with exactly this timestamp
  kDeleteFamilyVersion = 10,   // masks every column of the family at exactly this timestamp
  kDeleteColumn = 12,          // masks every version of the column at or before this timestamp
  kDeleteFamily = 14,          // masks every column of the family at or before this timestamp
};

// Returns "Put", "Delete", "DeleteFamilyVersion", "DeleteColumn" or "DeleteFamily", as HBase
// prints them in raw scans.
std::string_view CellTypeName(CellType type);

inline bool IsDeleteMarker(CellType type) { return type != CellType::kPut; }

struct Cell {
  std::string row;
  std::string family;
  std::string qualifier;
  // Milliseconds since the epoch unless the writer chose its own scale.
  int64_t timestamp = kLatestTimestamp;
  CellType type = CellType::kPut;
  std::string value;

  friend bool operator==(const Cell&, const Cell&) = default;
};

}  // namespace cellar
