/* Facts about one ELF file, gathered in a single libelf pass (elf_facts.c) and read by the pure checks in
 * checks/<id>.c. Everything a check needs is here; checks never touch libelf, the file or the environment.
 *
 * Every structure that decides a verdict is read from the program headers first (PT_DYNAMIC, PT_NOTE,
 * PT_GNU_PROPERTY, PT_GNU_STACK, PT_GNU_RELRO), so a file without section headers gets the same verdicts;
 * sections only add what exists nowhere else (.symtab, .comment, .debug_*, .GCC.command.line). */
#ifndef ELF_FACTS_H
#define ELF_FACTS_H

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The 4-way (plus special files) kind of an ELF file (shared/reference/elf-checks.md section 3). */
enum elf_kind {
  ELF_KIND_EXEC,       /* ET_EXEC */
  ELF_KIND_PIE,        /* ET_DYN + DF_1_PIE + PT_INTERP, or the legacy heuristic (see legacy_pie) */
  ELF_KIND_STATIC_PIE, /* ET_DYN + DF_1_PIE, no PT_INTERP */
  ELF_KIND_DSO,        /* ET_DYN, no PT_INTERP, no DF_1_PIE */
  ELF_KIND_EXEC_DSO,   /* ET_DYN + PT_INTERP + DT_SONAME, no DF_1_PIE (libc.so.6) */
  ELF_KIND_OBJECT,     /* ET_REL */
  ELF_KIND_KMOD,       /* ET_REL with .modinfo or .gnu.linkonce.this_module */
  ELF_KIND_CORE,       /* ET_CORE */
  ELF_KIND_DEBUG,      /* separate debug file: .debug_info present, code sections SHT_NOBITS */
  ELF_KIND_OTHER       /* any other e_type */
};
const char *elf_kind_name(enum elf_kind k);

/* Classification of one RPATH/RUNPATH entry (see docs/elfcheck/rpath.md). */
enum elf_rpath_class {
  RPATH_EMPTY,           /* "" : the current directory (CWE-426) */
  RPATH_RELATIVE,        /* no leading '/' and not $ORIGIN (CWE-426) */
  RPATH_ORIGIN,          /* $ORIGIN or ${ORIGIN} relative */
  RPATH_ABS_SECURE,      /* absolute; it and every parent root-owned, not group/other writable (or sticky) */
  RPATH_ABS_MISSING,     /* absolute, does not exist; nearest existing parent is secure */
  RPATH_ABS_INSECURE     /* absolute; it or a parent is writable by group/others or not owned by root */
};
const char *elf_rpath_class_name(enum elf_rpath_class c);

struct elf_rpath_entry {
  char *path;
  enum elf_rpath_class cls;
  char *why; /* for RPATH_ABS_INSECURE: which directory and why; else NULL */
};

struct elf_phdr_fact {
  uint32_t type, flags;
  uint64_t offset, vaddr, filesz, memsz, align;
};

/* One symbol from .dynsym (via PT_DYNAMIC) or .symtab. */
struct elf_sym_fact {
  const char *name; /* points into the facts' string arena */
  uint64_t value, size;
  uint16_t shndx;
  uint8_t bind, type, other;
  bool defined; /* st_shndx != SHN_UNDEF */
};

/* Interesting call targets found by the static call-site scan (x86 only): for every function in .symtab
 * outside the C library, rel32 calls/jumps landing on one of the tracked symbols. */
struct elf_call_fact {
  const char *callee; /* tracked symbol name */
  const char *caller; /* first non-libc caller seen (lowest address) */
  size_t count;       /* call sites from non-libc functions */
};

/* A stack frame reserved by a non-libc function without a canary check: the weak instrumentability hint. */
struct elf_frame_fact {
  const char *function;
  uint64_t bytes;
};

/* A name index over the undefined symbols of a symbol array: open addressing, slots hold index + 1
 * (0 = empty); the first symbol with a name wins. Import lookups are the checks' hot path (every check asks
 * for a few dozen names; a linear search over libLLVM's tens of thousands of symbols dominated the run). */
struct elf_sym_index {
  uint32_t *slot;
  size_t mask; /* table size - 1 (a power of two), 0 when empty */
};

