// Value: what a JSONata expression evaluates to. JSONata has more kinds than JSON (undefined,
// functions, sequences with flags), so the evaluator does not work on Json directly.
//
// A Value is 16 bytes: a kind, a storage tag and one word. Input documents are *borrowed*
// (a `const Json*` into the caller's document), so navigating a path never copies input. Values
// built during evaluation live in reference-counted nodes.
//
// Thread safety: the reference count is not atomic. Values never leave the evaluation that
// created them (Evaluate converts the result to Json), and one evaluation runs on one thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/json.h"

namespace tern::asl::jsonata {

enum class Kind : uint8_t {
  kUndefined,
  kNull,
  kBool,
  kNumber,
  kString,
  kArray,
  kObject,
  kFunction
};

struct HeapNode {
  int refs = 0;
  virtual ~HeapNode() = default;
};

struct ArrayNode;
struct ObjectNode;
struct FunctionNode;

class Value {
 public:
  Value() : kind_(Kind::kUndefined), storage_(Storage::kInline) { u_.node = nullptr; }
  Value(const Value& other) : kind_(other.kind_), storage_(other.storage_), u_(other.u_) {
    if (storage_ == Storage::kNode) ++u_.node->refs;
  }
  Value(Value&& other) noexcept : kind_(other.kind_), storage_(other.storage_), u_(other.u_) {
    other.storage_ = Storage::kInline;
    other.kind_ = Kind::kUndefined;
  }
  Value& operator=(const Value& other) {
    if (this != &other) {
      Value copy(other);
      Swap(copy);
    }
    return *this;
  }
  Value& operator=(Value&& other) noexcept {
    Value moved(std::move(other));
    Swap(moved);
    return *this;
  }
  ~Value() { Release(); }

  static Value Null() { return Value(Kind::kNull); }
  static Value Bool(bool b) {
    Value v(Kind::kBool);
    v.u_.b = b;
    return v;
  }
  static Value Number(double n) {
    Value v(Kind::kNumber);
    v.u_.n = n;
    return v;
  }
  static Value String(std::string s);
  // The string must outlive the evaluation (an AST literal or a string inside the input).
  static Value BorrowString(const std::string* s) {
    Value v(Kind::kString);
    v.storage_ = Storage::kBorrowedString;
    v.u_.s = s;
    return v;
  }
  // Borrows containers and strings of `j`, which must outlive the evaluation.
  static Value FromJson(const Json& j);
  static Value FromNode(Kind kind, HeapNode* node) {
    Value v(kind);
    v.storage_ = Storage::kNode;
    v.u_.node = node;
    ++node->refs;
    return v;
  }

  Kind kind() const { return kind_; }
  bool IsUndefined() const { return kind_ == Kind::kUndefined; }
  bool IsDefined() const { return kind_ != Kind::kUndefined; }
  bool IsNull() const { return kind_ == Kind::kNull; }
  bool IsBool() const { return kind_ == Kind::kBool; }
  bool IsNumber() const { return kind_ == Kind::kNumber; }
  bool IsString() const { return kind_ == Kind::kString; }
  bool IsArray() const { return kind_ == Kind::kArray; }
  bool IsObject() const { return kind_ == Kind::kObject; }
  bool IsFunction() const { return kind_ == Kind::kFunction; }

  bool boolean() const { return u_.b; }
  double number() const { return u_.n; }
  const std::string& str() const;

  // Arrays (borrowed Json arrays and nodes alike).
  size_t size() const;
  Value at(size_t i) const;
  ArrayNode* array_node() const {
    return storage_ == Storage::kNode && kind_ == Kind::kArray
               ? reinterpret_cast<ArrayNode*>(u_.node)
               : nullptr;
  }
  bool IsSequence() const;
  bool IsTupleStream() const;
  bool IsKeepSingleton() const;
  bool IsCons() const;
  bool IsOuterWrapper() const;

