/* libFuzzer target over cra-elfcheck's facts gatherer and every check: arbitrary bytes go through
 * elf_facts_from_memory (libelf, PT_DYNAMIC, hash tables, notes, sections, libdw producers, the code
 * scan) and then each pure check. Built with -DCRA_BUILD_FUZZERS=ON (clang,
 * -fsanitize=fuzzer,address,undefined); test/fuzz/elfcheck-fuzz.test runs it for a bounded time. */
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
