// The validation passes: one per group of rules of ../shared/spec/ASL.md (§1, §2, §5, §12).
// Each pass reads the Context and appends diagnostics; none stops at the first finding, and
// none depends on another having run (a pass re-checks the types it relies on and stays quiet
// about what another pass reports, so each finding is reported once).
#pragma once

#include "asl/validate/validation_context.h"

namespace tern::asl::validate {

void RunDuplicateKeysPass(Context& ctx);  // keys written twice (from the reader)
void RunTopLevelPass(Context& ctx);       // the root object and its fields (§1)
void RunStateFieldsPass(Context& ctx);    // Type, allowed/required fields per type and language
void RunTransitionsPass(Context& ctx);    // targets, reachability, terminals, state names
void RunRetryCatchPass(Context& ctx);     // Retry and Catch (§9)
void RunChoicePass(Context& ctx);         // Choice rules (§8)
void RunPathsPass(Context& ctx);          // JSONPath fields and payload templates (§3)
void RunJsonataPass(Context& ctx);        // {% %} expressions (§4)
void RunVariablesPass(Context& ctx);      // Assign names and scopes (§5)
void RunMapParallelPass(Context& ctx);    // Map and Parallel fields and sub-machines
void RunTaskPass(Context& ctx);           // Task: Resource, timeouts, Credentials, express
void RunWaitPass(Context& ctx);           // Wait: exactly one duration field
void RunFailPass(Context& ctx);           // Fail: Error/Cause and their Path forms

}  // namespace tern::asl::validate
