/* Argument analysis: response-file expansion, the step a command performs (compile, link, pass-through),
 * its inputs and output, and the user's flags in a normalised form for the policy table.
 * Follows the GCC driver's rules (gcc/gcc.cc, gcc/opts-common.cc); Clang's driver accepts the same forms. */
#include "wrap.h"

#include "cra_common.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

void wrap_strv_push(wrap_strv *sv, const char *s) {
  if (sv->n + 2 > sv->cap) {
    sv->cap = sv->cap ? sv->cap * 2 : 16;
    sv->v = cra_xreallocarray(sv->v, sv->cap, sizeof *sv->v);
  }
  sv->v[sv->n++] = cra_xstrdup(s);
  sv->v[sv->n] = NULL;
}

void wrap_strv_push_all(wrap_strv *sv, const wrap_strv *from) {
  for (size_t i = 0; i < from->n; i++)
    wrap_strv_push(sv, from->v[i]);
}

bool wrap_strv_contains(const wrap_strv *sv, const char *s) {
  for (size_t i = 0; i < sv->n; i++)
    if (strcmp(sv->v[i], s) == 0)
      return true;
  return false;
}

void wrap_strv_push_words(wrap_strv *sv, const char *s) {
  while (*s) {
    while (*s == ' ')
      s++;
    const char *e = s;
    while (*e && *e != ' ')
      e++;
    if (e > s) {
      char *w = cra_xstrndup(s, (size_t)(e - s));
      wrap_strv_push(sv, w);
      free(w);
    }
    s = e;
  }
}

/* ---- response files ---------------------------------------------------------------------------- */

/* Splits a response file like libiberty's buildargv: blanks separate, '...' and "..." quote, backslash
 * escapes the next character. */
static void split_response(wrap_strv *out, const char *text) {
  size_t cap = strlen(text) + 1;
  char *word = cra_xmalloc(cap);
  const char *p = text;
  for (;;) {
    while (*p && isspace((unsigned char)*p))
      p++;
    if (!*p)
      break;
    size_t n = 0;
    char quote = 0;
    while (*p && (quote || !isspace((unsigned char)*p))) {
      if (*p == '\\' && p[1]) {
        word[n++] = p[1];
        p += 2;
      } else if (quote && *p == quote) {
        quote = 0;
        p++;
      } else if (!quote && (*p == '\'' || *p == '"')) {
        quote = *p++;
      } else {
        word[n++] = *p++;
      }
    }
    word[n] = '\0';
    wrap_strv_push(out, word);
  }
  free(word);
}

/* Appends argv to out, expanding @file (recursively, at most `depth` levels) the way the driver does: an
 * @word whose file cannot be read stays a literal argument. */
static void expand(wrap_strv *out, char **argv, size_t argc, int depth, char **problem) {
  for (size_t i = 0; i < argc; i++) {
    const char *arg = argv[i];
    if (arg[0] == '@' && arg[1] && depth < 16) {
      size_t len;
      char *text = cra_read_file(arg + 1, &len);
      if (text) {
        wrap_strv words = {0};
        split_response(&words, text);
        free(text);
        expand(out, words.v, words.n, depth + 1, problem);
        continue;
      }
      struct stat st;
      if (stat(arg + 1, &st) == 0 && !*problem)
        *problem = cra_xasprintf("%s: response file unreadable", arg + 1);
    }
    wrap_strv_push(out, arg);
  }
}

/* ---- option tables ----------------------------------------------------------------------------- */

/* Options whose argument is the next word when written separately (gcc/gcc.cc, clang Options.td). */
static const char *const separate_arg[] = {
    "-o", "-x", "-I", "-L", "-l", "-D", "-U", "-MF", "-MT", "-MQ", "-include", "-imacros", "-isystem",
    "-idirafter", "-iprefix", "-iwithprefix", "-iwithprefixbefore", "-iquote", "-isysroot", "-imultilib",
    "-Xlinker", "-Xassembler", "-Xpreprocessor", "-Xclang", "-Xanalyzer", "-mllvm", "-T", "-u", "-e", "-z",
    "-aux-info", "--param", "-A", "-target", "--target", "-arch", "-G", "-B", "-b", "-V", "--sysroot", "-dumpdir",
    "-dumpbase", "-dumpbase-ext", "-specs", "--include", "-Xcuda-ptxas", "-Xopenmp-target", "-framework",
    "--serialize-diagnostics", "-ivfsoverlay", "-iframework", "-resource-dir", "-fplugin-arg", "-main-file-name",
    NULL};

