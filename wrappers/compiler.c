/* Finding the real compiler, identifying it (family, version, target, default PIE) and probing which
 * flags.def rows it accepts. Identification and probes cost 5-10 compiler runs, so they happen once per
 * compiler and are cached on disk, keyed by the compiler's path, resolved path, size and mtime, the flag
 * table's hash and our version (the compiler's version is a function of the binary, so a new version means
 * a new size/mtime and a new key). A lock file makes parallel first runs (make -j) probe only once; the
 * cache file itself is written atomically, so a reader never sees half of it. */
#include "wrap.h"

#include "cra_common.h"
#include "cra_version.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static char *self_exe, *self_dir;

static void init_self(void) {
  if (self_exe)
    return;
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) {
    self_exe = cra_xstrdup("/nonexistent/cra-cc");
  } else {
    buf[n] = '\0';
    self_exe = cra_xstrdup(buf);
  }
  char *slash = strrchr(self_exe, '/');
  self_dir = slash && slash != self_exe ? cra_xstrndup(self_exe, (size_t)(slash - self_exe)) : cra_xstrdup("/");
}

const char *wrap_self_exe(void) {
  init_self();
  return self_exe;
}

const char *wrap_self_dir(void) {
  init_self();
  return self_dir;
}

bool wrap_is_self(const char *path) {
  char buf[PATH_MAX];
  if (!realpath(path, buf))
    return false;
  return strcmp(buf, wrap_self_exe()) == 0;
}

bool wrap_is_launcher(const char *path) {
  char buf[PATH_MAX];
  if (!realpath(path, buf))
    return false;
  const char *b = strrchr(buf, '/');
  b = b ? b + 1 : buf;
  static const char *const names[] = {"ccache", "sccache", "distcc", "icecc", "buildcache", NULL};
  for (int i = 0; names[i]; i++)
    if (strcmp(b, names[i]) == 0)
      return true;
  return false;
}

static bool is_executable_file(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0;
}

char *wrap_find_on_path(const char *name, bool skip_launchers) {
  const char *path = getenv("PATH");
  if (!path)
    path = "/usr/local/bin:/usr/bin:/bin";
  const char *p = path;
  for (;;) {
    const char *e = strchr(p, ':');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    char *dir = len ? cra_xstrndup(p, len) : cra_xstrdup(".");
    char *cand = cra_path_join(dir, name);
    free(dir);
    if (is_executable_file(cand) && !wrap_is_self(cand) && !(skip_launchers && wrap_is_launcher(cand))) {
      char *abs = wrap_abspath(cand);
      free(cand);
      return abs;
    }
    free(cand);
    if (!e)
      break;
    p = e + 1;
  }
  return NULL;
}

char *wrap_resolve_command(const char *word) {
  if (strchr(word, '/'))
    return is_executable_file(word) ? wrap_abspath(word) : NULL;
  return wrap_find_on_path(word, false);
}

char *wrap_cache_dir(void) {
  const char *d = getenv("CRA_CACHE_DIR");
  if (d && *d)
    return cra_xstrdup(d);
  d = getenv("XDG_CACHE_HOME");
  if (d && *d == '/')
    return cra_path_join(d, "cra-harden");
  d = getenv("HOME");
  if (d && *d == '/')
    return cra_xasprintf("%s/.cache/cra-harden", d);
  return NULL;
}

const char *wrap_family_name(enum wrap_family f) {
  return f == WRAP_FAM_GCC ? "gcc" : f == WRAP_FAM_CLANG ? "clang" : "unknown";
}

static const char *arch_name(enum wrap_arch a) {
  static const char *const names[] = {"other", "x86_64", "i386", "aarch64", "arm"};
  return names[a];
}

static enum wrap_arch arch_parse(const char *s) {
  for (int i = 0; i <= WRAP_ARCH_ARM; i++)
    if (strcmp(s, arch_name((enum wrap_arch)i)) == 0)
      return (enum wrap_arch)i;
  return WRAP_ARCH_OTHER;
}

/* ---- identification ---------------------------------------------------------------------------- */

/* Value of "#define NAME value" in -dM output, or NULL. Returns a pointer into `defs` (up to newline). */
static const char *macro(const char *defs, const char *name, size_t *len) {
  size_t nl = strlen(name);
  for (const char *p = defs; (p = strstr(p, "#define ")) != NULL; p += 8) {
    const char *q = p + 8;
    if (strncmp(q, name, nl) == 0 && (q[nl] == ' ' || q[nl] == '\n')) {
      const char *v = q[nl] == ' ' ? q + nl + 1 : q + nl;
      const char *e = strchr(v, '\n');
      *len = e ? (size_t)(e - v) : strlen(v);
      return v;
    }
  }
  return NULL;
}

