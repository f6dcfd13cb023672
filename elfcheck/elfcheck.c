/* Collecting files, auditing them with worker threads and building the report document. */
#include "elfcheck.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libelf.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cra_common.h"
#include "cra_json_arena.h"
#include "cra_version.h"

enum file_state { FILE_PENDING, FILE_AUDITED, FILE_SKIPPED, FILE_ERROR };

struct elfcheck_file {
  char *fs_path;  /* path to open */
  char *display;  /* path in the report */
  bool explicit_arg; /* named on the command line (a non-ELF file is then an error, not a skip) */
  dev_t dev;
  ino_t ino;
  enum file_state state;
  char *error;
  cJSON *json;    /* the file object */
  size_t failed_required;
  long spool_off; /* with opts->spool: where the printed object is, and its length */
  size_t spool_len;
};

struct collector {
  struct elfcheck_file *v;
  size_t n, cap;
  size_t skipped;     /* non-regular entries met while walking */
  char **errors;      /* walk errors as "display\tmessage" */
  size_t nerrors;
  const struct elfcheck_options *opts;
};

static void add_file(struct collector *c, const char *fs, const char *display, const struct stat *st, bool expl) {
  if (c->n == c->cap) {
    c->cap = c->cap ? c->cap * 2 : 64;
    c->v = cra_xreallocarray(c->v, c->cap, sizeof *c->v);
  }
  c->v[c->n++] = (struct elfcheck_file){cra_xstrdup(fs), cra_xstrdup(display), expl, st->st_dev, st->st_ino,
                                        FILE_PENDING, NULL, NULL, 0, -1, 0};
}

static void add_walk_error(struct collector *c, const char *display, const char *msg) {
  c->errors = cra_xreallocarray(c->errors, c->nerrors + 1, sizeof *c->errors);
  c->errors[c->nerrors++] = cra_xasprintf("%s\t%s", display, msg);
}

/* Directory ancestry for loop detection (bind mounts). */
struct ancestor {
  dev_t dev;
  ino_t ino;
  const struct ancestor *up;
};

/* Walks a directory. Symbolic links inside the tree are never followed: a target inside the tree is
 * audited under its own path, a target outside is out of scope (firmware images link into /). */
static void walk(struct collector *c, const char *fs, const char *display, const struct ancestor *up) {
  DIR *d = opendir(fs);
  if (!d) {
    add_walk_error(c, display, cra_strerror(errno));
    return;
  }
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
      continue;
    char *cfs = cra_path_join(fs, de->d_name);
    char *cdisp = *display ? cra_path_join(display, de->d_name) : cra_xstrdup(de->d_name);
    struct stat st;
    if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      add_walk_error(c, cdisp, cra_strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
      bool loop = false;
      for (const struct ancestor *a = up; a && !loop; a = a->up)
        loop = a->dev == st.st_dev && a->ino == st.st_ino;
      if (!loop) {
        struct ancestor me = {st.st_dev, st.st_ino, up};
        walk(c, cfs, cdisp, &me);
      }
    } else if (S_ISREG(st.st_mode)) {
      add_file(c, cfs, cdisp, &st, false);
    } else {
      c->skipped++; /* symlinks, FIFOs, sockets, devices */
    }
    free(cfs);
    free(cdisp);
  }
  closedir(d);
}

static int cmp_file(const void *a, const void *b) {
  const struct elfcheck_file *x = a, *y = b;
  int c = strcmp(x->display, y->display);
  if (c)
    return c;
  return strcmp(x->fs_path, y->fs_path);
}

struct inode_key {
  dev_t dev;
  ino_t ino;
  size_t idx;
};

