"""Run greenlight, ruff and bandit on one tree; report median wall time, peak
memory (max RSS of the process tree) and the ratios, all from one run.

Usage: compare.py --greenlight BIN --venv DIR TREE [--runs N] [--no-bandit] [--threads N]

greenlight runs with --no-cache, like ruff; two more rows measure greenlight on
one thread (the speed-up of parallelism) and with a warm cache (an unchanged
tree audited again, the pre-commit case). It also says how many diagnostics
ruff prints: its time grows with them.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def measure(cmd, env=None):
    """Wall seconds and peak RSS (MiB) of one run of cmd."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, code


def warm_page_cache(tree):
    """Reads every file of the tree at the start of each round, so that no
    tool pays for disk reads the others did not (this VM's memory reclaim
    evicts cold file pages, and bandit's minute-long run at the end of a round
    left the next round's first tool a cold cache)."""
    for dirpath, dirnames, filenames in os.walk(tree):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames:
            try:
                with open(os.path.join(dirpath, name), "rb") as fh:
                    while fh.read(1 << 20):
                        pass
            except OSError:
                pass


def python_lines(tree):
    total = files = 0
    for dirpath, dirnames, filenames in os.walk(tree):
        dirnames[:] = [d for d in dirnames if d not in {".git", "node_modules", ".venv", "venv", "__pycache__"}]
        for name in filenames:
            if name.endswith(".py"):
                files += 1
                try:
                    with open(os.path.join(dirpath, name), "rb") as fh:
                        total += fh.read().count(b"\n")
                except OSError:
                    pass
    return files, total


def ruff_diagnostics(ruff, tree):
    """How many diagnostics ruff S,DJ reports, and its commonest codes: ruff's
    time grows with what it prints (on saleor, 46k S101 `assert`s in tests).
    Asks for ruff's statistics, a few lines: reading every diagnostic into
    this process would grow it, and each tool forked later would start with
    (and report) that peak memory."""
    cmd = [ruff, "check", "--no-cache", "--select", "S,DJ", "--exit-zero", "--statistics", "--output-format", "json", tree]
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    try:
        counts = sorted(((row["count"], row["code"]) for row in json.loads(out)), reverse=True)
    except (ValueError, KeyError, TypeError):
        return "unknown (ruff's statistics could not be read)"
    top = ", ".join(f"{n} {code}" for n, code in counts[:2])
    return f"{sum(n for n, _ in counts)} diagnostics" + (f" ({top} among them)" if top else "")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tree")
    parser.add_argument("--greenlight", required=True)
    parser.add_argument("--venv", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-bandit", action="store_true")
    parser.add_argument("--threads", type=int, default=0, help="RAYON_NUM_THREADS for greenlight (0: all cores)")
    args = parser.parse_args()

    files, lines = python_lines(args.tree)
    print(f"tree: {args.tree}: {files} Python files, {lines} lines; {args.runs} runs each; {os.cpu_count()} cores")
    env = dict(os.environ)
    if args.threads:
        env["RAYON_NUM_THREADS"] = str(args.threads)
    greenlight = [args.greenlight, "audit", args.tree, "--format", "json", "-o", os.devnull, "--fail-on", "never"]
    one_thread = dict(env, RAYON_NUM_THREADS="1")
    warm = dict(env, GREENLIGHT_CACHE_DIR=tempfile.mkdtemp(prefix="greenlight-bench-cache-"))
    tools = {
        "greenlight": (greenlight + ["--no-cache"], env),
        "greenlight 1 thread": (greenlight + ["--no-cache"], one_thread),
        "greenlight warm cache": (greenlight, warm),
        "ruff S,DJ": ([os.path.join(args.venv, "bin", "ruff"), "check", "--no-cache", "--select", "S,DJ", "--exit-zero", "-q", args.tree], None),
    }
    if not args.no_bandit:
        tools["bandit -r"] = ([os.path.join(args.venv, "bin", "bandit"), "-r", "-q", args.tree], None)

    ruff = tools["ruff S,DJ"][0][0]
    print(f"  ruff S,DJ reports {ruff_diagnostics(ruff, args.tree)}; its default output shows each with its source")

    # Runs are interleaved (one of each tool per round) so that a slow spell of
    # the machine hits every tool alike; bandit, far slower, runs fewer rounds.
    for cmd, tool_env in tools.values():
        measure(cmd, tool_env)  # warm the file cache (and greenlight's cache)
    samples = {name: [] for name in tools}
    for round_index in range(args.runs):
        warm_page_cache(args.tree)
        for name, (cmd, tool_env) in tools.items():
            if name == "bandit -r" and round_index >= 3:
                continue
            samples[name].append(measure(cmd, tool_env))
    results = {}
    for name, runs in samples.items():
        times = [s[0] for s in runs]
        results[name] = (statistics.median(times), max(s[1] for s in runs), runs[0][2])
        print(f"  {name:<12} median {results[name][0]:8.3f} s   peak {results[name][1]:7.1f} MiB   exit {results[name][2]}   ({len(runs)} runs)")

    base = results["greenlight"][0]
    for name, (seconds, _, _) in results.items():
        if name != "greenlight":
            print(f"  {name} / greenlight = {seconds / base:.2f}x")
    print(f"  greenlight / greenlight warm cache = {base / results['greenlight warm cache'][0]:.2f}x")


if __name__ == "__main__":
    sys.exit(main())