static int macro_int(const char *defs, const char *name) {
  size_t len;
  const char *v = macro(defs, name, &len);
  return v ? atoi(v) : -1;
}

/* argv = the compiler, the user's target arguments, then `rest` (NULL-terminated). */
static wrap_strv with_target(const wrap_compiler *cc, const char *const *rest) {
  wrap_strv v = {0};
  wrap_strv_push(&v, cc->path);
  if (cc->target_args)
    wrap_strv_push_all(&v, cc->target_args);
  for (; *rest; rest++)
    wrap_strv_push(&v, *rest);
  return v;
}

static bool identify(wrap_compiler *cc, char **why) {
  static const char *const dm[] = {"-E", "-dM", "-x", "c", "/dev/null", NULL};
  wrap_strv argv_dm = with_target(cc, dm);
  char *defs = NULL;
  int rc = wrap_run_capture(argv_dm.v, &defs, 1 << 20);
  if (rc != 0 || !defs) {
    *why = rc < 0 ? cra_xasprintf("%s: cannot run: %s", cc->path, cra_strerror(errno))
                  : cra_xasprintf("%s: -E -dM failed (exit %d)", cc->path, rc);
    free(defs);
    return false;
  }
  if (macro_int(defs, "__clang_major__") >= 0) {
    cc->family = WRAP_FAM_CLANG;
    cc->major = macro_int(defs, "__clang_major__");
    cc->minor = macro_int(defs, "__clang_minor__");
    cc->patch = macro_int(defs, "__clang_patchlevel__");
  } else if (macro_int(defs, "__GNUC__") >= 0) {
    cc->family = WRAP_FAM_GCC;
    cc->major = macro_int(defs, "__GNUC__");
    cc->minor = macro_int(defs, "__GNUC_MINOR__");
    cc->patch = macro_int(defs, "__GNUC_PATCHLEVEL__");
  } else {
    *why = cra_xasprintf("%s: neither GCC nor Clang (no __GNUC__ or __clang_major__)", cc->path);
    free(defs);
    return false;
  }
  snprintf(cc->version, sizeof cc->version, "%d.%d.%d", cc->major, cc->minor < 0 ? 0 : cc->minor,
           cc->patch < 0 ? 0 : cc->patch);
  size_t len;
  cc->arch = macro(defs, "__x86_64__", &len)    ? WRAP_ARCH_X86_64
             : macro(defs, "__aarch64__", &len) ? WRAP_ARCH_AARCH64
             : macro(defs, "__i386__", &len)    ? WRAP_ARCH_I386
             : macro(defs, "__arm__", &len)     ? WRAP_ARCH_ARM
                                                : WRAP_ARCH_OTHER;
  cc->default_pie = macro(defs, "__pie__", &len) || macro(defs, "__PIE__", &len);
  free(defs);
  static const char *const machine[] = {"-dumpmachine", NULL};
  wrap_strv argv_dm2 = with_target(cc, machine);
  char *target = NULL;
  if (wrap_run_capture(argv_dm2.v, &target, 4096) == 0 && target) {
    target[strcspn(target, "\r\n")] = '\0';
    cc->target = target;
  } else {
    free(target);
    cc->target = cra_xstrdup("unknown");
  }
  return true;
}

/* ---- probes ------------------------------------------------------------------------------------ */

/* Runs the compiler with -Werror and `flags` on an empty C/C++ file (compile) or a trivial program
 * (link). True when it exits 0. */
static bool probe_run(const wrap_compiler *cc, const wrap_strv *flags, bool link, bool cxx, const char *src,
                      const char *out) {
  wrap_strv argv = {0};
  wrap_strv_push(&argv, cc->path);
  if (cc->target_args)
    wrap_strv_push_all(&argv, cc->target_args);
  wrap_strv_push(&argv, "-Werror");
  wrap_strv_push(&argv, "-O2");
  /* -Werror=format-security alone draws "ignored without -Wformat" (an error under -Werror): probe every row
   * on top of -Wformat, which the table adds anyway. */
  if (!link)
    wrap_strv_push(&argv, "-Wformat");
  wrap_strv_push_all(&argv, flags);
  if (link) {
    /* -pie needs position-independent objects even where the driver does not default to PIE. */
    wrap_strv_push(&argv, "-fPIE");
    wrap_strv_push(&argv, "-x");
    wrap_strv_push(&argv, "c");
    wrap_strv_push(&argv, src);
    wrap_strv_push(&argv, "-o");
    wrap_strv_push(&argv, out);
  } else {
    wrap_strv_push(&argv, "-x");
    wrap_strv_push(&argv, cxx ? "c++" : "c");
    wrap_strv_push(&argv, "-c");
    wrap_strv_push(&argv, "/dev/null");
    wrap_strv_push(&argv, "-o");
    wrap_strv_push(&argv, "/dev/null");
  }
  int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
  int st = wrap_run(argv.v, devnull, devnull, true);
  if (devnull >= 0)
    close(devnull);
  return st == 0;
}

