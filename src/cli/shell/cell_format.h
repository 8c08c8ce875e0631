#pragma once

// How the shell prints cells, column names and family descriptors, in the HBase shell's words.
// Bytes go through HBase's Bytes.toStringBinary (non-printables as \xNN). Pure functions.

#include <optional>
#include <string>
#include <string_view>

#include "cellar/cell.h"
#include "cellar/schema.h"

namespace cellar::shell {

// A column as the shell writes it: "cf:q" -> family "cf", qualifier "q"; "cf" -> family only
// (no qualifier); "cf:" -> family "cf", empty qualifier. Split at the first ':'.
struct ColumnSpec {
  std::string family;
  std::optional<std::string> qualifier;
};
ColumnSpec ParseColumn(std::string_view column);

// "cf:q", both parts through ToStringBinary.
std::string ColumnName(const Cell& cell);
// "timestamp=1297345476469, value=value-1", or for a delete marker (raw scans)
// "timestamp=1297345476469, type=DeleteColumn".
std::string CellText(const Cell& cell);
// "column=cf:q, timestamp=..., value=..." as scan prints it.
std::string ScanCellText(const Cell& cell);
// "{NAME => 'cf', VERSIONS => '1', ..., BLOCKSIZE => '65536'}" as describe prints a family.
std::string FamilyText(const ColumnFamilyDescriptor& family);

}  // namespace cellar::shell
