"""One backend in this process (the one KERAS_BACKEND names), or every backend
in its own process (Keras picks its backend once per process)."""

import time

import numpy as np

from benchmarks import cli, harness
from benchmarks.audio import cases
from benchmarks.audio.docs import markdown, write_docs
from benchmarks.audio.frontends import run_case


def run_backend(args):
    """Every case on the current backend; a full run writes
    results/audio-<backend>.{json,md}."""
    name, allocator = cli.prepare(args, "audio", cases.BACKENDS)
    q = args.quick
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
    return cli.finish("audio", meta, rows, markdown, q)


def run_all(args):
    """Each of `args.backends` in a child process with the same options, then
    (unless --quick) the docs section; returns the exit code."""
    return cli.run_all(args, "audio", write_docs, cli.list_option("--cases", args.cases))
