#include "store/bulk_runs.h"

#include <rocksdb/perf_level.h>
#include <rocksdb/sst_file_reader.h>
#include <rocksdb/sst_file_writer.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <queue>
#include <thread>

#include "store/byte_ops.h"
#include "store/rocks_options.h"

namespace cellar::store {
namespace {

Status RunError(const rocksdb::Status& s, const std::string& what, const std::string& path) {
  return Status::Internal("bulk load: " + what + " '" + path + "': " + s.ToString());
}

// How run files are written: the kernel is asked to start writing back every MiB as it is
// written (sync_file_range, not waiting), so the sync when a file is finished has little left
// to write. Without it a streamed run of hundreds of MB was all still dirty at the end of a
// copy, and its sync made up most of the time between the end of the COPY and the ingestion.
rocksdb::EnvOptions RunFileOptions() {
  rocksdb::EnvOptions o;
  o.bytes_per_sync = 1u << 20;
  return o;
}

// Turns off RocksDB's per-thread perf counters on a thread of ours that only writes table files,
// where nothing reads them. They are on by default (kEnableCount), and Debian's build checks the
// order of every added key with the internal key comparator, which counts each comparison in the
// thread's perf context: two thread-local lookups per entry, about 1 % of a file's instructions.
void DisablePerfCountersOnThisThread() { rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable); }

// Writes sorted unique entries to one table file; the family's options decide its format. The
// page cache keeps the written pages: a merge or the first reads come right after.
class RunWriter {
 public:
  RunWriter(const rocksdb::Options& options, std::string path)
      : writer_(RunFileOptions(), BulkFileWriterOptions(options), /*column_family=*/nullptr,
                /*invalidate_page_cache=*/false),
        path_(std::move(path)) {}

  Status Open() {
    rocksdb::Status s = writer_.Open(path_);
    return s.ok() ? Status::Ok() : RunError(s, "creating", path_);
  }
  Status Put(std::string_view key, std::string_view value) {
    rocksdb::Status s = writer_.Put(rocksdb::Slice(key.data(), key.size()),
                                    rocksdb::Slice(value.data(), value.size()));
    return s.ok() ? Status::Ok() : RunError(s, "writing", path_);
  }
  // Finishes (and syncs) the file and describes it in "run".
  Status Finish(Run* run) {
    rocksdb::ExternalSstFileInfo info;
    rocksdb::Status s = writer_.Finish(&info);
    if (!s.ok()) return RunError(s, "finishing", path_);
    run->path = path_;
    run->smallest = std::move(info.smallest_key);
    run->largest = std::move(info.largest_key);
    run->entries = static_cast<int64_t>(info.num_entries);
    run->bytes = static_cast<int64_t>(info.file_size);
    return Status::Ok();
  }

 private:
  rocksdb::SstFileWriter writer_;
  std::string path_;
};

}  // namespace

bool EntryPieces::KeyGreaterThan(std::string_view key) const {
  const size_t n = std::min(key_head.size(), key.size());
  if (const int c = std::memcmp(key_head.data(), key.data(), n); c != 0) return c > 0;
  // key_head and key agree on their first n bytes.
  if (key_head.size() > key.size()) return true;  // "key" is a proper prefix of the head
  return key_tail > key.substr(key_head.size());
}

char* RunBuffer::Allocate(size_t size) {
  if (!blocks_.empty() && block_used_ + size <= block_sizes_[block_]) {
    char* p = blocks_[block_].get() + block_used_;
    block_used_ += size;
    return p;
  }
  // The next block that fits: a kept one, or a new one (larger than kBlockSize for a huge entry).
  size_t next = blocks_.empty() ? 0 : block_ + 1;
  while (next < blocks_.size() && block_sizes_[next] < size) ++next;
  if (next >= blocks_.size()) {
    const size_t block_size = std::max(kBlockSize, size);
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(block_size));
    block_sizes_.push_back(block_size);
    next = blocks_.size() - 1;
  }
  block_ = next;
  block_used_ = size;
  return blocks_[block_].get();
}

void RunBuffer::Add(const EntryPieces& entry) {
  const size_t key_size = entry.key_size();
  const size_t value_size = entry.value_size();
  char* p = Allocate(key_size + value_size);
  entry.CopyTo(p);
  const std::string_view key(p, key_size);
  if (ascending_ && !entries_.empty() && Key(entries_.back()) >= key) ascending_ = false;
  entries_.push_back(Entry{p, static_cast<uint32_t>(key_size), static_cast<uint32_t>(value_size),
                           static_cast<uint32_t>(entries_.size())});
  used_bytes_ += key_size + value_size;
}

void RunBuffer::Clear() {
  entries_.clear();
  block_ = 0;
  block_used_ = 0;
  used_bytes_ = 0;
  ascending_ = true;
}

