#include "replicate/pg/change_applier.h"

#include "util/bytes.h"

namespace cellar::pg {

ChangeApplier::ChangeApplier(Connection& store, const PgJob& job, Lsn start)
    : store_(store), job_(job), positions_(store), pending_lsn_(start), durable_lsn_(start) {}

Status ChangeApplier::OnRelation(const RelationInfo& rel, Lsn lsn) {
  std::vector<RowMapper> mappers;
  for (const TableSpec& spec : job_.tables) {
    if (spec.schema != rel.schema || spec.table != rel.table) continue;
    auto m = RowMapper::Create(spec, rel.columns);
    if (!m.ok()) {
      return m.status().WithContext("schema change at " + Where(lsn) +
                                    " stops replication; fix the config or the table, then run "
                                    "bootstrap again");
    }
    mappers.push_back(std::move(m).value());
  }
  relation_names_[rel.oid] = rel.schema + "." + rel.table;
  mappers_[rel.oid] = std::move(mappers);
  return Status::Ok();
}

Status ChangeApplier::Add(const TableSpec& spec, RowMutations m) {
  if (m.mutations().empty()) return Status::Ok();
  pending_.push_back(TableRowMutations{spec.target_table, std::move(m)});
  // A huge transaction goes out in pieces so memory stays bounded.
  if (pending_.size() >= job_.max_batch_rows * 4) return WriteWithoutPosition();
  return Status::Ok();
}

Status ChangeApplier::OnChange(const RowChange& change, Lsn lsn) {
  auto it = mappers_.find(change.relation);
  if (it == mappers_.end()) return Status::Ok();  // not a replicated table
  for (const RowMapper& mapper : it->second) {
    auto poison = [&](const Status& s) { return Poison(change, lsn, s); };
    if (change.kind == RowChange::Kind::kDelete) {
      if (!change.old) return poison(Status::InvalidArgument("delete without the old key"));
      auto key = mapper.RowKey(*change.old);
      if (!key.ok()) return poison(key.status());
      CELLAR_RETURN_IF_ERROR(Add(mapper.spec(), mapper.DeleteRow(*key, commit_ms_)));
      continue;
    }
    auto up = mapper.Upsert(change.row, commit_ms_);
    if (!up.ok()) return poison(up.status());
    if (change.kind == RowChange::Kind::kUpdate && change.old) {
      auto old_key = mapper.RowKey(*change.old);
      if (old_key.ok() && *old_key != up->row()) {  // the primary key changed
        CELLAR_RETURN_IF_ERROR(Add(mapper.spec(), mapper.DeleteRow(*old_key, commit_ms_)));
      }
    }
    CELLAR_RETURN_IF_ERROR(Add(mapper.spec(), std::move(up).value()));
  }
  return Status::Ok();
}

Status ChangeApplier::Poison(const RowChange& change, Lsn lsn, const Status& error) {
  const std::string& table = relation_names_[change.relation];
  Status s = error.WithContext("poison change in " + table + " at " + Where(lsn));
  if (!job_.dead_letter_table) return s;
  // Keep the change in the dead-letter table and go on.
  std::string values;
  const SourceRow& row = change.kind == RowChange::Kind::kDelete && change.old ? *change.old
                                                                               : change.row;
  for (const SourceValue& v : row) {
    if (!values.empty()) values += '\t';
    values += v.unchanged ? "\\u" : v.text ? *v.text : "\\N";
  }
  const bool queue = job_.capture == CaptureMode::kTrigger;
  const std::string at = queue ? std::to_string(lsn) : FormatLsn(lsn);
  std::string key = job_.PositionKey() + ":" + at + ":" + std::to_string(++dead_letters_);
  Put put(key, commit_ms_);
  put.AddColumn(kDeadLetterFamily, "table", table)
      .AddColumn(kDeadLetterFamily, queue ? "event" : "lsn", at)
      .AddColumn(kDeadLetterFamily, "error", s.message())
      .AddColumn(kDeadLetterFamily, "values", values);
  RowMutations m(key);
  m.Add(std::move(put));
  pending_.push_back(TableRowMutations{*job_.dead_letter_table, std::move(m)});
  LogLine(job_, s.message() + "; kept in " + job_.dead_letter_table->ToString() + " row " + key);
  return Status::Ok();
}

Status ChangeApplier::OnTruncate(const std::vector<uint32_t>& relations, Lsn lsn) {
  for (uint32_t rel : relations) {
    auto it = mappers_.find(rel);
    if (it == mappers_.end()) continue;
    for (const RowMapper& mapper : it->second) {
      // Every row that holds this table's columns loses them.
      const TableSpec& spec = mapper.spec();
      CELLAR_ASSIGN_OR_RETURN(auto table, store_.OpenTable(spec.target_table));
      Scan scan;
      for (const auto& [f, q] : spec.targets) scan.AddColumn(f, q);
      CELLAR_RETURN_IF_ERROR(WriteWithoutPosition());  // the scan must see earlier changes
      CELLAR_ASSIGN_OR_RETURN(auto scanner, table->GetScanner(scan));
      for (;;) {
        CELLAR_ASSIGN_OR_RETURN(auto r, scanner->Next());
        if (!r) break;
        CELLAR_RETURN_IF_ERROR(Add(spec, mapper.DeleteRow(r->row(), commit_ms_)));
      }
      LogLine(job_, "TRUNCATE of " + relation_names_[rel] + " at " + Where(lsn) +
                        " applied to " + spec.target_table.ToString());
    }
  }
  return Status::Ok();
}

std::string ChangeApplier::Where(Lsn lsn) const {
  if (job_.capture == CaptureMode::kTrigger) return "queue event " + std::to_string(lsn);
  return "LSN " + FormatLsn(lsn);
}

Status ChangeApplier::OnCommit(Lsn batch, std::map<std::string, std::string> position) {
  pending_position_ = std::move(position);
  return OnCommit(batch);
}

Status ChangeApplier::OnCommit(Lsn end_lsn) {
  committed_rows_ = pending_.size();
  pending_lsn_ = end_lsn;
  pending_commit_ms_ = commit_ms_;
  ++pending_txns_;
  if (pending_.size() >= job_.max_batch_rows) return Flush().status();
  return Status::Ok();
}

Status ChangeApplier::WriteWithoutPosition() {
  if (pending_.empty()) return Status::Ok();
  CELLAR_RETURN_IF_ERROR(store_.MutateAtomically(pending_, Durability::kSyncWal));
  applied_rows_ += static_cast<int64_t>(pending_.size());
  pending_.clear();
  committed_rows_ = 0;
  return Status::Ok();
}

Result<Lsn> ChangeApplier::Flush() {
  if (pending_lsn_ <= durable_lsn_) return durable_lsn_;
  // Rows of a transaction still open stay for the next write.
  std::vector<TableRowMutations> open(std::make_move_iterator(pending_.begin() + committed_rows_),
                                      std::make_move_iterator(pending_.end()));
  pending_.erase(pending_.begin() + static_cast<std::ptrdiff_t>(committed_rows_), pending_.end());
  applied_rows_ += static_cast<int64_t>(pending_.size());
  pending_.push_back(positions_.Write(
      job_.PositionKey(), pending_position_.empty()
                              ? std::map<std::string, std::string>{{"lsn", FormatLsn(pending_lsn_)},
                                                                   {"state", "streaming"}}
                              : pending_position_));
  Status s = store_.MutateAtomically(pending_, Durability::kFsyncWal);
  pending_ = std::move(open);
  committed_rows_ = 0;
  CELLAR_RETURN_IF_ERROR(s);
  durable_lsn_ = pending_lsn_;
  applied_txns_ += pending_txns_;
  pending_txns_ = 0;
  return durable_lsn_;
}

}  // namespace cellar::pg
