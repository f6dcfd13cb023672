# lit configuration for cra-harden. Substitutions name every tool; features say what the machine can build
# (tests that need gcc-multilib, musl, lld, gold or libFuzzer say so with REQUIRES:, never skip silently).
import os
import shutil
import subprocess
import tempfile

import lit.formats

config.name = "cra-harden"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".cpp", ".test", ".sh"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py", "CMakeLists.txt", "README.md"]
config.test_source_root = os.path.join(config.cra_src_root, "test")
config.test_exec_root = os.path.join(config.cra_obj_root, "test")

# LLVM's FileCheck, not, count, split-file come first on PATH; then our build tree.
path = os.pathsep.join([config.llvm_bindir, config.cra_bindir, config.environment.get("PATH", os.environ.get("PATH", ""))])
config.environment["PATH"] = path
for var in ("HOME", "TMPDIR", "LANG", "SOURCE_DATE_EPOCH"):
    if var in os.environ:
        config.environment[var] = os.environ[var]
# Tests must not inherit a user's wrapper settings.
for var in list(config.environment):
    if var.startswith("CRA_"):
        del config.environment[var]
config.environment["LC_ALL"] = "C"
config.environment["NO_COLOR"] = "1"

gcc = shutil.which("gcc-12") or shutil.which("gcc")
tool = lambda name: os.path.join(config.cra_bindir, name)
plugin = os.path.join(config.cra_plugindir, "cra-plugin.so")

# Longer keys first: lit substitutes in order, and %cra-c would otherwise eat %cra-cc.
subs = [
    ("%{cra_version}", config.cra_version),
    ("%{llvm_version}", config.llvm_version),
    ("%{cra_tools}", " ".join(config.cra_tools)),
    ("%cra-elfcheck", tool("cra-elfcheck")),
    ("%cra-evidence", tool("cra-evidence")),
    ("%cra-check", tool("cra-check")),
    # Keys are regular expressions to lit: "+" must be escaped or "%cra-c++" would also match "%cra-cc".
    (r"%cra-c\+\+", tool("cra-c++")),
    ("%cra-cc", tool("cra-cc")),
    ("%cra-plugin", plugin),
    (r"%clang\+\+", config.clang + "++"),
    ("%clang", config.clang),
    ("%gcc", gcc or "gcc"),
    ("%python", config.python),
    ("%cra_src", config.cra_src_root),
    ("%cra_bindir", config.cra_bindir),
    ("%shared", config.shared_dir),
    ("%schemas", os.path.join(config.shared_dir, "schemas")),
    ("%resource_dir", config.clang_resource_dir),
    ("%testtools", os.path.join(config.cra_src_root, "test", "tools")),
]
# A clang of another major version, when one is installed (Debian 12 images carry clang-14): loading the
# plugin into it must fail cleanly, never crash.
import glob as _glob
other_clang = next((c for c in sorted(_glob.glob("/usr/lib/llvm-*/bin/clang"))
                    if c.split("/")[3] != "llvm-" + config.llvm_version_major and os.access(c, os.X_OK)), None)
if other_clang:
    config.available_features.add("other-clang")
    subs.insert(0, ("%other_clang", other_clang))
config.substitutions.extend(subs)


def compiles(cc, flags, src="int main(void){return 0;}\n"):
    """True when `cc flags` links a trivial program: decides REQUIRES features honestly."""
    if not cc:
        return False
    with tempfile.TemporaryDirectory() as d:
        c = os.path.join(d, "t.c")
        with open(c, "w") as f:
            f.write(src)
        try:
            r = subprocess.run([cc] + flags + [c, "-o", os.path.join(d, "t")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            return False
        return r.returncode == 0


config.available_features.add("x86_64" if os.uname().machine == "x86_64" else os.uname().machine)
if compiles(gcc, ["-m32"]):
    config.available_features.add("m32")
if shutil.which("musl-gcc") and compiles(shutil.which("musl-gcc"), ["-static"]):
    config.available_features.add("musl")
if compiles(config.clang, ["-fuse-ld=lld"]):
    config.available_features.add("lld")
if compiles(gcc, ["-fuse-ld=gold"]):
    config.available_features.add("gold")
if compiles(gcc, ["-static"]):
    config.available_features.add("static")
if compiles(config.clang, ["-fsanitize=fuzzer,address,undefined"],
            "#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t*d,size_t n){(void)d;(void)n;return 0;}\n"):
    config.available_features.add("libfuzzer")
if os.path.isdir(config.shared_dir):
    config.available_features.add("shared")
try:
    import jsonschema  # noqa: F401
    config.available_features.add("jsonschema")
except ImportError:
    pass
for t in config.cra_tools:
    config.available_features.add("tool-" + t)
# Build tools the wrapper tests drive (test/wrappers).
for exe, feature in (("ccache", "ccache"), ("autoreconf", "autoconf"), ("meson", "meson"), ("make", "make"),
                     ("cmake", "cmake"), ("ninja", "ninja"), ("hyperfine", "hyperfine")):
    if shutil.which(exe):
        config.available_features.add(feature)
if os.path.exists(plugin):
    config.available_features.add("plugin")
