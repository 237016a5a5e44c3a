#include "asl/validate/validator.h"

#include <algorithm>

#include "asl/validate/codes.h"
#include "asl/validate/passes.h"
#include "asl/validate/validation_context.h"

namespace tern::asl {

std::vector<Diagnostic> Validate(const Document& doc, const ValidateOptions& options) {
  validate::Context ctx(doc, options);
  validate::RunDuplicateKeysPass(ctx);
  validate::RunTopLevelPass(ctx);
  if (doc.value.is_object()) {
    validate::RunStateFieldsPass(ctx);
    validate::RunTransitionsPass(ctx);
    validate::RunRetryCatchPass(ctx);
    validate::RunChoicePass(ctx);
    validate::RunPathsPass(ctx);
    validate::RunJsonataPass(ctx);
    validate::RunVariablesPass(ctx);
    validate::RunMapParallelPass(ctx);
    validate::RunTaskPass(ctx);
    validate::RunWaitPass(ctx);
    validate::RunFailPass(ctx);
  }
  std::vector<Diagnostic> out = ctx.TakeDiagnostics();
  // Report in file order; findings without a location (line 0) come first, as the root does.
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.where.line != b.where.line) return a.where.line < b.where.line;
    return a.where.column < b.where.column;
  });
  return out;
}

}  // namespace tern::asl
