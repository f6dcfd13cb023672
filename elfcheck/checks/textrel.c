/* textrel: text relocations (DT_TEXTREL or DT_FLAGS & DF_TEXTREL) force the loader to make code pages
 * writable while relocating, and defeat sharing; for a library it is the "built without -fPIC" check. */
#include <stdio.h>
#include "../checks.h"

void elf_check_textrel(const struct elf_facts *f, struct elf_check_result *r) {
  if (elf_na_unless_linked(f, r))
    return;
  if (!f->has_dynamic) {
    elf_result(r, ELF_NOT_APPLICABLE, "no PT_DYNAMIC: nothing is relocated at load time");
    return;
  }
  if (f->has_textrel)
    elf_result(r, ELF_FAIL, "DT_TEXTREL: code is relocated at load time (object code built without -fPIC/-fPIE)");
  else if (f->has_flags && (f->dt_flags & DF_TEXTREL))
    elf_result(r, ELF_FAIL, "DT_FLAGS & DF_TEXTREL: code is relocated at load time (object code built without -fPIC/-fPIE)");
  else
    elf_result(r, ELF_PASS, "no DT_TEXTREL and no DF_TEXTREL in PT_DYNAMIC");
}
