/* zero-call-used-regs: -fzero-call-used-regs=used-gpr (or any value but `skip`) clears call-used registers
 * on return, cutting ROP gadget chains and leaks of stale values. Only a recorded switch tells. */
#include <stdio.h>
#include <string.h>

#include "../checks.h"

static int classify(const char *tok) {
  if (strncmp(tok, "-fzero-call-used-regs=", 22) == 0)
    return strcmp(tok + 22, "skip") != 0;
  return -1;
}

void elf_check_zero_call_used_regs(const struct elf_facts *f, struct elf_check_result *r) {
  if (f->kind == ELF_KIND_CORE || f->kind == ELF_KIND_OTHER) {
    elf_result(r, ELF_NOT_APPLICABLE, "%s", f->kind == ELF_KIND_CORE ? "core file (ET_CORE)" : "no code");
    return;
  }
  struct elf_flag_tally t;
  elf_flag_tally(f, classify, &t);
  elf_flag_verdict(&t, "-fzero-call-used-regs", r);
}
