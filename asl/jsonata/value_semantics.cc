// JSONata's value semantics shared by the evaluator and the library: effective boolean value,
// deep equality, $append, JSON text of values (jsonata.js / functions.js / utils.js).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "asl/jsonata/errors.h"
#include "asl/jsonata/evaluator.h"

namespace tern::asl::jsonata {
namespace {

void AppendJsonString(std::string* out, const std::string& s) {
  out->push_back('"');
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\b':
        *out += "\\b";
        break;
      case '\f':
        *out += "\\f";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", c);
          *out += buf;
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
}

void Newline(std::string* out, bool pretty, int indent) {
  if (!pretty) return;
  out->push_back('\n');
  out->append(static_cast<size_t>(indent) * 2, ' ');
}

void Stringify(const Value& v, bool pretty, int indent, std::string* out) {
  NestingGuard guard;
  switch (v.kind()) {
    case Kind::kUndefined:
    case Kind::kNull:
      *out += "null";
      return;
    case Kind::kBool:
      *out += v.boolean() ? "true" : "false";
      return;
    case Kind::kNumber:
      if (!std::isfinite(v.number())) ThrowError("D1001", -1, "", FormatNumber(v.number()));
      *out += FormatNumber15(v.number());
      return;
    case Kind::kString:
      AppendJsonString(out, v.str());
      return;
    case Kind::kFunction:
      *out += "\"\"";
      return;
    case Kind::kArray: {
      size_t n = v.size();
      if (n == 0) {
        *out += "[]";
        return;
      }
      out->push_back('[');
      for (size_t i = 0; i < n; ++i) {
        if (i > 0) out->push_back(',');
        Newline(out, pretty, indent + 1);
        Stringify(v.at(i), pretty, indent + 1, out);
      }
      Newline(out, pretty, indent);
      out->push_back(']');
      return;
    }
    case Kind::kObject: {
      bool first = true;
      out->push_back('{');
      v.ForEachField([&](const std::string& key, const Value& value) {
        if (value.IsUndefined()) return;
        if (!first) out->push_back(',');
        first = false;
        Newline(out, pretty, indent + 1);
        AppendJsonString(out, key);
        out->push_back(':');
        if (pretty) out->push_back(' ');
        Stringify(value, pretty, indent + 1, out);
      });
      if (!first) Newline(out, pretty, indent);
      out->push_back('}');
      return;
    }
  }
}

}  // namespace

bool IsNumeric(const Value& v) {
  if (!v.IsNumber()) return false;
  double d = v.number();
  if (std::isnan(d)) return false;
  if (!std::isfinite(d)) ThrowError("D1001", -1, "", FormatNumber(d));
  return true;
}

bool IsArrayOfStrings(const Value& v) {
  if (!v.IsArray()) return false;
  for (size_t i = 0, n = v.size(); i < n; ++i) {
    if (!v.at(i).IsString()) return false;
  }
  return true;
}

bool IsArrayOfNumbers(const Value& v) {
  if (!v.IsArray()) return false;
  for (size_t i = 0, n = v.size(); i < n; ++i) {
    if (!IsNumeric(v.at(i))) return false;
  }
  return true;
}

bool ToBoolean(const Value& v, bool* defined) {
  if (defined != nullptr) *defined = v.IsDefined();
  switch (v.kind()) {
    case Kind::kUndefined:
    case Kind::kNull:
    case Kind::kFunction:
      return false;
    case Kind::kBool:
      return v.boolean();
    case Kind::kString:
      return !v.str().empty();
    case Kind::kNumber:
      return IsNumeric(v) && v.number() != 0;
    case Kind::kObject:
      return v.ObjectSize() > 0;
    case Kind::kArray: {
      size_t n = v.size();
      if (n == 1) return ToBoolean(v.at(0));
      for (size_t i = 0; i < n; ++i) {
        if (ToBoolean(v.at(i))) return true;
      }
      return false;
    }
  }
  return false;
}

bool DeepEqual(const Value& a, const Value& b) {
  NestingGuard guard;
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Kind::kUndefined:
    case Kind::kNull:
      return true;
    case Kind::kBool:
      return a.boolean() == b.boolean();
    case Kind::kNumber:
      return a.number() == b.number();
    case Kind::kString:
      return a.str() == b.str();
    case Kind::kFunction:
      return a.identity() == b.identity();
    case Kind::kArray: {
      size_t n = a.size();
      if (n != b.size()) return false;
      for (size_t i = 0; i < n; ++i) {
        if (!DeepEqual(a.at(i), b.at(i))) return false;
      }
      return true;
    }
    case Kind::kObject: {
      if (a.ObjectSize() != b.ObjectSize()) return false;
      bool equal = true;
      a.ForEachField([&](const std::string& key, const Value& value) {
        if (!equal) return;
        Value other = b.Get(key);
        if (other.IsUndefined() || !DeepEqual(value, other)) equal = false;
      });
      return equal;
    }
  }
  return false;
}

Value MakeSequence(std::vector<Value> items) {
  ArrayNode* a;
  Value seq = NewSequence(&a);
  a->items = std::move(items);
  return seq;
}

Value AppendValues(const Value& a, const Value& b) {
  if (a.IsUndefined()) return b;
  if (b.IsUndefined()) return a;
  ArrayNode* out;
  Value result = NewArray(&out);
  if (a.IsArray()) {
    out->items.reserve(a.size() + (b.IsArray() ? b.size() : 1));
    for (size_t i = 0, n = a.size(); i < n; ++i) out->items.push_back(a.at(i));
  } else {
    out->items.push_back(a);
  }
  if (b.IsArray()) {
    for (size_t i = 0, n = b.size(); i < n; ++i) out->items.push_back(b.at(i));
  } else {
    out->items.push_back(b);
  }
  return result;
}

Value DeepClone(const Value& v) {
  NestingGuard guard;
  switch (v.kind()) {
    case Kind::kArray: {
      ArrayNode* a;
      Value out = NewArray(&a);
      for (size_t i = 0, n = v.size(); i < n; ++i) {
        Value item = v.at(i);
        a->items.push_back(item.IsUndefined() ? Value::Null() : DeepClone(item));
      }
      return out;
    }
    case Kind::kObject: {
      ObjectNode* o;
      Value out = NewObject(&o);
      v.ForEachField([&](const std::string& key, const Value& value) {
        if (value.IsDefined()) o->Append(key, DeepClone(value));
      });
      return out;
    }
    case Kind::kString:
      return Value::String(v.str());
    default:
      return v;
  }
}

std::string StringOf(const Value& v) {
  if (v.IsString()) return v.str();
  if (v.IsFunction()) return "";
  if (v.IsNumber() && !std::isfinite(v.number())) {
    ThrowError("D3001", -1, "", FormatNumber(v.number()));
  }
  return StringifyValue(v, false);
}

std::string StringifyValue(const Value& in, bool pretty) {
  Value v = in.IsOuterWrapper() && in.size() > 0 ? in.at(0) : in;
  std::string out;
  Stringify(v, pretty, 0, &out);
  return out;
}

}  // namespace tern::asl::jsonata
