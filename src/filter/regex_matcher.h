#pragma once

// RegexMatcher: a compiled regexstring pattern, matched with Java's Matcher.find semantics (found
// anywhere) and DOTALL ('.' matches a newline), HBase's defaults. Immutable once compiled;
// thread-safe.
//
// Built on RE2 when CMake found it (linear-time matching, bounded memory: safe for patterns and
// values that come from remote clients). Otherwise on std::regex in libstdc++'s polynomial
// mode, which avoids the recursive backtracking that overflows the stack on long values.

#include <memory>
#include <string>
#include <string_view>

#include "cellar/status.h"

namespace cellar::filter {

class RegexMatcher {
 public:
  // InvalidArgument if "pattern" does not compile (the message says why).
  static Result<std::unique_ptr<RegexMatcher>> Compile(std::string_view pattern);
  virtual ~RegexMatcher() = default;

  // Whether the pattern occurs anywhere in "text".
  virtual bool Find(std::string_view text) const = 0;
  // "RE2" or "std::regex": which engine this build uses.
  static std::string_view EngineName();
};

}  // namespace cellar::filter
