#pragma once

// Base64 (RFC 4648, standard alphabet, '=' padding) as HBase's REST models use it for row keys,
// columns and values. Pure functions; thread-safe.

#include <string>
#include <string_view>

#include "cellar/status.h"

namespace cellar::server::rest {

std::string Base64Encode(std::string_view bytes);

// Decodes "text"; padding may be omitted, whitespace is not allowed. InvalidArgument naming
// "what" (e.g. "row key") and the offending position for anything else.
Result<std::string> Base64Decode(std::string_view text, std::string_view what);

}  // namespace cellar::server::rest
