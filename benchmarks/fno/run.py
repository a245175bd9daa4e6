"""One backend in this process (the one KERAS_BACKEND names), or every backend
in its own process (Keras picks its backend once per process)."""

import importlib
import json
import time

import numpy as np

from benchmarks import harness
from benchmarks.fno.cases import BACKENDS, CASES, MODE_NOTE, modes_of
from benchmarks.fno.common import ENTRY, has, run_children, set_threads
from benchmarks.fno.conv import run_case
from benchmarks.fno.docs import write_docs
from benchmarks.fno.memory import run_memory
from benchmarks.fno.report import markdown
from benchmarks.fno.train import run_train


def _metadata(backend_name, quick):
    meta = harness.metadata()
    if has("neuralop"):
        from importlib.metadata import version

        meta["neuraloperator"] = version("neuraloperator")
    if has("torch") and backend_name != "torch":
        import torch

        meta["versions"]["torch"] = torch.__version__
    meta["modes"] = {m: MODE_NOTE[m] for m in modes_of(backend_name, quick)}
    return meta


def run_backend(args):
    """Everything `args` asks for on the current backend; a full run writes
    results/fno-<backend>.{json,md}."""
    if has("torch"):  # before tensorflow: in the other order the two can crash
        importlib.import_module("torch")
    set_threads(args.threads)
    name = harness.backend()
    if name == "tensorflow":
        import tensorflow as tf

        tf.get_logger().setLevel("ERROR")  # retracing notes of the eager checks
    if name not in BACKENDS:
        raise SystemExit(f"bench_fno runs on {', '.join(BACKENDS)}; KERAS_BACKEND={name}")
    meta = _metadata(name, args.quick)
    print(f"# {name}: {harness.metadata_line(meta)}", flush=True)
    rng = np.random.default_rng(0)
    start = time.perf_counter()
    cases = [c for c in CASES if not (args.quick and c.get("big"))]
    if args.cases:
        cases = [c for c in cases if c["name"] in args.cases]
    conv = []
    for case in cases:
        if name == "torch":
            import torch

            torch._dynamo.reset()
        conv += run_case(case, rng, args.quick)
    result = {"metadata": meta, "conv": conv}
    if not args.no_train:
        result["train"] = run_train(rng, args.quick)
    if not args.quick and not args.no_memory:
        result["memory"] = run_memory(args.threads)
    result["elapsed_s"] = time.perf_counter() - start
    text = markdown(result)
    print(text)
    print(f"# {name}: {result['elapsed_s']:.0f} s", flush=True)
    if not args.quick:
        harness.RESULTS.mkdir(parents=True, exist_ok=True)
        stem = harness.RESULTS / f"fno-{name}"
        stem.with_suffix(".json").write_text(json.dumps(result, indent=1) + "\n")
        stem.with_suffix(".md").write_text(text + "\n")
        print(f"wrote {stem.with_suffix('.json').relative_to(harness.REPO)}, .md")
    return result


def run_all(args):
    """Each of `args.backends` in a child process with the same options, then
    (unless --quick) the docs section; returns the exit code."""
    extra = ["--threads", str(args.threads)] + (["--quick"] if args.quick else [])
    extra += (["--cases"] + args.cases if args.cases else []) \
        + (["--no-train"] if args.no_train else []) \
        + (["--no-memory"] if args.no_memory else [])
    failed = run_children(ENTRY, args.backends, extra, args.threads)
    if not args.quick:
        report_docs(write_docs(), quiet=True)
    return 1 if failed else 0


def report_docs(path, quiet=False):
    """Says what write_docs wrote (`quiet`: nothing when it wrote nothing)."""
    harness.report_docs(path, "fno", quiet)
