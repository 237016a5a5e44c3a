// Feeds arbitrary bytes to the definition readers (JSON and YAML) and, when they yield a
// document, to the validator with default options and with every option flipped. Any crash,
// sanitizer report or timeout is a bug: hostile definitions must fail with diagnostics.
// See docs/fuzzing.md.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "asl/parse/definition_source.h"
#include "asl/validate/validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (auto format : {tern::asl::SourceFormat::kJson, tern::asl::SourceFormat::kYaml}) {
    auto doc = tern::asl::ParseDefinitionText(text, format);
    if (!doc) continue;
    tern::asl::ValidateOptions options;
    (void)tern::asl::Validate(*doc, options);
    options.check_paths = false;
    options.check_arns = false;
    options.express = true;
    (void)tern::asl::Validate(*doc, options);
  }
  return 0;
}
