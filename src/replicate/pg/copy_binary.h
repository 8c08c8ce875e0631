#pragma once

// BinaryCopyReader: a strict, streaming parser of PostgreSQL's binary COPY format (`COPY ... TO
// STDOUT (FORMAT binary)`), grammar in docs/pg-binary-copy.md:
//   stream  := header tuple* trailer
//   header  := "PGCOPY\n\377\r\n\0" flags:int32 extension_length:int32 extension
//   tuple   := field_count:int16 field{field_count}
//   field   := -1:int32                      -- NULL
//            | length:int32 byte{length}     -- length >= 0: the column's value
//   trailer := -1:int16
// Integers are big-endian. The server's CopyData messages need not align with tuples, so Feed
// takes the stream in any pieces; a tuple inside one piece is handed out as views into it (no
// copy), one split across pieces is reassembled first. Not thread-safe.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/status.h"

namespace cellar::pg {

// One field of a tuple: its bytes, or nullopt for NULL. Views into the piece given to Feed (or
// the reader's own buffer), valid during the callback only.
using CopyField = std::optional<std::string_view>;

class BinaryCopyReader {
 public:
  // Called with each tuple's fields, in order; an error stops the parse and Feed returns it.
  using TupleCallback = std::function<Status(std::span<const CopyField> fields)>;

  // "field_count": the columns the COPY selects; every tuple must have exactly that many.
  explicit BinaryCopyReader(size_t field_count) : field_count_(field_count) {}

  // Parses "data", the next bytes of the stream, calling "on_tuple" for every tuple it
  // completes. DataLoss, naming the stream offset, when the bytes break the grammar: a wrong
  // signature, a flag this reader does not know (critical bits 0-15, or OIDs, bit 16), a tuple
  // with another field count, a field length below -1, or anything after the trailer. After an
  // error the reader accepts nothing more (FailedPrecondition).
  Status Feed(std::string_view data, const TupleCallback& on_tuple);

  // DataLoss unless the stream ended with its trailer (a truncated stream).
  Status Finish() const;

  int64_t tuples() const { return tuples_; }

 private:
  enum class State { kHeader, kTuples, kDone, kFailed };

  // Parses what it can of "data" (where stream offset "base" starts); returns the bytes used.
  // Sets *error on a grammar error.
  size_t Parse(std::string_view data, int64_t base, const TupleCallback& on_tuple, Status* error);
  // The header at the start of "data": bytes used, 0 when incomplete.
  size_t ParseHeader(std::string_view data, int64_t base, Status* error);
  // One tuple (or the trailer) at the start of "data": bytes used, 0 when incomplete.
  size_t ParseTuple(std::string_view data, int64_t base, const TupleCallback& on_tuple,
                    Status* error);
  Status Malformed(int64_t offset, const std::string& what);

  const size_t field_count_;
  State state_ = State::kHeader;
  std::string pending_;  // an incomplete header or tuple carried to the next Feed
  int64_t offset_ = 0;   // stream offset of the first byte not yet consumed
  int64_t tuples_ = 0;
  std::vector<CopyField> fields_;  // reused by each tuple
};

}  // namespace cellar::pg
