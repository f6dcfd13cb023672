#!/usr/bin/env python3
"""Writes an evidence directory where one header finding is reported by N translation units (one findings
record each, as the plugin writes them), N compile records and one link record tying all objects into one
binary, plus one finding that only the last TU has. Usage: gen_fifty.py DIR N"""
import json
import os
import sys

root, n = os.path.abspath(sys.argv[1]), int(sys.argv[2])
for sub in ("findings", "builds"):
    os.makedirs(os.path.join(root, sub), exist_ok=True)
header = {"rule": "mem-unbounded-copy", "cwe": [120], "requirements": ["part-i/2k"], "severity": "medium",
          "file": f"{root}/include/common.h", "line": 7, "column": 3, "end_line": 7, "end_column": 25,
          "message": "unbounded copy into a fixed-size buffer", "fix": "use a bounded copy",
          "snippet": "strcpy(buf, name)", "fingerprint": "ab" * 32, "suppressed": False, "justification": None}
for i in range(n):
    src, obj = f"{root}/src/unit{i:02d}.c", f"{root}/build/unit{i:02d}.o"
    findings = [header]
    if i == n - 1:
        findings = findings + [dict(header, file=src, line=3, rule="cred-literal-arg", severity="high",
                                    cwe=[798], requirements=["part-i/2d"], fingerprint="cd" * 32,
                                    message="hard-coded credential")]
    rec = {"format": "cra-findings", "version": 1, "tool": {"name": "cra-plugin", "version": "0.1.0", "llvm": "19.1.7"},
           "translation_unit": {"file": src, "directory": f"{root}/build", "output": obj}, "findings": findings}
    with open(os.path.join(root, "findings", f"unit{i:02d}-{1000 + i}.json"), "w") as fh:
        json.dump(rec, fh, indent=1)
    comp = {"format": "cra-build", "version": 1, "tool": {"name": "cra-cc", "version": "0.1.0"}, "step": "compile",
            "directory": f"{root}/build", "output": obj, "output_sha256": None, "inputs": [src],
            "compiler": {"path": "/usr/bin/cc", "family": "gcc", "version": "12.2.0", "target": "x86_64-linux-gnu"},
            "profile": "recommended", "argv": ["cc", "-c", src], "flags": {"added": [], "rejected": [], "overridden": []},
            "checker": {"mode": "plugin", "findings": None}}
    with open(os.path.join(root, "builds", f"unit{i:02d}-{2000 + i}.json"), "w") as fh:
        json.dump(comp, fh)
link = {"format": "cra-build", "version": 1, "tool": {"name": "cra-cc", "version": "0.1.0"}, "step": "link",
        "directory": f"{root}/build", "output": f"{root}/build/server", "output_sha256": None,
        "inputs": [f"unit{i:02d}.o" for i in range(n)], "compiler": None, "profile": "recommended",
        "argv": ["cc", "-o", "server"], "flags": {"added": ["-pie"], "rejected": [], "overridden": []},
        "checker": {"mode": "off", "findings": None}}
with open(os.path.join(root, "builds", "server-3000.json"), "w") as fh:
    json.dump(link, fh)
report = {"format": "cra-elfcheck", "version": 1, "tool": {"name": "cra-elfcheck", "version": "0.1.0", "llvm": "19.1.7"},
          "profile": "recommended",
          "files": [{"path": f"{root}/build/server", "sha256": "ef" * 32, "build_id": None, "kind": "pie",
                     "arch": "x86_64", "class": "ELF64", "endian": "little", "soname": None, "needed": [],
                     "compilers": [], "notes": [],
                     "checks": [{"id": "pie", "requirements": ["part-i/2k"], "verdict": "pass", "required": True,
                                 "evidence": "ET_DYN with PT_INTERP", "detail": None, "waiver": None}]}],
          "errors": [], "summary": {"files": 1, "skipped_non_elf": 0, "errors": 0, "failed_required": 0}}
os.makedirs(os.path.join(root, "binaries"), exist_ok=True)
with open(os.path.join(root, "binaries", "server-4000.json"), "w") as fh:
    json.dump(report, fh)
