#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Validates the JSON document on stdin against docs/devlatch.schema.json (or argv[1]).
Exit 0 valid, 1 invalid (the reasons on stderr), 77 when python3-jsonschema is missing."""
import json
import pathlib
import sys

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed (make test installs it)", file=sys.stderr)
    sys.exit(77)

schema_path = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2] / "docs/devlatch.schema.json"
schema = json.loads(schema_path.read_text())
jsonschema.Draft202012Validator.check_schema(schema)
document = json.load(sys.stdin)
errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(document), key=lambda e: list(e.path))
for error in errors:
    print(f"{'/'.join(map(str, error.path)) or '(document)'}: {error.message}", file=sys.stderr)
sys.exit(1 if errors else 0)
