#include "asl/jsonata/value.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "asl/jsonata/errors.h"

namespace tern::asl::jsonata {

Value Value::String(std::string s) { return FromNode(Kind::kString, new StringNode(std::move(s))); }

Value Value::FromJson(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null:
      return Null();
    case Json::value_t::boolean:
      return Bool(j.get<bool>());
    case Json::value_t::number_integer:
      return Number(static_cast<double>(j.get<int64_t>()));
    case Json::value_t::number_unsigned:
      return Number(static_cast<double>(j.get<uint64_t>()));
    case Json::value_t::number_float:
      return Number(j.get<double>());
    case Json::value_t::string:
      return BorrowString(&j.get_ref<const std::string&>());
    case Json::value_t::array: {
      Value v(Kind::kArray);
      v.storage_ = Storage::kJson;
      v.u_.j = &j;
      return v;
    }
    case Json::value_t::object: {
      Value v(Kind::kObject);
      v.storage_ = Storage::kJson;
      v.u_.j = &j;
      return v;
    }
    default:
      return Value();
  }
}

const std::string& Value::str() const {
  switch (storage_) {
    case Storage::kBorrowedString:
      return *u_.s;
    case Storage::kJson:
      return u_.j->get_ref<const std::string&>();
    default:
      return static_cast<StringNode*>(u_.node)->s;
  }
}

size_t Value::size() const {
  if (storage_ == Storage::kJson) return u_.j->size();
  return array_node()->size();
}

Value Value::at(size_t i) const {
  if (storage_ == Storage::kJson) return FromJson((*u_.j)[i]);
  return array_node()->at(i);
}

bool Value::IsSequence() const {
  const ArrayNode* a = array_node();
  return a != nullptr && a->sequence;
}
bool Value::IsTupleStream() const {
  const ArrayNode* a = array_node();
  return a != nullptr && a->tuple_stream;
}
bool Value::IsKeepSingleton() const {
  const ArrayNode* a = array_node();
  return a != nullptr && a->keep_singleton;
}
bool Value::IsCons() const {
  const ArrayNode* a = array_node();
  return a != nullptr && a->cons;
}
bool Value::IsOuterWrapper() const {
  const ArrayNode* a = array_node();
  return a != nullptr && a->outer_wrapper;
}

Value Value::Get(std::string_view key) const {
  if (kind_ != Kind::kObject) return Value();
  if (storage_ == Storage::kJson) {
    auto it = u_.j->find(key);
    if (it == u_.j->end()) return Value();
    return FromJson(*it);
  }
  const Value* v = object_node()->Find(key);
  return v == nullptr ? Value() : *v;
}

size_t Value::ObjectSize() const {
  if (storage_ == Storage::kJson) return u_.j->size();
  return object_node()->fields.size();
}

void ArrayNode::Materialize() {
  if (!is_range) return;
  is_range = false;
  items.reserve(range_size);
  for (size_t i = 0; i < range_size; ++i) {
    items.push_back(Value::Number(range_start + static_cast<double>(i)));
  }
}

namespace {
constexpr size_t kIndexThreshold = 12;
}

const Value* ObjectNode::Find(std::string_view key) const {
  if (fields.size() <= kIndexThreshold) {
    for (const auto& field : fields) {
      if (field.first == key) return &field.second;
    }
    return nullptr;
  }
  // The index is rebuilt whenever the field count changed since it was built. Its views point
  // into `fields`, so it must be rebuilt after any reallocation, which changes the count too.
  if (indexed_ != fields.size()) {
    index_.clear();
    index_.reserve(fields.size());
    for (size_t i = 0; i < fields.size(); ++i) index_.emplace_back(fields[i].first, i);
    std::sort(index_.begin(), index_.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    indexed_ = fields.size();
  }
  auto it = std::lower_bound(index_.begin(), index_.end(), key,
                             [](const auto& entry, std::string_view k) { return entry.first < k; });
  if (it == index_.end() || it->first != key) return nullptr;
  return &fields[it->second].second;
}

void ObjectNode::Set(std::string key, Value v) {
  for (auto& field : fields) {
    if (field.first == key) {
      field.second = std::move(v);
      return;
    }
  }
  fields.emplace_back(std::move(key), std::move(v));
}

void ObjectNode::Remove(std::string_view key) {
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    if (it->first == key) {
      fields.erase(it);
      indexed_ = static_cast<size_t>(-1);
      return;
    }
  }
}

Value NewArray(ArrayNode** out) {
  auto* node = new ArrayNode();
  *out = node;
  return Value::FromNode(Kind::kArray, node);
}

