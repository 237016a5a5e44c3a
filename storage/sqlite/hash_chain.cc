#include "storage/sqlite/hash_chain.h"

#include <openssl/evp.h>

#include <charconv>
#include <stdexcept>

#include "common/digest.h"

namespace tern::storage::sqlite {
namespace {

// One SHA-256 context per thread, set up once and reset for each event: the writer hashes
// every event it stores, and allocating a context and looking the algorithm up per event
// (EVP_Digest does both) cost more than hashing a small event.
EVP_MD_CTX* Sha256Context() {
  struct Context {
    Context() : ctx(EVP_MD_CTX_new()) {
      if (ctx != nullptr && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1) {
        EVP_MD_CTX_free(ctx);
        ctx = nullptr;
      }
    }
    ~Context() { EVP_MD_CTX_free(ctx); }
    EVP_MD_CTX* ctx;
  };
  thread_local Context context;
  // A null type restarts the digest the context already has, without looking it up again.
  if (context.ctx == nullptr || EVP_DigestInit_ex(context.ctx, nullptr, nullptr) != 1) {
    throw std::runtime_error("SHA-256 is unavailable");  // OpenSSL without SHA-256: unusable
  }
  return context.ctx;
}

void AppendNumber(std::string& text, int64_t value) {
  char buffer[24];
  auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  text.append(buffer, end);
}

}  // namespace

ChainDigest ChainHashBytes(std::string_view seed, const EventRecord& event) {
  // The hashed text is assembled first (in a buffer the thread keeps): one digest update per
  // event instead of thirteen, each of which goes through OpenSSL's dispatch.
  thread_local std::string text;
  text.clear();
  text.append(seed);
  text += '\n';
  AppendNumber(text, event.id);
  text += '\n';
  AppendNumber(text, event.previous_id);
  text += '\n';
  AppendNumber(text, event.timestamp);
  text += '\n';
  text.append(event.type);
  text += '\n';
  text.append(event.details_field);
  text += '\n';
  text.append(event.details);
  EVP_MD_CTX* context = Sha256Context();
  EVP_DigestUpdate(context, text.data(), text.size());
  ChainDigest digest{};
  unsigned int length = 0;
  EVP_DigestFinal_ex(context, digest.data(), &length);
  return digest;
}

std::string ChainHash(std::string_view seed, const EventRecord& event) {
  const ChainDigest digest = ChainHashBytes(seed, event);
  return BytesToHex(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

std::string BytesToHex(std::string_view bytes) { return HexEncode(bytes); }

}  // namespace tern::storage::sqlite
