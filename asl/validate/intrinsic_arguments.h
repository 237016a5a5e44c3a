// A static look at the literal arguments of an intrinsic call, for what the parser accepts but
// can never succeed: States.MathAdd(1, '-1') fails on every input (ASL.md §7 argument types).
// Paths and nested calls are runtime values and are not judged.
#pragma once

#include <string>
#include <string_view>

namespace tern::asl::validate {

// `text` is a call IntrinsicCall::Parse accepted. Returns why a literal argument has the wrong
// type ("argument 2 of States.MathAdd must be a number, not the string '-1'"), or "".
std::string LiteralArgumentProblem(std::string_view text);

}  // namespace tern::asl::validate
