#include "replicate/pg/copy_text.h"

namespace cellar::pg {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes the escape at field[i] (just after a backslash) into "out"; returns the next index.
size_t Unescape(std::string_view field, size_t i, std::string& out) {
  char c = field[i];
  switch (c) {
    case 'b':
      out.push_back('\b');
      return i + 1;
    case 'f':
      out.push_back('\f');
      return i + 1;
    case 'n':
      out.push_back('\n');
      return i + 1;
    case 'r':
      out.push_back('\r');
      return i + 1;
    case 't':
      out.push_back('\t');
      return i + 1;
    case 'v':
      out.push_back('\v');
      return i + 1;
    case 'x': {
      int v = 0, n = 0;
      while (n < 2 && i + 1 + n < field.size() && HexDigit(field[i + 1 + n]) >= 0) {
        v = v * 16 + HexDigit(field[i + 1 + n]);
        ++n;
      }
      if (n == 0) {
        out.push_back('x');
        return i + 1;
      }
      out.push_back(static_cast<char>(v));
      return i + 1 + n;
    }
    default:
      if (c >= '0' && c <= '7') {
        int v = 0, n = 0;
        while (n < 3 && i + n < field.size() && field[i + n] >= '0' && field[i + n] <= '7') {
          v = v * 8 + (field[i + n] - '0');
          ++n;
        }
        out.push_back(static_cast<char>(v));
        return i + n;
      }
      out.push_back(c);
      return i + 1;
  }
}

}  // namespace

Status ParseCopyTextRow(std::string_view line, std::vector<std::optional<std::string>>* out) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  size_t used = 0;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    std::string_view field = line.substr(start, tab == std::string_view::npos ? tab : tab - start);
    if (used == out->size()) out->emplace_back();
    std::optional<std::string>& value = (*out)[used++];
    if (field == "\\N") {
      value.reset();
    } else {
      if (!value) value.emplace();
      value->clear();
      for (size_t i = 0; i < field.size();) {
        if (field[i] != '\\') {
          size_t next = field.find('\\', i);
          if (next == std::string_view::npos) next = field.size();
          value->append(field.substr(i, next - i));
          i = next;
          continue;
        }
        if (i + 1 >= field.size()) {
          return Status::InvalidArgument("COPY row ends in a lone backslash: " +
                                         std::string(line.substr(0, 80)));
        }
        i = Unescape(field, i + 1, *value);
      }
    }
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  out->resize(used);
  return Status::Ok();
}

}  // namespace cellar::pg
