/* cra-evidence: merges source findings, binary audits and build records into the Annex I evidence for the
 * technical file, and SARIF for CI. See docs/man/cra-evidence.1 and docs/evidence-format.md. */
#include "ev_model.h"

#include "cra_common.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage_text[] =
    "Usage: cra-evidence [OPTION]... INPUT...\n"
    "Merge cra-harden findings records, cra-elfcheck reports and build records into the evidence for\n"
    "Annex I of the Cyber Resilience Act (Part I (2)(j) attack surface, (2)(k) exploitation mitigation and\n"
    "every point a finding maps to), as a JSON document, SARIF 2.1.0, a terminal summary or Markdown.\n"
    "\n"
    "INPUT is an evidence directory (findings/, binaries/, builds/ as written by cra-cc, or a directory of\n"
    "*.json files), a single JSON file from cra-check --format=json or cra-elfcheck --format=json, or '-'\n"
    "for one document on standard input. Inputs may come in any order; the output is the same.\n"
    "\n"
    "Options:\n"
    "  -f, --format=FORMAT       json (default), sarif, text or markdown; with --output-dir, repeatable\n"
    "  -o, --output=FILE         write the output to FILE (atomically) instead of standard output\n"
    "      --output-dir=DIR      write evidence.json, evidence.sarif, evidence.txt and evidence.md into DIR\n"
    "                            (only the --format ones when given), each atomically\n"
    "      --root=DIR            write paths relative to DIR (default: the current directory); SARIF URIs\n"
    "                            are relative to %SRCROOT% = DIR\n"
    "      --product-name=NAME   product name recorded in the evidence\n"
    "      --product-version=V   product version recorded in the evidence\n"
    "      --config=FILE         JSON {\"product\": {\"name\": ..., \"version\": ...}, \"profile\": ...};\n"
    "                            command-line options win\n"
    "      --profile=NAME        hardening profile to record (default: the one the inputs name)\n"
    "      --fail-on=LEVEL       exit 1 when the policy fails: none (default), low, medium, high (open\n"
    "                            findings at or above LEVEL, or a failed required binary check), or\n"
    "                            requirement (a requirement is not met)\n"
    "      --baseline=FILE       an earlier evidence JSON or SARIF from cra-harden: findings and failed\n"
    "                            checks whose fingerprint it holds do not fail the gate (moved lines keep\n"
    "                            their fingerprint)\n"
    "      --no-dwarf            do not read DWARF compile units of binaries that have no build record\n"
    "  -h, --help                show this help and exit\n"
    "      --version             show the version and exit\n"
    "\n"
    "Requirement statuses: met, partially met, not met, not assessed, each with a rationale and references\n"
    "to the checks and findings behind it. Output is deterministic; the timestamp is SOURCE_DATE_EPOCH when set.\n"
    "\n"
    "Exit status:\n"
    "  0   the evidence was written and nothing failed the policy\n"
    "  1   findings or checks failed the --fail-on policy\n"
    "  2   some input could not be read or parsed (named on stderr); everything else was still merged\n"
    "  64  usage error\n"
    "  70  internal error\n";

enum { FMT_JSON = 1, FMT_SARIF = 2, FMT_TEXT = 4, FMT_MARKDOWN = 8 };

static int parse_format(const char *s) {
  if (strcmp(s, "json") == 0)
    return FMT_JSON;
  if (strcmp(s, "sarif") == 0)
    return FMT_SARIF;
  if (strcmp(s, "text") == 0)
    return FMT_TEXT;
  if (strcmp(s, "markdown") == 0 || strcmp(s, "md") == 0)
    return FMT_MARKDOWN;
  return 0;
}

/* The summary and the Markdown section quote file names, paths and messages from the inputs, which may
 * hold any bytes: no escape sequence reaches a terminal or the technical file (JSON and SARIF escape
 * control characters themselves). */
static char *printable(char *text) {
  char *clean = text ? cra_printable(text, true) : NULL;
  if (!clean)
    return text;
  free(text);
  return clean;
}

static char *emit(const ev_model *m, int fmt) {
  switch (fmt) {
  case FMT_SARIF: return ev_emit_sarif(m);
  case FMT_TEXT: return printable(ev_emit_text(m));
  case FMT_MARKDOWN: return printable(ev_emit_markdown(m));
  default: return ev_emit_json(m);
  }
}

