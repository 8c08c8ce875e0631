#pragma once

// The one place that turns rocksdb::Status into cellar::Status.

#include <rocksdb/status.h>

#include <string>

#include "cellar/status.h"

namespace cellar::store {

// "what" says what was being done ("opening the store in '/data'").
inline Status FromRocks(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return Status::Ok();
  if (s.IsCorruption()) return Status::DataLoss(what + ": " + s.ToString());
  if (s.IsNotFound()) return Status::NotFound(what + ": " + s.ToString());
  if (s.IsIOError() && s.ToString().find("lock") != std::string::npos) {
    return Status::Unavailable(what + ": " + s.ToString() +
                               " (is another cellar process using this directory?)");
  }
  return Status::Internal(what + ": " + s.ToString());
}

}  // namespace cellar::store
