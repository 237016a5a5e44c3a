// <regex> for this module. GCC 12 reports false -Wmaybe-uninitialized warnings inside
// libstdc++'s regex automaton when optimising with sanitizers, which -Werror turns into build
// failures; they are silenced for the standard header only.
#pragma once

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#pragma GCC diagnostic pop
#else
#include <regex>
#endif
