//===- CraCommon.h - common/cra_common.h for C++ ---------------------------------------------------===//
//
// The shared C helpers (diagnostics with the program name, --version, atomic writes) are a C11 header:
// give it C linkage and spell C11's _Noreturn the C++ way, so cra-check uses the same helpers (and so
// the same message shapes) as every other tool.
//
//===----------------------------------------------------------------------------------------------===//
#ifndef CRA_CHECKER_CRACOMMON_H
#define CRA_CHECKER_CRACOMMON_H

#ifndef _Noreturn
#define _Noreturn [[noreturn]]
#define CRA_CHECKER_UNDEF_NORETURN
#endif
extern "C" {
#include "cra_common.h"
}
#ifdef CRA_CHECKER_UNDEF_NORETURN
#undef _Noreturn
#undef CRA_CHECKER_UNDEF_NORETURN
#endif

#endif
