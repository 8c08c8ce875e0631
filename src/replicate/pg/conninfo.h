#pragma once

// Checks a libpq connection string without connecting. Pure function; thread-safe.

#include <string_view>

#include "cellar/status.h"

namespace cellar::pg {

// OK when libpq can parse "conninfo" (keyword=value pairs or a postgresql:// URI) and knows
// every keyword; otherwise InvalidArgument with libpq's explanation.
Status ValidateConninfo(std::string_view conninfo);

}  // namespace cellar::pg
