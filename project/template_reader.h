// Reads a template file (YAML with CloudFormation's short-form tags, or JSON) into a
// TemplateSource whose values keep their line numbers.
#pragma once

#include <string>

#include "common/result.h"
#include "project/template_node.h"

namespace tern::project {

// Templates are at most 1 MiB, as CloudFormation's limit for a template read from S3.
inline constexpr size_t kMaxTemplateBytes = 1024 * 1024;

// IoError when the file cannot be read; InvalidArgument "file:line: message" when it is not
// YAML/JSON. `display_name` is what errors call the file.
Result<TemplateSource, Status> ReadTemplate(const std::string& path,
                                            const std::string& display_name);

}  // namespace tern::project
