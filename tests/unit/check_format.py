#!/usr/bin/env python3
"""Every C source in src/ and tests/ follows the tree's one .clang-format."""
import os
import shutil
import subprocess
import sys

SKIP = 77


def sources(root):
    for top in ("src", "tests"):
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                if name.endswith((".c", ".h")):
                    yield os.path.join(dirpath, name)


def main():
    root = os.environ.get("PEXCON_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..", "..")
    tool = shutil.which("clang-format")
    if not tool:
        print("clang-format is not installed; skipping")
        return SKIP
    files = list(sources(root))
    bad = []
    for path in files:
        proc = subprocess.run([tool, "--dry-run", "-Werror", "--style=file", path],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            bad.append(os.path.relpath(path, root))
    for path in bad:
        print("not formatted:", path, "(run: clang-format -i %s)" % path)
    print("%d files checked, %d not formatted" % (len(files), len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
