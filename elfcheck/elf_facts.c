/* One libelf pass over an ELF file that fills struct elf_facts (elf_facts.h). Every offset, size and count
 * read from the file is checked against the image before use, even where libelf would check it too: the
 * input is hostile (firmware images, fuzzers). Damage that still leaves something to report becomes a note
 * in f->notes; only an unusable ELF header or program header table makes the whole file an error. */
#include "elf_facts.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cra_common.h"

#ifndef DF_1_PIE
#define DF_1_PIE 0x08000000
#endif
#ifndef NT_GNU_PROPERTY_TYPE_0
#define NT_GNU_PROPERTY_TYPE_0 5
#endif
#ifndef PT_GNU_PROPERTY
#define PT_GNU_PROPERTY 0x6474e553
#endif
#define PROP_X86_FEATURE_1_AND 0xc0000002u
#define PROP_AARCH64_FEATURE_1_AND 0xc0000000u
#define DT_AARCH64_BTI_PLT_TAG 0x70000001
#define DT_AARCH64_PAC_PLT_TAG 0x70000003

/* Caps that keep hostile counts from turning into unbounded work or memory. */
#define MAX_DYN_ENTRIES 65536
#define MAX_STRINGS 4096
#define MAX_PRODUCERS 256
#define MAX_CUS 200000
#define MAX_NOTES_PER_SEGMENT 4096
#define MAX_FRAME_EXAMPLES 4

const char *elf_kind_name(enum elf_kind k) {
  switch (k) {
  case ELF_KIND_EXEC: return "exec";
  case ELF_KIND_PIE: return "pie";
  case ELF_KIND_STATIC_PIE: return "static-pie";
  case ELF_KIND_DSO: return "shared-library";
  case ELF_KIND_EXEC_DSO: return "executable-shared-library";
  case ELF_KIND_OBJECT: return "object";
  case ELF_KIND_KMOD: return "kernel-module";
  case ELF_KIND_CORE: return "core";
  case ELF_KIND_DEBUG: return "separate-debug";
  case ELF_KIND_OTHER: break;
  }
  return "other";
}

const char *elf_rpath_class_name(enum elf_rpath_class c) {
  switch (c) {
  case RPATH_EMPTY: return "empty";
  case RPATH_RELATIVE: return "relative";
  case RPATH_ORIGIN: return "origin-relative";
  case RPATH_ABS_SECURE: return "absolute-secure";
  case RPATH_ABS_MISSING: return "absolute-missing";
  case RPATH_ABS_INSECURE: return "absolute-insecure";
  }
  return "unknown";
}

/* glibc's fortified entry points and the plain functions they replace (the `__stack_chk_*` family is
 * stack-protector, never fortify evidence: case E1). */
static const char *const fortify_pairs[][2] = {
    {"__confstr_chk", "confstr"},     {"__fdelt_chk", "__fdelt_warn"},    {"__fgets_chk", "fgets"},
    {"__fgets_unlocked_chk", "fgets_unlocked"}, {"__fgetws_chk", "fgetws"}, {"__fprintf_chk", "fprintf"},
    {"__fread_chk", "fread"},         {"__fread_unlocked_chk", "fread_unlocked"}, {"__fwprintf_chk", "fwprintf"},
    {"__getcwd_chk", "getcwd"},       {"__getdomainname_chk", "getdomainname"}, {"__getgroups_chk", "getgroups"},
    {"__gethostname_chk", "gethostname"}, {"__getlogin_r_chk", "getlogin_r"}, {"__gets_chk", "gets"},
    {"__getwd_chk", "getwd"},         {"__longjmp_chk", "longjmp"},       {"__mbsnrtowcs_chk", "mbsnrtowcs"},
    {"__mbsrtowcs_chk", "mbsrtowcs"}, {"__mbstowcs_chk", "mbstowcs"},     {"__memcpy_chk", "memcpy"},
    {"__memmove_chk", "memmove"},     {"__mempcpy_chk", "mempcpy"},       {"__memset_chk", "memset"},
    {"__obstack_printf_chk", "obstack_printf"}, {"__obstack_vprintf_chk", "obstack_vprintf"},
    {"__poll_chk", "poll"},           {"__ppoll_chk", "ppoll"},           {"__pread64_chk", "pread64"},
    {"__pread_chk", "pread"},         {"__printf_chk", "printf"},         {"__ptsname_r_chk", "ptsname_r"},
    {"__read_chk", "read"},           {"__readlink_chk", "readlink"},     {"__readlinkat_chk", "readlinkat"},
    {"__realpath_chk", "realpath"},   {"__recv_chk", "recv"},             {"__recvfrom_chk", "recvfrom"},
    {"__snprintf_chk", "snprintf"},   {"__sprintf_chk", "sprintf"},       {"__stpcpy_chk", "stpcpy"},
    {"__stpncpy_chk", "stpncpy"},     {"__strcat_chk", "strcat"},         {"__strcpy_chk", "strcpy"},
    {"__strncat_chk", "strncat"},     {"__strncpy_chk", "strncpy"},       {"__swprintf_chk", "swprintf"},
    {"__syslog_chk", "syslog"},       {"__ttyname_r_chk", "ttyname_r"},   {"__vasprintf_chk", "vasprintf"},
    {"__vdprintf_chk", "vdprintf"},   {"__vfprintf_chk", "vfprintf"},     {"__vfwprintf_chk", "vfwprintf"},
    {"__vprintf_chk", "vprintf"},     {"__vsnprintf_chk", "vsnprintf"},   {"__vsprintf_chk", "vsprintf"},
    {"__vswprintf_chk", "vswprintf"}, {"__vsyslog_chk", "vsyslog"},       {"__vwprintf_chk", "vwprintf"},
    {"__wcpcpy_chk", "wcpcpy"},       {"__wcpncpy_chk", "wcpncpy"},       {"__wcrtomb_chk", "wcrtomb"},
    {"__wcscat_chk", "wcscat"},       {"__wcscpy_chk", "wcscpy"},         {"__wcsncat_chk", "wcsncat"},
    {"__wcsncpy_chk", "wcsncpy"},     {"__wcsnrtombs_chk", "wcsnrtombs"}, {"__wcsrtombs_chk", "wcsrtombs"},
    {"__wcstombs_chk", "wcstombs"},   {"__wctomb_chk", "wctomb"},         {"__wmemcpy_chk", "wmemcpy"},
    {"__wmemmove_chk", "wmemmove"},   {"__wmempcpy_chk", "wmempcpy"},     {"__wmemset_chk", "wmemset"},
    {"__wprintf_chk", "wprintf"},     {"__asprintf_chk", "asprintf"},     {"__dprintf_chk", "dprintf"},
    {"__explicit_bzero_chk", "explicit_bzero"},
};
#define NFORTIFY (sizeof fortify_pairs / sizeof fortify_pairs[0])

const char *elf_fortify_chk(size_t i) { return i < NFORTIFY ? fortify_pairs[i][0] : NULL; }
const char *elf_fortify_plain(size_t i) { return i < NFORTIFY ? fortify_pairs[i][1] : NULL; }

/* Functions with no safe use (gets) or a long CWE record when misused (CWE-120/242/676/78/377). */
static const char *const dangerous[] = {"gets",    "getwd",   "mktemp",   "popen",  "sprintf", "strcat",
                                        "strcpy",  "system",  "tempnam",  "tmpnam", "vsprintf"};
const char *elf_dangerous_fn(size_t i) { return i < sizeof dangerous / sizeof dangerous[0] ? dangerous[i] : NULL; }

static const char *const stack_chk_syms[] = {"__stack_chk_fail", "__stack_chk_fail_local", "__stack_chk_guard"};

/* ---- small helpers -------------------------------------------------------------------------------- */

static void add_note(struct elf_facts *f, const char *note) {
  for (size_t i = 0; i < f->nnotes; i++)
    if (strcmp(f->notes[i], note) == 0)
      return;
  f->notes = cra_xreallocarray(f->notes, f->nnotes + 1, sizeof *f->notes);
  f->notes[f->nnotes++] = cra_xstrdup(note);
}

/* A note that means the file is damaged (truncated, bogus offsets or sizes): the verdicts are still
 * reported, and the run also lists the file as an input problem (exit 2). */
static void add_damage(struct elf_facts *f, const char *note) {
  add_note(f, note);
  if (!f->damaged)
    f->damaged = cra_xstrdup(note);
}

