// Numeric, aggregation and boolean functions (functions.js): $number $abs $floor $ceil $round
// $power $sqrt $random $sum $max $min $average $count $boolean $not $exists $formatBase.
#include <cmath>
#include <cstdlib>

#include "asl/jsonata/errors.h"
#include "asl/jsonata/library.h"
#include "asl/jsonata/regex_runner.h"
#include "asl/jsonata/std_regex.h"

namespace tern::asl::jsonata {

double RoundHalfEven(double value, double precision) {
  double arg = value;
  if (precision != 0) {
    // Shift the decimal point through the decimal text, as the reference does, so that no
    // binary multiplication error creeps in.
    std::string text = FormatNumber(arg);
    size_t e = text.find('e');
    double exp = e == std::string::npos ? 0 : std::atof(text.c_str() + e + 1);
    std::string mant = e == std::string::npos ? text : text.substr(0, e);
    arg = std::strtod((mant + "e" + FormatNumber(exp + precision)).c_str(), nullptr);
  }
  double result = std::floor(arg + 0.5);
  double diff = result - arg;
  if (std::fabs(diff) == 0.5 && std::fabs(std::fmod(result, 2)) == 1) result -= 1;
  if (precision != 0) {
    std::string text = FormatNumber(result);
    size_t e = text.find('e');
    double exp = e == std::string::npos ? 0 : std::atof(text.c_str() + e + 1);
    std::string mant = e == std::string::npos ? text : text.substr(0, e);
    result = std::strtod((mant + "e" + FormatNumber(exp - precision)).c_str(), nullptr);
  }
  if (result == 0) result = 0;  // no negative zero
  return result;
}

namespace {

Value FnNumber(Evaluator&, std::vector<Value>& args, const Value&) {
  const Value& arg = Arg(args, 0);
  if (arg.IsUndefined()) return Value();
  if (arg.IsNumber()) return arg;
  if (arg.IsBool()) return Value::Number(arg.boolean() ? 1 : 0);
  if (arg.IsString()) {
    static const std::regex kDecimal("^-?[0-9]+(\\.[0-9]+)?([Ee][-+]?[0-9]+)?$");
    static const std::regex kRadix("^(0[xX][0-9A-Fa-f]+)|(0[oO][0-7]+)|(0[bB][0-1]+)$");
    const std::string& s = arg.str();
    std::smatch m;
    if (RegexMatch(s, m, kDecimal)) {
      double d = std::strtod(s.c_str(), nullptr);
      if (std::isfinite(d)) return Value::Number(d);
    } else if (RegexSearch(s.cbegin(), s.cend(), m, kRadix) && s.size() > 2) {
      int base = (s[1] == 'x' || s[1] == 'X') ? 16 : (s[1] == 'o' || s[1] == 'O') ? 8 : 2;
      return Value::Number(static_cast<double>(std::strtoull(s.c_str() + 2, nullptr, base)));
    }
  }
  ThrowError("D3030", -1, "", StringifyValue(arg, false));
}

Value FnAbs(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  return Value::Number(std::fabs(args[0].number()));
}

Value FnFloor(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  return Value::Number(std::floor(args[0].number()));
}

Value FnCeil(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  return Value::Number(std::ceil(args[0].number()));
}

Value FnRound(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  double precision = Arg(args, 1).IsNumber() ? args[1].number() : 0;
  return Value::Number(RoundHalfEven(args[0].number(), precision));
}

Value FnPower(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  double r = std::pow(args[0].number(), Arg(args, 1).number());
  if (!std::isfinite(r)) {
    ThrowError("D3061", -1, "", FormatNumber(args[0].number()), FormatNumber(args[1].number()));
  }
  return Value::Number(r);
}

Value FnSqrt(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  if (args[0].number() < 0) ThrowError("D3060", -1, "", FormatNumber(args[0].number()));
  return Value::Number(std::sqrt(args[0].number()));
}

Value FnRandom(Evaluator& ev, std::vector<Value>&, const Value&) {
  std::uniform_real_distribution<double> dist(0.0, 1.0);
  return Value::Number(dist(ev.rng()));
}

Value FnSum(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  double total = 0;
  for (size_t i = 0, n = args[0].size(); i < n; ++i) total += args[0].at(i).number();
  return Value::Number(total);
}

Value Extreme(std::vector<Value>& args, bool max) {
  if (Arg(args, 0).IsUndefined() || args[0].size() == 0) return Value();
  double best = max ? -INFINITY : INFINITY;
  for (size_t i = 0, n = args[0].size(); i < n; ++i) {
    double d = args[0].at(i).number();
    best = max ? std::max(best, d) : std::min(best, d);
  }
  return Value::Number(best);
}

Value FnMax(Evaluator&, std::vector<Value>& args, const Value&) { return Extreme(args, true); }
Value FnMin(Evaluator&, std::vector<Value>& args, const Value&) { return Extreme(args, false); }

Value FnAverage(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined() || args[0].size() == 0) return Value();
  double total = 0;
  size_t n = args[0].size();
  for (size_t i = 0; i < n; ++i) total += args[0].at(i).number();
  return Value::Number(total / static_cast<double>(n));
}

Value FnCount(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value::Number(0);
  return Value::Number(static_cast<double>(args[0].size()));
}

Value FnBoolean(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  return Value::Bool(ToBoolean(args[0]));
}

Value FnNot(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  return Value::Bool(!ToBoolean(args[0]));
}

Value FnExists(Evaluator&, std::vector<Value>& args, const Value&) {
  return Value::Bool(Arg(args, 0).IsDefined());
}

Value FnFormatBase(Evaluator&, std::vector<Value>& args, const Value&) {
  if (Arg(args, 0).IsUndefined()) return Value();
  double value = RoundHalfEven(args[0].number(), 0);
  int radix = Arg(args, 1).IsDefined() ? static_cast<int>(args[1].number()) : 10;
  if (radix < 2 || radix > 36) ThrowError("D3100", -1, "", std::to_string(radix));
  bool negative = value < 0;
  double v = std::fabs(value);
  std::string digits;
  if (v == 0) digits = "0";
  while (v >= 1) {
    int d = static_cast<int>(std::fmod(v, radix));
    digits.insert(digits.begin(), static_cast<char>(d < 10 ? '0' + d : 'a' + d - 10));
    v = std::floor(v / radix);
  }
  return Value::String((negative ? "-" : "") + digits);
}

}  // namespace

void RegisterNumericFunctions(FunctionTable* t) {
  t->Add("number", "<(nsb)-:n>", FnNumber, 1);
  t->Add("abs", "<n-:n>", FnAbs, 1);
  t->Add("floor", "<n-:n>", FnFloor, 1);
  t->Add("ceil", "<n-:n>", FnCeil, 1);
  t->Add("round", "<n-n?:n>", FnRound, 2);
  t->Add("power", "<n-n:n>", FnPower, 2);
  t->Add("sqrt", "<n-:n>", FnSqrt, 1);
  t->Add("random", "<:n>", FnRandom, 0);
  t->Add("sum", "<a<n>:n>", FnSum, 1);
  t->Add("max", "<a<n>:n>", FnMax, 1);
  t->Add("min", "<a<n>:n>", FnMin, 1);
  t->Add("average", "<a<n>:n>", FnAverage, 1);
  t->Add("count", "<a:n>", FnCount, 1);
  t->Add("boolean", "<x-:b>", FnBoolean, 1);
  t->Add("not", "<x-:b>", FnNot, 1);
  t->Add("exists", "<x:b>", FnExists, 1);
  t->Add("formatBase", "<n-n?:s>", FnFormatBase, 2);
}

}  // namespace tern::asl::jsonata
