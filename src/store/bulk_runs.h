#pragma once

// Sorted runs of one family's cells for a bulk load: RunBuffer collects encoded (key, value)
// entries in memory in the order they were added, and writes them sorted to a RocksDB table
// file (a run); RunStream writes entries that arrive in ascending key order into a run as they
// come, on its own thread, in blocks from a StreamBlockPool; MergeRuns merges runs whose key
// ranges overlap into one file. When several entries have the same key the one added last wins,
// as the later write would with Puts: within a buffer by adding order, across runs by their
// generation (values need not carry a sequence, docs/key-format.md). Not thread-safe (each
// class's own threads, and StreamBlockPool, excepted).

#include <rocksdb/options.h>

#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "cellar/status.h"
#include "store/byte_ops.h"

namespace cellar::store {

// A table file holding sorted, unique keys.
struct Run {
  std::string path;
  std::string smallest;  // first key
  std::string largest;   // last key
  int64_t entries = 0;
  int64_t bytes = 0;  // file size
  // The runs of one load are numbered in the order they began to take entries: of two runs
  // holding the same key, the one of the higher generation holds the later write.
  uint64_t generation = 0;
};

// One entry given in pieces, so that the caller need not join them first: the key is key_head
// followed by key_tail (a bulk load's escaped row and the rest of the cell key), the value
// value_head followed by value_tail (the sequence and the payload). Borrows the bytes.
struct EntryPieces {
  std::string_view key_head = {};
  std::string_view key_tail = {};
  std::string_view value_head = {};
  std::string_view value_tail = {};

  size_t key_size() const { return key_head.size() + key_tail.size(); }
  size_t value_size() const { return value_head.size() + value_tail.size(); }
  // Whether the key is greater than "key" (bytewise, as the store's comparator).
  bool KeyGreaterThan(std::string_view key) const;
  // Copies key then value to "out" (key_size() + value_size() bytes; pieces of up to 128 bytes,
  // the usual rows, suffixes, sequences and values, without a call to memcpy: CopyBytes).
  void CopyTo(char* out) const {
    CopyBytes(out, key_head.data(), key_head.size());
    out += key_head.size();
    CopyBytes(out, key_tail.data(), key_tail.size());
    out += key_tail.size();
    CopyBytes(out, value_head.data(), value_head.size());
    out += value_head.size();
    CopyBytes(out, value_tail.data(), value_tail.size());
  }
};

class RunStream;

class RunBuffer {
 public:
  // Appends one entry.
  void Add(const EntryPieces& entry);
  bool empty() const { return entries_.empty(); }
  // Whether every key so far was greater than the one before.
  bool ascending() const { return ascending_; }
  // Memory held: the entries' bytes plus the per-entry index.
  size_t bytes() const { return used_bytes_ + entries_.size() * sizeof(Entry); }

  // Sorts the entries (unless they were added in ascending key order, the common case of a
  // copy in primary-key order), keeps the newest of each key and writes them to new table files
  // (synced) with "options" (the family's RocksDB options, so filters, block size and
  // compression match the family's own files): the key range is cut into up to "paths".size()
  // parts of about equal entry counts (never between two entries of one key), each written to
  // its path by its own thread, and described in "runs" in key order (fewer parts when there are
  // fewer keys), each of "generation". Empties the buffer but keeps its memory for the next
  // run. Internal on a file error. REQUIRES: !empty(), !paths.empty().
  Status WriteRuns(const rocksdb::Options& options, const std::vector<std::string>& paths,
                   uint64_t generation, std::vector<Run>* runs);
  // The key added last. REQUIRES: !empty().
  std::string_view last_key() const { return Key(entries_.back()); }
  // Adds every entry to "stream" in order and empties the buffer (keeping its memory). The
  // stream's error if it failed. REQUIRES: ascending(), and the first key greater than every key
  // of "stream".
  Status MoveTo(RunStream& stream);

 private:
  struct Entry {
    const char* data;  // the key, then the value, in one of blocks_
    uint32_t key_size;
    uint32_t value_size;
    uint32_t order;  // position in adding order: of equal keys the higher one is newer
  };
  static std::string_view Key(const Entry& e) { return {e.data, e.key_size}; }
  // Where WriteRuns cuts the sorted entries into at most "parts" parts: the first index of each
  // part, then entries_.size().
  std::vector<size_t> PartBounds(size_t parts) const;
  // Writes entries_[begin, end) (sorted), the newest of each key, to a table file at "path".
  Status WriteRange(const rocksdb::Options& options, const std::string& path, size_t begin,
                    size_t end, Run* run) const;
  static std::string_view Value(const Entry& e) { return {e.data + e.key_size, e.value_size}; }
  // Room for "size" bytes: the rest of the current block, or the next (new or reused) one.
  char* Allocate(size_t size);
  void Clear();

  static constexpr size_t kBlockSize = 1u << 20;
  // Storage in fixed blocks, so that growing never copies what is there; kept across runs.
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::vector<size_t> block_sizes_;
  size_t block_ = 0;       // the block being filled (when blocks_ is not empty)
  size_t block_used_ = 0;  // bytes used in it
  size_t used_bytes_ = 0;
  std::vector<Entry> entries_;
  bool ascending_ = true;  // every key so far greater than the one before
};

// The queue blocks of loads' RunStreams, kept for the next stream when one ends (a free list):
// a stream's blocks are filled once each (a stream writes about as many bytes as its queue
// holds), so without it every stream took fresh memory, a page fault every 4 KiB, and the
// blocks' bytes were not in any cache. Keeps at most as many blocks as were in use at once.
// Thread-safe.
class StreamBlockPool {
 public:
  static constexpr size_t kBlockSize = 1u << 20;

