#pragma once

// A test fixture with a fresh RocksDB (default options, default column family only) in a
// temporary directory, for tests of the pieces below the store that talk to RocksDB directly.
// Test-only.

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <memory>

#include "store/test_util.h"

namespace cellar::store {

class RawDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* db = nullptr;
    rocksdb::Status s = rocksdb::DB::Open(options, dir_.path(), &db);
    ASSERT_TRUE(s.ok()) << s.ToString();
    db_.reset(db);
  }

  cellar::testing::TempDir dir_;
  std::unique_ptr<rocksdb::DB> db_;
};

}  // namespace cellar::store
