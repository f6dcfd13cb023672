/* exported-symbols: every defined dynamic symbol is an entry point another object can bind to or
 * interpose. Libraries export by design (reported as a count); an executable needs none beyond what the
 * C runtime puts there, so exports (typically from -rdynamic / -Wl,-E) widen the attack surface. A
 * defined symbol at the target of an R_*_COPY relocation is a library's data object (in6addr_any, stdout,
 * environ, ...) copied into the executable's .bss by a non-PIC data reference: the executable must define
 * it in .dynsym so the library binds to the copy, but it is the library's, not an export of the program. */
#include <stdio.h>
#include <string.h>

#include "../checks.h"

/* Defined by crt1.o / the linker in every executable; not the program's choice. */
static bool runtime_symbol(const char *n) {
  static const char *const rt[] = {"_IO_stdin_used", "__data_start", "data_start", "_edata", "_end",
                                   "__bss_start", "_init", "_fini", "__dso_handle", "_start",
                                   "__libc_csu_init", "__libc_csu_fini", "__TMC_END__", "_DYNAMIC",
                                   "_GLOBAL_OFFSET_TABLE_", "environ", "__environ", "stdin", "stdout",
                                   "stderr", "optarg", "optind", "opterr", "optopt"};
  for (size_t i = 0; i < sizeof rt / sizeof *rt; i++)
    if (strcmp(n, rt[i]) == 0)
      return true;
  return false;
}

void elf_check_exported_symbols(const struct elf_facts *f, struct elf_check_result *r) {
  if (elf_na_unless_linked(f, r))
    return;
  if (f->has_dynamic && f->dynsym_source == DYNSYM_NONE) {
    elf_result(r, ELF_UNKNOWN, "dynamic symbol table unreadable");
    return;
  }
  size_t total = 0, program = 0, copied = 0;
  bool exec = elf_is_executable(f) || f->legacy_pie;
  const char *example = NULL;
  for (size_t i = 0; i < f->ndynsym; i++) {
    const struct elf_sym_fact *s = &f->dynsym[i];
    if (!s->defined || s->shndx == SHN_ABS || s->type == STT_SECTION || s->type == STT_FILE)
      continue;
    if (s->bind != STB_GLOBAL && s->bind != STB_WEAK && s->bind != STB_GNU_UNIQUE)
      continue;
    if (exec && s->type != STT_FUNC && elf_facts_copy_reloc_at(f, s->value)) {
      copied++; /* the library's object, copied here: not counted as defined by the program */
      continue;
    }
    total++;
    if (!exec)
      continue; /* a library's exports are only counted (and libLLVM has tens of thousands) */
    if (!runtime_symbol(s->name)) {
      program++;
      if (!example || strcmp(s->name, example) < 0)
        example = s->name;
    }
  }
  cJSON *d = elf_detail(r);
  cJSON_AddNumberToObject(d, "defined", (double)total);
  cJSON_AddNumberToObject(d, "beyond_runtime", (double)program);
  if (exec)
    cJSON_AddNumberToObject(d, "copy_relocated", (double)copied);
  char cp[96] = "";
  if (copied)
    snprintf(cp, sizeof cp, "; %zu copy-relocated library object%s not counted", copied, copied == 1 ? "" : "s");
  const char *src = f->dynsym_source == DYNSYM_GNU_HASH ? "DT_GNU_HASH"
                    : f->dynsym_source == DYNSYM_HASH   ? "DT_HASH"
                    : f->dynsym_source == DYNSYM_SECTION ? ".dynsym"
                                                          : "no dynamic symbols";
  if (!elf_is_executable(f) && !f->legacy_pie) {
    if (f->lib_exports_counted) { /* the gatherer counted them instead of storing them */
      total = f->lib_exports;
      cJSON_ReplaceItemInObject(d, "defined", cJSON_CreateNumber((double)total));
    }
    elf_result(r, ELF_PASS, "shared library exports %zu symbols (%s)", total, src);
    return;
  }
  if (program == 0)
    elf_result(r, ELF_PASS, "executable exports no symbols beyond the C runtime's (%zu defined, %s%s)", total, src,
               cp);
  else
    elf_result(r, ELF_PARTIAL, "executable exports %zu symbol%s (e.g. %s): link without -rdynamic/-Wl,-E or "
               "limit them with a version script%s", program, program == 1 ? "" : "s", example, cp);
}
