/* Profiles as data: which checks a profile requires and the weakest verdict that still passes. Unknown and
 * not_applicable never fail a run: "unknown" means the file holds no evidence either way (docs/elfcheck/
 * profiles.md explains why a guess in either direction would be worse), and the JSON keeps them visible. */
#include "profile.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "cra_common.h"

struct req {
  const char *check;
  enum elf_verdict weakest;
};

struct profile_src {
  const char *name, *description;
  const struct req *reqs;
};

/* What Debian 12's toolchain gives with no flags at all (gcc-12: PIE by default; binutils: -z relro,
 * non-executable stack, no text relocations in PIC code). A product below this is worse than the distro. */
static const struct req baseline[] = {
    {"nx-stack", ELF_PARTIAL}, {"pie", ELF_PASS},         {"relro", ELF_PARTIAL},
    {"rpath", ELF_PARTIAL},    {"rwx-segments", ELF_PASS}, {"textrel", ELF_PASS},
    {NULL, ELF_PASS}};

/* The OpenSSF Compiler Options Hardening Guide for C/C++, as far as a binary can show it. CET/BTI
 * marking is reported but not required: the linker ANDs it over all inputs, and Debian 12's crt objects
 * are unmarked, so no Debian 12 binary can pass it without -z ibt/-z shstk forcing (docs/elfcheck/cet.md).
 * auto-var-init is not required here: the wrappers add -ftrivial-auto-var-init=zero from production up
 * (wrappers/flags.def), and a profile must not require what the same-named wrapper profile does not add. */
static const struct req recommended[] = {
    {"dangerous-imports", ELF_PARTIAL}, {"fortify", ELF_PASS},  {"fortify-level", ELF_PASS},
    {"nx-stack", ELF_PASS},             {"pie", ELF_PASS},      {"relro", ELF_PASS},
    {"rpath", ELF_PARTIAL},             {"rwx-segments", ELF_PASS}, {"stack-clash", ELF_PASS},
    {"stack-protector", ELF_PASS},      {"textrel", ELF_PASS},  {NULL, ELF_PASS}};

/* recommended + what the wrappers' production rows add that a binary can show: auto-var-init. strict
 * differs from production only in how the wrappers treat weakening user flags, so its binary checks match. */
static const struct req production[] = {
    {"auto-var-init", ELF_PASS},   {"dangerous-imports", ELF_PARTIAL}, {"fortify", ELF_PASS},
    {"fortify-level", ELF_PASS},   {"nx-stack", ELF_PASS},             {"pie", ELF_PASS},
    {"relro", ELF_PASS},           {"rpath", ELF_PARTIAL},             {"rwx-segments", ELF_PASS},
    {"stack-clash", ELF_PASS},     {"stack-protector", ELF_PASS},      {"textrel", ELF_PASS},
    {NULL, ELF_PASS}};

static const struct profile_src sources[] = {
    {"baseline", "what Debian 12's default toolchain gives: PIE, NX stack, partial RELRO, no RWX, no TEXTREL, no insecure RPATH", baseline},
    {"recommended", "OpenSSF compiler hardening guide: baseline + full RELRO, canaries, FORTIFY (=3 when recorded), stack clash, no gets", recommended},
    {"production", "recommended + automatic variable initialisation (-ftrivial-auto-var-init), as the wrappers' production profile adds it", production},
    {"strict", "as production (strict differs only in the wrappers' handling of weakening flags)", production},
};

static struct elf_profile built[sizeof sources / sizeof *sources];
static bool built_done;

static void build(void) {
  if (built_done)
    return;
  for (size_t i = 0; i < sizeof sources / sizeof *sources; i++) {
    built[i].name = sources[i].name;
    built[i].description = sources[i].description;
    for (const struct req *r = sources[i].reqs; r->check; r++) {
      int k = elf_check_index(r->check);
      if (k < 0 || (size_t)k >= sizeof built[i].need / sizeof built[i].need[0])
        cra_die(CRA_EXIT_SOFTWARE, "profile %s names unknown check %s", sources[i].name, r->check);
      built[i].need[k] = (int)r->weakest + 1;
    }
  }
  built_done = true;
}

