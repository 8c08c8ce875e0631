#include "replicate/mysql/read_ahead_source.h"

#include <algorithm>
#include <cstring>

namespace cellar::mysql {

ReadAheadSource::ReadAheadSource(ByteSource& inner,
                                 std::function<void(std::string_view)> observe,
                                 size_t block_size, size_t blocks)
    : inner_(inner),
      observe_(std::move(observe)),
      block_size_(std::max<size_t>(block_size, 1)),
      max_blocks_(std::max<size_t>(blocks, 1)),
      thread_([this] { Run(); }) {}

ReadAheadSource::~ReadAheadSource() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

Result<size_t> ReadAheadSource::Read(char* buf, size_t n) {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [&] { return !ready_.empty() || end_; });
  // Fills "buf" from as many ready blocks as it takes, without waiting for more.
  size_t copied = 0;
  while (copied < n && !ready_.empty()) {
    Block& block = ready_.front();
    const size_t k = std::min(n - copied, block.size - front_taken_);
    std::memcpy(buf + copied, block.bytes.get() + front_taken_, k);
    copied += k;
    front_taken_ += k;
    if (front_taken_ == block.size) {
      free_.push_back(std::move(block));
      ready_.pop_front();
      front_taken_ = 0;
      changed_.notify_all();  // room for the next block
    }
  }
  if (copied > 0 || n == 0) return copied;
  if (!error_.ok()) return error_;
  return size_t{0};
}

void ReadAheadSource::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    changed_.wait(lock, [&] { return stop_ || ready_.size() < max_blocks_; });
    if (stop_) return;
    Block block;
    if (!free_.empty()) {
      block = std::move(free_.back());
      free_.pop_back();
    }
    lock.unlock();
    // Not zeroed: the read overwrites the bytes it returns.
    if (!block.bytes) block.bytes = std::make_unique_for_overwrite<char[]>(block_size_);
    Result<size_t> got = inner_.Read(block.bytes.get(), block_size_);
    if (got.ok()) {
      block.size = *got;
      if (*got > 0) observe_(std::string_view(block.bytes.get(), *got));
    }
    lock.lock();
    if (!got.ok() || *got == 0) {
      if (!got.ok()) error_ = got.status();
      end_ = true;
      changed_.notify_all();
      return;
    }
    ready_.push_back(std::move(block));
    changed_.notify_all();
  }
}

}  // namespace cellar::mysql
