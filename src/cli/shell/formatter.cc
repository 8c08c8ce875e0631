#include "cli/shell/formatter.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <limits>
#include <vector>

namespace cellar::shell {

namespace {

// Cuts "text" into pieces of at most "width" characters (one piece when width is 0).
std::vector<std::string_view> Split(std::string_view text, int width) {
  if (width <= 0 || text.empty()) return {text};
  std::vector<std::string_view> pieces;
  for (size_t i = 0; i < text.size(); i += width) pieces.push_back(text.substr(i, width));
  return pieces;
}

void PrintPadded(std::ostream& out, std::string_view text, int width) {
  out << text;
  for (int i = static_cast<int>(text.size()); i < width; ++i) out << ' ';
}

}  // namespace

void Formatter::PrintTwoColumns(std::string_view column1, std::string_view column2, bool inset) {
  int width1 = 0, width2 = 0;
  if (width_ > 0) {
    width1 = width_ / 4;
    width2 = width_ - width1 - 2;
  }
  auto pieces1 = Split(column1, width1);
  auto pieces2 = Split(column2, width2);
  size_t lines = std::max(pieces1.size(), pieces2.size());
  for (size_t i = 0; i < lines; ++i) {
    if (inset) out_ << ' ';
    PrintPadded(out_, i < pieces1.size() ? pieces1[i] : "", width1);
    out_ << (inset ? " " : "  ");
    // The last column is not padded: trailing blanks help nobody.
    out_ << (i < pieces2.size() ? pieces2[i] : "") << '\n';
  }
}

void Formatter::Header(std::string_view column1, std::string_view column2) {
  PrintTwoColumns(column1, column2, /*inset=*/false);
  row_count_ = 0;
}

void Formatter::Header(std::string_view column) {
  Line(column);
  row_count_ = 0;
}

void Formatter::Row(std::string_view column1, std::string_view column2) {
  PrintTwoColumns(column1, column2, /*inset=*/true);
  ++row_count_;
}

void Formatter::Row(std::string_view column) {
  for (std::string_view piece : Split(column, width_)) out_ << piece << '\n';
  ++row_count_;
}

void Formatter::Line(std::string_view text) { out_ << text << '\n'; }

void Formatter::Footer(int64_t rows, double seconds) { out_ << FooterText(rows, seconds) << '\n'; }

std::string FooterText(int64_t rows, double seconds) {
  char buf[96];
  std::snprintf(buf, sizeof(buf), "%" PRId64 " row(s) in %.4f seconds", rows, seconds);
  return buf;
}

std::string HumanReadableTtl(int64_t seconds) {
  if (seconds == std::numeric_limits<int32_t>::max()) return "FOREVER";
  auto unit = [](int64_t n, const char* name) {
    return std::to_string(n) + " " + name + (n == 1 ? "" : "S");
  };
  if (seconds < 60) return unit(seconds, "SECOND");
  const int64_t days = seconds / 86400, hours = seconds % 86400 / 3600;
  const int64_t minutes = seconds % 3600 / 60, secs = seconds % 60;
  std::string parts;
  auto add = [&](int64_t n, const char* name) {
    if (n == 0) return;
    if (!parts.empty()) parts += ' ';
    parts += unit(n, name);
  };
  add(days, "DAY");
  add(hours, "HOUR");
  add(minutes, "MINUTE");
  add(secs, "SECOND");
  return std::to_string(seconds) + " SECONDS (" + parts + ")";
}

}  // namespace cellar::shell
