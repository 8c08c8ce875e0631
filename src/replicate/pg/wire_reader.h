#pragma once

// WireReader: bounds-checked reads of PostgreSQL's big-endian wire fields from one message.
// Errors are sticky: the first read past the end (or a malformed field) records a DataLoss
// status naming the message, the field and the offset, and every later read returns zero or
// empty, so a parser can read a whole message and check status() once, and never reads outside
// the buffer. Borrows the bytes, which must outlive it. Not thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

#include "cellar/status.h"

namespace cellar::pg {

class WireReader {
 public:
  // "message" names the message in errors, e.g. "pgoutput Insert".
  WireReader(std::string_view data, std::string message)
      : data_(data), message_(std::move(message)) {}

  uint8_t U8(std::string_view field) { return static_cast<uint8_t>(Fixed(1, field)); }
  uint16_t U16(std::string_view field) { return static_cast<uint16_t>(Fixed(2, field)); }
  uint32_t U32(std::string_view field) { return static_cast<uint32_t>(Fixed(4, field)); }
  int32_t I32(std::string_view field) { return static_cast<int32_t>(U32(field)); }
  uint64_t U64(std::string_view field) { return Fixed(8, field); }
  int64_t I64(std::string_view field) { return static_cast<int64_t>(U64(field)); }

  // A NUL-terminated string (PostgreSQL's String).
  std::string CString(std::string_view field) {
    if (!ok()) return {};
    size_t end = data_.find('\0', offset_);
    if (end == std::string_view::npos) {
      Fail(field, "has no terminating NUL");
      return {};
    }
    std::string value(data_.substr(offset_, end - offset_));
    offset_ = end + 1;
    return value;
  }

  // Exactly "n" bytes.
  std::string_view Bytes(size_t n, std::string_view field) {
    if (!ok()) return {};
    if (remaining() < n) {
      Fail(field,
           "needs " + std::to_string(n) + " bytes, " + std::to_string(remaining()) + " left");
      return {};
    }
    std::string_view value = data_.substr(offset_, n);
    offset_ += n;
    return value;
  }

  // Everything left.
  std::string_view Rest() { return Bytes(remaining(), "payload"); }

  // Fails unless "count" items of at least "min_item_size" bytes each can still follow; call
  // before reserving memory for a count read from the wire.
  bool CanHold(uint64_t count, size_t min_item_size, std::string_view field) {
    if (!ok()) return false;
    if (count * min_item_size > remaining()) {
      Fail(field, "says " + std::to_string(count) + " but only " + std::to_string(remaining()) +
                      " bytes are left");
      return false;
    }
    return true;
  }

  // Records a malformed-field error (the first one wins).
  void Fail(std::string_view field, std::string_view what) {
    if (!ok()) return;
    status_ = Status::DataLoss(message_ + " message: " + std::string(field) + " " +
                               std::string(what) + " (at byte offset " + std::to_string(offset_) +
                               " of " + std::to_string(data_.size()) + ")");
  }

  // The status after reading the whole message: trailing bytes are an error too.
  Status Finish() {
    if (ok() && remaining() != 0) {
      Fail("end", "has " + std::to_string(remaining()) + " unexpected trailing bytes");
    }
    return status_;
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  size_t offset() const { return offset_; }
  size_t remaining() const { return data_.size() - offset_; }

 private:
  uint64_t Fixed(size_t size, std::string_view field) {
    std::string_view bytes = Bytes(size, field);
    uint64_t value = 0;
    for (char c : bytes) value = value << 8 | static_cast<uint8_t>(c);
    return value;
  }

  std::string_view data_;
  std::string message_;
  size_t offset_ = 0;
  Status status_;
};

}  // namespace cellar::pg
