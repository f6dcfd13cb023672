/* dangerous-imports: imports of functions with no safe use (gets: CWE-242) or a long misuse record
 * (strcpy/strcat/sprintf/vsprintf: CWE-120, system/popen: CWE-78, tmpnam/tempnam/mktemp: CWE-377).
 * Dynamic files: undefined .dynsym symbols (a library's own definitions do not count); static binaries:
 * calls from the program's own functions found by the code scan. FORTIFY turns most strcpy/sprintf calls
 * into __*_chk, so what remains here was not fortifiable. */
#include <stdio.h>
#include <string.h>

#include "../checks.h"
#include "cra_common.h"

void elf_check_dangerous_imports(const struct elf_facts *f, struct elf_check_result *r) {
  if (f->kind == ELF_KIND_CORE || f->kind == ELF_KIND_DEBUG || f->kind == ELF_KIND_OTHER) {
    elf_na_unless_linked(f, r);
    return;
  }
  cJSON *list = cJSON_CreateArray();
  char buf[512] = "";
  size_t used = 0;
  bool gets = false;
  bool by_call = f->is_static;
  for (size_t i = 0; elf_dangerous_fn(i); i++) {
    const char *fn = elf_dangerous_fn(i);
    bool hit = by_call ? elf_facts_calls(f, fn) != NULL : elf_facts_imports(f, fn);
    if (!hit)
      continue;
    cJSON_AddItemToArray(list, cJSON_CreateString(fn));
    gets |= strcmp(fn, "gets") == 0 || strcmp(fn, "getwd") == 0;
    int w = snprintf(buf + used, sizeof buf - used, "%s%s", used ? ", " : "", fn);
    if (w > 0 && (size_t)w < sizeof buf - used)
      used += (size_t)w;
  }
  cJSON_AddItemToObject(elf_detail(r), "functions", list);
  int n = cJSON_GetArraySize(list);
  if (by_call && !f->code_scan_done) {
    elf_result(r, ELF_UNKNOWN, "static binary without .symtab (or not x86): calls cannot be attributed");
    return;
  }
  const char *how = by_call ? "called from the program" : "UND";
  if (n == 0)
    elf_result(r, ELF_PASS, "no %s %s", by_call ? "call from the program to" : "import of",
               "gets, strcpy, strcat, sprintf, vsprintf, system, popen, tmpnam, tempnam, mktemp or getwd");
  else
    elf_result(r, gets ? ELF_FAIL : ELF_PARTIAL, "%s %s%s", how, buf,
               gets ? " (gets/getwd cannot be used safely)" : "");
}
