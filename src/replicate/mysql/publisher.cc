#include "replicate/mysql/publisher.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "cellar/bulk_loader.h"
#include "replicate/mysql/create_table.h"
#include "replicate/mysql/key_sorted_rows.h"
#include "replicate/mysql/publish_order.h"
#include "replicate/mysql/published_tables.h"
#include "replicate/mysql/row_codec.h"
#include "replicate/mysql/staged_dump.h"
#include "replicate/mysql/type_map.h"

namespace cellar::mysql {
namespace {

constexpr size_t kBatchRows = 1000;
// Rows of a table without a primary key sorted by key at once before its bulk load (see
// KeySortedRows): a larger table comes in sorted batches of about this size, the first streamed
// by the loader, the others sorted by it.
constexpr size_t kSortBudgetBytes = 64u << 20;

using Values = std::vector<std::optional<std::string>>;

// One side of a diff: a staged table of one dump.
struct TableSide {
  int64_t time = 0;
  const StagedTable* table = nullptr;
};

// Writes the mutations of one diff, all at one timestamp: row by row into a BulkLoader when it
// has one (BulkLoader::AddCells, cells by view: no Put per row, no copy of the key per cell; a
// loader is given only for a diff from an empty table, whose rows are all new), else kBatchRows
// rows at a time through Connection::MutateAtomically: one store write per batch in the embedded
// store (rather than one per row), rows in order on a remote one. A row key seen twice in a batch
// (a dump may repeat a key with REPLACE) flushes the batch first, so each write holds a row once.
class CellWriter {
 public:
  // A put of column "column" (an index into the schema's columns) = "text" (MySQL's text form).
  using ColumnValue = std::pair<int, std::string_view>;

  // "loader" (borrowed, nullable): when set, rows go to it instead of "target".
  CellWriter(Connection& target, BulkLoader* loader, const TableName& table, int64_t ts,
             const TableSchema& schema, bool binary, Durability durability, PublishReport& report)
      : target_(target),
        loader_(loader),
        table_(table),
        ts_(ts),
        schema_(schema),
        binary_(binary),
        durability_(durability),
        report_(report),
        order_(schema.columns.size()),
        encoded_(schema.columns.size()),
        cells_(schema.columns.size(), BulkCell{kPublishedFamily, {}, {}}) {
    for (size_t i = 0; i < order_.size(); ++i) order_[i] = static_cast<int>(i);
    std::sort(order_.begin(), order_.end(),
              [&](int a, int b) { return schema.columns[a].name < schema.columns[b].name; });
    for (int i : order_) qualifiers_.push_back(schema.columns[i].name);
  }

  // The schema's column indices in qualifier order, the order WriteRow wants its puts in: rows
  // arrive in key order, so the store's inserts are then sequential, which its memtable (and a
  // BulkLoader's sort) does several times faster than scattered ones.
  const std::vector<int>& column_order() const { return order_; }

  // Puts the columns of "puts" (in column_order()) and deletes every version <= ts of the
  // columns named in "nulls". Internal with a loader, which takes only WriteNewRow's rows.
  Status WriteRow(const std::string& key, const std::vector<ColumnValue>& puts,
                  const std::vector<std::string_view>& nulls) {
    if (puts.empty() && nulls.empty()) return Status::Ok();
    report_.cells_put += puts.size();
    report_.cells_deleted += nulls.size();
    RowMutations m(key);
    if (!puts.empty()) {
      Put put(key, ts_);
      put.SetDurability(durability_);
      for (const auto& [col, text] : puts) {
        CELLAR_ASSIGN_OR_RETURN(std::string_view value, Value(col, text));
        put.AddColumn(kPublishedFamily, schema_.columns[col].name, std::string(value));
      }
      m.Add(std::move(put));
    }
    if (!nulls.empty()) {
      Delete del(key, ts_);
      del.SetDurability(durability_);
      for (std::string_view name : nulls) del.AddColumns(kPublishedFamily, std::string(name), ts_);
      m.Add(std::move(del));
    }
    return Write(std::move(m));
  }

