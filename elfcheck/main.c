/* cra-elfcheck: command line. Options table, validation (usage errors exit 64 before anything is read),
 * then the engine (elfcheck.c) and a renderer. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cra_common.h"
#include "elfcheck.h"
#ifdef CRA_HAVE_EVIDENCE
#include "ev_model.h" /* the toolkit's one SARIF emitter (evidence/) */
#endif

/* mkstemp creates 0600; a report is as readable as any file the user writes (0666 & ~umask). */
static int fchmod_default(const char *path) {
  mode_t mask = umask(0);
  umask(mask);
  return chmod(path, 0666 & ~mask);
}

static void help(void) {
  fputs(
      "Usage: cra-elfcheck [OPTION]... PATH...\n"
      "Audit ELF executables, shared libraries and objects for exploitation mitigations (CRA Annex I\n"
      "Part I (2)(k)) and attack surface (Part I (2)(j)). PATH may be a file or a directory; directories\n"
      "are walked recursively without following symbolic links, each inode is audited once, and non-ELF\n"
      "files are skipped and counted.\n"
      "\n"
      "Options:\n"
      "  --format=FORMAT      output format: text (default; a table, or every check for one file), json\n"
      "                       (the cra-elfcheck document, docs/elfcheck/README.md) or sarif (SARIF 2.1.0\n"
      "                       for code scanning: failed, partial and unknown checks located at the binary)\n"
      "  --profile=NAME       which checks are required: baseline (Debian defaults), recommended\n"
      "                       (OpenSSF guide; the default), production or strict (recommended +\n"
      "                       auto-var-init, as the wrappers' profiles). See --list-profiles\n"
      "  --policy=FILE        waivers: lines 'PATH-GLOB CHECK JUSTIFICATION' (CHECK may be *); a waiver\n"
      "                       without a justification is a usage error (docs/elfcheck/policy.md)\n"
      "  -j, --jobs=N         audit N files in parallel (output order does not change)\n"
      "  -o, --output=FILE    write the report to FILE (atomically) instead of standard output\n"
      "      --no-hash        do not compute the SHA-256 of each file\n"
      "      --sysroot=DIR    classify absolute RPATH/RUNPATH entries under DIR (a firmware root)\n"
      "      --color=WHEN     colour the text table: auto (a terminal and no NO_COLOR), always, never\n"
      "  -q, --quiet          no stderr line per unreadable input (they stay in the report)\n"
      "      --list-checks    print every check with its requirement and summary, then exit\n"
      "      --list-profiles  print the profiles and their required checks, then exit\n"
      "  -h, --help           print this help and exit\n"
      "  -V, --version        print the version and exit\n"
      "\n"
      "Verdicts: pass, partial, fail, not_applicable, unknown (the file holds no evidence either way).\n"
      "A required check fails the run when its verdict is fail, or partial where the profile needs pass;\n"
      "unknown and not_applicable never fail it. A waived check keeps its verdict and does not fail.\n"
      "\n"
      "Exit status:\n"
      "  0   every required check passed (or was waived)\n"
      "  1   a required check failed\n"
      "  2   some input could not be read or parsed (the rest was still audited and reported)\n"
      "  64  usage error (bad option, unknown profile, malformed policy file)\n"
      "  70  internal error\n"
      "\n"
      "Examples:\n"
      "  cra-elfcheck build/bin/httpd\n"
      "  cra-elfcheck --profile=baseline -j 4 --format=json -o elfcheck.json rootfs/\n"
      "\n"
      "See cra-elfcheck(1) and docs/elfcheck/.\n",
      stdout);
}

static void list_checks(void) {
  for (size_t i = 0; i < elf_ncheck; i++)
    printf("%-20s %-10s %s\n", elf_checks[i].id, elf_checks[i].requirement, elf_checks[i].summary);
}

static void list_profiles(void) {
  for (size_t i = 0; elf_profile_at(i); i++) {
    const struct elf_profile *p = elf_profile_at(i);
    printf("%s: %s\n", p->name, p->description);
    for (size_t k = 0; k < elf_ncheck; k++)
      if (elf_profile_required(p, k))
        printf("  %-20s %s\n", elf_checks[k].id, p->need[k] - 1 == ELF_PARTIAL ? "partial or pass" : "pass");
  }
}

