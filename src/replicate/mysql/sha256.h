#pragma once

// Sha256: an incremental SHA-256 (OpenSSL's EVP, SHA-NI where the CPU has it) giving the
// lowercase hex digest. Thread-compatible: one object per thread.

#include <openssl/evp.h>

#include <string>
#include <string_view>

#include "util/bytes.h"

namespace cellar::mysql {

class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr); }
  ~Sha256() { EVP_MD_CTX_free(ctx_); }
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::string_view data) { EVP_DigestUpdate(ctx_, data.data(), data.size()); }
  // The digest of everything passed to Update, as 64 lowercase hex digits. Call once.
  std::string FinalHex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx_, digest, &len);
    return HexLower(std::string_view(reinterpret_cast<const char*>(digest), len));
  }

 private:
  EVP_MD_CTX* ctx_;
};

}  // namespace cellar::mysql
