#pragma once

// Parsing of PostgreSQL's row (composite) text format, record_out's output, as the capture
// trigger stores rows (`NEW::text`):
//   record := ws '(' field (',' field)* ')' ws
//   field  := <nothing>                       -- NULL
//           | ( char | '\' any | '"' quoted '"' )+   -- a value ('""' is the empty string)
//   quoted := ( char | '""' | '\' any )*      -- '""' inside quotes is one '"'
// Each value is its column type's text output, columns in attnum order (dropped ones left out).
// Pure functions; thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/status.h"

namespace cellar::pg {

// Splits "text" into its field values (nullopt for NULL), reusing "out"'s storage.
// InvalidArgument, naming the offset, for text that is not a row literal.
Status ParseRecordText(std::string_view text, std::vector<std::optional<std::string>>* out);

}  // namespace cellar::pg
