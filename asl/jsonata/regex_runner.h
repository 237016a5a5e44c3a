// Runs std::regex searches without risking the caller's stack.
//
// libstdc++'s regex executor recurses once per repetition step, a few hundred bytes per
// character of subject: /a+/ over 40,000 characters overflows an 8 MB stack and kills the
// process. Long subjects are therefore searched on a helper thread whose stack is sized to the
// subject (reserved lazily by the kernel, so the size costs address space, not memory).
#pragma once

#include <functional>
#include <string>

#include "asl/jsonata/std_regex.h"

namespace tern::asl::jsonata {

// Runs `work` (which searches a subject of `subject_bytes`) on this thread when the subject is
// short, else on a helper thread with a large stack; exceptions are passed back. Throws U1001
// when the subject is too long to search safely.
void RunRegexWork(size_t subject_bytes, const std::function<void()>& work);

bool RegexSearch(std::string::const_iterator begin, std::string::const_iterator end,
                 std::smatch& match, const std::regex& re,
                 std::regex_constants::match_flag_type flags = std::regex_constants::match_default);
bool RegexMatch(const std::string& subject, std::smatch& match, const std::regex& re);

}  // namespace tern::asl::jsonata
