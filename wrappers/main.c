/* cra-cc / cra-c++: drop-in compiler wrappers. They add the hardening flags the real compiler accepts
 * (flags.def), run the source rules (the Clang plugin or cra-check), audit link outputs (cra-elfcheck) and
 * leave build records in the evidence directory, while returning the compiler's own exit status.
 *
 * Three ways to be called (cra-cc(1), docs/man/cra-cc.1):
 *   CC=cra-cc            the real compiler comes from --cra-cc=, CRA_CC / CRA_CXX, or cc / c++;
 *   cra-cc COMPILER ...  as a launcher (CMAKE_<LANG>_COMPILER_LAUNCHER), like ccache;
 *   gcc -> cra-cc        a symlink named like a compiler, first on PATH: the real one is found further down
 *                        PATH, never ourselves. */
#include "wrap.h"

#include "record.h"

#include "cra_common.h"
#include "cra_version.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Nesting guard: each cra-cc exports the depth to its children; a nested cra-cc only passes through. */
#define DEPTH_VAR "CRA_CC_DEPTH"
#define MAX_DEPTH 8

static const char *usage_text =
    "Usage: cra-cc [--cra-OPTION...] [COMPILER] ARGS...\n"
    "       cra-c++ [--cra-OPTION...] [COMPILER] ARGS...\n"
    "\n"
    "Compiler wrapper of cra-harden: runs the real C (cra-cc) or C++ (cra-c++) compiler with the hardening\n"
    "flags it accepts added, checks every translation unit with the cra-harden rules, audits every linked\n"
    "output with cra-elfcheck and writes build records into the evidence directory. The compiler's exit\n"
    "status is returned unchanged.\n"
    "\n"
    "Ways in:\n"
    "  CC=cra-cc CXX=cra-c++          real compiler from --cra-cc=, CRA_CC/CRA_CXX, else cc/c++\n"
    "  cra-cc /usr/bin/gcc-12 ...     launcher (CMAKE_C_COMPILER_LAUNCHER=cra-cc): first argument is the compiler\n"
    "  ln -s cra-cc DIR/gcc           masquerade: DIR first on PATH; the real gcc is found further down PATH\n"
    "\n"
    "Options (all start with --cra- and are never passed to the compiler):\n"
    "  --cra-cc=COMMAND          the real compiler (may be 'ccache gcc-12')\n"
    "  --cra-profile=NAME        baseline | recommended (default) | production | strict\n"
    "  --cra-evidence-dir=DIR    where findings, binary reports and build records go\n"
    "  --cra-check=MODE          auto (default) | plugin | cra-check | off\n"
    "  --cra-fail-on=LIST        gate the build: findings,binaries,overrides,errors or all\n"
    "  --cra-verbose             print the command run and the flags added/overridden/rejected\n"
    "  --cra-help, --cra-version this text / the version (also --help and --version when they are the only\n"
    "                            argument; --version then prints the real compiler's version first)\n"
    "\n"
    "Environment: CRA_CC, CRA_CXX, CRA_PROFILE, CRA_EVIDENCE_DIR, CRA_CHECK, CRA_FAIL_ON, CRA_VERBOSE=1,\n"
    "CRA_CACHE_DIR (probe cache; default $XDG_CACHE_HOME/cra-harden), CRA_PLUGIN (plugin path),\n"
    "CRA_ELFCHECK=off, CRA_CONFIG (rules configuration for the plugin and cra-check).\n"
    "\n"
    "Untouched: -E, -M/-MM, -fsyntax-only, --version, -v/-### queries, -dump*/-print-*, assembler-only\n"
    "compiles, and configure-time probes (conftest, CMake try_compile, Meson sanity checks).\n"
    "\n"
    "Evidence directory default: walking up from the current directory, an existing cra-evidence/, else\n"
    "<build root>/cra-evidence (CMakeCache.txt, meson-private/ or config.status), else the topmost directory of\n"
    "a chain of Makefiles, else ./cra-evidence.\n"
    "\n"
    "Exit status: the real compiler's; 1 when --cra-fail-on/strict gating fails; 64 for a bad --cra- option;\n"
    "127 when no real compiler is found.\n"
    "See cra-cc(1) (docs/man/cra-cc.1) and docs/adoption.md.\n";

enum check_mode { CHECK_AUTO, CHECK_PLUGIN, CHECK_TOOL, CHECK_OFF };
enum { FAIL_FINDINGS = 1, FAIL_BINARIES = 2, FAIL_OVERRIDES = 4, FAIL_ERRORS = 8 };

struct opts {
  const char *cc, *evidence_dir;
  enum wrap_profile profile;
  enum check_mode check;
  int fail_on;
  bool verbose, help, version;
};

