// libFuzzer target for the whole parse of a dump from bytes, as `cellar mysql stage` and
// `publish` do it: the statement splitter (DumpReader), the tokenizer (DumpLexer), CREATE TABLE,
// INSERT headers and rows, and the row codec (keys and values) of the tables the input defines.
//
// Checks, besides "no crash, no hang, no sanitizer report":
// - every error is InvalidArgument (malformed input never reaches an assert or another code);
// - the splitter gives the same statements (text, kind, line, offset) and the same error when
//   the bytes arrive in small reads of a size taken from the input as when they arrive at once,
//   so buffer refills at any boundary do not change what is read;
// - the splitter's 64-byte fast path (SkipPlainSql) and its state machine alone give the same
//   statements and the same error message;
// - the row scanner's fast path and the lexer alone give the same rows and errors.
//
// Build: CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCELLAR_FUZZ=ON && ninja -C build-fuzz
//        mysql_dump_fuzz; run: build-fuzz/src/replicate/mysql_dump_fuzz
//        src/replicate/mysql/fuzz_corpus -max_total_time=240

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "replicate/mysql/byte_source.h"
#include "replicate/mysql/create_table.h"
#include "replicate/mysql/dump_reader.h"
#include "replicate/mysql/dump_split_all.h"
#include "replicate/mysql/insert_statement.h"
#include "replicate/mysql/row_codec.h"

namespace cellar::mysql {
namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

// Returns the input in reads of at most "step" bytes.
class SteppedSource : public ByteSource {
 public:
  SteppedSource(std::string_view bytes, size_t step) : bytes_(bytes), step_(step) {}
  Result<size_t> Read(char* buf, size_t n) override {
    size_t k = std::min({n, step_, bytes_.size() - pos_});
    std::copy_n(bytes_.data() + pos_, k, buf);
    pos_ += k;
    return k;
  }
  const std::string& name() const override { return name_; }

 private:
  std::string_view bytes_;
  size_t step_;
  size_t pos_ = 0;
  std::string name_ = "fuzz.sql";
};

void ParseInsert(std::string_view text, const std::map<std::string, TableSchema>& schemas) {
  InsertHeader header;
  Status s = ParseInsertHeader(text, header);
  if (!s.ok()) {
    Check(s.IsInvalidArgument());
    return;
  }
  // The fast path and the lexer alone read the same rows, spans and errors.
  RowReader rows(text, header.rows_offset);
  RowReader slow(text, header.rows_offset, /*fast_path=*/false);
  Row row, slow_row;
  while (true) {
    auto more = rows.Next(row);
    auto slow_more = slow.Next(slow_row);
    Check(more.ok() == slow_more.ok());
    if (!more.ok()) {
      Check(more.status().IsInvalidArgument());
      Check(more.status().message() == slow_more.status().message());
      return;
    }
    Check(*more == *slow_more);
    if (!*more) break;
    Check(row.size() == slow_row.size());
    Check(rows.row_begin() == slow.row_begin() && rows.row_end() == slow.row_end());
    for (size_t i = 0; i < row.size(); ++i) {
      Check(row[i].IsValue());
      Check(row[i].kind == slow_row[i].kind && row[i].text == slow_row[i].text &&
            row[i].offset == slow_row[i].offset);
    }
  }
  auto it = schemas.find(header.table);
  if (it == schemas.end()) return;
  RowCodec codec(it->second);
  Status c = codec.ForEachRow(text, [&](PublishedRow& r) {
    Check(r.values.size() == it->second.columns.size());
    Check(!r.key.empty() || codec.has_primary_key());
    return Status::Ok();
  });
  Check(c.ok() || c.IsInvalidArgument());
}

}  // namespace
}  // namespace cellar::mysql

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cellar::mysql;
  if (size == 0) return 0;
  // The first byte picks the read size of the second pass; the rest is the dump.
  size_t step = 1 + data[0] % 17;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);

  SteppedSource whole(input, input.size() + 1);
  SplitStatements a = SplitAll(whole, input.size() + 1, /*fast_path=*/true);
  Check(a.status.ok() || a.status.IsInvalidArgument());
  SteppedSource stepped(input, step);
  // A small buffer also makes it grow.
  SplitStatements b = SplitAll(stepped, step, /*fast_path=*/true);
  Check(a.texts == b.texts && a.kinds == b.kinds && a.lines == b.lines && a.offsets == b.offsets);
  Check(a.status.ok() == b.status.ok());
  // The same error at the same place (the snippet may hold fewer bytes when fewer were read).
  auto place = [](const cellar::Status& s) {
    std::string_view m = s.message();
    return m.substr(0, m.find(": near '"));
  };
  if (!a.status.ok()) Check(place(a.status) == place(b.status));
  SteppedSource whole_again(input, input.size() + 1);
  SplitStatements slow = SplitAll(whole_again, input.size() + 1, /*fast_path=*/false);
  Check(a.texts == slow.texts && a.kinds == slow.kinds && a.lines == slow.lines &&
        a.offsets == slow.offsets);
  Check(a.status.ok() == slow.status.ok() && a.status.message() == slow.status.message());

  std::map<std::string, TableSchema> schemas;
  for (size_t i = 0; i < a.texts.size(); ++i) {
    switch (a.kinds[i]) {
      case StatementKind::kCreateTable: {
        auto schema = ParseCreateTable(a.texts[i]);
        if (schema.ok()) {
          schemas[schema->name] = std::move(*schema);
        } else {
          Check(schema.status().IsInvalidArgument());
        }
        break;
      }
      case StatementKind::kInsert:
      case StatementKind::kReplace:
        ParseInsert(a.texts[i], schemas);
        break;
      default:
        break;
    }
  }
  return 0;
}
