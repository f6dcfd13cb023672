/* exported-symbols: every defined dynamic symbol is an entry point another object can bind to or
 * interpose. Libraries export by design (reported as a count); an executable needs none beyond what the
 * C runtime puts there, so exports (typically from -rdynamic / -Wl,-E) widen the attack surface. A
 * defined symbol at the target of an R_*_COPY relocation is a library's data object (in6addr_any, stdout,
 * environ, ...) copied into the executable's .bss by a non-PIC data reference: the executable must define
 * it in .dynsym so the library binds to the copy, but it is the library's, not an export of the program. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../checks.h"

static int cmp_name(const void *key, const void *elem) { return strcmp(key, *(const char *const *)elem); }

/* Defined by crt1.o / the linker in every executable; not the program's choice. Sorted (bsearch: an
 * executable built with -rdynamic exports tens of thousands of symbols). */
static bool runtime_symbol(const char *n) {
  static const char *const rt[] = {"_DYNAMIC", "_GLOBAL_OFFSET_TABLE_", "_IO_stdin_used", "__TMC_END__",
                                   "__bss_start", "__data_start", "__dso_handle", "__environ",
                                   "__libc_csu_fini", "__libc_csu_init", "_edata", "_end", "_fini", "_init",
                                   "_start", "data_start", "environ", "optarg", "opterr", "optind", "optopt",
                                   "stderr", "stdin", "stdout"};
  return bsearch(n, rt, sizeof rt / sizeof *rt, sizeof *rt, cmp_name) != NULL;
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
