/* stack-protector: stack canaries, in three tiers (shared/reference/elf-checks.md):
 *  1. imports: an undefined __stack_chk_fail / __stack_chk_fail_local / __stack_chk_guard in .dynsym
 *     (.symtab for objects). In a STATIC binary libc.a defines these, so presence proves nothing (case E5);
 *  2. code: the program's own functions (from .symtab, C library functions left out) that load or compare
 *     the canary (%fs:0x28 on x86-64, %gs:0x14 on i386) or, statically linked, call __stack_chk_fail;
 *  3. switches: -fstack-protector* / -fno-stack-protector in DW_AT_producer or .GCC.command.line.
 * "Flag on, nothing to protect" (case E6) leaves no trace: with no evidence and no function that reserves a
 * frame large enough for a buffer, the verdict is not_applicable, never a plain failure. A large frame
 * without a canary is no failure either: -fstack-protector-strong instruments functions with arrays or
 * address-taken locals, which the binary does not show, and register spill slots make frames just as
 * large (docs/real-world.md, defect 5). Only a recorded switch can fail the check. */
#include <stdio.h>
#include <string.h>

#include "../checks.h"

static int classify(const char *tok) {
  if (strcmp(tok, "-fno-stack-protector") == 0)
    return 0;
  if (strcmp(tok, "-fstack-protector") == 0 || strcmp(tok, "-fstack-protector-strong") == 0 ||
      strcmp(tok, "-fstack-protector-all") == 0)
    return 1;
  if (strcmp(tok, "-fstack-protector-explicit") == 0)
    return 0; /* only functions marked with the attribute */
  return -1;
}

static void coverage(const struct elf_facts *f, cJSON *d) {
  if (!f->code_scan_done)
    return;
  cJSON_AddNumberToObject(d, "functions_scanned", (double)f->scanned_functions);
  cJSON_AddNumberToObject(d, "functions_with_canary", (double)f->canaried_functions);
  cJSON_AddNumberToObject(d, "large_frames_without_canary", (double)f->uncanaried_frames);
}

void elf_check_stack_protector(const struct elf_facts *f, struct elf_check_result *r) {
  if (f->kind == ELF_KIND_CORE || f->kind == ELF_KIND_DEBUG || f->kind == ELF_KIND_OTHER) {
    elf_na_unless_linked(f, r);
    return;
  }
  cJSON *d = elf_detail(r);
  coverage(f, d);
  /* Tier 1: imports (dynamic files and objects). */
  if (!f->is_static) {
    static const char *const syms[] = {"__stack_chk_fail", "__stack_chk_fail_local", "__stack_chk_guard"};
    for (size_t i = 0; i < sizeof syms / sizeof *syms; i++)
      if (elf_facts_imports(f, syms[i])) {
        cJSON_AddStringToObject(d, "tier", "import");
        elf_result(r, ELF_PASS, "UND %s", syms[i]);
        return;
      }
  }
  /* musl's libc.a keeps public names, default visibility and source-named STT_FILE entries, so its
   * functions cannot be told from the program's: no code tier for static musl binaries. */
  bool code = f->code_scan_done && !(f->musl && f->is_static);
  /* Tier 2: canary code in the program's own functions. */
  if (code && f->canaried_functions) {
    cJSON_AddStringToObject(d, "tier", "code");
    const struct elf_call_fact *c = elf_facts_calls(f, "__stack_chk_fail");
    if (f->is_static && c)
      elf_result(r, ELF_PASS, "call to __stack_chk_fail from %s (%zu of %zu program functions with a canary)",
                 c->caller, f->canaried_functions, f->scanned_functions);
    else
      elf_result(r, ELF_PASS, "canary check (%s) in %s (%zu of %zu program functions)",
                 f->e_machine == EM_386 ? "%gs:0x14" : "%fs:0x28", f->first_canaried, f->canaried_functions,
                 f->scanned_functions);
    return;
  }
  if (f->musl && f->is_static) {
    cJSON_AddStringToObject(d, "tier", "none");
    elf_result(r, ELF_UNKNOWN, "static musl binary: musl's libc.a functions cannot be told from the program's "
               "(and its debug information may be musl's own)");
    return;
  }
  /* Tier 3: recorded switches. */
  struct elf_flag_tally t;
  elf_flag_tally(f, classify, &t);
  if (t.units) {
    cJSON_AddStringToObject(d, "tier", "switches");
    elf_tally_detail(&t, d);
    char ps[48];
    elf_tally_producers(&t, ps, sizeof ps);
    if (t.on == t.units) {
      elf_result(r, ELF_PASS, "%s: %s (no function needed a canary)", t.on_source, t.on_token);
      return;
    }
    if (t.on) {
      elf_result(r, ELF_PARTIAL, "%s: %s in %zu of %zu compile units%s", t.on_source, t.on_token, t.on, t.units,
                 ps);
      return;
    }
    if (!code || f->uncanaried_frames) {
      elf_result(r, ELF_FAIL, "%s: no -fstack-protector switch in %zu compile unit%s%s", t.off_source, t.units,
                 t.units == 1 ? "" : "s", ps);
      return;
    }
  }
  cJSON_AddStringToObject(d, "tier", "none");
  if (code) {
    if (f->uncanaried_frames) {
      elf_result(r, ELF_UNKNOWN, "no canary and no recorded switch: %s reserves %llu bytes of stack, but a frame's "
                 "size does not show whether it holds an array or an address-taken local (spill slots look the "
                 "same); record the switches (-g with gcc, -grecord-command-line with clang) to decide%s",
                 f->frames[0].function, (unsigned long long)f->frames[0].bytes,
                 f->is_static ? " (static binary: libc.a's own __stack_chk_fail proves nothing)" : "");
      return;
    }
    elf_result(r, ELF_NOT_APPLICABLE, "no canary, and none of %zu program functions reserves a frame of %d bytes "
               "or more: nothing looks instrumentable", f->scanned_functions, ELF_FRAME_HINT);
    return;
  }
  if (f->kind == ELF_KIND_OBJECT || f->kind == ELF_KIND_KMOD) {
    elf_result(r, ELF_UNKNOWN, "no UND __stack_chk_fail: not instrumented, or nothing to protect");
    return;
  }
  if (f->is_static)
    elf_result(r, ELF_UNKNOWN, "static binary without .symtab (or not x86): libc.a defines __stack_chk_fail, so "
               "only call sites from the program's code would count");
  else
    elf_result(r, ELF_UNKNOWN, "no __stack_chk_fail import and no .symtab: \"not enabled\" and \"nothing to "
               "protect\" look the same");
}
