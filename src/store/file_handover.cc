// A hand-over links or renames when it can (no byte is copied: the dump of a large table runs at
// the speed of reading it once for its checksum) and copies only across file systems. The
// checksum is CRC-32C (store/crc32c.h), fast enough that reading for it costs little beyond the
// read.

#include "store/file_handover.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "store/crc32c.h"

namespace cellar::store {
namespace {

constexpr size_t kChunk = 1u << 20;

Status Errno(const std::string& what) {
  return Status::Unavailable(what + ": " + std::strerror(errno));
}

// An open file descriptor, closed on destruction.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string Hex(uint32_t crc) {
  char text[9];
  std::snprintf(text, sizeof(text), "%08x", crc);
  return text;
}

// Reads "from" to its end, feeding the checksum and, when "out" is open, writing a copy.
Result<std::string> Stream(const std::string& from, const std::string& to, int out) {
  Fd in(::open(from.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) return Errno("opening " + from);
  (void)::posix_fadvise(in.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
  uint32_t crc = 0;
  std::vector<char> buf(kChunk);
  for (;;) {
    ssize_t n = ::read(in.get(), buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Errno("reading " + from);
    if (n == 0) break;
    crc = Crc32cExtend(crc, buf.data(), static_cast<size_t>(n));
    for (ssize_t done = 0; out >= 0 && done < n;) {
      ssize_t w = ::write(out, buf.data() + done, static_cast<size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) return Errno("writing " + to);
      done += w;
    }
  }
  return Hex(crc);
}

Result<std::string> CopyFile(const std::string& from, const std::string& to) {
  Fd out(::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (out.get() < 0) return Errno("creating " + to);
  CELLAR_ASSIGN_OR_RETURN(std::string crc, Stream(from, to, out.get()));
  if (::fsync(out.get()) != 0) return Errno("syncing " + to);
  return crc;
}

}  // namespace

Result<std::string> FileCrc32c(const std::string& path) {
  // Mapped rather than read: the checksum runs over the page cache without copying it.
  Fd in(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) return Errno("opening " + path);
  struct stat st;
  if (::fstat(in.get(), &st) != 0) return Errno("reading " + path);
  const size_t size = static_cast<size_t>(st.st_size);
  if (size == 0) return Hex(0);
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, in.get(), 0);
  if (map == MAP_FAILED) return Stream(path, "", -1);
  (void)::madvise(map, size, MADV_SEQUENTIAL);
  const uint32_t crc = Crc32cExtend(0, static_cast<const char*>(map), size);
  ::munmap(map, size);
  return Hex(crc);
}

Result<std::string> HandOverFile(const std::string& from, const std::string& to, HandOver how) {
  const int linked = how == HandOver::kLink ? ::link(from.c_str(), to.c_str())
                                            : ::rename(from.c_str(), to.c_str());
  if (linked == 0) return FileCrc32c(to);
  if (errno != EXDEV && errno != EPERM) {
    return Errno(std::string(how == HandOver::kLink ? "linking " : "moving ") + from + " to " + to);
  }
  // Another file system (or one without hard links): copy.
  CELLAR_ASSIGN_OR_RETURN(std::string crc, CopyFile(from, to));
  if (how == HandOver::kMove && ::unlink(from.c_str()) != 0) return Errno("removing " + from);
  return crc;
}

}  // namespace cellar::store