/* Orders (dev, ino, idx): equal inodes end up adjacent with the lowest (sorted-first) index first. */
static int cmpk(const void *a, const void *b) {
  const struct inode_key *x = a, *y = b;
  if (x->dev != y->dev)
    return x->dev < y->dev ? -1 : 1;
  if (x->ino != y->ino)
    return x->ino < y->ino ? -1 : 1;
  return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void collect(struct collector *c, char *const *paths, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const char *p = paths[i];
    struct stat st;
    if (stat(p, &st) != 0) { /* a symlink named on the command line is followed */
      add_walk_error(c, p, cra_strerror(errno));
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      struct ancestor me = {st.st_dev, st.st_ino, NULL};
      /* Paths under a directory argument are relative to it; with several arguments they keep the
       * argument as a prefix so they stay unique. */
      char *prefix = n > 1 ? cra_xstrdup(p) : cra_xstrdup("");
      size_t l = strlen(prefix);
      while (l > 1 && prefix[l - 1] == '/')
        prefix[--l] = '\0';
      walk(c, p, prefix, &me);
      free(prefix);
    } else if (S_ISREG(st.st_mode)) {
      add_file(c, p, p, &st, true);
    } else {
      add_walk_error(c, p, "not a regular file or directory");
    }
  }
  qsort(c->v, c->n, sizeof *c->v, cmp_file);
  /* The same inode once (hard links, a file named twice): the first path in sorted order keeps it. */
  struct inode_key *keys = cra_xcalloc(c->n ? c->n : 1, sizeof *keys);
  for (size_t i = 0; i < c->n; i++) {
    keys[i].dev = c->v[i].dev;
    keys[i].ino = c->v[i].ino;
    keys[i].idx = i;
  }
  size_t w = 0;
  bool *dup = cra_xcalloc(c->n ? c->n : 1, sizeof *dup);
  qsort(keys, c->n, sizeof *keys, cmpk);
  for (size_t i = 1; i < c->n; i++)
    if (keys[i].dev == keys[i - 1].dev && keys[i].ino == keys[i - 1].ino)
      dup[keys[i].idx] = true;
  for (size_t i = 0; i < c->n; i++) {
    if (dup[i]) {
      free(c->v[i].fs_path);
      free(c->v[i].display);
      continue;
    }
    c->v[w++] = c->v[i];
  }
  c->n = w;
  free(dup);
  free(keys);
}

/* ---- auditing one file -------------------------------------------------------------------------- */

static const char *arch_name(uint16_t m) {
  switch (m) {
  case EM_X86_64: return "x86_64";
  case EM_386: return "i386";
  case EM_AARCH64: return "aarch64";
  case EM_ARM: return "arm";
  case EM_RISCV: return "riscv";
  case EM_PPC64: return "ppc64";
  case EM_PPC: return "ppc";
  case EM_MIPS: return "mips";
  case EM_S390: return "s390";
  case EM_SPARCV9: return "sparc64";
  case EM_LOONGARCH: return "loongarch";
  case EM_BPF: return "bpf";
  default: return NULL;
  }
}

static cJSON *str_array(char *const *v, size_t n) {
  cJSON *a = cJSON_CreateArray();
  for (size_t i = 0; i < n; i++)
    cJSON_AddItemToArray(a, cJSON_CreateString(v[i]));
  return a;
}

static cJSON *str_or_null(const char *s) { return s && *s ? cJSON_CreateString(s) : cJSON_CreateNull(); }

static void sort_keys(cJSON *node, bool raw_integers);
static pthread_mutex_t spool_lock = PTHREAD_MUTEX_INITIALIZER;
static long spool_end; /* bytes written to the spool so far (guarded by spool_lock) */

/* Prints a file object into the spool (keys sorted, as in the document) and frees it. Every line but the
 * first is indented by two tabs here, once, so that the spooled text is already what cJSON prints for the
 * object inside the document's "files" array and elfcheck_write_json copies it unchanged. */
