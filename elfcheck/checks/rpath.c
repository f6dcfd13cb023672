/* rpath: DT_RPATH and DT_RUNPATH reported separately, each entry classified (elf_facts.c classify_abs):
 * an empty or relative entry resolves against the process's working directory and an entry writable by
 * others lets anyone plant a library (both CWE-426: fail). DT_RPATH itself is a finding (partial) even with
 * safe entries: it is searched before LD_LIBRARY_PATH and inherited by every dependency; DT_RUNPATH with
 * $ORIGIN-relative or root-owned entries is the sanctioned form. Writability is judged on this machine
 * (or under --sysroot). */
#include <stdio.h>
#include "../checks.h"

static cJSON *entries(const struct elf_rpath_entry *e, size_t n) {
  cJSON *a = cJSON_CreateArray();
  for (size_t i = 0; i < n; i++) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "class", elf_rpath_class_name(e[i].cls));
    cJSON_AddStringToObject(o, "path", e[i].path);
    cJSON_AddItemToObject(o, "why", e[i].why ? cJSON_CreateString(e[i].why) : cJSON_CreateNull());
    cJSON_AddItemToArray(a, o);
  }
  return a;
}

static const struct elf_rpath_entry *first_bad(const struct elf_rpath_entry *e, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (e[i].cls == RPATH_EMPTY || e[i].cls == RPATH_RELATIVE || e[i].cls == RPATH_ABS_INSECURE)
      return &e[i];
  return NULL;
}

void elf_check_rpath(const struct elf_facts *f, struct elf_check_result *r) {
  if (elf_na_unless_linked(f, r))
    return;
  cJSON *d = elf_detail(r);
  cJSON_AddItemToObject(d, "rpath", entries(f->rpath, f->nrpath));
  cJSON_AddItemToObject(d, "runpath", entries(f->runpath, f->nrunpath));
  if (!f->has_rpath_tag && !f->has_runpath_tag) {
    elf_result(r, ELF_PASS, "no DT_RPATH or DT_RUNPATH");
    return;
  }
  const struct elf_rpath_entry *bad = first_bad(f->rpath, f->nrpath);
  const char *tag = "DT_RPATH";
  if (!bad) {
    bad = first_bad(f->runpath, f->nrunpath);
    tag = "DT_RUNPATH";
  }
  if (bad) {
    if (bad->cls == RPATH_ABS_INSECURE)
      elf_result(r, ELF_FAIL, "%s entry %s: %s (CWE-426)", tag, bad->path, bad->why);
    else
      elf_result(r, ELF_FAIL, "%s entry \"%s\" is %s: resolved against the working directory (CWE-426)", tag,
                 bad->path, elf_rpath_class_name(bad->cls));
    return;
  }
  const struct elf_rpath_entry *e = f->nrpath ? &f->rpath[0] : f->nrunpath ? &f->runpath[0] : NULL;
  if (f->has_rpath_tag)
    elf_result(r, ELF_PARTIAL, "DT_RPATH %s (%s%s): DT_RPATH overrides LD_LIBRARY_PATH and applies to every "
               "dependency; use DT_RUNPATH (--enable-new-dtags) or no path", e ? e->path : "?",
               e ? elf_rpath_class_name(e->cls) : "unreadable", f->nrpath > 1 ? ", ..." : "");
  else
    elf_result(r, ELF_PASS, "DT_RUNPATH %s (%s%s)", e ? e->path : "?", e ? elf_rpath_class_name(e->cls) : "unreadable",
               f->nrunpath > 1 ? ", ..." : "");
}