Status RunBuffer::WriteRuns(const rocksdb::Options& options,
                            const std::vector<std::string>& paths, uint64_t generation,
                            std::vector<Run>* runs) {
  if (!ascending_) {
    // Of equal keys the one added last is the newest write: sort it first, keep the first.
    std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
      int c = Key(a).compare(Key(b));
      return c != 0 ? c < 0 : a.order > b.order;
    });
  }
  const std::vector<size_t> bounds = PartBounds(paths.size());
  const size_t parts = bounds.size() - 1;
  std::vector<Run> written(parts);
  std::vector<Status> status(parts);
  // Building a table file is CPU work (blocks, index, filter, checksums): the parts use more
  // cores, while the thread that adds the next chunk keeps one.
  std::vector<std::thread> helpers;
  for (size_t p = 1; p < parts; ++p) {
    helpers.emplace_back([&, p] {
      DisablePerfCountersOnThisThread();
      status[p] = WriteRange(options, paths[p], bounds[p], bounds[p + 1], &written[p]);
    });
  }
  status[0] = WriteRange(options, paths[0], bounds[0], bounds[1], &written[0]);
  for (std::thread& t : helpers) t.join();
  for (const Status& st : status) CELLAR_RETURN_IF_ERROR(st);
  for (Run& r : written) {
    r.generation = generation;
    runs->push_back(std::move(r));
  }
  Clear();
  return Status::Ok();
}

Status RunBuffer::MoveTo(RunStream& stream) {
  for (const Entry& e : entries_) {
    CELLAR_RETURN_IF_ERROR(stream.Add(EntryPieces{.key_head = Key(e), .value_head = Value(e)}));
  }
  Clear();
  return Status::Ok();
}

std::vector<size_t> RunBuffer::PartBounds(size_t parts) const {
  std::vector<size_t> bounds = {0};
  for (size_t p = 1; p < parts; ++p) {
    size_t cut = std::max(bounds.back(), entries_.size() * p / parts);
    while (cut > bounds.back() && cut < entries_.size() &&
           Key(entries_[cut]) == Key(entries_[cut - 1])) {
      ++cut;  // the entries of one key stay in one part, which keeps the newest
    }
    if (cut > bounds.back() && cut < entries_.size()) bounds.push_back(cut);
  }
  bounds.push_back(entries_.size());
  return bounds;
}

Status RunBuffer::WriteRange(const rocksdb::Options& options, const std::string& path,
                             size_t begin, size_t end, Run* run) const {
  RunWriter writer(options, path);
  CELLAR_RETURN_IF_ERROR(writer.Open());
  std::string_view previous;
  for (size_t i = begin; i < end; ++i) {
    const std::string_view key = Key(entries_[i]);
    if (!ascending_ && i > begin && key == previous) continue;
    previous = key;
    CELLAR_RETURN_IF_ERROR(writer.Put(key, Value(entries_[i])));
  }
  return writer.Finish(run);
}

std::unique_ptr<char[]> StreamBlockPool::Take() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!free_.empty()) {
      std::unique_ptr<char[]> block = std::move(free_.back());
      free_.pop_back();
      return block;
    }
  }
  return std::make_unique_for_overwrite<char[]>(kBlockSize);
}

void StreamBlockPool::Give(std::unique_ptr<char[]> block) {
  std::lock_guard<std::mutex> lock(mu_);
  free_.push_back(std::move(block));
}

size_t StreamBlockPool::kept() const {
  std::lock_guard<std::mutex> lock(mu_);
  return free_.size();
}

std::shared_ptr<StreamBlockPool> StreamBlockPool::Shared() {
  static std::mutex mu;
  static std::weak_ptr<StreamBlockPool> shared;  // protected by mu
  std::lock_guard<std::mutex> lock(mu);
  std::shared_ptr<StreamBlockPool> pool = shared.lock();
  if (pool == nullptr) {
    pool = std::make_shared<StreamBlockPool>();
    shared = pool;
  }
  return pool;
}

RunStream::RunStream(const rocksdb::Options& options, std::string path, uint64_t generation,
                     size_t queue_bytes, StreamBlockPool& pool)
    : options_(options),
      path_(std::move(path)),
      generation_(generation),
      queue_blocks_(std::max<size_t>(1, queue_bytes / StreamBlockPool::kBlockSize)),
      pool_(pool),
      thread_([this] { WriteQueued(); }) {}

RunStream::~RunStream() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
  for (Block& b : queued_) Release(std::move(b));
  Release(std::move(filling_));
}

Status RunStream::Add(const EntryPieces& entry) {
  if (TryAdd(entry)) return Status::Ok();
  if (filling_.used > 0) CELLAR_RETURN_IF_ERROR(HandOver());
  MakeRoom(2 * sizeof(uint32_t) + entry.key_size() + entry.value_size());
  TryAdd(entry);  // an empty block of at least its size: taken
  return Status::Ok();
}