static void spool_file(struct elfcheck_file *file, FILE *spool) {
  cra_json_repair_utf8(file->json); /* .comment, PT_INTERP and file names are raw bytes */
  sort_keys(file->json, true);
  char *s = cJSON_Print(file->json);
  if (!s)
    cra_die(CRA_EXIT_SOFTWARE, "cannot render JSON (out of memory)");
  size_t len = strlen(s), lines = 0;
  for (const char *p = s; (p = memchr(p, '\n', (size_t)(s + len - p))) != NULL; p++)
    lines++;
  char *text = cJSON_malloc(len + 2 * lines + 1);
  if (!text)
    cra_die(CRA_EXIT_SOFTWARE, "cannot render JSON (out of memory)");
  size_t n = 0;
  for (const char *p = s, *end = s + len; p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t l = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
    memcpy(text + n, p, l);
    n += l;
    p += l;
    if (nl)
      text[n++] = '\t', text[n++] = '\t';
  }
  if (lines && s[len - 1] == '\n') /* no indent after a final newline (cJSON_Print ends without one) */
    n -= 2;
  pthread_mutex_lock(&spool_lock);
  long off = spool_end;
  bool ok = fwrite(text, 1, n, spool) == n;
  spool_end += (long)n;
  pthread_mutex_unlock(&spool_lock);
  if (!ok)
    cra_die(CRA_EXIT_SOFTWARE, "temporary file: write error: %s", cra_strerror(errno));
  /* the tree and the texts were allocated in this thread's arena (audit): released at once, no walk */
  cra_json_arena_end();
  file->json = NULL;
  file->spool_off = off;
  file->spool_len = n;
}

static void audit(struct elfcheck_file *file, const struct elfcheck_options *o) {
  struct elf_facts f;
  memset(&f, 0, sizeof f);
  struct elf_facts_opts fo = {o->hash, o->sysroot};
  int rc = elf_facts_from_file(file->fs_path, file->display, &fo, &f);
  if (rc != 0) {
    if (rc > 0 && !file->explicit_arg) {
      file->state = FILE_SKIPPED;
    } else {
      file->state = FILE_ERROR;
      file->error = cra_xstrdup(f.error ? f.error : "unreadable");
    }
    elf_facts_free(&f);
    return;
  }
  if (o->spool) /* this file's tree is printed and dropped in spool_file */
    cra_json_arena_begin();
  cJSON *j = cJSON_CreateObject();
  cJSON_AddStringToObject(j, "path", file->display);
  cJSON_AddItemToObject(j, "sha256", str_or_null(f.sha256));
  cJSON_AddItemToObject(j, "build_id", str_or_null(f.build_id));
  cJSON_AddStringToObject(j, "kind", elf_kind_name(f.kind));
  const char *arch = arch_name(f.e_machine);
  if (arch)
    cJSON_AddStringToObject(j, "arch", arch);
  else {
    char buf[32];
    snprintf(buf, sizeof buf, "em-%u", (unsigned)f.e_machine);
    cJSON_AddStringToObject(j, "arch", buf);
  }
  cJSON_AddStringToObject(j, "class", f.elfclass == ELFCLASS64 ? "ELF64" : "ELF32");
  cJSON_AddStringToObject(j, "endian", f.data == ELFDATA2MSB ? "big" : "little");
  cJSON_AddItemToObject(j, "interp", str_or_null(f.interp));
  cJSON_AddItemToObject(j, "soname", str_or_null(f.soname));
  cJSON_AddItemToObject(j, "needed", str_array(f.needed, f.nneeded));
  cJSON_AddItemToObject(j, "compilers", str_array(f.comments, f.ncomments));
  cJSON_AddItemToObject(j, "producers", str_array(f.producers, f.nproducers));
  cJSON_AddNumberToObject(j, "compile_units", (double)f.compile_units);
  cJSON *nl = cJSON_CreateArray();
  /* notes in a stable (sorted) order */
  char **sorted = cra_xcalloc(f.nnotes + 1, sizeof *sorted);
  if (f.nnotes) /* memcpy from NULL is undefined even for 0 bytes */
    memcpy(sorted, f.notes, f.nnotes * sizeof *sorted);
  for (size_t a = 1; a < f.nnotes; a++)
    for (size_t b = a; b > 0 && strcmp(sorted[b - 1], sorted[b]) > 0; b--) {
      char *t = sorted[b];
      sorted[b] = sorted[b - 1];
      sorted[b - 1] = t;
    }
  for (size_t i = 0; i < f.nnotes; i++)
    cJSON_AddItemToArray(nl, cJSON_CreateString(sorted[i]));
  free(sorted);
  cJSON_AddItemToObject(j, "notes", nl);
  cJSON *checks = cJSON_CreateArray();
  for (size_t i = 0; i < elf_ncheck; i++) {
    struct elf_check_result r = {ELF_UNKNOWN, NULL, NULL};
    elf_checks[i].fn(&f, &r);
    cJSON *c = cJSON_CreateObject();
    cJSON_AddStringToObject(c, "id", elf_checks[i].id);
    cJSON *reqs = cJSON_CreateArray();
    cJSON_AddItemToArray(reqs, cJSON_CreateString(elf_checks[i].requirement));
    cJSON_AddItemToObject(c, "requirements", reqs);
    cJSON_AddStringToObject(c, "verdict", elf_verdict_name(r.verdict));
    bool required = elf_profile_required(o->profile, i);
    cJSON_AddBoolToObject(c, "required", required);
    cJSON_AddStringToObject(c, "evidence", r.evidence ? r.evidence : "");
    cJSON_AddItemToObject(c, "detail", r.detail ? r.detail : cJSON_CreateObject());
    const struct elf_waiver *w = elf_policy_match(o->policy, file->display, i);
    bool fails = elf_profile_fails(o->profile, i, r.verdict);
    if (w) {
      cJSON *wj = cJSON_CreateObject();
      cJSON_AddStringToObject(wj, "justification", w->justification);
      cJSON_AddNumberToObject(wj, "line", w->line);
      cJSON_AddStringToObject(wj, "policy", o->policy->path);
      cJSON_AddItemToObject(c, "waiver", wj);
    } else {
      cJSON_AddNullToObject(c, "waiver");
    }
    cJSON_AddBoolToObject(c, "failed", fails && !w);
    if (fails && !w)
      file->failed_required++;
    free(r.evidence);
    cJSON_AddItemToArray(checks, c);
  }
  cJSON_AddItemToObject(j, "checks", checks);
  file->json = j;
  file->state = FILE_AUDITED;
  if (o->spool)
    spool_file(file, o->spool);
  if (f.damaged) /* reported with its verdicts, and listed as an input problem */
    file->error = cra_xstrdup(f.damaged);
  elf_facts_free(&f);
}