static int parse_fail_on(const char *s, bool *bad) {
  int mask = 0;
  char *copy = cra_xstrdup(s);
  for (char *tok = strtok(copy, ", "); tok; tok = strtok(NULL, ", ")) {
    if (strcmp(tok, "findings") == 0)
      mask |= FAIL_FINDINGS;
    else if (strcmp(tok, "binaries") == 0)
      mask |= FAIL_BINARIES;
    else if (strcmp(tok, "overrides") == 0)
      mask |= FAIL_OVERRIDES;
    else if (strcmp(tok, "errors") == 0)
      mask |= FAIL_ERRORS;
    else if (strcmp(tok, "all") == 0)
      mask |= FAIL_FINDINGS | FAIL_BINARIES | FAIL_OVERRIDES | FAIL_ERRORS;
    else if (strcmp(tok, "none") != 0)
      *bad = true;
  }
  free(copy);
  return mask;
}

static int parse_check(const char *s) {
  if (strcmp(s, "auto") == 0 || strcmp(s, "on") == 0)
    return CHECK_AUTO;
  if (strcmp(s, "plugin") == 0)
    return CHECK_PLUGIN;
  if (strcmp(s, "cra-check") == 0)
    return CHECK_TOOL;
  if (strcmp(s, "off") == 0)
    return CHECK_OFF;
  return -1;
}

/* Environment first, then --cra- options (which win). Removes the --cra- options from argv in place and
 * returns the new argc. Bad option values are usage errors (exit 64). */
static int parse_opts(struct opts *o, int argc, char **argv) {
  memset(o, 0, sizeof *o);
  o->profile = WRAP_PROF_RECOMMENDED;
  const char *e;
  if ((e = getenv("CRA_PROFILE")) && *e) {
    int p = wrap_profile_parse(e);
    if (p < 0)
      cra_usage_error("CRA_PROFILE=%s: unknown profile (baseline, recommended, production, strict)", e);
    o->profile = (enum wrap_profile)p;
  }
  if ((e = getenv("CRA_CHECK")) && *e) {
    int m = parse_check(e);
    if (m < 0)
      cra_usage_error("CRA_CHECK=%s: unknown mode (auto, plugin, cra-check, off)", e);
    o->check = (enum check_mode)m;
  }
  if ((e = getenv("CRA_FAIL_ON")) && *e) {
    bool bad = false;
    o->fail_on = parse_fail_on(e, &bad);
    if (bad)
      cra_usage_error("CRA_FAIL_ON=%s: unknown gate (findings, binaries, overrides, errors, all)", e);
  }
  o->verbose = (e = getenv("CRA_VERBOSE")) && *e && strcmp(e, "0") != 0;
  int out = 1;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strncmp(a, "--cra-", 6) != 0) {
      argv[out++] = argv[i];
      continue;
    }
    const char *eq = strchr(a, '=');
    size_t klen = eq ? (size_t)(eq - a) : strlen(a);
    const char *val = eq ? eq + 1 : NULL;
#define KEY(k) (klen == strlen(k) && strncmp(a, k, klen) == 0)
    if (KEY("--cra-cc") && val) {
      o->cc = val;
    } else if (KEY("--cra-evidence-dir") && val) {
      o->evidence_dir = val;
    } else if (KEY("--cra-profile") && val) {
      int p = wrap_profile_parse(val);
      if (p < 0)
        cra_usage_error("%s: unknown profile (baseline, recommended, production, strict)", a);
      o->profile = (enum wrap_profile)p;
    } else if (KEY("--cra-check") && val) {
      int m = parse_check(val);
      if (m < 0)
        cra_usage_error("%s: unknown mode (auto, plugin, cra-check, off)", a);
      o->check = (enum check_mode)m;
    } else if (KEY("--cra-fail-on") && val) {
      bool bad = false;
      o->fail_on = parse_fail_on(val, &bad);
      if (bad)
        cra_usage_error("%s: unknown gate (findings, binaries, overrides, errors, all)", a);
    } else if (KEY("--cra-verbose") && !val) {
      o->verbose = true;
    } else if (KEY("--cra-help") && !val) {
      o->help = true;
    } else if (KEY("--cra-version") && !val) {
      o->version = true;
    } else {
      cra_usage_error("unrecognized option '%s'", a);
    }
#undef KEY
  }
  argv[out] = NULL;
  return out;
}

static const char *base_name(const char *p) {
  const char *s = strrchr(p, '/');
  return s ? s + 1 : p;
}

static bool name_is_cxx(const char *name) { return strstr(name, "++") != NULL; }

/* Could `word` (the first argument in launcher position) be a compiler rather than an input? */
static char *launcher_compiler(const char *word) {
  if (word[0] == '-' || word[0] == '@')
    return NULL;
  const char *b = base_name(word);
  const char *dot = strrchr(b, '.');
  if (dot) {
    static const char *const inputs[] = {".c", ".cc", ".cpp", ".cxx", ".C", ".c++", ".i", ".ii", ".s", ".S",
                                         ".sx", ".o", ".a", ".so", ".lo", ".la", ".m", ".mm", ".h", ".hpp",
                                         ".obj", ".ld", ".lds", ".map", ".def", NULL};
    for (int i = 0; inputs[i]; i++)
      if (strcmp(dot, inputs[i]) == 0)
        return NULL;
    if (strstr(b, ".so."))
      return NULL;
  }
  return wrap_resolve_command(word);
}

