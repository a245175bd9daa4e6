"""One backend in this process (the one KERAS_BACKEND names), or every backend
in its own process (Keras picks its backend once per process)."""

import json
import time

import numpy as np

from benchmarks import cli, harness
from benchmarks.fno.cases import BACKENDS, CASES, MODE_NOTE, modes_of
from benchmarks.fno.common import has
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
    name, _ = cli.prepare(args, "fno", BACKENDS)
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
    return cli.run_all(args, "fno", write_docs,
                       cli.list_option("--cases", args.cases)
                       + (["--no-train"] if args.no_train else [])
                       + (["--no-memory"] if args.no_memory else []))
