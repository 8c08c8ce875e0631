#include "store/row_view_buffer.h"

#include <algorithm>

namespace cellar::store {

void RowViewBuffer::NextChunk(size_t bytes) {
  // The current chunk, if any, keeps the bytes already viewed; skip it and any kept chunk too
  // small for "bytes" (their room is lost for this row only).
  if (!chunks_.empty()) ++chunk_;
  while (chunk_ < chunks_.size() && chunks_[chunk_].size < bytes) ++chunk_;
  if (chunk_ == chunks_.size()) {
    size_t size = std::max(kChunkBytes, bytes);
    chunks_.push_back(Chunk{std::make_unique<char[]>(size), size});
  }
  next_ = chunks_[chunk_].bytes.get();
  room_ = chunks_[chunk_].size;
}

}  // namespace cellar::store
