#include "server/rest/filter_model.h"

#include <nlohmann/json.hpp>

#include "cellar/filters.h"
#include "server/rest/base64.h"

namespace cellar::server::rest {
namespace {

using nlohmann::json;
using FilterPtr = std::shared_ptr<Filter>;
using ComparatorPtr = std::shared_ptr<const Comparator>;

constexpr int kMaxDepth = 100;

Status Bad(std::string_view type, std::string_view why) {
  return Status::InvalidArgument("scanner filter " + std::string(type) + ": " + std::string(why));
}

// The string field "name", or InvalidArgument.
Result<std::string> Text(const json& j, std::string_view type, std::string_view name) {
  auto it = j.find(name);
  if (it == j.end() || !it->is_string()) {
    return Bad(type, "needs the string field \"" + std::string(name) + "\"");
  }
  return it->get<std::string>();
}

Result<std::string> Bytes(const json& j, std::string_view type, std::string_view name) {
  CELLAR_ASSIGN_OR_RETURN(std::string text, Text(j, type, name));
  return Base64Decode(text, std::string(type) + "." + std::string(name));
}

Result<int64_t> Integer(const json& j, std::string_view type, std::string_view name) {
  auto it = j.find(name);
  if (it != j.end() && it->is_number_integer()) return it->get<int64_t>();
  if (it != j.end() && it->is_string()) {
    try {
      size_t used = 0;
      int64_t v = std::stoll(it->get<std::string>(), &used);
      if (used == it->get_ref<const std::string&>().size()) return v;
    } catch (const std::exception&) {
    }
  }
  return Bad(type, "needs the integer field \"" + std::string(name) + "\"");
}

bool Flag(const json& j, std::string_view name, bool fallback) {
  auto it = j.find(name);
  if (it == j.end()) return fallback;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_string()) return *it == "true";
  return fallback;
}

Result<CompareOperator> Op(const json& j, std::string_view type) {
  CELLAR_ASSIGN_OR_RETURN(std::string op, Text(j, type, "op"));
  static const std::pair<const char*, CompareOperator> kOps[] = {
      {"LESS", CompareOperator::kLess},
      {"LESS_OR_EQUAL", CompareOperator::kLessOrEqual},
      {"EQUAL", CompareOperator::kEqual},
      {"NOT_EQUAL", CompareOperator::kNotEqual},
      {"GREATER", CompareOperator::kGreater},
      {"GREATER_OR_EQUAL", CompareOperator::kGreaterOrEqual},
      {"NO_OP", CompareOperator::kNoOp}};
  for (const auto& [name, value] : kOps) {
    if (op == name) return value;
  }
  return Bad(type, "unknown op \"" + op +
                       "\" (LESS, LESS_OR_EQUAL, EQUAL, NOT_EQUAL, "
                       "GREATER_OR_EQUAL, GREATER, NO_OP)");
}

Result<ComparatorPtr> BuildComparator(const json& j, std::string_view filter_type) {
  auto it = j.find("comparator");
  if (it == j.end() || !it->is_object()) return Bad(filter_type, "needs a \"comparator\" object");
  const json& c = *it;
  CELLAR_ASSIGN_OR_RETURN(std::string type, Text(c, filter_type, "type"));
  if (type == "BinaryComparator") {
    CELLAR_ASSIGN_OR_RETURN(std::string v, Bytes(c, type, "value"));
    return MakeBinaryComparator(std::move(v));
  }
  if (type == "BinaryPrefixComparator") {
    CELLAR_ASSIGN_OR_RETURN(std::string v, Bytes(c, type, "value"));
    return MakeBinaryPrefixComparator(std::move(v));
  }
  if (type == "RegexStringComparator") {
    CELLAR_ASSIGN_OR_RETURN(std::string v, Text(c, type, "value"));
    return MakeRegexStringComparator(v);
  }
  if (type == "SubstringComparator") {
    CELLAR_ASSIGN_OR_RETURN(std::string v, Text(c, type, "value"));
    return MakeSubstringComparator(v);
  }
  if (type == "NullComparator") return MakeNullComparator();
  if (type == "BitComparator") {
    CELLAR_ASSIGN_OR_RETURN(std::string v, Bytes(c, type, "value"));
    std::string op = c.value("op", "AND");
    BitwiseOp bit = op == "OR" ? BitwiseOp::kOr : op == "XOR" ? BitwiseOp::kXor : BitwiseOp::kAnd;
    return MakeBitComparator(std::move(v), bit);
  }
  return Bad(filter_type, "unknown comparator type \"" + type + "\"");
}

Result<FilterPtr> Build(const json& j, int depth);

Result<std::vector<FilterPtr>> Children(const json& j, std::string_view type, int depth) {
  auto it = j.find("filters");
  if (it == j.end() || !it->is_array()) return Bad(type, "needs a \"filters\" array");
  std::vector<FilterPtr> out;
  for (const json& child : *it) {
    CELLAR_ASSIGN_OR_RETURN(FilterPtr f, Build(child, depth + 1));
    out.push_back(std::move(f));
  }
  return out;
}

Result<FilterPtr> BuildCompare(const json& j, const std::string& type) {
  CELLAR_ASSIGN_OR_RETURN(CompareOperator op, Op(j, type));
  CELLAR_ASSIGN_OR_RETURN(ComparatorPtr cmp, BuildComparator(j, type));
  if (type == "RowFilter") return MakeRowFilter(op, cmp);
  if (type == "FamilyFilter") return MakeFamilyFilter(op, cmp);
  if (type == "QualifierFilter") return MakeQualifierFilter(op, cmp);
  return MakeValueFilter(op, cmp);
}

Result<FilterPtr> BuildColumnValue(const json& j, const std::string& type) {
  CELLAR_ASSIGN_OR_RETURN(std::string family, Bytes(j, type, "family"));
  std::string qualifier;
  if (j.contains("qualifier")) {
    CELLAR_ASSIGN_OR_RETURN(qualifier, Bytes(j, type, "qualifier"));
  }
  CELLAR_ASSIGN_OR_RETURN(CompareOperator op, Op(j, type));
  CELLAR_ASSIGN_OR_RETURN(ComparatorPtr cmp, BuildComparator(j, type));
  if (type == "DependentColumnFilter") {
    return MakeDependentColumnFilter(std::move(family), std::move(qualifier),
                                     Flag(j, "dropDependentColumn", false), op, cmp);
  }
  SingleColumnValueOptions options;
  options.filter_if_missing = Flag(j, "ifMissing", false);
  // HBase's model writes latestVersion only when true and the filter's default is true.
  options.latest_version_only = Flag(j, "latestVersion", true);
  if (type == "SingleColumnValueExcludeFilter") {
    return MakeSingleColumnValueExcludeFilter(std::move(family), std::move(qualifier), op, cmp,
                                              options);
  }
  return MakeSingleColumnValueFilter(std::move(family), std::move(qualifier), op, cmp, options);
}

Result<FilterPtr> BuildColumnFilter(const json& j, const std::string& type) {
  if (type == "ColumnPrefixFilter") {
    CELLAR_ASSIGN_OR_RETURN(std::string v, Bytes(j, type, "value"));
    return MakeColumnPrefixFilter(std::move(v));
  }
  if (type == "MultipleColumnPrefixFilter") {
    std::vector<std::string> prefixes;
    for (const json& p : j.value("prefixes", json::array())) {
      if (!p.is_string()) return Bad(type, "\"prefixes\" should hold base64 strings");
      CELLAR_ASSIGN_OR_RETURN(std::string v, Base64Decode(p.get<std::string>(), "prefixes"));
      prefixes.push_back(std::move(v));
    }
    return MakeMultipleColumnPrefixFilter(std::move(prefixes));
  }
  if (type == "ColumnRangeFilter") {
    std::optional<std::string> min, max;
    if (j.contains("minColumn")) {
      CELLAR_ASSIGN_OR_RETURN(min, Bytes(j, type, "minColumn"));
    }
    if (j.contains("maxColumn")) {
      CELLAR_ASSIGN_OR_RETURN(max, Bytes(j, type, "maxColumn"));
    }
    return MakeColumnRangeFilter(std::move(min), Flag(j, "minColumnInclusive", true),
                                 std::move(max), Flag(j, "maxColumnInclusive", false));
  }
  if (type == "ColumnCountGetFilter") {
    CELLAR_ASSIGN_OR_RETURN(int64_t limit, Integer(j, type, "limit"));
    return MakeColumnCountGetFilter(static_cast<int32_t>(limit));
  }
  // ColumnPaginationFilter
  CELLAR_ASSIGN_OR_RETURN(int64_t limit, Integer(j, type, "limit"));
  CELLAR_ASSIGN_OR_RETURN(int64_t offset, Integer(j, type, "offset"));
  return MakeColumnPaginationFilter(static_cast<int32_t>(limit), static_cast<int32_t>(offset));
}

Result<FilterPtr> BuildRowFilter(const json& j, const std::string& type) {
  if (type == "PrefixFilter") {
    CELLAR_ASSIGN_OR_RETURN(std::string v, Bytes(j, type, "value"));
    return MakePrefixFilter(std::move(v));
  }
  if (type == "InclusiveStopFilter") {
    CELLAR_ASSIGN_OR_RETURN(std::string v, Bytes(j, type, "value"));
    return MakeInclusiveStopFilter(std::move(v));
  }
  if (type == "PageFilter") {
    CELLAR_ASSIGN_OR_RETURN(int64_t v, Integer(j, type, "value"));
    return MakePageFilter(v);
  }
  if (type == "RandomRowFilter") {
    auto it = j.find("chance");
    if (it == j.end() || !it->is_number()) return Bad(type, "needs the number field \"chance\"");
    return MakeRandomRowFilter(it->get<float>());
  }
  if (type == "TimestampsFilter") {
    std::vector<int64_t> stamps;
    for (const json& t : j.value("timestamps", json::array())) {
      if (!t.is_number_integer()) return Bad(type, "\"timestamps\" should hold integers");
      stamps.push_back(t.get<int64_t>());
    }
    return MakeTimestampsFilter(std::move(stamps));
  }
  // FuzzyRowFilter
  std::vector<std::pair<std::string, std::string>> keys;
  for (const json& k : j.value("fuzzyKeys", json::array())) {
    CELLAR_ASSIGN_OR_RETURN(std::string key, Bytes(k, type, "key"));
    CELLAR_ASSIGN_OR_RETURN(std::string mask, Bytes(k, type, "mask"));
    keys.emplace_back(std::move(key), std::move(mask));
  }
  return MakeFuzzyRowFilter(std::move(keys));
}

Result<FilterPtr> Build(const json& j, int depth) {
  if (depth > kMaxDepth) return Bad("", "nested deeper than 100 levels");
  if (!j.is_object()) return Bad("", "each filter should be an object with a \"type\"");
  CELLAR_ASSIGN_OR_RETURN(std::string type, Text(j, "", "type"));
  if (type == "RowFilter" || type == "FamilyFilter" || type == "QualifierFilter" ||
      type == "ValueFilter") {
    return BuildCompare(j, type);
  }
  if (type == "SingleColumnValueFilter" || type == "SingleColumnValueExcludeFilter" ||
      type == "DependentColumnFilter") {
    return BuildColumnValue(j, type);
  }
  if (type == "ColumnPrefixFilter" || type == "MultipleColumnPrefixFilter" ||
      type == "ColumnRangeFilter" || type == "ColumnCountGetFilter" ||
      type == "ColumnPaginationFilter") {
    return BuildColumnFilter(j, type);
  }
  if (type == "PrefixFilter" || type == "InclusiveStopFilter" || type == "PageFilter" ||
      type == "RandomRowFilter" || type == "TimestampsFilter" || type == "FuzzyRowFilter") {
    return BuildRowFilter(j, type);
  }
  if (type == "KeyOnlyFilter") return MakeKeyOnlyFilter();
  if (type == "FirstKeyOnlyFilter") return MakeFirstKeyOnlyFilter();
  if (type == "FilterList") {
    std::string op = j.value("op", "MUST_PASS_ALL");
    if (op != "MUST_PASS_ALL" && op != "MUST_PASS_ONE") {
      return Bad(type, "op should be MUST_PASS_ALL or MUST_PASS_ONE, not \"" + op + "\"");
    }
    CELLAR_ASSIGN_OR_RETURN(std::vector<FilterPtr> children, Children(j, type, depth));
    return MakeFilterList(
        op == "MUST_PASS_ALL" ? FilterListOperator::kMustPassAll : FilterListOperator::kMustPassOne,
        std::move(children));
  }
  if (type == "SkipFilter" || type == "WhileMatchFilter") {
    CELLAR_ASSIGN_OR_RETURN(std::vector<FilterPtr> children, Children(j, type, depth));
    if (children.size() != 1) return Bad(type, "\"filters\" should hold exactly one filter");
    return type == "SkipFilter" ? MakeSkipFilter(children[0]) : MakeWhileMatchFilter(children[0]);
  }
  return Bad(type, "unknown or unsupported filter type");
}

}  // namespace

Result<std::shared_ptr<Filter>> BuildScannerFilter(std::string_view text) {
  size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return Status::InvalidArgument("scanner filter is empty");
  if (text[start] != '{') return ParseFilterString(text.substr(start));
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {
    return Status::InvalidArgument(std::string("scanner filter is malformed JSON: ") + e.what());
  }
  try {
    return Build(j, 0);
  } catch (const json::exception& e) {
    // A field of the wrong JSON type that a lookup above did not check first.
    return Status::InvalidArgument(std::string("scanner filter has a field of the wrong type: ") +
                                   e.what());
  }
}

}  // namespace cellar::server::rest
