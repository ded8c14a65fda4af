"""How greenlight's time grows with project size: the bundled example
(examples/clubdesk) scaled x1, x10 and x100 by copying its apps under new
names, each audited with --no-cache; medians of several runs, in one run.

Usage: scale.py --greenlight BIN [--runs N] [--factors 1,10,100]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from compare import python_lines

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(ROOT, "examples", "clubdesk")
APPS = ["accounts", "documents", "events", "members"]


def generate(factor, into):
    """The example with every app copied `factor - 1` more times (app_2, app_3, ...)."""
    tree = os.path.join(into, f"clubdesk-x{factor}")
    shutil.copytree(EXAMPLE, tree, ignore=shutil.ignore_patterns(".greenlight_cache"))
    for copy in range(2, factor + 1):
        for app in APPS:
            shutil.copytree(os.path.join(EXAMPLE, app), os.path.join(tree, f"{app}_{copy}"))
    return tree


def median_seconds(cmd, runs):
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm the file cache
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--greenlight", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--factors", default="1,10,100")
    args = parser.parse_args()
    factors = [int(f) for f in args.factors.split(",")]
    with tempfile.TemporaryDirectory(prefix="greenlight-scale-") as into:
        rows = []
        for factor in factors:
            tree = generate(factor, into)
            cmd = [args.greenlight, "audit", tree, "--format", "json", "-o", os.devnull, "--fail-on", "never", "--no-cache"]
            rows.append((factor, python_lines(tree)[1], median_seconds(cmd, args.runs)))
        base_factor, base_lines, base_time = rows[0]
        print(f"{'size':>6} {'lines':>9} {'median s':>9} {'time ratio':>11} {'size ratio':>11}")
        for factor, lines, seconds in rows:
            print(f"x{factor:<5} {lines:>9} {seconds:>9.3f} {seconds / base_time:>10.1f}x {lines / base_lines:>10.1f}x")


if __name__ == "__main__":
    sys.exit(main())
