#include "store/bulk_loader.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>

#include "store/byte_ops.h"
#include "store/key_format.h"
#include "store/rocks_options.h"
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
        return Status::InvalidArgument("bulk load: a delete of the newest version of " +
                                       marker.family + ":" + ToStringBinary(marker.qualifier) +
                                       " in row '" + ToStringBinary(mutations.row()) +
                                       "' needs a timestamp (it would have to read the load)");
      }
    }
  }
  return Status::Ok();
}

// Whether every one of "cells" (not empty) is a Put naming its family by the first cell's view
// (the same bytes at the same address, which cannot change during the call): a caller's one
// family name for all its cells. No branch per cell.
bool PutsOfOneFamilyView(std::span<const BulkCell> cells) {
  const std::string_view family = cells.front().family;
  bool all = true;
  for (const BulkCell& c : cells) {
    all &= (c.family.data() == family.data()) & (c.family.size() == family.size()) &
           (c.type == CellType::kPut);
  }
  return all;
}

constexpr char kNotOpen[] = "bulk load: the loader was already finished or aborted";

// A family is streamed once this many bytes of its cells arrived in ascending key order: a short
// ascending start of an unordered load would only make a small run that overlaps the others.
constexpr size_t kStreamAfterBytes = 1u << 20;
// At most this many bytes of full blocks wait for each stream thread of a family, and a family's
// stream goes on in a new file (on another thread) after this many bytes: the threads of a
// family's spill_threads streams then each have one file's worth of cells to build at once. (A
// shallower queue keeps the adding thread at the pace of one stream thread, so a family's streams
// do not build their files at once: 4 MiB made publish's last table use one core.)
constexpr size_t kStreamQueueBytes = 16u << 20;

// What each stream thread of a family may have queued: at most kStreamQueueBytes, and a share of
// the half of the budget that the buffers do not use while everything streams.
size_t StreamQueueBytes(const BulkLoadOptions& options, size_t families, size_t threads) {
  return std::min(kStreamQueueBytes,
                  options.memory_budget_bytes / 2 / std::max<size_t>(1, families) / threads);
}

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
  std::string dir =
      engine.BulkScratchDir() + "/" + std::to_string(t->id) + "-" + std::to_string(id);
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
      planner_(engine, table_->name),
      stream_threads_(static_cast<size_t>(std::max(1, options.spill_threads))),
      stream_blocks_(StreamBlockPool::Shared()),
      stream_queue_bytes_(StreamQueueBytes(options, table_->families.size(), stream_threads_)),
      // One stream thread writes one file for the whole family.
      stream_file_bytes_(stream_threads_ > 1 ? stream_queue_bytes_ : SIZE_MAX) {
  for (const FamilyHandle& f : table_->families) {
    FamilyLoad load;
    load.family = &f;
    load.options = BulkFileOptions(
        rocksdb::Options(engine.db()->GetDBOptions(), engine.db()->GetOptions(f.cf)));
    families_.push_back(std::move(load));
  }
}

Status EmbeddedBulkLoader::Add(const RowMutations& mutations) {
  if (state_ != State::kOpen) return Status::FailedPrecondition(kNotOpen);
  const auto& ms = mutations.mutations();
  const bool puts_of_row = !ms.empty() && std::all_of(ms.begin(), ms.end(), [&](const auto& m) {
    const auto* p = std::get_if<cellar::Put>(&m);
    return p != nullptr && p->row() == mutations.row();
  });
  if (puts_of_row) return AddPuts(mutations);
  CELLAR_RETURN_IF_ERROR(CheckNoReadingDelete(mutations));
  planned_.clear();
  Durability ignored = Durability::kUseDefault;  // Finish makes the whole load durable
  CELLAR_RETURN_IF_ERROR(planner_.PlanRowMutations(*table_, mutations, engine_.clock().NowMillis(),
                                                   &planned_, &ignored));
  return BufferPlanned();
}

