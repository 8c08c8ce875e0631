#pragma once

// EmbeddedScanner: a ResultScanner over the embedded store. Reads every selected family through
// iterators created together (one consistent view of the table for the scan's whole life), walks
// rows forwards or backwards within the scan's bounds, and hands each row to a RowReader.
// Not thread-safe.

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "cellar/table.h"
#include "store/engine.h"
#include "store/row_reader.h"

namespace cellar::store {

class EmbeddedScanner final : public ResultScanner {
 public:
  // InvalidArgument for a filter that decides per row combined with batching, or bad bounds;
  // NotFound for an unknown family.
  static Result<std::unique_ptr<EmbeddedScanner>> Create(Engine& engine,
                                                         std::shared_ptr<const TableState> table,
                                                         const Scan& scan);

  Result<std::optional<RowResult>> Next() override;
  Result<bool> NextInto(RowResult* row) override;
  // Views into a RowViewBuffer the scanner keeps; a scan with a filter reads owned cells (filters
  // take Cells) and views those.
  Result<bool> NextView(RowView* row) override;

 private:
  EmbeddedScanner(std::shared_ptr<const TableState> table, const Scan& scan, int64_t now_ms);
  void Position();
  // Sets row_key_ to the row_key of the next row to read and at_row_ to the cursors on it, and
  // "plain" to whether its row holds no 0x00 byte (so that the row is the row_key without its
  // terminator); false at the end, and false with corrupt_key_ set at a key that holds no row_key.
  // With one family, starts from next_key_ when it is set, and sets first_key_ to the key its
  // cursor is on.
  bool FindNextRow(bool* plain);
  // Moves every cursor past the row "row_key" (or to end.seek_row when a filter asked), given
  // how reading it ended. REQUIRES: reversed, or "end" leaves a cursor in the row or asks a seek
  // (else the reader left every cursor past the row already).
  void Advance(const std::string& row_key, const RowEnd& end);
  // Reads rows until one keeps cells: "read_row(&end, &kept)" reads the row row_ at the cursors
  // in at_row_, says in "end" how the read ended and in "kept" whether it kept any cells.
  // Sets "found" to true at that row; false at the end.
  template <typename ReadRowFn>
  Status ReadNextRow(bool* found, ReadRowFn read_row);
  // The DataLoss of a scan that met "key", which holds no row_key. Sets done_.
  Status CorruptKey(std::string_view key);
  // NextInto and NextView of the scans family_scan_ does not cover.
  Result<bool> NextIntoGeneral(RowResult* out);
  Result<bool> NextViewGeneral(RowView* out);
  // NextView of a scan that reads owned cells (a filter, or a batched row NextInto began).
  Result<bool> NextOwnedView(RowView* out);
  // Views the next piece of the batched row in view_buffer_ from view_next_.
  void NextViewPiece(RowView* out);

  std::shared_ptr<const TableState> table_;  // keeps the column families alive
  Scan scan_;
  ReadSpec spec_;
  // Key bounds; the iterators point at the Slices, which point at the strings.
  std::string lower_;
  std::string upper_;
  rocksdb::Slice lower_slice_;
  rocksdb::Slice upper_slice_;
  bool has_lower_ = false, has_upper_ = false;
  std::vector<FamilyCursor> cursors_;
  RowReader reader_;                   // reads with spec_
  // One family read forwards without a filter or batches (most scans): each row is found and
  // read by one call of RowReader::ScanFamilyRow[Views], which keeps its place in family_row_;
  // the members from row_key_ to first_key_ below serve the other scans.
  bool family_scan_ = false;
  FamilyScanRow family_row_;
  std::string row_key_;                // the row being read, encoded
  // The row being read: the start of row_key_ when the row holds no 0x00 byte (then the escaped
  // row is the row), else decoded_row_. Valid until the next row is found.
  std::string_view row_;
  std::string decoded_row_;
  std::vector<FamilyCursor*> at_row_;  // the cursors positioned on it (with one family: always it)
  // With one family, the key its cursor stopped on after the last row read (RowEnd::next_key),
  // if the cursor has not moved since; else empty. Points into the iterator.
  std::string_view next_key_;
  // With one family, the key its cursor is on at the start of the row FindNextRow found (for the
  // reader, which then need not ask the iterator); else empty. Points into the iterator.
  std::string_view first_key_;
  std::deque<RowResult> pending_;      // partial results of a batched row read by NextInto
  // The cells of the row read by NextView (row_), and (batched) the first one not yet returned.
  RowViewBuffer view_buffer_;
  size_t view_next_ = 0;
  // The last row read for NextView through NextInto (filtered scans), and its views.
  RowResult owned_row_;
  std::vector<CellView> owned_views_;
  int64_t rows_returned_ = 0;
  int64_t row_limit_ = 0;  // the scan's limit, or INT64_MAX for none
  bool done_ = false;
  std::string corrupt_key_;  // a malformed key FindNextRow met (the scan then fails with DataLoss)

  friend class EmbeddedTable;
};

}  // namespace cellar::store
