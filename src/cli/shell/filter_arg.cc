#include "cli/shell/filter_arg.h"

#include <string>

// The filter module is written alongside the shell; CMake defines CELLAR_SHELL_HAVE_FILTERS once
// its target exists.
#if CELLAR_SHELL_HAVE_FILTERS
#include "cellar/filters.h"
#endif

namespace cellar::shell {

Result<std::shared_ptr<Filter>> ParseShellFilter(std::string_view text) {
#if CELLAR_SHELL_HAVE_FILTERS
  Result<std::shared_ptr<Filter>> filter = ParseFilterString(text);
  if (!filter.ok()) return filter.status().WithContext("bad FILTER");
  return filter;
#else
  return Status::FailedPrecondition("FILTER is not available: this build has no filter module");
#endif
}

}  // namespace cellar::shell