static void push_str(char ***arr, size_t *n, const char *s, size_t len) {
  if (*n >= MAX_STRINGS)
    return;
  *arr = cra_xreallocarray(*arr, *n + 1, sizeof **arr);
  (*arr)[(*n)++] = cra_xstrndup(s, len);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Sorts and removes duplicates in place. */
static void sort_unique(char **arr, size_t *n) {
  if (*n < 2)
    return;
  qsort(arr, *n, sizeof *arr, cmp_str);
  size_t w = 1;
  for (size_t r = 1; r < *n; r++) {
    if (strcmp(arr[r], arr[w - 1]) == 0)
      free(arr[r]);
    else
      arr[w++] = arr[r];
  }
  *n = w;
}

/* The gathering context: the image and what is needed across passes. */
/* The relocation tables named by PT_DYNAMIC (DT_RELA, DT_REL, DT_JMPREL with their sizes). skip[t]: the
 * leading R_*_RELATIVE entries DT_RELACOUNT / DT_RELCOUNT announce (no symbol, never a copy: the loader
 * itself applies them as relative without reading their type), passed over by the visitors. */
struct reloc_tables {
  uint64_t addr[3], size[3], skip[3];
  bool rela[3];
  size_t n;
};

struct ctx {
  struct elf_facts *f;
  Elf *elf;
  const unsigned char *img;
  size_t len;
  const char *fs_path; /* the file on disk, or NULL for a memory buffer (the fuzzer) */
  struct reloc_tables rt;
};

static uint32_t rd32(const struct ctx *c, const unsigned char *p) {
  if (c->f->data == ELFDATA2MSB)
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
  return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* [off, off+n) lies inside the image. */
static bool in_image(const struct ctx *c, uint64_t off, uint64_t n) { return off <= c->len && n <= c->len - off; }

/* Maps a virtual address range to a file offset through the PT_LOAD segments (their file-backed part).
 * Returns true and sets *off when [addr, addr+n) lies in one segment's file image. */
static bool vaddr_to_off(const struct ctx *c, uint64_t addr, uint64_t n, uint64_t *off) {
  for (size_t i = 0; i < c->f->nphdr; i++) {
    const struct elf_phdr_fact *p = &c->f->phdr[i];
    if (p->type != PT_LOAD || addr < p->vaddr)
      continue;
    uint64_t rel = addr - p->vaddr;
    if (rel >= p->filesz || n > p->filesz - rel)
      continue;
    if (p->offset > UINT64_MAX - rel)
      continue;
    uint64_t o = p->offset + rel;
    if (!in_image(c, o, n))
      continue;
    *off = o;
    return true;
  }
  return false;
}

/* The NUL-terminated string at index `idx` of a string table of `size` bytes at `tab`, or NULL. */
static const char *str_at(const unsigned char *tab, uint64_t size, uint64_t idx) {
  if (!tab || idx >= size)
    return NULL;
  const void *nul = memchr(tab + idx, '\0', size - idx);
  return nul ? (const char *)tab + idx : NULL;
}

/* ---- program headers ------------------------------------------------------------------------------ */

static int read_phdrs(struct ctx *c) {
  struct elf_facts *f = c->f;
  size_t n = 0;
  if (elf_getphdrnum(c->elf, &n) != 0) {
    f->error = cra_xstrdup("unreadable program header table");
    return -1;
  }
  if (n == 0)
    return 0;
  f->phdr = cra_xcalloc(n, sizeof *f->phdr);
  for (size_t i = 0; i < n; i++) {
    GElf_Phdr ph;
    if (!gelf_getphdr(c->elf, (int)i, &ph)) {
      free(f->phdr);
      f->phdr = NULL;
      f->error = cra_xstrdup("truncated program header table");
      return -1;
    }
    struct elf_phdr_fact *p = &f->phdr[f->nphdr++];
    p->type = ph.p_type;
    p->flags = ph.p_flags;
    p->offset = ph.p_offset;
    p->vaddr = ph.p_vaddr;
    p->filesz = ph.p_filesz;
    p->memsz = ph.p_memsz;
    p->align = ph.p_align;
    if (ph.p_filesz && !in_image(c, ph.p_offset, ph.p_filesz) && ph.p_type != PT_GNU_STACK)
      add_damage(f, "a segment lies outside the file (truncated file or bogus offset)");
    switch (ph.p_type) {
    case PT_GNU_STACK:
      f->gnu_stack_count++;
      f->gnu_stack_flags = ph.p_flags; /* the last one wins, as in the kernel's loader */
      f->gnu_stack_memsz = ph.p_memsz;
      break;
    case PT_GNU_RELRO:
      f->has_relro = true;
      break;
    case PT_INTERP:
      f->has_interp = true;
      if (!f->interp && ph.p_filesz > 0 && ph.p_filesz < 4096 && in_image(c, ph.p_offset, ph.p_filesz))
        f->interp = cra_xstrndup((const char *)c->img + ph.p_offset, (size_t)ph.p_filesz);
      break;
    default:
      break;
    }
  }
  if (f->gnu_stack_count > 1)
    add_note(f, "more than one PT_GNU_STACK (the last one decides)");
  return 0;
}

/* ---- RPATH / RUNPATH ------------------------------------------------------------------------------ */

/* Classifies an absolute directory: walks it and each parent; insecure when one is writable by group or
 * others (without the sticky bit on a parent, which protects existing entries) or owned by a non-root
 * user. The directory itself must not be group/other-writable even when sticky: anyone could drop a
 * library into /tmp. Non-existing directories are classified by their nearest existing parent. */
static enum elf_rpath_class classify_abs(const char *sysroot, const char *dir, char **why) {
  bool in_sysroot = sysroot && *sysroot;
  char *full = in_sysroot ? cra_xasprintf("%s%s", sysroot, dir) : cra_xstrdup(dir);
  size_t len = strlen(full);
  while (len > 1 && full[len - 1] == '/')
    full[--len] = '\0';
  struct stat st;
  enum elf_rpath_class cls = stat(full, &st) == 0 ? RPATH_ABS_SECURE : RPATH_ABS_MISSING;
  /* The first existing directory (the entry itself, or where a missing one would be created) must not
   * be writable by group/others at all; parents only without the sticky bit. Ownership is not checked
   * under a --sysroot (the image is re-owned when installed). */
  bool leaf = true;
  for (;;) {
    if (stat(full, &st) == 0) {
      bool gw = (st.st_mode & (S_IWGRP | S_IWOTH)) != 0;
      bool sticky = (st.st_mode & S_ISVTX) != 0;
      if ((gw && (leaf || !sticky)) || (!in_sysroot && st.st_uid != 0)) {
        *why = cra_xasprintf("%s is %s", full,
                             gw ? ((st.st_mode & S_IWOTH) ? "writable by others" : "writable by its group")
                                : "not owned by root");
        free(full);
        return RPATH_ABS_INSECURE;
      }
      leaf = false;
    }
    if (strcmp(full, "/") == 0 || len == 0)
      break;
    char *slash = strrchr(full, '/');
    if (!slash)
      break;
    if (slash == full) {
      full[1] = '\0';
      len = 1;
    } else {
      *slash = '\0';
      len = (size_t)(slash - full);
    }
  }
  free(full);
  return cls;
}

static void split_rpath(const char *value, const struct elf_facts_opts *o, struct elf_rpath_entry **out,
                        size_t *n) {
  const char *p = value;
  for (;;) {
    const char *colon = strchr(p, ':');
    size_t l = colon ? (size_t)(colon - p) : strlen(p);
    if (*n < MAX_STRINGS) {
      struct elf_rpath_entry e = {cra_xstrndup(p, l), RPATH_EMPTY, NULL};
      if (l == 0)
        e.cls = RPATH_EMPTY;
      else if (strncmp(e.path, "$ORIGIN", 7) == 0 || strncmp(e.path, "${ORIGIN}", 9) == 0)
        e.cls = RPATH_ORIGIN;
      else if (e.path[0] != '/')
        e.cls = RPATH_RELATIVE;
      else
        e.cls = classify_abs(o ? o->sysroot : NULL, e.path, &e.why);
      *out = cra_xreallocarray(*out, *n + 1, sizeof **out);
      (*out)[(*n)++] = e;
    }
    if (!colon)
      break;
    p = colon + 1;
  }
}

/* ---- dynamic symbols ------------------------------------------------------------------------------ */

/* Number of dynamic symbols from DT_GNU_HASH: the highest symbol index reachable from a bucket, plus
 * one (undefined symbols sit below symoffset). Returns 0 when the table is damaged. */
static uint64_t gnu_hash_count(struct ctx *c, uint64_t addr, bool *only_symoffset) {
  uint64_t off;
  if (!vaddr_to_off(c, addr, 16, &off))
    return 0;
  const unsigned char *h = c->img + off;
  uint32_t nbuckets = rd32(c, h), symoffset = rd32(c, h + 4), bloom_size = rd32(c, h + 8);
  uint64_t word = c->f->elfclass == ELFCLASS64 ? 8 : 4;
  uint64_t buckets_off = 16 + (uint64_t)bloom_size * word;
  uint64_t need = buckets_off + (uint64_t)nbuckets * 4;
  if (nbuckets == 0 || !vaddr_to_off(c, addr, need, &off))
    return 0;
  h = c->img + off;
  uint32_t maxb = 0;
  for (uint32_t i = 0; i < nbuckets; i++) {
    uint32_t b = rd32(c, h + buckets_off + (uint64_t)i * 4);
    if (b > maxb)
      maxb = b;
  }
  if (maxb == 0) {
    *only_symoffset = true; /* nothing hashed: symoffset need not count the imports (GNU ld writes 1) */
    return symoffset;
  }
  if (maxb < symoffset)
    return 0;
  uint64_t chain = buckets_off + (uint64_t)nbuckets * 4;
  for (uint64_t idx = maxb; idx - symoffset < c->len / 4; idx++) {
    uint64_t at = chain + (idx - symoffset) * 4;
    if (!vaddr_to_off(c, addr, at + 4, &off))
      return 0;
    if (rd32(c, c->img + off + at) & 1)
      return idx + 1;
  }
  return 0;
}

static uint64_t sysv_hash_count(struct ctx *c, uint64_t addr) {
  uint64_t off;
  if (!vaddr_to_off(c, addr, 8, &off))
    return 0;
  return rd32(c, c->img + off + 4); /* nchain = number of symbols */
}

static void fill_sym(struct elf_sym_fact *s, const GElf_Sym *g, const char *name) {
  s->name = name;
  s->value = g->st_value;
  s->size = g->st_size;
  s->shndx = g->st_shndx;
  s->bind = GELF_ST_BIND(g->st_info);
  s->type = GELF_ST_TYPE(g->st_info);
  s->other = g->st_other;
  s->defined = g->st_shndx != SHN_UNDEF;
}

/* Calls visit(c, r_info, r_offset, arg) for each entry of the dynamic relocation tables (REL or RELA; ELF32
 * r_info converted to the 64-bit layout, as gelf does) until it returns false. Tables outside the file are
 * skipped. The entries are read from the chunk libelf converted to the host's layout, not one gelf call
 * each: a large PIE has hundreds of thousands. */
static void each_dynamic_reloc(struct ctx *c, const struct reloc_tables *rt,
                               bool (*visit)(struct ctx *c, uint64_t info, uint64_t where, void *arg), void *arg) {
  bool is64 = c->f->elfclass == ELFCLASS64;
  for (size_t t = 0; t < rt->n; t++) {
    Elf_Type type = rt->rela[t] ? ELF_T_RELA : ELF_T_REL;
    size_t ent = gelf_fsize(c->elf, type, 1, EV_CURRENT);
    size_t mem = is64 ? (rt->rela[t] ? sizeof(Elf64_Rela) : sizeof(Elf64_Rel))
                      : (rt->rela[t] ? sizeof(Elf32_Rela) : sizeof(Elf32_Rel));
    uint64_t off;
    if (ent == 0 || rt->size[t] < ent || rt->size[t] > c->len || !vaddr_to_off(c, rt->addr[t], rt->size[t], &off))
      continue;
    size_t n = (size_t)(rt->size[t] / ent);
    Elf_Data *d = elf_getdata_rawchunk(c->elf, (int64_t)off, n * ent, type);
    if (!d || !d->d_buf)
      continue;
    if (d->d_size / mem < n)
      n = d->d_size / mem;
    const unsigned char *p = d->d_buf;
    for (size_t i = rt->skip[t] < n ? (size_t)rt->skip[t] : n; i < n; i++) {
      uint64_t info, where;
      if (is64) { /* r_offset and r_info lead both Rel and Rela */
        const Elf64_Rel *r = (const Elf64_Rel *)(p + i * mem);
        info = r->r_info, where = r->r_offset;
      } else {
        const Elf32_Rel *r = (const Elf32_Rel *)(p + i * mem);
        info = GELF_R_INFO(ELF32_R_SYM(r->r_info), ELF32_R_TYPE(r->r_info)), where = r->r_offset;
      }
      if (!visit(c, info, where, arg))
        return;
    }
  }
}

static bool note_sym_bound(struct ctx *c, uint64_t info, uint64_t where, void *arg) {
  (void)c, (void)where;
  uint64_t *bound = arg, sym = GELF_R_SYM(info);
  if (sym + 1 > *bound)
    *bound = sym + 1;
  return true;
}

/* One past the highest symbol index any dynamic relocation refers to, or 0. DT_GNU_HASH only covers the
 * hashed (defined, exported) symbols, the undefined ones sitting below symoffset; when nothing is exported
 * the chains give no end and GNU ld writes symoffset = 1 whatever the number of imports. Every import the
 * loader binds has a relocation, so then the relocations bound the table from the program headers alone. */
static uint64_t reloc_sym_bound(struct ctx *c, const struct reloc_tables *rt) {
  uint64_t bound = 0;
  each_dynamic_reloc(c, rt, note_sym_bound, &bound);
  return bound;
}

/* The copy relocation type of the machine, or -1. */
static long copy_reloc_type(uint16_t machine) {
  switch (machine) {
  case EM_X86_64: return R_X86_64_COPY;
  case EM_386: return R_386_COPY;
  case EM_AARCH64: return R_AARCH64_COPY;
  case EM_ARM: return R_ARM_COPY;
  case EM_PPC: return R_PPC_COPY;
  case EM_PPC64: return R_PPC64_COPY;
  case EM_RISCV: return R_RISCV_COPY;
  case EM_S390: return R_390_COPY;
  case EM_MIPS: return R_MIPS_COPY;
  case EM_SPARC:
  case EM_SPARCV9: return R_SPARC_COPY;
#ifdef EM_LOONGARCH
  case EM_LOONGARCH: return R_LARCH_COPY;
#endif
  default: return -1;
  }
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static bool note_copy_reloc(struct ctx *c, uint64_t info, uint64_t where, void *arg) {
  struct elf_facts *f = c->f;
  long want = *(const long *)arg;
  if (f->ncopy_relocs >= MAX_STRINGS)
    return false;
  uint64_t rtype = f->e_machine == EM_SPARCV9 ? GELF_R_TYPE(info) & 0xff : GELF_R_TYPE(info);
  if (rtype == (uint64_t)want) {
    f->copy_relocs = cra_xreallocarray(f->copy_relocs, f->ncopy_relocs + 1, sizeof *f->copy_relocs);
    f->copy_relocs[f->ncopy_relocs++] = where;
  }
  return true;
}

/* Where the dynamic copy relocations point (called for executables only: libraries never get them). */
static void read_copy_relocs(struct ctx *c, const struct reloc_tables *rt) {
  struct elf_facts *f = c->f;
  long want = copy_reloc_type(f->e_machine);
  if (want < 0)
    return;
  each_dynamic_reloc(c, rt, note_copy_reloc, &want);
  if (f->ncopy_relocs > 1)
    qsort(f->copy_relocs, f->ncopy_relocs, sizeof *f->copy_relocs, cmp_u64);
}

static void read_dynsyms(struct ctx *c, uint64_t symtab, uint64_t strtab, uint64_t strsz, uint64_t gnuhash,
                         uint64_t hash, bool have_gnuhash, bool have_hash, const struct reloc_tables *rt) {
  struct elf_facts *f = c->f;
  uint64_t count = 0;
  bool only_symoffset = false;
  if (have_gnuhash) {
    count = gnu_hash_count(c, gnuhash, &only_symoffset);
    f->dynsym_source = count ? DYNSYM_GNU_HASH : DYNSYM_NONE;
    if (!count)
      add_damage(f, "DT_GNU_HASH table damaged or outside the file");
  }
  if (!count && have_hash) {
    count = sysv_hash_count(c, hash);
    f->dynsym_source = count ? DYNSYM_HASH : DYNSYM_NONE;
  }
  if (!count)
    return; /* the section fallback happens in read_sections */
  /* DT_HASH's nchain is exact; DT_GNU_HASH's count needs the relocations when nothing is hashed. */
  size_t symsz = gelf_fsize(c->elf, ELF_T_SYM, 1, EV_CURRENT);
  uint64_t off, stroff;
  if (f->dynsym_source == DYNSYM_GNU_HASH && only_symoffset && symsz) {
    uint64_t rb = reloc_sym_bound(c, rt);
    if (rb > count && rb <= c->len / symsz && vaddr_to_off(c, symtab, rb * symsz, &off))
      count = rb; /* a bogus relocation cannot push the table out of the file: then the hash count stays */
  }
  if (symsz == 0 || count > c->len / symsz || !vaddr_to_off(c, symtab, count * symsz, &off)) {
    add_damage(f, "dynamic symbol table outside the file");
    f->dynsym_source = DYNSYM_NONE;
    return;
  }
  const unsigned char *strs = NULL;
  if (strsz && vaddr_to_off(c, strtab, strsz, &stroff))
    strs = c->img + stroff;
  else
    add_damage(f, "dynamic string table outside the file");
  Elf_Data *d = elf_getdata_rawchunk(c->elf, (int64_t)off, (size_t)(count * symsz), ELF_T_SYM);
  if (!d) {
    f->dynsym_source = DYNSYM_NONE;
    return;
  }
  /* A library (not a PIE, not the legacy-PIE heuristic's PT_INTERP without DT_SONAME): count its exports. */
  bool count_only = f->e_type == ET_DYN && !(f->has_flags_1 && (f->dt_flags_1 & DF_1_PIE)) &&
                    !(f->has_interp && !f->soname);
  f->lib_exports_counted = count_only;
  f->dynsym = cra_xcalloc((size_t)count, sizeof *f->dynsym);
  for (uint64_t i = 1; i < count; i++) { /* index 0 is the null symbol */
    GElf_Sym g;
    if (!gelf_getsym(d, (int)i, &g))
      break;
    if (count_only && g.st_shndx != SHN_UNDEF) {
      unsigned bind = GELF_ST_BIND(g.st_info), type = GELF_ST_TYPE(g.st_info);
      bool named = strs && g.st_name < strsz && strs[g.st_name] != '\0';
      if (named && g.st_shndx != SHN_ABS && type != STT_SECTION && type != STT_FILE &&
          (bind == STB_GLOBAL || bind == STB_WEAK || bind == STB_GNU_UNIQUE))
        f->lib_exports++;
      if (named && f->nneeded == 0 && !f->defines_init_libc) {
        const char *name = str_at(strs, strsz, g.st_name);
        f->defines_init_libc = name && strcmp(name, "__init_libc") == 0;
      }
      continue;
    }
    const char *name = str_at(strs, strsz, g.st_name);
    if (!name || !*name)
      continue;
    fill_sym(&f->dynsym[f->ndynsym++], &g, name);
  }
}

/* ---- PT_DYNAMIC ----------------------------------------------------------------------------------- */

static void read_dynamic(struct ctx *c, const struct elf_facts_opts *o) {
  struct elf_facts *f = c->f;
  const struct elf_phdr_fact *dyn = NULL;
  for (size_t i = 0; i < f->nphdr; i++)
    if (f->phdr[i].type == PT_DYNAMIC) {
      dyn = &f->phdr[i];
      break;
    }
  if (!dyn)
    return;
  f->has_dynamic = true;
  size_t entsz = gelf_fsize(c->elf, ELF_T_DYN, 1, EV_CURRENT);
  if (entsz == 0 || !in_image(c, dyn->offset, dyn->filesz)) {
    add_damage(f, "PT_DYNAMIC lies outside the file");
    return;
  }
  uint64_t count = dyn->filesz / entsz;
  if (count > MAX_DYN_ENTRIES) {
    add_damage(f, "PT_DYNAMIC too large (read the first 65536 entries)");
    count = MAX_DYN_ENTRIES;
  }
  if (count == 0)
    return;
  Elf_Data *d = elf_getdata_rawchunk(c->elf, (int64_t)dyn->offset, (size_t)(count * entsz), ELF_T_DYN);
  if (!d) {
    add_damage(f, "PT_DYNAMIC unreadable");
    return;
  }
  uint64_t strtab = 0, strsz = 0, symtab = 0, gnuhash = 0, hash = 0;
  uint64_t rela = 0, relasz = 0, rel = 0, relsz = 0, jmprel = 0, pltrelsz = 0, pltrel = 0, relacount = 0, relcount = 0;
  bool have_strtab = false, have_symtab = false, have_gnuhash = false, have_hash = false;
  /* String-valued tags are resolved after the loop, once DT_STRTAB/DT_STRSZ are known (they may come
   * in any order); keep their offsets. */
  uint64_t *needed = NULL, *rpath = NULL, *runpath = NULL, soname = 0;
  size_t nneeded = 0, nrpath = 0, nrunpath = 0;
  bool have_soname = false;
  f->dyn_unterminated = true;
  for (uint64_t i = 0; i < count; i++) {
    GElf_Dyn e;
    if (!gelf_getdyn(d, (int)i, &e))
      break;
    if (e.d_tag == DT_NULL) {
      f->dyn_unterminated = false;
      break;
    }
    f->ndyn++;
    uint64_t v = e.d_un.d_val;
    switch (e.d_tag) {
    case DT_BIND_NOW: f->has_bind_now = true; break;
    case DT_FLAGS: f->has_flags = true; f->dt_flags |= v; break;
    case DT_FLAGS_1: f->has_flags_1 = true; f->dt_flags_1 |= v; break;
    case DT_TEXTREL: f->has_textrel = true; break;
    case DT_STRTAB: strtab = v; have_strtab = true; break;
    case DT_STRSZ: strsz = v; break;
    case DT_SYMTAB: symtab = v; have_symtab = true; break;
    case DT_GNU_HASH: gnuhash = v; have_gnuhash = true; break;
    case DT_HASH: hash = v; have_hash = true; break;
    case DT_RELA: rela = v; break;
    case DT_RELASZ: relasz = v; break;
    case DT_REL: rel = v; break;
    case DT_RELSZ: relsz = v; break;
    case DT_RELACOUNT: relacount = v; break;
    case DT_RELCOUNT: relcount = v; break;
    case DT_JMPREL: jmprel = v; break;
    case DT_PLTRELSZ: pltrelsz = v; break;
    case DT_PLTREL: pltrel = v; break;
    case DT_SONAME: soname = v; have_soname = true; break;
    case DT_NEEDED:
      if (nneeded < MAX_STRINGS) {
        needed = cra_xreallocarray(needed, nneeded + 1, sizeof *needed);
        needed[nneeded++] = v;
      }
      break;
    case DT_RPATH:
      f->has_rpath_tag = true;
      if (nrpath < 64) {
        rpath = cra_xreallocarray(rpath, nrpath + 1, sizeof *rpath);
        rpath[nrpath++] = v;
      }
      break;
    case DT_RUNPATH:
      f->has_runpath_tag = true;
      if (nrunpath < 64) {
        runpath = cra_xreallocarray(runpath, nrunpath + 1, sizeof *runpath);
        runpath[nrunpath++] = v;
      }
      break;
    default:
      if (f->e_machine == EM_AARCH64 && e.d_tag == DT_AARCH64_BTI_PLT_TAG)
        f->aarch64_bti_plt = true;
      if (f->e_machine == EM_AARCH64 && e.d_tag == DT_AARCH64_PAC_PLT_TAG)
        f->aarch64_pac_plt = true;
      break;
    }
  }
  if (f->dyn_unterminated)
    add_damage(f, "PT_DYNAMIC has no DT_NULL terminator");
  const unsigned char *strs = NULL;
  uint64_t stroff;
  if (have_strtab && strsz && vaddr_to_off(c, strtab, strsz, &stroff))
    strs = c->img + stroff;
  else if (nneeded || nrpath || nrunpath || have_soname)
    add_damage(f, "DT_STRTAB outside the file: names in the dynamic section unreadable");
  if (strs) {
    for (size_t i = 0; i < nneeded; i++) {
      const char *s = str_at(strs, strsz, needed[i]);
      if (s)
        push_str(&f->needed, &f->nneeded, s, strlen(s));
    }
    if (have_soname) {
      const char *s = str_at(strs, strsz, soname);
      if (s)
        f->soname = cra_xstrdup(s);
    }
    for (size_t i = 0; i < nrpath; i++) {
      const char *s = str_at(strs, strsz, rpath[i]);
      if (s)
        split_rpath(s, o, &f->rpath, &f->nrpath);
    }
    for (size_t i = 0; i < nrunpath; i++) {
      const char *s = str_at(strs, strsz, runpath[i]);
      if (s)
        split_rpath(s, o, &f->runpath, &f->nrunpath);
    }
  } else if (nneeded) {
    f->nneeded = 0;
  }
  /* Record that imports exist even when names are unreadable: a static binary has none. */
  if (nneeded && !f->nneeded)
    push_str(&f->needed, &f->nneeded, "?", 1);
  free(needed);
  free(rpath);
  free(runpath);
  struct reloc_tables *rt = &c->rt;
  if (rela && relasz)
    rt->addr[rt->n] = rela, rt->size[rt->n] = relasz, rt->skip[rt->n] = relacount, rt->rela[rt->n++] = true;
  if (rel && relsz)
    rt->addr[rt->n] = rel, rt->size[rt->n] = relsz, rt->skip[rt->n] = relcount, rt->rela[rt->n++] = false;
  if (jmprel && pltrelsz) /* the PLT's own table: DT_*COUNT do not describe it */
    rt->addr[rt->n] = jmprel, rt->size[rt->n] = pltrelsz, rt->rela[rt->n++] = pltrel != DT_REL;
  if (have_symtab)
    read_dynsyms(c, symtab, strtab, strs ? strsz : 0, gnuhash, hash, have_gnuhash, have_hash, rt);
}

/* ---- notes ---------------------------------------------------------------------------------------- */

static void parse_property(struct ctx *c, const unsigned char *desc, size_t n) {
  struct elf_facts *f = c->f;
  size_t align = f->elfclass == ELFCLASS64 ? 8 : 4;
  size_t off = 0;
  f->has_gnu_property = true;
  while (n - off >= 8) {
    uint32_t type = rd32(c, desc + off), sz = rd32(c, desc + off + 4);
    off += 8;
    if (sz > n - off) {
      add_damage(f, "GNU property note with a bad property size");
      return;
    }
    if (sz == 4) {
      uint32_t v = rd32(c, desc + off);
      if ((f->e_machine == EM_X86_64 || f->e_machine == EM_386) && type == PROP_X86_FEATURE_1_AND) {
        f->has_x86_feature_1 = true;
        f->x86_feature_1 = v;
      } else if (f->e_machine == EM_AARCH64 && type == PROP_AARCH64_FEATURE_1_AND) {
        f->has_aarch64_feature_1 = true;
        f->aarch64_feature_1 = v;
      }
    }
    size_t adv = (sz + align - 1) & ~(align - 1);
    if (adv < sz || adv > n - off)
      break;
    off += adv;
  }
}

/* Walks the notes in `d` (converted headers, raw descriptors). */
static void parse_notes(struct ctx *c, Elf_Data *d) {
  struct elf_facts *f = c->f;
  size_t off = 0, name_off, desc_off;
  GElf_Nhdr nh;
  unsigned guard = 0;
  while (off < d->d_size && guard++ < MAX_NOTES_PER_SEGMENT) {
    size_t next = gelf_getnote(d, off, &nh, &name_off, &desc_off);
    if (next == 0 || next <= off) {
      add_damage(f, "note with a bad size (rest of the note area ignored)");
      return;
    }
    const unsigned char *base = d->d_buf;
    bool gnu = nh.n_namesz == 4 && name_off + 4 <= d->d_size && memcmp(base + name_off, "GNU", 4) == 0;
    if (gnu && desc_off <= d->d_size && nh.n_descsz <= d->d_size - desc_off) {
      if (nh.n_type == NT_GNU_BUILD_ID && nh.n_descsz > 0 && nh.n_descsz <= 64 && !f->build_id) {
        char *hex = cra_xmalloc(nh.n_descsz * 2 + 1);
        for (size_t i = 0; i < nh.n_descsz; i++) {
          static const char digits[] = "0123456789abcdef";
          hex[2 * i] = digits[base[desc_off + i] >> 4];
          hex[2 * i + 1] = digits[base[desc_off + i] & 15];
        }
        hex[nh.n_descsz * 2] = '\0';
        f->build_id = hex;
      } else if (nh.n_type == NT_GNU_PROPERTY_TYPE_0) {
        parse_property(c, base + desc_off, nh.n_descsz);
      }
    }
    off = next;
  }
}

static void read_note_segments(struct ctx *c, bool *seen_property) {
  struct elf_facts *f = c->f;
  for (size_t i = 0; i < f->nphdr; i++) {
    const struct elf_phdr_fact *p = &f->phdr[i];
    if (p->type != PT_NOTE && p->type != PT_GNU_PROPERTY)
      continue;
    if (p->type == PT_GNU_PROPERTY)
      *seen_property = true;
    if (p->filesz == 0 || !in_image(c, p->offset, p->filesz))
      continue;
    /* The property note sits in both PT_GNU_PROPERTY and a PT_NOTE; parsing it twice is harmless. */
    Elf_Type t = p->align == 8 ? ELF_T_NHDR8 : ELF_T_NHDR;
    Elf_Data *d = elf_getdata_rawchunk(c->elf, (int64_t)p->offset, (size_t)p->filesz, t);
    if (d)
      parse_notes(c, d);
    else
      add_damage(f, "unreadable note segment");
  }
}

/* ---- sections ------------------------------------------------------------------------------------- */

static void split_nul_strings(const char *buf, size_t n, char ***out, size_t *cnt) {
  size_t i = 0;
  while (i < n) {
    const char *s = buf + i;
    const char *nul = memchr(s, '\0', n - i);
    size_t l = nul ? (size_t)(nul - s) : n - i;
    if (l)
      push_str(out, cnt, s, l);
    i += l + 1;
  }
}

static void read_sections(struct ctx *c, bool seen_property, bool *text_nobits) {
  struct elf_facts *f = c->f;
  size_t shnum = 0, shstrndx = 0;
  GElf_Ehdr eh;
  bool have_eh = gelf_getehdr(c->elf, &eh) != NULL;
  if (elf_getshdrnum(c->elf, &shnum) != 0) {
    f->shdrs_damaged = true;
    add_damage(f, "unreadable section header table");
    return;
  }
  if (shnum == 0) {
    /* e_shnum 0 with a table offset: extended numbering whose section 0 is bogus, not a stripped table. */
    if (have_eh && eh.e_shoff != 0) {
      f->shdrs_damaged = true;
      add_damage(f, "e_shoff is set but the section count is 0 (bogus extended numbering)");
    } else {
      add_note(f, "no section headers");
    }
    return;
  }
  if (elf_getshdrstrndx(c->elf, &shstrndx) != 0) {
    f->shdrs_damaged = true;
    add_damage(f, "unreadable section header string table");
    return;
  }
  /* libelf returns e_shstrndx as stored: an index past the table or at a section that is no string table
   * would make every name "" and every named section look absent. */
  {
    Elf_Scn *strscn = shstrndx < shnum ? elf_getscn(c->elf, shstrndx) : NULL;
    GElf_Shdr ssh;
    if (!strscn || !gelf_getshdr(strscn, &ssh) || ssh.sh_type != SHT_STRTAB) {
      f->shdrs_damaged = true;
      add_damage(f, "e_shstrndx does not name a string table: section names are unreadable");
      return;
    }
  }
  f->has_shdrs = true;
  f->nshdr = shnum;
  Elf_Scn *scn = NULL;
  Elf_Scn *dynsym = NULL;
  bool have_build_id = f->build_id != NULL;
  while ((scn = elf_nextscn(c->elf, scn)) != NULL) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh))
      continue;
    const char *name = elf_strptr(c->elf, shstrndx, sh.sh_name);
    if (!name)
      name = "";
    if (sh.sh_type != SHT_NOBITS && sh.sh_size && !in_image(c, sh.sh_offset, sh.sh_size)) {
      add_damage(f, "a section lies outside the file (truncated file or bogus offset)");
      continue;
    }
    if (strncmp(name, ".debug_", 7) == 0 || strncmp(name, ".zdebug_", 8) == 0) {
      if ((strcmp(name, ".debug_info") == 0 || strcmp(name, ".zdebug_info") == 0) && sh.sh_type != SHT_NOBITS) {
        f->has_debug_info = true;
        f->debug_info_name = name[1] == 'z' ? ".zdebug_info" : ".debug_info";
      }
      if (sh.sh_type != SHT_NOBITS) {
        f->debug_shf_compressed |= (sh.sh_flags & SHF_COMPRESSED) != 0;
        f->debug_zdebug |= name[1] == 'z';
      }
      if (f->ndebug_sections < 64)
        push_str(&f->debug_sections, &f->ndebug_sections, name, strlen(name));
      continue;
    }
    if (strcmp(name, ".text") == 0 && sh.sh_type == SHT_NOBITS)
      *text_nobits = true;
    if (sh.sh_type == SHT_SYMTAB && !f->has_symtab) {
      f->has_symtab = true;
      Elf_Data *d = elf_getdata(scn, NULL);
      size_t symsz = gelf_fsize(c->elf, ELF_T_SYM, 1, EV_CURRENT);
      if (!d || symsz == 0)
        continue;
      size_t n = d->d_size / symsz;
      f->symtab = cra_xcalloc(n ? n : 1, sizeof *f->symtab);
      /* Names straight from the string table when it is a plain one inside the file (elf_strptr's checks,
       * once per table instead of once per symbol: static binaries have tens of thousands). */
      const unsigned char *strs = NULL;
      uint64_t strsz = 0;
      Elf_Scn *strscn = elf_getscn(c->elf, sh.sh_link);
      GElf_Shdr ssh;
      if (strscn && gelf_getshdr(strscn, &ssh) && ssh.sh_type == SHT_STRTAB && !(ssh.sh_flags & SHF_COMPRESSED) &&
          in_image(c, ssh.sh_offset, ssh.sh_size))
        strs = c->img + ssh.sh_offset, strsz = ssh.sh_size;
      for (size_t i = 1; i < n; i++) {
        GElf_Sym g;
        if (!gelf_getsym(d, (int)i, &g))
          break;
        const char *nm = strs ? str_at(strs, strsz, g.st_name) : elf_strptr(c->elf, sh.sh_link, g.st_name);
        if (!nm)
          nm = "";
        /* Nameless FILE/SECTION symbols still matter for grouping; keep everything. */
        fill_sym(&f->symtab[f->nsymtab++], &g, nm);
      }
      continue;
    }
    if (sh.sh_type == SHT_DYNSYM) {
      dynsym = scn;
      continue;
    }
    if (sh.sh_type == SHT_NOBITS || sh.sh_size == 0)
      continue;
    const char *data = (const char *)c->img + sh.sh_offset;
    if (strcmp(name, ".comment") == 0 && !(sh.sh_flags & SHF_COMPRESSED)) {
      split_nul_strings(data, sh.sh_size, &f->comments, &f->ncomments);
    } else if (strcmp(name, ".GCC.command.line") == 0 && !(sh.sh_flags & SHF_COMPRESSED)) {
      split_nul_strings(data, sh.sh_size, &f->cmdlines, &f->ncmdlines);
    } else if (strcmp(name, ".gnu_debuglink") == 0) {
      const char *nul = memchr(data, '\0', sh.sh_size);
      if (nul && nul > data)
        f->debuglink = cra_xstrndup(data, (size_t)(nul - data));
    } else if (strcmp(name, ".modinfo") == 0 || strcmp(name, ".gnu.linkonce.this_module") == 0) {
      if (f->e_type == ET_REL)
        f->kind = ELF_KIND_KMOD;
    } else if (sh.sh_type == SHT_NOTE && (f->nphdr == 0 || (!seen_property && !have_build_id)) &&
               !(sh.sh_flags & SHF_COMPRESSED)) {
      /* Objects have no program headers: their notes (and a .note.gnu.property) exist only as sections. */
      Elf_Type t = sh.sh_addralign == 8 ? ELF_T_NHDR8 : ELF_T_NHDR;
      Elf_Data *d = elf_getdata_rawchunk(c->elf, (int64_t)sh.sh_offset, (size_t)sh.sh_size, t);
      if (d)
        parse_notes(c, d);
    }
  }
  /* No hash table: size the dynamic symbols from the section (the only case where it is used). */
  if (f->dynsym_source == DYNSYM_NONE && dynsym && !f->ndynsym) {
    GElf_Shdr sh;
    Elf_Data *d = elf_getdata(dynsym, NULL);
    size_t symsz = gelf_fsize(c->elf, ELF_T_SYM, 1, EV_CURRENT);
    if (gelf_getshdr(dynsym, &sh) && d && symsz) {
      size_t n = d->d_size / symsz;
      free(f->dynsym);
      f->dynsym = cra_xcalloc(n ? n : 1, sizeof *f->dynsym);
      for (size_t i = 1; i < n; i++) {
        GElf_Sym g;
        if (!gelf_getsym(d, (int)i, &g))
          break;
        const char *nm = elf_strptr(c->elf, sh.sh_link, g.st_name);
        if (nm && *nm)
          fill_sym(&f->dynsym[f->ndynsym++], &g, nm);
      }
      f->dynsym_source = DYNSYM_SECTION;
    }
  }
}

