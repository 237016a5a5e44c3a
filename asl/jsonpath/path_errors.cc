#include "asl/jsonpath/path_errors.h"

#include "asl/jsonpath/json_format.h"

namespace tern::asl::jsonpath {

std::string PathNotFoundCause(std::string_view path, std::string_view field, const Json& input) {
  return "The JSONPath '" + std::string(path) + "' specified for the field '" + std::string(field) +
         "' could not be found in the input '" + ToCompactJson(input) + "'";
}

}  // namespace tern::asl::jsonpath
