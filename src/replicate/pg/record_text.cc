#include "replicate/pg/record_text.h"

#include <cctype>

namespace cellar::pg {
namespace {

Status Malformed(std::string_view text, size_t at, std::string_view what) {
  std::string shown(text.substr(0, 60));
  if (text.size() > 60) shown += "...";
  return Status::InvalidArgument("malformed row literal '" + shown + "' at offset " +
                                 std::to_string(at) + ": " + std::string(what));
}

}  // namespace

// Follows record_in (src/backend/utils/adt/rowtypes.c): quotes may start and end anywhere in
// a field, a backslash takes the next character literally, and only a field with no characters
// and no quotes at all is NULL.
Status ParseRecordText(std::string_view text, std::vector<std::optional<std::string>>* out) {
  size_t n = 0;  // fields filled so far; out keeps its strings' storage
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  if (i == text.size() || text[i] != '(') return Malformed(text, i, "expected '('");
  ++i;
  for (;;) {
    if (n == out->size()) out->emplace_back();
    std::optional<std::string>& field = (*out)[n++];
    if (i < text.size() && (text[i] == ',' || text[i] == ')')) {
      field.reset();
    } else {
      if (!field) field.emplace();
      field->clear();
      bool quoted = false;
      while (quoted || (i < text.size() && text[i] != ',' && text[i] != ')')) {
        if (i == text.size()) return Malformed(text, i, "unexpected end inside quotes");
        char c = text[i++];
        if (c == '\\') {
          if (i == text.size()) return Malformed(text, i, "unexpected end after '\\'");
          field->push_back(text[i++]);
        } else if (c == '"') {
          if (!quoted) {
            quoted = true;
          } else if (i < text.size() && text[i] == '"') {
            field->push_back('"');
            ++i;
          } else {
            quoted = false;
          }
        } else {
          field->push_back(c);
        }
      }
    }
    if (i == text.size()) return Malformed(text, i, "expected ',' or ')'");
    if (text[i++] == ')') break;
  }
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  if (i != text.size()) return Malformed(text, i, "junk after ')'");
  out->resize(n);
  return Status::Ok();
}

}  // namespace cellar::pg
