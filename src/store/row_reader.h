#pragma once

// RowReader: turns the stored entries of one row (in each selected family's RocksDB column family)
// into the cells a read returns: column selection, delete markers and versions (VersionResolver),
// time range, the filter's per-cell decisions and seeks, and max versions. Shared by Get and Scan.
// Not thread-safe; one per read.

#include <rocksdb/db.h>

#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "cellar/filter.h"
#include "cellar/query.h"
#include "store/engine.h"
#include "store/row_view_buffer.h"

namespace cellar::store {

// What a read asks for, independent of Get or Scan.
struct ReadSpec {
  const ColumnSelection* columns = nullptr;  // borrowed from the Get or Scan
  TimeRange time_range;
  int32_t max_versions = 1;
  bool raw = false;
  Filter* filter = nullptr;  // borrowed; nullable
  int64_t now_ms = 0;
};

// An iterator over one family's column family, and the family it reads.
struct FamilyCursor {
  const FamilyHandle* family;  // borrowed from a TableState the reader keeps alive
  std::unique_ptr<rocksdb::Iterator> it;
};

// How reading a row ended.
struct RowEnd {
  // The filter asked to continue at this row (a seek hint past the current row).
  std::optional<std::string> seek_row;
  // Whether a cursor may still be inside the row: the read stopped before the row's end (column
  // selection done, a filter's decision). When false, every cursor is past the row.
  bool cursors_in_row = false;
  // The key of a later row that the last cursor read stopped on, when it walked past the row's
  // end (the bytes are the iterator's: valid until it moves); empty otherwise (it ended, or the
  // read stopped elsewhere). A scan with one family starts its next row there without asking
  // the iterator again.
  std::string_view next_key;
};

// Where a forward scan of one family stands (RowReader::ScanFamilyRow): the row read last and
// the key the family's cursor is on.
struct FamilyScanRow {
  std::string row_key;   // the row read last, encoded
  // Its row: the start of row_key when the row holds no 0x00 byte (then the escaped row is the
  // row), else decoded_row.
  std::string_view row;
  std::string decoded_row;
  // The key the cursor is on, when it was read since the cursor last moved (the iterator's
  // bytes); else empty.
  std::string_view next_key;
  // A key met that holds no row_key (the store's files are damaged); empty otherwise.
  std::string corrupt_key;
};

class RowReader {
 public:
  explicit RowReader(const ReadSpec& spec) : spec_(spec) {}

  // Reads "row" (whose encoded row_key is "row_key") from each cursor positioned at the row's
  // first entry or past the row, replacing the contents of "out" with the visible cells in family,
  // qualifier, newest-first order; the cells already in "out" are reused as storage. Cursors are
  // left inside the row (RowEnd::cursors_in_row) or after it; "end" says how the read ended.
  // "first_key", when not empty, is the key of the entry of the row the first cursor is on (the
  // iterator's bytes, read by the caller since the cursor last moved): the read starts there
  // without asking the iterator again. DataLoss for a corrupt key.
  Status ReadRow(const std::string& row, const std::string& row_key,
                 std::span<FamilyCursor* const> cursors, std::vector<Cell>* out, RowEnd* end,
                 std::string_view first_key = {});
  // As ReadRow, into views: "out" is cleared, then holds the cells as views of its own bytes and
  // of "row" (which must outlive them) and the families' names.
  // REQUIRES: the spec has no filter (filters take owned Cells).
  Status ReadRowViews(std::string_view row, const std::string& row_key,
                      std::span<FamilyCursor* const> cursors, RowViewBuffer* out, RowEnd* end,
                      std::string_view first_key = {});
  // The next row of a forward scan of one family without a filter (the common scan), found and
  // read in one call: from the key "at" holds (or, when it holds none, the key cursor "c" is on)
  // rows are read until one keeps cells; then "found" is true, "at" holds that row and "out" its
  // cells, as ReadRow and ReadRowViews give them ("out"'s cells are valid until "at" changes).
  // False at the end; false with at->corrupt_key set at a key that holds no row_key. "at" also
  // holds the key the cursor stopped on, for the next call. DataLoss for a corrupt entry,
  // Internal for a failed iterator. REQUIRES: the spec has no filter; "at" is only changed by
  // these calls, and the cursor is only moved by them.
  Status ScanFamilyRow(FamilyCursor& c, FamilyScanRow* at, RowResult* out, bool* found);
  Status ScanFamilyRowViews(FamilyCursor& c, FamilyScanRow* at, RowViewBuffer* out, bool* found);

 private:
  enum class Next { kContinue, kEndFamily, kEndRow };

