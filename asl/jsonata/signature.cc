#include "asl/jsonata/signature.h"

#include "asl/jsonata/errors.h"

namespace tern::asl::jsonata {
namespace {

size_t FindClosing(const std::string& s, size_t start, char open, char close) {
  int depth = 1;
  size_t pos = start;
  while (pos < s.size()) {
    ++pos;
    if (pos >= s.size()) break;
    if (s[pos] == close) {
      if (--depth == 0) break;
    } else if (s[pos] == open) {
      ++depth;
    }
  }
  return pos;
}

}  // namespace

char SignatureSymbol(const Value& v) {
  switch (v.kind()) {
    case Kind::kFunction:
      return 'f';
    case Kind::kString:
      return 's';
    case Kind::kNumber:
      return 'n';
    case Kind::kBool:
      return 'b';
    case Kind::kNull:
      return 'l';
    case Kind::kArray:
      return 'a';
    case Kind::kObject:
      return 'o';
    default:
      return 'm';
  }
}

Signature::Signature(const std::string& text) : definition_(text) {
  Param param;
  Param* prev = nullptr;
  auto next = [&] {
    params_.push_back(param);
    prev = &params_.back();
    param = Param();
  };
  for (size_t pos = 1; pos < text.size(); ++pos) {
    char symbol = text[pos];
    if (symbol == ':') break;
    switch (symbol) {
      case 's':
      case 'n':
      case 'b':
      case 'l':
      case 'o':
        param.allowed = std::string(1, symbol) + "m";
        param.type = symbol;
        next();
        break;
      case 'a':
        param.allowed = "asnblfom";
        param.type = 'a';
        next();
        break;
      case 'f':
        param.allowed = "f";
        param.type = 'f';
        next();
        break;
      case 'j':
        param.allowed = "asnblom";
        param.type = 'j';
        next();
        break;
      case 'x':
        param.allowed = "asnblfom";
        param.type = 'x';
        next();
        break;
      case '-':
        if (prev != nullptr) {
          prev->context = true;
          prev->context_allowed = prev->allowed;
          prev->quantifier = '?';
        }
        break;
      case '?':
      case '+':
        if (prev != nullptr) prev->quantifier = symbol;
        break;
      case '(': {
        size_t end = FindClosing(text, pos, '(', ')');
        std::string choice = text.substr(pos + 1, end - pos - 1);
        if (choice.find('<') != std::string::npos) ThrowError("S0402", static_cast<int64_t>(pos));
        param.allowed = choice + "m";
        param.type = '(';
        pos = end;
        next();
        break;
      }
      case '<': {
        if (prev != nullptr && (prev->type == 'a' || prev->type == 'f')) {
          size_t end = FindClosing(text, pos, '<', '>');
          prev->subtype = text.substr(pos + 1, end - pos - 1);
          pos = end;
        } else {
          ThrowError("S0401", static_cast<int64_t>(pos), "",
                     prev == nullptr ? "" : std::string(1, prev->type));
        }
        break;
      }
      default:
        break;
    }
  }
}

// Greedy regex semantics with backtracking: spans[i] = (start, length) matched by param i.
bool Signature::Match(const std::string& symbols, size_t param, size_t pos,
                      std::vector<std::pair<size_t, size_t>>* spans) const {
  if (param == params_.size()) return pos == symbols.size();
  const Param& p = params_[param];
  size_t max_len = 0;
  while (pos + max_len < symbols.size() &&
         p.allowed.find(symbols[pos + max_len]) != std::string::npos) {
    ++max_len;
    if (p.quantifier != '+') break;
  }
  size_t min_len = p.quantifier == '?' ? 0 : 1;
  for (size_t len = max_len + 1; len-- > min_len;) {
    (*spans)[param] = {pos, len};
    if (Match(symbols, param + 1, pos + len, spans)) return true;
    if (len == 0) break;
  }
  return false;
}

std::vector<Value> Signature::Validate(const std::vector<Value>& args, const Value& context,
                                       const std::string& function_name, int64_t position) const {
  std::string symbols;
  symbols.reserve(args.size());
  for (const Value& a : args) symbols += SignatureSymbol(a);
  std::vector<std::pair<size_t, size_t>> spans(params_.size());
  if (!Match(symbols, 0, 0, &spans)) {
    // Find the first argument that cannot match, as the reference does with partial regexes.
    size_t good_to = 0;
    for (size_t i = 0; i < params_.size(); ++i) {
      const Param& p = params_[i];
      size_t len = 0;
      while (good_to + len < symbols.size() &&
             p.allowed.find(symbols[good_to + len]) != std::string::npos) {
        ++len;
        if (p.quantifier != '+') break;
      }
      if (len == 0 && p.quantifier != '?') break;
      good_to += len;
    }
    ThrowError("T0410", position, function_name, std::to_string(good_to + 1));
  }
  std::vector<Value> validated;
  validated.reserve(params_.size());
  size_t arg_index = 0;
  for (size_t i = 0; i < params_.size(); ++i) {
    const Param& p = params_[i];
    auto [start, len] = spans[i];
    if (len == 0) {
      if (p.context) {
        char ctx = SignatureSymbol(context);
        if (p.context_allowed.find(ctx) != std::string::npos) {
          validated.push_back(context);
        } else {
          ThrowError("T0411", position, function_name, std::to_string(arg_index + 1));
        }
      } else {
        validated.push_back(arg_index < args.size() ? args[arg_index] : Value());
        ++arg_index;
      }
      continue;
    }
    for (size_t k = 0; k < len; ++k) {
      char single = symbols[start + k];
      // As in the reference, an empty optional match earlier may have moved arg_index past
      // the end; reading there gives undefined.
      Value arg = arg_index < args.size() ? args[arg_index] : Value();
      if (p.type == 'a') {
        if (single == 'm') {
          arg = Value();
        } else {
          bool ok = true;
          if (!p.subtype.empty()) {
            if (single != 'a' && std::string(1, single) != p.subtype) {
              ok = false;
            } else if (single == 'a' && arg.size() > 0) {
              char item_type = SignatureSymbol(arg.at(0));
              if (item_type != p.subtype[0]) {
                ok = false;
              } else {
                for (size_t j = 0, n = arg.size(); j < n && ok; ++j) {
                  ok = SignatureSymbol(arg.at(j)) == item_type;
                }
              }
            }
          }
          if (!ok) {
            static const std::string kTypes =
                "a:arrays b:booleans f:functions n:numbers "
                "o:objects s:strings";
            std::string type;
            size_t at = kTypes.find(p.subtype.substr(0, 1) + ":");
            if (at != std::string::npos) {
              size_t end = kTypes.find(' ', at);
              type = kTypes.substr(at + 2, end == std::string::npos ? end : end - at - 2);
            }
            ThrowError("T0412", position, function_name, std::to_string(arg_index + 1), type);
          }
          if (single != 'a') {
            ArrayNode* node;
            Value wrapped = NewArray(&node);
            node->items.push_back(arg);
            arg = wrapped;
          }
        }
      }
      validated.push_back(std::move(arg));
      ++arg_index;
    }
  }
  return validated;
}

}  // namespace tern::asl::jsonata
