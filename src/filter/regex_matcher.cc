#include "filter/regex_matcher.h"

#if CELLAR_HAVE_RE2
#include <re2/re2.h>
#else
#include <regex>
#endif

namespace cellar::filter {
namespace {

#if CELLAR_HAVE_RE2

class Re2Matcher final : public RegexMatcher {
 public:
  explicit Re2Matcher(std::unique_ptr<re2::RE2> re) : re_(std::move(re)) {}
  bool Find(std::string_view text) const override {
    return re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re_);
  }

 private:
  std::unique_ptr<re2::RE2> re_;
};

Result<std::unique_ptr<RegexMatcher>> CompileImpl(std::string_view pattern) {
  re2::RE2::Options options;
  options.set_dot_nl(true);       // Java's DOTALL, which HBase sets by default
  options.set_log_errors(false);  // errors are returned, not printed
  auto re = std::make_unique<re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!re->ok()) {
    return Status::InvalidArgument("regexstring pattern does not compile: " + re->error());
  }
  return std::unique_ptr<RegexMatcher>(new Re2Matcher(std::move(re)));
}

#else  // std::regex fallback

// ECMAScript's '.' stops at line ends; rewrite every unescaped '.' outside a bracket expression
// to "[\s\S]" so it matches any byte, as Java's DOTALL does.
std::string WithDotAll(std::string_view pattern) {
  std::string out;
  bool in_class = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char ch = pattern[i];
    if (ch == '\\' && i + 1 < pattern.size()) {
      out.push_back(ch);
      out.push_back(pattern[++i]);
      continue;
    }
    if (in_class && ch == ']')
      in_class = false;
    else if (!in_class && ch == '[')
      in_class = true;
    if (!in_class && ch == '.') {
      out += "[\\s\\S]";
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

class StdRegexMatcher final : public RegexMatcher {
 public:
  explicit StdRegexMatcher(std::regex re) : re_(std::move(re)) {}
  bool Find(std::string_view text) const override {
    return std::regex_search(text.begin(), text.end(), re_);
  }

 private:
  std::regex re_;
};

Result<std::unique_ptr<RegexMatcher>> CompileImpl(std::string_view pattern) {
  auto flags = std::regex::ECMAScript;
#ifdef __GLIBCXX__
  flags |= std::regex_constants::__polynomial;  // breadth-first: no deep recursion on long text
#endif
  try {
    return std::unique_ptr<RegexMatcher>(
        new StdRegexMatcher(std::regex(WithDotAll(pattern), flags)));
  } catch (const std::exception& e) {  // std::regex_error, std::bad_alloc
    return Status::InvalidArgument(std::string("regexstring pattern does not compile: ") +
                                   e.what());
  }
}

#endif

}  // namespace

Result<std::unique_ptr<RegexMatcher>> RegexMatcher::Compile(std::string_view pattern) {
  return CompileImpl(pattern);
}

std::string_view RegexMatcher::EngineName() {
#if CELLAR_HAVE_RE2
  return "RE2";
#else
  return "std::regex";
#endif
}

}  // namespace cellar::filter
