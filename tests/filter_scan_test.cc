// Filters through real scans of the embedded store: the examples of "HBase: The Definitive Guide"
// (chapter 4, as kept in shared/seeds/hbase-definitive-guide-notes.txt) and the filters that seek
// with hints, end to end.

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "cellar/filters.h"
#include "cellar/store.h"

namespace cellar {
namespace {

using Op = CompareOperator;

std::string Pad(int n, int width) {
  std::string s = std::to_string(n);
  return std::string(width - std::min<int>(width, s.size()), '0') + s;
}

class FilterScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           ("cellar-filter-scan-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    StoreOptions options;
    options.block_cache_bytes = 8u << 20;
    options.write_buffer_bytes = 4u << 20;
    auto store = Store::Open(dir_.string(), options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }
  void TearDown() override {
    table_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  void CreateTable(std::vector<std::string> families) {
    TableDescriptor desc{*TableName::Parse("testtable"), {}};
    for (auto& name : families) {
      ColumnFamilyDescriptor f;
      f.name = name;
      f.max_versions = 3;
      desc.families.push_back(f);
    }
    ASSERT_TRUE(store_->admin().CreateTable(desc).ok());
    auto table = store_->OpenTable(desc.name);
    ASSERT_TRUE(table.ok()) << table.status().ToString();
    table_ = std::move(table).value();
  }

  // The book's HBaseHelper.fillTable: rows row-<NN>, columns col-<NN>, values val-<row>.<col>.
  void FillTable(int rows, int columns, const std::vector<std::string>& families,
                 int row_width = 2) {
    for (int r = 1; r <= rows; ++r) {
      Put put("row-" + Pad(r, row_width), 0);
      for (const auto& family : families) {
        for (int c = 0; c < columns; ++c) {
          put.AddColumn(family, "col-" + Pad(c, 2), "val-" + Pad(r, row_width) + "." + Pad(c, 2));
        }
      }
      ASSERT_TRUE(table_->Put(put).ok());
    }
  }

  std::vector<RowResult> ScanAll(const Scan& scan) {
    std::vector<RowResult> rows;
    auto scanner = table_->GetScanner(scan);
    EXPECT_TRUE(scanner.ok()) << scanner.status().ToString();
    if (!scanner.ok()) return rows;
    for (;;) {
      auto next = (*scanner)->Next();
      EXPECT_TRUE(next.ok()) << next.status().ToString();
      if (!next.ok() || !next->has_value()) break;
      rows.push_back(std::move(**next));
    }
    return rows;
  }

  std::vector<RowResult> ScanWith(std::shared_ptr<Filter> filter) {
    Scan scan;
    scan.SetFilter(std::move(filter));
    return ScanAll(scan);
  }

  std::vector<RowResult> ScanWith(std::string_view filter_string) {
    auto filter = ParseFilterString(filter_string);
    EXPECT_TRUE(filter.ok()) << filter.status().ToString();
    return filter.ok() ? ScanWith(*filter) : std::vector<RowResult>{};
  }

  static std::vector<std::string> RowKeys(const std::vector<RowResult>& rows) {
    std::vector<std::string> keys;
    for (const auto& r : rows) keys.push_back(r.row());
    return keys;
  }

  // "row/family:qualifier=value" for every cell.
  static std::vector<std::string> CellKeys(const std::vector<RowResult>& rows) {
    std::vector<std::string> keys;
    for (const auto& r : rows) {
      for (const auto& c : r.cells()) {
        keys.push_back(c.row + "/" + c.family + ":" + c.qualifier + "=" + c.value);
      }
    }
    return keys;
  }

  static size_t CellCount(const std::vector<RowResult>& rows) {
    size_t n = 0;
    for (const auto& r : rows) n += r.size();
    return n;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Table> table_;
};

// Book: WhileMatchFilter. Scan #1 prints 9 KeyValues (all but row-05), scan #2 prints 4.
TEST_F(FilterScanTest, BookWhileMatchFilterExample) {
  CreateTable({"colfam1"});
  FillTable(10, 1, {"colfam1"});
  auto scan1 = ScanWith(MakeRowFilter(Op::kNotEqual, MakeBinaryComparator("row-05")));
  EXPECT_EQ(CellCount(scan1), 9u);
  EXPECT_EQ(CellKeys(scan1).front(), "row-01/colfam1:col-00=val-01.00");
  EXPECT_EQ(CellKeys(scan1).back(), "row-10/colfam1:col-00=val-10.00");
  auto scan2 =
      ScanWith(MakeWhileMatchFilter(MakeRowFilter(Op::kNotEqual, MakeBinaryComparator("row-05"))));
  EXPECT_EQ(CellKeys(scan2),
            (std::vector<std::string>{
                "row-01/colfam1:col-00=val-01.00", "row-02/colfam1:col-00=val-02.00",
                "row-03/colfam1:col-00=val-03.00", "row-04/colfam1:col-00=val-04.00"}));
}

// Book: PageFilter. The client remembers the last row and starts the next page just after it
// (row + 0x00). Filters keep state, so each page gets a fresh PageFilter (HBase serialises the
// filter to the server for every scan, which has the same effect).
TEST_F(FilterScanTest, BookPageFilterPaginatesByRememberingTheLastRow) {
  CreateTable({"colfam1"});
  FillTable(50, 1, {"colfam1"}, 3);
  std::vector<size_t> page_sizes;
  std::vector<std::string> all_rows;
  std::string last_row;
  for (int page = 0; page < 10; ++page) {
    Scan scan;
    scan.SetFilter(*MakePageFilter(15));
    if (!last_row.empty()) scan.SetStartRow(last_row + std::string(1, '\0'));
    auto rows = ScanAll(scan);
    page_sizes.push_back(rows.size());
    if (rows.empty()) break;
    for (const auto& r : rows) all_rows.push_back(r.row());
    last_row = rows.back().row();
  }
  EXPECT_EQ(page_sizes, (std::vector<size_t>{15, 15, 15, 5, 0}));
  EXPECT_EQ(all_rows.size(), 50u);
  EXPECT_EQ(all_rows.front(), "row-001");
  EXPECT_EQ(all_rows.back(), "row-050");
}

// Book: RowFilter with a binary, a regex and a substring comparator, on colfam1:col-00 only.
TEST_F(FilterScanTest, BookRowFilterExamples) {
  CreateTable({"colfam1"});
  FillTable(30, 2, {"colfam1"});
  auto scan_with = [&](std::shared_ptr<Filter> f) {
    Scan scan;
    scan.AddColumn("colfam1", "col-00");
    scan.SetFilter(std::move(f));
    return ScanAll(scan);
  };
  EXPECT_EQ(scan_with(MakeRowFilter(Op::kLessOrEqual, MakeBinaryComparator("row-22"))).size(), 22u);
  EXPECT_EQ(RowKeys(scan_with(MakeRowFilter(Op::kEqual, *MakeRegexStringComparator(".*-.5")))),
            (std::vector<std::string>{"row-05", "row-15", "row-25"}));
  auto sub = scan_with(MakeRowFilter(Op::kEqual, MakeSubstringComparator("-05")));
  ASSERT_EQ(RowKeys(sub), (std::vector<std::string>{"row-05"}));
  EXPECT_EQ(sub[0].size(), 1u);  // only the selected column
}

// Book: FamilyFilter and QualifierFilter.
TEST_F(FilterScanTest, BookFamilyAndQualifierFilterExamples) {
  CreateTable({"colfam1", "colfam2", "colfam3", "colfam4"});
  FillTable(3, 4, {"colfam1", "colfam2", "colfam3", "colfam4"});
  auto fam = ScanWith(MakeFamilyFilter(Op::kLess, MakeBinaryComparator("colfam3")));
  ASSERT_EQ(fam.size(), 3u);
  EXPECT_EQ(fam[0].size(), 8u);  // colfam1 and colfam2, 4 columns each
  auto only3 = ScanWith("FamilyFilter (=, 'binary:colfam3')");
  ASSERT_EQ(only3.size(), 3u);
  EXPECT_EQ(only3[0].cells().front().family, "colfam3");
  EXPECT_EQ(only3[0].size(), 4u);
  auto qual = ScanWith(MakeQualifierFilter(Op::kLessOrEqual, MakeBinaryComparator("col-02")));
  EXPECT_EQ(qual[0].size(), 12u);  // col-00..col-02 in 4 families
}

// Book: ValueFilter with SubstringComparator(".4") keeps only values with ".4" in them... note
// that the substring is literal, not a regex.
TEST_F(FilterScanTest, BookValueFilterExample) {
  CreateTable({"colfam1"});
  FillTable(5, 6, {"colfam1"});
  auto rows = ScanWith(MakeValueFilter(Op::kEqual, MakeSubstringComparator(".04")));
  ASSERT_EQ(rows.size(), 5u);
  for (const auto& r : rows) {
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r.cells()[0].qualifier, "col-04");
  }
}

// Book: SingleColumnValueFilter on colfam1:col-05, NOT_EQUAL substring "val-05", filter if
// missing: every row but row-05, whole.
TEST_F(FilterScanTest, BookSingleColumnValueFilterExample) {
  CreateTable({"colfam1", "colfam2"});
  FillTable(10, 10, {"colfam1", "colfam2"});
  SingleColumnValueOptions options;
  options.filter_if_missing = true;
  auto rows = ScanWith(MakeSingleColumnValueFilter("colfam1", "col-05", Op::kNotEqual,
                                                   MakeSubstringComparator("val-05"), options));
  EXPECT_EQ(rows.size(), 9u);
  for (const auto& r : rows) {
    EXPECT_NE(r.row(), "row-05");
    EXPECT_EQ(r.size(), 20u);
  }
  auto excluded = ScanWith(
      "SingleColumnValueExcludeFilter ('colfam1', 'col-05', !=, 'substring:val-05', true, true)");
  ASSERT_EQ(excluded.size(), 9u);
  EXPECT_EQ(excluded[0].size(), 19u);
}

// Book: PrefixFilter("row-1"), InclusiveStopFilter("row-5") from row-3.
TEST_F(FilterScanTest, BookPrefixAndInclusiveStopExamples) {
  CreateTable({"colfam1"});
  for (int r = 1; r <= 20; ++r) {
    ASSERT_TRUE(
        table_->Put(Put("row-" + std::to_string(r), 0).AddColumn("colfam1", "q", "v")).ok());
  }
  EXPECT_EQ(RowKeys(ScanWith("PrefixFilter ('row-1')")).size(), 11u);  // row-1, row-10..row-19
  Scan scan;
  scan.SetStartRow("row-3");
  scan.SetFilter(MakeInclusiveStopFilter("row-5"));
  EXPECT_EQ(RowKeys(ScanAll(scan)), (std::vector<std::string>{"row-3", "row-4", "row-5"}));
}

// Book: FilterList of RowFilter >= row-03, RowFilter <= row-06, QualifierFilter regex col-0[03].
TEST_F(FilterScanTest, BookFilterListExample) {
  CreateTable({"colfam1"});
  FillTable(8, 5, {"colfam1"});
  auto filters = [] {
    return std::vector<std::shared_ptr<Filter>>{
        MakeRowFilter(Op::kGreaterOrEqual, MakeBinaryComparator("row-03")),
        MakeRowFilter(Op::kLessOrEqual, MakeBinaryComparator("row-06")),
        MakeQualifierFilter(Op::kEqual, *MakeRegexStringComparator("col-0[03]"))};
  };
  auto all = ScanWith(MakeFilterList(FilterListOperator::kMustPassAll, filters()));
  EXPECT_EQ(RowKeys(all), (std::vector<std::string>{"row-03", "row-04", "row-05", "row-06"}));
  EXPECT_EQ(CellCount(all), 8u);
  auto one = ScanWith(MakeFilterList(FilterListOperator::kMustPassOne, filters()));
  EXPECT_EQ(CellCount(one), 40u);
}

// Book: SkipFilter around ValueFilter(!=, 'val-0'): rows holding a value "val-0" vanish whole.
TEST_F(FilterScanTest, BookSkipFilterExample) {
  CreateTable({"colfam1"});
  for (int r = 1; r <= 4; ++r) {
    Put put("row-" + std::to_string(r), 0);
    put.AddColumn("colfam1", "a", "val-" + std::to_string(r));
    put.AddColumn("colfam1", "b", r % 2 == 0 ? "val-0" : "val-9");
    ASSERT_TRUE(table_->Put(put).ok());
  }
  EXPECT_EQ(CellCount(ScanWith("ValueFilter (!=, 'binary:val-0')")), 6u);
  EXPECT_EQ(RowKeys(ScanWith("SKIP ValueFilter (!=, 'binary:val-0')")),
            (std::vector<std::string>{"row-1", "row-3"}));
}

TEST_F(FilterScanTest, KeyOnlyFilterReturnsValueLengths) {
  CreateTable({"colfam1"});
  ASSERT_TRUE(table_->Put(Put("r").AddColumn("colfam1", "q", "hello")).ok());
  auto rows = ScanWith("KeyOnlyFilter (true)");
  ASSERT_EQ(CellCount(rows), 1u);
  EXPECT_EQ(rows[0].cells()[0].value, std::string("\0\0\0\5", 4));
  EXPECT_EQ(ScanWith("KeyOnlyFilter ()")[0].cells()[0].value, "");
}

TEST_F(FilterScanTest, ColumnPrefixFilterSeeksInEveryFamily) {
  CreateTable({"a", "b"});
  FillTable(3, 12, {"a", "b"});
  auto rows = ScanWith("ColumnPrefixFilter ('col-1')");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(CellKeys({rows[0]}),
            (std::vector<std::string>{"row-01/a:col-10=val-01.10", "row-01/a:col-11=val-01.11",
                                      "row-01/b:col-10=val-01.10", "row-01/b:col-11=val-01.11"}));
}

TEST_F(FilterScanTest, MultipleColumnPrefixAndColumnRangeSeek) {
  CreateTable({"a", "b"});
  FillTable(2, 10, {"a", "b"});
  auto multi = ScanWith("MultipleColumnPrefixFilter ('col-02', 'col-07')");
  EXPECT_EQ(CellCount(multi), 2u * 2 * 2);
  auto range = ScanWith("ColumnRangeFilter ('col-03', true, 'col-05', false)");
  ASSERT_EQ(range.size(), 2u);
  EXPECT_EQ(range[0].size(), 4u);  // col-03, col-04 in each family
}

TEST_F(FilterScanTest, ColumnPaginationByOffsetAndByColumn) {
  CreateTable({"a"});
  FillTable(2, 10, {"a"});
  auto by_offset = ScanWith("ColumnPaginationFilter (3, 4)");
  ASSERT_EQ(by_offset.size(), 2u);
  EXPECT_EQ(by_offset[0].cells().front().qualifier, "col-04");
  EXPECT_EQ(by_offset[0].size(), 3u);
  auto by_column = ScanWith("ColumnPaginationFilter (2, 'col-08')");
  ASSERT_EQ(by_column.size(), 2u);
  EXPECT_EQ(by_column[1].cells().front().qualifier, "col-08");
  EXPECT_EQ(by_column[1].size(), 2u);
}

TEST_F(FilterScanTest, FuzzyRowFilterSeeksBetweenMatchingRows) {
  CreateTable({"f"});
  for (int user = 0; user < 20; ++user) {
    for (const char* action : {"11", "99", "42"}) {
      std::string row = Pad(user, 4) + "_" + action;
      ASSERT_TRUE(table_->Put(Put(row).AddColumn("f", "q", "v")).ok());
    }
  }
  auto filter = *MakeFuzzyRowFilter({{"????_99", std::string("\1\1\1\1\0\0\0", 7)}});
  auto rows = ScanWith(filter);
  ASSERT_EQ(rows.size(), 20u);
  for (const auto& r : rows) EXPECT_EQ(r.row().substr(4), "_99");
}

TEST_F(FilterScanTest, TimestampsFilterPicksVersions) {
  CreateTable({"f"});
  for (int64_t ts : {5, 10, 15}) {
    ASSERT_TRUE(table_->Put(Put("r", ts).AddColumn("f", "q", "v" + std::to_string(ts))).ok());
  }
  Scan scan;
  scan.SetMaxVersions(3);
  scan.SetFilter(*MakeTimestampsFilter({5, 15}));
  auto rows = ScanAll(scan);
  ASSERT_EQ(CellCount(rows), 2u);
  EXPECT_EQ(rows[0].cells()[0].timestamp, 15);
  EXPECT_EQ(rows[0].cells()[1].timestamp, 5);
}

TEST_F(FilterScanTest, DependentColumnFilterKeepsCellsWithReferenceTimestamps) {
  CreateTable({"f"});
  ASSERT_TRUE(table_->Put(Put("r", 1).AddColumn("f", "a", "a1").AddColumn("f", "ref", "x")).ok());
  ASSERT_TRUE(table_->Put(Put("r", 2).AddColumn("f", "b", "b2")).ok());
  auto rows = ScanWith("DependentColumnFilter ('f', 'ref', true)");
  EXPECT_EQ(CellKeys(rows), (std::vector<std::string>{"r/f:a=a1"}));
}

// HBase does not count a row the other filters emptied towards the page (RegionScanner only
// calls filterRow for rows that still have cells). Disabled until the store's scan loop skips
// FilterRow for a row left empty by FilterCell/FilterRowCells (src/store/scanner.cc): today it
// counts row-1 and returns only row-2.
TEST_F(FilterScanTest, PageFilterCountsOnlyRowsThatHaveCells) {
  CreateTable({"f"});
  for (int r = 1; r <= 6; ++r) {
    ASSERT_TRUE(
        table_
            ->Put(Put("row-" + std::to_string(r)).AddColumn("f", "q", r % 2 == 0 ? "even" : "odd"))
            .ok());
  }
  auto rows = ScanWith("ValueFilter (=, 'binary:even') AND PageFilter (2)");
  EXPECT_EQ(RowKeys(rows), (std::vector<std::string>{"row-2", "row-4"}));
}

TEST_F(FilterScanTest, ReversedScanWithPrefixFilter) {
  CreateTable({"f"});
  for (const char* r : {"a1", "b1", "b2", "c1"}) {
    ASSERT_TRUE(table_->Put(Put(r).AddColumn("f", "q", "v")).ok());
  }
  auto filter = MakePrefixFilter("b");
  Scan scan;
  scan.SetReversed(true);
  scan.SetFilter(filter);
  EXPECT_EQ(RowKeys(ScanAll(scan)), (std::vector<std::string>{"b2", "b1"}));
}

}  // namespace
}  // namespace cellar
