// ProcessAst: the reference's processAST. Turns the raw Pratt parse tree into the evaluator's
// tree: `a.b.c` becomes one path of steps, `[...]` becomes predicate stages, `@`/`#` mark
// tuple steps, `%` is resolved to the ancestor step that binds it, and lambda bodies get
// tail-call thunks.
#pragma once

#include "asl/jsonata/ast.h"

namespace tern::asl::jsonata {

Node* ProcessAst(Ast* ast, Node* root);

}  // namespace tern::asl::jsonata
