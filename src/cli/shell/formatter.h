#pragma once

// Formatter: prints command results the way the HBase shell's console formatter does.
//
// With a width of 0 (output is not a terminal) nothing is padded or wrapped:
//   header("ROW", "COLUMN+CELL")  ->  "ROW  COLUMN+CELL"
//   row("r1", "column=f:q, ...")  ->  " r1 column=f:q, ..."
// With a terminal width W, the first column is W/4 wide, the second W - W/4 - 2, and longer
// text wraps inside its column, as HBase does. Single-column rows are never inset.
// Rows are counted for the "N row(s) in T seconds" footer; Header() resets the count.
// Not thread-safe.

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

namespace cellar::shell {

class Formatter {
 public:
  // "out" is borrowed and must outlive the Formatter. "width" 0 = no padding or wrapping.
  Formatter(std::ostream& out, int width) : out_(out), width_(width) {}

  void Header(std::string_view column1, std::string_view column2);
  void Header(std::string_view column);
  // A counted row of two columns, inset by one space.
  void Row(std::string_view column1, std::string_view column2);
  // A counted row of one column, not inset.
  void Row(std::string_view column);
  // An uncounted line of text, printed as is.
  void Line(std::string_view text);
  // "N row(s) in 0.1234 seconds".
  void Footer(int64_t rows, double seconds);

  int64_t row_count() const { return row_count_; }
  void set_row_count(int64_t n) { row_count_ = n; }
  void ResetRowCount() { row_count_ = 0; }
  std::ostream& stream() { return out_; }

 private:
  void PrintTwoColumns(std::string_view column1, std::string_view column2, bool inset);

  std::ostream& out_;
  int width_;
  int64_t row_count_ = 0;
};

// "in 0.1234 seconds" style: the footer line without the trailing newline.
std::string FooterText(int64_t rows, double seconds);

// HBase's PrettyPrinter for TTLs in seconds: "FOREVER", "59 SECONDS",
// "86400 SECONDS (1 DAY)", "90061 SECONDS (1 DAY 1 HOUR 1 MINUTE 1 SECOND)".
std::string HumanReadableTtl(int64_t seconds);

}  // namespace cellar::shell
