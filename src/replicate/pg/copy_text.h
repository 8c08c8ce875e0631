#pragma once

// Parsing of PostgreSQL's COPY text format: one row per line, columns separated by a tab, \N for
// NULL, and backslash escapes (\b \f \n \r \t \v \\, \digits octal, \xhh hex; any other escaped
// character stands for itself). Pure functions; thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/status.h"

namespace cellar::pg {

// Splits one COPY text row (with or without its trailing newline) into column values, reusing
// "out"'s storage. InvalidArgument for a dangling backslash.
Status ParseCopyTextRow(std::string_view line, std::vector<std::optional<std::string>>* out);

}  // namespace cellar::pg
