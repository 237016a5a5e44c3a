// Keys written twice in one JSON/YAML object. The reader keeps the last value, which is rarely
// what the author meant (AWS's parser refuses such definitions), so each one is an error.
#include "asl/validate/codes.h"
#include "asl/validate/passes.h"

namespace tern::asl::validate {

void RunDuplicateKeysPass(Context& ctx) {
  for (const DuplicateKey& dup : ctx.doc().duplicate_keys) {
    std::string_view key = dup.pointer;
    key = key.substr(key.rfind('/') == std::string_view::npos ? 0 : key.rfind('/') + 1);
    // Unescape the pointer token for the message (RFC 6901: "~1" is "/", "~0" is "~").
    std::string name;
    for (size_t i = 0; i < key.size(); ++i) {
      if (key[i] == '~' && i + 1 < key.size() && (key[i + 1] == '0' || key[i + 1] == '1')) {
        name += key[i + 1] == '0' ? '~' : '/';
        ++i;
      } else {
        name += key[i];
      }
    }
    ctx.ReportAt(codes::kDuplicateKey, dup.pointer, dup.where,
                 "Key " + Shown(name) + " is written more than once in the same object; only " +
                     "the last value would be used");
  }
}

}  // namespace tern::asl::validate
