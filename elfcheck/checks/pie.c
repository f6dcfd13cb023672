/* pie: the main program must be position-independent so ASLR moves it. ET_DYN is not PIE and PT_PHDR is
 * not PIE (lld emits it in libraries): DF_1_PIE (set by GNU ld, gold, lld and mold for every -pie link)
 * decides; without it, PT_INTERP and no DT_SONAME is the legacy-PIE heuristic. Libraries are
 * position-independent by construction (their PIC check is textrel). */
#include <stdio.h>
#include "../checks.h"

void elf_check_pie(const struct elf_facts *f, struct elf_check_result *r) {
  if (elf_na_unless_linked(f, r))
    return;
  switch (f->kind) {
  case ELF_KIND_EXEC:
    elf_result(r, ELF_FAIL, "ET_EXEC: loaded at a fixed address");
    break;
  case ELF_KIND_PIE:
    if (f->legacy_pie)
      elf_result(r, ELF_PASS, "ET_DYN + PT_INTERP, no DF_1_PIE and no DT_SONAME (heuristic: PIE from an older linker)");
    else
      elf_result(r, ELF_PASS, "ET_DYN + DT_FLAGS_1 & DF_1_PIE");
    break;
  case ELF_KIND_STATIC_PIE:
    elf_result(r, ELF_PASS, "static-pie: ET_DYN + DT_FLAGS_1 & DF_1_PIE, no PT_INTERP");
    break;
  case ELF_KIND_EXEC_DSO:
    elf_result(r, ELF_NOT_APPLICABLE, "executable shared library (ET_DYN + PT_INTERP + DT_SONAME, no DF_1_PIE)");
    break;
  default:
    elf_result(r, ELF_NOT_APPLICABLE, "shared library (ET_DYN, no PT_INTERP, no DF_1_PIE)");
    break;
  }
}
