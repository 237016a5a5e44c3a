// AWS::Kinesis::Stream -> a tern stream.
#include "project/loaders.h"
#include "project/names.h"
#include "project/property_values.h"

namespace tern::project {

Result<StreamSpec, Status> LoadStream(const std::string& id, const Node& resource,
                                      const LoadContext& context) {
  StreamSpec spec;
  spec.logical_id = id;
  spec.line = resource.line();
  auto name = context.symbols.NameOf(id);
  if (!name) return Unexpected(name.error());
  spec.name = *name;
  spec.arn = StreamArn(context.project.region, context.project.account, spec.name);
  auto props = resource.Get("Properties");
  if (!props) return spec;
  if (Status s =
          CheckKeys(*props, {"Name", "ShardCount", "RetentionPeriodHours", "StreamModeDetails"},
                    {"StreamEncryption", "Tags", "DesiredShardLevelMetrics"});
      !s.ok()) {
    return Unexpected(s);
  }
  if (auto mode = props->Get("StreamModeDetails")) {
    if (Status s = CheckKeys(*mode, {"StreamMode"}, {}); !s.ok()) return Unexpected(s);
    if (auto m = mode->Get("StreamMode")) {
      auto value = ReadEnum(*m, context.symbols, {"PROVISIONED", "ON_DEMAND"});
      if (!value) return Unexpected(value.error());
      // An on-demand stream starts with 4 shards on AWS; tern keeps that count.
      if (*value == "ON_DEMAND") spec.shard_count = 4;
    }
  }
  if (auto shards = props->Get("ShardCount")) {
    auto n = ReadInt(*shards, context.symbols, 1, 1024);
    if (!n) return Unexpected(n.error());
    spec.shard_count = static_cast<int>(*n);
  }
  if (auto hours = props->Get("RetentionPeriodHours")) {
    auto n = ReadInt(*hours, context.symbols, 24, 8760);
    if (!n) return Unexpected(n.error());
    spec.retention_hours = static_cast<int>(*n);
  }
  return spec;
}

}  // namespace tern::project
