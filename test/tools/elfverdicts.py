#!/usr/bin/env python3
"""Turns a cra-elfcheck JSON report (stdin) into stable lines for FileCheck:
    FILE <path> kind=<kind> arch=<arch> class=<class>
    NOTE <note>
    <check-id>: <verdict>[ required][ FAILED][ waived] | <evidence>
    ERROR <path>: <message>
    SUMMARY files=N skipped=N errors=N failed=N
Arguments restrict the check lines to the named check ids. The document is also checked for the fields
docs/formats.md promises, so a malformed report fails the test."""
import json
import sys


def main():
    want = set(sys.argv[1:])
    doc = json.load(sys.stdin)
    assert doc["format"] == "cra-elfcheck" and doc["version"] == 1, "bad format/version"
    for f in doc["files"]:
        for k in ("path", "sha256", "build_id", "kind", "arch", "class", "endian", "soname", "needed",
                  "compilers", "notes", "checks"):
            assert k in f, "file lacks " + k
        print("FILE %s kind=%s arch=%s class=%s" % (f["path"], f["kind"], f["arch"], f["class"]))
        for n in f["notes"]:
            print("NOTE " + n)
        for c in f["checks"]:
            for k in ("id", "requirements", "verdict", "required", "evidence", "detail", "waiver"):
                assert k in c, "check lacks " + k
            if want and c["id"] not in want:
                continue
            tags = ""
            if c["required"]:
                tags += " required"
            if c.get("failed"):
                tags += " FAILED"
            if c["waiver"]:
                tags += " waived(%s)" % c["waiver"]["justification"]
            print("%s: %s%s | %s" % (c["id"], c["verdict"], tags, c["evidence"]))
    for e in doc["errors"]:
        print("ERROR %s: %s" % (e["path"], e["message"]))
    s = doc["summary"]
    print("SUMMARY files=%d skipped=%d errors=%d failed=%d" % (s["files"], s["skipped_non_elf"], s["errors"],
                                                              s["failed_required"]))


main()