enum elf_dynsym_source { DYNSYM_NONE, DYNSYM_GNU_HASH, DYNSYM_HASH, DYNSYM_SECTION };

struct elf_facts {
  char *path;          /* display path (as the user gave it, relative to a directory argument) */
  char *error;         /* set when the file could not be parsed at all; every other field is then partial */
  char *damaged;       /* the first note that says the file is damaged (truncated, bogus offsets), or NULL */

  /* ELF header */
  int elfclass;        /* ELFCLASS32 / ELFCLASS64 */
  int data;            /* ELFDATA2LSB / ELFDATA2MSB */
  uint16_t e_type, e_machine;
  uint8_t osabi;
  uint64_t entry;
  enum elf_kind kind;
  bool legacy_pie;     /* kind PIE decided by the heuristic (PT_INTERP, no DF_1_PIE, no SONAME) */
  bool is_static;      /* no PT_INTERP and no DT_NEEDED */

  /* program headers */
  struct elf_phdr_fact *phdr;
  size_t nphdr;
  bool has_interp;
  char *interp;
  size_t gnu_stack_count;
  uint32_t gnu_stack_flags; /* p_flags of the LAST PT_GNU_STACK (binfmt_elf overwrites in its loop) */
  uint64_t gnu_stack_memsz;
  bool has_relro;

  /* section headers */
  bool has_shdrs;
  bool shdrs_damaged;      /* the section header table exists but cannot be trusted: absence proves nothing */
  size_t nshdr;

  /* PT_DYNAMIC (read from the segment, never from a section named .dynamic) */
  bool has_dynamic;
  size_t ndyn;             /* entries read before DT_NULL (or the segment end) */
  bool dyn_unterminated;   /* no DT_NULL inside the segment */
  bool has_bind_now;       /* DT_BIND_NOW tag */
  bool has_flags, has_flags_1;
  uint64_t dt_flags, dt_flags_1;
  bool has_textrel;        /* DT_TEXTREL tag */
  bool aarch64_bti_plt, aarch64_pac_plt;
  char **needed;
  size_t nneeded;
  char *soname;
  struct elf_rpath_entry *rpath, *runpath;
  size_t nrpath, nrunpath;
  bool has_rpath_tag, has_runpath_tag;

  /* dynamic symbols (DT_SYMTAB sized by DT_GNU_HASH / DT_HASH, or .dynsym when no hash) */
  struct elf_sym_fact *dynsym;
  size_t ndynsym;
  uint64_t *copy_relocs;   /* r_offset of every dynamic R_*_COPY relocation, sorted: library data copied */
  size_t ncopy_relocs;     /* into an executable (its defined .dynsym entry belongs to the library) */
  struct elf_sym_index dynsym_index;
  /* Shared libraries: their defined dynamic symbols are only counted, not stored (libLLVM has ~100k and
   * only the number matters); dynsym then holds the imports. */
  bool lib_exports_counted;
  size_t lib_exports;        /* defined global/weak/unique symbols, not SHN_ABS, not SECTION/FILE */
  bool defines_init_libc;    /* musl's libc.so itself: a defined __init_libc */
  enum elf_dynsym_source dynsym_source;

  /* .symtab */
  bool has_symtab;
  struct elf_sym_fact *symtab;
  size_t nsymtab;
  struct elf_sym_index symtab_index;

  /* notes */
  bool has_gnu_property;
  bool has_x86_feature_1, has_aarch64_feature_1;
  uint32_t x86_feature_1, aarch64_feature_1;
  char *build_id;          /* hex */
  bool musl;               /* musl libc (PT_INTERP ld-musl, DT_NEEDED libc.musl*, or musl-only symbols) */

  /* sections */
  bool has_debug_info;     /* .debug_info / .zdebug_info (compressed too) */
  const char *debug_info_name; /* ".debug_info" or ".zdebug_info" when has_debug_info (a static string) */
  bool debug_shf_compressed;   /* some debug section has SHF_COMPRESSED (-gz, ELF gABI compression) */
  bool debug_zdebug;           /* some debug section is a GNU .zdebug_* (-gz=zlib-gnu, legacy compression) */
  char **debug_sections;
  size_t ndebug_sections;
  char *debuglink;         /* .gnu_debuglink file name */
  char **comments;         /* unique .comment strings, sorted */
  size_t ncomments;
  char **producers;        /* unique DW_AT_producer strings of compile units, sorted */
  size_t *producer_units;  /* per producers[i]: how many compile units carry that string */
  size_t nproducers;
  size_t compile_units;    /* DW_TAG_compile_unit / DW_TAG_skeleton_unit DIEs read */
  size_t partial_units;    /* DW_TAG_partial_unit DIEs (dwz): shared pieces, not translation units */
  char **cmdlines;         /* .GCC.command.line entries (one recorded option each), in file order */
  size_t ncmdlines;

