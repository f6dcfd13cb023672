/* stack-clash: -fstack-clash-protection probes every page of a large stack allocation so the stack cannot
 * jump over the guard page into another mapping. GCC's probe loop and clang's `or $0,(%rsp)` loop differ
 * and inlined probes look like ordinary stores, so (as in BinSkim and annocheck) only a recorded switch
 * counts; otherwise the verdict is unknown. */
#include <stdio.h>
#include <string.h>

#include "../checks.h"

static int classify(const char *tok) {
  if (strcmp(tok, "-fstack-clash-protection") == 0)
    return 1;
  if (strcmp(tok, "-fno-stack-clash-protection") == 0)
    return 0;
  return -1;
}

void elf_check_stack_clash(const struct elf_facts *f, struct elf_check_result *r) {
  if (f->kind == ELF_KIND_CORE || f->kind == ELF_KIND_OTHER) {
    elf_result(r, ELF_NOT_APPLICABLE, "%s", f->kind == ELF_KIND_CORE ? "core file (ET_CORE)" : "no code");
    return;
  }
  struct elf_flag_tally t;
  elf_flag_tally(f, classify, &t);
  elf_flag_verdict(&t, "-fstack-clash-protection", r);
}
