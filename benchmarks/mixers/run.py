"""One backend in this process (the one KERAS_BACKEND names), or every backend
in its own process (Keras picks its backend once per process)."""

import time

import numpy as np

from benchmarks import cli, harness
from benchmarks.mixers import cases
from benchmarks.mixers.conv1d import run_crossover, run_lengths
from benchmarks.mixers.docs import write_docs
from benchmarks.mixers.mixers import run_case
from benchmarks.mixers.report import markdown

BENCHES = ("conv1d", "crossover", "mixers")


def run_backend(args):
    """Everything `args` asks for on the current backend; a full run writes
    results/mixers-<backend>.{json,md}."""
    name, allocator = cli.prepare(args, "mixers", cases.BACKENDS)
    meta = harness.metadata()
    meta["mode"] = cases.MODE[name]
    meta["allocator"] = allocator or "as is"
    meta["conv1d_cap_s"] = args.cap
    print(f"# {name}: {harness.metadata_line(meta)}", flush=True)
    q = args.quick
    conv = cases.QUICK_CONV if q else cases.CONV
    cross = cases.QUICK_CROSSOVER if q else cases.CROSSOVER
    rng = np.random.default_rng(0)
    start = time.perf_counter()
    rows = []
    benches = args.benches or BENCHES
    if "conv1d" in benches:
        rows += run_lengths(conv, rng, args.cap, cases.QUICK if q else cases.FULL,
                            cases.QUICK if q else cases.SLOW)
    if "crossover" in benches:
        rows.append(run_crossover(conv, cross["length"], cross["kernels"], rng,
                                  cases.QUICK if q else cases.CROSS))
    if "mixers" in benches:
        for case in cases.QUICK_MIXERS if q else cases.MIXERS:
            if args.cases and case["name"] not in args.cases:
                continue
            rows += run_case(case, rng, cases.QUICK if q else cases.FULL, retry=not q)
    meta["elapsed_s"] = time.perf_counter() - start
    # a partial run keeps the other saved rows
    return cli.finish("mixers", meta, rows, markdown, q,
                      merge if args.benches or args.cases else None)


def _key(row):
    return (row["bench"], row.get("case", row.get("length")), row.get("pass"))


def merge(saved, new):
    """`saved` rows with those `new` ones replace (same benchmark, case or
    length, pass), in the order the benchmarks run."""
    keys = {_key(r) for r in new}
    rows = [r for r in saved if _key(r) not in keys] + new
    names = [c["name"] for c in cases.MIXERS]

    def order(r):
        bench = BENCHES.index("mixers" if r["bench"] == "mixer" else r["bench"])
        case = names.index(r["case"]) if r.get("case") in names else r.get("length", 0)
        return bench, case, cases.PASSES.index(r.get("pass", "forward"))

    return sorted(rows, key=order)


def run_all(args):
    """Each of `args.backends` in a child process with the same options, then
    (unless --quick) the docs section; returns the exit code."""
    return cli.run_all(args, "mixers", write_docs,
                       ["--cap", str(args.cap)] + cli.list_option("--benches", args.benches)
                       + cli.list_option("--cases", args.cases))