static bool takes_separate_arg(const char *a) {
  for (int i = 0; separate_arg[i]; i++)
    if (strcmp(a, separate_arg[i]) == 0)
      return true;
  return false;
}

/* Options that mean the command does not compile or link (it asks the driver something, or only
 * preprocesses): such commands go through untouched. */
static bool is_query_option(const char *a) {
  static const char *const exact[] = {"-E", "-M", "-MM", "-###", "--version", "-dumpversion", "-dumpfullversion",
                                      "-dumpmachine", "-dumpspecs", "--help", "--target-help", "-fsyntax-only",
                                      "-print-search-dirs", "-print-libgcc-file-name", "-print-multiarch",
                                      "-print-multi-directory", "-print-multi-lib", "-print-multi-os-directory",
                                      "-print-sysroot", "-print-sysroot-headers-suffix", "-print-resource-dir",
                                      "-print-targets", "-print-effective-triple", "-print-target-triple",
                                      "--print-supported-cpus", "-print-supported-extensions", NULL};
  for (int i = 0; exact[i]; i++)
    if (strcmp(a, exact[i]) == 0)
      return true;
  return strncmp(a, "--help=", 7) == 0 || strncmp(a, "-print-file-name=", 17) == 0 ||
         strncmp(a, "-print-prog-name=", 17) == 0 || strncmp(a, "--print-", 8) == 0;
}

enum lang { L_NONE, L_C, L_CXX, L_ASM, L_OBJC, L_OTHER };

static enum lang lang_of_x(const char *x) {
  if (strcmp(x, "c") == 0 || strcmp(x, "c-header") == 0 || strcmp(x, "cpp-output") == 0)
    return L_C;
  if (strncmp(x, "c++", 3) == 0)
    return L_CXX;
  if (strncmp(x, "assembler", 9) == 0)
    return L_ASM;
  if (strncmp(x, "objective-c", 11) == 0)
    return L_OBJC;
  if (strcmp(x, "none") == 0)
    return L_NONE;
  return L_OTHER;
}

static enum lang lang_of_file(const char *f) {
  const char *dot = strrchr(f, '.');
  const char *slash = strrchr(f, '/');
  if (!dot || (slash && dot < slash))
    return L_OTHER;
  dot++;
  if (strcmp(dot, "c") == 0 || strcmp(dot, "i") == 0 || strcmp(dot, "h") == 0)
    return L_C;
  static const char *const cxx[] = {"cc", "cp", "cxx", "cpp", "CPP", "c++", "C", "ii", "hh", "hpp", "hxx", "H", NULL};
  for (int i = 0; cxx[i]; i++)
    if (strcmp(dot, cxx[i]) == 0)
      return L_CXX;
  if (strcmp(dot, "s") == 0 || strcmp(dot, "S") == 0 || strcmp(dot, "sx") == 0)
    return L_ASM;
  if (strcmp(dot, "m") == 0 || strcmp(dot, "mm") == 0 || strcmp(dot, "M") == 0)
    return L_OBJC;
  return L_OTHER;
}

static const char *base_name(const char *p) {
  const char *s = strrchr(p, '/');
  return s ? s + 1 : p;
}

/* Does some component of path `p` start with `prefix`? */
static bool has_component(const char *p, const char *prefix) {
  size_t l = strlen(prefix);
  for (const char *c = p; c; c = strchr(c, '/')) {
    if (*c == '/')
      c++;
    if (strncmp(c, prefix, l) == 0)
      return true;
  }
  return false;
}

/* The probe sources CMake 3.x compiles from its own Modules directory (try_compile of a file that is not
 * written into the build tree): ABI detection, and the checks that ship a source. */