/* Probes every applicable row: first all rows of one kind in one run (the common case: all accepted),
 * then one by one when that run fails. `tmpdir` holds the link probe's files. */
static void probe_all(wrap_compiler *cc, const char *tmpdir) {
  size_t nrows = wrap_policy_rows();
  cc->probe = cra_xcalloc(nrows, 1);
  char *src = cra_xasprintf("%s/probe-%ld.c", tmpdir, (long)getpid());
  char *out = cra_xasprintf("%s/probe-%ld.out", tmpdir, (long)getpid());
  const char *probe_src = "int main(void) { return 0; }\n";
  bool have_src = cra_atomic_replace(src, probe_src, strlen(probe_src)) == 0;
  for (int kind = 0; kind < 3; kind++) { /* 0 = C compile, 1 = C++ compile, 2 = link */
    bool link = kind == 2, cxx = kind == 1;
    wrap_strv batch = {0};
    size_t idx[64], nidx = 0;
    for (size_t i = 0; i < nrows && nidx < 64; i++) {
      const char *flags;
      bool rlink, rcxx;
      if (!wrap_policy_probe_row(i, cc, &flags, &rlink, &rcxx) || rlink != link || (!link && rcxx != cxx))
        continue;
      wrap_strv_push_words(&batch, flags);
      idx[nidx++] = i;
    }
    if (nidx == 0)
      continue;
    if (link && !have_src) {
      for (size_t k = 0; k < nidx; k++)
        cc->probe[idx[k]] = WRAP_PROBE_REJECTED;
      continue;
    }
    if (probe_run(cc, &batch, link, cxx, src, out)) {
      for (size_t k = 0; k < nidx; k++)
        cc->probe[idx[k]] = WRAP_PROBE_ACCEPTED;
      continue;
    }
    for (size_t k = 0; k < nidx; k++) {
      const char *flags;
      bool rlink, rcxx;
      wrap_policy_probe_row(idx[k], cc, &flags, &rlink, &rcxx);
      wrap_strv one = {0};
      wrap_strv_push_words(&one, flags);
      cc->probe[idx[k]] = probe_run(cc, &one, link, cxx, src, out) ? WRAP_PROBE_ACCEPTED : WRAP_PROBE_REJECTED;
    }
  }
  unlink(src);
  unlink(out);
  free(src);
  free(out);
}

/* ---- the cache ----------------------------------------------------------------------------------- */