Status EmbeddedBulkLoader::Add(const cellar::Put& put) {
  if (state_ != State::kOpen) return Status::FailedPrecondition(kNotOpen);
  planned_.clear();
  CELLAR_RETURN_IF_ERROR(planner_.PlanPut(*table_, put, engine_.clock().NowMillis(), &planned_));
  return BufferPlanned();
}

Status EmbeddedBulkLoader::AddCells(std::string_view row, int64_t timestamp,
                                    std::span<const BulkCell> cells) {
  if (state_ != State::kOpen) return Status::FailedPrecondition(kNotOpen);
  CELLAR_RETURN_IF_ERROR(EmbeddedTable::CheckRow(row));
  if (cells.empty()) {
    return Status::InvalidArgument("bulk load: no cells for row '" +
                                   ToStringBinary(std::string(row)) + "'");
  }
  if (timestamp < 0) {
    return Status::InvalidArgument("bulk load: timestamp " + std::to_string(timestamp) +
                                   " of row '" + ToStringBinary(std::string(row)) +
                                   "' is negative");
  }
  // Everything is checked before anything is buffered: a failed call adds nothing.
  CellsCheck check;
  CELLAR_RETURN_IF_ERROR(CheckCells(cells, &check));
  // One sequence per cell in order, and one "now" for the call, as MutateRow; a call whose cells
  // all are plain puts stores no sequence (ValueHead), so it takes none.
  uint64_t seq = 0;
  if (check.keeps_sequence) {
    CELLAR_ASSIGN_OR_RETURN(seq, engine_.AllocateSequences(cells.size()));
  } else {
    head_.Set(0, false);  // every value's head: the plain put's tag
  }
  const int64_t ts = timestamp == kLatestTimestamp ? engine_.clock().NowMillis() : timestamp;
  // Each cell's key: the escaped row, then its suffix, never joined here.
  if (row_key_.size() < EscapedSizeLimit(row.size())) {
    row_key_.resize(EscapedSizeLimit(row.size()));
  }
  const char* row_key_end = EscapeTo(row_key_.data(), row);
  const std::string_view row_key(row_key_.data(),
                                 static_cast<size_t>(row_key_end - row_key_.data()));
  // Room for this call's suffixes first (they must not move while its keys borrow them).
  if (suffix_at_.size() < cells.size() || suffixes_.size() + cells.size() > kMaxKeySuffixes) {
    StartKeySuffixes(cells.size());
  }
  for (size_t i = 0; i < cells.size(); ++i) {
    const BulkCell& c = cells[i];
    FamilyLoad& load = check.family != nullptr ? *check.family : families_[cell_families_[i]];
    if (check.keeps_sequence) {
      head_.Set(seq + i, KeepsSequence(c.type, load.family->desc.new_version_behavior));
    }
    const EntryPieces entry{.key_head = row_key,
                            .key_tail = KeySuffixOf(i, c.qualifier, ts, c.type),
                            .value_head = head_.bytes(),
                            .value_tail = c.type == CellType::kPut ? c.value : ""};
    if (!AddToOpenStream(load, entry)) BufferEntry(load, entry);
  }
  for (FamilyLoad& load : families_) load.order.Settle();  // row_key_, suffixes_ change next
  return Added();
}

