#pragma once

// RowSpec: the part of a REST URL after the table that names rows, columns, a time range and
// versions (HBase's RowSpec):
//   rowspec := row-part [ "/" columns [ "/" times ] ] ["?v=" versions]
//   row-part := row [ "," end-row ] | prefix "*"
//   columns  := column { "," column }        column := family [ ":" qualifier ]
//   times    := ts | start "," end           (ms; ts alone means [0, ts), as in HBase)
// ',' and '*' are syntax only where not percent-encoded; each piece is then URL-decoded.
// Value type; thread-compatible.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "cellar/cell.h"
#include "cellar/status.h"

namespace cellar::server::rest {

struct RowSpec {
  // The row, the first row of a range, or the prefix of a glob (without its '*').
  std::string row;
  // Set for "row,end-row": the range [row, end-row).
  std::optional<std::string> end_row;
  // "prefix*": every row starting with "row".
  bool glob = false;
  // Each entry is (family, qualifier); qualifier nullopt means the whole family.
  std::vector<std::pair<std::string, std::optional<std::string>>> columns;
  // [start_time, end_time).
  int64_t start_time = 0;
  int64_t end_time = kLatestTimestamp;
  // Set when the URL gave a single timestamp (deletes use it as "at or before ts").
  std::optional<int64_t> timestamp;
  // ?v=. Default: 1, as in HBase.
  int32_t max_versions = 1;

  bool IsSingleRow() const { return !glob && !end_row; }
};

// Parses "raw" (the still-encoded path segments after the table name) and "versions" (the
// value of ?v=, if any). InvalidArgument for a missing row, a bad timestamp or version count,
// or more than three segments.
Result<RowSpec> ParseRowSpec(std::span<const std::string> raw,
                             const std::optional<std::string>& versions);

// Splits "family:qualifier" at the first ':' (no ':' = the whole family).
std::pair<std::string, std::optional<std::string>> SplitColumn(std::string_view column);

}  // namespace cellar::server::rest
