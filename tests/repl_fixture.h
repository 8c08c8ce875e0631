#pragma once

// The fixture of the REPL tests (repl_test.cc, repl_files_test.cc): a source store with table
// sales:orders (one family at REPLICATION_SCOPE 1), a destination store, and dumps between them.

#include <optional>
#include <string>
#include <vector>

#include "replicate/repl/repl.h"
#include "store/test_util.h"

namespace cellar {

using testing::Family;
using testing::TempDir;

inline ColumnFamilyDescriptor Logged(std::string name, int versions = 3) {
  auto f = Family(std::move(name), versions);
  f.replication_scope = 1;
  return f;
}

// Every visible version of every cell of every table of "ns" as of "range", as text.
inline std::vector<std::string> Contents(Store& store, const std::string& ns,
                                         TimeRange range = TimeRange::All()) {
  std::vector<std::string> out;
  auto tables = store.admin().ListTables(".*");
  for (const auto& t : *tables) {
    if (t.ns != ns) continue;
    auto table = store.OpenTable(t);
    auto sc = (*table)->GetScanner(Scan().SetMaxVersions(100).SetTimeRange(range));
    for (;;) {
      auto r = (*sc)->Next();
      if (!r.ok() || !r->has_value()) break;
      for (const Cell& c : (*r)->cells()) {
        out.push_back(t.qualifier + "/" + c.row + "/" + c.family + ":" + c.qualifier + "@" +
                      std::to_string(c.timestamp) + " " + std::string(CellTypeName(c.type)) + "=" +
                      c.value);
      }
    }
  }
  return out;
}

class ReplTest : public ::testing::Test {
 protected:
  void SetUp() override {
    src_ = std::move(Store::Open(src_dir_.path())).value();
    dst_ = std::move(Store::Open(dst_dir_.path())).value();
    ASSERT_TRUE(src_->admin().CreateNamespace("sales").ok());
    ASSERT_TRUE(
        src_->admin().CreateTable(TableDescriptor{{"sales", "orders"}, {Logged("f")}}).ok());
    orders_ = std::move(src_->OpenTable({"sales", "orders"})).value();
  }

  std::string NewDir() { return dumps_.path() + "/d" + std::to_string(++dumps_made_); }

  // A dump of namespace "sales": a bootstrap (records, or table files with "files") when "from"
  // is unset, else the incremental after it.
  repl::DumpResult Dump(std::optional<uint64_t> from, size_t batch = 0, bool files = false) {
    repl::DumpOptions o;
    o.from = from;
    o.batch = batch;
    o.files = files;
    o.dir = NewDir();
    auto r = repl::Dump(*src_, *repl::ReplTarget::Parse("sales"), o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : repl::DumpResult{};
  }

  Status Load(const std::string& dir, std::string rename = "") {
    repl::LoadOptions o;
    if (!rename.empty()) o.rename = *repl::ReplTarget::Parse(rename);
    return repl::Load(*dst_, dir, o).status();
  }

  TempDir src_dir_, dst_dir_, dumps_;
  int dumps_made_ = 0;
  std::unique_ptr<Store> src_, dst_;
  std::unique_ptr<Table> orders_;
};

}  // namespace cellar
