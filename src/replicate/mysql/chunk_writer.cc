#include "replicate/mysql/chunk_writer.h"

#include "replicate/mysql/staged_dump.h"

namespace cellar::mysql {

ChunkWriter::ChunkWriter(Table& chunks, size_t max_pending)
    : chunks_(chunks),
      max_pending_(max_pending < 1 ? 1 : max_pending),
      thread_([this] { Run(); }) {}

ChunkWriter::~ChunkWriter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

Status ChunkWriter::Add(std::string table, std::string sql) {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [&] { return pending_.size() < max_pending_ || !error_.ok(); });
  if (!error_.ok()) return error_;
  pending_.push_back({std::move(table), std::move(sql)});
  changed_.notify_all();
  return Status::Ok();
}

Status ChunkWriter::Finish() {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [&] { return (pending_.empty() && !writing_) || !error_.ok(); });
  return error_;
}

void ChunkWriter::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    changed_.wait(lock, [&] { return stop_ || !pending_.empty(); });
    if (stop_ || !error_.ok()) return;
    Chunk chunk = std::move(pending_.front());
    pending_.pop_front();
    writing_ = true;
    changed_.notify_all();  // room for Add
    lock.unlock();
    std::string key = ChunkKey(chunk.table, chunk.sql);
    Result<bool> added = PutChunk(chunks_, key, chunk.table, std::move(chunk.sql));
    lock.lock();
    writing_ = false;
    if (!added.ok()) {
      error_ = added.status();
    } else {
      keys_.push_back(std::move(key));
      if (*added) ++new_chunks_;
    }
    changed_.notify_all();
  }
}

}  // namespace cellar::mysql
