#include <openssl/evp.h>

#include <string>
#include <string_view>

#include "core/text.h"
#include "strata/source.h"

namespace strata {

std::string Checksum(std::string_view text) {
  // Line endings do not change a checksum; most files have only '\n' and need no copy.
  std::string normalized;
  if (text.find('\r') != std::string_view::npos) {
    normalized = NormalizeLineEndings(text);
    text = normalized;
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // Fetched once: OpenSSL 3 would otherwise look the algorithm up on every call.
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EVP_Digest(text.data(), text.size(), digest, &length, sha256, nullptr);
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
