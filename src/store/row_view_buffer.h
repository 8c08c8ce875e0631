#pragma once

// RowViewBuffer: the cells of one row as CellViews, and the bytes they point to. A RocksDB
// iterator's key and value bytes move on at its next step (pinning them for a whole scan would
// hold every block it read), so each qualifier (once per column) and value is copied here, into
// chunks that never move: a view stays valid from its Add until Clear. Clear keeps the chunks for
// the next row, so a scan allocates only while its rows grow. Row keys and family names are not
// copied; the caller keeps them alive as long as the views. Not thread-safe.

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "cellar/cell.h"
#include "store/byte_ops.h"

namespace cellar::store {

class RowViewBuffer {
 public:
  // Forgets the cells (their views become invalid); keeps the storage. Inline: once per row.
  void Clear() {
    cells_.clear();
    column_ = {};
    chunk_ = 0;
    next_ = chunks_.empty() ? nullptr : chunks_[0].bytes.get();
    room_ = chunks_.empty() ? 0 : chunks_[0].size;
  }
  // Copies "qualifier", the column of the cells added next, and returns the copy.
  std::string_view StartColumn(std::string_view qualifier) {
    column_ = Copy(qualifier);
    return column_;
  }
  // A DeleteFamily or DeleteFamilyVersion marker (raw reads): no qualifier, no value.
  void AddFamilyMarker(std::string_view row, std::string_view family, int64_t ts, CellType type) {
    cells_.push_back(CellView{row, family, {}, ts, type, {}});
  }
  // A cell or marker of the current column; copies "value".
  void Add(std::string_view row, std::string_view family, int64_t ts, CellType type,
           std::string_view value) {
    cells_.push_back(CellView{row, family, column_, ts, type, Copy(value)});
  }
  // StartColumn("qualifier") then Add("row", "family", "ts", "type", "value"), with one check of
  // the room for both copies (the newest-version read's common case). Returns the qualifier's copy.
  std::string_view StartColumnWithCell(std::string_view qualifier, std::string_view row,
                                       std::string_view family, int64_t ts, CellType type,
                                       std::string_view value) {
    const size_t bytes = qualifier.size() + value.size();
    if (bytes > room_) [[unlikely]] {
      NextChunk(bytes);
    }
    // The bookkeeping first: the byte copies may alias anything, so that after them every
    // member would be read again.
    char* at = next_;
    next_ += bytes;
    room_ -= bytes;
    const std::string_view copy(at, qualifier.size());
    column_ = copy;
    cells_.push_back(CellView{row, family, copy, ts, type, {at + qualifier.size(), value.size()}});
    CopyBytes(at, qualifier.data(), qualifier.size());
    CopyBytes(at + qualifier.size(), value.data(), value.size());
    return copy;
  }
  std::span<const CellView> cells() const { return cells_; }
  bool empty() const { return cells_.empty(); }

 private:
  static constexpr size_t kChunkBytes = 64 << 10;
  struct Chunk {
    std::unique_ptr<char[]> bytes;
    size_t size;
  };

  std::string_view Copy(std::string_view bytes) {
    if (bytes.size() > room_) [[unlikely]] {
      NextChunk(bytes.size());
    }
    char* at = next_;
    CopyBytes(at, bytes.data(), bytes.size());
    next_ += bytes.size();
    room_ -= bytes.size();
    return {at, bytes.size()};
  }
  // Moves to a chunk with room for "bytes" (a later one kept from earlier rows, or a new one).
  void NextChunk(size_t bytes);

  std::vector<Chunk> chunks_;
  size_t chunk_ = 0;      // the chunk being filled, when chunks_ is not empty
  char* next_ = nullptr;  // its first free byte
  size_t room_ = 0;       // its free bytes
  std::vector<CellView> cells_;
  std::string_view column_;
};

}  // namespace cellar::store
