#pragma once

// Moving and linking immutable table files between a store and a dump directory, with their
// CRC-32C computed on the way (the hand-over of REPL DUMP --files). Pure functions over the
// file system; thread-safe for distinct paths.

#include <string>

#include "cellar/status.h"

namespace cellar::store {

enum class HandOver {
  kLink,  // leave "from" in place: a hard link, or a copy across file systems
  kMove,  // "from" goes away: a rename, or a copy and delete across file systems
};

// Puts the file "from" at "to" (whose directory must exist) and returns the CRC-32C of its
// bytes as 8 lowercase hex digits, read from the file itself (from the copy when copying, so
// one pass). Copies are synced. Unavailable naming the paths when the file system refuses.
Result<std::string> HandOverFile(const std::string& from, const std::string& to, HandOver how);

// The CRC-32C of the file at "path", as HandOverFile returns it. Unavailable if unreadable.
Result<std::string> FileCrc32c(const std::string& path);

}  // namespace cellar::store
