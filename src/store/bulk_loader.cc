#include "store/bulk_loader.h"

#include <filesystem>

#include "store/key_format.h"
#include "util/bytes.h"

namespace cellar::store {
namespace {

// A version delete without a timestamp deletes the newest version, which only a read can tell;
// a bulk load cannot read what it has not ingested yet.
Status CheckNoReadingDelete(const RowMutations& mutations) {
  for (const auto& m : mutations.mutations()) {
    const auto* d = std::get_if<cellar::Delete>(&m);
    if (d == nullptr) continue;
    for (const Cell& marker : d->markers()) {
      if (marker.type == CellType::kDelete && marker.timestamp == kLatestTimestamp) {
        return Status::InvalidArgument(
            "bulk load: a delete of the newest version of " + marker.family + ":" +
            ToStringBinary(marker.qualifier) + " in row '" + ToStringBinary(mutations.row()) +
            "' needs a timestamp (it would have to read the load)");
      }
    }
  }
  return Status::Ok();
}

constexpr char kNotOpen[] = "bulk load: the loader was already finished or aborted";

}  // namespace

Result<std::unique_ptr<BulkLoader>> EmbeddedBulkLoader::Create(Engine& engine,
                                                               const TableName& table,
                                                               const BulkLoadOptions& options) {
  CELLAR_ASSIGN_OR_RETURN(std::shared_ptr<const TableState> t, engine.FindEnabledTable(table));
  if (t->logs_data) {
    return Status::FailedPrecondition(
        "bulk load into '" + table.ToString() +
        "': a family has REPLICATION_SCOPE 1 and bulk-loaded cells are not logged as events; "
        "write this table with Puts");
  }
  CELLAR_RETURN_IF_ERROR(engine.CheckTableEmpty(*t));
  CELLAR_ASSIGN_OR_RETURN(uint64_t id, engine.AllocateSequences(1));
  std::string dir = engine.BulkScratchDir() + "/" + std::to_string(t->id) + "-" +
                    std::to_string(id);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return Status::Unavailable("bulk load: cannot create '" + dir + "': " + ec.message());
  }
  return std::unique_ptr<BulkLoader>(new EmbeddedBulkLoader(engine, std::move(t), options, dir));
}

EmbeddedBulkLoader::EmbeddedBulkLoader(Engine& engine, std::shared_ptr<const TableState> table,
                                       const BulkLoadOptions& options, std::string dir)
    : engine_(engine),
      table_(std::move(table)),
      options_(options),
      dir_(std::move(dir)),
      planner_(engine, table_->name) {
  for (const FamilyHandle& f : table_->families) {
    FamilyLoad load;
    load.family = &f;
    load.options = rocksdb::Options(engine.db()->GetDBOptions(), engine.db()->GetOptions(f.cf));
    families_.push_back(std::move(load));
  }
}

Status EmbeddedBulkLoader::Add(const RowMutations& mutations) {
  if (state_ != State::kOpen) return Status::FailedPrecondition(kNotOpen);
  CELLAR_RETURN_IF_ERROR(CheckNoReadingDelete(mutations));
  planned_.clear();
  Durability ignored = Durability::kUseDefault;  // Finish makes the whole load durable
  CELLAR_RETURN_IF_ERROR(planner_.PlanRowMutations(*table_, mutations,
                                                   engine_.clock().NowMillis(), &planned_,
                                                   &ignored));
  return BufferPlanned();
}

Status EmbeddedBulkLoader::Add(const cellar::Put& put) {
  if (state_ != State::kOpen) return Status::FailedPrecondition(kNotOpen);
  planned_.clear();
  CELLAR_RETURN_IF_ERROR(
      planner_.PlanPut(*table_, put, engine_.clock().NowMillis(), &planned_));
  return BufferPlanned();
}

Status EmbeddedBulkLoader::BufferPlanned() {
  ++stats_.rows_added;
  if (planned_.empty()) return Status::Ok();
  // One sequence per cell in planning order, as CommitCells gives them.
  CELLAR_ASSIGN_OR_RETURN(uint64_t seq, engine_.AllocateSequences(planned_.size()));
  const FamilyHandle* first = table_->families.data();
  for (const Cell& c : planned_) {
    const FamilyHandle* f = table_->FindFamily(c.family);  // validated by the planner
    FamilyLoad& load = families_[static_cast<size_t>(f - first)];
    EncodeCellKeyTo(&key_, c.row, c.qualifier, c.timestamp, c.type);
    sequence_.clear();
    PutFixed64BE(sequence_, seq++);
    const size_t before = load.buffer.bytes();
    load.buffer.Add(key_, sequence_, c.value);
    buffered_bytes_ += load.buffer.bytes() - before;
  }
  if (buffered_bytes_ < options_.memory_budget_bytes) return Status::Ok();
  Status spilled = Spill();
  if (!spilled.ok()) Abort();  // the buffers are half written: nothing to go on with
  return spilled;
}

std::string EmbeddedBulkLoader::RunPath(size_t family, size_t run) const {
  return dir_ + "/f" + std::to_string(family) + "-" + std::to_string(run) + ".sst";
}

Status EmbeddedBulkLoader::Spill() {
  for (size_t i = 0; i < families_.size(); ++i) {
    FamilyLoad& f = families_[i];
    if (f.buffer.empty()) continue;
    Run run;
    CELLAR_RETURN_IF_ERROR(f.buffer.WriteRun(f.options, RunPath(i, f.runs.size()), &run));
    f.runs.push_back(std::move(run));
  }
  buffered_bytes_ = 0;
  return Status::Ok();
}

Result<std::vector<std::string>> EmbeddedBulkLoader::FinalFiles(FamilyLoad& f, size_t index) {
  std::vector<std::string> paths;
  if (SortAndCheckOverlap(&f.runs)) {
    Run merged;
    CELLAR_RETURN_IF_ERROR(MergeRuns(f.options, f.runs, dir_ + "/f" + std::to_string(index) +
                                                            "-merged.sst",
                                     &merged));
    stats_.merged_runs += static_cast<int64_t>(f.runs.size());
    std::error_code ec;
    for (const Run& r : f.runs) std::filesystem::remove(r.path, ec);
    f.runs = {std::move(merged)};
  }
  for (const Run& r : f.runs) {
    paths.push_back(r.path);
    stats_.cells += r.entries;
    stats_.bytes += r.bytes;
    ++stats_.files;
  }
  return paths;
}

Result<BulkLoadStats> EmbeddedBulkLoader::Finish() {
  if (state_ != State::kOpen) return Status::FailedPrecondition(kNotOpen);
  auto fail = [this](Status s) {
    Abort();
    return s;
  };
  Status spilled = Spill();
  if (!spilled.ok()) return fail(spilled);
  std::vector<Engine::BulkFiles> files;
  for (size_t i = 0; i < families_.size(); ++i) {
    Result<std::vector<std::string>> paths = FinalFiles(families_[i], i);
    if (!paths.ok()) return fail(paths.status());
    files.push_back(Engine::BulkFiles{families_[i].family->cf, std::move(paths).value()});
  }
  Status ingested = engine_.IngestBulk(*table_, files);
  if (!ingested.ok()) return fail(ingested);
  state_ = State::kFinished;
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);  // what the ingestion did not move
  return stats_;
}

void EmbeddedBulkLoader::Abort() {
  if (state_ == State::kOpen) state_ = State::kAborted;
  for (FamilyLoad& f : families_) {
    f.buffer = RunBuffer();
    f.runs.clear();
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

}  // namespace cellar::store