struct pool {
  struct elfcheck_file *files;
  size_t n;
  atomic_size_t next;
  const struct elfcheck_options *opts;
};

static void *worker(void *arg) {
  struct pool *p = arg;
  for (;;) {
    size_t i = atomic_fetch_add(&p->next, 1);
    if (i >= p->n)
      break;
    audit(&p->files[i], p->opts);
  }
  cra_json_arena_thread_exit();
  return NULL;
}

int elfcheck_run(const struct elfcheck_options *opts, char *const *paths, size_t npaths, struct elfcheck_run *run) {
  memset(run, 0, sizeof *run);
  run->opts = opts;
  struct collector c = {0};
  c.opts = opts;
  collect(&c, paths, npaths);
  struct pool p = {c.v, c.n, 0, opts};
  elf_version(EV_CURRENT); /* once, before any thread uses libelf */
  if (opts->spool)
    cra_json_arena_install(); /* before the workers: they switch cJSON to their arenas */
  unsigned jobs = opts->jobs ? opts->jobs : 1;
  if (jobs > c.n)
    jobs = c.n ? (unsigned)c.n : 1;
  if (jobs <= 1) {
    worker(&p);
  } else {
    pthread_t *t = cra_xcalloc(jobs, sizeof *t);
    unsigned started = 0;
    for (; started < jobs; started++)
      if (pthread_create(&t[started], NULL, worker, &p) != 0)
        break;
    if (started == 0)
      worker(&p);
    for (unsigned i = 0; i < started; i++)
      pthread_join(t[i], NULL);
    free(t);
  }
  /* Walk errors become error entries too, merged in path order. */
  for (size_t i = 0; i < c.nerrors; i++) {
    char *tab = strchr(c.errors[i], '\t');
    *tab = '\0';
    struct stat st = {0};
    add_file(&c, c.errors[i], c.errors[i], &st, true);
    c.v[c.n - 1].state = FILE_ERROR;
    c.v[c.n - 1].error = cra_xstrdup(tab + 1);
    free(c.errors[i]);
  }
  free(c.errors);
  qsort(c.v, c.n, sizeof *c.v, cmp_file);
  run->files = c.v;
  run->nfiles = c.n;
  run->skipped_non_elf = c.skipped;
  for (size_t i = 0; i < c.n; i++) {
    struct elfcheck_file *fl = &c.v[i];
    switch (fl->state) {
    case FILE_AUDITED:
      run->audited++;
      if (fl->failed_required)
        run->failed_required++;
      if (fl->error) {
        run->errors++;
        if (!opts->quiet)
          cra_warn("%s: %s", fl->display, fl->error);
      }
      break;
    case FILE_SKIPPED:
      run->skipped_non_elf++;
      break;
    case FILE_ERROR:
      run->errors++;
      if (!opts->quiet)
        cra_warn("%s: %s", fl->display, fl->error);
      break;
    case FILE_PENDING:
      break;
    }
  }
  if (run->errors)
    return CRA_EXIT_INPUT;
  return run->failed_required ? CRA_EXIT_FAIL : CRA_EXIT_OK;
}

