#include "replicate/mysql/byte_source.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

namespace cellar::mysql {
namespace {

// gzread reads gzip and, transparently, plain bytes; but for plain files read(2) avoids a copy.
class GzipSource : public ByteSource {
 public:
  GzipSource(gzFile file, std::string name) : file_(file), name_(std::move(name)) {}
  ~GzipSource() override { gzclose(file_); }
  Result<size_t> Read(char* buf, size_t n) override {
    int got = gzread(file_, buf, static_cast<unsigned>(n > (1u << 30) ? (1u << 30) : n));
    if (got < 0) {
      int err = 0;
      const char* msg = gzerror(file_, &err);
      return Status::DataLoss(name_ + ": corrupt gzip data: " + (msg ? msg : "?"));
    }
    if (got == 0 && !gzeof(file_)) return Status::Unavailable(name_ + ": read error");
    return static_cast<size_t>(got);
  }
  const std::string& name() const override { return name_; }

 private:
  gzFile file_;
  std::string name_;
};

class FdSource : public ByteSource {
 public:
  FdSource(int fd, std::string name, std::string prefix)
      : fd_(fd), name_(std::move(name)), prefix_(std::move(prefix)) {}
  ~FdSource() override { if (fd_ > 0) close(fd_); }
  Result<size_t> Read(char* buf, size_t n) override {
    if (prefix_pos_ < prefix_.size()) {  // the bytes read to sniff the format
      size_t k = std::min(n, prefix_.size() - prefix_pos_);
      std::memcpy(buf, prefix_.data() + prefix_pos_, k);
      prefix_pos_ += k;
      return k;
    }
    while (true) {
      ssize_t got = read(fd_, buf, n);
      if (got >= 0) return static_cast<size_t>(got);
      if (errno != EINTR) return Status::Unavailable(name_ + ": read error: " + std::strerror(errno));
    }
  }
  const std::string& name() const override { return name_; }

 private:
  int fd_;
  std::string name_;
  std::string prefix_;
  size_t prefix_pos_ = 0;
};

class MemorySource : public ByteSource {
 public:
  MemorySource(std::string bytes, std::string name) : bytes_(std::move(bytes)), name_(std::move(name)) {}
  Result<size_t> Read(char* buf, size_t n) override {
    size_t k = std::min(n, bytes_.size() - pos_);
    std::memcpy(buf, bytes_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  const std::string& name() const override { return name_; }

 private:
  std::string bytes_;
  std::string name_;
  size_t pos_ = 0;
};

}  // namespace

Result<std::unique_ptr<ByteSource>> OpenByteSource(const std::string& path) {
  std::string name = path == "-" ? "<stdin>" : path;
  int fd = path == "-" ? 0 : open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound(path + ": no such file");
    return Status::Unavailable(path + ": cannot open: " + std::strerror(errno));
  }
  // Sniff two bytes: gzip's magic 1f 8b.
  char magic[2];
  size_t have = 0;
  while (have < 2) {
    ssize_t got = read(fd, magic + have, 2 - have);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    have += static_cast<size_t>(got);
  }
  bool gzip = have == 2 && static_cast<unsigned char>(magic[0]) == 0x1f &&
              static_cast<unsigned char>(magic[1]) == 0x8b;
  if (!gzip) return std::unique_ptr<ByteSource>(new FdSource(fd, name, std::string(magic, have)));
  if (path != "-") {
    lseek(fd, 0, SEEK_SET);
    gzFile file = gzdopen(fd, "rb");
    if (file == nullptr) return Status::Unavailable(path + ": cannot open as gzip");
    gzbuffer(file, 1 << 20);
    return std::unique_ptr<ByteSource>(new GzipSource(file, name));
  }
  return Status::InvalidArgument(
      "<stdin>: gzip data on standard input: pipe it through zcat, or give the .gz file's path");
}

std::unique_ptr<ByteSource> MemoryByteSource(std::string bytes, std::string name) {
  return std::make_unique<MemorySource>(std::move(bytes), std::move(name));
}

}  // namespace cellar::mysql
