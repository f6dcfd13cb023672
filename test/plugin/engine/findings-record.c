// findings=DIR: one valid JSON record per translation unit, named uniquely per output, rewritten in
// place by a rebuild, with the documented fields (docs/formats.md "Findings record").
// RUN: rm -rf %t && mkdir -p %t/f %t/o && split-file %s %t
// RUN: cd %t && %clang -c -fplugin=%cra-plugin -fplugin-arg-cra-findings=%t/f a.c -o o/a.o 2>/dev/null
// RUN: cd %t && %clang -c -fplugin=%cra-plugin -fplugin-arg-cra-findings=%t/f b.c -o o/b.o 2>/dev/null
// RUN: cd %t && %clang -c -fplugin=%cra-plugin -fplugin-arg-cra-findings=%t/f a.c -o o/a2.o 2>/dev/null
// RUN: cd %t && %clang -c -fplugin=%cra-plugin -fplugin-arg-cra-findings=%t/f a.c -o o/a.o 2>/dev/null
// RUN: ls %t/f | FileCheck %s --check-prefix=FILES
// FILES-COUNT-2: a.c-{{[0-9a-f]+}}.json
// FILES-NEXT: b.c-{{[0-9a-f]+}}.json
// FILES-NOT: {{.}}
// RUN: %python %t/show.py %t/f | FileCheck %s
// CHECK: a.c format=cra-findings version=1 tool=cra-plugin output=o/a.o
// CHECK-NEXT: a.c:2:10 cred-url-userinfo cwe=[798, 259] req=['part-i/2d', 'part-i/2b'] severity=high suppressed=False justification=None
// CHECK-SAME: fingerprint=64hex snippet="ftp://u:Pw-2938x@10.0.0.9/"
// CHECK-NEXT: keys=column,cwe,end_column,end_line,file,fingerprint,fix,justification,line,message,requirements,rule,severity,snippet,suppressed
// CHECK: a.c format=cra-findings version=1 tool=cra-plugin output=o/a2.o
// CHECK: b.c format=cra-findings version=1 tool=cra-plugin output=o/b.o
// CHECK-NOT: cred-
// The fingerprint does not depend on the line: moving the code keeps it.
// RUN: cd %t/v1 && %clang -fsyntax-only -fplugin=%cra-plugin -fplugin-arg-cra-findings=%t/g1 x.c 2>/dev/null
// RUN: cd %t/v2 && %clang -fsyntax-only -fplugin=%cra-plugin -fplugin-arg-cra-findings=%t/g2 x.c 2>/dev/null
// RUN: %python %t/fp.py %t/g1/x.c-*.json %t/g2/x.c-*.json
// A findings directory that cannot be created is an error.
// RUN: touch %t/file && not %clang -fsyntax-only -fplugin=%cra-plugin -fplugin-arg-cra-findings=%t/file/sub %t/a.c 2>&1 | FileCheck %s --check-prefix=BADDIR
// BADDIR: error: cra: {{.*}}file/sub: cannot create findings directory

//--- a.c
const char *u(void) {
  return "ftp://u:Pw-2938x@10.0.0.9/";
}
//--- v1/x.c
const char *u(void) { return "ftp://u:Pw-2938x@10.0.0.9/"; }
//--- v2/x.c
/* a comment moved the code down */

const char *u(void) { return "ftp://u:Pw-2938x@10.0.0.9/"; }
//--- b.c
int nothing(void) { return 0; }
//--- show.py
import glob, json, os, re, sys
recs = [json.load(open(p)) for p in sorted(glob.glob(os.path.join(sys.argv[1], "*.json")))]
recs.sort(key=lambda r: (os.path.basename(r["translation_unit"]["file"]), r["translation_unit"]["output"] or ""))
for r in recs:
    tu = r["translation_unit"]
    print(os.path.basename(tu["file"]), "format=%s version=%s tool=%s output=%s" % (
        r["format"], r["version"], r["tool"]["name"], os.path.relpath(tu["output"], tu["directory"])))
    for f in r["findings"]:
        fp = "64hex" if re.fullmatch(r"[0-9a-f]{64}", f["fingerprint"]) else f["fingerprint"]
        print("%s:%d:%d %s cwe=%s req=%s severity=%s suppressed=%s justification=%s fingerprint=%s snippet=%s" % (
            os.path.basename(f["file"]), f["line"], f["column"], f["rule"], f["cwe"], f["requirements"],
            f["severity"], f["suppressed"], f["justification"], fp, f["snippet"]))
        print("keys=" + ",".join(sorted(f)))
//--- fp.py
import json, sys
a, b = (json.load(open(p))["findings"] for p in sys.argv[1:3])
assert len(a) == 1 and len(b) == 1, (a, b)
assert a[0]["line"] != b[0]["line"], "the test must move the finding"
assert a[0]["fingerprint"] == b[0]["fingerprint"], (a[0]["fingerprint"], b[0]["fingerprint"])
