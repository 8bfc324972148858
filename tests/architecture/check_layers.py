#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The architecture as a test (docs/ARCHITECTURE.md), over core/, app/ and tests/:

1. A file includes headers only from its own layer and the layers below it
   (a quoted include "layer/..." names the layer; siblings are included by file name).
2. Portable files carry no OS #if: OS code lives in per-OS files (Foo_unix.cpp,
   Foo_linux.cpp, Foo_win.cpp, or a linux/ or win/ folder) chosen by CMake.
3. No product source file (core/, app/) is longer than MAX_LINES lines.
4. Every source file says its licence in its first lines: SPDX-License-Identifier: MIT.

Prints every violation as file:line: what; exits 1 when there is any.
"""
import pathlib
import re
import sys

MAX_LINES = 400

# Each layer and the layers it may include (besides itself). Tests of a layer follow the
# same rule as the layer; helpers and benchmarks are shared test code and may include any.
ALLOWED = {
    "lock": set(),
    "model": {"lock"},
    "config": {"model", "lock"},
    "discovery": {"model", "lock"},
    "arbiter": {"discovery", "model", "lock"},
    "lab": {"config", "model", "lock"},
    "common": {"arbiter", "lab", "config", "discovery", "model", "lock"},
    "cli": {"common", "arbiter", "lab", "config", "discovery", "model", "lock"},
    "tray": {"common", "arbiter", "lab", "config", "discovery", "model", "lock"},
}
LAYERS = set(ALLOWED)
OS_SPECIFIC = re.compile(r"(_unix|_linux|_win|_posix|_mac)\.(cpp|h)$|/(linux|unix|win|posix|mac)/")
OS_CONDITION = re.compile(r"^\s*#\s*(if|ifdef|ifndef|elif)\b.*\b(Q_OS_\w+|_WIN32|_WIN64|__linux__|__unix__|"
                          r"__APPLE__|__MINGW\w*|_MSC_VER|__FreeBSD__|WIN32)\b")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def layer_of(path: pathlib.Path, root: pathlib.Path):
    parts = path.relative_to(root).parts
    if parts[0] in ("core", "app") and len(parts) > 2:
        return parts[1]
    if parts[0] == "tests" and len(parts) > 2 and parts[1] in LAYERS:
        return parts[1]
    return None


def check(root: pathlib.Path):
    problems = []
    sources = [p for d in ("core", "app", "tests") for p in (root / d).rglob("*")
               if p.suffix in (".cpp", ".h") and p.is_file()]
    for path in sorted(sources):
        relative = path.relative_to(root).as_posix()
        layer = layer_of(path, root)
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        for number, line in enumerate(lines, 1):
            include = INCLUDE.match(line)
            if include and layer:
                target = include.group(1).split("/")[0]
                if "/" in include.group(1) and target in LAYERS and target != layer \
                        and target not in ALLOWED[layer]:
                    problems.append(f"{relative}:{number}: layer '{layer}' includes \"{include.group(1)}\" "
                                    f"from layer '{target}', which is not below it")
            if OS_CONDITION.match(line) and not OS_SPECIFIC.search("/" + relative):
                problems.append(f"{relative}:{number}: OS condition in a portable file: {line.strip()} "
                                f"(move the OS code into a per-OS file chosen by CMake)")
        if not any("SPDX-License-Identifier: MIT" in line for line in lines[:3]):
            problems.append(f"{relative}:1: no 'SPDX-License-Identifier: MIT' in its first lines")
        if relative.startswith(("core/", "app/")) and len(lines) > MAX_LINES:
            problems.append(f"{relative}: {len(lines)} lines; product files stay within {MAX_LINES}")
    return problems, len(sources)


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2])
    problems, count = check(root)
    for problem in problems:
        print(problem)
    print(f"{count} files checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
