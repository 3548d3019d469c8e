"""What the platform-scale console benchmarks share (console_pull.py,
console_cost.py): the world's size and the refresh on the command line,
and the consoles to compare (PEXCON, and BASELINE_PEXCON when set)."""

import argparse
import os


def parse_args(description, extra=()):
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--conferences", type=int, default=1000)
    ap.add_argument("--participants", type=int, default=10000)
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--refresh", type=float, default=2.0)
    for flag, kw in extra:
        ap.add_argument(flag, **kw)
    return ap.parse_args()


def consoles():
    """[(label, binary)]: this build, then the baseline when given."""
    out = [("pexcon", os.environ["PEXCON"])]
    if os.environ.get("BASELINE_PEXCON"):
        out.append(("baseline", os.environ["BASELINE_PEXCON"]))
    return out
