#include "asl/jsonata/stepfunctions_functions.h"

#include <cmath>
#include <cstdio>
#include <functional>

#include "asl/jsonata/errors.h"
#include "asl/jsonata/library.h"
#include "common/digest.h"
#include "common/json_depth.h"

namespace tern::asl::jsonata {
namespace {

// The largest array $range and $partition build, as for the range operator (D2014).
constexpr double kMaxItems = 1e7;

[[noreturn]] void InvalidArgument(const std::string& function, const std::string& why) {
  JsonataError err;
  err.error.code = "D3150";
  err.error.message = "Invalid argument to $" + function + ": " + why;
  err.value = why;
  throw err;
}

Value FnPartition(Evaluator&, std::vector<Value>& args, const Value&) {
  const Value& arr = Arg(args, 0);
  if (arr.IsUndefined()) return Value();
  double size = Arg(args, 1).number();
  if (!(size >= 1) || std::floor(size) != size) {
    InvalidArgument("partition", "size must be a positive integer");
  }
  ArrayNode* out;
  Value result = NewArray(&out);
  const size_t n = arr.size();
  const auto chunk = static_cast<size_t>(size);
  for (size_t start = 0; start < n; start += chunk) {
    ArrayNode* part;
    Value p = NewArray(&part);
    for (size_t i = start; i < n && i < start + chunk; ++i) part->items.push_back(arr.at(i));
    out->items.push_back(std::move(p));
  }
  return result;
}

Value FnRange(Evaluator&, std::vector<Value>& args, const Value&) {
  double start = Arg(args, 0).number();
  double stop = Arg(args, 1).number();
  double step = Arg(args, 2).IsDefined() ? args[2].number() : 1;
  ArrayNode* out;
  Value result = NewArray(&out);
  if (step == 0 || (step > 0 && start > stop) || (step < 0 && start < stop)) return result;
  double count = std::floor((stop - start) / step) + 1;
  if (count > kMaxItems) ThrowError("D2014", -1, "", FormatNumber(count));
  // A non-empty range is a result sequence, so one number comes back unwrapped: AWS recorded
  // $range(1, 9, 9) as 1, not [1]. An empty range stays [].
  ArrayNode* seq;
  Value sequence = NewSequence(&seq);
  seq->items.reserve(static_cast<size_t>(count));
  for (double i = 0; i < count; ++i) seq->items.push_back(Value::Number(start + i * step));
  return sequence;
}

Value FnHash(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  std::string algorithm = Arg(args, 1).IsString() ? args[1].str() : "SHA-256";
  std::optional<std::string> digest = HexDigest(algorithm, args[0].str());
  if (!digest) {
    InvalidArgument("hash", "unsupported algorithm '" + algorithm +
                                "' (use MD5, SHA-1, SHA-256, SHA-384 or SHA-512)");
  }
  return Value::String(*digest);
}

Value FnRandom(Evaluator& ev, std::vector<Value>& args, const Value&) {
  std::uniform_real_distribution<double> dist(0.0, 1.0);
  const Value& seed = Arg(args, 0);
  if (seed.IsUndefined()) return Value::Number(dist(ev.rng()));
  std::string key = StringifyValue(seed, false);
  std::mt19937_64 seeded(std::hash<std::string>{}(key));
  return Value::Number(dist(seeded));
}

Value FnUuid(Evaluator& ev, std::vector<Value>&, const Value&) {
  uint64_t hi = ev.rng()();
  uint64_t lo = ev.rng()();
  hi = (hi & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;  // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;  // RFC 4122 variant
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
  return Value::String(buf);
}

Value FnParse(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  // Refused before parsing: what handles the value afterwards recurses on its depth.
  if (JsonNestsDeeperThan(args[0].str())) {
    InvalidArgument("parse",
                    "the JSON nests deeper than " + std::to_string(kMaxJsonNesting) + " levels");
  }
  Json doc;
  try {
    doc = Json::parse(args[0].str());
  } catch (const Json::exception& e) {
    InvalidArgument("parse", std::string("not valid JSON: ") + e.what());
  }
  return OwnedFromJson(doc);
}

}  // namespace

void RegisterStepFunctionsFunctions(FunctionTable* t) {
  t->Add("partition", "<an:a>", FnPartition, 2);
  t->Add("range", "<nnn?:a>", FnRange, 3);
  t->Add("hash", "<s-s?:s>", FnHash, 2);
  t->Add("random", "<j?:n>", FnRandom, 1);
  t->Add("uuid", "<:s>", FnUuid, 0);
  t->Add("parse", "<s-:j>", FnParse, 1);
}

const FunctionTable& StepFunctionsTable() {
  static const FunctionTable* table = [] {
    auto* t = new FunctionTable();
    RegisterStandardFunctions(t);
    RegisterStepFunctionsFunctions(t);
    return t;
  }();
  return *table;
}

}  // namespace tern::asl::jsonata