/* The JSON document into PATH atomically: a temporary file beside it, then rename(2). Returns 0 or -1. */
static int write_json_atomic(const char *target, const struct elfcheck_run *run) {
  if (cra_output_in_place(target)) {
    /* A device or FIFO (/dev/null, /dev/stdout on a pipe): renaming over it would replace it. */
    FILE *f = fopen(target, "w");
    if (!f)
      return -1;
    int rc = elfcheck_write_json(run, f) == 0 ? 0 : -1;
    if (fclose(f) != 0)
      rc = -1;
    return rc;
  }
  char *path = cra_output_resolve(target);
  char *slash = strrchr(path, '/');
  char *tmp = slash ? cra_xasprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1)
                    : cra_xasprintf(".%s.XXXXXX", path);
  int fd = mkstemp(tmp);
  FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
  int rc = -1;
  if (f) {
    bool ok = elfcheck_write_json(run, f) == 0 && fflush(f) == 0 && fsync(fileno(f)) == 0;
    ok = fclose(f) == 0 && ok;
    if (ok && fchmod_default(tmp) == 0 && rename(tmp, path) == 0)
      rc = 0;
  } else if (fd >= 0) {
    close(fd);
  }
  if (rc != 0 && fd >= 0) {
    int saved = errno;
    unlink(tmp);
    errno = saved;
  }
  free(tmp);
  free(path);
  return rc;
}

enum { OPT_FORMAT = 256, OPT_PROFILE, OPT_POLICY, OPT_NO_HASH, OPT_SYSROOT, OPT_COLOR, OPT_LIST_CHECKS,
       OPT_LIST_PROFILES };

int main(int argc, char **argv) {
  cra_set_progname(argv[0]);
  static const struct option longopts[] = {
      {"format", required_argument, NULL, OPT_FORMAT},   {"profile", required_argument, NULL, OPT_PROFILE},
      {"policy", required_argument, NULL, OPT_POLICY},   {"jobs", required_argument, NULL, 'j'},
      {"output", required_argument, NULL, 'o'},          {"no-hash", no_argument, NULL, OPT_NO_HASH},
      {"sysroot", required_argument, NULL, OPT_SYSROOT}, {"color", required_argument, NULL, OPT_COLOR},
      {"colour", required_argument, NULL, OPT_COLOR},    {"quiet", no_argument, NULL, 'q'},
      {"list-checks", no_argument, NULL, OPT_LIST_CHECKS},
      {"list-profiles", no_argument, NULL, OPT_LIST_PROFILES},
      {"help", no_argument, NULL, 'h'},                  {"version", no_argument, NULL, 'V'},
      {NULL, 0, NULL, 0}};
  const char *format = "text", *profile = "recommended", *policy_path = NULL, *output = NULL, *color = "auto";
  struct elfcheck_options opts = {0};
  opts.hash = true;
  opts.jobs = 1;
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, ":j:o:qhV", longopts, NULL)) != -1) {
    switch (c) {
    case OPT_FORMAT: format = optarg; break;
    case OPT_PROFILE: profile = optarg; break;
    case OPT_POLICY: policy_path = optarg; break;
    case 'j': {
      char *end;
      errno = 0;
      long n = strtol(optarg, &end, 10);
      if (errno || *end || n < 1 || n > 256)
        cra_usage_error("invalid --jobs value '%s' (1 to 256)", optarg);
      opts.jobs = (unsigned)n;
      break;
    }
    case 'o': output = optarg; break;
    case OPT_NO_HASH: opts.hash = false; break;
    case OPT_SYSROOT: opts.sysroot = optarg; break;
    case OPT_COLOR: color = optarg; break;
    case 'q': opts.quiet = true; break;
    case OPT_LIST_CHECKS: list_checks(); return 0;
    case OPT_LIST_PROFILES: list_profiles(); return 0;
    case 'h': help(); return 0;
    case 'V': cra_print_version(stdout); return 0;
    case ':': cra_usage_error("option '%s' needs an argument", argv[optind - 1]);
    default:
      if (optopt)
        cra_usage_error("unknown option '-%c'", optopt);
      cra_usage_error("unknown option '%s'", argv[optind - 1]);
    }
  }
  bool json = false, sarif = false;
  if (strcmp(format, "json") == 0)
    json = true;