/* The compiler to run: chain = the words to exec (launchers such as ccache, then the compiler), real = the
 * compiler itself (identified and probed). */
struct chain {
  wrap_strv words;
  char *real;
  bool has_launcher;
};

/* Builds the chain from a command string ("gcc-12", "ccache gcc-12", "/usr/lib/ccache/gcc"). */
static bool chain_from_spec(struct chain *c, const char *spec, char **why) {
  wrap_strv words = {0};
  wrap_strv_push_words(&words, spec);
  for (size_t i = 0; i < words.n; i++) {
    char *r = wrap_resolve_command(words.v[i]);
    if (!r || wrap_is_self(r)) {
      *why = r ? cra_xasprintf("%s: names cra-cc itself; set CRA_CC to the real compiler", words.v[i])
               : cra_xasprintf("%s: compiler not found", words.v[i]);
      return false;
    }
    wrap_strv_push(&c->words, r);
    if (wrap_is_launcher(r)) {
      c->has_launcher = true;
      if (i + 1 < words.n)
        continue;
      /* A cache's masquerade symlink (/usr/lib/ccache/gcc): identify the compiler it will run. */
      c->real = wrap_find_on_path(base_name(words.v[i]), true);
      if (!c->real) {
        *why = cra_xasprintf("%s: no real compiler behind this compiler cache", words.v[i]);
        return false;
      }
      return true;
    }
    c->real = r;
    return true;
  }
  *why = cra_xstrdup("empty compiler command");
  return false;
}

/* ---- evidence side: plugin, cra-check, cra-elfcheck ----------------------------------------------- */

static char *sibling_tool(const char *name) {
  char *p = cra_path_join(wrap_self_dir(), name);
  if (access(p, X_OK) == 0)
    return p;
  free(p);
  return NULL;
}

static char *find_plugin(void) {
  const char *e = getenv("CRA_PLUGIN");
  if (e && *e)
    return access(e, R_OK) == 0 ? wrap_abspath(e) : NULL;
  /* Build tree: bin/ and lib/cra-harden/ are siblings; install tree: <prefix>/bin and <prefix>/<plugindir>. */
  const char *cands[3];
  char *owned[3] = {0};
  int n = 0;
  if (strcmp(wrap_self_dir(), CRA_BUILD_BINDIR) == 0)
    cands[n++] = CRA_BUILD_PLUGINDIR "/cra-plugin.so";
  owned[0] = cra_xasprintf("%s/../%s/cra-plugin.so", wrap_self_dir(), CRA_INSTALL_PLUGINDIR);
  cands[n++] = owned[0];
  owned[1] = cra_xasprintf("%s/../lib/cra-harden/cra-plugin.so", wrap_self_dir());
  cands[n++] = owned[1];
  char *found = NULL;
  for (int i = 0; i < n && !found; i++) {
    if (access(cands[i], R_OK) == 0) {
      char buf[4096];
      found = realpath(cands[i], buf) ? cra_xstrdup(buf) : cra_xstrdup(cands[i]);
    }
  }
  free(owned[0]);
  free(owned[1]);
  return found;
}

static void print_argv(const char *what, const wrap_strv *sv) {
  fprintf(stderr, "%s: %s:", cra_progname(), what);
  for (size_t i = 0; i < sv->n; i++)
    fprintf(stderr, " %s", sv->v[i]);
  fputc('\n', stderr);
}

/* Runs cra-elfcheck on a link output; fills failed (ids of failed required checks) and returns the report
 * path relative to the evidence dir, or NULL when no report was produced (problem says why). */
