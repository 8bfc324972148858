#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""check_layers.py must fail on each kind of violation: a tree with one of each."""
import pathlib
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import check_layers  # noqa: E402

SPDX = "// SPDX-License-Identifier: MIT\n"
CASES = {
    "core/model/Upward.cpp": (SPDX + '#include "arbiter/Arbiter.h"\n', "layer 'model' includes"),
    "core/lock/Portable.cpp": (SPDX + "#ifdef _WIN32\n#endif\n", "OS condition in a portable file"),
    "app/tray/Long.cpp": (SPDX + "//\n" * 400, "401 lines"),
    "tests/lock/tst_upward.cpp": (SPDX + '#include "model/Device.h"\n', "layer 'lock' includes"),
    "app/cli/Sideways.cpp": (SPDX + '#include "tray/TrayIcon.h"\n', None),  # tray is not a layer cli may use
    "core/lock/Unlicensed.cpp": ("#pragma once\n", "SPDX-License-Identifier"),
}
ALLOWED = {
    "core/lock/Thing_win.cpp": SPDX + "#ifdef _WIN32\n#endif\n",
    "core/discovery/linux/Udev.cpp": SPDX + "#ifdef __linux__\n#endif\n",
    "core/arbiter/Down.cpp": SPDX + '#include "model/Device.h"\n#include "Sibling.h"\n',
}

with tempfile.TemporaryDirectory() as directory:
    root = pathlib.Path(directory)
    for relative, text in list((k, v[0]) for k, v in CASES.items()) + list(ALLOWED.items()):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    problems, _ = check_layers.check(root)
    failures = []
    for relative, (_, expected) in CASES.items():
        found = [p for p in problems if p.startswith(relative)]
        if not found or (expected and not any(expected in p for p in found)):
            failures.append(f"not caught: {relative}")
    for relative in ALLOWED:
        if any(p.startswith(relative) for p in problems):
            failures.append(f"wrongly flagged: {relative}")
    print("\n".join(failures) or f"all {len(CASES)} violations caught, {len(ALLOWED)} allowed files passed")
    sys.exit(1 if failures else 0)
