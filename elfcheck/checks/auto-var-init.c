/* auto-var-init: -ftrivial-auto-var-init=zero|pattern leaves no uninitialised stack variable behind
 * (OpenSSF guide). It leaves no trace in code that can be found without disassembly, so the only evidence
 * is a recorded switch (GCC's DW_AT_producer; clang's with -grecord-command-line; .GCC.command.line). */
#include <stdio.h>
#include <string.h>

#include "../checks.h"

static int classify(const char *tok) {
  if (strcmp(tok, "-ftrivial-auto-var-init=zero") == 0 || strcmp(tok, "-ftrivial-auto-var-init=pattern") == 0)
    return 1;
  if (strncmp(tok, "-ftrivial-auto-var-init=", 24) == 0)
    return 0;
  return -1;
}

void elf_check_auto_var_init(const struct elf_facts *f, struct elf_check_result *r) {
  if (f->kind == ELF_KIND_CORE || f->kind == ELF_KIND_OTHER) {
    elf_result(r, ELF_NOT_APPLICABLE, "%s", f->kind == ELF_KIND_CORE ? "core file (ET_CORE)" : "no code");
    return;
  }
  struct elf_flag_tally t;
  elf_flag_tally(f, classify, &t);
  elf_flag_verdict(&t, "-ftrivial-auto-var-init", r);
}
