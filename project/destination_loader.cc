// {Type, Destination} of EventInvokeConfig.DestinationConfig and of a Kinesis event's
// DestinationConfig.OnFailure.
#include "project/loaders.h"
#include "project/property_values.h"

namespace tern::project {

Result<Destination, Status> LoadDestination(const Node& node, const LoadContext& context) {
  if (Status s = CheckKeys(node, {"Type", "Destination"}, {}); !s.ok()) return Unexpected(s);
  std::string type;
  if (auto type_node = node.Get("Type")) {
    auto value =
        ReadEnum(*type_node, context.symbols, {"Lambda", "SQS", "SNS", "EventBridge", "S3Bucket"});
    if (!value) return Unexpected(value.error());
    if (*value != "Lambda" && *value != "SQS") {
      return Unexpected(type_node->Error(*value + " destinations are not supported by tern "
                                                  "(Lambda, SQS and state machine ARNs are)"));
    }
    type = *value;
  }
  auto target = node.Get("Destination");
  if (!target) {
    // SAM would create the queue or function itself; tern needs it named.
    return Unexpected(node.Error("Destination (an ARN) is required"));
  }
  auto arn = ResolveString(*target, context.symbols);
  if (!arn) return Unexpected(arn.error());
  bool function =
      arn->starts_with("arn:aws:lambda:") && arn->find(":function:") != std::string::npos;
  bool machine =
      arn->starts_with("arn:aws:states:") && arn->find(":stateMachine:") != std::string::npos;
  bool queue = arn->starts_with("arn:aws:sqs:");
  if (!function && !machine && !queue) {
    return Unexpected(target->Error("'" + *arn +
                                    "' is not the ARN of a function, a state "
                                    "machine or a queue"));
  }
  if ((type == "Lambda" && !function) || (type == "SQS" && !queue)) {
    return Unexpected(target->Error("'" + *arn + "' does not match Type " + type));
  }
  return Destination{*arn};
}

}  // namespace tern::project
