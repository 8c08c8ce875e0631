#include "replicate/pg/copy_binary.h"

#include <algorithm>
#include <climits>
#include <cstring>

namespace cellar::pg {
namespace {

constexpr std::string_view kSignature("PGCOPY\n\377\r\n\0", 11);
constexpr size_t kHeaderSize = 11 + 4 + 4;  // signature, flags, extension length
// Flag bits 0-15 are critical (a reader must stop on one it does not know); bit 16 says every
// tuple carries an OID, which a COPY of a SELECT never asks for; bits 17-31 may be ignored.
constexpr uint32_t kCriticalFlags = 0x0000ffff;
constexpr uint32_t kOidsFlag = 0x00010000;

uint32_t ReadU32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return __builtin_bswap32(v);
}

int16_t ReadI16(const char* p) {
  uint16_t v;
  std::memcpy(&v, p, 2);
  return static_cast<int16_t>(__builtin_bswap16(v));
}

}  // namespace

Status BinaryCopyReader::Malformed(int64_t offset, const std::string& what) {
  state_ = State::kFailed;
  return Status::DataLoss("binary COPY stream, byte " + std::to_string(offset) + ": " + what);
}

Status BinaryCopyReader::Feed(std::string_view data, const TupleCallback& on_tuple) {
  if (state_ == State::kFailed) {
    return Status::FailedPrecondition("binary COPY stream: already failed, nothing more is read");
  }
  Status error;
  if (pending_.empty()) {
    // The common case: whole tuples in "data", handed out as views into it.
    const size_t used = Parse(data, offset_, on_tuple, &error);
    offset_ += static_cast<int64_t>(used);
    pending_.assign(data.substr(used));
  } else {
    pending_.append(data);
    const size_t used = Parse(pending_, offset_, on_tuple, &error);
    offset_ += static_cast<int64_t>(used);
    pending_.erase(0, used);
  }
  if (!error.ok()) state_ = State::kFailed;
  return error;
}

Status BinaryCopyReader::Finish() const {
  if (state_ == State::kDone) return Status::Ok();
  if (state_ == State::kFailed) {
    return Status::FailedPrecondition("binary COPY stream: already failed");
  }
  return Status::DataLoss("binary COPY stream ended at byte " +
                          std::to_string(offset_ + static_cast<int64_t>(pending_.size())) +
                          " after " + std::to_string(tuples_) +
                          " tuple(s) without its trailer (truncated)");
}

size_t BinaryCopyReader::Parse(std::string_view data, int64_t base, const TupleCallback& on_tuple,
                               Status* error) {
  size_t used = 0;
  while (error->ok()) {
    const std::string_view rest = data.substr(used);
    const int64_t at = base + static_cast<int64_t>(used);
    size_t n = 0;
    switch (state_) {
      case State::kHeader:
        n = ParseHeader(rest, at, error);
        break;
      case State::kTuples:
        n = ParseTuple(rest, at, on_tuple, error);
        break;
      case State::kDone:
        if (!rest.empty()) *error = Malformed(at, "data after the trailer");
        return used;
      case State::kFailed:
        return used;
    }
    if (n == 0) return used;
    used += n;
  }
  return used;
}

size_t BinaryCopyReader::ParseHeader(std::string_view data, int64_t base, Status* error) {
  const size_t known = std::min(data.size(), kSignature.size());
  if (data.substr(0, known) != kSignature.substr(0, known)) {
    *error = Malformed(base, "not a binary COPY signature (PGCOPY\\n\\377\\r\\n\\0)");
    return 0;
  }
  if (data.size() < kHeaderSize) return 0;
  const uint32_t flags = ReadU32(data.data() + 11);
  if ((flags & kCriticalFlags) != 0) {
    *error = Malformed(base + 11, "unknown critical header flags " + std::to_string(flags));
    return 0;
  }
  if ((flags & kOidsFlag) != 0) {
    *error = Malformed(base + 11, "the tuples carry OIDs, which this reader does not expect");
    return 0;
  }
  const uint32_t extension = ReadU32(data.data() + 15);
  if (extension > static_cast<uint32_t>(INT32_MAX)) {
    *error = Malformed(base + 15, "negative header extension length");
    return 0;
  }
  if (data.size() - kHeaderSize < extension) return 0;
  state_ = State::kTuples;
  return kHeaderSize + extension;  // the extension's contents are skipped, as the format allows
}

size_t BinaryCopyReader::ParseTuple(std::string_view data, int64_t base,
                                    const TupleCallback& on_tuple, Status* error) {
  if (data.size() < 2) return 0;
  const int16_t count = ReadI16(data.data());
  if (count == -1) {
    state_ = State::kDone;
    return 2;
  }
  if (count < 0 || static_cast<size_t>(count) != field_count_) {
    *error =
        Malformed(base, "tuple " + std::to_string(tuples_ + 1) + " has " + std::to_string(count) +
                            " fields; the COPY selects " + std::to_string(field_count_));
    return 0;
  }
  fields_.resize(field_count_);
  size_t pos = 2;
  for (size_t i = 0; i < field_count_; ++i) {
    if (data.size() - pos < 4) return 0;
    const auto length = static_cast<int32_t>(ReadU32(data.data() + pos));
    if (length < -1) {
      *error = Malformed(base + static_cast<int64_t>(pos),
                         "field " + std::to_string(i + 1) + " of tuple " +
                             std::to_string(tuples_ + 1) + " has length " + std::to_string(length));
      return 0;
    }
    pos += 4;
    if (length == -1) {
      fields_[i].reset();
      continue;
    }
    if (data.size() - pos < static_cast<size_t>(length)) return 0;
    fields_[i] = data.substr(pos, static_cast<size_t>(length));
    pos += static_cast<size_t>(length);
  }
  ++tuples_;
  *error = on_tuple(fields_);
  if (!error->ok()) state_ = State::kFailed;
  return pos;
}

}  // namespace cellar::pg