static char *audit(const char *elfcheck, const char *evdir, const char *output, enum wrap_profile prof,
                   wrap_strv *failed, wrap_strv *problems) {
  char *name = wrap_record_name(output);
  char *rel = cra_path_join("binaries", name);
  char *report = cra_path_join(evdir, rel);
  free(name);
  /* cra-elfcheck has a profile of each name, requiring what this profile's flag rows add. */
  static const char *const elfcheck_profile[] = {
      [WRAP_PROF_BASELINE] = "baseline", [WRAP_PROF_RECOMMENDED] = "recommended",
      [WRAP_PROF_PRODUCTION] = "production", [WRAP_PROF_STRICT] = "strict"};
  char *prof_arg = cra_xasprintf("--profile=%s", elfcheck_profile[prof]);
  char *argv[] = {(char *)elfcheck, "--format=json", prof_arg, "--output", report, (char *)output, NULL};
  int st = wrap_run(argv, 2, -1, true);
  free(prof_arg);
  if (st < 0 || !WIFEXITED(st) || WEXITSTATUS(st) >= 2) {
    char *p = cra_xasprintf("cra-elfcheck %s: %s", output,
                            st < 0 ? cra_strerror(errno) : WIFEXITED(st) ? "could not audit the output" : "crashed");
    wrap_strv_push(problems, p);
    cra_warn("%s", p);
    free(p);
    if (st < 0 || !WIFEXITED(st) || access(report, R_OK) != 0) {
      free(report);
      free(rel);
      return NULL;
    }
  }
  size_t len;
  char *text = cra_read_file(report, &len);
  cJSON *root = text ? cJSON_Parse(text) : NULL;
  free(text);
  cJSON *files = cJSON_GetObjectItemCaseSensitive(root, "files");
  cJSON *file;
  cJSON_ArrayForEach(file, files) {
    cJSON *check;
    cJSON_ArrayForEach(check, cJSON_GetObjectItemCaseSensitive(file, "checks")) {
      cJSON *id = cJSON_GetObjectItemCaseSensitive(check, "id");
      cJSON *verdict = cJSON_GetObjectItemCaseSensitive(check, "verdict");
      cJSON *req = cJSON_GetObjectItemCaseSensitive(check, "required");
      cJSON *waiver = cJSON_GetObjectItemCaseSensitive(check, "waiver");
      cJSON *ev = cJSON_GetObjectItemCaseSensitive(check, "evidence");
      /* "failed" is the profile's decision: a partial verdict fails where the profile needs pass. */
      cJSON *failed_flag = cJSON_GetObjectItemCaseSensitive(check, "failed");
      bool fails = cJSON_IsTrue(failed_flag) ||
                   (!failed_flag && cJSON_IsString(verdict) && strcmp(verdict->valuestring, "fail") == 0);
      if (cJSON_IsString(id) && cJSON_IsString(verdict) && fails && cJSON_IsTrue(req) &&
          (!waiver || cJSON_IsNull(waiver))) {
        wrap_strv_push(failed, id->valuestring);
        cra_warn("warning: %s: required check %s %s%s%s", output, id->valuestring,
                 strcmp(verdict->valuestring, "fail") == 0 ? "failed" : "is partial where the profile needs pass",
                 cJSON_IsString(ev) ? ": " : "", cJSON_IsString(ev) ? ev->valuestring : "");
      }
    }
  }
  if (!root) {
    char *p = cra_xasprintf("%s: unreadable cra-elfcheck report", report);
    wrap_strv_push(problems, p);
    cra_warn("%s", p);
    free(p);
  }
  cJSON_Delete(root);
  free(report);
  return rel;
}

/* A retry of the compile whose diagnostics the user has already seen: its output goes to /dev/null. */
static int run_quietly(char *const argv[]) {
  int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
  int st = wrap_run(argv, devnull, devnull, false);
  if (devnull >= 0)
    close(devnull);
  return st;
}

/* Runs cra-check on one source with the command's compile flags; returns its exit status (-1 = not run).
 * `out` (absolute, or NULL for a compile-and-link command) is the object the compile writes: cra-check
 * records it in the findings record and names the record after it, as the plugin does, so a source
 * compiled twice (static and shared library, two targets) keeps one record per object. */
static int run_checker(const char *tool, const char *evdir, const char *src, const char *out,
                       const wrap_strv *compile_add, const wrap_args *a, wrap_strv *problems) {
  if (strcmp(src, "-") == 0) {
    /* The compiler consumed standard input; there is nothing left for cra-check to read. */
    char *p = cra_xstrdup("cra-check -: a source read from standard input is not checked");
    wrap_strv_push(problems, p);
    cra_warn("%s", p);
    free(p);
    return -1;
  }
  wrap_strv argv = {0};
  wrap_strv_push(&argv, tool);
  char *fd = cra_xasprintf("--findings-dir=%s/findings", evdir);
  wrap_strv_push(&argv, fd);
  free(fd);
  const char *cfg = getenv("CRA_CONFIG");
  if (cfg && *cfg) {
    char *c = cra_xasprintf("--config=%s", cfg);
    wrap_strv_push(&argv, c);
    free(c);
  }
  wrap_strv_push(&argv, src);
  wrap_strv_push(&argv, "--");
  wrap_strv_push_all(&argv, compile_add);
  wrap_strv_push_all(&argv, &a->check_args);
  if (out) {
    wrap_strv_push(&argv, "-o");
    wrap_strv_push(&argv, out);
  }
  /* cra-check's report goes to our stderr: a build's stdout may be captured (e.g. by configure). */
  int st = wrap_run(argv.v, 2, -1, true);
  if (st < 0 || !WIFEXITED(st) || WEXITSTATUS(st) >= 2) {
    char *p = cra_xasprintf("cra-check %s: %s", src,
                            st < 0             ? cra_strerror(errno)
                            : WIFEXITED(st)    ? (WEXITSTATUS(st) == 2 ? "could not analyse the file" : "usage or internal error")
                                               : "crashed");
    wrap_strv_push(problems, p);
    cra_warn("%s", p);
    free(p);
    return -1;
  }
  return WEXITSTATUS(st);
}

