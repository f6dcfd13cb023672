/* cra-cc / cra-c++: internal interfaces between the wrapper's modules.
 *
 * The data flows one way: main.c finds the real compiler (compiler.c), classifies the argument vector
 * (args.c), asks the policy table which flags to add (policy.c over flags.def), runs the compiler
 * (run.c) and finally writes evidence (evidence.c). The process is short-lived: strings handed between
 * modules are heap-allocated and live until exit unless a comment says otherwise. */
#ifndef WRAP_H
#define WRAP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* A growable vector of strings; v[n] is always NULL so it can be passed to exec. */
typedef struct wrap_strv_s {
  char **v;
  size_t n, cap;
} wrap_strv;

void wrap_strv_push(wrap_strv *sv, const char *s); /* copies s */
void wrap_strv_push_all(wrap_strv *sv, const wrap_strv *from);
bool wrap_strv_contains(const wrap_strv *sv, const char *s);
/* Splits `s` on blanks and appends the words (no quoting: the flag table never needs it). */
void wrap_strv_push_words(wrap_strv *sv, const char *s);

/* ---- compiler.c ------------------------------------------------------------------------------ */
enum wrap_family { WRAP_FAM_UNKNOWN = 0, WRAP_FAM_GCC = 1, WRAP_FAM_CLANG = 2 };
enum wrap_arch { WRAP_ARCH_OTHER = 0, WRAP_ARCH_X86_64, WRAP_ARCH_I386, WRAP_ARCH_AARCH64, WRAP_ARCH_ARM };

/* Probe verdict of one flags.def row for one compiler. */
enum wrap_probe { WRAP_PROBE_UNTRIED = 0, WRAP_PROBE_ACCEPTED = 1, WRAP_PROBE_REJECTED = 2 };

typedef struct {
  char *path;        /* absolute path of the real compiler (identification and cache key) */
  enum wrap_family family;
  int major, minor, patch;
  char version[32];  /* "12.2.0" */
  char *target;      /* -dumpmachine, e.g. "x86_64-linux-gnu" */
  enum wrap_arch arch;
  bool default_pie;  /* the driver builds PIE without being asked */
  unsigned char *probe; /* one wrap_probe per flags.def row */
  bool from_cache;   /* identification and probes were read from the cache */
  const struct wrap_strv_s *target_args; /* the user's target-selecting flags (identification, probes, key) */
} wrap_compiler;

/* Absolute path of this executable (from /proc/self/exe), and its directory. Never NULL. */
const char *wrap_self_exe(void);
const char *wrap_self_dir(void);
/* True when `path` resolves to this very executable. */
bool wrap_is_self(const char *path);
/* True when the file's basename (after resolving symlinks) is a compiler cache or distributor
 * (ccache, sccache, distcc, icecc): those take the compiler as their first argument. */
bool wrap_is_launcher(const char *path);
/* Finds `name` on PATH; entries that resolve to ourselves are skipped (never recurse), and so are
 * compiler caches when skip_launchers is set. Returns a malloc'd absolute path or NULL. */
char *wrap_find_on_path(const char *name, bool skip_launchers);
/* Resolves a command word (absolute, relative with '/', or bare name on PATH). NULL if not found. */
char *wrap_resolve_command(const char *word);

/* Identifies the compiler at `path` -- for the target the user's `target_args` select (--target=, -m32,
 * --sysroot, ...; see wrap_args.target_args) -- and probes the flag table, reading and filling the on-disk
 * cache (cache_dir NULL = no cache; the target arguments are part of the key). Returns false when the
 * compiler could not be run or is not GCC/Clang (`why` then says what happened). */
bool wrap_compiler_load(wrap_compiler *cc, const char *path, const wrap_strv *target_args, const char *cache_dir,
                        char **why);
/* The cache directory: $CRA_CACHE_DIR, else $XDG_CACHE_HOME/cra-harden, else $HOME/.cache/cra-harden.
 * NULL when none can be determined. */
char *wrap_cache_dir(void);
const char *wrap_family_name(enum wrap_family f);

/* ---- args.c ---------------------------------------------------------------------------------- */
enum wrap_step {
  WRAP_STEP_PASS = 0,     /* hand over untouched */
  WRAP_STEP_COMPILE,      /* -c or -S: objects/assembly, no link */
  WRAP_STEP_COMPILE_LINK, /* sources compiled and linked in one command */
  WRAP_STEP_LINK          /* only objects/libraries in, a linked output out */
};
enum wrap_link_kind { WRAP_LINK_EXE = 0, WRAP_LINK_SHARED, WRAP_LINK_STATIC_EXE, WRAP_LINK_RELOCATABLE };