  // How the spec reads one family: worked out at the family's first row and kept for the next
  // rows, since neither the spec nor the family changes during a read.
  struct FamilyPlan {
    const FamilyHandle* family = nullptr;  // the family planned for; null before the first
    // The qualifiers the spec selects in the family, or null for all of them.
    const std::set<std::string>* wanted = nullptr;
    // Whether ReadNewestVersions gives the family's cells (see there).
    bool newest_only = false;
    // For ReadNewestVersions: VersionResolver::OldestVisibleNewest of the family at the read's now.
    int64_t oldest_visible = 0;
  };
  // The plan of family "f", from plan_ when it is for "f", else worked out into plan_.
  const FamilyPlan& PlanFor(const FamilyHandle& f);

  // Fills a vector of cells from its start, assigning into the cells already there (so their
  // strings keep their buffers) before growing it; Finish drops what was not refilled. Has the
  // writing methods of RowViewBuffer, so that one reading loop serves both.
  class CellWriter {
   public:
    explicit CellWriter(std::vector<Cell>* cells) : cells_(cells), size_(cells->size()) {}
    // Keeps a copy of "qualifier", the column of the cells added next, and returns it (valid until
    // the writer's next call). REQUIRES: "qualifier" does not point into the previous copy.
    std::string_view StartColumn(std::string_view qualifier);
    void AddFamilyMarker(std::string_view row, std::string_view family, int64_t ts, CellType type) {
      Fill(row, family, {}, ts, type, {});
    }
    Cell& Add(std::string_view row, std::string_view family, int64_t ts, CellType type,
              std::string_view value) {
      return Fill(row, family, column_, ts, type, value);
    }
    // A cell of a new column, copied once: returns the cell's qualifier (valid until the writer's
    // next call). Only the newest-version read calls it, which never Adds to that column after.
    std::string_view StartColumnWithCell(std::string_view qualifier, std::string_view row,
                                         std::string_view family, int64_t ts, CellType type,
                                         std::string_view value) {
      return Fill(row, family, qualifier, ts, type, value).qualifier;
    }
    void DropLast() { --used_; }
    // Forgets the cells written (their storage is kept for the next).
    void Clear() { used_ = 0; }
    bool empty() const { return used_ == 0; }
    void Finish() {
      if (used_ != size_) cells_->resize(used_);
    }

   private:
    Cell& Fill(std::string_view row, std::string_view family, std::string_view qualifier,
               int64_t ts, CellType type, std::string_view value);

    std::vector<Cell>* cells_;
    size_t size_;  // cells_->size(), kept here: the vector's size is a division per call
    size_t used_ = 0;
    std::string column_;
  };

  template <typename Writer>
  Status ScanFamilyRowWith(FamilyCursor& c, FamilyScanRow* at, Writer& out, bool* found);
  template <typename Writer>
  Status ReadRowWith(std::string_view row, const std::string& row_key,
                     std::span<FamilyCursor* const> cursors, Writer& out, RowEnd* end,
                     std::string_view first_key);
  // Reads the family's entries of the row from cursor "c" (on "key" when that is not empty):
  // ReadNewestVersions where it gives the same cells, else ReadAllVersions.
  template <typename Writer>
  Result<Next> ReadFamily(std::string_view row, const std::string& row_key, FamilyCursor& c,
                          std::string_view key, Writer& out, RowEnd* end);
  // The general read: every rule of the spec and the family, from the cursor's entry on, as at the
  // start of the row's entries in this family.
  template <typename Writer>
  Result<Next> ReadAllVersions(std::string_view row, const std::string& row_key, FamilyCursor& c,
                               const std::set<std::string>* wanted, Writer& out, RowEnd* end);
  // The common case in one tight loop: the newest put of each column, older entries of the
  // column skipped unread. REQUIRES: the spec asks for one version of every column of the family
  // at any time, without raw, filter or column selection, and the family keeps at least one.
  // A column whose newest entry is a delete marker, or a family marker (they come first), hands
  // the rest of the row to ReadAllVersions, which then starts as at the row's start: family
  // markers are only met there, and columns do not affect each other.
  template <typename Writer>
  Result<Next> ReadNewestVersions(std::string_view row, const std::string& row_key,
                                  FamilyCursor& c, int64_t oldest_visible, std::string_view key,
                                  Writer& out, RowEnd* end);
  // Applies the filter to "cell"; returns whether to include it and what to do next.
  Next ApplyFilter(std::string_view row, FamilyCursor& c, Cell& cell, bool* include,
                   bool* column_done, RowEnd* end);

  const ReadSpec& spec_;
  FamilyPlan plan_;
  // The family a filter's seek hint asked to jump to, within the current row.
  std::string skip_to_family_;
  // The qualifier being looked up among a read's selected columns.
  std::string selected_;
  // A qualifier unescaped from its key (one holding 0x00 bytes).
  std::string scratch_;
  // The key after a row whose read stopped inside it, for ScanFamilyRow's seek past the row.
  std::string row_end_;
};

}  // namespace cellar::store
