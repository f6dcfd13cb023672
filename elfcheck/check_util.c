/* The check registry (from checks.def) and the helpers the pure check functions share. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "cra_common.h"

const struct elf_check_def elf_checks[] = {
#define CHECK(id, req, fn, summary) {id, req, fn, summary},
#include "checks.def"
#undef CHECK
};
const size_t elf_ncheck = sizeof elf_checks / sizeof elf_checks[0];

int elf_check_index(const char *id) {
  for (size_t i = 0; i < elf_ncheck; i++)
    if (strcmp(elf_checks[i].id, id) == 0)
      return (int)i;
  return -1;
}

const char *elf_verdict_name(enum elf_verdict v) {
  switch (v) {
  case ELF_PASS: return "pass";
  case ELF_PARTIAL: return "partial";
  case ELF_FAIL: return "fail";
  case ELF_NOT_APPLICABLE: return "not_applicable";
  case ELF_UNKNOWN: break;
  }
  return "unknown";
}

void elf_result(struct elf_check_result *r, enum elf_verdict v, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = NULL;
  if (vasprintf(&s, fmt, ap) < 0)
    cra_die(70, "out of memory");
  va_end(ap);
  free(r->evidence);
  r->evidence = s;
  r->verdict = v;
}

cJSON *elf_detail(struct elf_check_result *r) {
  if (!r->detail)
    r->detail = cJSON_CreateObject();
  return r->detail;
}

bool elf_is_linked(const struct elf_facts *f) {
  switch (f->kind) {
  case ELF_KIND_EXEC:
  case ELF_KIND_PIE:
  case ELF_KIND_STATIC_PIE:
  case ELF_KIND_DSO:
  case ELF_KIND_EXEC_DSO:
    return true;
  default:
    return false;
  }
}

bool elf_is_executable(const struct elf_facts *f) {
  return f->kind == ELF_KIND_EXEC || f->kind == ELF_KIND_PIE || f->kind == ELF_KIND_STATIC_PIE;
}

bool elf_na_unless_linked(const struct elf_facts *f, struct elf_check_result *r) {
  switch (f->kind) {
  case ELF_KIND_OBJECT:
  case ELF_KIND_KMOD:
    elf_result(r, ELF_NOT_APPLICABLE, "%s (ET_REL): decided at the final link",
               f->kind == ELF_KIND_KMOD ? "kernel module" : "relocatable object");
    return true;
  case ELF_KIND_CORE:
    elf_result(r, ELF_NOT_APPLICABLE, "core file (ET_CORE)");
    return true;
  case ELF_KIND_DEBUG:
    elf_result(r, ELF_NOT_APPLICABLE, "separate debug file (code sections are SHT_NOBITS)");
    return true;
  case ELF_KIND_OTHER:
    elf_result(r, ELF_NOT_APPLICABLE, "e_type 0x%x is neither executable nor library", (unsigned)f->e_type);
    return true;
  default:
    return false;
  }
}

/* A producer records switches when it is a C/C++ compiler string followed by options. */
static bool producer_is_compiler(const char *p) {
  if (strncmp(p, "GNU AS", 6) == 0)
    return false;
  return strncmp(p, "GNU ", 4) == 0 || strstr(p, "clang version") != NULL;
}

static void tally_tokens(const char *text, bool split_spaces, int (*classify)(const char *tok), int *state,
                         char *tok_out, size_t tok_cap) {
  const char *p = text;
  while (*p) {
    while (split_spaces && *p == ' ')
      p++;
    if (!*p)
      break;
    const char *end = split_spaces ? strchr(p, ' ') : NULL;
    size_t l = end ? (size_t)(end - p) : strlen(p);
    char tok[256];
    if (l < sizeof tok) {
      memcpy(tok, p, l);
      tok[l] = '\0';
      int c = classify(tok);
      if (c >= 0) {
        *state = c;
        if (c == 1)
          snprintf(tok_out, tok_cap, "%.95s", tok);
      }
    }
    p += l;
  }
}

void elf_flag_tally(const struct elf_facts *f, int (*classify)(const char *tok), struct elf_flag_tally *t) {
  memset(t, 0, sizeof *t);
  for (size_t i = 0; i < f->nproducers; i++) {
    const char *p = f->producers[i];
    if (!producer_is_compiler(p))
      continue;
    /* GCC: "GNU C17 12.2.0 -mtune=generic -O2 ..."; clang records only with -grecord-command-line. */
    size_t n = f->producer_units ? f->producer_units[i] : 1;
    if (!strstr(p, " -")) {
      t->unrecorded += n;
      continue;
    }
    int state = 0;
    char tok[96] = "";
    tally_tokens(p, true, classify, &state, tok, sizeof tok);
    t->units += n;
    t->producers++;
    if (state == 1) {
      t->on += n;
      if (!t->on_source) {
        t->on_source = "DW_AT_producer";
        snprintf(t->on_token, sizeof t->on_token, "%.95s", tok);
      }
    } else {
      t->off += n;
      if (!t->off_source)
        t->off_source = "DW_AT_producer";
    }
  }
  /* .GCC.command.line holds one entry per translation unit (GCC: "GNU C17 12.2.0 -O2 ...", clang's
   * -frecord-command-line: the whole command line). */
  for (size_t i = 0; i < f->ncmdlines; i++) {
    int state = 0;
    char tok[96] = "";
    tally_tokens(f->cmdlines[i], true, classify, &state, tok, sizeof tok);
    t->units++;
    t->producers++;
    if (state == 1) {
      t->on++;
      if (!t->on_source) {
        t->on_source = ".GCC.command.line";
        snprintf(t->on_token, sizeof t->on_token, "%.95s", tok);
      }
    } else {
      t->off++;
      if (!t->off_source)
        t->off_source = ".GCC.command.line";
    }
  }
}

const char *elf_tally_producers(const struct elf_flag_tally *t, char *buf, size_t cap) {
  snprintf(buf, cap, ", %zu producer string%s", t->producers, t->producers == 1 ? "" : "s");
  return buf;
}

void elf_tally_detail(const struct elf_flag_tally *t, cJSON *d) {
  cJSON_AddNumberToObject(d, "units_recorded", (double)t->units);
  cJSON_AddNumberToObject(d, "units_on", (double)t->on);
  cJSON_AddNumberToObject(d, "units_unrecorded", (double)t->unrecorded);
  cJSON_AddNumberToObject(d, "producer_strings", (double)t->producers);
}

void elf_flag_verdict(const struct elf_flag_tally *t, const char *feature, struct elf_check_result *r) {
  cJSON *d = elf_detail(r);
  elf_tally_detail(t, d);
  char ps[48];
  elf_tally_producers(t, ps, sizeof ps);
  if (t->units == 0) {
    elf_result(r, ELF_UNKNOWN, "no recorded compiler switches (%s): %s is visible only as a switch",
               t->unrecorded ? "DW_AT_producer without switches: clang needs -grecord-command-line"
                             : "no DW_AT_producer or .GCC.command.line: build with -g or -frecord-gcc-switches",
               feature);
  } else if (t->on == t->units) {
    elf_result(r, ELF_PASS, "%s: %s (%zu of %zu compile units%s)", t->on_source, t->on_token, t->on, t->units, ps);
  } else if (t->on) {
    elf_result(r, ELF_PARTIAL, "%s: %s in %zu of %zu compile units%s", t->on_source, t->on_token, t->on, t->units,
               ps);
  } else {
    elf_result(r, ELF_FAIL, "%s: no %s switch in %zu compile unit%s%s", t->off_source, feature, t->units,
               t->units == 1 ? "" : "s", ps);
  }
}
