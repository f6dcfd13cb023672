//===- JsonDepth.h - nesting depth of JSON text before parsing it ----------------------------------===//
//
// llvm::json::parse recurses once per nesting level: 50,000 '[' overflow the stack (a crash of clang itself
// when the plugin reads its config). Inputs are checked first and refused with a message instead.
//
//===----------------------------------------------------------------------------------------------===//
#ifndef CRA_PLUGIN_JSONDEPTH_H
#define CRA_PLUGIN_JSONDEPTH_H

#include "llvm/ADT/StringRef.h"

namespace cra {

/// Largest nesting our inputs need is a handful of levels; 512 leaves room and is far from the stack limit.
constexpr unsigned MaxJsonDepth = 512;

/// True when the text nests arrays/objects deeper than MaxJsonDepth (strings are skipped).
inline bool jsonNestsTooDeep(llvm::StringRef Text) {
  unsigned Depth = 0;
  bool InString = false, Escape = false;
  for (char C : Text) {
    if (InString) {
      if (Escape)
        Escape = false;
      else if (C == '\\')
        Escape = true;
      else if (C == '"')
        InString = false;
      continue;
    }
    if (C == '"')
      InString = true;
    else if (C == '[' || C == '{') {
      if (++Depth > MaxJsonDepth)
        return true;
    } else if ((C == ']' || C == '}') && Depth > 0)
      --Depth;
  }
  return false;
}

} // namespace cra

#endif
