#!/usr/bin/env python3
"""Validates JSON files against a JSON Schema, picking the validator from the schema's "$schema" (draft-04 for
SARIF 2.1.0, draft-07 for cra-harden's own schemas). Every error is printed as "FILE: PATH: message"; the last
line is "valid: N file(s)" or "invalid: N error(s)". Exit 0 when all files validate, 1 otherwise, 2 when a file
cannot be read. Works with Debian's python3-jsonschema 4.10 and newer.

Usage: validate_json.py SCHEMA FILE...   (FILE '-' reads standard input)"""
import json
import sys

import jsonschema


def load(path):
    if path == "-":
        return json.load(sys.stdin)
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 64
    try:
        schema = load(sys.argv[1])
    except (OSError, ValueError) as e:
        print(f"validate_json.py: {sys.argv[1]}: {e}", file=sys.stderr)
        return 2
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    cls.check_schema(schema)
    validator = cls(schema)
    errors = 0
    for path in sys.argv[2:]:
        try:
            doc = load(path)
        except (OSError, ValueError) as e:
            print(f"validate_json.py: {path}: {e}", file=sys.stderr)
            return 2
        for err in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
            where = "/".join(str(p) for p in err.absolute_path) or "(root)"
            print(f"{path}: {where}: {err.message}")
            errors += 1
    if errors:
        print(f"invalid: {errors} error(s)")
        return 1
    print(f"valid: {len(sys.argv) - 2} file(s)")
    return 0


sys.exit(main())