static char *decimal(long long v, char buf[24]) {
  char *p = buf + 23;
  unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
  *p = '\0';
  do
    *--p = (char)('0' + u % 10);
  while (u /= 10);
  if (v < 0)
    *--p = '-';
  return p;
}

/* Spooled objects only (printed, then dropped): an integer-valued number becomes a raw node holding
 * its digits. cJSON 1.7.15 prints each number with sprintf("%1.15g") and a sscanf round trip, an eighth of
 * the printing; for an integer of at most 15 digits that gives exactly these digits, so the bytes do not
 * change. The document that text and SARIF read keeps real numbers. */
static void integer_to_raw(cJSON *node) {
  double d = node->valuedouble;
  if (!cJSON_IsNumber(node) || !(d >= -1e15 && d <= 1e15 && d == (double)(long long)d) || (d == 0 && signbit(d)))
    return;
  char buf[24];
  const char *digits = decimal((long long)d, buf);
  size_t n = strlen(digits) + 1;
  char *raw = cJSON_malloc(n);
  if (!raw)
    cra_die(CRA_EXIT_SOFTWARE, "out of memory");
  memcpy(raw, digits, n);
  node->type = cJSON_Raw | (node->type & cJSON_StringIsConst);
  node->valuestring = raw;
}

/* Sorts every object's members by key, recursively (arrays keep their order): byte-identical output. With
 * raw_integers, the same walk turns integers into raw digits (integer_to_raw). */
static void sort_keys(cJSON *node, bool raw_integers) {
  if (!node)
    return;
  if (raw_integers)
    integer_to_raw(node);
  for (cJSON *c = node->child; c; c = c->next)
    sort_keys(c, raw_integers);
  if (!cJSON_IsObject(node) || !node->child)
    return;
  size_t n = 0;
  for (cJSON *c = node->child; c; c = c->next)
    n++;
  cJSON *small[32]; /* the usual object (a check, a waiver, a detail) has a dozen members */
  cJSON **v = n <= sizeof small / sizeof *small ? small : cra_xcalloc(n, sizeof *v);
  n = 0;
  for (cJSON *c = node->child; c; c = c->next)
    v[n++] = c;
  for (size_t a = 1; a < n; a++) /* insertion sort: objects are small */
    for (size_t b = a; b > 0 && strcmp(v[b - 1]->string, v[b]->string) > 0; b--) {
      cJSON *t = v[b];
      v[b] = v[b - 1];
      v[b - 1] = t;
    }
  for (size_t i = 0; i < n; i++) {
    v[i]->prev = i ? v[i - 1] : v[n - 1]; /* cJSON: the head's prev points at the tail */
    v[i]->next = i + 1 < n ? v[i + 1] : NULL;
  }
  node->child = v[0];
  if (v != small)
    free(v);
}