  // Puts every non-NULL column of "row", a row that the diff's older side does not have: into
  // the loader, the cells straight from the row's values (no list of puts first); else as
  // WriteRow.
  Status WriteNewRow(const PublishedRow& row) {
    if (loader_ == nullptr) {
      puts_.clear();
      for (int i : order_) {
        if (row.values[i]) puts_.emplace_back(i, *row.values[i]);
      }
      return WriteRow(row.key, puts_, {});
    }
    // Through local pointers: the cells' stores (string_views: pointers) could otherwise alias
    // the vectors' own, which the loop then reloaded at every column.
    const int* const order = order_.data();
    const std::string_view* const qualifiers = qualifiers_.data();
    const std::optional<std::string_view>* const values = row.values.data();
    BulkCell* const cells = cells_.data();
    const size_t columns = order_.size();
    size_t n = 0;
    for (size_t k = 0; k < columns; ++k) {
      const std::optional<std::string_view>& text = values[order[k]];
      if (!text) continue;
      BulkCell& cell = cells[n++];
      cell.qualifier = qualifiers[k];
      if (binary_) {
        CELLAR_ASSIGN_OR_RETURN(cell.value, Value(order[k], *text));
      } else {
        cell.value = *text;
      }
    }
    if (n == 0) return Status::Ok();
    report_.cells_put += n;
    Status s = loader_->AddCells(row.key, ts_, std::span<const BulkCell>(cells_.data(), n));
    return s.ok() ? s : s.WithContext("loading " + table_.ToString());
  }

  // Masks the whole row at every time <= ts. Internal with a loader.
  Status DeleteRow(const std::string& key) {
    Delete del(key, ts_);
    del.SetDurability(durability_);
    RowMutations m(key);
    m.Add(std::move(del.AddFamily(kPublishedFamily, ts_)));
    return Write(std::move(m));
  }

  Status Flush() {
    if (pending_.empty()) return Status::Ok();
    Status s = target_.MutateAtomically(pending_, durability_);
    pending_.clear();
    keys_.clear();
    return s.ok() ? s : s.WithContext("writing " + table_.ToString());
  }

 private:
  // The bytes written for column "col" = "text": the text itself, or its binary encoding (held
  // in encoded_[col] until the next row).
  Result<std::string_view> Value(int col, std::string_view text) {
    const ColumnDef& def = schema_.columns[col];
    if (!binary_ || !HasBinaryEncoding(def)) return text;
    auto bytes = EncodeBinary(def, text);
    if (!bytes.ok()) return bytes.status().WithContext("table " + schema_.name);
    encoded_[col] = std::move(*bytes);
    return std::string_view(encoded_[col]);
  }

  Status Write(RowMutations m) {
    if (loader_ != nullptr) {
      return Status::Internal("publishing " + table_.ToString() +
                              ": a bulk load takes only new rows (a diff from an empty table)");
    }
    if (!keys_.insert(m.row()).second) {
      CELLAR_RETURN_IF_ERROR(Flush());
      keys_.insert(m.row());
    }
    pending_.push_back({table_, std::move(m)});
    return pending_.size() >= kBatchRows ? Flush() : Status::Ok();
  }

