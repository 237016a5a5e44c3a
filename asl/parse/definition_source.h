// Loads a definition from a file or from text: picks the reader (JSON or YAML), enforces the
// size limit, and tells I/O failures (the file can't be read) from syntax errors (it can, but
// it is not JSON/YAML), because `tern validate` exits differently for the two.
#pragma once

#include <string>
#include <string_view>

#include "asl/parse/document.h"
#include "common/result.h"

namespace tern::asl {

struct LoadError {
  enum class Kind {
    kIo,      // missing, unreadable, a directory
    kSyntax,  // readable but not JSON/YAML, empty, or too large
  };
  Kind kind = Kind::kSyntax;
  ParseError error;
};

// Format from the file name (.json, .yaml, .yml); other names are sniffed from the content:
// a document starting with '{' or '[' is JSON, anything else YAML.
SourceFormat GuessFormat(std::string_view file_name, std::string_view text);

Result<Document, LoadError> ParseDefinitionText(std::string_view text, SourceFormat format);
Result<Document, LoadError> LoadDefinitionFile(const std::string& path);

// Reads a whole file, refusing more than `max_bytes`.
Result<std::string, LoadError> ReadFileLimited(const std::string& path, size_t max_bytes);

}  // namespace tern::asl
