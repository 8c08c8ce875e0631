// BulkFileOptions (rocks_options.h): the table files of a bulk load are written with cheaper
// per-key settings but read exactly as the family's own: a reader with the family's options
// finds every row and its ROW bloom filter rules out absent rows; the options of one file writer
// (BulkFileWriterOptions) build the same file, filter included, with fewer prefix hashes.

#include <rocksdb/filter_policy.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/sst_file_reader.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/statistics.h>
#include <rocksdb/table.h>
#include <rocksdb/table_properties.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>

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

// Cell keys of 3,000 rows of 1 to 4 cells (the first of 2), ascending. Rows that are prefixes
// of others ("row1", "row10") and rows that are others followed by 0x00 bytes (escaped in the
// key): a row's escaped prefix and the next row's differ only in their last bytes.
std::vector<std::string> CellKeysOfManyRows() {
  std::vector<std::string> rows;
  for (int i = 0; i < 1500; ++i) rows.push_back("row" + std::to_string(i));
  for (int i = 0; i < 500; ++i) {
    for (int zeros = 0; zeros < 3; ++zeros) {
      rows.push_back(std::string("k\0", 2) + std::to_string(i) + std::string(zeros, '\0'));
    }
  }
  std::set<std::string> keys;
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c <= (r + 1) % 4; ++c) {
      keys.insert(
          EncodeCellKey(rows[r], std::string(1, static_cast<char>('a' + c)), 10, CellType::kPut));
    }
  }
  return {keys.begin(), keys.end()};
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST_F(BulkFileOptionsTest, WriterOptionsHaveTheirOwnExtractorOfTheSameName) {
  const rocksdb::Options bulk = BulkFileOptions(family_);
  const rocksdb::Options one = BulkFileWriterOptions(bulk);
  const rocksdb::Options other = BulkFileWriterOptions(bulk);
  EXPECT_NE(one.prefix_extractor, bulk.prefix_extractor);
  EXPECT_NE(one.prefix_extractor, other.prefix_extractor);  // one per writer
  EXPECT_STREQ(one.prefix_extractor->Name(), family_.prefix_extractor->Name());
  EXPECT_EQ(one.table_factory, family_.table_factory);

  ColumnFamilyDescriptor unfiltered{.name = "g", .bloom_filter = BloomFilter::kNone};
  const rocksdb::Options none = BulkFileOptions(rocksdb::Options(
      rocksdb::DBOptions(),
      FamilyOptions(unfiltered, MakeSharedRocksObjects(1u << 20, &clock_, 1u << 20),
                    std::make_shared<FamilySettings>(unfiltered))));
  EXPECT_EQ(BulkFileWriterOptions(none).prefix_extractor, none.prefix_extractor);  // no filter
}

TEST_F(BulkFileOptionsTest, WriterOptionsBuildTheSameFileAsTheBulkOptions) {
  const std::vector<std::string> keys = CellKeysOfManyRows();
  const rocksdb::Options bulk = BulkFileOptions(family_);
  const std::string plain = dir_.path() + "/plain.sst", hashed_once = dir_.path() + "/once.sst";
  for (const auto& [options, path] :
       {std::pair{bulk, plain}, std::pair{BulkFileWriterOptions(bulk), hashed_once}}) {
    rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), options);
    ASSERT_TRUE(writer.Open(path).ok());
    for (const std::string& key : keys) ASSERT_TRUE(writer.Put(key, "v").ok());
    ASSERT_TRUE(writer.Finish().ok());
  }
  std::shared_ptr<const rocksdb::TableProperties> props[2];
  for (int f = 0; f < 2; ++f) {
    rocksdb::SstFileReader reader(family_);
    ASSERT_TRUE(reader.Open(f == 0 ? plain : hashed_once).ok());
    props[f] = reader.GetTableProperties();
  }
  EXPECT_GT(props[0]->filter_size, 0u);
  EXPECT_EQ(props[1]->filter_size, props[0]->filter_size);
  EXPECT_EQ(props[1]->num_filter_entries, props[0]->num_filter_entries);
  EXPECT_EQ(props[1]->data_size, props[0]->data_size);
  // The data blocks, the filter block and the index block (each with its 5-byte trailer, in that
  // order) are the same bytes; the files differ from the properties block on (session id, times).
  const std::string a = ReadFile(plain), b = ReadFile(hashed_once);
  const size_t same =
      static_cast<size_t>(std::mismatch(a.begin(), a.end(), b.begin(), b.end()).first - a.begin());
  EXPECT_GE(same, props[0]->data_size + props[0]->filter_size + 5 + props[0]->index_size + 5);
}

}  // namespace
}  // namespace cellar::store