cJSON *elfcheck_report_json(const struct elfcheck_run *run) {
  cJSON *doc = cJSON_CreateObject();
  cJSON_AddStringToObject(doc, "format", "cra-elfcheck");
  cJSON_AddNumberToObject(doc, "version", 1);
  cJSON *tool = cJSON_CreateObject();
  cJSON_AddStringToObject(tool, "name", "cra-elfcheck");
  cJSON_AddStringToObject(tool, "version", CRA_VERSION);
  cJSON_AddStringToObject(tool, "llvm", CRA_LLVM_VERSION_STRING);
  cJSON_AddItemToObject(doc, "tool", tool);
  cJSON_AddStringToObject(doc, "profile", run->opts->profile->name);
  cJSON_AddItemToObject(doc, "policy", run->opts->policy ? cJSON_CreateString(run->opts->policy->path)
                                                         : cJSON_CreateNull());
  cJSON *files = cJSON_CreateArray(), *errors = cJSON_CreateArray();
  for (size_t i = 0; i < run->nfiles; i++) {
    const struct elfcheck_file *fl = &run->files[i];
    if (fl->state == FILE_AUDITED && fl->json) {
      /* Moved, not copied: the document is built once per run, and a copy doubled the peak memory. */
      cJSON_AddItemToArray(files, fl->json);
      ((struct elfcheck_file *)fl)->json = NULL;
    }
    if (fl->error && (fl->state == FILE_AUDITED || fl->state == FILE_ERROR)) {
      cJSON *e = cJSON_CreateObject();
      cJSON_AddStringToObject(e, "message", fl->error);
      cJSON_AddStringToObject(e, "path", fl->display);
      cJSON_AddItemToArray(errors, e);
    }
  }
  cJSON_AddItemToObject(doc, "files", files);
  cJSON_AddItemToObject(doc, "errors", errors);
  cJSON *s = cJSON_CreateObject();
  cJSON_AddNumberToObject(s, "errors", (double)run->errors);
  cJSON_AddNumberToObject(s, "failed_required", (double)run->failed_required);
  cJSON_AddNumberToObject(s, "files", (double)run->audited);
  cJSON_AddNumberToObject(s, "skipped_non_elf", (double)run->skipped_non_elf);
  cJSON_AddItemToObject(doc, "summary", s);
  sort_keys(doc, false);
  return doc;
}

int elfcheck_write_json(const struct elfcheck_run *run, FILE *out) {
  FILE *spool = run->opts->spool;
  if (!spool || fflush(spool) != 0)
    return -1;
  cJSON *doc = elfcheck_report_json(run); /* "files" is empty: every object is in the spool */
  cra_json_repair_utf8(doc);
  char *s = cJSON_Print(doc);
  cJSON_Delete(doc);
  if (!s)
    cra_die(CRA_EXIT_SOFTWARE, "cannot render JSON (out of memory)");
  const char *mark = strstr(s, "\n\t\"files\":\t[],\n");
  if (!mark)
    cra_die(CRA_EXIT_SOFTWARE, "report document without a files array");
  size_t head = (size_t)(mark - s) + strlen("\n\t\"files\":\t[");
  bool ok = fwrite(s, 1, head, out) == head;
  char *buf = NULL;
  size_t cap = 0, n = 0;
  long at = -1; /* where the spool's read position is: no seek when the objects lie in path order */
  for (size_t i = 0; ok && i < run->nfiles; i++) {
    const struct elfcheck_file *fl = &run->files[i];
    if (fl->state != FILE_AUDITED || fl->spool_off < 0)
      continue;
    if (fl->spool_len + 1 > cap) {
      cap = fl->spool_len + 1;
      buf = cra_xrealloc(buf, cap);
    }
    ok = (at == fl->spool_off || fseek(spool, fl->spool_off, SEEK_SET) == 0) &&
         fread(buf, 1, fl->spool_len, spool) == fl->spool_len && (n++ == 0 || fputs(", ", out) != EOF) &&
         fwrite(buf, 1, fl->spool_len, out) == fl->spool_len;
    at = fl->spool_off + (long)fl->spool_len;
  }
  free(buf);
  const char *tail = mark + strlen("\n\t\"files\":\t[");
  ok = ok && fputs(tail, out) != EOF && fputc('\n', out) != EOF;
  cJSON_free(s);
  return ok ? 0 : -1;
}

void elfcheck_run_free(struct elfcheck_run *run) {
  for (size_t i = 0; i < run->nfiles; i++) {
    free(run->files[i].fs_path);
    free(run->files[i].display);
    free(run->files[i].error);
    cJSON_Delete(run->files[i].json);
  }
  free(run->files);
  memset(run, 0, sizeof *run);
}
