// `cellar pg verify`: compares each replicated table with its source in bounded memory.
//
// Pass 1 reads both sides once and folds every row into one of kBuckets buckets (by a hash of
// its row key): a row count and an order-independent sum of per-row digests. Buckets that agree
// hold the same rows with the same cells (up to a 64-bit hash collision). Pass 2 reads both
// sides again, keeping per-row digests only for rows of buckets that disagree, and names the
// differing keys. Memory is O(buckets + rows in differing buckets), whatever the table size.
// Both source passes run in one REPEATABLE READ transaction, so they see the same rows.

#include <array>
#include <map>
#include <sstream>

#include "replicate/pg/copy_text.h"
#include "replicate/pg/pg_replicator.h"
#include "replicate/pg/source_catalog.h"
#include "util/bytes.h"

namespace cellar::pg {
namespace {

constexpr size_t kBuckets = 1024;
constexpr size_t kMaxListedKeys = 100;

// FNV-1a over length-prefixed fields, then a final avalanche (splitmix64's), so that both the
// bucket choice and the digest use every byte.
class Digest {
 public:
  Digest& Add(std::string_view field) {
    Mix(static_cast<uint64_t>(field.size()));
    for (unsigned char c : field) h_ = (h_ ^ c) * 0x100000001b3ull;
    return *this;
  }
  uint64_t Finish() const {
    uint64_t z = h_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

 private:
  void Mix(uint64_t v) {
    for (int i = 0; i < 8; ++i) h_ = (h_ ^ ((v >> (8 * i)) & 0xff)) * 0x100000001b3ull;
  }
  uint64_t h_ = 0xcbf29ce484222325ull;
};

using Cells = std::map<std::string, std::string>;  // "family:qualifier" -> value, sorted

size_t BucketOf(std::string_view key) { return Digest().Add(key).Finish() % kBuckets; }

uint64_t RowDigest(std::string_view key, const Cells& cells) {
  Digest d;
  d.Add(key);
  for (const auto& [column, value] : cells) d.Add(column).Add(value);
  return d.Finish();
}

struct Bucket {
  int64_t rows = 0;
  uint64_t sum = 0;  // of row digests, modulo 2^64: independent of row order
  bool operator==(const Bucket&) const = default;
};
using Buckets = std::array<Bucket, kBuckets>;

// Calls "fn" with the row key and cells of each source row, as the replica should hold them
// (rows whose mapped columns are all NULL have no cells, and so no replica row).
Status ForEachSourceRow(PgConnection& conn, const TableSpec& spec,
                        const std::function<void(const std::string&, const Cells&)>& fn) {
  CELLAR_ASSIGN_OR_RETURN(SourceTable src, DescribeSourceTable(conn, spec.schema, spec.table));
  CELLAR_ASSIGN_OR_RETURN(RowMapper mapper, RowMapper::Create(spec, src.columns));
  std::vector<std::optional<std::string>> fields;
  SourceRow row;
  Cells cells;
  return conn.CopyOut(
      "COPY " + conn.QuoteIdentifier(spec.schema) + "." + conn.QuoteIdentifier(spec.table) +
          " TO STDOUT",
      [&](std::string_view line) -> Status {
        CELLAR_RETURN_IF_ERROR(ParseCopyTextRow(line, &fields));
        row.resize(fields.size());
        for (size_t i = 0; i < fields.size(); ++i) row[i].text = std::move(fields[i]);
        CELLAR_ASSIGN_OR_RETURN(RowMutations m, mapper.Upsert(row, 0));
        cells.clear();
        for (const auto& mut : m.mutations()) {
          if (const auto* put = std::get_if<Put>(&mut)) {
            for (const Cell& c : put->cells()) cells[c.family + ":" + c.qualifier] = c.value;
          }
        }
        fn(m.row(), cells);
        return Status::Ok();
      });
}

// Calls "fn" with the row key and mapped cells of each replica row.
Status ForEachReplicaRow(Connection& store, const TableSpec& spec,
                         const std::function<void(const std::string&, const Cells&)>& fn) {
  CELLAR_ASSIGN_OR_RETURN(auto table, store.OpenTable(spec.target_table));
  Scan scan;
  for (const auto& [f, q] : spec.targets) scan.AddColumn(f, q);
  if (!spec.key_format.row_prefix.empty() && spec.key_format.salt_buckets == 0) {
    scan.SetRowPrefix(spec.key_format.row_prefix);
  }
  CELLAR_ASSIGN_OR_RETURN(auto scanner, table->GetScanner(scan));
  RowResult r;
  Cells cells;
  for (;;) {
    CELLAR_ASSIGN_OR_RETURN(bool found, scanner->NextInto(&r));
    if (!found) return Status::Ok();
    cells.clear();
    for (const Cell& c : r.cells()) cells[c.family + ":" + c.qualifier] = c.value;
    fn(r.row(), cells);
  }
}

// Pass 2: the keys of rows in "suspect" buckets whose digests differ or exist on one side only.
Status ListDifferences(PgConnection& conn, Connection& store, const TableSpec& spec,
                       const std::vector<bool>& suspect, VerifyReport::TableResult& t) {
  std::map<std::string, uint64_t> source, replica;
  CELLAR_RETURN_IF_ERROR(ForEachSourceRow(conn, spec, [&](const std::string& k, const Cells& c) {
    if (!c.empty() && suspect[BucketOf(k)]) source[k] = RowDigest(k, c);
  }));
  CELLAR_RETURN_IF_ERROR(ForEachReplicaRow(store, spec, [&](const std::string& k, const Cells& c) {
    if (suspect[BucketOf(k)]) replica[k] = RowDigest(k, c);
  }));
  auto note = [&](const std::string& key) {
    ++t.differing_rows;
    if (t.differing_keys.size() < kMaxListedKeys) t.differing_keys.push_back(ToStringBinary(key));
  };
  for (const auto& [key, digest] : source) {
    auto it = replica.find(key);
    if (it == replica.end() || it->second != digest) note(key);
  }
  for (const auto& [key, digest] : replica) {
    if (!source.count(key)) note(key);
  }
  return Status::Ok();
}

Result<VerifyReport::TableResult> VerifyTable(PgConnection& conn, Connection& store,
                                              const TableSpec& spec) {
  VerifyReport::TableResult t;
  t.table = spec.schema + "." + spec.table + " -> " + spec.target_table.ToString();
  Buckets source{}, replica{};
  CELLAR_RETURN_IF_ERROR(ForEachSourceRow(conn, spec, [&](const std::string& k, const Cells& c) {
    ++t.source_rows;
    if (c.empty()) return;  // all mapped columns NULL: no replica row expected
    Bucket& b = source[BucketOf(k)];
    ++b.rows;
    b.sum += RowDigest(k, c);
  }));
  CELLAR_RETURN_IF_ERROR(ForEachReplicaRow(store, spec, [&](const std::string& k, const Cells& c) {
    ++t.replica_rows;
    Bucket& b = replica[BucketOf(k)];
    ++b.rows;
    b.sum += RowDigest(k, c);
  }));
  std::vector<bool> suspect(kBuckets, false);
  bool any = false;
  for (size_t i = 0; i < kBuckets; ++i) {
    suspect[i] = !(source[i] == replica[i]);
    any = any || suspect[i];
  }
  if (any) CELLAR_RETURN_IF_ERROR(ListDifferences(conn, store, spec, suspect, t));
  return t;
}

}  // namespace

bool VerifyReport::ok() const {
  for (const auto& t : tables) {
    if (t.differing_rows != 0) return false;
  }
  return true;
}

std::string VerifyReport::ToString() const {
  std::ostringstream out;
  for (const auto& t : tables) {
    out << t.table << ": source " << t.source_rows << " rows, replica " << t.replica_rows
        << " rows, " << t.differing_rows << " differing";
    for (const auto& k : t.differing_keys) out << "\n  differs: " << k;
    if (t.differing_rows > static_cast<int64_t>(t.differing_keys.size())) {
      out << "\n  ... and " << t.differing_rows - static_cast<int64_t>(t.differing_keys.size())
          << " more";
    }
    out << "\n";
  }
  out << (ok() ? "verify: OK" : "verify: DIFFERENCES FOUND") << "\n";
  return out.str();
}

Result<VerifyReport> Verify(Connection& store, const PgJob& job) {
  CELLAR_ASSIGN_OR_RETURN(auto conn,
                          PgConnection::Connect(job.conninfo, PgConnection::Mode::kNormal));
  VerifyReport report;
  for (const TableSpec& spec : job.tables) {
    // One snapshot of the source for both passes over this table.
    CELLAR_RETURN_IF_ERROR(conn->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
    auto t = VerifyTable(*conn, store, spec);
    Status ended = conn->Exec(t.ok() ? "COMMIT" : "ROLLBACK");
    if (!t.ok()) return t.status();
    CELLAR_RETURN_IF_ERROR(ended);
    report.tables.push_back(std::move(*t));
  }
  return report;
}

}  // namespace cellar::pg
