"""One backend in this process (the one KERAS_BACKEND names), or every backend
in its own process (Keras picks its backend once per process)."""

import importlib
import time

import numpy as np

from benchmarks import harness
from benchmarks.audio import cases
from benchmarks.audio.docs import markdown, write_docs
from benchmarks.audio.frontends import run_case
from benchmarks.fno.common import has, run_children, set_threads
from benchmarks.mixers.run import keep_freed_memory

ENTRY = "benchmarks.bench_audio"


def run_backend(args):
    """Every case on the current backend; a full run writes
    results/audio-<backend>.{json,md}."""
    allocator = keep_freed_memory() if args.malloc == "keep" else None
    if has("torch"):  # before tensorflow: in the other order the two can crash
        importlib.import_module("torch")
    set_threads(args.threads)
    name = harness.backend()
    if name not in cases.BACKENDS:
        raise SystemExit(f"bench_audio runs on {', '.join(cases.BACKENDS)}; "
                         f"KERAS_BACKEND={name}")
    if name == "tensorflow":
        import tensorflow as tf

        tf.get_logger().setLevel("ERROR")  # retracing notes of the checks
    q = args.quick
    if not q and args.wait:
        print(f"# waited {harness.wait_until_idle(timeout_s=args.wait):.0f} s "
              "for a quiet machine", flush=True)
    meta = harness.metadata()
    meta["modes"] = {m: cases.MODE_NOTE[m] for m in cases.MODES[name]}
    meta["allocator"] = allocator or "as is"
    meta["signal"] = cases.QUICK_SIGNAL if q else cases.SIGNAL
    meta["stft"] = cases.STFT
    print(f"# {name}: {harness.metadata_line(meta)}", flush=True)
    rng = np.random.default_rng(1)
    start = time.perf_counter()
    rows = []
    for case in args.cases or cases.CASES:
        rows += run_case(case, meta["signal"], rng, cases.QUICK if q else cases.FULL,
                         retry=not q)
    meta["elapsed_s"] = time.perf_counter() - start
    result = {"metadata": meta, "rows": rows}
    text = markdown(result)
    print(text)
    print(f"# {name}: {meta['elapsed_s']:.0f} s", flush=True)
    if not q:
        for path in harness.write("audio", meta, rows, text):
            print(f"wrote {path.relative_to(harness.REPO)}")
    return result


def run_all(args):
    """Each of `args.backends` in a child process with the same options, then
    (unless --quick) the docs section; returns the exit code."""
    extra = ["--threads", str(args.threads), "--wait", str(args.wait),
             "--malloc", args.malloc] + (["--quick"] if args.quick else []) \
        + (["--cases"] + args.cases if args.cases else [])
    failed = run_children(ENTRY, args.backends, extra, args.threads)
    if not args.quick:
        harness.report_docs(write_docs(), "audio", quiet=True)
    return 1 if failed else 0