const struct elf_profile *elf_profile_at(size_t i) {
  build();
  return i < sizeof built / sizeof *built ? &built[i] : NULL;
}

const struct elf_profile *elf_profile_find(const char *name) {
  for (size_t i = 0; elf_profile_at(i); i++)
    if (strcmp(elf_profile_at(i)->name, name) == 0)
      return elf_profile_at(i);
  return NULL;
}

bool elf_profile_required(const struct elf_profile *p, size_t check) { return p && p->need[check] != 0; }

bool elf_profile_fails(const struct elf_profile *p, size_t check, enum elf_verdict v) {
  if (!elf_profile_required(p, check))
    return false;
  enum elf_verdict weakest = (enum elf_verdict)(p->need[check] - 1);
  if (v == ELF_FAIL)
    return true;
  if (v == ELF_PARTIAL)
    return weakest == ELF_PASS;
  return false;
}

/* ---- policy file --------------------------------------------------------------------------------- */

static char *trim(char *s) {
  while (*s == ' ' || *s == '\t')
    s++;
  size_t l = strlen(s);
  while (l && (s[l - 1] == ' ' || s[l - 1] == '\t' || s[l - 1] == '\r' || s[l - 1] == '\n'))
    s[--l] = '\0';
  return s;
}

static char *next_field(char **p) {
  char *s = *p;
  while (*s == ' ' || *s == '\t')
    s++;
  if (!*s)
    return NULL;
  char *e = s;
  while (*e && *e != ' ' && *e != '\t')
    e++;
  if (*e)
    *e++ = '\0';
  *p = e;
  return s;
}

void elf_policy_load(const char *path, struct elf_policy *out) {
  size_t len;
  char *text = cra_read_file(path, &len);
  if (!text)
    cra_usage_error("%s: cannot read policy file: %s", path, cra_strerror(errno));
  out->path = cra_xstrdup(path);
  unsigned lineno = 0;
  char *next = NULL;
  for (char *line = text; line; line = next) {
    char *nl = strchr(line, '\n');
    next = nl ? nl + 1 : NULL;
    if (nl)
      *nl = '\0';
    lineno++;
    char *l = trim(line);
    if (!*l || *l == '#')
      continue;
    char *cur = l;
    char *glob = next_field(&cur);
    char *check = next_field(&cur);
    char *just = trim(cur);
    if (!check)
      cra_usage_error("%s:%u: a waiver needs PATH-GLOB CHECK JUSTIFICATION", path, lineno);
    int idx = strcmp(check, "*") == 0 ? -1 : elf_check_index(check);
    if (idx < 0 && strcmp(check, "*") != 0)
      cra_usage_error("%s:%u: unknown check '%s' (see --list-checks)", path, lineno, check);
    if (!*just)
      cra_usage_error("%s:%u: waiver of '%s' for '%s' has no justification", path, lineno, check, glob);
    out->w = cra_xreallocarray(out->w, out->n + 1, sizeof *out->w);
    out->w[out->n++] = (struct elf_waiver){cra_xstrdup(glob), idx, cra_xstrdup(just), lineno};
  }
  free(text);
}

const struct elf_waiver *elf_policy_match(const struct elf_policy *p, const char *path, size_t check) {
  if (!p)
    return NULL;
  for (size_t i = 0; i < p->n; i++)
    if ((p->w[i].check < 0 || (size_t)p->w[i].check == check) && fnmatch(p->w[i].glob, path, 0) == 0)
      return &p->w[i];
  return NULL;
}

void elf_policy_free(struct elf_policy *p) {
  for (size_t i = 0; i < p->n; i++) {
    free(p->w[i].glob);
    free(p->w[i].justification);
  }
  free(p->w);
  free(p->path);
  memset(p, 0, sizeof *p);
}
