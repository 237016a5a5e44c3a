// How Lambda's answers look to a Task state (../shared/spec/ASL.md §9-10): a legacy function
// ARN returns the function's result itself; arn:aws:states:::lambda:invoke returns Lambda's
// Invoke response shape (Payload, StatusCode, ExecutedVersion, SdkHttpMetadata, ...). A
// function error fails the task with the function's errorType and its error document as the
// cause; Invoke errors become Lambda.<ErrorName> with the AWS SDK's cause format.
#pragma once

#include "engine/invoker.h"
#include "triggers/bus.h"
#include "triggers/task_resource.h"

namespace tern::triggers {

// `response` answered a Task of kind `kind` (kLambdaFunction or kLambdaInvoke).
engine::TaskResult LambdaTaskResult(TaskResource::Kind kind,
                                    const FunctionResponse& response);

}  // namespace tern::triggers
