/* Profiles (which checks are required, and the weakest verdict that still passes) and the waiver policy
 * file. See docs/elfcheck/profiles.md and docs/elfcheck/policy.md. */
#ifndef ELF_PROFILE_H
#define ELF_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "checks.h"

struct elf_profile {
  const char *name;
  const char *description;
  /* per check (indexed like elf_checks): 0 = not required, else the weakest passing verdict
   * (ELF_PASS or ELF_PARTIAL) + 1 */
  int need[32];
};

const struct elf_profile *elf_profile_find(const char *name);
const struct elf_profile *elf_profile_at(size_t i); /* NULL past the end */
bool elf_profile_required(const struct elf_profile *p, size_t check);
/* True when `v` fails required check `check` of profile p (unknown and not_applicable never fail). */
bool elf_profile_fails(const struct elf_profile *p, size_t check, enum elf_verdict v);

struct elf_waiver {
  char *glob;
  int check; /* index in elf_checks, or -1 for every check ("*") */
  char *justification;
  unsigned line;
};

struct elf_policy {
  char *path;
  struct elf_waiver *w;
  size_t n;
};

/* Parses a policy file. On a malformed line (including a waiver without justification) exits 64 with
 * "prog: FILE:LINE: problem"; an unreadable file also exits 64. */
void elf_policy_load(const char *path, struct elf_policy *out);
/* The first waiver matching a display path and check, or NULL. */
const struct elf_waiver *elf_policy_match(const struct elf_policy *p, const char *path, size_t check);
void elf_policy_free(struct elf_policy *p);

#endif
