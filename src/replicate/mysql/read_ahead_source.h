#pragma once

// ReadAheadSource: a ByteSource that reads another one on a thread of its own, a block at a
// time and up to a few blocks ahead of its caller, and shows every block to an observer on that
// thread before handing it out. The stage hashes the whole file this way (the observer is the
// file's SHA-256) off the thread that splits and checks the statements, which is the stage's
// critical path; the reading itself (read(2)'s copy, or gzip's inflation) moves there too.
// Blocks are reused, so the read-ahead costs no fresh memory after its first blocks.
// Thread-compatible: one thread reads; the reading thread is internal.

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "replicate/mysql/byte_source.h"

namespace cellar::mysql {

class ReadAheadSource final : public ByteSource {
 public:
  // Reads "inner" (borrowed: must outlive this object) in blocks of "block_size" bytes, at most
  // "blocks" of them ahead, calling "observe" with the bytes of each block, in order, on the
  // reading thread. Everything "observe" did is visible to the caller once Read returned 0.
  ReadAheadSource(ByteSource& inner, std::function<void(std::string_view)> observe,
                  size_t block_size = size_t{1} << 20, size_t blocks = 4);
  // Stops the reading thread after the inner Read it is in, if any (a blocked read of a pipe
  // delays this until the pipe gives bytes or ends).
  ~ReadAheadSource() override;
  ReadAheadSource(const ReadAheadSource&) = delete;
  ReadAheadSource& operator=(const ReadAheadSource&) = delete;

  // The inner source's bytes, in order, then 0 at its end; an error of the inner Read after
  // the bytes read before it, and again at every later call.
  Result<size_t> Read(char* buf, size_t n) override;
  const std::string& name() const override { return inner_.name(); }

 private:
  struct Block {
    std::unique_ptr<char[]> bytes;  // block_size_ of them
    size_t size = 0;                // valid
  };
  void Run();

  ByteSource& inner_;
  const std::function<void(std::string_view)> observe_;
  const size_t block_size_;
  const size_t max_blocks_;
  std::mutex mu_;
  std::condition_variable changed_;
  // Protected by mu_
  std::deque<Block> ready_;    // read and observed, not yet handed out (front: next)
  size_t front_taken_ = 0;     // bytes of ready_.front() already handed out
  std::vector<Block> free_;    // blocks handed out, for the next reads
  bool end_ = false;                // the inner source ended or failed after ready_
  Status error_;                    // its error, if it failed
  bool stop_ = false;
  // Started last, so that the members above exist when it runs.
  std::thread thread_;
};

}  // namespace cellar::mysql
