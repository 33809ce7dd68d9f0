// SHA-256 checksums with OpenSSL's libcrypto, opened on the first checksum instead of linked: a run that
// hashes nothing (--version, help, a report the facts cache answers) never maps it, which spares every
// start about 1.5 MiB of memory and libcrypto's relocations. The name is the one of the headers built
// against (libcrypto.so.3); the Debian package depends on it through the HTTP server's module.
#include <dlfcn.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/text.h"
#include "strata/source.h"

namespace strata {
namespace {

struct Sha256 {
  decltype(&EVP_Digest) digest = nullptr;
  EVP_MD* md = nullptr;
};

const Sha256& OpenSslSha256() {
  static const Sha256 sha = [] {
    const std::string name = "libcrypto.so." + std::to_string(OPENSSL_SHLIB_VERSION);
    void* library = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);  // kept open for the life of the process
    Sha256 s;
    decltype(&EVP_MD_fetch) fetch = nullptr;
    if (library) {
      s.digest = reinterpret_cast<decltype(&EVP_Digest)>(dlsym(library, "EVP_Digest"));
      fetch = reinterpret_cast<decltype(&EVP_MD_fetch)>(dlsym(library, "EVP_MD_fetch"));
    }
    // Fetched once: OpenSSL 3 would otherwise look the algorithm up on every call.
    if (fetch) s.md = fetch(nullptr, "SHA256", nullptr);
    if (!s.digest || !s.md) {
      // As the dynamic loader does for a library a program needs: there is no checksum without it.
      const char* why = dlerror();
      std::fprintf(stderr, "strata: cannot use OpenSSL's %s for SHA-256 checksums (%s); install it (Debian: "
                   "apt-get install libssl3)\n", name.c_str(), why ? why : "SHA256 is not available");
      std::exit(127);
    }
    return s;
  }();
  return sha;
}

}  // namespace

std::string Checksum(std::string_view text) {
  // Line endings do not change a checksum; most files have only '\n' and need no copy.
  std::string normalized;
  if (text.find('\r') != std::string_view::npos) {
    normalized = NormalizeLineEndings(text);
    text = normalized;
  }
  const Sha256& sha = OpenSslSha256();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  sha.digest(text.data(), text.size(), digest, &length, sha.md, nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "sha256:";
  out.reserve(out.size() + 2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xF]);
  }
  return out;
}

}  // namespace strata
