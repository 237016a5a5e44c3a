#include "triggers/trace_header.h"

#include <charconv>
#include <chrono>
#include <random>

#include "common/digest.h"

namespace tern::triggers {
namespace {

std::string RandomHex(size_t digits) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s(digits, '0');
  for (char& c : s) c = kDigits[rng() & 15];
  return s;
}

std::string NewRoot() {
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
  char epoch[9];
  std::snprintf(epoch, sizeof epoch, "%08llx", static_cast<unsigned long long>(secs) & 0xffffffffULL);
  return std::string("1-") + epoch + "-" + RandomHex(24);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::map<std::string, int> ParseLineage(std::string_view value) {
  std::map<std::string, int> lineage;
  while (!value.empty()) {
    size_t comma = value.find(',');
    std::string_view item = value.substr(0, comma);
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    size_t colon = item.find(':');
    if (colon == std::string_view::npos) return {};
    std::string_view hash = item.substr(0, colon);
    std::string_view count = item.substr(colon + 1);
    int hops = 0;
    auto [ptr, ec] = std::from_chars(count.data(), count.data() + count.size(), hops);
    if (ec != std::errc() || ptr != count.data() + count.size() || hops < 0 || hash.size() != 8) {
      return {};  // not tern's format: start the count afresh rather than trust it
    }
    lineage[std::string(hash)] = hops;
  }
  return lineage;
}

}  // namespace

std::string FunctionHash(const std::string& function_arn) {
  return HexDigest("SHA-256", function_arn)->substr(0, 8);
}

TraceHeader TraceHeader::New() {
  TraceHeader h;
  h.root_ = NewRoot();
  return h;
}

TraceHeader TraceHeader::Parse(std::string_view value) {
  TraceHeader h;
  while (!value.empty()) {
    size_t semi = value.find(';');
    std::string_view field = Trim(value.substr(0, semi));
    value = semi == std::string_view::npos ? std::string_view() : value.substr(semi + 1);
    if (field.empty()) continue;
    size_t eq = field.find('=');
    std::string key(field.substr(0, eq));
    std::string val(eq == std::string_view::npos ? "" : field.substr(eq + 1));
    if (key == "Root") {
      h.root_ = val;
    } else if (key == "Parent") {
      h.parent_ = val;
    } else if (key == "Sampled") {
      h.sampled_ = val;
    } else if (key == "Lineage") {
      h.lineage_ = ParseLineage(val);
    } else if (key != "Self") {  // ALB's Self field is dropped, as AWS does
      h.others_.emplace_back(std::move(key), std::move(val));
    }
  }
  if (h.root_.empty()) h.root_ = NewRoot();
  return h;
}

std::string TraceHeader::ToString() const {
  std::string s = "Root=" + root_;
  if (!parent_.empty()) s += ";Parent=" + parent_;
  s += ";Sampled=" + sampled_;
  for (const auto& [k, v] : others_) s += ";" + k + "=" + v;
  if (!lineage_.empty()) {
    s += ";Lineage=";
    bool first = true;
    for (const auto& [hash, hops] : lineage_) {
      if (!first) s += ",";
      first = false;
      s += hash + ":" + std::to_string(hops);
    }
  }
  return s;
}

int TraceHeader::Hops(const std::string& function_arn) const {
  auto it = lineage_.find(FunctionHash(function_arn));
  return it == lineage_.end() ? 0 : it->second;
}

int TraceHeader::Count(const std::string& function_arn) {
  parent_ = RandomHex(16);
  return ++lineage_[FunctionHash(function_arn)];
}

}  // namespace tern::triggers
