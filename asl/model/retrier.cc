#include "asl/model/retrier.h"

#include "asl/core/error_names.h"

namespace tern::asl {

bool ErrorMatches(const std::vector<std::string>& error_equals, const std::string& error) {
  if (error == errors::kRuntime) return false;  // never caught, even when listed (verified)
  for (const std::string& name : error_equals) {
    if (name == error) return true;
    if (name == errors::kAll) return true;
    if (name == errors::kTaskFailed && error != errors::kTimeout) return true;
  }
  return false;
}

}  // namespace tern::asl