Status EmbeddedBulkLoader::CheckCells(std::span<const BulkCell> cells, CellsCheck* check) {
  // The previous cell's family (of the last call, at first): cells of one family come together,
  // and a bulk load's calls mostly name the same families.
  const FamilyHandle*& f = last_family_;
  if (PutsOfOneFamilyView(cells)) {  // the common case: one family looked at once
    if (f == nullptr || !SameString(f->desc.name, cells.front().family)) {
      CELLAR_ASSIGN_OR_RETURN(f, table_->RequireFamily(cells.front().family));
    }
    check->family = &families_[FamilyIndex(f)];
    check->keeps_sequence = KeepsSequence(CellType::kPut, f->desc.new_version_behavior);
    return Status::Ok();
  }
  cell_families_.clear();
  const FamilyHandle* first = nullptr;
  bool mixed = false;  // two or more families: each cell's index in cell_families_
  bool keeps_sequence = false;
  for (size_t i = 0; i < cells.size(); ++i) {
    const BulkCell& c = cells[i];
    if (c.type != CellType::kPut && c.type != CellType::kDeleteColumn) {
      return Status::InvalidArgument("bulk load: AddCells takes Put and DeleteColumn cells, not " +
                                     std::string(CellTypeName(c.type)));
    }
    // The same view as the cell before (a caller's one family name for all its cells) is the
    // same family: its bytes cannot change during the call.
    const bool same_view = i > 0 && c.family.data() == cells[i - 1].family.data() &&
                           c.family.size() == cells[i - 1].family.size();
    if (!same_view && (f == nullptr || !SameString(f->desc.name, c.family))) {
      CELLAR_ASSIGN_OR_RETURN(f, table_->RequireFamily(c.family));
      if (i > 0 && f != first && !mixed) {
        mixed = true;
        cell_families_.assign(i, FamilyIndex(first));
      }
    }
    if (i == 0) first = f;
    keeps_sequence |= KeepsSequence(c.type, f->desc.new_version_behavior);
    if (mixed) cell_families_.push_back(FamilyIndex(f));
  }
  check->family = mixed ? nullptr : &families_[FamilyIndex(first)];
  check->keeps_sequence = keeps_sequence;
  return Status::Ok();
}

void EmbeddedBulkLoader::StartKeySuffixes(size_t cells) {
  // Nothing borrows a suffix between calls (the streams' key order was settled), so a load of
  // ever new columns may start over; within a call none may move.
  suffixes_.clear();
  suffixes_.emplace_back();  // index 0: no suffix (timestamp -1, which no call has)
  suffixes_.reserve(std::max(kMaxKeySuffixes, cells + 1));
  suffix_at_.assign(std::max(suffix_at_.size(), cells), 0);
}

const std::string& EmbeddedBulkLoader::FindKeySuffix(size_t position, std::string_view qualifier,
                                                     int64_t timestamp, CellType type) {
  // A row without a column's cell (a NULL) moves the later columns by a position or a few, to
  // suffixes made next to this position's last one (they are made in column order).
  const size_t last = suffix_at_[position];
  for (size_t d = 1; d <= kKeySuffixSearch; ++d) {
    for (size_t j : {last + d, last - d}) {  // last - d wraps to a huge index below 0
      if (j < suffixes_.size() && suffixes_[j].Is(qualifier, timestamp, type)) {
        suffix_at_[position] = static_cast<uint32_t>(j);
        return suffixes_[j].bytes;
      }
    }
  }
  KeySuffix& s = suffixes_.emplace_back();  // within the capacity AddCells made sure of
  s.qualifier.assign(qualifier);
  s.timestamp = timestamp;
  s.type = type;
  AppendCellKeyAfterRow(&s.bytes, qualifier, timestamp, type);
  suffix_at_[position] = static_cast<uint32_t>(suffixes_.size() - 1);
  return s.bytes;
}

Status EmbeddedBulkLoader::AddPuts(const RowMutations& mutations) {
  size_t cells = 0;
  bool needs_now = false;
  for (const auto& m : mutations.mutations()) {
    const auto& put = std::get<cellar::Put>(m);
    CELLAR_RETURN_IF_ERROR(planner_.ValidatePut(*table_, put));
    cells += put.cells().size();
    for (const Cell& c : put.cells()) needs_now |= c.timestamp == kLatestTimestamp;
  }
  // One sequence per cell in order, and one "now" for the call, as MutateRow.
  CELLAR_ASSIGN_OR_RETURN(uint64_t seq, engine_.AllocateSequences(cells));
  const int64_t now = needs_now ? engine_.clock().NowMillis() : 0;
  for (const auto& m : mutations.mutations()) {
    for (const Cell& c : std::get<cellar::Put>(m).cells()) {
      BufferCell(c, c.timestamp == kLatestTimestamp ? now : c.timestamp, seq++);
    }
  }
  return Added();
}