  // Objects. Get returns undefined for a missing key.
  Value Get(std::string_view key) const;
  size_t ObjectSize() const;
  template <typename F>  // f(const std::string& key, const Value& value)
  void ForEachField(F&& f) const;
  ObjectNode* object_node() const {
    return storage_ == Storage::kNode && kind_ == Kind::kObject
               ? reinterpret_cast<ObjectNode*>(u_.node)
               : nullptr;
  }
  const Json* json() const { return storage_ == Storage::kJson ? u_.j : nullptr; }

  FunctionNode* function() const { return reinterpret_cast<FunctionNode*>(u_.node); }

  // Identity for the `in` operator and object equality shortcuts.
  const void* identity() const { return u_.node; }

 private:
  enum class Storage : uint8_t { kInline, kJson, kNode, kBorrowedString };
  explicit Value(Kind kind) : kind_(kind), storage_(Storage::kInline) { u_.node = nullptr; }
  void Swap(Value& other) {
    std::swap(kind_, other.kind_);
    std::swap(storage_, other.storage_);
    std::swap(u_, other.u_);
  }
  void Release() {
    if (storage_ == Storage::kNode && --u_.node->refs == 0) delete u_.node;
  }

  Kind kind_;
  Storage storage_;
  union {
    bool b;
    double n;
    const Json* j;
    const std::string* s;
    HeapNode* node;
  } u_;
};

struct StringNode : HeapNode {
  explicit StringNode(std::string v) : s(std::move(v)) {}
  std::string s;
};

// An array built during evaluation. The flags are the reference implementation's array
// properties: `sequence` (a result sequence, flattened and unwrapped), `keep_singleton` (the
// `[]` operator), `cons` (built by an array constructor), `outer_wrapper` and `tuple_stream`.
// A range `[a..b]` is kept as (start, count) until someone needs the items.
struct ArrayNode : HeapNode {
  std::vector<Value> items;
  double range_start = 0;
  size_t range_size = 0;
  bool is_range = false;
  bool sequence = false;
  bool keep_singleton = false;
  bool cons = false;
  bool outer_wrapper = false;
  bool tuple_stream = false;

  size_t size() const { return is_range ? range_size : items.size(); }
  Value at(size_t i) const {
    return is_range ? Value::Number(range_start + static_cast<double>(i)) : items[i];
  }
  void Materialize();
  void push_back(Value v) {
    if (is_range) Materialize();
    items.push_back(std::move(v));
  }
};

// An object built during evaluation: insertion-ordered fields; small objects are searched
// linearly, large ones get a hash index on first lookup.
struct ObjectNode : HeapNode {
  std::vector<std::pair<std::string, Value>> fields;
  const Value* Find(std::string_view key) const;
  // Replaces an existing key in place (keeping its position) or appends.
  void Set(std::string key, Value v);
  void Append(std::string key, Value v) { fields.emplace_back(std::move(key), std::move(v)); }
  void Remove(std::string_view key);

 private:
  mutable std::vector<std::pair<std::string_view, size_t>> index_;  // sorted by key
  mutable size_t indexed_ = 0;
};

// Fresh nodes, returned with a Value that owns them.
Value NewArray(ArrayNode** out);
Value NewSequence(ArrayNode** out);
Value NewObject(ObjectNode** out);

template <typename F>
void Value::ForEachField(F&& f) const {
  if (storage_ == Storage::kJson) {
    for (auto it = u_.j->begin(); it != u_.j->end(); ++it) f(it.key(), FromJson(it.value()));
    return;
  }
  for (const auto& [key, value] : object_node()->fields) f(key, value);
}

// Deep copy to Json (functions become "" as JSON.stringify would skip them; the caller decides).
Json ToJson(const Value& v);
// Deep copy of a Json into owned nodes (for documents that die before the evaluation ends).
Value OwnedFromJson(const Json& j);

// JavaScript's Number.prototype.toString for finite numbers.
std::string FormatNumber(double d);
// JavaScript's Number.prototype.toPrecision(15) then toString (what $string does to numbers).
std::string FormatNumber15(double d);

}  // namespace tern::asl::jsonata
