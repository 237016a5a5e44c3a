#include "project/template_reader.h"

#include "asl/parse/definition_source.h"
#include "asl/parse/json_reader.h"
#include "asl/parse/yaml_reader.h"

namespace tern::project {

Result<TemplateSource, Status> ReadTemplate(const std::string& path,
                                            const std::string& display_name) {
  auto text = asl::ReadFileLimited(path, kMaxTemplateBytes);
  if (!text) {
    const asl::LoadError& e = text.error();
    if (e.kind == asl::LoadError::Kind::kIo) return Unexpected(Status::IoError(e.error.message));
    return Unexpected(Status::InvalidArgument(e.error.message));
  }
  if (text->find_first_not_of(" \t\r\n") == std::string::npos) {
    return Unexpected(Status::InvalidArgument(display_name + ": the template is empty"));
  }
  asl::YamlReadOptions yaml_options;
  yaml_options.cloudformation_tags = true;
  auto doc = asl::GuessFormat(path, *text) == asl::SourceFormat::kJson
                 ? asl::ReadJson(*text)
                 : asl::ReadYaml(*text, yaml_options);
  if (!doc) {
    std::string where = doc.error().where.known()
                            ? ":" + std::to_string(doc.error().where.line) + ":" +
                                  std::to_string(doc.error().where.column)
                            : "";
    return Unexpected(Status::InvalidArgument(display_name + where + ": " + doc.error().message));
  }
  TemplateSource source;
  source.display_name = display_name;
  source.document = std::move(*doc);
  return source;
}

}  // namespace tern::project
