/* relro: PT_GNU_RELRO makes the relocated data read-only after start-up (partial); full RELRO also needs
 * eager binding so the GOT is covered. glibc treats the three BIND_NOW encodings alike: the DT_BIND_NOW tag,
 * DT_FLAGS & DF_BIND_NOW, DT_FLAGS_1 & DF_1_NOW (gold writes only the flags: case E8). BIND_NOW without
 * PT_GNU_RELRO leaves the GOT writable: no RELRO (case E7). Read from PT_DYNAMIC, not a section. */
#include <stdio.h>
#include "../checks.h"

void elf_check_relro(const struct elf_facts *f, struct elf_check_result *r) {
  if (elf_na_unless_linked(f, r))
    return;
  const char *now = NULL;
  if (f->has_bind_now)
    now = "DT_BIND_NOW";
  else if (f->has_flags && (f->dt_flags & DF_BIND_NOW))
    now = "DT_FLAGS & DF_BIND_NOW";
  else if (f->has_flags_1 && (f->dt_flags_1 & DF_1_NOW))
    now = "DT_FLAGS_1 & DF_1_NOW";
  cJSON *d = elf_detail(r);
  bool lazy_possible = f->has_dynamic && !f->is_static;
  if (!f->has_relro) {
    cJSON_AddStringToObject(d, "level", "none");
    if (now)
      elf_result(r, ELF_FAIL, "no PT_GNU_RELRO (%s without RELRO leaves the GOT writable)", now);
    else
      elf_result(r, ELF_FAIL, "no PT_GNU_RELRO");
    return;
  }
  if (!lazy_possible) {
    cJSON_AddStringToObject(d, "level", "full");
    elf_result(r, ELF_PASS, "PT_GNU_RELRO; static binary: no lazy binding, BIND_NOW not applicable");
    return;
  }
  if (now) {
    cJSON_AddStringToObject(d, "level", "full");
    elf_result(r, ELF_PASS, "PT_GNU_RELRO + %s", now);
  } else {
    cJSON_AddStringToObject(d, "level", "partial");
    elf_result(r, ELF_PARTIAL, "PT_GNU_RELRO without BIND_NOW (no DT_BIND_NOW, DF_BIND_NOW or DF_1_NOW): the GOT stays writable");
  }
}