Status EmbeddedBulkLoader::BufferPlanned() {
  if (!planned_.empty()) {
    // One sequence per cell in planning order, as CommitCells gives them.
    CELLAR_ASSIGN_OR_RETURN(uint64_t seq, engine_.AllocateSequences(planned_.size()));
    for (const Cell& c : planned_) BufferCell(c, c.timestamp, seq++);
  }
  return Added();
}

void EmbeddedBulkLoader::BufferCell(const Cell& c, int64_t timestamp, uint64_t sequence) {
  const FamilyHandle* f = table_->FindFamily(c.family);  // validated by the caller
  FamilyLoad& load = families_[static_cast<size_t>(f - table_->families.data())];
  EncodeCellKeyTo(&key_, c.row, c.qualifier, timestamp, c.type);
  head_.Set(sequence, KeepsSequence(c.type, f->desc.new_version_behavior));
  BufferEntry(load,
              EntryPieces{.key_head = key_, .value_head = head_.bytes(), .value_tail = c.value});
  load.order.Settle();  // key_ changes with the next cell
}

bool EmbeddedBulkLoader::StreamEntry(FamilyLoad& load, const EntryPieces& entry) {
  if (!load.order.Follows(entry)) return false;
  load.order.Take(entry);
  Status status;
  if (load.last_stream_closed) status = NextStream(load);
  if (status.ok()) status = load.streams.back()->Add(entry);
  load.stream_bytes += entry.key_size() + entry.value_size();
  if (status.ok() && load.stream_bytes >= stream_file_bytes_) {
    status = load.streams.back()->Close();  // the next key starts the next stream
    load.last_stream_closed = true;
  }
  if (!status.ok() && stream_error_.ok()) stream_error_ = status;
  return true;
}

void EmbeddedBulkLoader::BufferEntry(FamilyLoad& load, const EntryPieces& entry) {
  if (!load.streams.empty()) {
    if (StreamEntry(load, entry)) return;
    Status ended = EndStream(load);  // a key out of order: buffered and sorted from here on
    if (!ended.ok() && stream_error_.ok()) stream_error_ = ended;
  }
  const size_t before = load.buffer.bytes();
  load.buffer.Add(entry);
  buffered_bytes_ += load.buffer.bytes() - before;
  if (!load.buffer.ascending()) {
    load.may_stream = false;
  } else if (load.may_stream && load.buffer.bytes() >= kStreamAfterBytes) {
    Status started = StartStream(load);
    if (!started.ok() && stream_error_.ok()) stream_error_ = started;
  }
}

void EmbeddedBulkLoader::OpenStream(FamilyLoad& load) {
  const size_t generation = next_run_++;
  load.streams.push_back(std::make_unique<RunStream>(
      load.options, RunPath(static_cast<size_t>(&load - families_.data()), generation), generation,
      stream_queue_bytes_, *stream_blocks_));
  load.stream_bytes = 0;
  load.last_stream_closed = false;
}

Status EmbeddedBulkLoader::StartStream(FamilyLoad& load) {
  OpenStream(load);
  load.order.Set(load.buffer.last_key());
  buffered_bytes_ -= load.buffer.bytes();
  return load.buffer.MoveTo(*load.streams.back());
}

Status EmbeddedBulkLoader::NextStream(FamilyLoad& load) {
  if (load.streams.size() >= stream_threads_) CELLAR_RETURN_IF_ERROR(WaitOldestStream(load));
  OpenStream(load);
  return Status::Ok();
}

Status EmbeddedBulkLoader::WaitOldestStream(FamilyLoad& load) {
  Run run;
  Status finished = load.streams.front()->Wait(&run);
  load.streams.erase(load.streams.begin());
  CELLAR_RETURN_IF_ERROR(finished);
  load.runs.push_back(std::move(run));
  ++stats_.streamed_runs;
  return Status::Ok();
}