/* ---- DWARF producers ------------------------------------------------------------------------------ */

/* A relocatable object's .debug_info is unrelocated: DW_FORM_strp offsets (GCC's DW_AT_producer) are 0 plus
 * an addend in .rela.debug_info, so dwarf_begin_elf would read the wrong string. libdwfl's offline
 * reporting applies the relocations; it needs the file, so memory buffers skip objects. */
static const Dwfl_Callbacks offline_callbacks = {
    .find_elf = dwfl_build_id_find_elf,
    .find_debuginfo = dwfl_standard_find_debuginfo,
    .section_address = dwfl_offline_section_address,
};

static void read_producers(struct ctx *c) {
  struct elf_facts *f = c->f;
  Dwfl *dwfl = NULL;
  Dwarf *dw = NULL;
  if (f->e_type == ET_REL) {
    if (!c->fs_path) {
      add_note(f, "DW_AT_producer of a relocatable object not read (needs relocation)");
      return;
    }
    Dwarf_Addr bias;
    dwfl = dwfl_begin(&offline_callbacks);
    Dwfl_Module *m = dwfl ? dwfl_report_offline(dwfl, "", c->fs_path, -1) : NULL;
    if (m && dwfl_report_end(dwfl, NULL, NULL) == 0)
      dw = dwfl_module_getdwarf(m, &bias);
  } else {
    dw = dwarf_begin_elf(c->elf, DWARF_C_READ, NULL);
  }
  if (!dw) {
    add_note(f, "debug information unreadable by libdw"); /* unsupported DWARF is not damage */
    if (dwfl)
      dwfl_end(dwfl);
    return;
  }
  Dwarf_Off off = 0, next;
  size_t hsize;
  unsigned guard = 0;
  /* One string usually stands for many units: count the units per distinct string. */
  while (guard++ < MAX_CUS && dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
    Dwarf_Die die;
    if (dwarf_offdie(dw, off + hsize, &die)) {
      int tag = dwarf_tag(&die);
      if (tag == DW_TAG_partial_unit)
        f->partial_units++;
      else if (tag == DW_TAG_compile_unit || tag == DW_TAG_skeleton_unit)
        f->compile_units++;
      Dwarf_Attribute a;
      const char *p = dwarf_formstring(dwarf_attr(&die, DW_AT_producer, &a));
      if (p && *p && tag != DW_TAG_partial_unit) {
        size_t i = 0;
        while (i < f->nproducers && strcmp(f->producers[i], p) != 0)
          i++;
        if (i < f->nproducers) {
          f->producer_units[i]++;
        } else if (f->nproducers < MAX_PRODUCERS) {
          f->producers = cra_xreallocarray(f->producers, f->nproducers + 1, sizeof *f->producers);
          f->producer_units = cra_xreallocarray(f->producer_units, f->nproducers + 1, sizeof *f->producer_units);
          f->producers[f->nproducers] = cra_xstrdup(p);
          f->producer_units[f->nproducers++] = 1;
        }
      }
    }
    if (next <= off)
      break;
    off = next;
  }
  if (dwfl)
    dwfl_end(dwfl); /* owns dw */
  else
    dwarf_end(dw);
  /* Sorted (with their counts) so the JSON is stable; at most MAX_PRODUCERS entries. */
  for (size_t i = 1; i < f->nproducers; i++)
    for (size_t j = i; j > 0 && strcmp(f->producers[j - 1], f->producers[j]) > 0; j--) {
      char *ts = f->producers[j];
      f->producers[j] = f->producers[j - 1];
      f->producers[j - 1] = ts;
      size_t tn = f->producer_units[j];
      f->producer_units[j] = f->producer_units[j - 1];
      f->producer_units[j - 1] = tn;
    }
}

