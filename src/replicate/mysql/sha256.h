#pragma once

// Sha256: an incremental SHA-256 (OpenSSL's EVP, SHA-NI where the CPU has it) giving the
// lowercase hex digest. The algorithm is fetched from OpenSSL's providers once per object and its
// context reused digest after digest, so one object per thread can hash many small inputs (the
// row keys of tables without a primary key) cheaply: one EVP_DigestInit_ex per digest (OpenSSL 3
// frees and allocates the provider's context at every init). Thread-compatible: one object per
// thread.

#include <openssl/evp.h>

#include <string>
#include <string_view>

#include "util/bytes.h"

namespace cellar::mysql {

class Sha256 {
 public:
  Sha256() : md_(EVP_MD_fetch(nullptr, "SHA256", nullptr)), ctx_(EVP_MD_CTX_new()) {}
  ~Sha256() {
    EVP_MD_CTX_free(ctx_);
    EVP_MD_free(md_);
  }
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::string_view data) {
    if (!started_) Start();
    EVP_DigestUpdate(ctx_, data.data(), data.size());
  }

  // The digest of everything passed to Update since the object was made or the last digest, as
  // 64 lowercase hex digits; the object then starts a new digest.
  std::string FinalHex() {
    std::string hex;
    FinalHexTo(&hex);
    return hex;
  }

  // Sets "hex" to the digest of "data" alone (whatever Update was given before), reusing the
  // capacity of "hex": no allocation per digest for a caller hashing many small inputs.
  void HexOf(std::string_view data, std::string& hex) {
    Start();
    Update(data);
    FinalHexTo(&hex);
  }

 private:
  // Begins a new digest, dropping whatever Update was given since the last one.
  void Start() {
    EVP_DigestInit_ex(ctx_, md_, nullptr);
    started_ = true;
  }
  // FinalHex into "hex" (replacing its contents). The next digest starts at its first Update,
  // HexOf or FinalHex: one init per digest.
  void FinalHexTo(std::string* hex) {
    if (!started_) Start();
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx_, digest, &len);
    started_ = false;
    HexLowerTo(std::string_view(reinterpret_cast<const char*>(digest), len), hex);
  }

  EVP_MD* md_;
  EVP_MD_CTX* ctx_;
  bool started_ = false;  // ctx_ is inited for the digest being computed
};

}  // namespace cellar::mysql