  // A block of kBlockSize bytes: a kept one, or a new one.
  std::unique_ptr<char[]> Take();
  // Keeps "block" (of kBlockSize bytes) for a later Take.
  void Give(std::unique_ptr<char[]> block);
  // The number of blocks kept.
  size_t kept() const;

  // The pool shared by every holder of its result alive at once, or a new one when there is
  // none: the loaders of one process that overlap in time (a publish's tables, loaded two at a
  // time, one after the other on each thread) take the blocks the streams of the others gave
  // back, instead of fresh memory for each loader. Its blocks are freed with its last holder.
  static std::shared_ptr<StreamBlockPool> Shared();

 private:
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<char[]>> free_;  // protected by mu_
};

// Writes entries whose keys arrive in strictly ascending order (a copy in primary-key order)
// straight into one table file, on a thread of its own: Add packs entries into blocks and hands
// each full block over through a bounded queue, so nothing is indexed, sorted, or left to write
// when the input ends. The caller decides the order (StreamKeyOrder): the stream does not compare
// keys, RocksDB's table writer does (a key not greater than the one before fails the file:
// Internal from Add, Close or Wait). Add, Close, Wait and the destructor are called from one
// thread.
class RunStream {
 public:
  // Starts the writing thread, which creates the file at "path" with "options" (the family's, as
  // RunBuffer::WriteRuns), a run of "generation". At most "queue_bytes" (at least one block) of
  // full blocks wait for it; Add waits when they are all taken. The blocks come from "pool" and
  // go back to it (borrowed; it must outlive the stream).
  RunStream(const rocksdb::Options& options, std::string path, uint64_t generation,
            size_t queue_bytes, StreamBlockPool& pool);
  // Stops the writing thread (the file is left where it is, for the caller to remove).
  ~RunStream();
  RunStream(const RunStream&) = delete;
  RunStream& operator=(const RunStream&) = delete;

  // Appends "entry", copied into the block being filled. Returns the writing thread's error
  // (Internal) if it failed. REQUIRES: its key greater than every key added before; not closed.
  Status Add(const EntryPieces& entry);
  // As Add when the block being filled has room for "entry" (the common case, inline, for the
  // loader's per-cell path): true once copied; false, having done nothing, when the block must be
  // handed over first (then Add). REQUIRES: as Add.
  bool TryAdd(const EntryPieces& entry) {
    const uint32_t sizes[2] = {static_cast<uint32_t>(entry.key_size()),
                               static_cast<uint32_t>(entry.value_size())};
    const size_t size = sizeof(sizes) + sizes[0] + sizes[1];
    if (filling_.used + size > filling_.capacity) return false;
    char* p = filling_.data.get() + filling_.used;
    std::memcpy(p, sizes, sizeof(sizes));
    entry.CopyTo(p + sizeof(sizes));
    filling_.used += size;
    return true;
  }
  // Hands the last entries over; the writing thread then finishes (and syncs) the file in the
  // background. REQUIRES: at least one Add; called once.
  Status Close();
  // Waits for the file to be finished after Close and describes it in "run". Internal on a file
  // error.
  Status Wait(Run* run);

 private:
  struct Block {
    std::unique_ptr<char[]> data;  // entries: key_size:u32 value_size:u32 key value
    size_t capacity = 0;
    size_t used = 0;
  };
  // Queues filling_ (not empty) for the writing thread, waiting while the queue is full. The
  // writing thread's error, if any.
  Status HandOver();
  // Makes filling_ an empty block of at least "size" bytes (the pool's, unless larger).
  void MakeRoom(size_t size);
  // Gives "block" back to the pool, unless it is larger than the pool's blocks.
  void Release(Block block);
  // The writing thread: writes each queued block into the file; after an error it only drains
  // the queue, so Add never waits forever.
  void WriteQueued();

  const rocksdb::Options options_;
  const std::string path_;
  const uint64_t generation_;
  const size_t queue_blocks_;
  StreamBlockPool& pool_;
  Block filling_;  // owned by the adding thread
  std::mutex mu_;
  std::condition_variable changed_;
  // Protected by mu_
  std::deque<Block> queued_;
  bool closed_ = false;    // no more blocks: finish the file
  bool stopping_ = false;  // abandon the file
  bool done_ = false;      // the writing thread has finished
  Status error_;
  Run run_;
  // (end of the members protected by mu_)
  std::thread thread_;
};

// Whether any two of "runs" share a key range (then they must be merged before ingestion).
// Sorts "runs" by smallest key.
bool SortAndCheckOverlap(std::vector<Run>* runs);

// Merges "runs" (each sorted, keys unique within a run, no two of one generation sharing a key)
// into one table file at "path", keeping for each key the entry of the highest generation.
// Internal on a file error.
Status MergeRuns(const rocksdb::Options& options, const std::vector<Run>& runs,
                 const std::string& path, Run* out);

}  // namespace cellar::store
