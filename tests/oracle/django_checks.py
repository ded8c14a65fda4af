#!/usr/bin/env python3
"""Run real Django's ``check --deploy`` on every generated case (the oracle).

Usage: python django_checks.py OUT_DIR [--jobs 2]

For each entry of ``OUT_DIR/cases.json`` (written by generate.py) this runs
``<this python> manage.py check --deploy`` in the case directory, in a fresh
subprocess with a clean environment: only PATH, HOME, LANG=C.UTF-8,
PYTHONDONTWRITEBYTECODE=1, DJANGO_SETTINGS_MODULE and the case's own env.
Every ``(security.Xnnn)`` id printed on stdout or stderr is collected (sorted,
de-duplicated) into ``OUT_DIR/expected.json``::

    {"case_0001": {"ids": ["security.W004", ...], "exit_code": 0,
                   "stderr_tail": "..."}, ...}

A case is a *generator bug* when Django fails to start (non-zero exit without
a SystemCheckError), exits non-zero without reporting E023/E024, or reports
any non-security check id (e.g. admin.E408).  Bugs are printed loudly and
make the script exit with status 1 (expected.json is still written).

Finally a summary is printed: run time, how many cases report each security
id, and how many cases use each generator feature.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ID_RE = re.compile(r"\(([a-z_]+\.[A-Z]\d{3})\)")
SECURITY_ERRORS = {"security.E023", "security.E024"}
# Every id Django 5.2 can emit from check --deploy's security checks
# (W007 and W017 were removed from Django long ago).
ALL_SECURITY_IDS = [f"security.W{n:03d}" for n in (*range(1, 7), *range(8, 17), *range(18, 23), 25)]
ALL_SECURITY_IDS += sorted(SECURITY_ERRORS)
STDERR_TAIL_CHARS = 2000
TIMEOUT_SECONDS = 120


def clean_env(case: dict) -> dict:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": case["settings_module"],
    }
    env.update(case["env"])
    return env


def run_case(out_dir: Path, case: dict) -> dict:
    """Run check --deploy for one case; return its result record."""
    proc = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=out_dir / case["name"], env=clean_env(case),
        capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
    )
    all_ids = set(ID_RE.findall(proc.stdout + "\n" + proc.stderr))
    ids = sorted(i for i in all_ids if i.startswith("security."))
    return {
        "ids": ids,
        "exit_code": proc.returncode,
        "stderr_tail": proc.stderr[-STDERR_TAIL_CHARS:],
        "_other_ids": sorted(all_ids - set(ids)),
        "_check_error": "SystemCheckError" in proc.stderr,
    }


def problems_of(result: dict) -> list:
    """Why a result indicates a generator bug (empty list if it does not)."""
    problems = []
    if result["exit_code"] != 0:
        if not result["_check_error"]:
            problems.append("Django failed to start")
        elif not SECURITY_ERRORS & set(result["ids"]):
            problems.append("non-zero exit without security.E023/E024")
    if result["_other_ids"]:
        problems.append("non-security check ids: " + ", ".join(result["_other_ids"]))
    return problems


def report_bug(name: str, result: dict, problems: list) -> None:
    bar = "!" * 78
    print(f"{bar}\nGENERATOR BUG in {name}: {'; '.join(problems)}\n"
          f"exit code {result['exit_code']}, stderr tail:\n{result['stderr_tail']}\n{bar}",
          file=sys.stderr)


def print_summary(cases: list, expected: dict, elapsed: float, jobs: int) -> None:
    total = len(cases)
    print(f"\nran {total} cases in {elapsed:.1f}s with {jobs} jobs "
          f"({elapsed / max(total, 1):.3f}s/case wall)")
    id_counts = Counter(i for r in expected.values() for i in r["ids"])
    print("\ncases reporting each security id (present / absent):")
    for sid in ALL_SECURITY_IDS + sorted(set(id_counts) - set(ALL_SECURITY_IDS)):
        n = id_counts.get(sid, 0)
        flag = "" if 0 < n < total else "   <-- never varies"
        print(f"  {sid:15} {n:4} / {total - n:4}{flag}")
    exits = Counter(r["exit_code"] for r in expected.values())
    print("\nexit codes: " + ", ".join(f"{k}: {v}" for k, v in sorted(exits.items())))
    features = Counter(f for c in cases for f in c["features"])
    print("\ncases using each feature:")
    for feature, n in sorted(features.items()):
        print(f"  {feature:45} {n:4}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--quiet", action="store_true", help="skip the summary")
    args = parser.parse_args()

    cases = json.loads((args.out_dir / "cases.json").read_text())
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(lambda c: run_case(args.out_dir, c), cases))
    elapsed = time.monotonic() - start

    expected, bugs = {}, 0
    for case, result in zip(cases, results):
        problems = problems_of(result)
        if problems:
            bugs += 1
            report_bug(case["name"], result, problems)
        del result["_other_ids"], result["_check_error"]
        expected[case["name"]] = result
    (args.out_dir / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")

    if not args.quiet:
        print_summary(cases, expected, elapsed, args.jobs)
    if bugs:
        print(f"\n{bugs} GENERATOR BUG(S) -- see above", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
