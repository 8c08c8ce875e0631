#pragma once

// Test helpers: a store in a fresh temporary directory with a manual clock, and short-hands for
// building reads and writes. Test-only.

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "cellar/store.h"

namespace cellar::testing {

// A temporary directory removed when the object dies.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("cellar-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

#define ASSERT_OK(expr)                                     \
  do {                                                      \
    ::cellar::Status s_ = (expr);                           \
    ASSERT_TRUE(s_.ok()) << #expr << ": " << s_.ToString(); \
  } while (0)
#define EXPECT_OK(expr)                                     \
  do {                                                      \
    ::cellar::Status s_ = (expr);                           \
    EXPECT_TRUE(s_.ok()) << #expr << ": " << s_.ToString(); \
  } while (0)

inline ColumnFamilyDescriptor Family(std::string name, int32_t versions = 1) {
  ColumnFamilyDescriptor f;
  f.name = std::move(name);
  f.max_versions = versions;
  return f;
}

// A fixture with an open store, a manual clock at a fixed time, and table "t" with family "f".
class StoreFixture : public ::testing::Test {
 protected:
  static constexpr int64_t kNow = 1'700'000'000'000;

  void SetUp() override { Reopen(); }

  void Reopen() {
    table_.reset();
    store_.reset();
    StoreOptions o;
    o.clock = &clock_;
    o.block_cache_bytes = 8u << 20;
    o.write_buffer_bytes = 4u << 20;
    auto s = Store::Open(dir_.path(), o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
  }

  // Creates "name" with the given families and opens it as table_.
  void CreateTable(const std::string& name, std::vector<ColumnFamilyDescriptor> families) {
    auto tn = TableName::Parse(name);
    ASSERT_TRUE(tn.ok());
    ASSERT_OK(store_->admin().CreateTable(TableDescriptor{*tn, std::move(families)}));
    auto t = store_->OpenTable(*tn);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    table_ = std::move(t).value();
  }

  // The cells of a Get as "family:qualifier@ts=value" strings.
  std::vector<std::string> Cells(const RowResult& r) {
    std::vector<std::string> out;
    for (const auto& c : r.cells()) {
      out.push_back(c.family + ":" + c.qualifier + "@" + std::to_string(c.timestamp) + "=" +
                    c.value);
    }
    return out;
  }

  std::vector<std::string> GetCells(const Get& g) {
    auto r = table_->Get(g);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? Cells(*r) : std::vector<std::string>{"<error>"};
  }

  // Every row of a scan as "row" then its cells.
  std::vector<std::string> ScanRows(const Scan& scan) {
    std::vector<std::string> out;
    auto sc = table_->GetScanner(scan);
    EXPECT_TRUE(sc.ok()) << sc.status().ToString();
    if (!sc.ok()) return {"<error>"};
    for (;;) {
      auto r = (*sc)->Next();
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      if (!r.ok() || !r->has_value()) break;
      std::string line = (*r)->row() + ":";
      for (const auto& c : (*r)->cells()) line += " " + c.qualifier + "=" + c.value;
      out.push_back(line);
    }
    return out;
  }

  ManualClock clock_{kNow};
  TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Table> table_;
};

}  // namespace cellar::testing
