/* rwx-segments: a PT_LOAD that is both writable and executable (memsz > 0) gives an attacker a place to
 * write code. Also reported: the implied RWX of READ_IMPLIES_EXEC (i386/ARM/MIPS without PT_GNU_STACK). */
#include <stdio.h>
#include "../checks.h"

void elf_check_rwx_segments(const struct elf_facts *f, struct elf_check_result *r) {
  if (elf_na_unless_linked(f, r))
    return;
  cJSON *segs = cJSON_CreateArray();
  size_t first = 0, n = 0;
  for (size_t i = 0; i < f->nphdr; i++) {
    const struct elf_phdr_fact *p = &f->phdr[i];
    if (p->type == PT_LOAD && (p->flags & PF_W) && (p->flags & PF_X) && p->memsz > 0) {
      if (n++ == 0)
        first = i;
      cJSON_AddItemToArray(segs, cJSON_CreateNumber((double)i));
    }
  }
  cJSON_AddItemToObject(elf_detail(r), "rwx_load_segments", segs);
  bool implied = f->gnu_stack_count == 0 && (f->e_machine == EM_386 || f->e_machine == EM_ARM ||
                                              f->e_machine == EM_MIPS);
  if (n)
    elf_result(r, ELF_FAIL, "PT_LOAD[%zu] has PF_R|PF_W|PF_X%s", first, n > 1 ? " (and more)" : "");
  else if (implied)
    elf_result(r, ELF_FAIL, "no PT_GNU_STACK on this architecture: READ_IMPLIES_EXEC makes writable mappings executable");
  else
    elf_result(r, ELF_PASS, "no PT_LOAD with PF_W|PF_X (%zu program headers)", f->nphdr);
}