  /* Code scan of the program's own functions (x86/x86-64 with .symtab only; no disassembler): function
   * ranges come from .symtab, C library and toolchain functions are left out (see is_library_function in
   * elf_facts.c). Per function: the canary load/compare (%fs:0x28 on x86-64, %gs:0x14 on i386), the stack
   * frame reserved by `sub $imm,%rsp`, and, in static binaries, rel32 calls/jumps to tracked symbols. */
  bool code_scan_done;
  size_t scanned_functions;      /* program functions scanned */
  size_t canaried_functions;     /* ... with a canary load or compare */
  const char *first_canaried;    /* lowest-address canaried program function */
  struct elf_call_fact *calls;   /* static binaries: tracked callees, sorted by name */
  size_t ncalls;
  struct elf_frame_fact *frames; /* the first few program functions with a large frame and no canary */
  size_t nframes;
  size_t uncanaried_frames;      /* program functions with frame >= ELF_FRAME_HINT bytes and no canary */

  /* file */
  uint64_t size;
  char sha256[65];         /* empty when hashing is off */
  char **notes;            /* advisories about the file's structure ("no section headers", ...) */
  size_t nnotes;

  /* owned memory: symbol names point into the image, which stays mapped until elf_facts_free */
  void *elf_handle; /* Elf * */
  void *map;        /* mmap'd image owned by the facts (elf_facts_from_file), or NULL */
  size_t map_len;
};

#define ELF_FRAME_HINT 32 /* bytes: a frame this large holds locals beyond a few spills */

struct elf_facts_opts {
  bool hash;           /* compute SHA-256 of the whole file */
  const char *sysroot; /* prefix for absolute RPATH/RUNPATH entries when classifying, or NULL */
};

/* Fills *f from the file at `fs_path` (display path `display`). Returns 0 when the file was parsed (some
 * structures may still be damaged: see f->notes), 1 when it is not an ELF file (f->error says why, nothing
 * else set), -1 when it is ELF (or unreadable) but could not be parsed (f->error set). f must be zeroed;
 * release with elf_facts_free. */
int elf_facts_from_file(const char *fs_path, const char *display, const struct elf_facts_opts *opts,
                        struct elf_facts *f);
/* The same over a buffer (the fuzzer's entry point). `buf` must stay valid and writable during the call
 * (libelf may convert in place). */
int elf_facts_from_memory(void *buf, size_t len, const char *display, const struct elf_facts_opts *opts,
                          struct elf_facts *f);
void elf_facts_free(struct elf_facts *f);

/* Helpers for checks: lookups over the gathered symbols. */
/* Linear lookups (any symbol, first match); checks use elf_facts_imports, which is indexed. */
const struct elf_sym_fact *elf_facts_dynsym(const struct elf_facts *f, const char *name);
/* True when a dynamic copy relocation targets addr (the symbol there is a library's data copied in). */
bool elf_facts_copy_reloc_at(const struct elf_facts *f, uint64_t addr);
const struct elf_sym_fact *elf_facts_symtab(const struct elf_facts *f, const char *name);
bool elf_facts_imports(const struct elf_facts *f, const char *name); /* UND in .dynsym (or .symtab for ET_REL) */
const struct elf_call_fact *elf_facts_calls(const struct elf_facts *f, const char *callee);

/* libc's fortified functions (`__<fn>_chk`, without the __stack_chk_* family): index i names the fortified
 * symbol; elf_fortify_plain(i) is the plain counterpart. NULL past the end. */
const char *elf_fortify_chk(size_t i);
const char *elf_fortify_plain(size_t i);
/* Functions the dangerous-imports check reports; NULL past the end. */
const char *elf_dangerous_fn(size_t i);

#endif
