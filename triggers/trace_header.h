// The X-Amzn-Trace-Id header every invocation carries, and the recursion-detection Lineage in it
// (../shared/spec/LOOPS.md). AWS keeps its Lineage format private; tern's is a list of
// per-function hop counts for the chain:
//   Root=1-<8 hex>-<24 hex>;Parent=<16 hex>;Sampled=0;Lineage=<hash8>:<hops>,<hash8>:<hops>
// where <hash8> is the first 8 hex digits of the SHA-256 of the function ARN. Unknown fields
// are kept in order, and a Lineage value tern cannot read counts as an empty lineage.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tern::triggers {

class TraceHeader {
 public:
  // A header for a new chain (a fresh Root, no lineage).
  static TraceHeader New();
  // Parses a header value; missing Root gets a fresh one.
  static TraceHeader Parse(std::string_view value);

  std::string ToString() const;

  // How many times this chain has invoked `function_arn` so far.
  int Hops(const std::string& function_arn) const;
  // Records one more invocation of `function_arn`; returns the new count.
  int Count(const std::string& function_arn);

  const std::string& root() const { return root_; }

 private:
  std::string root_;
  std::string parent_;
  std::string sampled_ = "0";
  std::map<std::string, int> lineage_;                      // hash8 -> hops
  std::vector<std::pair<std::string, std::string>> others_;  // unknown fields, in order
};

// First 8 hex digits of SHA-256(function_arn).
std::string FunctionHash(const std::string& function_arn);

}  // namespace tern::triggers
