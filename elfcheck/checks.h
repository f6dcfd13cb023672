/* The binary checks: pure functions from struct elf_facts to a verdict, an evidence string naming the
 * structure that decided it, and a small machine-readable detail object. The registry is checks.def. */
#ifndef ELF_CHECKS_H
#define ELF_CHECKS_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "elf_facts.h"

enum elf_verdict { ELF_PASS, ELF_PARTIAL, ELF_FAIL, ELF_NOT_APPLICABLE, ELF_UNKNOWN };
const char *elf_verdict_name(enum elf_verdict v);

struct elf_check_result {
  enum elf_verdict verdict;
  char *evidence; /* malloc'd */
  cJSON *detail;  /* an object, or NULL */
};

typedef void (*elf_check_fn)(const struct elf_facts *f, struct elf_check_result *r);

struct elf_check_def {
  const char *id;
  const char *requirement; /* docs/formats.md requirement id */
  elf_check_fn fn;
  const char *summary;
};

#define CHECK(id, req, fn, summary) void fn(const struct elf_facts *f, struct elf_check_result *r);
#include "checks.def"
#undef CHECK

extern const struct elf_check_def elf_checks[];
extern const size_t elf_ncheck;
/* Index of a check id, or -1. */
int elf_check_index(const char *id);

/* ---- helpers for the check functions (check_util.c) ---- */
void elf_result(struct elf_check_result *r, enum elf_verdict v, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
cJSON *elf_detail(struct elf_check_result *r);
/* True for the kinds a final link produced (executables and shared libraries). */
bool elf_is_linked(const struct elf_facts *f);
/* True for executables of any kind (exec, pie, static-pie, legacy pie). */
bool elf_is_executable(const struct elf_facts *f);
/* Sets r to not_applicable with the reason for objects, kernel modules, cores, debug files and other
 * e_types; returns true when it did. */
bool elf_na_unless_linked(const struct elf_facts *f, struct elf_check_result *r);

/* Recorded compiler switches: each compile unit whose DW_AT_producer carries switches (GCC always,
 * clang with -grecord-command-line), plus .GCC.command.line as one more unit. `classify` returns 1 when
 * a token turns the feature on, 0 when it turns it off, -1 when it does not concern it; the last match in
 * a unit wins, as on a command line. */
struct elf_flag_tally {
  size_t units;      /* compile units that record switches (a producer string counts once per unit) */
  size_t on, off;    /* units where the feature ends up on / off (unmentioned counts as off) */
  size_t unrecorded; /* compiler units without switches */
  size_t producers;  /* distinct recording strings: DW_AT_producer values plus .GCC.command.line entries */
  char on_token[96]; /* a deciding token, for the evidence */
  const char *on_source, *off_source; /* "DW_AT_producer" or ".GCC.command.line" */
};
void elf_flag_tally(const struct elf_facts *f, int (*classify)(const char *tok), struct elf_flag_tally *t);
/* Turns a tally into pass (all units on) / partial (some) / fail (none) / unknown (no recording unit). */
void elf_flag_verdict(const struct elf_flag_tally *t, const char *feature, struct elf_check_result *r);
/* ", 1 producer string" / ", N producer strings": appended to messages that count compile units. */
const char *elf_tally_producers(const struct elf_flag_tally *t, char *buf, size_t cap);
/* Adds compile_units / producer_strings to a check's detail. */
void elf_tally_detail(const struct elf_flag_tally *t, cJSON *d);

#endif