/* ---- code scan ------------------------------------------------------------------------------------ */

struct func {
  uint64_t addr, size;
  const char *name;
  bool library;
};

static int cmp_func(const void *a, const void *b) {
  const struct func *x = a, *y = b;
  if (x->addr != y->addr)
    return x->addr < y->addr ? -1 : 1;
  return strcmp(x->name, y->name);
}

struct target {
  uint64_t addr;
  const char *name;
};

static int cmp_target(const void *a, const void *b) {
  const struct target *x = a, *y = b;
  return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static bool suffix(const char *s, const char *suf) {
  size_t a = strlen(s), b = strlen(suf);
  return a >= b && strcmp(s + a - b, suf) == 0;
}

/* A function belongs to the C library or the toolchain runtime, not to the program, when any symbol at
 * its address is reserved (leading underscore) or not default-visible (glibc's libc.a hides its
 * internals), or when it is local to an input whose STT_FILE is an object name (glibc's and libgcc's
 * archive members are recorded as "foo.o", the program's translation units by their source name) or the
 * CRT's crtstuff.c. A heuristic, documented in docs/elfcheck/stack-protector.md. */
static bool library_symbol(const struct elf_sym_fact *s, const char *file) {
  if (s->name[0] == '_' || GELF_ST_VISIBILITY(s->other) != STV_DEFAULT)
    return true;
  if (s->bind == STB_LOCAL) {
    if (!file || !*file)
      return true;
    return suffix(file, ".o") || strcmp(file, "crtstuff.c") == 0 || suffix(file, ".S") || suffix(file, ".s");
  }
  return false;
}

static bool tracked_name(const char *n) {
  for (size_t i = 0; i < sizeof stack_chk_syms / sizeof *stack_chk_syms; i++)
    if (strcmp(n, stack_chk_syms[i]) == 0)
      return true;
  if (n[0] == '_' && n[1] == '_') {
    for (size_t i = 0; i < NFORTIFY; i++)
      if (strcmp(n, fortify_pairs[i][0]) == 0)
        return true;
  } else {
    for (size_t i = 0; i < NFORTIFY; i++)
      if (strcmp(n, fortify_pairs[i][1]) == 0)
        return true;
    for (size_t i = 0; i < sizeof dangerous / sizeof *dangerous; i++)
      if (strcmp(n, dangerous[i]) == 0)
        return true;
  }
  return false;
}

/* The canary load or compare: x86-64 `mov/sub/xor/cmp %fs:0x28,%reg`; i386 `%gs:0x14`. */
static bool canary_at(const unsigned char *b, size_t n, bool x64) {
  if (x64) {
    return n >= 9 && b[0] == 0x64 && (b[1] == 0x48 || b[1] == 0x4c) &&
           (b[2] == 0x8b || b[2] == 0x33 || b[2] == 0x2b || b[2] == 0x3b) && (b[3] & 0xc7) == 0x04 &&
           b[4] == 0x25 && b[5] == 0x28 && b[6] == 0 && b[7] == 0 && b[8] == 0;
  }
  if (n >= 6 && b[0] == 0x65 && b[1] == 0xa1 && b[2] == 0x14 && b[3] == 0 && b[4] == 0 && b[5] == 0)
    return true;
  return n >= 7 && b[0] == 0x65 && (b[1] == 0x8b || b[1] == 0x33 || b[1] == 0x2b || b[1] == 0x3b) &&
         (b[2] & 0xc7) == 0x05 && b[3] == 0x14 && b[4] == 0 && b[5] == 0 && b[6] == 0;
}

/* The stack frame reserved in the prologue (the first 48 bytes): `sub $imm,%rsp` / `sub $imm,%esp`. */
static uint64_t frame_size(const unsigned char *b, size_t n, bool x64) {
  size_t lim = n < 48 ? n : 48;
  for (size_t i = 0; i < lim; i++) {
    const unsigned char *p = b + i;
    size_t left = n - i;
    if (x64) {
      if (left >= 4 && p[0] == 0x48 && p[1] == 0x83 && p[2] == 0xec)
        return p[3] < 0x80 ? p[3] : 0;
      if (left >= 7 && p[0] == 0x48 && p[1] == 0x81 && p[2] == 0xec)
        return (uint64_t)p[3] | (uint64_t)p[4] << 8 | (uint64_t)p[5] << 16 | (uint64_t)(p[6] & 0x7f) << 24;
    } else {
      if (left >= 3 && p[0] == 0x83 && p[1] == 0xec)
        return p[2] < 0x80 ? p[2] : 0;
      if (left >= 6 && p[0] == 0x81 && p[1] == 0xec)
        return (uint64_t)p[2] | (uint64_t)p[3] << 8 | (uint64_t)p[4] << 16 | (uint64_t)(p[5] & 0x7f) << 24;
    }
  }
  return 0;
}

static void record_call(struct elf_facts *f, const char *callee, const char *caller) {
  for (size_t i = 0; i < f->ncalls; i++)
    if (strcmp(f->calls[i].callee, callee) == 0) {
      f->calls[i].count++;
      return;
    }
  f->calls = cra_xreallocarray(f->calls, f->ncalls + 1, sizeof *f->calls);
  f->calls[f->ncalls++] = (struct elf_call_fact){callee, caller, 1};
}

static int cmp_call(const void *a, const void *b) {
  return strcmp(((const struct elf_call_fact *)a)->callee, ((const struct elf_call_fact *)b)->callee);
}

static void scan_code(struct ctx *c) {
  struct elf_facts *f = c->f;
  bool x64 = f->e_machine == EM_X86_64 && f->elfclass == ELFCLASS64;
  bool x32 = f->e_machine == EM_386 && f->elfclass == ELFCLASS32;
  if (!f->has_symtab || (!x64 && !x32) || f->e_type == ET_REL || f->kind == ELF_KIND_DEBUG ||
      f->kind == ELF_KIND_CORE)
    return;
  /* Group symbols by address; a function is the program's only when no symbol at its address is a
   * library one. */
  struct func *fn = cra_xcalloc(f->nsymtab ? f->nsymtab : 1, sizeof *fn);
  size_t nfn = 0;
  struct target *tg = NULL;
  size_t ntg = 0;
  const char *file = NULL;
  for (size_t i = 0; i < f->nsymtab; i++) {
    const struct elf_sym_fact *s = &f->symtab[i];
    if (s->type == STT_FILE) {
      file = s->name;
      continue;
    }
    if (s->bind != STB_LOCAL)
      file = NULL;
    if (!s->defined || s->shndx >= SHN_LORESERVE || !*s->name)
      continue;
    if (s->type == STT_FUNC || s->type == STT_GNU_IFUNC) {
      if (s->type == STT_FUNC && s->size > 0)
        fn[nfn++] = (struct func){s->value, s->size, s->name, library_symbol(s, file)};
      if (f->is_static && tracked_name(s->name)) {
        tg = cra_xreallocarray(tg, ntg + 1, sizeof *tg);
        tg[ntg++] = (struct target){s->value, s->name};
      }
    }
  }
  qsort(fn, nfn, sizeof *fn, cmp_func);
  if (ntg)
    qsort(tg, ntg, sizeof *tg, cmp_target);
  f->code_scan_done = true;
  for (size_t i = 0; i < nfn;) {
    size_t j = i;
    bool lib = false;
    const char *name = NULL;
    uint64_t size = 0;
    for (; j < nfn && fn[j].addr == fn[i].addr; j++) {
      lib |= fn[j].library;
      if (!name || (fn[j].name[0] != '_' && name[0] == '_'))
        name = fn[j].name;
      if (fn[j].size > size)
        size = fn[j].size;
    }
    uint64_t addr = fn[i].addr;
    i = j;
    uint64_t off;
    if (lib || size > (1u << 24) || !vaddr_to_off(c, addr, size, &off))
      continue;
    const unsigned char *b = c->img + off;
    f->scanned_functions++;
    bool canary = false;
    for (uint64_t k = 0; k < size; k++) {
      if (!canary && canary_at(b + k, (size_t)(size - k), x64))
        canary = true;
      if (ntg && (b[k] == 0xe8 || b[k] == 0xe9) && size - k >= 5) {
        int32_t rel = (int32_t)((uint32_t)b[k + 1] | (uint32_t)b[k + 2] << 8 | (uint32_t)b[k + 3] << 16 |
                                (uint32_t)b[k + 4] << 24);
        uint64_t to = addr + k + 5 + (uint64_t)(int64_t)rel;
        if (!x64)
          to &= 0xffffffffu;
        struct target key = {to, NULL};
        const struct target *t = bsearch(&key, tg, ntg, sizeof *tg, cmp_target);
        if (t) {
          record_call(f, t->name, name);
          if (strncmp(t->name, "__stack_chk_fail", 16) == 0)
            canary = true;
        }
      }
    }
    if (canary) {
      if (f->canaried_functions++ == 0)
        f->first_canaried = name;
    } else {
      uint64_t fs = frame_size(b, (size_t)size, x64);
      if (fs >= ELF_FRAME_HINT) {
        f->uncanaried_frames++;
        if (f->nframes < MAX_FRAME_EXAMPLES) {
          f->frames = cra_xreallocarray(f->frames, f->nframes + 1, sizeof *f->frames);
          f->frames[f->nframes++] = (struct elf_frame_fact){name, fs};
        }
      }
    }
  }
  if (f->ncalls > 1)
    qsort(f->calls, f->ncalls, sizeof *f->calls, cmp_call);
  free(fn);
  free(tg);
}

/* ---- entry points --------------------------------------------------------------------------------- */

static void decide_kind(struct elf_facts *f, bool text_nobits) {
  if (f->kind == ELF_KIND_KMOD)
    return;
  bool pie_flag = f->has_flags_1 && (f->dt_flags_1 & DF_1_PIE);
  switch (f->e_type) {
  case ET_REL: f->kind = ELF_KIND_OBJECT; return;
  case ET_CORE: f->kind = ELF_KIND_CORE; return;
  case ET_EXEC: f->kind = ELF_KIND_EXEC; break;
  case ET_DYN:
    if (pie_flag)
      f->kind = f->has_interp ? ELF_KIND_PIE : ELF_KIND_STATIC_PIE;
    else if (f->has_interp && f->soname)
      f->kind = ELF_KIND_EXEC_DSO;
    else if (f->has_interp) {
      f->kind = ELF_KIND_PIE;
      f->legacy_pie = true;
    } else
      f->kind = ELF_KIND_DSO;
    break;
  default: f->kind = ELF_KIND_OTHER; return;
  }
  if (text_nobits && f->ndebug_sections)
    f->kind = ELF_KIND_DEBUG;
}

static uint32_t name_hash(const char *s) {
  uint32_t h = 2166136261u; /* FNV-1a */
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

/* Builds the name index of the undefined symbols among `n` (the imports: what every lookup asks for, and a
 * few hundred even when a library defines tens of thousands). */
static void build_index(struct elf_sym_index *ix, const struct elf_sym_fact *s, size_t n) {
  size_t und = 0;
  for (size_t i = 0; i < n; i++)
    und += !s[i].defined;
  if (und == 0 || n >= UINT32_MAX / 2)
    return;
  size_t size = 16;
  while (size < 2 * und)
    size *= 2;
  ix->slot = cra_xcalloc(size, sizeof *ix->slot);
  ix->mask = size - 1;
  for (size_t i = 0; i < n; i++) {
    if (s[i].defined)
      continue;
    size_t k = name_hash(s[i].name) & ix->mask;
    bool dup = false;
    while (ix->slot[k] && !dup) {
      dup = strcmp(s[ix->slot[k] - 1].name, s[i].name) == 0;
      k = (k + 1) & ix->mask;
    }
    if (!dup)
      ix->slot[k] = (uint32_t)(i + 1);
  }
}

static const struct elf_sym_fact *index_find(const struct elf_sym_index *ix, const struct elf_sym_fact *s,
                                             const char *name) {
  if (!ix->mask)
    return NULL;
  for (size_t k = name_hash(name) & ix->mask; ix->slot[k]; k = (k + 1) & ix->mask)
    if (strcmp(s[ix->slot[k] - 1].name, name) == 0)
      return &s[ix->slot[k] - 1];
  return NULL;
}

static int gather(void *buf, size_t len, const char *display, const struct elf_facts_opts *opts,
                  struct elf_facts *f, const char *fs_path) {
  if (!f->path)
    f->path = cra_xstrdup(display);
  f->size = len;
  if (len < SELFMAG || memcmp(buf, ELFMAG, SELFMAG) != 0) {
    f->error = cra_xstrdup(len == 0 ? "empty file" : "not an ELF file");
    return 1;
  }
  /* From here on the file claims to be ELF: damage is an error, not a skip. */
  const unsigned char *id = buf;
  if (len < EI_NIDENT) {
    f->error = cra_xstrdup("truncated ELF header");
    return -1;
  }
  if (id[EI_CLASS] != ELFCLASS32 && id[EI_CLASS] != ELFCLASS64) {
    f->error = cra_xstrdup("unknown ELF class in e_ident");
    return -1;
  }
  if (len < (id[EI_CLASS] == ELFCLASS64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr))) {
    f->error = cra_xstrdup("truncated ELF header");
    return -1;
  }
  elf_version(EV_CURRENT);
  Elf *elf = elf_memory(buf, len);
  if (!elf || elf_kind(elf) != ELF_K_ELF) {
    f->error = cra_xasprintf("unreadable ELF header: %s", elf_errmsg(-1));
    if (elf)
      elf_end(elf);
    return -1;
  }
  f->elf_handle = elf;
  GElf_Ehdr eh;
  if (!gelf_getehdr(elf, &eh)) {
    f->error = cra_xasprintf("truncated or invalid ELF header: %s", elf_errmsg(-1));
    return -1;
  }
  struct ctx c = {.f = f, .elf = elf, .img = buf, .len = len, .fs_path = fs_path};
  f->elfclass = gelf_getclass(elf);
  f->data = eh.e_ident[EI_DATA];
  f->osabi = eh.e_ident[EI_OSABI];
  f->e_type = eh.e_type;
  f->e_machine = eh.e_machine;
  f->entry = eh.e_entry;
  if (f->data != ELFDATA2LSB && f->data != ELFDATA2MSB) {
    f->error = cra_xstrdup("unknown data encoding in e_ident");
    return -1;
  }
  /* The program header table must lie inside the file (libelf reports a short table as "none"). PN_XNUM
   * (0xffff) means the real count is in section 0's sh_info, which libelf resolves. */
  size_t phent = gelf_fsize(elf, ELF_T_PHDR, 1, EV_CURRENT);
  if (eh.e_phnum && eh.e_phnum != PN_XNUM) {
    if (eh.e_phentsize != phent) {
      f->error = cra_xasprintf("bad e_phentsize %u (expected %zu)", (unsigned)eh.e_phentsize, phent);
      return -1;
    }
    if (!in_image(&c, eh.e_phoff, (uint64_t)eh.e_phnum * phent)) {
      f->error = cra_xstrdup("truncated program header table (e_phoff/e_phnum beyond the end of the file)");
      return -1;
    }
  }
  if (read_phdrs(&c) != 0)
    return -1;
  if (f->nphdr == 0 && (f->e_type == ET_EXEC || f->e_type == ET_DYN)) {
    f->error = cra_xstrdup(eh.e_phnum == PN_XNUM ? "e_phnum is PN_XNUM but section 0 gives no program headers"
                                                 : "no program headers (e_phnum 0): not a loadable file");
    return -1;
  }
  read_dynamic(&c, opts);
  bool seen_property = false, text_nobits = false;
  read_note_segments(&c, &seen_property);
  read_sections(&c, seen_property, &text_nobits);
  /* Static: an executable (ET_EXEC, or static-pie's ET_DYN + DF_1_PIE) with no interpreter and no
   * DT_NEEDED. A shared library that happens to need nothing is not "static". */
  f->is_static = !f->has_interp && f->nneeded == 0 &&
                 (f->e_type == ET_EXEC ||
                  (f->e_type == ET_DYN && f->has_flags_1 && (f->dt_flags_1 & DF_1_PIE)));
  decide_kind(f, text_nobits);
  /* Copy relocations exist only in executables (exported-symbols reads them there); a library's relocation
   * tables, often the largest, are not walked for them. */
  if (f->kind == ELF_KIND_EXEC || f->kind == ELF_KIND_PIE || f->kind == ELF_KIND_STATIC_PIE || f->legacy_pie)
    read_copy_relocs(&c, &c.rt);
  if (f->has_debug_info)
    read_producers(&c);
  sort_unique(f->comments, &f->ncomments);
  sort_unique(f->debug_sections, &f->ndebug_sections);
  build_index(&f->dynsym_index, f->dynsym, f->ndynsym);
  build_index(&f->symtab_index, f->symtab, f->nsymtab);
  /* musl: its loader, its libc as a dependency, or its libc's own __init_libc where libc is linked in
   * (static binaries: .symtab) or is the file itself (a DSO needing nothing). */
  f->musl = (f->interp && strstr(f->interp, "ld-musl")) || (f->is_static && elf_facts_symtab(f, "__init_libc")) ||
            (f->nneeded == 0 && (f->defines_init_libc || elf_facts_dynsym(f, "__init_libc")));
  for (size_t i = 0; i < f->nneeded; i++)
    if (strncmp(f->needed[i], "libc.musl", 9) == 0)
      f->musl = true;
  scan_code(&c);
  if (f->has_dynamic && f->dynsym_source == DYNSYM_NONE && f->ndyn > 0)
    add_note(f, "dynamic symbols unavailable (no usable DT_GNU_HASH, DT_HASH or .dynsym)");
  return 0;
}

/* SHA-256 of a file mapping in 4 MiB steps, each step's pages dropped again afterwards (MADV_DONTNEED on a
 * private mapping not yet written to just unmaps them; later reads come back from the page cache), so the
 * resident set stays small even for a 100 MB library. Returns 0, or -1 when libcrypto fails. */
static int hash_mapping(unsigned char *map, size_t len, char hex[65]) {
  static const char digits[] = "0123456789abcdef";
  const size_t step = (size_t)4 << 20;
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  int rc = -1;
  if (ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
    madvise(map, len, MADV_SEQUENTIAL);
    size_t off = 0;
    for (; off < len; off += step) {
      size_t n = len - off < step ? len - off : step;
      if (!EVP_DigestUpdate(ctx, map + off, n))
        break;
      if (n == step)
        madvise(map + off, n, MADV_DONTNEED);
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    if (off >= len && EVP_DigestFinal_ex(ctx, md, &mdlen) && mdlen == 32) {
      for (unsigned i = 0; i < 32; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
      }
      hex[64] = '\0';
      rc = 0;
    }
  }
  EVP_MD_CTX_free(ctx);
  return rc;
}

int elf_facts_from_memory(void *buf, size_t len, const char *display, const struct elf_facts_opts *opts,
                          struct elf_facts *f) {
  return gather(buf, len, display, opts, f, NULL);
}

int elf_facts_from_file(const char *fs_path, const char *display, const struct elf_facts_opts *opts,
                        struct elf_facts *f) {
  f->path = cra_xstrdup(display);
  int fd = open(fs_path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    f->error = cra_xasprintf("cannot open: %s", cra_strerror(errno));
    return -1;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    f->error = cra_xstrdup(S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
    close(fd);
    return 1;
  }
  if (st.st_size == 0) {
    close(fd);
    f->error = cra_xstrdup("empty file");
    return 1;
  }
  unsigned char magic[SELFMAG];
  ssize_t got = pread(fd, magic, SELFMAG, 0);
  if (got < 0) {
    f->error = cra_xasprintf("cannot read: %s", cra_strerror(errno));
    close(fd);
    return -1;
  }
  if (got < SELFMAG || memcmp(magic, ELFMAG, SELFMAG) != 0) {
    close(fd);
    f->error = cra_xstrdup("not an ELF file");
    return 1;
  }
  size_t len = (size_t)st.st_size;
  /* Private writable mapping: libelf may convert structures in place; nothing reaches the file. */
  void *map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  if (map == MAP_FAILED) {
    f->error = cra_xasprintf("cannot map: %s", cra_strerror(errno));
    close(fd);
    return -1;
  }
  f->map = map;
  f->map_len = len;
  /* Hash the mapping before libelf sees it (it may convert structures in place in this private copy):
   * no second read of the file, no copy into a buffer; libcrypto's SHA-256 uses the SHA extensions. */
  if (opts && opts->hash && hash_mapping(map, len, f->sha256) != 0)
    add_damage(f, "SHA-256 not computed (libcrypto failed)");
  int rc = gather(map, len, display, opts, f, fs_path);
  close(fd);
  return rc;
}

static void free_strs(char **a, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(a[i]);
  free(a);
}

static void free_rpath(struct elf_rpath_entry *e, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(e[i].path);
    free(e[i].why);
  }
  free(e);
}

void elf_facts_free(struct elf_facts *f) {
  free(f->path);
  free(f->error);
  free(f->damaged);
  free(f->phdr);
  free(f->interp);
  free_strs(f->needed, f->nneeded);
  free(f->soname);
  free_rpath(f->rpath, f->nrpath);
  free_rpath(f->runpath, f->nrunpath);
  free(f->dynsym);
  free(f->copy_relocs);
  free(f->dynsym_index.slot);
  free(f->symtab);
  free(f->symtab_index.slot);
  free(f->build_id);
  free_strs(f->debug_sections, f->ndebug_sections);
  free(f->debuglink);
  free_strs(f->comments, f->ncomments);
  free_strs(f->producers, f->nproducers);
  free(f->producer_units);
  free_strs(f->cmdlines, f->ncmdlines);
  free(f->calls);
  free(f->frames);
  free_strs(f->notes, f->nnotes);
  if (f->elf_handle)
    elf_end(f->elf_handle);
  if (f->map)
    munmap(f->map, f->map_len);
  memset(f, 0, sizeof *f);
}

/* ---- lookups for checks --------------------------------------------------------------------------- */

static const struct elf_sym_fact *linear_find(const struct elf_sym_fact *s, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(s[i].name, name) == 0)
      return &s[i];
  return NULL;
}

bool elf_facts_copy_reloc_at(const struct elf_facts *f, uint64_t addr) {
  return f->ncopy_relocs && bsearch(&addr, f->copy_relocs, f->ncopy_relocs, sizeof addr, cmp_u64) != NULL;
}

const struct elf_sym_fact *elf_facts_dynsym(const struct elf_facts *f, const char *name) {
  return linear_find(f->dynsym, f->ndynsym, name);
}

const struct elf_sym_fact *elf_facts_symtab(const struct elf_facts *f, const char *name) {
  return linear_find(f->symtab, f->nsymtab, name);
}

bool elf_facts_imports(const struct elf_facts *f, const char *name) {
  if (index_find(&f->dynsym_index, f->dynsym, name))
    return true;
  return f->e_type == ET_REL && index_find(&f->symtab_index, f->symtab, name);
}

const struct elf_call_fact *elf_facts_calls(const struct elf_facts *f, const char *callee) {
  for (size_t i = 0; i < f->ncalls; i++)
    if (strcmp(f->calls[i].callee, callee) == 0)
      return &f->calls[i];
  return NULL;
}
