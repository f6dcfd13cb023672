/* debug-info: DWARF shipped inside the product (.debug_* or compressed .zdebug_* / SHF_COMPRESSED) hands an
 * attacker the source structure; ship it separately (.gnu_debuglink + build-id). */
#include <stdio.h>
#include "../checks.h"

void elf_check_debug_info(const struct elf_facts *f, struct elf_check_result *r) {
  if (f->kind == ELF_KIND_DEBUG) {
    elf_result(r, ELF_NOT_APPLICABLE, "separate debug file (that is where debug information belongs)");
    return;
  }
  if (f->kind == ELF_KIND_CORE) {
    elf_result(r, ELF_NOT_APPLICABLE, "core file (ET_CORE)");
    return;
  }
  cJSON *d = elf_detail(r);
  cJSON *secs = cJSON_CreateArray();
  for (size_t i = 0; i < f->ndebug_sections; i++)
    cJSON_AddItemToArray(secs, cJSON_CreateString(f->debug_sections[i]));
  cJSON_AddItemToObject(d, "sections", secs);
  cJSON_AddItemToObject(d, "debuglink", f->debuglink ? cJSON_CreateString(f->debuglink) : cJSON_CreateNull());
  if (!f->has_shdrs && f->shdrs_damaged) {
    elf_result(r, ELF_UNKNOWN, "damaged section header table: debug sections cannot be located");
    return;
  }
  if (!f->has_shdrs) {
    elf_result(r, ELF_PASS, "no section headers: no debug sections can be located");
    return;
  }
  cJSON_AddBoolToObject(d, "compressed", f->debug_shf_compressed || f->debug_zdebug);
  const char *comp = f->debug_shf_compressed && f->debug_zdebug ? ", compressed: SHF_COMPRESSED and .zdebug_*"
                     : f->debug_shf_compressed                  ? ", compressed: SHF_COMPRESSED"
                     : f->debug_zdebug                          ? ", compressed: .zdebug_*"
                                                                : "";
  if (f->has_debug_info)
    elf_result(r, ELF_FAIL, "%s present (%zu debug section%s%s)%s%s", f->debug_info_name, f->ndebug_sections,
               f->ndebug_sections == 1 ? "" : "s", comp, f->debuglink ? "; .gnu_debuglink names " : "",
               f->debuglink ? f->debuglink : "");
  else if (f->ndebug_sections)
    elf_result(r, ELF_PARTIAL, "%s present (no .debug_info; %zu debug section%s%s)", f->debug_sections[0],
               f->ndebug_sections, f->ndebug_sections == 1 ? "" : "s", comp);
  else if (f->debuglink)
    elf_result(r, ELF_PASS, "no .debug_* sections; .gnu_debuglink names %s", f->debuglink);
  else
    elf_result(r, ELF_PASS, "no .debug_* sections");
}
