#include "asl/jsonata/jsonata.h"

#include <cmath>
#include <exception>

#include "asl/jsonata/ast.h"
#include "asl/jsonata/errors.h"
#include "asl/jsonata/evaluator.h"

namespace tern::asl::jsonata {

struct Expression::Impl {
  std::string text;
  std::unique_ptr<Ast> ast;
  const FunctionTable* functions = nullptr;
};

namespace {

// A result number must be finite, as in the reference (D1001 when JSON cannot hold it).
void CheckFinite(const Value& v) {
  NestingGuard guard;
  if (v.IsNumber()) {
    if (!std::isfinite(v.number())) ThrowError("D1001", -1, "", FormatNumber(v.number()));
  } else if (v.array_node() != nullptr) {
    for (size_t i = 0, n = v.size(); i < n; ++i) CheckFinite(v.at(i));
  } else if (const ObjectNode* o = v.object_node()) {
    for (const auto& field : o->fields) CheckFinite(field.second);
  }
}

Error InternalError(const char* what) {
  Error e;
  e.code = "D1000";
  e.message = std::string("internal error: ") + what;
  return e;
}

}  // namespace

Result<Expression, Error> Expression::Compile(std::string_view text) {
  return Compile(text, CompileOptions());
}

Result<Expression, Error> Expression::Compile(std::string_view text,
                                              const CompileOptions& options) {
  auto impl = std::make_shared<Impl>();
  impl->text = std::string(text);
  impl->functions = options.stepfunctions_functions ? &StepFunctionsTable() : &StandardFunctions();
  try {
    impl->ast = ParseExpression(impl->text);
  } catch (JsonataError& err) {
    return Unexpected(std::move(err.error));
  } catch (const std::exception& e) {
    return Unexpected(InternalError(e.what()));
  }
  Expression expr;
  expr.impl_ = std::move(impl);
  return expr;
}

const std::string& Expression::text() const { return impl_->text; }

Result<std::optional<Json>, Error> Expression::Evaluate(const Json* input, const Bindings* bindings,
                                                        const Limits& limits,
                                                        EvaluationInfo* info) const {
  try {
    Evaluator evaluator(*impl_->functions, bindings, limits);
    Value in = input == nullptr ? Value() : Value::FromJson(*input);
    Value result = evaluator.Run(impl_->ast->root, in);
    if (result.IsUndefined()) return std::optional<Json>();
    if (info != nullptr) info->function_result = result.IsFunction();
    CheckFinite(result);
    return std::optional<Json>(ToJson(result));
  } catch (JsonataError& err) {
    return Unexpected(std::move(err.error));
  } catch (const std::bad_alloc&) {
    Error e;
    e.code = "U1001";
    e.message = "Out of memory while evaluating the expression";
    return Unexpected(std::move(e));
  } catch (const std::exception& e) {
    return Unexpected(InternalError(e.what()));
  }
}

}  // namespace tern::asl::jsonata
