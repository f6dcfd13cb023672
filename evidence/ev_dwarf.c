/* Compile-unit names from DWARF (libdw), the fallback tie between a binary and its sources when the build left
 * no records: every CU's DW_AT_name, made absolute with its DW_AT_comp_dir (DWARF 5 section 3.1.1). */
#include "ev_internal.h"

#include "cra_common.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <unistd.h>

int ev_dwarf_cu_names(const char *path, ev_strv *out) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  Dwarf *dw = dwarf_begin(fd, DWARF_C_READ);
  if (!dw) {
    close(fd); /* no DWARF (stripped) or not ELF: nothing to tie */
    return -1;
  }
  Dwarf_CU *cu = NULL;
  Dwarf_Die cudie;
  uint8_t unit_type = 0;
  while (dwarf_get_units(dw, cu, &cu, NULL, &unit_type, &cudie, NULL) == 0) {
    if (unit_type != DW_UT_compile && unit_type != DW_UT_partial)
      continue;
    const char *name = dwarf_diename(&cudie);
    if (!name || !*name)
      continue;
    Dwarf_Attribute attr;
    const char *dir = dwarf_formstring(dwarf_attr(&cudie, DW_AT_comp_dir, &attr));
    ev_strv_push_take(out, ev_path_normalize(name, dir && *dir ? dir : "/"));
  }
  dwarf_end(dw);
  close(fd);
  ev_strv_sort_unique(out);
  return 0;
}
