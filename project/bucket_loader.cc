// AWS::S3::Bucket -> a watched directory (docs/project.md, "Buckets").
#include "project/loaders.h"
#include "project/names.h"
#include "project/property_values.h"

namespace tern::project {

Result<BucketSpec, Status> LoadBucket(const std::string& id, const Node& resource,
                                      const LoadContext& context) {
  BucketSpec spec;
  spec.logical_id = id;
  spec.line = resource.line();
  auto name = context.symbols.NameOf(id);
  if (!name) return Unexpected(name.error());
  spec.name = *name;
  spec.arn = BucketArn(spec.name);
  spec.directory = ProjectPath(context.project, ".tern/buckets/" + spec.name);
  if (auto props = resource.Get("Properties")) {
    // Notifications are declared on the function side (its S3 event), as SAM does.
    if (Status s = CheckKeys(
            *props, {"BucketName"},
            {"Tags", "VersioningConfiguration", "LifecycleConfiguration", "BucketEncryption",
             "PublicAccessBlockConfiguration", "CorsConfiguration", "OwnershipControls",
             "AccessControl", "LoggingConfiguration", "ObjectLockEnabled",
             "ObjectLockConfiguration", "IntelligentTieringConfigurations", "MetricsConfigurations",
             "AnalyticsConfigurations", "InventoryConfigurations", "AccelerateConfiguration"});
        !s.ok()) {
      return Unexpected(s);
    }
  }
  if (auto metadata = resource.Get("Metadata")) {
    if (auto tern = metadata->Get("tern")) {
      if (Status s = CheckKeys(*tern, {"Directory"}, {}); !s.ok()) return Unexpected(s);
      if (auto dir = tern->Get("Directory")) {
        auto path = ResolveString(*dir, context.symbols);
        if (!path) return Unexpected(path.error());
        if (path->empty()) return Unexpected(dir->Error("the directory is empty"));
        spec.directory = ProjectPath(context.project, *path);
      }
    }
  }
  return spec;
}

}  // namespace tern::project