/* Reads the small product configuration; exits 64 on a malformed file (a usage error by the contract). */
static void read_config(const char *path, char **name, char **version, char **profile) {
  size_t len = 0;
  char *buf = cra_read_file(path, &len);
  if (!buf)
    cra_usage_error("%s: %s", path, cra_strerror(errno));
  cJSON *doc = cJSON_ParseWithLength(buf, len);
  free(buf);
  if (!cJSON_IsObject(doc))
    cra_usage_error("%s: not a JSON object", path);
  const cJSON *prod = cJSON_GetObjectItemCaseSensitive(doc, "product");
  const cJSON *n = cJSON_GetObjectItemCaseSensitive(prod, "name");
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(prod, "version");
  const cJSON *p = cJSON_GetObjectItemCaseSensitive(doc, "profile");
  if ((prod && !cJSON_IsObject(prod)) || (n && !cJSON_IsString(n)) || (v && !cJSON_IsString(v)) ||
      (p && !cJSON_IsString(p)))
    cra_usage_error("%s: \"product\" must be {\"name\": string, \"version\": string} and \"profile\" a string", path);
  if (cJSON_IsString(n) && !*name)
    *name = cra_xstrdup(n->valuestring);
  if (cJSON_IsString(v) && !*version)
    *version = cra_xstrdup(v->valuestring);
  if (cJSON_IsString(p) && !*profile)
    *profile = cra_xstrdup(p->valuestring);
  cJSON_Delete(doc);
}

static int add_stdin(ev_model *m) {
  size_t cap = 65536, n = 0;
  char *buf = cra_xmalloc(cap);
  size_t r;
  while ((r = fread(buf + n, 1, cap - n - 1, stdin)) > 0) {
    n += r;
    if (n + 1 >= cap)
      buf = cra_xrealloc(buf, cap *= 2);
  }
  buf[n] = '\0';
  int problems = ev_model_add_buffer(m, buf, n, "<stdin>");
  free(buf);
  return problems;
}

