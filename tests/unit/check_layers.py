#!/usr/bin/env python3
"""The tree's layering, from the `#include "…"` lines of src/:

- every include between folders follows the allowed map below (a folder
  may include only the folders listed for it: no upward or sideways edge,
  so `ui` and `cli` never include each other, and the console never links
  the simulator);
- the folder graph has no cycle (in particular none across folders of
  src/ui once it has rooms of its own);
- a header is named by its folder ("model/table.h"), except a folder's
  private headers ("strmap.h" inside src/model);
- curses is included only by src/ui/tty, src/ui/render and the loop
  (src/ui/ui.c): the console's core builds and links without it.

A new folder must be added here: an unknown one fails the test, so the map
stays the one place the layering is written down. Exit 0 when clean."""
import os
import re
import sys

# folder -> folders it may include (besides itself). Folders are paths under
# src/; a file in src/ itself is "main".
ALLOWED = {
    "common": set(),
    "sim/world": set(),
    "sim": {"sim/world", "common"},
    "config": {"common"},
    "net": {"common"},
    "api": {"net", "config", "common"},
    "model": {"common"},
    "ops": {"api", "model", "config", "net", "common"},
    "cli": {"ops", "api", "model", "config", "net", "common"},
    # The console's rooms, top to bottom (src/ui/meson.build).
    "ui/theme": {"model", "common"},
    "ui/tty": {"ui/theme", "model", "common"},
    "ui/core": {"ui/theme", "ui/tty", "ops", "api", "model", "config", "net", "common"},
    "ui/data": {"ui/core", "ui/theme", "ops", "api", "model", "config", "net", "common"},
    "ui/views": {"ui/data", "ui/core", "ui/theme", "ops", "api", "model", "config", "net",
                 "common"},
    "ui/nav": {"ui/views", "ui/data", "ui/core", "ui/theme", "ops", "api", "model", "config",
               "net", "common"},
    "ui/widgets": {"ui/core", "ui/theme", "ops", "api", "model", "config", "net", "common"},
    "ui/control": {"ui/widgets", "ui/nav", "ui/views", "ui/data", "ui/core", "ui/theme", "ops",
                   "api", "model", "config", "net", "common"},
    "ui/input": {"ui/control", "ui/widgets", "ui/nav", "ui/views", "ui/data", "ui/core",
                 "ui/theme", "ops", "api", "model", "config", "net", "common"},
    "ui/render": {"ui/input", "ui/control", "ui/widgets", "ui/nav", "ui/views", "ui/data",
                  "ui/core", "ui/tty", "ui/theme", "ops", "api", "model", "config", "net",
                  "common"},
    "ui": {"ui/render", "ui/input", "ui/control", "ui/widgets", "ui/nav", "ui/views", "ui/data",
           "ui/core", "ui/tty", "ui/theme", "ops", "api", "model", "config", "net", "common"},
    "demo": {"sim", "config", "common"},
    "main": {"cli", "ui", "demo", "config", "common"},
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
CURSES = re.compile(r'^\s*#\s*include\s+<n?cursesw?(/n?curses)?\.h>', re.M)
# Only these touch curses: the terminal layer, the drawing, and the loop.
CURSES_ALLOWED = {"ui/tty", "ui/render", "ui"}


def folder_of(rel):
    """'src/ui/view.c' -> 'ui'; 'src/sim/world/w.c' -> 'sim/world'; the
    deepest folder the map knows, else the file's own folder."""
    parts = rel.split("/")[1:-1]
    if not parts:
        return "main"
    for n in range(len(parts), 0, -1):
        name = "/".join(parts[:n])
        if name in ALLOWED:
            return name
    return "/".join(parts)


def target_folder(inc, including_folder):
    """The folder an include names ("model/table.h" -> "model"), or None for
    a private header of the including folder ("strmap.h")."""
    if "/" not in inc:
        return None
    return folder_of("src/" + inc)


def edges(root):
    out = {}
    src = os.path.join(root, "src")
    for dirpath, _, files in os.walk(src):
        for name in sorted(files):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            if CURSES.search(text):
                out.setdefault(rel, []).append("<curses.h>")
            for inc in INCLUDE.findall(text):
                out.setdefault(rel, []).append(inc)
    return out


def find_cycle(graph):
    """A cycle in {node: set(nodes)} as a list, or None."""
    state = {}

    def visit(n, stack):
        state[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if not state.get(m):
                found = visit(m, stack)
                if found:
                    return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if not state.get(n):
            found = visit(n, [])
            if found:
                return found
    return None


def main():
    root = os.environ.get("PEXCON_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..", "..")
    problems = []
    graph = {}
    counted = 0
    for rel, incs in sorted(edges(root).items()):
        here = folder_of(rel)
        if here not in ALLOWED:
            problems.append("%s: folder %r is not in tests/unit/check_layers.py's map" % (rel, here))
            continue
        for inc in incs:
            if inc == "<curses.h>":
                if here not in CURSES_ALLOWED:
                    problems.append("%s: includes curses outside %s" % (rel, sorted(CURSES_ALLOWED)))
                continue
            there = target_folder(inc, here)
            if there is None:
                if not os.path.exists(os.path.join(os.path.dirname(os.path.join(root, rel)), inc)):
                    problems.append("%s: includes %r, which is not beside it" % (rel, inc))
                continue
            counted += 1
            if there == here:
                continue
            graph.setdefault(here, set()).add(there)
            if there not in ALLOWED.get(here, set()):
                problems.append("%s: %s -> %s (%s) is not allowed" % (rel, here, there, inc))
    cycle = find_cycle(graph)
    if cycle:
        problems.append("include cycle between folders: " + " -> ".join(cycle))
    for p in problems:
        print(p)
    print("%d includes between %d folders checked, %d problems"
          % (counted, len(graph), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