Status RunStream::HandOver() {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [&] { return queued_.size() < queue_blocks_; });
  queued_.push_back(std::move(filling_));
  changed_.notify_all();
  filling_ = Block();
  return error_;
}

void RunStream::MakeRoom(size_t size) {
  if (filling_.capacity < size) {
    Release(std::move(filling_));
    if (size <= StreamBlockPool::kBlockSize) {
      filling_.data = pool_.Take();
      filling_.capacity = StreamBlockPool::kBlockSize;
    } else {
      filling_.data = std::make_unique_for_overwrite<char[]>(size);
      filling_.capacity = size;
    }
  }
  filling_.used = 0;
}

void RunStream::Release(Block block) {
  if (block.data != nullptr && block.capacity == StreamBlockPool::kBlockSize) {
    pool_.Give(std::move(block.data));
  }
}

Status RunStream::Close() {
  Status handed = HandOver();
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
  changed_.notify_all();
  return handed;
}

Status RunStream::Wait(Run* run) {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [&] { return done_; });
  CELLAR_RETURN_IF_ERROR(error_);
  *run = std::move(run_);
  run->generation = generation_;
  return Status::Ok();
}

void RunStream::WriteQueued() {
  DisablePerfCountersOnThisThread();
  RunWriter writer(options_, path_);
  Status status = writer.Open();
  std::unique_lock<std::mutex> lock(mu_);
  if (!status.ok()) error_ = status;
  for (;;) {
    changed_.wait(lock, [&] { return stopping_ || closed_ || !queued_.empty(); });
    if (stopping_ || queued_.empty()) break;
    Block block = std::move(queued_.front());
    queued_.pop_front();
    changed_.notify_all();  // room in the queue
    if (status.ok()) {
      lock.unlock();
      for (const char* p = block.data.get(); p < block.data.get() + block.used;) {
        uint32_t sizes[2];
        std::memcpy(sizes, p, sizeof(sizes));
        status = writer.Put(std::string_view(p + 8, sizes[0]),
                            std::string_view(p + 8 + sizes[0], sizes[1]));
        if (!status.ok()) break;
        p += 8 + sizes[0] + sizes[1];
      }
      lock.lock();
      if (!status.ok()) error_ = status;
    }
    Release(std::move(block));
  }
  if (status.ok() && closed_ && !stopping_) {
    lock.unlock();
    Run run;
    status = writer.Finish(&run);
    lock.lock();
    if (status.ok()) {
      run_ = std::move(run);
    } else {
      error_ = status;
    }
  }
  done_ = true;
  changed_.notify_all();
}

bool SortAndCheckOverlap(std::vector<Run>* runs) {
  std::sort(runs->begin(), runs->end(),
            [](const Run& a, const Run& b) { return a.smallest < b.smallest; });
  for (size_t i = 1; i < runs->size(); ++i) {
    if ((*runs)[i - 1].largest >= (*runs)[i].smallest) return true;
  }
  return false;
}

Status MergeRuns(const rocksdb::Options& options, const std::vector<Run>& runs,
                 const std::string& path, Run* out) {
  std::vector<std::unique_ptr<rocksdb::SstFileReader>> readers;
  std::vector<std::unique_ptr<rocksdb::Iterator>> iters;
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;
  ro.readahead_size = 2u << 20;
  for (const Run& r : runs) {
    readers.push_back(std::make_unique<rocksdb::SstFileReader>(options));
    rocksdb::Status s = readers.back()->Open(r.path);
    if (!s.ok()) return RunError(s, "reading", r.path);
    iters.emplace_back(readers.back()->NewIterator(ro));
    iters.back()->SeekToFirst();
  }
  // A min-heap of the iterators by their current key; of equal keys the highest generation first.
  auto later = [&iters, &runs](size_t a, size_t b) {
    int c = iters[a]->key().compare(iters[b]->key());
    if (c != 0) return c > 0;
    return runs[a].generation < runs[b].generation;
  };
  std::priority_queue<size_t, std::vector<size_t>, decltype(later)> heap(later);
  for (size_t i = 0; i < iters.size(); ++i) {
    if (iters[i]->Valid()) heap.push(i);
  }
  RunWriter writer(options, path);
  CELLAR_RETURN_IF_ERROR(writer.Open());
  std::string previous;
  bool first = true;
  while (!heap.empty()) {
    size_t i = heap.top();
    heap.pop();
    rocksdb::Iterator& it = *iters[i];
    std::string_view key = it.key().ToStringView();
    if (first || key != previous) {
      CELLAR_RETURN_IF_ERROR(writer.Put(key, it.value().ToStringView()));
      previous.assign(key);
      first = false;
    }
    it.Next();
    if (it.Valid()) heap.push(i);
  }
  for (size_t i = 0; i < iters.size(); ++i) {
    if (!iters[i]->status().ok()) return RunError(iters[i]->status(), "reading", runs[i].path);
  }
  return writer.Finish(out);
}

}  // namespace cellar::store
