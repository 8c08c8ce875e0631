// BulkFileOptions (rocks_options.h): the table files of a bulk load are written with cheaper
// per-key settings but read exactly as the family's own: a reader with the family's options
// finds every row and its ROW bloom filter rules out absent rows.

#include <rocksdb/filter_policy.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/sst_file_reader.h>
#include <rocksdb/statistics.h>
#include <rocksdb/table.h>
#include <rocksdb/table_properties.h>

#include "store/bulk_runs.h"
#include "store/key_format.h"
#include "store/rocks_options.h"
#include "store/test_util.h"

namespace cellar::store {
namespace {

class BulkFileOptionsTest : public ::testing::Test {
 protected:
  BulkFileOptionsTest() {
    ColumnFamilyDescriptor lz4{.name = "f", .compression = Compression::kLz4};
    lz4.block_size = 4096;
    family_ =
        rocksdb::Options(rocksdb::DBOptions(),
                         FamilyOptions(lz4, MakeSharedRocksObjects(1u << 20, &clock_, 1u << 20),
                                       std::make_shared<FamilySettings>(lz4)));
  }

  static std::string Row(int i) { return "row" + std::to_string(1000 + 2 * i); }  // even only

  // Writes 2,000 rows of 3 cells with BulkFileOptions(family_) to a run file.
  store::Run WriteRun() {
    StreamBlockPool pool;
    RunStream stream(BulkFileOptions(family_), dir_.path() + "/run.sst", /*generation=*/0, 1u << 20,
                     pool);
    for (int i = 0; i < 2000; ++i) {
      for (const char* q : {"a", "b", "c"}) {
        const std::string key = EncodeCellKey(Row(i), q, 10, CellType::kPut);
        const std::string value = "value of " + Row(i);
        EXPECT_TRUE(
            stream.Add(EntryPieces{.key_head = key, .value_head = "seq:0000", .value_tail = value})
                .ok());
      }
    }
    EXPECT_TRUE(stream.Close().ok());
    store::Run run;
    EXPECT_TRUE(stream.Wait(&run).ok());
    return run;
  }

  ManualClock clock_{0};
  cellar::testing::TempDir dir_;
  rocksdb::Options family_;
};

TEST_F(BulkFileOptionsTest, KeepTheFamilysTableFormatAndTheExtractorsName) {
  const rocksdb::Options bulk = BulkFileOptions(family_);
  EXPECT_NE(bulk.prefix_extractor, family_.prefix_extractor);  // the loader's own
  EXPECT_STREQ(bulk.prefix_extractor->Name(), family_.prefix_extractor->Name());
  EXPECT_EQ(bulk.comparator, family_.comparator);
  EXPECT_EQ(bulk.compression, rocksdb::kLZ4Compression);
  EXPECT_EQ(bulk.table_factory, family_.table_factory);  // block size, filter, checksum, format
}

TEST_F(BulkFileOptionsTest, FilesReadWithTheFamilysOptionsUseTheirRowFilter) {
  const store::Run run = WriteRun();
  ASSERT_EQ(run.entries, 6000);

  rocksdb::Options read = family_;
  read.statistics = rocksdb::CreateDBStatistics();
  rocksdb::SstFileReader reader(read);
  ASSERT_TRUE(reader.Open(run.path).ok());
  auto props = reader.GetTableProperties();
  EXPECT_EQ(props->prefix_extractor_name, family_.prefix_extractor->AsString());
  EXPECT_EQ(
      props->filter_policy_name,
      family_.table_factory->GetOptions<rocksdb::BlockBasedTableOptions>()->filter_policy->Name());

  rocksdb::ReadOptions ro;
  ro.prefix_same_as_start = true;  // as the store's Gets read
  std::unique_ptr<rocksdb::Iterator> it(reader.NewIterator(ro));
  int found = 0;
  for (int i = 0; i < 2000; i += 97) {
    it->Seek(EncodeRowKey(Row(i)));
    ASSERT_TRUE(it->Valid()) << Row(i);
    EXPECT_EQ(it->key().ToString(), EncodeCellKey(Row(i), "a", 10, CellType::kPut));
    ++found;
  }
  const uint64_t useful_before =
      read.statistics->getTickerCount(rocksdb::BLOOM_FILTER_PREFIX_USEFUL);
  for (int i = 0; i < 2000; i += 97) {
    it->Seek(EncodeRowKey("row" + std::to_string(1001 + 2 * i)));  // odd: absent
    EXPECT_FALSE(it->Valid());
  }
  EXPECT_TRUE(it->status().ok()) << it->status().ToString();
  EXPECT_EQ(found, 21);
  // The filter answered (nearly) every absent row without reading a data block.
  EXPECT_GE(read.statistics->getTickerCount(rocksdb::BLOOM_FILTER_PREFIX_USEFUL) - useful_before,
            18u);
}

}  // namespace
}  // namespace cellar::store
