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

// CellView: a Cell whose bytes belong to someone else, as HBase's Cell interface exposes row,
// family, qualifier and value as views into a shared buffer rather than as copies. Valid only
// while the memory it points into is: whoever hands one out says for how long (for
// ResultScanner::NextView, until the scanner's next call). Copy it with ToCell to keep it.
// A value type, thread-compatible.
struct CellView {
  std::string_view row;
  std::string_view family;
  std::string_view qualifier;
  int64_t timestamp = kLatestTimestamp;
  CellType type = CellType::kPut;
  std::string_view value;

  // A view of "cell", valid while "cell" lives unchanged.
  static CellView Of(const Cell& cell) {
    return {cell.row, cell.family, cell.qualifier, cell.timestamp, cell.type, cell.value};
  }
  // An owned copy.
  Cell ToCell() const {
    return {std::string(row), std::string(family), std::string(qualifier),
            timestamp,        type,                std::string(value)};
  }
  // Equal bytes, not equal addresses.
  friend bool operator==(const CellView&, const CellView&) = default;
};

}  // namespace cellar
