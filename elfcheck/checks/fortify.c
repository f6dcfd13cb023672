/* fortify: _FORTIFY_SOURCE evidence from symbols. Only undefined imports from glibc's __<fn>_chk set count
 * (never __stack_chk_*: case E1; never the file's own exports: case E2); static binaries count calls from
 * the program's functions to those functions (the code scan). Unfortified calls are normal under FORTIFY
 * (case E3: sizes the compiler cannot see stay plain), so one fortified import is a pass and the counts
 * are reported. No fortified import cannot be told apart from "nothing was fortifiable" (case E4), so it
 * is unknown, or not_applicable when no fortifiable function is called at all. musl has no __*_chk. */
#include <stdio.h>
#include <string.h>

#include "../checks.h"

static void append(char *buf, size_t cap, size_t *used, const char *s) {
  int w = snprintf(buf + *used, cap - *used, "%s%s", *used ? ", " : "", s);
  if (w > 0 && (size_t)w < cap - *used)
    *used += (size_t)w;
}

void elf_check_fortify(const struct elf_facts *f, struct elf_check_result *r) {
  if (f->kind == ELF_KIND_CORE || f->kind == ELF_KIND_DEBUG || f->kind == ELF_KIND_OTHER) {
    elf_na_unless_linked(f, r);
    return;
  }
  if (f->musl) {
    elf_result(r, ELF_UNKNOWN, "musl libc has no __*_chk functions: FORTIFY_SOURCE is undeterminable from the binary");
    return;
  }
  bool by_call = f->is_static;
  if (by_call && !f->code_scan_done) {
    elf_result(r, ELF_UNKNOWN, "static binary without .symtab (or not x86): calls to __*_chk cannot be attributed");
    return;
  }
  if (f->has_dynamic && !by_call && f->dynsym_source == DYNSYM_NONE) {
    elf_result(r, ELF_UNKNOWN, "dynamic symbol table unreadable");
    return;
  }
  cJSON *fort = cJSON_CreateArray(), *plain = cJSON_CreateArray();
  char fbuf[400] = "", pbuf[200] = "";
  size_t fu = 0, pu = 0;
  for (size_t i = 0; elf_fortify_chk(i); i++) {
    const char *chk = elf_fortify_chk(i), *pl = elf_fortify_plain(i);
    bool has_chk = by_call ? elf_facts_calls(f, chk) != NULL : elf_facts_imports(f, chk);
    bool has_plain = by_call ? elf_facts_calls(f, pl) != NULL : elf_facts_imports(f, pl);
    if (has_chk) {
      cJSON_AddItemToArray(fort, cJSON_CreateString(chk));
      append(fbuf, sizeof fbuf, &fu, chk);
    }
    if (has_plain) {
      cJSON_AddItemToArray(plain, cJSON_CreateString(pl));
      append(pbuf, sizeof pbuf, &pu, pl);
    }
  }
  int nf = cJSON_GetArraySize(fort), np = cJSON_GetArraySize(plain);
  cJSON *d = elf_detail(r);
  cJSON_AddNumberToObject(d, "fortified_count", nf);
  cJSON_AddNumberToObject(d, "plain_count", np);
  cJSON_AddItemToObject(d, "fortified", fort);
  cJSON_AddItemToObject(d, "plain", plain);
  const char *how = by_call ? "calls from the program to" : "UND";
  if (nf > 0)
    elf_result(r, ELF_PASS, "%s %s (%d fortified, %d plain)", how, fbuf, nf, np);
  else if (np > 0)
    elf_result(r, ELF_UNKNOWN, "no __*_chk %s; %d plain fortifiable function%s (%s): FORTIFY off, or no size "
               "known at compile time (cannot be told apart)", by_call ? "call" : "import", np,
               np == 1 ? "" : "s", pbuf);
  else
    elf_result(r, ELF_NOT_APPLICABLE, "no %s a fortifiable libc function", by_call ? "call to" : "import of");
}