  Connection& target_;
  BulkLoader* const loader_;
  const TableName& table_;
  const int64_t ts_;
  const TableSchema& schema_;
  const bool binary_;
  const Durability durability_;
  PublishReport& report_;
  std::vector<TableRowMutations> pending_;    // the write path's batch
  std::unordered_set<std::string> keys_;      // rows in pending_
  std::vector<int> order_;                    // column indices in qualifier order
  std::vector<std::string_view> qualifiers_;  // their names, in that order (views of schema_)
  std::vector<std::string> encoded_;          // column index -> its binary value in this row
  std::vector<ColumnValue> puts_;             // WriteNewRow's puts on the write path
  // WriteNewRow's cells for the loader: one per column, the first ones filled for each row.
  std::vector<BulkCell> cells_;
};

// How many times each chunk occurs in both sides.
std::map<std::string, int> CommonChunks(const StagedTable& a, const StagedTable& b) {
  std::map<std::string, int> count_a, common;
  for (const std::string& c : a.chunks) ++count_a[c];
  for (const std::string& c : b.chunks) {
    auto it = count_a.find(c);
    if (it != count_a.end() && it->second > 0) --it->second, ++common[c];
  }
  return common;
}

// Calls "fn" for every row of the chunks of "side" that are not (still) counted in "skip".
Status ForEachChangedRow(ChunkReader& chunks, const StagedTable& side,
                         std::map<std::string, int> skip, RowCodec& codec, PublishReport& report,
                         const std::function<Status(PublishedRow&)>& fn) {
  for (const std::string& chunk : side.chunks) {
    auto it = skip.find(chunk);
    if (it != skip.end() && it->second > 0) {
      --it->second;
      ++report.chunks_skipped;
      continue;
    }
    CELLAR_ASSIGN_OR_RETURN(std::string_view sql, chunks.Read(chunk));
    ++report.chunks_parsed;
    Status s = codec.ForEachRow(sql, fn);
    if (!s.ok()) return s.WithContext("chunk " + chunk);
  }
  return Status::Ok();
}

// Writes diff(from -> to) at to.time (see publisher.h); "from" null = from an empty table.
Status WriteDiff(ChunkReader& chunks, const TableSide* from, const TableSide& to,
                 Connection& target, const TableName& out, BulkLoader* loader,
                 const PublishOptions& options, Durability durability, PublishReport& report) {
  CELLAR_ASSIGN_OR_RETURN(TableSchema to_schema, ParseCreateTable(to.table->create_sql));
  RowCodec to_codec(to_schema);
  std::map<std::string, int> common;
  std::unordered_map<std::string, Values> old_rows;
  std::vector<int> old_index(to_schema.columns.size(), -1);  // to column -> from column
  std::vector<std::string> dropped;                          // from columns not in to
  std::vector<int> dropped_index;
  if (from != nullptr) {
    CELLAR_ASSIGN_OR_RETURN(TableSchema from_schema, ParseCreateTable(from->table->create_sql));
    RowCodec from_codec(from_schema);
    if (from->table->create_sql == to.table->create_sql && to_codec.has_primary_key()) {
      common = CommonChunks(*from->table, *to.table);
    }
    CELLAR_RETURN_IF_ERROR(
        ForEachChangedRow(chunks, *from->table, common, from_codec, report, [&](PublishedRow& row) {
          Values& values = old_rows[row.key];
          values.assign(row.values.size(), std::nullopt);
          for (size_t i = 0; i < row.values.size(); ++i) {
            if (row.values[i]) values[i].emplace(*row.values[i]);
          }
          return Status::Ok();
        }));
    for (size_t i = 0; i < to_schema.columns.size(); ++i) {
      old_index[i] = from_schema.ColumnIndex(to_schema.columns[i].name);
    }
    for (size_t j = 0; j < from_schema.columns.size(); ++j) {
      if (to_schema.ColumnIndex(from_schema.columns[j].name) < 0) {
        dropped.push_back(from_schema.columns[j].name);
        dropped_index.push_back(static_cast<int>(j));
      }
    }
  }
  CellWriter writer(target, loader, out, to.time, to_schema, options.binary_numbers, durability,
                    report);
  std::vector<CellWriter::ColumnValue> puts;
  std::vector<std::string_view> nulls;
  auto write_row = [&](PublishedRow& row) -> Status {
    puts.clear();
    nulls.clear();
    auto it = old_rows.find(row.key);
    if (it == old_rows.end()) {
      ++report.rows_new;
      return writer.WriteNewRow(row);
    }
    const Values& old = it->second;
    for (int i : writer.column_order()) {
      const std::optional<std::string>* before = old_index[i] >= 0 ? &old[old_index[i]] : nullptr;
      const auto& now = row.values[i];
      bool had = before != nullptr && before->has_value();
      if (now && (!had || **before != *now)) puts.emplace_back(i, *now);
      if (!now && had) nulls.push_back(to_schema.columns[i].name);
    }
    for (size_t d = 0; d < dropped.size(); ++d) {
      if (old[dropped_index[d]]) nulls.push_back(dropped[d]);
    }
    if (!puts.empty() || !nulls.empty()) ++report.rows_changed;
    Status s = writer.WriteRow(row.key, puts, nulls);
    old_rows.erase(it);
    return s;
  };
  // A bulk load of row-hash keys (no primary key) gets them sorted, so that the loader streams
  // them; primary keys come in the dump's order, ascending as mysqldump writes them.
  std::optional<KeySortedRows> sorted;
  if (loader != nullptr && !to_codec.has_primary_key()) sorted.emplace(kSortBudgetBytes);
  CELLAR_RETURN_IF_ERROR(ForEachChangedRow(
      chunks, *to.table, common, to_codec, report, [&](PublishedRow& row) -> Status {
        if (!sorted) return write_row(row);
        return sorted->Add(row) ? sorted->Drain(write_row) : Status::Ok();
      }));
  if (sorted) CELLAR_RETURN_IF_ERROR(sorted->Drain(write_row));
  for (const auto& [key, values] : old_rows) {
    ++report.rows_deleted;
    CELLAR_RETURN_IF_ERROR(writer.DeleteRow(key));
  }
  return writer.Flush();
}

bool Selected(const PublishOptions& options, const std::string& table) {
  auto has = [&](const std::vector<std::string>& v) {
    return std::find(v.begin(), v.end(), table) != v.end();
  };
  if (!options.include.empty() && !has(options.include)) return false;
  return !has(options.exclude);
}

// The published dump of "table" nearest before (step -1) or after (step +1) dumps[at].
const StagedTable* Neighbour(std::vector<StagedDump>& dumps, size_t at, int step,
                             const std::string& table, int64_t& time) {
  for (long i = static_cast<long>(at) + step; i >= 0 && i < static_cast<long>(dumps.size());
       i += step) {
    for (const StagedTable& t : dumps[i].tables) {
      if (t.name == table && t.published) {
        time = dumps[i].dump_time_ms;
        return &t;
      }
    }
  }
  return nullptr;
}

Result<PublishReport> PublishTable(Store& staging, Connection& target, Table& chunks,
                                   std::vector<StagedDump>& dumps, size_t at, StagedTable& table,
                                   const PublishOptions& options) {
  PublishReport report{.dump_time_ms = dumps[at].dump_time_ms, .table = table.name};
  if (table.published) {
    report.already_published = true;
    return report;
  }
  auto name = TableName::Parse(options.ns + ":" + table.name);
  if (!name.ok()) return name.status().WithContext("MySQL table " + table.name);
  // Into the embedded store that also holds the staging tables, the rows skip the WAL and the
  // table is flushed before the dump is marked published: a crash before that leaves the dump
  // unmarked, and publishing again rewrites the same cells. A remote target keeps its WAL
  // (Thrift2 offers no flush).
  const bool embedded = static_cast<Connection*>(&staging) == &target;
  const Durability durability = embedded ? Durability::kSkipWal : Durability::kUseDefault;
  TableSide me{dumps[at].dump_time_ms, &table};
  TableSide prev, next;
  prev.table = Neighbour(dumps, at, -1, table.name, prev.time);
  next.table = Neighbour(dumps, at, +1, table.name, next.time);
  // The first publish of a table into the embedded store, in order, writes only new rows into an
  // empty table: a BulkLoader builds its files directly (all or nothing, durable at Finish). A
  // table that is not empty (a publish that stopped after loading, before marking) or does not
  // allow it takes the write path, which rewrites the same cells.
  std::unique_ptr<BulkLoader> loader;
  if (embedded && prev.table == nullptr && next.table == nullptr) {
    auto made = staging.NewBulkLoader(*name);
    if (made.ok()) loader = std::move(*made);
  }
  ChunkReader reader(chunks);
  CELLAR_RETURN_IF_ERROR(WriteDiff(reader, prev.table ? &prev : nullptr, me, target, *name,
                                   loader.get(), options, durability, report));
  if (loader != nullptr) {
    CELLAR_ASSIGN_OR_RETURN(BulkLoadStats stats, loader->Finish());
    report.bulk_loaded = true;
    report.bulk_files = stats.files;
    report.bulk_streamed_runs = stats.streamed_runs;
  }
  if (next.table != nullptr) {
    report.out_of_order = true;
    PublishReport repair;
    CELLAR_RETURN_IF_ERROR(
        WriteDiff(reader, &me, next, target, *name, nullptr, options, durability, repair));
    report.chunks_parsed += repair.chunks_parsed;
    report.chunks_skipped += repair.chunks_skipped;
    report.cells_put += repair.cells_put;
    report.cells_deleted += repair.cells_deleted;
  }
  if (embedded) CELLAR_RETURN_IF_ERROR(target.admin().Flush(*name));
  CELLAR_RETURN_IF_ERROR(
      MarkPublished(staging, options.ns, me.time, table.name, options.binary_numbers));
  return report;
}

// Calls "job(i)" for every i in "order" on up to "threads" threads (the caller's included), each
// taking the next one in "order" when it is done with one; returns the results by i.
template <typename Job>
auto RunJobs(const std::vector<size_t>& order, int threads, const Job& job) {
  std::vector<decltype(job(size_t{0}))> results(order.size(), Status::Internal("job not run"));
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t k = next++; k < order.size(); k = next++) results[order[k]] = job(order[k]);
  };
  std::vector<std::thread> helpers;
  const size_t wanted = std::min<size_t>(order.size(), static_cast<size_t>(std::max(threads, 1)));
  for (size_t t = 1; t < wanted; ++t) helpers.emplace_back(work);
  work();
  for (std::thread& t : helpers) t.join();
  return results;
}

}  // namespace

