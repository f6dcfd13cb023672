/* nx-stack: the kernel's ELF loader takes PF_X from the LAST PT_GNU_STACK (it overwrites in its loop); only
 * PF_X matters, p_memsz is the -z stack-size hint (case E10). Without PT_GNU_STACK the default depends on
 * the architecture: i386, ARM and MIPS get READ_IMPLIES_EXEC (every readable mapping executable), x86-64
 * (kernel >= 5.8), AArch64, RISC-V and PPC64 keep the stack non-executable. For a shared library the
 * header says whether loading it makes the whole process stack executable. */
#include <stdio.h>
#include "../checks.h"

static bool implies_exec_when_missing(uint16_t m) {
  return m == EM_386 || m == EM_ARM || m == EM_MIPS || m == EM_MIPS_RS3_LE;
}

void elf_check_nx_stack(const struct elf_facts *f, struct elf_check_result *r) {
  if (elf_na_unless_linked(f, r))
    return;
  cJSON *d = elf_detail(r);
  cJSON_AddNumberToObject(d, "gnu_stack_headers", (double)f->gnu_stack_count);
  if (f->gnu_stack_count == 0) {
    cJSON_AddStringToObject(d, "state", "missing");
    if (implies_exec_when_missing(f->e_machine))
      elf_result(r, ELF_FAIL, "PT_GNU_STACK missing: this architecture then runs with READ_IMPLIES_EXEC "
                 "(stack and every readable mapping executable)");
    else
      elf_result(r, ELF_PARTIAL, "PT_GNU_STACK missing: the stack stays non-executable on this architecture "
                 "(x86-64 since Linux 5.8), older kernels differ; link with -z noexecstack");
    return;
  }
  bool x = f->gnu_stack_flags & PF_X;
  cJSON_AddStringToObject(d, "state", x ? "executable" : "non-executable");
  const char *which = f->gnu_stack_count > 1 ? "PT_GNU_STACK[last].p_flags" : "PT_GNU_STACK.p_flags";
  if (x)
    elf_result(r, ELF_FAIL, "%s has PF_X: executable stack", which);
  else if (f->gnu_stack_memsz)
    elf_result(r, ELF_PASS, "%s without PF_X (p_memsz %llu is a stack-size hint)", which,
               (unsigned long long)f->gnu_stack_memsz);
  else
    elf_result(r, ELF_PASS, "%s without PF_X", which);
}