int main(int argc, char **argv) {
  cra_set_progname(argv[0]);
  enum { O_OUTDIR = 256, O_ROOT, O_NAME, O_VERSIONP, O_CONFIG, O_PROFILE, O_FAILON, O_BASELINE, O_NODWARF, O_VERSION };
  static const struct option longopts[] = {
      {"format", required_argument, NULL, 'f'},      {"output", required_argument, NULL, 'o'},
      {"output-dir", required_argument, NULL, O_OUTDIR}, {"root", required_argument, NULL, O_ROOT},
      {"product-name", required_argument, NULL, O_NAME}, {"product-version", required_argument, NULL, O_VERSIONP},
      {"config", required_argument, NULL, O_CONFIG}, {"profile", required_argument, NULL, O_PROFILE},
      {"fail-on", required_argument, NULL, O_FAILON}, {"baseline", required_argument, NULL, O_BASELINE},
      {"no-dwarf", no_argument, NULL, O_NODWARF},     {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, O_VERSION},      {NULL, 0, NULL, 0}};
  int formats = 0, nformats = 0, use_dwarf = 1;
  const char *out = NULL, *outdir = NULL, *root = NULL, *config = NULL, *baseline = NULL;
  char *name = NULL, *version = NULL, *profile = NULL;
  bool profile_from_option = false;
  ev_fail_level fail_on = EV_FAIL_NONE;
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, ":f:o:h", longopts, NULL)) != -1) {
    switch (c) {
    case 'f': {
      int f = parse_format(optarg);
      if (!f)
        cra_usage_error("--format=%s: expected json, sarif, text or markdown", optarg);
      if (!(formats & f))
        nformats++;
      formats |= f;
      break;
    }
    case 'o': out = optarg; break;
    case O_OUTDIR: outdir = optarg; break;
    case O_ROOT: root = optarg; break;
    case O_NAME: free(name); name = cra_xstrdup(optarg); break;
    case O_VERSIONP: free(version); version = cra_xstrdup(optarg); break;
    case O_CONFIG: config = optarg; break;
    case O_PROFILE: free(profile); profile = cra_xstrdup(optarg); profile_from_option = true; break;
    case O_FAILON:
      if (ev_fail_level_parse(optarg, &fail_on) != 0)
        cra_usage_error("--fail-on=%s: expected none, low, medium, high or requirement", optarg);
      break;
    case O_BASELINE: baseline = optarg; break;
    case O_NODWARF: use_dwarf = 0; break;
    case 'h': fputs(usage_text, stdout); return CRA_EXIT_OK;
    case O_VERSION: cra_print_version(stdout); return CRA_EXIT_OK;
    case ':': cra_usage_error("%s: missing argument", argv[optind - 1]);
    default: cra_usage_error("%s: unknown option", argv[optind - 1]);
    }
  }
  if (optind >= argc)
    cra_usage_error("no input; give evidence directories or JSON files");
  (void)cra_report_time(); /* a malformed SOURCE_DATE_EPOCH is refused before any work */
  if (out && outdir)
    cra_usage_error("-o and --output-dir exclude each other");
  if (nformats > 1 && !outdir)
    cra_usage_error("several --format values need --output-dir");
  if (root) {
    struct stat st;
    if (stat(root, &st) != 0 || !S_ISDIR(st.st_mode))
      cra_usage_error("--root=%s: not a directory", root);
  }
  if (config)
    read_config(config, &name, &version, &profile);
  if (profile) {
    /* The profiles of cra-cc and cra-elfcheck; a typo would otherwise be printed into the technical file. */
    static const char *const known[] = {"baseline", "recommended", "production", "strict"};
    bool ok = false;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
      ok = ok || strcmp(profile, known[i]) == 0;
    if (!ok && profile_from_option)
      cra_usage_error("--profile=%s: expected baseline, recommended, production or strict", profile);
    if (!ok)
      cra_usage_error("%s: \"profile\": \"%s\": expected baseline, recommended, production or strict", config,
                      profile);
  }

  ev_options opts = {0};
  opts.product_name = name;
  opts.product_version = version;
  opts.root = root;
  opts.producer = "cra-evidence";
  opts.profile = profile;
  opts.use_dwarf = use_dwarf;
  ev_model *m = ev_model_new(&opts);
  if (baseline) {
    char *err = NULL;
    if (ev_model_load_baseline(m, baseline, &err) != 0)
      cra_usage_error("--baseline: %s", err);
  }
  for (int i = optind; i < argc; i++) {
    const char *in = argv[i];
    struct stat st;
    if (strcmp(in, "-") == 0)
      add_stdin(m);
    else if (stat(in, &st) == 0 && S_ISDIR(st.st_mode))
      ev_model_add_dir(m, in);
    else
      ev_model_add_file(m, in);
  }
  ev_model_finalize(m);
  for (size_t i = 0; i < ev_model_error_count(m); i++)
    cra_warn("%s", ev_model_error(m, i));
  for (size_t i = 0; i < ev_model_build_problem_count(m); i++)
    cra_warn("warning: %s", ev_model_build_problem(m, i));
  for (size_t i = 0; i < ev_model_unreadable_count(m); i++) {
    char *s = ev_model_unreadable(m, i);
    cra_warn("%s", s);
    free(s);
  }

  int status = CRA_EXIT_OK;
  if (outdir) {
    static const struct {
      int fmt;
      const char *file;
    } outs[] = {{FMT_JSON, "evidence.json"}, {FMT_SARIF, "evidence.sarif"}, {FMT_TEXT, "evidence.txt"},
                {FMT_MARKDOWN, "evidence.md"}};
    if (cra_mkdir_p(outdir) != 0)
      cra_die(CRA_EXIT_INPUT, "%s: %s", outdir, cra_strerror(errno));
    for (size_t i = 0; i < sizeof outs / sizeof outs[0]; i++) {
      if (formats && !(formats & outs[i].fmt))
        continue;
      char *text = emit(m, outs[i].fmt);
      char *path = cra_path_join(outdir, outs[i].file);
      if (cra_atomic_write_str(path, text) != 0)
        cra_die(CRA_EXIT_INPUT, "%s: %s", path, cra_strerror(errno));
      free(path);
      free(text);
    }
  } else {
    char *text = emit(m, formats ? formats : FMT_JSON);
    if (out) {
      if (cra_atomic_write_str(out, text) != 0)
        cra_die(CRA_EXIT_INPUT, "%s: %s", out, cra_strerror(errno));
    } else if (fputs(text, stdout) == EOF || fflush(stdout) != 0) {
      cra_die(CRA_EXIT_INPUT, "standard output: %s", cra_strerror(errno));
    }
    free(text);
  }
  if (ev_model_gate_fails(m, fail_on)) {
    status = CRA_EXIT_FAIL;
    cra_warn("policy: the --fail-on gate failed%s", baseline ? " on findings not in the baseline" : "");
  }
  /* A binary a report names as unreadable is listed (above, in every format, and it keeps its requirements
   * from "met"), but cra-evidence read that report: cra-elfcheck's own exit 2 was the input error. */
  if (ev_model_error_count(m))
    status = CRA_EXIT_INPUT; /* 2 wins over 1: an incomplete run cannot claim a complete verdict */
  ev_model_free(m);
  free(name);
  free(version);
  free(profile);
  return status;
}