static const char *const cmake_module_sources[] = {
    "CMakeCCompilerABI.c",     "CMakeCXXCompilerABI.cpp",      "CMakeTestGNU.c",
    "CheckForPthreads.c",      "CheckFunctionExists.c",        "CheckVariableExists.c",
    "DummyCXXFile.cxx",        "TestForANSIStreamHeaders.cxx", "TestForAnsiForScope.cxx",
    "TestForSSTREAM.cxx",      "TestForSTDNamespace.cxx",
};

/* Configure-time probe compiles. They must see the compiler exactly as it is (what the build system learns
 * about it must not depend on our flags), and they are not part of the product.
 *   Autoconf: conftest.c / conftest.cpp, output conftest or conftest.o (cwd: the build directory).
 *   CMake: compiler identification (CMakeCCompilerId.c, CMakeCXXCompilerId.cpp in CMakeFiles/<ver>/CompilerIdC),
 *     and try_compile (ABI detection and every check_* module): the working directory is
 *     CMakeFiles/CMakeScratch/TryCompile-* (3.24+) or CMakeFiles/CMakeTmp (older), the object goes to
 *     CMakeFiles/cmTC_<hash>.dir/ and the executable is cmTC_<hash>; the source is src.c / src.cxx there,
 *     CheckIncludeFile.c and the like in CMakeTmp, or one of the Modules files above.
 *   Meson: sanitycheckc.c / sanitycheckcpp.cc and every compiler check (testfile.c, output output.*) in
 *     meson-private/. */
static bool is_probe_compile(const wrap_args *a) {
  for (size_t i = 0; i < a->inputs.n; i++) {
    const char *in = a->inputs.v[i], *b = base_name(in);
    if (strncmp(b, "conftest.", 9) == 0 || strncmp(b, "CMakeCCompilerId", 16) == 0 ||
        strncmp(b, "CMakeCXXCompilerId", 18) == 0 || strncmp(b, "CheckIncludeFile", 16) == 0 ||
        strncmp(b, "sanitycheck", 11) == 0 || strstr(in, "/CMakeScratch/") || strstr(in, "/CMakeTmp/") ||
        strstr(in, "meson-private/") || has_component(in, "cmTC_"))
      return true;
    for (size_t k = 0; k < sizeof cmake_module_sources / sizeof cmake_module_sources[0]; k++)
      if (strcmp(b, cmake_module_sources[k]) == 0)
        return true;
    if (strncmp(b, "testfile.", 9) == 0 && a->output && strncmp(base_name(a->output), "output.", 7) == 0)
      return true;
  }
  if (a->output) {
    const char *b = base_name(a->output);
    if (strcmp(b, "conftest") == 0 || strncmp(b, "conftest.", 9) == 0 || has_component(a->output, "cmTC_") ||
        strstr(a->output, "meson-private/"))
      return true;
  }
  /* The working directory names CMake's try_compile and compiler-id directories even when every path in
   * the command is relative or points elsewhere (the ABI source lives under /usr/share). */
  char cwd[4096];
  if (getcwd(cwd, sizeof cwd) &&
      (strstr(cwd, "/CMakeFiles/CMakeScratch/TryCompile-") || strstr(cwd, "/CMakeFiles/CMakeTmp") ||
       (strstr(cwd, "/CMakeFiles/") && (strstr(cwd, "/CompilerIdC") || strstr(cwd, "/CompilerIdCXX"))) ||
       strstr(cwd, "/meson-private/tmp")))
    return true;
  return false;
}

/* Appends the linker keyword options of one -Wl,... list in normalised "-Wl,-z,X" form. */
static void push_linker_words(wrap_strv *user, char **words, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const char *w = words[i];
    if (strcmp(w, "-z") == 0 && i + 1 < n) {
      char *f = cra_xasprintf("-Wl,-z,%s", words[++i]);
      wrap_strv_push(user, f);
      free(f);
    } else if (strncmp(w, "-z", 2) == 0 && w[2]) {
      char *f = cra_xasprintf("-Wl,-z,%s", w + 2);
      wrap_strv_push(user, f);
      free(f);
    } else {
      char *f = cra_xasprintf("-Wl,%s", w);
      wrap_strv_push(user, f);
      free(f);
    }
  }
}

static void split_commas(wrap_strv *out, const char *s) {
  while (*s) {
    const char *e = strchr(s, ',');
    size_t len = e ? (size_t)(e - s) : strlen(s);
    char *w = cra_xstrndup(s, len);
    wrap_strv_push(out, w);
    free(w);
    if (!e)
      break;
    s = e + 1;
  }
}

