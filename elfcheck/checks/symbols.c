/* symbols: a .symtab names every function and static variable, which eases reverse engineering and
 * exploit writing. Ship stripped files (and the symbols in a separate debug file). */
#include <stdio.h>
#include "../checks.h"

void elf_check_symbols(const struct elf_facts *f, struct elf_check_result *r) {
  if (f->kind == ELF_KIND_OBJECT || f->kind == ELF_KIND_KMOD || f->kind == ELF_KIND_CORE ||
      f->kind == ELF_KIND_DEBUG || f->kind == ELF_KIND_OTHER) {
    elf_na_unless_linked(f, r);
    if (f->kind == ELF_KIND_OBJECT || f->kind == ELF_KIND_KMOD)
      elf_result(r, ELF_NOT_APPLICABLE, "relocatable object: its symbol table is needed by the linker");
    return;
  }
  cJSON_AddNumberToObject(elf_detail(r), "symtab_entries", (double)f->nsymtab);
  if (!f->has_shdrs && f->shdrs_damaged)
    elf_result(r, ELF_UNKNOWN, "damaged section header table: a .symtab cannot be located");
  else if (!f->has_shdrs)
    elf_result(r, ELF_PASS, "no section headers (no .symtab can be located)");
  else if (f->has_symtab)
    elf_result(r, ELF_FAIL, ".symtab present (%zu symbols): not stripped", f->nsymtab);
  else
    elf_result(r, ELF_PASS, "no .symtab: stripped");
}
