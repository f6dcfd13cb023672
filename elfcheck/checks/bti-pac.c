/* bti-pac: AArch64 branch target identification and pointer authentication. The linker ANDs
 * GNU_PROPERTY_AARCH64_FEATURE_1_AND (bit 0 BTI, bit 1 PAC) over every input, so one unmarked object clears
 * it; DT_AARCH64_BTI_PLT / DT_AARCH64_PAC_PLT say the PLT was generated to match. */
#include <stdio.h>
#include "../checks.h"

void elf_check_bti_pac(const struct elf_facts *f, struct elf_check_result *r) {
  if (f->e_machine != EM_AARCH64) {
    elf_result(r, ELF_NOT_APPLICABLE, "not AArch64 (e_machine %u)", (unsigned)f->e_machine);
    return;
  }
  if (f->kind == ELF_KIND_CORE || f->kind == ELF_KIND_DEBUG || f->kind == ELF_KIND_OTHER) {
    elf_na_unless_linked(f, r);
    return;
  }
  bool bti = f->has_aarch64_feature_1 && (f->aarch64_feature_1 & 1);
  bool pac = f->has_aarch64_feature_1 && (f->aarch64_feature_1 & 2);
  cJSON *d = elf_detail(r);
  cJSON_AddBoolToObject(d, "bti", bti);
  cJSON_AddBoolToObject(d, "pac", pac);
  cJSON_AddBoolToObject(d, "bti_plt", f->aarch64_bti_plt);
  cJSON_AddBoolToObject(d, "pac_plt", f->aarch64_pac_plt);
  /* The PLT entries: DT_AARCH64_BTI_PLT / DT_AARCH64_PAC_PLT say the linker generated BTI/PAC-compatible
   * PLT stubs (lld -z force-bti / -z pac-plt; GNU ld writes them when every input is marked). */
  const char *plt = f->aarch64_bti_plt && f->aarch64_pac_plt ? "; DT_AARCH64_BTI_PLT, DT_AARCH64_PAC_PLT"
                    : f->aarch64_bti_plt                     ? "; DT_AARCH64_BTI_PLT"
                    : f->aarch64_pac_plt                     ? "; DT_AARCH64_PAC_PLT"
                                                             : "";
  bool object = f->kind == ELF_KIND_OBJECT || f->kind == ELF_KIND_KMOD;
  const char *why = object ? "this object was compiled without -mbranch-protection=standard"
                           : "the linker ANDs the property over every input; an input lacked "
                             "-mbranch-protection=standard";
  if (bti && pac)
    elf_result(r, ELF_PASS, "GNU_PROPERTY_AARCH64_FEATURE_1_AND: BTI, PAC%s", plt);
  else if (bti || pac)
    elf_result(r, ELF_PARTIAL, "GNU_PROPERTY_AARCH64_FEATURE_1_AND: %s only%s (%s)", bti ? "BTI" : "PAC", plt,
               object ? "this object was compiled with -mbranch-protection=bti or =pac-ret, not =standard"
                      : "the linker ANDs the property over every input");
  else
    elf_result(r, ELF_FAIL, "%s: %s",
               f->has_aarch64_feature_1 ? "GNU_PROPERTY_AARCH64_FEATURE_1_AND has neither BTI nor PAC"
                                        : "no GNU_PROPERTY_AARCH64_FEATURE_1_AND property",
               why);
}
