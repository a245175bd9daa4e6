"""The command line shared by the benchmark families (bench_fno, bench_mixers,
bench_audio): the common options, what `main` does with them, the setup of a
one-backend run, and `--all` (every backend in a child process, then the docs
section).

Frameworks are imported inside the functions that use them, so that `--all`'s
parent imports none.
"""

import argparse
import ctypes
import importlib
import os

from benchmarks import harness
from benchmarks.fno.common import has, run_children, set_threads, thread_env


def parser(doc, backends, quick_help, threads=1):
    """An ArgumentParser, described by the first line of `doc`, with the
    options every family has: --quick, --threads (default `threads`; None: all
    cores), --all, --backends (choices `backends`) and --docs-only."""
    p = argparse.ArgumentParser(description=doc.split("\n")[0])
    p.add_argument("--quick", action="store_true", help=quick_help)
    if threads is None:
        p.add_argument("--threads", type=int, default=os.cpu_count(),
                       help="compute threads (default: all cores)")
    else:
        p.add_argument("--threads", type=int, default=threads,
                       help=f"compute threads (default {threads})")
    p.add_argument("--all", action="store_true",
                   help="every backend in its own process, then the docs section")
    p.add_argument("--backends", nargs="+", choices=backends, default=list(backends),
                   help="with --all: which backends")
    p.add_argument("--docs-only", action="store_true",
                   help="rebuild the docs section from the saved results")
    return p


def add_machine_options(p):
    """--malloc and --wait: the allocator setting and the wait for a quiet
    machine (what `prepare` does with them)."""
    p.add_argument("--malloc", choices=("keep", "default"), default="keep",
                   help="keep: glibc keeps freed memory (mallopt), so that "
                        "timings do not include page faults (default)")
    p.add_argument("--wait", type=float, default=120.0,
                   help="full runs: wait at most this many seconds for a "
                        "quiet machine before starting")
    return p


def main(args, family, write_docs, run_all, run_backend):
    """What every family's main does with its parsed `args`: rebuild the docs
    section (--docs-only), run every backend (--all), or run the current one
    with the compute threads set; returns the exit code."""
    if args.docs_only:
        harness.report_docs(write_docs(), family)
        return 0
    if args.all:
        return run_all(args)
    # set before any framework is imported (they read these once)
    os.environ.update(thread_env(args.threads, os.environ))
    run_backend(args)
    return 0


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


def prepare(args, family, backends):
    """The start of a one-backend run: the allocator (`args.malloc`, where the
    family has it), torch imported before tensorflow (in the other order the
    two can crash), the compute threads, the backend checked against
    `backends`, TensorFlow's logger quiet, and, for a full run with
    `args.wait`, a wait for a quiet machine.

    Returns:
        (backend name, what the results record of the allocator or None).
    """
    allocator = keep_freed_memory() if getattr(args, "malloc", None) == "keep" else None
    if has("torch"):
        importlib.import_module("torch")
    set_threads(args.threads)
    name = harness.backend()
    if name not in backends:
        raise SystemExit(f"bench_{family} runs on {', '.join(backends)}; "
                         f"KERAS_BACKEND={name}")
    if name == "tensorflow":
        import tensorflow as tf

        tf.get_logger().setLevel("ERROR")  # retracing notes of the checks
    wait = getattr(args, "wait", None)
    if not args.quick and wait:
        print(f"# waited {harness.wait_until_idle(timeout_s=wait):.0f} s "
              "for a quiet machine", flush=True)
    return name, allocator


def finish(family, meta, rows, markdown, quick, merge=None):
    """The end of a one-backend run of `rows`: prints their markdown and the
    elapsed time; unless `quick`, writes results/<family>-<backend>.{json,md},
    with `rows` first merged into the saved ones by `merge(saved, rows)`
    where given (a partial run). Returns {"metadata": meta, "rows": rows}."""
    name = meta["backend"]
    result = {"metadata": meta, "rows": rows}
    text = markdown(result)
    print(text)
    print(f"# {name}: {meta['elapsed_s']:.0f} s", flush=True)
    if not quick:
        if merge is not None:
            rows = merge(harness.read(family, [name]).get(name, {}).get("rows", []), rows)
            text = markdown({"metadata": meta, "rows": rows})
        for path in harness.write(family, meta, rows, text):
            print(f"wrote {path.relative_to(harness.REPO)}")
    return result


def run_all(args, family, write_docs, extra=()):
    """`python -m benchmarks.bench_<family>` for each of `args.backends` in a
    child process with the same --threads, --wait, --malloc and --quick as
    `args` and the options `extra`, then (unless --quick) the docs section;
    returns the exit code."""
    flags = ["--threads", str(args.threads)]
    if hasattr(args, "wait"):
        flags += ["--wait", str(args.wait), "--malloc", args.malloc]
    flags += (["--quick"] if args.quick else []) + list(extra)
    failed = run_children(f"benchmarks.bench_{family}", args.backends, flags, args.threads)
    if not args.quick:
        harness.report_docs(write_docs(), family, quiet=True)
    return 1 if failed else 0


def list_option(name, values):
    """[name, *values] when `values` is set, else []: a list option passed on."""
    return [name, *values] if values else []