Value NewSequence(ArrayNode** out) {
  Value v = NewArray(out);
  (*out)->sequence = true;
  return v;
}

Value NewObject(ObjectNode** out) {
  auto* node = new ObjectNode();
  *out = node;
  return Value::FromNode(Kind::kObject, node);
}

Json ToJson(const Value& v) {
  NestingGuard guard;
  switch (v.kind()) {
    case Kind::kUndefined:
      return Json();
    case Kind::kNull:
      return Json(nullptr);
    case Kind::kBool:
      return Json(v.boolean());
    case Kind::kNumber: {
      double d = v.number();
      if (std::floor(d) == d && std::fabs(d) < 9007199254740992.0) {
        return Json(static_cast<int64_t>(d));
      }
      return Json(d);
    }
    case Kind::kString:
      return Json(v.str());
    case Kind::kArray: {
      // Copied element by element (not with Json's recursive copy) so that NestingGuard
      // bounds the depth for borrowed input too.
      Json out = Json::array();
      auto& items = out.get_ref<Json::array_t&>();
      const size_t n = v.size();
      items.reserve(n);
      for (size_t i = 0; i < n; ++i) {
        Value item = v.at(i);
        if (item.IsUndefined()) continue;
        items.push_back(ToJson(item));
      }
      return out;
    }
    case Kind::kObject: {
      // Keys are already unique, so append to the underlying vector: ordered_map's own
      // insert searches linearly for the key, which makes large objects quadratic.
      Json out = Json::object();
      auto& fields = static_cast<Json::object_t::Container&>(out.get_ref<Json::object_t&>());
      fields.reserve(v.ObjectSize());
      v.ForEachField([&](const std::string& key, const Value& value) {
        if (value.IsDefined()) fields.emplace_back(key, ToJson(value));
      });
      return out;
    }
    case Kind::kFunction:
      return Json("");
  }
  return Json();
}

Value OwnedFromJson(const Json& j) {
  NestingGuard guard;
  switch (j.type()) {
    case Json::value_t::string:
      return Value::String(j.get<std::string>());
    case Json::value_t::array: {
      ArrayNode* a;
      Value out = NewArray(&a);
      a->items.reserve(j.size());
      for (const auto& item : j) a->items.push_back(OwnedFromJson(item));
      return out;
    }
    case Json::value_t::object: {
      ObjectNode* o;
      Value out = NewObject(&o);
      for (auto it = j.begin(); it != j.end(); ++it) o->Append(it.key(), OwnedFromJson(*it));
      return out;
    }
    default:
      return Value::FromJson(j);
  }
}

namespace {

// Lays out the shortest round-trip digits the way ECMAScript's Number::toString does.
std::string LayoutJs(bool negative, const std::string& digits, int point) {
  // value = 0.digits * 10^point
  std::string out = negative ? "-" : "";
  int k = static_cast<int>(digits.size());
  int n = point;
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<size_t>(n));
    out += '.';
    out += digits.substr(static_cast<size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += 'e';
    int e = n - 1;
    out += e >= 0 ? '+' : '-';
    out += std::to_string(e >= 0 ? e : -e);
  }
  return out;
}

// Splits a scientific-notation string "d.ddde[+-]xx" into digits and decimal point position.
void SplitScientific(const char* begin, const char* end, std::string* digits, int* point) {
  std::string mant;
  int exp = 0;
  const char* p = begin;
  for (; p != end && *p != 'e'; ++p) {
    if (*p >= '0' && *p <= '9') mant += *p;
  }
  if (p != end) exp = std::atoi(std::string(p + 1, end).c_str());  // to_chars writes no NUL
  while (mant.size() > 1 && mant.back() == '0') mant.pop_back();
  *digits = mant;
  *point = exp + 1;
}

}  // namespace

std::string FormatNumber(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  if (d == 0) return "0";
  bool negative = d < 0;
  double a = std::fabs(d);
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), a, std::chars_format::scientific);
  std::string digits;
  int point = 0;
  SplitScientific(buf, res.ptr, &digits, &point);
  return LayoutJs(negative, digits, point);
}

std::string FormatNumber15(double d) {
  // Integers print exactly (the reference keeps 5890840712243076 intact); only fractions are
  // cut to 15 significant digits (toPrecision(15)), which hides binary noise like 0.1 + 0.2.
  if (std::isnan(d) || std::isinf(d) || d == 0 || std::floor(d) == d) return FormatNumber(d);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.14e", d);
  double rounded = std::strtod(buf, nullptr);
  return FormatNumber(rounded);
}

}  // namespace tern::asl::jsonata
