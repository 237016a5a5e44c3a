#include "asl/parse/definition_source.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

#include "asl/parse/json_reader.h"
#include "asl/parse/limits.h"
#include "asl/parse/yaml_reader.h"

namespace tern::asl {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string HumanSize(size_t bytes) {
  std::ostringstream out;
  out.precision(2);
  out << std::fixed << static_cast<double>(bytes) / (1024.0 * 1024.0) << " MiB";
  return out.str();
}

Unexpected<LoadError> Io(std::string message) {
  return Unexpected(LoadError{LoadError::Kind::kIo, ParseError{std::move(message), {}}});
}

}  // namespace

SourceFormat GuessFormat(std::string_view file_name, std::string_view text) {
  if (EndsWith(file_name, ".json")) return SourceFormat::kJson;
  if (EndsWith(file_name, ".yaml") || EndsWith(file_name, ".yml")) return SourceFormat::kYaml;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{' || c == '[' ? SourceFormat::kJson : SourceFormat::kYaml;
  }
  return SourceFormat::kJson;
}

Result<Document, LoadError> ParseDefinitionText(std::string_view text, SourceFormat format) {
  if (text.size() > kMaxDefinitionBytes) {
    return Unexpected(LoadError{
        LoadError::Kind::kSyntax,
        ParseError{"the definition is " + HumanSize(text.size()) +
                       "; the limit is 1 MiB (AWS's maximum state machine definition size)",
                   {}}});
  }
  bool blank = text.find_first_not_of(" \t\r\n") == std::string_view::npos;
  if (blank) {
    return Unexpected(LoadError{LoadError::Kind::kSyntax,
                                ParseError{"the definition is empty: expected a JSON or YAML "
                                           "object with StartAt and States",
                                           {}}});
  }
  auto doc = format == SourceFormat::kJson ? ReadJson(text) : ReadYaml(text);
  if (!doc) return Unexpected(LoadError{LoadError::Kind::kSyntax, doc.error()});
  return std::move(doc).value();
}

Result<std::string, LoadError> ReadFileLimited(const std::string& path, size_t max_bytes) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Io(path + ": " + (errno == ENOENT ? std::string("no such file") : std::strerror(errno)));
  }
  if (S_ISDIR(st.st_mode)) return Io(path + ": is a directory, not a file");
  if (static_cast<size_t>(st.st_size) > max_bytes) {
    return Unexpected(LoadError{
        LoadError::Kind::kSyntax,
        ParseError{path + " is " + HumanSize(st.st_size) + "; the limit is " +
                       HumanSize(max_bytes) + " (AWS's maximum state machine definition size)",
                   {}}});
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Io(path + ": cannot open: " + std::strerror(errno));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Io(path + ": read failed");
  return text;
}

Result<Document, LoadError> LoadDefinitionFile(const std::string& path) {
  auto text = ReadFileLimited(path, kMaxDefinitionBytes);
  if (!text) return Unexpected(text.error());
  return ParseDefinitionText(*text, GuessFormat(path, *text));
}

}  // namespace tern::asl
