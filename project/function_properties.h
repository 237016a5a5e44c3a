// The AWS::Serverless::Function properties tern reads, and those it accepts without effect
// (they concern IAM, networking, deployment or observability, which a local run does not
// have). Anything else is an error. docs/project.md lists both; keep them in agreement.
#pragma once

#include <string_view>
#include <vector>

namespace tern::project {

inline const std::vector<std::string_view> kSupportedFunctionProperties = {
    "FunctionName",
    "Runtime",
    "Handler",
    "CodeUri",
    "Timeout",
    "MemorySize",
    "Environment",
    "ReservedConcurrentExecutions",
    "ProvisionedConcurrencyConfig",
    "EventInvokeConfig",
    "RecursiveLoop",
    "Events",
    "PackageType"};  // Zip only

inline const std::vector<std::string_view> kIgnoredFunctionProperties = {
    "Description",
    "Tags",
    "PropagateTags",
    "Policies",
    "Role",
    "RolePath",
    "PermissionsBoundary",
    "AssumeRolePolicyDocument",
    "Architectures",
    "Tracing",
    "KmsKeyArn",
    "VpcConfig",
    "AutoPublishAlias",
    "AutoPublishCodeSha256",
    "AutoPublishAliasAllProperties",
    "VersionDescription",
    "DeploymentPreference",
    "DeadLetterQueue",
    "EphemeralStorage",
    "LoggingConfig",
    "SnapStart",
    "RuntimeManagementConfig",
    "FileSystemConfigs",
    "CodeSigningConfigArn",
    "VersionPruningPolicy",
    "SourceKMSKeyArn"};

}  // namespace tern::project