static char *cache_key(const char *path, const struct stat *st, const wrap_strv *target_args) {
  char resolved[PATH_MAX];
  if (!realpath(path, resolved))
    resolved[0] = '\0';
  /* The target arguments, each ended by a unit separator, so "-m32" "x" and "-m32 x" differ. */
  char *targets = cra_xstrdup("");
  for (size_t i = 0; target_args && i < target_args->n; i++) {
    char *joined = cra_xasprintf("%s%s\x1f", targets, target_args->v[i]);
    free(targets);
    targets = joined;
  }
  char *text = cra_xasprintf("cra-cc cache 3\n%s\n%s\n%lld\n%lld.%09ld\n%s\n%s\n%s\n", path, resolved,
                             (long long)st->st_size, (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
                             wrap_policy_table_hash(), CRA_VERSION, targets);
  free(targets);
  char hex[65];
  wrap_sha256_hex(text, strlen(text), hex);
  free(text);
  hex[32] = '\0';
  return cra_xstrdup(hex);
}

static char *cache_serialise(const wrap_compiler *cc) {
  size_t nrows = wrap_policy_rows();
  char *probes = cra_xmalloc(nrows + 1);
  for (size_t i = 0; i < nrows; i++)
    probes[i] = (char)('0' + cc->probe[i]);
  probes[nrows] = '\0';
  char *s = cra_xasprintf("cra-cc-cache 1\npath %s\nfamily %s\nversion %d %d %d\ntarget %s\narch %s\n"
                          "default_pie %d\nprobes %s\n",
                          cc->path, wrap_family_name(cc->family), cc->major, cc->minor, cc->patch, cc->target,
                          arch_name(cc->arch), cc->default_pie ? 1 : 0, probes);
  free(probes);
  return s;
}

/* Fills cc from a cache file's text; false when anything is missing or malformed (then we re-probe). */
static bool cache_parse(wrap_compiler *cc, char *text) {
  size_t nrows = wrap_policy_rows();
  bool have_family = false, have_version = false, have_probes = false, have_target = false;
  if (strncmp(text, "cra-cc-cache 1\n", 15) != 0)
    return false;
  for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
    char *sp = strchr(line, ' ');
    if (!sp)
      continue;
    *sp = '\0';
    const char *k = line, *v = sp + 1;
    if (strcmp(k, "family") == 0) {
      cc->family = strcmp(v, "gcc") == 0 ? WRAP_FAM_GCC : strcmp(v, "clang") == 0 ? WRAP_FAM_CLANG : WRAP_FAM_UNKNOWN;
      have_family = cc->family != WRAP_FAM_UNKNOWN;
    } else if (strcmp(k, "version") == 0) {
      have_version = sscanf(v, "%d %d %d", &cc->major, &cc->minor, &cc->patch) == 3;
      snprintf(cc->version, sizeof cc->version, "%d.%d.%d", cc->major, cc->minor, cc->patch);
    } else if (strcmp(k, "target") == 0) {
      cc->target = cra_xstrdup(v);
      have_target = true;
    } else if (strcmp(k, "arch") == 0) {
      cc->arch = arch_parse(v);
    } else if (strcmp(k, "default_pie") == 0) {
      cc->default_pie = strcmp(v, "1") == 0;
    } else if (strcmp(k, "probes") == 0) {
      if (strlen(v) != nrows)
        return false;
      cc->probe = cra_xcalloc(nrows, 1);
      for (size_t i = 0; i < nrows; i++) {
        if (v[i] < '0' || v[i] > '2')
          return false;
        cc->probe[i] = (unsigned char)(v[i] - '0');
      }
      have_probes = true;
    }
  }
  return have_family && have_version && have_probes && have_target;
}

static bool cache_read(wrap_compiler *cc, const char *file) {
  size_t len;
  char *text = cra_read_file(file, &len);
  if (!text)
    return false;
  bool ok = cache_parse(cc, text);
  free(text);
  cc->from_cache = ok;
  return ok;
}

bool wrap_compiler_load(wrap_compiler *cc, const char *path, const wrap_strv *target_args, const char *cache_dir,
                        char **why) {
  memset(cc, 0, sizeof *cc);
  cc->path = cra_xstrdup(path);
  cc->target_args = target_args;
  struct stat st;
  if (stat(path, &st) != 0) {
    *why = cra_xasprintf("%s: %s", path, cra_strerror(errno));
    return false;
  }
  char *file = NULL, *lockfile = NULL;
  int lockfd = -1;
  if (cache_dir) {
    char *key = cache_key(path, &st, target_args);
    file = cra_xasprintf("%s/%s.cc", cache_dir, key);
    lockfile = cra_xasprintf("%s/%s.lock", cache_dir, key);
    free(key);
    if (cache_read(cc, file))
      return true;
    if (cra_mkdir_p(cache_dir) == 0) {
      lockfd = open(lockfile, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
      if (lockfd >= 0 && flock(lockfd, LOCK_EX) == 0) {
        /* Another process may have probed while we waited. */
        memset(cc, 0, sizeof *cc);
        cc->path = cra_xstrdup(path);
        cc->target_args = target_args;
        if (cache_read(cc, file)) {
          close(lockfd);
          return true;
        }
      }
    }
  }
  memset(cc, 0, sizeof *cc);
  cc->path = cra_xstrdup(path);
  cc->target_args = target_args;
  bool ok = identify(cc, why);
  if (ok) {
    const char *tmp = cache_dir && lockfd >= 0 ? cache_dir : (getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    probe_all(cc, tmp);
    if (file && lockfd >= 0) {
      char *text = cache_serialise(cc);
      if (cra_atomic_replace(file, text, strlen(text)) != 0)
        cra_warn("%s: cannot write the probe cache: %s", file, cra_strerror(errno));
      free(text);
    }
  }
  if (lockfd >= 0) {
    /* The lock file stays: removing it would race with a process that just opened it. */
    close(lockfd);
  }
  free(file);
  free(lockfile);
  return ok;
}
