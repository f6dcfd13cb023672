/* The flag policy: flags.def rows filtered by compiler, architecture, output kind, optimisation and
 * profile, probed once per compiler (compiler.c), and never applied over an explicit user choice. */
#include "wrap.h"

#include "cra_common.h"

#include <stdlib.h>
#include <string.h>

enum { COMPILE, LINK };
enum { BOTH = 3, GCC = 1, CLANG = 2 };
enum { ANY = 0, X86_64 = 1, AARCH64 = 2 };
enum { OUT_ANY = 0, OUT_EXE, OUT_SHARED, OUT_DSO_OR_EXE };
enum { NONE = 0, OPT = 1 };
enum { LANG_ANY = 0, LANG_C, LANG_CXX };
enum { BASELINE = WRAP_PROF_BASELINE, RECOMMENDED = WRAP_PROF_RECOMMENDED, PRODUCTION = WRAP_PROF_PRODUCTION };

struct row {
  const char *id;
  int stage;
  const char *flags;
  int family, gcc_min, clang_min, arch, output, cond, lang, profile;
  const char *satisfied, *weakened;
};

/* ANY is 0 in every column (OUT_ANY, LANG_ANY). The table's column names are words; map them onto the enums above without #define pollution. */
#define EXE OUT_EXE
#define SHARED OUT_SHARED
#define DSO_OR_EXE OUT_DSO_OR_EXE
#define C LANG_C
#define CXX LANG_CXX
#define WRAP_FLAG(id, stage, flags, fam, gmin, cmin, arch, out, cond, lang, prof, sat, weak) \
  {#id, stage, flags, fam, gmin, cmin, arch, (int)(out), cond, (int)(lang), prof, sat, weak},
static const struct row rows[] = {
#include "flags.def"
};
#undef WRAP_FLAG
#undef EXE
#undef SHARED
#undef DSO_OR_EXE
#undef C
#undef CXX

size_t wrap_policy_rows(void) { return sizeof rows / sizeof rows[0]; }

const char *wrap_policy_table_hash(void) {
  static char hex[65];
  if (!hex[0]) {
    wrap_strv all = {0};
    for (size_t i = 0; i < wrap_policy_rows(); i++) {
      const struct row *r = &rows[i];
      char *line = cra_xasprintf("%s|%d|%s|%d|%d|%d|%d\n", r->id, r->stage, r->flags, r->family, r->gcc_min,
                                 r->clang_min, r->arch);
      wrap_strv_push(&all, line);
      free(line);
    }
    size_t len = 0;
    for (size_t i = 0; i < all.n; i++)
      len += strlen(all.v[i]);
    char *buf = cra_xmalloc(len + 1), *p = buf;
    for (size_t i = 0; i < all.n; i++) {
      size_t l = strlen(all.v[i]);
      memcpy(p, all.v[i], l);
      p += l;
    }
    *p = '\0';
    wrap_sha256_hex(buf, len, hex);
    free(buf);
  }
  return hex;
}

int wrap_profile_parse(const char *s) {
  static const char *names[] = {"baseline", "recommended", "production", "strict"};
  for (int i = 0; i < 4; i++)
    if (strcmp(s, names[i]) == 0)
      return i;
  return -1;
}

const char *wrap_profile_name(enum wrap_profile p) {
  static const char *names[] = {"baseline", "recommended", "production", "strict"};
  return names[p];
}

/* The compiler-identity part of a row's applicability (the part the probe cache depends on). */
static bool row_fits_compiler(const struct row *r, const wrap_compiler *cc, const char **why) {
  int min = cc->family == WRAP_FAM_GCC ? r->gcc_min : r->clang_min;
  if (!(r->family & (int)cc->family) || min == 0) {
    *why = "not supported by this compiler family";
    return false;
  }
  if (cc->major < min) {
    *why = cc->family == WRAP_FAM_GCC ? "needs a newer gcc" : "needs a newer clang";
    return false;
  }
  if (r->arch == X86_64 && cc->arch != WRAP_ARCH_X86_64) {
    *why = "x86_64 only";
    return false;
  }
  if (r->arch == AARCH64 && cc->arch != WRAP_ARCH_AARCH64) {
    *why = "aarch64 only";
    return false;
  }
  return true;
}

bool wrap_policy_probe_row(size_t i, const wrap_compiler *cc, const char **flags, bool *link, bool *cxx) {
  const char *why;
  if (i >= wrap_policy_rows() || !row_fits_compiler(&rows[i], cc, &why))
    return false;
  *flags = rows[i].flags;
  *link = rows[i].stage == LINK;
  *cxx = rows[i].lang == LANG_CXX;
  return true;
}

/* Does user flag `f` match one of the '|'-separated patterns (trailing '*' = prefix)? */
static bool match_patterns(const char *patterns, const char *f) {
  const char *p = patterns;
  while (*p) {
    const char *end = strchr(p, '|');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (len > 0 && p[len - 1] == '*') {
      if (strncmp(f, p, len - 1) == 0)
        return true;
    } else if (strlen(f) == len && strncmp(f, p, len) == 0) {
      return true;
    }
    if (!end)
      break;
    p = end + 1;
  }
  return false;
}

static void skip(wrap_policy *p, const struct row *r, const char *why) {
  wrap_strv_push(&p->skipped_flag, r->flags);
  wrap_strv_push(&p->skipped_reason, why);
}

/* User flags a row's flags cannot be combined with: the compiler refuses the pair (or warns, which
 * -Werror turns into a failure), although each is accepted alone, so the probe cannot see it. A flag the
 * policy adds must never make a compiling command fail, so the row is skipped and the reason recorded.
 * For each option, the LAST user flag matching `conflict` or `reset` decides (`conflict` is tested first,
 * so a reset pattern may be a wider prefix).
 *   - GCC: "'-mindirect-branch' and '-fcf-protection' are not compatible", the same for -mfunction-return
 *     (ix86_set_indirect_branch_type): any value but keep and thunk-extern. Retpoline builds (dropbear,
 *     kernels) pass them; Clang has no -mindirect-branch and takes only keep/thunk-extern for returns.
 *   - GCC: "'-fstack-check=' and '-fstack-clash-protection' are mutually exclusive" (a warning).
 *   - GCC and Clang: "code model kernel does not support PIC mode". */
struct conflict {
  const char *row, *conflict, *reset, *why;
};
static const struct conflict conflicts[] = {
    {"cf-protection", "-mindirect-branch=thunk|-mindirect-branch=thunk-inline",
     "-mindirect-branch=*", "conflicts with the user's -mindirect-branch"},
    {"cf-protection", "-mfunction-return=thunk|-mfunction-return=thunk-inline",
     "-mfunction-return=*", "conflicts with the user's -mfunction-return"},
    {"stack-clash", "-fstack-check|-fstack-check=specific|-fstack-check=yes", "-fstack-check=*",
     "conflicts with the user's -fstack-check"},
    {"pie", "-mcmodel=kernel", "-mcmodel=*", "conflicts with the user's -mcmodel=kernel"},
    {"pic", "-mcmodel=kernel", "-mcmodel=*", "conflicts with the user's -mcmodel=kernel"},
};

/* The reason row `r` cannot be added to the user's flags, or NULL when nothing conflicts. */
static const char *row_conflict(const struct row *r, const wrap_args *a) {
  for (size_t c = 0; c < sizeof conflicts / sizeof conflicts[0]; c++) {
    if (strcmp(conflicts[c].row, r->id) != 0)
      continue;
    bool hit = false;
    for (size_t k = 0; k < a->user.n; k++) {
      if (match_patterns(conflicts[c].conflict, a->user.v[k]))
        hit = true;
      else if (match_patterns(conflicts[c].reset, a->user.v[k]))
        hit = false;
    }
    if (hit)
      return conflicts[c].why;
  }
  return NULL;
}

void wrap_policy_select(wrap_policy *p, const wrap_compiler *cc, const wrap_args *a, enum wrap_profile prof) {
  memset(p, 0, sizeof *p);
  int level = prof == WRAP_PROF_STRICT ? PRODUCTION : (int)prof;
  bool compiles = a->step == WRAP_STEP_COMPILE || a->step == WRAP_STEP_COMPILE_LINK;
  bool links = a->step == WRAP_STEP_LINK || a->step == WRAP_STEP_COMPILE_LINK;
  for (size_t i = 0; i < wrap_policy_rows(); i++) {
    const struct row *r = &rows[i];
    if (r->profile > level)
      continue;
    if (r->stage == COMPILE && !compiles)
      continue;
    if (r->stage == LINK && !links)
      continue;
    /* Output kind: decided by the command itself, silently (not a skip worth recording). */
    if (r->stage == COMPILE) {
      bool shared_here = a->step == WRAP_STEP_COMPILE_LINK && a->link_kind == WRAP_LINK_SHARED;
      if (r->output == OUT_EXE && shared_here)
        continue;
      if (r->output == OUT_SHARED && !shared_here)
        continue;
    } else {
      if (a->link_kind == WRAP_LINK_RELOCATABLE)
        continue;
      if (r->output == OUT_EXE && a->link_kind == WRAP_LINK_SHARED)
        continue;
    }
    if (r->lang == LANG_C && (a->lang_cxx || !a->lang_c))
      continue;
    if (r->lang == LANG_CXX && !a->lang_cxx)
      continue;
    const char *why;
    if (!row_fits_compiler(r, cc, &why)) {
      /* Another architecture's row is noise in every record; a version or family gap is worth recording. */
      if (strcmp(why, "x86_64 only") != 0 && strcmp(why, "aarch64 only") != 0)
        skip(p, r, why);
      continue;
    }
    /* The user's explicit choice wins: the last flag that matches decides. */
    const char *last_weak = NULL;
    bool satisfied = false;
    for (size_t k = 0; k < a->user.n; k++) {
      const char *f = a->user.v[k];
      if (match_patterns(r->satisfied, f)) {
        satisfied = true;
        last_weak = NULL;
      } else if (match_patterns(r->weakened, f)) {
        satisfied = false;
        last_weak = f;
      }
    }
    if (r->stage == LINK && r->output == OUT_EXE && a->link_kind == WRAP_LINK_STATIC_EXE && !last_weak && !satisfied)
      last_weak = "-static";
    if (satisfied)
      continue;
    if (last_weak) {
      wrap_strv_push(&p->overridden, last_weak);
      wrap_strv_push(&p->overridden_rows, r->flags);
      continue;
    }
    const char *clash = row_conflict(r, a);
    if (clash) {
      skip(p, r, clash);
      continue;
    }
    if (r->cond == OPT) {
      if (a->olevel && !a->optimising) {
        wrap_strv_push(&p->overridden, a->olevel);
        wrap_strv_push(&p->overridden_rows, r->flags);
        continue;
      }
      if (!a->optimising) {
        skip(p, r, "not optimising");
        continue;
      }
      if (a->sanitize) {
        skip(p, r, "sanitizers in use");
        continue;
      }
    }
    if (cc->probe[i] != WRAP_PROBE_ACCEPTED) {
      wrap_strv_push(&p->rejected, r->flags);
      continue;
    }
    wrap_strv *dest = r->stage == COMPILE ? &p->compile_add : &p->link_add;
    wrap_strv_push_words(dest, r->flags);
    wrap_strv_push_words(&p->added, r->flags);
  }
}