#ifdef CRA_HAVE_EVIDENCE
  else if (strcmp(format, "sarif") == 0)
    sarif = true;
#endif
  else if (strcmp(format, "text") != 0)
    cra_usage_error("unknown --format '%s' (text, json or sarif)", format);
  (void)sarif;
  opts.profile = elf_profile_find(profile);
  if (!opts.profile)
    cra_usage_error("unknown --profile '%s' (see --list-profiles)", profile);
  bool colour;
  if (strcmp(color, "always") == 0)
    colour = true;
  else if (strcmp(color, "never") == 0)
    colour = false;
  else if (strcmp(color, "auto") == 0)
    colour = !output && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
  else
    cra_usage_error("unknown --color '%s' (auto, always or never)", color);
  if (optind >= argc)
    cra_usage_error("no PATH given");
  struct elf_policy policy = {0};
  if (policy_path) {
    elf_policy_load(policy_path, &policy);
    opts.policy = &policy;
  }
  struct elfcheck_run run;
  /* Each file's JSON goes to a temporary file as soon as it is audited, so memory stays flat; without a
   * usable temporary directory the document is built in memory as for the other formats. */
  static char spool_buf[1 << 20]; /* one write(2) per MiB, not per file object */
  static char stdout_buf[1 << 20]; /* and to standard output: the document is megabytes for a rootfs */
  if (json && (opts.spool = tmpfile()) != NULL) {
    setvbuf(opts.spool, spool_buf, _IOFBF, sizeof spool_buf);
    if (!output)
      setvbuf(stdout, stdout_buf, _IOFBF, sizeof stdout_buf);
  }
  int rc = elfcheck_run(&opts, argv + optind, (size_t)(argc - optind), &run);
  if (opts.spool) {
    if (output ? write_json_atomic(output, &run) != 0
               : elfcheck_write_json(&run, stdout) != 0 || fflush(stdout) != 0)
      cra_die(CRA_EXIT_INPUT, "%s: write error: %s", output ? output : "standard output",
              cra_strerror(errno));
    fclose(opts.spool);
    elfcheck_run_free(&run);
    elf_policy_free(&policy);
    return rc;
  }
  cJSON *doc = elfcheck_report_json(&run);
  char *text = NULL;
#ifdef CRA_HAVE_EVIDENCE
  if (sarif) {
    /* SARIF from the same document, through the evidence model: paths stay relative to the working directory */
    ev_options eo = {0};
    eo.producer = "cra-elfcheck";
    eo.profile = opts.profile->name;
    ev_model *m = ev_model_new(&eo);
    ev_model_add_document(m, doc, "cra-elfcheck", NULL);
    ev_model_finalize(m);
    text = ev_emit_sarif(m);
    ev_model_free(m);
  }
#endif
  if (!text) {
    if (json)
      cra_json_repair_utf8(doc); /* ELF strings and file names are raw bytes */
    else
      cra_json_printable(doc); /* and may hold escape sequences: not for the terminal */
    text = json ? elfcheck_render_json(doc) : elfcheck_render_text(doc, colour);
  }
  if (output) {
    if (cra_atomic_write_str(output, text) != 0)
      cra_die(CRA_EXIT_INPUT, "%s: cannot write: %s", output, cra_strerror(errno));
  } else if (fputs(text, stdout) == EOF || fflush(stdout) != 0) {
    cra_die(CRA_EXIT_INPUT, "standard output: write error: %s", cra_strerror(errno));
  }
  free(text);
  cJSON_Delete(doc);
  elfcheck_run_free(&run);
  elf_policy_free(&policy);
  return rc;
}