Result<std::vector<PublishReport>> Publish(Store& staging, Connection& target,
                                           const PublishOptions& options) {
  CELLAR_ASSIGN_OR_RETURN(std::vector<StagedDump> dumps, ListStagedDumps(staging, options.ns));
  std::vector<size_t> targets;
  for (size_t i = 0; i < dumps.size(); ++i) {
    if (!options.dump_time_ms || dumps[i].dump_time_ms == *options.dump_time_ms) {
      targets.push_back(i);
    }
  }
  if (options.dump_time_ms && targets.empty()) {
    return Status::NotFound("no dump of " + FormatDumpTime(*options.dump_time_ms) + " (" +
                            std::to_string(*options.dump_time_ms) + ") is staged in " + options.ns +
                            "; `cellar mysql list --ns " + options.ns + "` shows the staged dumps");
  }
  CELLAR_ASSIGN_OR_RETURN(bool ns_exists, target.admin().NamespaceExists(options.ns));
  if (!ns_exists) CELLAR_RETURN_IF_ERROR(target.admin().CreateNamespace(options.ns));
  std::vector<std::string> written;  // every table this publish writes to
  for (size_t at : targets) {
    for (const StagedTable& table : dumps[at].tables) {
      if (!table.published && Selected(options, table.name)) written.push_back(table.name);
    }
  }
  CELLAR_RETURN_IF_ERROR(CreatePublishedTables(target, written, options));
  CELLAR_ASSIGN_OR_RETURN(auto chunks,
                          staging.OpenTable(TableName{StagingNamespace(options.ns), "chunks"}));
  std::vector<PublishReport> reports;
  for (size_t at : targets) {
    // The tables of one dump are independent: each has its own target table, loader and
    // neighbours (dumps[at] itself is only read until all are done).
    std::vector<StagedTable*> tables;
    for (StagedTable& table : dumps[at].tables) {
      if (Selected(options, table.name)) tables.push_back(&table);
    }
    auto results = RunJobs(PublishStartOrder(tables), options.threads, [&](size_t i) {
      return PublishTable(staging, target, *chunks, dumps, at, *tables[i], options);
    });
    for (size_t i = 0; i < tables.size(); ++i) {
      if (!results[i].ok()) {
        return results[i].status().WithContext("publishing the dump of " +
                                               FormatDumpTime(dumps[at].dump_time_ms));
      }
      tables[i]->published = true;
      reports.push_back(std::move(*results[i]));
    }
  }
  return reports;
}

}  // namespace cellar::mysql
