"""One backend in this process (the one KERAS_BACKEND names), or every backend
in its own process (Keras picks its backend once per process)."""

import ctypes
import importlib
import time

import numpy as np

from benchmarks import harness
from benchmarks.fno.common import has, run_children, set_threads
from benchmarks.mixers import cases
from benchmarks.mixers.conv1d import run_crossover, run_lengths
from benchmarks.mixers.docs import write_docs
from benchmarks.mixers.mixers import run_case
from benchmarks.mixers.report import markdown

ENTRY = "benchmarks.bench_mixers"
BENCHES = ("conv1d", "crossover", "mixers")


# glibc's mallopt parameters.
_M_TRIM_THRESHOLD, _M_MMAP_MAX = -1, -4


def keep_freed_memory():
    """Tells glibc to keep freed memory for reuse (no mmap of large blocks, no
    trimming of the heap): otherwise each large temporary is mapped afresh and
    faulted in again on every call, and the side timed after a Conv1D call
    pays for the buffers Conv1D freed (torch FFTConv1D at L = 4096: 26 ms
    with this, 28 to 60 ms without, varying from process to process).
    Returns what the results record, or None where it is not glibc."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        if libc.mallopt(_M_MMAP_MAX, 0) and libc.mallopt(_M_TRIM_THRESHOLD, 1 << 30):
            return "glibc keeps freed memory (M_MMAP_MAX 0, M_TRIM_THRESHOLD 1 GiB)"
    except (OSError, AttributeError):
        pass
    return None


def run_backend(args):
    """Everything `args` asks for on the current backend; a full run writes
    results/mixers-<backend>.{json,md}."""
    allocator = keep_freed_memory() if args.malloc == "keep" else None
    if has("torch"):  # before tensorflow: in the other order the two can crash
        importlib.import_module("torch")
    set_threads(args.threads)
    name = harness.backend()
    if name not in cases.BACKENDS:
        raise SystemExit(f"bench_mixers runs on {', '.join(cases.BACKENDS)}; "
                         f"KERAS_BACKEND={name}")
    if name == "tensorflow":
        import tensorflow as tf

        tf.get_logger().setLevel("ERROR")  # retracing notes of the checks
    if not args.quick and args.wait:
        print(f"# waited {harness.wait_until_idle(timeout_s=args.wait):.0f} s "
              "for a quiet machine", flush=True)
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
    result = {"metadata": meta, "rows": rows}
    text = markdown(result)
    print(text)
    print(f"# {name}: {meta['elapsed_s']:.0f} s", flush=True)
    if not q:
        if args.benches or args.cases:  # a partial run: keep the other saved rows
            rows = merge(harness.read("mixers", [name]).get(name, {}).get("rows", []), rows)
            text = markdown({"metadata": meta, "rows": rows})
        for path in harness.write("mixers", meta, rows, text):
            print(f"wrote {path.relative_to(harness.REPO)}")
    return result


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
    extra = ["--threads", str(args.threads), "--cap", str(args.cap),
             "--wait", str(args.wait), "--malloc", args.malloc] \
        + (["--quick"] if args.quick else [])
    extra += (["--benches"] + args.benches if args.benches else []) \
        + (["--cases"] + args.cases if args.cases else [])
    failed = run_children(ENTRY, args.backends, extra, args.threads)
    if not args.quick:
        report_docs(write_docs(), quiet=True)
    return 1 if failed else 0


def report_docs(path, quiet=False):
    """Says what write_docs wrote (`quiet`: nothing when it wrote nothing)."""
    harness.report_docs(path, "mixers", quiet)