typedef struct {
  wrap_strv exp;          /* argument vector after response-file expansion (no compiler word) */
  enum wrap_step step;
  const char *pass_reason; /* why the step is PASS */
  enum wrap_link_kind link_kind;
  bool optimising;        /* last -O level is not -O0 */
  const char *olevel;     /* the last -O flag as written, NULL if none */
  bool sanitize;          /* some -fsanitize= present */
  bool lang_c, lang_cxx;  /* C / C++ sources present (or -x), or the driver is C++ */
  bool asm_only;          /* every source is assembly */
  bool syntax_only;
  wrap_strv sources;      /* C/C++ (and assembly) source inputs as written */
  wrap_strv inputs;       /* every input file as written (sources, objects, archives) */
  const char *output;     /* -o argument as written, NULL if none */
  wrap_strv user;         /* normalised user flags for the policy ("-DX", "-Wl,-z,execstack") */
  wrap_strv check_args;   /* flags to hand to cra-check: compile options only, no inputs/outputs */
  wrap_strv target_args;  /* flags that select the target or toolchain (--target=, -target X, -m32, -m64,
                             -mx32, --sysroot, --gcc-toolchain=, -B, -fuse-ld=), as written, in order */
  char *problem;          /* an unreadable response file etc. (reported, never fatal) */
} wrap_args;

/* Classifies argv (without the compiler word). `cxx_driver` says the driver compiles C++ by default. */
void wrap_args_analyse(wrap_args *a, char **argv, int argc, bool cxx_driver);

/* ---- policy.c -------------------------------------------------------------------------------- */
enum wrap_profile { WRAP_PROF_BASELINE = 0, WRAP_PROF_RECOMMENDED, WRAP_PROF_PRODUCTION, WRAP_PROF_STRICT };

typedef struct {
  wrap_strv compile_add; /* flags to add to compile commands */
  wrap_strv link_add;    /* flags to add to link commands */
  wrap_strv added;       /* every added flag, for the record */
  wrap_strv rejected;    /* flags the compiler rejected when probed */
  wrap_strv overridden;  /* the user's flags that won over a policy row */
  wrap_strv overridden_rows; /* the policy flags they displaced (same order as overridden) */
  wrap_strv skipped_flag, skipped_reason; /* rows not applied, and why (version, optimisation) */
} wrap_policy;

/* Parses "baseline", "recommended", "production", "strict"; returns -1 for anything else. */
int wrap_profile_parse(const char *s);
const char *wrap_profile_name(enum wrap_profile p);
/* Applies the flag table to one command. */
void wrap_policy_select(wrap_policy *p, const wrap_compiler *cc, const wrap_args *a, enum wrap_profile prof);
/* Number of rows in flags.def and the probe description used by compiler.c. */
size_t wrap_policy_rows(void);
/* Row i: returns false when the row does not apply to this compiler identity at all (family, version,
 * architecture). Otherwise fills the flags to probe, whether it is a link flag and its language. */
bool wrap_policy_probe_row(size_t i, const wrap_compiler *cc, const char **flags, bool *link, bool *cxx);
/* A stable hash of the whole table, so editing flags.def invalidates the probe cache. */
const char *wrap_policy_table_hash(void);

/* ---- run.c ----------------------------------------------------------------------------------- */
/* Runs argv[0] (a path) with argv; stdout_fd/stderr_fd: -1 = inherit, else dup2'ed; stdin from
 * /dev/null when null_stdin. Returns the raw wait status, or -1 with errno when spawning failed. */
int wrap_run(char *const argv[], int stdout_fd, int stderr_fd, bool null_stdin);
/* Runs argv and captures up to `max` bytes of stdout into a malloc'd string (stderr discarded).
 * Returns the exit code (or -1) and sets *out (may be NULL on failure). */
int wrap_run_capture(char *const argv[], char **out, size_t max);
/* Replaces the process with argv (execv); only returns on failure, after printing why. */
_Noreturn void wrap_exec(char *const argv[]);
/* Exit with the same status as a child's wait status (re-raises its signal). */
_Noreturn void wrap_exit_like(int status);

/* ---- evidence.c ------------------------------------------------------------------------------ */
/* Resolves the evidence directory (option > CRA_EVIDENCE_DIR > the documented search from cwd).
 * Returns a malloc'd absolute path; the directory and its subdirectories are created. NULL (with a
 * message in *why) when it cannot be created. */
char *wrap_evidence_dir(const char *opt, char **why);
/* Prints a message once per evidence directory (a marker file under .cra-cc/ remembers it), so a
 * missing tool is reported once per build and not once per compile. */
void wrap_say_once(const char *evdir, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* File name (no directory) for a record about `output`: "<basename>-<sha256(abs path)[0..16]>.json". */
char *wrap_record_name(const char *abs_output);
/* Makes `p` absolute against the cwd (no symlink resolution). */
char *wrap_abspath(const char *p);

/* ---- sha256.c -------------------------------------------------------------------------------- */
/* SHA-256 as 64 lowercase hex digits, with libnettle (libcrypto's start-up cost is too much per compile). */
void wrap_sha256_hex(const void *data, size_t len, char hex[65]);
/* Of a whole file: 0, or -1 with errno set. */
int wrap_sha256_file(const char *path, char hex[65]);

#endif