Status EmbeddedBulkLoader::EndStream(FamilyLoad& load) {
  load.may_stream = false;
  Status status;
  if (!load.streams.empty() && !load.last_stream_closed) status = load.streams.back()->Close();
  while (status.ok() && !load.streams.empty()) status = WaitOldestStream(load);
  load.streams.clear();  // after an error: stops the threads of the others
  return status;
}

Status EmbeddedBulkLoader::SpillOrFail() {
  if (!stream_error_.ok()) {
    Abort();  // a stream lost cells of this call: nothing to go on with
    return stream_error_;
  }
  // Half the budget: the other half is the chunk the background spill may still be writing.
  if (buffered_bytes_ < options_.memory_budget_bytes / 2) return Status::Ok();
  Status spilled = Spill();
  if (!spilled.ok()) Abort();  // the buffers are half written: nothing to go on with
  return spilled;
}

std::string EmbeddedBulkLoader::RunPath(size_t family, size_t run) const {
  return dir_ + "/f" + std::to_string(family) + "-" + std::to_string(run) + ".sst";
}

Status EmbeddedBulkLoader::WaitForSpill() {
  if (!spill_.valid()) return Status::Ok();
  CELLAR_ASSIGN_OR_RETURN(auto runs, spill_.get());
  for (auto& [family, run] : runs) families_[family].runs.push_back(std::move(run));
  return Status::Ok();
}

Status EmbeddedBulkLoader::Spill() {
  CELLAR_RETURN_IF_ERROR(WaitForSpill());
  // Family index and the paths of its chunk's files, all of the spill's generation.
  std::vector<std::pair<size_t, std::vector<std::string>>> jobs;
  const uint64_t generation = next_run_;
  const size_t threads = static_cast<size_t>(std::max(1, options_.spill_threads));
  for (size_t i = 0; i < families_.size(); ++i) {
    FamilyLoad& f = families_[i];
    if (f.buffer.empty()) continue;
    std::swap(f.buffer, f.spilling);  // the emptied buffer of the last spill is refilled next
    std::vector<std::string> paths;
    for (size_t t = 0; t < threads; ++t) paths.push_back(RunPath(i, next_run_++));
    jobs.emplace_back(i, std::move(paths));
  }
  buffered_bytes_ = 0;
  if (jobs.empty()) return Status::Ok();
  spill_ = std::async(
      std::launch::async,
      [this, generation, jobs = std::move(jobs)]() -> Result<std::vector<std::pair<size_t, Run>>> {
        std::vector<std::pair<size_t, Run>> runs;
        for (const auto& [i, paths] : jobs) {
          std::vector<Run> written;
          CELLAR_RETURN_IF_ERROR(
              families_[i].spilling.WriteRuns(families_[i].options, paths, generation, &written));
          for (Run& r : written) runs.emplace_back(i, std::move(r));
        }
        return runs;
      });
  return Status::Ok();
}

Result<std::vector<std::string>> EmbeddedBulkLoader::FinalFiles(FamilyLoad& f, size_t index) {
  std::vector<std::string> paths;
  if (SortAndCheckOverlap(&f.runs)) {
    Run merged;
    CELLAR_RETURN_IF_ERROR(
        MergeRuns(f.options, f.runs, dir_ + "/f" + std::to_string(index) + "-merged.sst", &merged));
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
  if (spilled.ok()) spilled = WaitForSpill();
  for (FamilyLoad& f : families_) {
    if (spilled.ok()) spilled = EndStream(f);
  }
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
  if (spill_.valid()) (void)spill_.get();  // it writes into dir_
  for (FamilyLoad& f : families_) {
    f.streams.clear();  // stops their threads, which write into dir_
    f.buffer = RunBuffer();
    f.spilling = RunBuffer();
    f.runs.clear();
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

}  // namespace cellar::store
