// What a Task state's Resource asks for (../shared/spec/ASL.md §10): which integration, which
// pattern (request-response, .sync, .waitForTaskToken), and for legacy Lambda ARNs which function.
#pragma once

#include <string>

namespace tern::triggers {

struct TaskResource {
  enum class Kind {
    kLambdaFunction,  // arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]
    kLambdaInvoke,    // arn:aws:states:::lambda:invoke
    kStartExecution,  // arn:aws:states:::states:startExecution
    kActivity,        // arn:aws:states:REGION:ACCOUNT:activity:NAME
    kUnsupported,     // any other integration
  };
  enum class Pattern { kRequestResponse, kSync, kSync2, kWaitForTaskToken };

  Kind kind = Kind::kUnsupported;
  Pattern pattern = Pattern::kRequestResponse;
  std::string function;  // kLambdaFunction: the function ARN without qualifier
  std::string service;   // "lambda", "states", "sqs", ... for arn:aws:states::: resources
  std::string action;    // "invoke", "startExecution", ...
};

TaskResource ParseTaskResource(const std::string& arn);

}  // namespace tern::triggers
