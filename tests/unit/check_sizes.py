#!/usr/bin/env python3
"""No C file in src/ or tests/ over 800 lines, no function over 80 lines.

With the tree's clang-format style (Linux braces) a function body opens
with a line that is exactly "{" and closes with a line that is exactly
"}"; its length counts from the first line of its signature to that
closing brace."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_format import sources  # noqa: E402  (the same C files of src/ and tests/)

MAX_FILE = 800
MAX_FUNCTION = 80


def functions(lines):
    """(first line, length) of each function definition."""
    i = 0
    while i < len(lines):
        if lines[i] != "{":
            i += 1
            continue
        start = i - 1
        # The signature may wrap: walk up while the line above continues it.
        while start > 0 and lines[start - 1].startswith((" ", "\t")) is False and \
                lines[start - 1].rstrip().endswith(",") and lines[start - 1].strip():
            start -= 1
        end = i + 1
        while end < len(lines) and lines[end] != "}":
            end += 1
        yield start + 1, end - start + 1
        i = end + 1


def main():
    root = os.environ.get("PEXCON_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..", "..")
    problems = []
    nfiles = nfuncs = 0
    for path in sources(root):
        rel = os.path.relpath(path, root)
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().split("\n")
        nfiles += 1
        n = len(lines) - (1 if lines and lines[-1] == "" else 0)
        if n > MAX_FILE:
            problems.append("%s: %d lines (at most %d)" % (rel, n, MAX_FILE))
        for first, length in functions(lines):
            nfuncs += 1
            if length > MAX_FUNCTION:
                problems.append("%s:%d: a function of %d lines (at most %d)"
                                % (rel, first, length, MAX_FUNCTION))
    for p in problems:
        print(p)
    print("%d files and %d functions checked, %d problems" % (nfiles, nfuncs, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
