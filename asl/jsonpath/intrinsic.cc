#include "asl/jsonpath/intrinsic.h"

#include <string>
#include <utility>
#include <vector>

#include "asl/core/error_names.h"
#include "asl/jsonpath/detail/intrinsic_ast.h"
#include "asl/jsonpath/path_errors.h"

namespace tern::asl::jsonpath {

struct IntrinsicCall::Impl {
  std::string text;
  std::shared_ptr<const detail::IntrinsicNode> node;
};

namespace {

// `field` is the template key that holds the call ("value.$"); empty when there is none, and
// then a missing path reports the path's own error.
Result<Json, Failure> EvaluateNode(const detail::IntrinsicNode& node, const PathContext& context,
                                   std::string_view field) {
  std::vector<Json> args;
  args.reserve(node.args.size());
  for (const detail::IntrinsicArg& arg : node.args) {
    switch (arg.kind) {
      case detail::IntrinsicArg::Kind::kLiteral:
        args.push_back(arg.literal);
        break;
      case detail::IntrinsicArg::Kind::kPath: {
        auto value = arg.path->Evaluate(context);
        if (!value.has_value()) {
          if (field.empty())
            return Unexpected(Failure{std::string(errors::kRuntime), value.error()});
          static const Json kNull;
          return Unexpected(Failure{
              std::string(errors::kRuntime),
              PathNotFoundCause(arg.path->text(), field, context.input ? *context.input : kNull)});
        }
        args.push_back(std::move(value).value());
        break;
      }
      case detail::IntrinsicArg::Kind::kCall: {
        auto value = EvaluateNode(*arg.call, context, field);
        if (!value.has_value()) return value;
        args.push_back(std::move(value).value());
        break;
      }
    }
  }
  // AWS accepts a call with the wrong number of arguments in a definition and fails it when it
  // runs (States.Hash('x') -> States.Runtime "Invalid arguments in States.Hash").
  if (args.size() < node.function->min_args || args.size() > node.function->max_args) {
    return Unexpected(detail::InvalidArguments(node));
  }
  return node.function->impl(args, node);
}

}  // namespace

Result<IntrinsicCall, std::string> IntrinsicCall::Parse(std::string_view text) {
  auto node = detail::ParseIntrinsic(text);
  if (!node.has_value()) return Unexpected(std::move(node).error());
  IntrinsicCall call;
  call.impl_ = std::make_shared<Impl>(Impl{std::string(text), std::move(node).value()});
  return call;
}

const std::string& IntrinsicCall::text() const { return impl_->text; }

Result<Json, Failure> IntrinsicCall::Evaluate(const PathContext& context) const {
  return EvaluateNode(*impl_->node, context, "");
}

Result<Json, Failure> IntrinsicCall::Evaluate(const PathContext& context,
                                              std::string_view field) const {
  return EvaluateNode(*impl_->node, context, field);
}

bool LooksLikeIntrinsic(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  return text.substr(0, 7) == "States.";
}

}  // namespace tern::asl::jsonpath
