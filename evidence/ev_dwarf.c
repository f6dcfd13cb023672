/* The two I/O helpers of the merge. Compile-unit names from DWARF (libdw): every CU's DW_AT_name made absolute
 * with its DW_AT_comp_dir (DWARF 5 section 3.1.1), the tie between a binary and its sources when the build left
 * no records or the records stop at a static archive. Member names of static archives (libelf), so an archive
 * made by ar (which the wrappers do not see) still leads from the link record to the compile records. */
#include "ev_internal.h"

#include "cra_common.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <libelf.h>
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

int ev_archive_members(const char *path, ev_strv *out) {
  if (elf_version(EV_CURRENT) == EV_NONE)
    return -1;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  Elf *ar = elf_begin(fd, ELF_C_READ, NULL);
  if (!ar || elf_kind(ar) != ELF_K_AR) {
    if (ar)
      elf_end(ar);
    close(fd);
    return -1;
  }
  Elf *mem;
  while ((mem = elf_begin(fd, ELF_C_READ, ar)) != NULL) {
    Elf_Arhdr *h = elf_getarhdr(mem);
    /* "/" (symbol table), "//" (long names) and "/SYM64/" are the archive's own bookkeeping */
    if (h && h->ar_name && h->ar_name[0] && h->ar_name[0] != '/')
      ev_strv_push(out, h->ar_name);
    elf_next(mem);
    elf_end(mem);
  }
  elf_end(ar);
  close(fd);
  ev_strv_sort_unique(out);
  return 0;
}
