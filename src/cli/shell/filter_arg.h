#pragma once

// FILTER => "..." of get, scan and count: HBase's filter language, parsed by the filter module.

#include <memory>
#include <string_view>

#include "cellar/filter.h"
#include "cellar/status.h"

namespace cellar::shell {

// Parses "text" (e.g. "PrefixFilter('row') AND ValueFilter(=, 'binary:x')"). Returns
// InvalidArgument "bad FILTER: <why>" for a malformed string, FailedPrecondition when this build
// has no filter module.
Result<std::shared_ptr<Filter>> ParseShellFilter(std::string_view text);

}  // namespace cellar::shell
