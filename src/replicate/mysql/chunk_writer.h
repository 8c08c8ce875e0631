#pragma once

// ChunkWriter: hashes and stores the chunks of a dump being staged (ChunkKey and PutChunk,
// staged_dump.h) on a thread of its own, in the order they are added, so that reading and
// splitting the dump goes on while the chunks are hashed and written. At most "max_pending"
// chunks wait in memory; Add blocks while that many do.
// Thread-compatible: one thread adds and finishes; the writing thread is internal.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cellar/status.h"
#include "cellar/table.h"

namespace cellar::mysql {

class ChunkWriter {
 public:
  // Writes into "chunks" (borrowed: must outlive the writer).
  explicit ChunkWriter(Table& chunks, size_t max_pending = 4);
  // Stops after the chunk being written; the ones still waiting are dropped (they are only
  // referenced by a dump record, written after Finish).
  ~ChunkWriter();
  ChunkWriter(const ChunkWriter&) = delete;
  ChunkWriter& operator=(const ChunkWriter&) = delete;

  // Queues the chunk "sql" of "table", to be stored under ChunkKey(table, sql). Returns the
  // error of an earlier write, if one failed (nothing more is written then).
  Status Add(std::string table, std::string sql);
  // Waits until every queued chunk is written. Returns the first write error, if any.
  Status Finish();
  // The key of every chunk, in the order they were added (complete after a Finish that
  // returned Ok).
  const std::vector<std::string>& keys() const { return keys_; }
  // Chunks that were not stored before (valid after Finish).
  uint64_t new_chunks() const { return new_chunks_; }

 private:
  struct Chunk {
    std::string table, sql;
  };
  void Run();

  Table& chunks_;
  const size_t max_pending_;
  std::mutex mu_;
  std::condition_variable changed_;
  // Protected by mu_
  std::deque<Chunk> pending_;
  bool writing_ = false;  // a chunk taken from pending_ is being written
  bool stop_ = false;
  Status error_;
  std::vector<std::string> keys_;
  uint64_t new_chunks_ = 0;
  // Started last, so that the members above exist when it runs.
  std::thread thread_;
};

}  // namespace cellar::mysql
