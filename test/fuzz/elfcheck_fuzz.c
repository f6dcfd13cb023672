/* libFuzzer target over cra-elfcheck's facts gatherer and every check: arbitrary bytes go through
 * elf_facts_from_memory (libelf, PT_DYNAMIC, hash tables, notes, sections, libdw producers, the code
 * scan) and then each pure check. The RUN lines build it against the sources (also available as the
 * cra-elfcheck-fuzz target with -DCRA_BUILD_FUZZERS=ON), seed it with binaries they build (executables,
 * PIE, a shared library, an object, compressed debug info, no section headers) and run it for a bounded
 * time; a crash, leak or sanitizer report fails the test.
 *
 * REQUIRES: libfuzzer
 * RUN: rm -rf %t && mkdir -p %t/seeds %t/corpus
 * RUN: %clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined %{elf_fuzz_cflags} \
 * RUN:   %s %{elf_fuzz_srcs} %{elf_fuzz_libs} -lpthread -o %t/fuzz
 * RUN: %gcc -O2 -fstack-protector-strong -D_FORTIFY_SOURCE=2 %S/../elfcheck/Inputs/vuln.c -o %t/seeds/gcc-pie
 * RUN: %gcc -O2 -g -no-pie -Wl,-rpath,'/tmp:$ORIGIN/lib' %S/../elfcheck/Inputs/vuln.c -o %t/seeds/gcc-exec-g
 * RUN: %clang -O2 -gz -fcf-protection=full -Wl,-z,now %S/../elfcheck/Inputs/vuln.c -o %t/seeds/clang-gz
 * RUN: %gcc -O2 -shared -fPIC %S/../elfcheck/Inputs/lib.c -o %t/seeds/lib.so
 * RUN: %gcc -O2 -c %S/../elfcheck/Inputs/vuln.c -o %t/seeds/vuln.o
 * RUN: %python %testtools/elfpatch.py %t/seeds/gcc-pie %t/seeds/no-shdrs strip-shdrs
 * Regression inputs (found by this fuzzer; made here, never committed as files): the bare magic
 * "\177ELF" (e_ident read past a 4-byte buffer), and the same with a 64-bit class byte.
 * RUN: mkdir %t/regress
 * RUN: %python -c "open('%t/regress/magic-only','wb').write(b'\x7fELF')"
 * RUN: %python -c "open('%t/regress/magic-class64','wb').write(b'\x7fELF\x02\x01\x01')"
 * RUN: %t/fuzz %t/regress/magic-only %t/regress/magic-class64 2>&1 | FileCheck %s --check-prefix=REGRESS
 * REGRESS: Executed {{.*}}magic-only
 * REGRESS: Executed {{.*}}magic-class64
 * RUN: %t/fuzz -max_total_time=40 -timeout=10 -rss_limit_mb=1024 %t/corpus %t/seeds 2>&1 | FileCheck %s
 * CHECK: INITED
 * CHECK: Done {{[0-9]+}} runs in {{[0-9]+}} second(s)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "elf_facts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* libelf may convert in place: give it a private writable copy, as the tool's MAP_PRIVATE mapping. */
  void *buf = malloc(size ? size : 1);
  if (!buf)
    return 0;
  memcpy(buf, data, size);
  struct elf_facts f;
  memset(&f, 0, sizeof f);
  struct elf_facts_opts o = {false, "/nonexistent-sysroot"};
  if (elf_facts_from_memory(buf, size, "fuzz", &o, &f) == 0) {
    for (size_t i = 0; i < elf_ncheck; i++) {
      struct elf_check_result r = {ELF_UNKNOWN, NULL, NULL};
      elf_checks[i].fn(&f, &r);
      free(r.evidence);
      cJSON_Delete(r.detail);
    }
  }
  elf_facts_free(&f);
  free(buf);
  return 0;
}