/* The findings record the plugin or cra-check wrote for `src` compiled to `abs_out`, relative to the
 * evidence dir, or NULL when there is none. Their naming rule (plugin/Engine.cpp, writeFindingsRecord): the
 * source's base name and the first 12 bytes of SHA-256 of the output path (cra-check gets the object from
 * run_checker's -o). */
static char *findings_for(const char *evdir, const char *abs_src, const char *abs_out) {
  char *key = cra_xstrdup(abs_out);
  char hex[65];
  wrap_sha256_hex(key, strlen(key), hex);
  free(key);
  hex[24] = '\0';
  char *rel = cra_xasprintf("findings/%s-%s.json", base_name(abs_src), hex);
  char *full = cra_path_join(evdir, rel);
  bool ok = access(full, R_OK) == 0;
  free(full);
  if (ok)
    return rel;
  free(rel);
  return NULL;
}

/* Default object name the driver uses for `src` under -c / -S: the basename with .o / .s. */
static char *default_output(const char *src, bool asm_out) {
  const char *b = base_name(src);
  const char *dot = strrchr(b, '.');
  size_t len = dot ? (size_t)(dot - b) : strlen(b);
  return cra_xasprintf("%.*s.%s", (int)len, b, asm_out ? "s" : "o");
}

static bool is_regular(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static bool has_arg(const wrap_strv *sv, const char *s) { return wrap_strv_contains(sv, s); }

int main(int argc, char **argv) {
  const char *argv0 = base_name(argv[0]);
  bool wrapper_name = strncmp(argv0, "cra-c", 5) == 0;
  bool cxx = name_is_cxx(argv0);
  cra_set_progname(wrapper_name ? argv0 : cxx ? "cra-c++" : "cra-cc");

  struct opts o;
  argc = parse_opts(&o, argc, argv);
  if (o.help) {
    fputs(usage_text, stdout);
    return 0;
  }
  if (o.version) {
    cra_print_version(stdout);
    return 0;
  }
  const char *d = getenv(DEPTH_VAR);
  int depth = d ? atoi(d) : 0;
  if (depth >= MAX_DEPTH)
    cra_die(CRA_EXIT_SOFTWARE, "cra-cc calls itself (%s=%d): check CRA_CC and the masquerade directory on PATH",
            DEPTH_VAR, depth);
  /* Exported before anything runs a compiler (identification, probes, pass-through exec): a CRA_CC script
   * that execs cra-cc again must count up to MAX_DEPTH and stop, not loop at one level. */
  {
    char depthbuf[16];
    snprintf(depthbuf, sizeof depthbuf, "%d", depth + 1);
    setenv(DEPTH_VAR, depthbuf, 1);
  }

  /* Find the compiler. */
  struct chain ch = {0};
  char *why = NULL;
  int first = 1; /* first argument that belongs to the compiler */
  if (!wrapper_name) {
    /* Masquerading as argv0. Nested under another cra-cc (via a compiler cache's symlinks), skip caches too so
     * the cache and we never call each other in a loop. */
    char *p = wrap_find_on_path(argv0, depth > 0);
    if (!p)
      cra_die(127, "%s: no real compiler of this name on PATH after cra-cc", argv0);
    wrap_strv_push(&ch.words, p);
    if (wrap_is_launcher(p)) {
      ch.has_launcher = true;
      ch.real = wrap_find_on_path(argv0, true);
    } else {
      ch.real = p;
    }
  } else {
    char *lc = argc > 1 ? launcher_compiler(argv[1]) : NULL;
    if (lc && !wrap_is_self(lc)) {
      /* Launcher: cra-cc [ccache] COMPILER ARGS. */
      wrap_strv_push(&ch.words, lc);
      first = 2;
      while (wrap_is_launcher(lc) && first < argc && (lc = launcher_compiler(argv[first])) != NULL) {
        ch.has_launcher = true;
        wrap_strv_push(&ch.words, lc);
        first++;
      }
      ch.real = cra_xstrdup(ch.words.v[ch.words.n - 1]);
      if (wrap_is_launcher(ch.real)) {
        cra_die(127, "%s: a compiler cache without a compiler after it", ch.real);
      }
    } else {
      if (lc)
        first = 2; /* "cra-cc cra-cc ...": drop the repeated wrapper */
      const char *spec = o.cc ? o.cc : getenv(cxx ? "CRA_CXX" : "CRA_CC");
      if (!spec || !*spec)
        spec = cxx ? "c++" : "cc";
      if (!chain_from_spec(&ch, spec, &why))
        cra_die(127, "%s", why);
    }
    /* The only argument is --help / --version: ours (the meta contract); --version also shows the compiler's
     * so that build systems that identify the compiler from it (Meson, Autoconf logs) still can. */
    if (argc - first == 1 && first == 1 && strcmp(argv[1], "--help") == 0) {
      fputs(usage_text, stdout);
      return 0;
    }
    if (argc - first == 1 && first == 1 && strcmp(argv[1], "--version") == 0 && depth == 0) {
      wrap_strv v = {0};
      wrap_strv_push_all(&v, &ch.words);
      wrap_strv_push(&v, "--version");
      fflush(stdout);
      int st = wrap_run(v.v, -1, -1, false);
      cra_print_version(stdout);
      if (st < 0)
        return 127;
      wrap_exit_like(st);
    }
  }
  cxx = cxx || name_is_cxx(base_name(ch.real));

  /* The command the compiler gets when we add nothing. */
  wrap_strv plain = {0};
  wrap_strv_push_all(&plain, &ch.words);
  for (int i = first; i < argc; i++)
    wrap_strv_push(&plain, argv[i]);
  if (depth > 0)
    wrap_exec(plain.v);

  wrap_args a;
  wrap_args_analyse(&a, argv + first, argc - first, cxx);
  if (a.step == WRAP_STEP_PASS) {
    if (o.verbose)
      cra_note("passing through unchanged (%s)", a.pass_reason);
    wrap_exec(plain.v);
  }

  char *cache = wrap_cache_dir();
  wrap_compiler cc;
  /* A compiler that cannot be identified gets no flags (which it accepts is unknown), but the command is
   * still recorded with the reason, so the evidence shows an unhardened output instead of nothing. */
  char *unidentified = NULL;
  if (!wrap_compiler_load(&cc, ch.real, &a.target_args, cache, &why)) {
    cra_warn("%s; compiling without hardening", why);
    if (o.fail_on & FAIL_ERRORS)
      return 1;
    unidentified = cra_xasprintf("the compiler could not be identified (%s): compiled without the hardening "
                                 "flags",
                                 why);
    memset(&cc, 0, sizeof cc);
    cc.path = cra_xstrdup(ch.real);
    cc.target = cra_xstrdup("unknown");
    snprintf(cc.version, sizeof cc.version, "unknown");
  }

  wrap_policy pol;
  if (unidentified)
    memset(&pol, 0, sizeof pol);
  else
    wrap_policy_select(&pol, &cc, &a, o.profile);
  const char *what = a.output ? a.output : a.sources.n ? a.sources.v[0] : a.inputs.v[0];
  if (pol.overridden.n && (o.profile == WRAP_PROF_STRICT || (o.fail_on & FAIL_OVERRIDES))) {
    for (size_t i = 0; i < pol.overridden.n; i++)
      cra_warn("%s: %s overrides %s, which the %s does not allow", what, pol.overridden.v[i],
               pol.overridden_rows.v[i],
               o.profile == WRAP_PROF_STRICT ? "strict profile" : "--cra-fail-on=overrides gate");
    return 1;
  }

  wrap_strv problems = {0};
  if (a.problem)
    wrap_strv_push(&problems, a.problem);
  if (unidentified)
    wrap_strv_push(&problems, unidentified);
  char *evdir = wrap_evidence_dir(o.evidence_dir, &why);
  if (!evdir) {
    cra_warn("%s; no evidence is recorded for this command", why);
    if (o.fail_on & FAIL_ERRORS)
      return 1;
  }
  for (size_t i = 0; i < pol.overridden.n; i++)
    wrap_say_once(evdir, pol.overridden.v[i], "note: %s overrides %s (recorded as overridden in the build records)",
                  pol.overridden.v[i], pol.overridden_rows.v[i]);

  /* Source rules: the plugin when the compiler is the Clang it was built for, else cra-check afterwards.
   * Behind a compiler cache the plugin would not run on a cache hit, so cra-check is used there. */
  bool compiles = a.step == WRAP_STEP_COMPILE || a.step == WRAP_STEP_COMPILE_LINK;
  bool links = a.step == WRAP_STEP_LINK || a.step == WRAP_STEP_COMPILE_LINK;
  const char *mode = "off";
  char *plugin = NULL, *checker = NULL;
  bool c_or_cxx_sources = compiles && !a.asm_only;
  if (evdir && c_or_cxx_sources && o.check != CHECK_OFF) {
    bool plugin_fits = cc.family == WRAP_FAM_CLANG && cc.major == CRA_LLVM_MAJOR && !ch.has_launcher;
    if (o.check != CHECK_TOOL && plugin_fits)
      plugin = find_plugin();
    if (plugin) {
      mode = "plugin";
    } else {
      if (o.check == CHECK_PLUGIN)
        wrap_say_once(evdir, "plugin-unusable", "note: the plugin cannot be used with %s %s%s; using cra-check",
                      wrap_family_name(cc.family), cc.version, ch.has_launcher ? " behind a compiler cache" : "");
      checker = sibling_tool("cra-check");
      if (checker)
        mode = "cra-check";
      else
        wrap_say_once(evdir, "cra-check-missing", "note: cra-check not found next to %s; sources are not checked",
                      wrap_self_exe());
    }
  }

  /* The hardened command: compiler words, our flags, then the user's arguments exactly as given (response
   * files included) so an explicit user flag still comes last and wins. */
  wrap_strv run = {0};
  wrap_strv_push_all(&run, &ch.words);
  if (compiles)
    wrap_strv_push_all(&run, &pol.compile_add);
  if (links)
    wrap_strv_push_all(&run, &pol.link_add);
  size_t plugin_from = run.n; /* run.v[plugin_from .. plugin_to) are the plugin's arguments */
  if (plugin) {
    char *p = cra_xasprintf("-fplugin=%s", plugin);
    wrap_strv_push(&run, p);
    free(p);
    p = cra_xasprintf("-fplugin-arg-cra-findings=%s/findings", evdir);
    wrap_strv_push(&run, p);
    free(p);
    const char *cfg = getenv("CRA_CONFIG");
    if (cfg && *cfg) {
      p = cra_xasprintf("-fplugin-arg-cra-config=%s", cfg);
      wrap_strv_push(&run, p);
      free(p);
    }
    if (o.fail_on & FAIL_FINDINGS)
      wrap_strv_push(&run, "-fplugin-arg-cra-werror");
  }
  size_t plugin_to = run.n;
  for (int i = first; i < argc; i++)
    wrap_strv_push(&run, argv[i]);

  if (o.verbose) {
    print_argv("added", &pol.added);
    print_argv("overridden", &pol.overridden);
    print_argv("rejected", &pol.rejected);
    print_argv("run", &run);
  }
  char depthbuf[16];
  snprintf(depthbuf, sizeof depthbuf, "%d", depth + 1);
  setenv(DEPTH_VAR, depthbuf, 1);
  fflush(stdout);
  int status = wrap_run(run.v, -1, -1, false);
  if (status < 0)
    cra_die(127, "%s: cannot run: %s", run.v[0], cra_strerror(errno));
  wrap_strv problems_plugin = {0};
  if (plugin && (!WIFEXITED(status) || WEXITSTATUS(status) != 0) && !(o.fail_on & FAIL_FINDINGS) &&
      !wrap_strv_contains(&a.inputs, "-")) {
    /* Was it the source or the plugin (one that cannot be loaded, or crashes)? Once more without the plugin,
     * quietly -- the user has seen the diagnostics. If that succeeds, the failure was ours: it must not
     * break the build, and cra-check takes over the rules. (A genuinely failing compile runs twice.) */
    wrap_strv plain_run = {0};
    for (size_t i = 0; i < run.n; i++)
      if (i < plugin_from || i >= plugin_to)
        wrap_strv_push(&plain_run, run.v[i]);
    int again = run_quietly(plain_run.v);
    if (again == 0) {
      char *p = cra_xasprintf("cra-plugin %s: the compile failed with the plugin and succeeded without it; "
                              "the sources are checked with cra-check instead", what);
      cra_warn("%s", p);
      wrap_strv_push(&problems_plugin, p);
      free(p);
      status = again;
      run = plain_run;
      plugin_to = plugin_from;
      plugin = NULL;
      checker = sibling_tool("cra-check");
      mode = checker ? "cra-check" : "off";
    }
  }
  size_t policy_from = ch.words.n; /* run.v[policy_from .. plugin_from) are the policy's flags */
  if ((!WIFEXITED(status) || WEXITSTATUS(status) != 0) && o.profile != WRAP_PROF_STRICT &&
      !(o.fail_on & FAIL_OVERRIDES) && !wrap_strv_contains(&a.inputs, "-")) {
    /* The safety net behind the known conflicts (policy.c): each flag was probed alone, but a combination
     * with the user's flags can still be refused. Once more without our code-generation flags, quietly
     * (the diagnostic rows, -Werror=implicit and -Werror=format-security, stay: failing on those is their
     * purpose); if that succeeds the failure was ours, and this command is built without them, recorded
     * and reported. Under strict, or gating on overrides, a missing protection is a failure: it stands. */
    wrap_strv plain_run = {0}, dropped = {0};
    for (size_t i = 0; i < run.n; i++) {
      bool ours = i >= policy_from && i < plugin_from;
      bool diagnostic = strncmp(run.v[i], "-W", 2) == 0 && strncmp(run.v[i], "-Wl,", 4) != 0;
      wrap_strv_push(ours && !diagnostic ? &dropped : &plain_run, run.v[i]);
    }
    int again = -1;
    if (dropped.n)
      again = run_quietly(plain_run.v);
    if (again == 0) {
      char *p = cra_xasprintf("%s: the compile failed with the added code-generation flags and succeeded without "
                              "them; built without them (a conflict with the command's own flags)", what);
      cra_warn("warning: %s", p);
      wrap_strv_push(&problems_plugin, p);
      free(p);
      /* What was added is now only the diagnostic flags; cra-check gets the flags the compile had. */
      wrap_strv *lists[] = {&pol.added, &pol.compile_add, &pol.link_add};
      for (size_t l = 0; l < 3; l++) {
        wrap_strv kept = {0};
        for (size_t i = 0; i < lists[l]->n; i++)
          if (!wrap_strv_contains(&dropped, lists[l]->v[i]))
            wrap_strv_push(&kept, lists[l]->v[i]);
        *lists[l] = kept;
      }
      for (size_t i = 0; i < dropped.n; i++) {
        wrap_strv_push(&pol.skipped_flag, dropped.v[i]);
        wrap_strv_push(&pol.skipped_reason, "the compile failed with it and succeeded without it");
      }
      status = again;
      run = plain_run;
    }
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !evdir)
    wrap_exit_like(status);
  wrap_strv_push_all(&problems, &problems_plugin);

  /* The effective argument vector for the records: expanded response files. */
  wrap_strv eff = {0};
  wrap_strv_push_all(&eff, &ch.words);
  for (size_t i = ch.words.n; i < run.n - (size_t)(argc - first); i++)
    wrap_strv_push(&eff, run.v[i]);
  wrap_strv_push_all(&eff, &a.exp);

  bool gate = false;
  wrap_strv outputs = {0};
  if (a.step == WRAP_STEP_COMPILE) {
    bool asm_out = has_arg(&a.exp, "-S");
    for (size_t i = 0; i < a.sources.n; i++) {
      const char *src = a.sources.v[i];
      char *out = a.output && a.sources.n == 1 ? cra_xstrdup(a.output) : default_output(src, asm_out);
      char *abs_out = wrap_abspath(out);
      wrap_strv_push(&outputs, abs_out);
      wrap_strv src_problems = {0};
      wrap_strv_push_all(&src_problems, &problems);
      if (checker) {
        int rc = run_checker(checker, evdir, src, abs_out, &pol.compile_add, &a, &src_problems);
        if (rc == 1 && (o.fail_on & FAIL_FINDINGS))
          gate = true;
        if (rc < 0 && (o.fail_on & FAIL_ERRORS))
          gate = true;
      }
      if (is_regular(abs_out)) {
        wrap_strv ins = {0};
        char *abs_src = wrap_abspath(src);
        wrap_strv_push(&ins, abs_src);
        char *findings = strcmp(mode, "off") != 0 ? findings_for(evdir, abs_src, abs_out) : NULL;
        free(abs_src);
        wrap_record r = {.step = "compile", .output = abs_out, .inputs = &ins, .cc = &cc, .profile = o.profile,
                         .argv = &eff, .pol = &pol, .checker_mode = mode, .findings = findings,
                         .problems = &src_problems};
        if (wrap_record_write(evdir, &r, NULL) != 0)
          cra_warn("%s: cannot write the build record: %s", abs_out, cra_strerror(errno));
      }
      free(out);
      free(abs_out);
    }
  } else {
    char *abs_out = wrap_abspath(a.output ? a.output : "a.out");
    wrap_strv_push(&outputs, abs_out);
    if (checker) {
      for (size_t i = 0; i < a.sources.n; i++) {
        int rc = run_checker(checker, evdir, a.sources.v[i], NULL, &pol.compile_add, &a, &problems);
        if ((rc == 1 && (o.fail_on & FAIL_FINDINGS)) || (rc < 0 && (o.fail_on & FAIL_ERRORS)))
          gate = true;
      }
    }
    if (is_regular(abs_out)) {
      wrap_strv failed = {0};
      char *report = NULL;
      const char *ec = getenv("CRA_ELFCHECK");
      if (a.link_kind != WRAP_LINK_RELOCATABLE && !(ec && strcmp(ec, "off") == 0)) {
        char *elfcheck = sibling_tool("cra-elfcheck");
        if (elfcheck) {
          report = audit(elfcheck, evdir, abs_out, o.profile, &failed, &problems);
          if (failed.n && (o.fail_on & FAIL_BINARIES))
            gate = true;
        } else {
          wrap_say_once(evdir, "cra-elfcheck-missing", "note: cra-elfcheck not found next to %s; outputs are not audited",
                        wrap_self_exe());
        }
      }
      wrap_strv ins = {0};
      for (size_t i = 0; i < a.inputs.n; i++) {
        char *p = wrap_abspath(a.inputs.v[i]);
        wrap_strv_push(&ins, p);
        free(p);
      }
      wrap_record r = {.step = "link", .output = abs_out, .inputs = &ins, .cc = &cc, .profile = o.profile,
                       .argv = &eff, .pol = &pol, .checker_mode = mode, .findings = NULL,
                       .audit_report = report, .audit_failed = report ? &failed : NULL, .problems = &problems};
      if (wrap_record_write(evdir, &r, NULL) != 0)
        cra_warn("%s: cannot write the build record: %s", abs_out, cra_strerror(errno));
    }
    free(abs_out);
  }
  if (problems.n && (o.fail_on & FAIL_ERRORS))
    gate = true;
  if (gate) {
    /* Like a failed compiler: no output is left behind, so the next make run retries. */
    for (size_t i = 0; i < outputs.n; i++) {
      /* Only what the compiler wrote: `-o /dev/null` (configure probes) must never remove the device. */
      struct stat st;
      if (lstat(outputs.v[i], &st) == 0 && S_ISREG(st.st_mode))
        unlink(outputs.v[i]);
    }
    cra_warn("failing the command: --cra-fail-on/CRA_FAIL_ON gate");
    return 1;
  }
  return 0;
}