void wrap_args_analyse(wrap_args *a, char **argv, int argc, bool cxx_driver) {
  memset(a, 0, sizeof *a);
  expand(&a->exp, argv, (size_t)argc, 0, &a->problem);
  bool has_c = false, has_S = false, query = false, relocatable = false, shared = false, is_static = false;
  bool static_pie = false, has_v = false;
  enum lang xlang = L_NONE;
  bool any_c = false, any_cxx = false, any_other_src = false, any_asm = false;
  wrap_strv linker_pending = {0}; /* -Xlinker words, joined into one list for -z handling */
  char **v = a->exp.v;
  size_t n = a->exp.n;
  for (size_t i = 0; i < n; i++) {
    const char *arg = v[i];
    if (arg[0] != '-' || strcmp(arg, "-") == 0) {
      /* An input file (or "-" = stdin). */
      wrap_strv_push(&a->inputs, arg);
      enum lang l = xlang != L_NONE ? xlang : lang_of_file(arg);
      if (strcmp(arg, "-") == 0 && xlang == L_NONE)
        l = L_OTHER;
      if (l == L_C || l == L_CXX || l == L_ASM || l == L_OBJC) {
        wrap_strv_push(&a->sources, arg);
        if (l == L_C)
          any_c = true;
        else if (l == L_CXX)
          any_cxx = true;
        else if (l == L_ASM)
          any_asm = true;
        else
          any_other_src = true;
      }
      continue;
    }
    const char *next = i + 1 < n ? v[i + 1] : NULL;
    if (is_query_option(arg))
      query = true;
    if (strcmp(arg, "-v") == 0)
      has_v = true;
    if (strcmp(arg, "-c") == 0)
      has_c = true;
    else if (strcmp(arg, "-S") == 0)
      has_S = true;
    else if (strcmp(arg, "-shared") == 0 || strcmp(arg, "-dynamiclib") == 0)
      shared = true;
    else if (strcmp(arg, "-static") == 0)
      is_static = true;
    else if (strcmp(arg, "-static-pie") == 0)
      static_pie = true;
    else if (strcmp(arg, "-r") == 0 || strcmp(arg, "-Wl,-r") == 0 || strcmp(arg, "-Wl,--relocatable") == 0)
      relocatable = true;
    if (strncmp(arg, "-O", 2) == 0) {
      a->olevel = arg;
      a->optimising = strcmp(arg, "-O0") != 0;
    }
    if (strncmp(arg, "-fsanitize=", 11) == 0)
      a->sanitize = true;
    if (strcmp(arg, "-fsyntax-only") == 0)
      a->syntax_only = true;

    /* Normalised user flags. */
    if ((strcmp(arg, "-D") == 0 || strcmp(arg, "-U") == 0) && next) {
      char *f = cra_xasprintf("%s%s", arg, next);
      wrap_strv_push(&a->user, f);
      free(f);
    } else if (strncmp(arg, "-Wl,", 4) == 0) {
      wrap_strv words = {0};
      split_commas(&words, arg + 4);
      push_linker_words(&a->user, words.v, words.n);
    } else if (strcmp(arg, "-Xlinker") == 0 && next) {
      wrap_strv_push(&linker_pending, next);
    } else if (strcmp(arg, "-z") == 0 && next) {
      char *f = cra_xasprintf("-Wl,-z,%s", next);
      wrap_strv_push(&a->user, f);
      free(f);
    } else {
      wrap_strv_push(&a->user, arg);
    }

    /* The flags that decide which target the compiler builds for: identification and probes need them (a
     * cross-compiling clang --target=aarch64-... must not get x86 flags). */
    if (strncmp(arg, "--target=", 9) == 0 || strcmp(arg, "-m32") == 0 || strcmp(arg, "-m64") == 0 ||
        strcmp(arg, "-mx32") == 0 || strcmp(arg, "-m16") == 0 || strncmp(arg, "--sysroot=", 10) == 0 ||
        strncmp(arg, "--gcc-toolchain=", 16) == 0 || strncmp(arg, "-fuse-ld=", 9) == 0 ||
        (strncmp(arg, "-B", 2) == 0 && arg[2])) {
      wrap_strv_push(&a->target_args, arg);
    } else if ((strcmp(arg, "-target") == 0 || strcmp(arg, "--target") == 0 || strcmp(arg, "--sysroot") == 0 ||
                strcmp(arg, "-B") == 0) && next) {
      wrap_strv_push(&a->target_args, arg);
      wrap_strv_push(&a->target_args, next);
    }

    /* Flags for cra-check: compile options only. */
    bool sep = takes_separate_arg(arg);
    bool drop = strcmp(arg, "-c") == 0 || strcmp(arg, "-o") == 0 || strncmp(arg, "-o", 2) == 0 ||
                strncmp(arg, "-M", 2) == 0 || strncmp(arg, "-Wl,", 4) == 0 || strcmp(arg, "-Xlinker") == 0 ||
                strncmp(arg, "-l", 2) == 0 || strncmp(arg, "-L", 2) == 0 || strcmp(arg, "-shared") == 0 ||
                strcmp(arg, "-static") == 0 || strcmp(arg, "-pie") == 0 || strcmp(arg, "-no-pie") == 0 ||
                strcmp(arg, "-static-pie") == 0 || strcmp(arg, "-rdynamic") == 0 || strcmp(arg, "-z") == 0 ||
                strcmp(arg, "-T") == 0 || strcmp(arg, "-u") == 0 || strcmp(arg, "-e") == 0 ||
                strcmp(arg, "-S") == 0 || strcmp(arg, "-r") == 0 || strcmp(arg, "-s") == 0 ||
                strcmp(arg, "-pipe") == 0 || strncmp(arg, "-fplugin", 8) == 0;
    if (!drop) {
      wrap_strv_push(&a->check_args, arg);
      if (sep && next)
        wrap_strv_push(&a->check_args, next);
    }
    if (strcmp(arg, "-x") == 0 && next)
      xlang = lang_of_x(next);
    else if (strncmp(arg, "-x", 2) == 0 && arg[2])
      xlang = lang_of_x(arg + 2);
    if (strcmp(arg, "-o") == 0 && next)
      a->output = next;
    else if (strncmp(arg, "-o", 2) == 0 && arg[2])
      a->output = arg + 2;
    if (sep && next)
      i++;
  }
  if (linker_pending.n) {
    push_linker_words(&a->user, linker_pending.v, linker_pending.n);
    if (wrap_strv_contains(&linker_pending, "-r") || wrap_strv_contains(&linker_pending, "--relocatable"))
      relocatable = true;
  }
  /* g++/clang++ compile .c files as C++ unless -x says otherwise. */
  bool c_as_cxx = cxx_driver && any_c && xlang == L_NONE;
  a->lang_c = any_c && !c_as_cxx;
  a->lang_cxx = any_cxx || c_as_cxx;
  a->asm_only = a->sources.n > 0 && any_asm && !any_c && !any_cxx && !any_other_src;
  a->link_kind = relocatable ? WRAP_LINK_RELOCATABLE
                 : shared    ? WRAP_LINK_SHARED
                 : (is_static && !static_pie) ? WRAP_LINK_STATIC_EXE
                                              : WRAP_LINK_EXE;

  /* The step. */
  if (query) {
    a->step = WRAP_STEP_PASS;
    a->pass_reason = "query or preprocessing only";
  } else if (a->inputs.n == 0) {
    a->step = WRAP_STEP_PASS;
    a->pass_reason = has_v ? "query or preprocessing only" : "no input files";
  } else if (is_probe_compile(a)) {
    a->step = WRAP_STEP_PASS;
    a->pass_reason = "configure-time probe";
  } else if (has_c || has_S) {
    if (a->sources.n == 0 || a->asm_only) {
      a->step = WRAP_STEP_PASS;
      a->pass_reason = a->asm_only ? "assembler only" : "no source inputs";
    } else {
      a->step = WRAP_STEP_COMPILE;
    }
  } else if (a->sources.n > 0 && !a->asm_only) {
    a->step = WRAP_STEP_COMPILE_LINK;
  } else {
    a->step = WRAP_STEP_LINK;
  }
}
