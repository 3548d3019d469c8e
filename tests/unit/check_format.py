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
    # One clang-format process for the whole tree (one per file took most of
    # this test's time); its warnings name the files that are off.
    proc = subprocess.run([tool, "--dry-run", "-Werror", "--style=file"] + files,
                          capture_output=True, text=True)
    bad = sorted({os.path.relpath(line.split(":", 1)[0], root)
                  for line in proc.stderr.splitlines()
                  if "warning:" in line or "error:" in line})
    if proc.returncode != 0 and not bad:
        print(proc.stderr)
        bad = ["(clang-format failed)"]
    for path in bad:
        print("not formatted:", path, "(run: clang-format -i %s)" % path)
    print("%d files checked, %d not formatted" % (len(files), len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
