/* cet: x86 Control-flow Enforcement marking. GNU_PROPERTY_X86_FEATURE_1_AND in the GNU property note
 * (PT_GNU_PROPERTY, else PT_NOTE, else .note.gnu.property for objects): bit 0 IBT (indirect branch
 * tracking, endbr64 landing pads), bit 1 SHSTK (shadow stack). The linker ANDs the bits over every input
 * object, so a single unmarked input clears them. On Debian 12 (gcc 12, glibc 2.36) none of glibc's start
 * files is CET-marked: Scrt1.o and crt1.o carry only an "x86 ISA needed" property, crti.o and crtn.o no
 * property note at all (gcc's own crtbeginS.o/crtendS.o are marked). Every executable and shared library
 * links crti.o and crtn.o, so -fcf-protection=full alone never yields a marked binary there. */
#include <stdio.h>
#include "../checks.h"

void elf_check_cet(const struct elf_facts *f, struct elf_check_result *r) {
  if (f->e_machine != EM_X86_64 && f->e_machine != EM_386) {
    elf_result(r, ELF_NOT_APPLICABLE, "not x86 (e_machine %u)", (unsigned)f->e_machine);
    return;
  }
  if (f->kind == ELF_KIND_CORE || f->kind == ELF_KIND_DEBUG || f->kind == ELF_KIND_OTHER) {
    elf_na_unless_linked(f, r);
    return;
  }
  bool ibt = f->has_x86_feature_1 && (f->x86_feature_1 & 1);
  bool shstk = f->has_x86_feature_1 && (f->x86_feature_1 & 2);
  cJSON *d = elf_detail(r);
  cJSON_AddBoolToObject(d, "ibt", ibt);
  cJSON_AddBoolToObject(d, "shstk", shstk);
  const char *why = f->kind == ELF_KIND_OBJECT || f->kind == ELF_KIND_KMOD
                        ? "this object was compiled without -fcf-protection=full"
                        : "the linker ANDs the property over every input object and at least one was unmarked; "
                          "on Debian 12 (gcc 12, glibc 2.36) glibc's start files Scrt1.o/crt1.o, crti.o and crtn.o "
                          "are not CET-marked, so this happens to every binary even when all of its own objects "
                          "were compiled with -fcf-protection=full, unless -Wl,-z,ibt,-z,shstk forces the "
                          "marking (-Wl,-z,cet-report=warning names the unmarked inputs)";
  if (ibt && shstk)
    elf_result(r, ELF_PASS, "GNU_PROPERTY_X86_FEATURE_1_AND: IBT, SHSTK");
  else if (ibt || shstk)
    elf_result(r, ELF_PARTIAL, "GNU_PROPERTY_X86_FEATURE_1_AND: %s only, %s not marked: %s", ibt ? "IBT" : "SHSTK",
               ibt ? "SHSTK" : "IBT", why);
  else
    elf_result(r, ELF_FAIL, "%s: IBT and SHSTK not marked: %s",
               f->has_x86_feature_1 ? "GNU_PROPERTY_X86_FEATURE_1_AND without IBT or SHSTK"
                                    : "no GNU_PROPERTY_X86_FEATURE_1_AND property",
               why);
}
