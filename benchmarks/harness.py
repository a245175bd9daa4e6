"""The one timing harness of the benchmarks.

Every figure it reports is a ratio: a candidate (a keras_spectral op) against a
baseline (the backend's native code, a peer library, or a floor) timed in the
same process, on the same inputs, in interleaved rounds, so that load on the
machine affects both sides alike.

Timing: each callable is warmed up (which also compiles it), then called in
rounds; a round times every callable once, in turn. One sample is the mean of
`number` back-to-back calls, `number` chosen so a sample lasts at least
`min_sample_s` (small inputs are otherwise below the clock's resolution). Each
call is synchronised before the clock stops: `jax.block_until_ready` on JAX;
`torch.cuda.synchronize` / `tf.test.experimental.sync_devices` when a GPU is
in use (TensorFlow and PyTorch execute synchronously on the CPU). Nothing is
copied to NumPy inside the timed region: a copy would be timed too, and it
costs more than the transform on TensorFlow's CPU complex tensors.

Benchmark scripts in this folder may import frameworks; the library may not.
"""

import datetime
import hashlib
import json
import os
import platform
import subprocess
import time
from pathlib import Path

import numpy as np

RESULTS = Path(__file__).resolve().parent / "results"
REPO = Path(__file__).resolve().parent.parent

# Modes timed per backend: "eager" runs the Python function as written;
# "compiled" runs it the way users run it in production (jax.jit, or
# tf.function(jit_compile=True)); torch and numpy are timed eagerly only.
MODES = {
    "jax": ("eager", "compiled"),
    "tensorflow": ("eager", "compiled"),
    "torch": ("eager",),
    "numpy": ("eager",),
}


def backend():
    import keras  # here, so that run.py's parent process imports no framework

    return keras.backend.backend()


# --- threads, devices, synchronisation ------------------------------------------


def set_threads(threads):
    """Asks the current backend for `threads` compute threads (best effort).

    Call before any computation; the environment variables OMP_NUM_THREADS and
    friends are set by `run.py` before the framework is imported.
    """
    name = backend()
    if name == "torch":
        import torch

        torch.set_num_threads(threads)
    elif name == "tensorflow":
        import tensorflow as tf

        try:
            tf.config.threading.set_intra_op_parallelism_threads(threads)
            tf.config.threading.set_inter_op_parallelism_threads(threads)
        except RuntimeError:  # already initialised: keep what it has
            pass


def uses_gpu():
    name = backend()
    if name == "jax":
        import jax

        return jax.default_backend() != "cpu"
    if name == "torch":
        import torch

        return torch.cuda.is_available()
    if name == "tensorflow":
        import tensorflow as tf

        return bool(tf.config.list_logical_devices("GPU"))
    return False


def _leaves(out):
    if isinstance(out, (tuple, list)):
        return [leaf for item in out for leaf in _leaves(item)]
    if isinstance(out, dict):
        return [leaf for item in out.values() for leaf in _leaves(item)]
    return [out]


def make_sync():
    """A function that waits until its argument's values are computed."""
    name = backend()
    gpu = uses_gpu()
    if name == "jax":
        import jax

        return lambda out: jax.block_until_ready(_leaves(out))
    if name == "torch" and gpu:
        import torch

        return lambda out: torch.cuda.synchronize()
    if name == "tensorflow" and gpu:
        import tensorflow as tf

        return lambda out: tf.test.experimental.sync_devices()
    return lambda out: out


# --- load from other processes ------------------------------------------------------
#
# Timings on a shared machine are only as good as the machine is quiet. The
# monitor measures how many cores other processes kept busy while we timed
# (system-wide busy time from /proc/stat minus this process's own), so a
# contended measurement can be detected, recorded and repeated.

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _busy_ticks():
    """(busy ticks of the whole machine, ticks of this process), or None."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        values = [int(v) for v in fields]
        busy = sum(values[:8]) - values[3] - values[4]  # minus idle, iowait
        own = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        return busy, int(own[11]) + int(own[12])  # utime + stime
    except (OSError, ValueError, IndexError):
        return None


class LoadMonitor:
    """Cores kept busy by other processes between `start()` and `stop()`."""

    def start(self):
        self._t0, self._b0 = time.perf_counter(), _busy_ticks()
        return self

    def stop(self):
        b1 = _busy_ticks()
        elapsed = time.perf_counter() - self._t0
        if self._b0 is None or b1 is None or elapsed <= 0:
            return None
        others = (b1[0] - self._b0[0]) - (b1[1] - self._b0[1])
        return max(others, 0) / _TICK / elapsed


def wait_until_idle(max_load=0.15, quiet_s=2.0, timeout_s=120.0):
    """Waits until other processes use under `max_load` cores for `quiet_s`
    seconds, at most `timeout_s`; returns the seconds waited."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout_s:
        monitor = LoadMonitor().start()
        time.sleep(quiet_s)
        load = monitor.stop()
        if load is None or load < max_load:
            break
    return time.perf_counter() - start


# --- compilation ------------------------------------------------------------------


def compile_fn(fn, mode):
    """`fn` as a user runs it in `mode` ("eager" or "compiled")."""
    if mode == "eager":
        return fn
    if mode != "compiled":
        raise ValueError(f"Unknown mode {mode!r}.")
    name = backend()
    if name == "jax":
        import jax

        return jax.jit(fn)
    if name == "tensorflow":
        import tensorflow as tf

        return tf.function(fn, jit_compile=True, autograph=False)
    raise ValueError(f"No compiled mode on the {name} backend.")


# --- timing -------------------------------------------------------------------------


def _stats(samples):
    a = np.asarray(samples, dtype=np.float64)
    q1, median, q3 = np.percentile(a, [25, 50, 75])
    return {
        "median": float(median), "q1": float(q1), "q3": float(q3),
        "min": float(a.min()), "max": float(a.max()), "n": int(a.size),
    }


def time_interleaved(calls, repeats=15, warmup=2, min_sample_s=2e-3,
                     max_total_s=None):
    """Times several callables in interleaved rounds.

    Args:
        calls: a dict name -> zero-argument callable.
        repeats: number of rounds (samples per callable).
        warmup: untimed calls of each callable first (compiles it).
        min_sample_s: a sample is the mean of enough calls to last this long.
        max_total_s: stop after the round that passes this much time
            (at least 3 rounds are always run).

    Returns:
        A dict name -> {"median", "q1", "q3", "min", "max", "n", "samples",
        "number"}, seconds per call, and "_load": the cores other processes
        kept busy during the timed rounds (None where unknown).
    """
    sync = make_sync()
    clock = time.perf_counter
    numbers = {}
    for name, fn in calls.items():
        for _ in range(warmup):
            sync(fn())
        start = clock()
        sync(fn())
        once = max(clock() - start, 1e-7)
        numbers[name] = max(1, int(np.ceil(min_sample_s / once)))
    samples = {name: [] for name in calls}
    monitor = LoadMonitor().start()
    begin = clock()
    for r in range(repeats):
        for name, fn in calls.items():
            number = numbers[name]
            start = clock()
            for _ in range(number):
                sync(fn())
            samples[name].append((clock() - start) / number)
        if max_total_s is not None and r >= 2 and clock() - begin > max_total_s:
            break
    load = monitor.stop()
    out = {
        name: dict(_stats(s), samples=s, number=numbers[name])
        for name, s in samples.items()
    }
    out["_load"] = load
    return out


def ratio(candidate, baseline):
    """Median ratio and the quartiles of the per-round ratios."""
    paired = np.asarray(candidate["samples"]) / np.asarray(baseline["samples"])
    q1, q3 = np.percentile(paired, [25, 75])
    return {
        "ratio": candidate["median"] / baseline["median"],
        "ratio_q1": float(q1), "ratio_q3": float(q3),
    }


# --- metadata and output -------------------------------------------------------------


def _git_commit():
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True,
            text=True, timeout=10, check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
            capture_output=True, text=True, timeout=10,
        ).stdout.strip()
        return out + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return None


def _library_digest():
    """A short hash of keras_spectral's sources: which code was timed, also
    when the working tree differs from the commit."""
    h = hashlib.sha256()
    for path in sorted((REPO / "keras_spectral").rglob("*.py")):
        h.update(str(path.relative_to(REPO)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def _cpu_name():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _framework_version():
    name = backend()
    if name == "numpy":
        import scipy

        return {"numpy": np.__version__, "scipy": scipy.__version__}
    if name == "jax":
        import jax
        import jaxlib

        return {"jax": jax.__version__, "jaxlib": jaxlib.__version__}
    if name == "torch":
        import torch

        return {"torch": torch.__version__}
    import tensorflow as tf

    return {"tensorflow": tf.__version__}


def _threads():
    name = backend()
    out = {"cpu_count": os.cpu_count()}
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "XLA_FLAGS"):
        if os.environ.get(var):
            out[var] = os.environ[var]
    if name == "torch":
        import torch

        out["torch_threads"] = torch.get_num_threads()
    elif name == "tensorflow":
        import tensorflow as tf

        out["tf_intra_op"] = tf.config.threading.get_intra_op_parallelism_threads()
        out["tf_inter_op"] = tf.config.threading.get_inter_op_parallelism_threads()
    return out


def _device():
    if not uses_gpu():
        return f"cpu: {_cpu_name()}"
    name = backend()
    if name == "torch":
        import torch

        return f"gpu: {torch.cuda.get_device_name(0)}"
    if name == "jax":
        import jax

        return f"gpu: {jax.devices()[0].device_kind}"
    import tensorflow as tf

    gpu = tf.config.list_physical_devices("GPU")[0]
    details = tf.config.experimental.get_device_details(gpu)
    return f"gpu: {details.get('device_name', gpu.name)}"


def metadata():
    import keras

    return {
        "backend": backend(),
        "keras": keras.__version__,
        "versions": _framework_version(),
        "python": platform.python_version(),
        "device": _device(),
        "threads": _threads(),
        "commit": _git_commit(),
        "library_digest": _library_digest(),
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(
            timespec="seconds"),
    }


def metadata_line(meta):
    versions = ", ".join(f"{k} {v}" for k, v in meta["versions"].items())
    threads = meta["threads"]
    count = threads.get("torch_threads") or threads.get("OMP_NUM_THREADS") \
        or threads.get("cpu_count")
    commit = meta.get("commit") or "unknown"
    commit = commit[:12] + ("+dirty" if commit.endswith("+dirty") else "")
    digest = meta.get("library_digest")
    return (f"{meta['device']}; {count} threads; keras {meta['keras']}, "
            f"{versions}, python {meta['python']}; commit {commit}"
            + (f" (keras_spectral sources {digest})" if digest else "")
            + f"; {meta['date']}")


def ms(s):
    """Seconds as milliseconds for a table ("-" for None)."""
    if s is None:
        return "-"
    return f"{s * 1e3:.3f}" if s < 0.01 else f"{s * 1e3:.2f}" if s < 1 else f"{s * 1e3:,.0f}"


def with_quartiles(r):
    """A `ratio` result as "median (q1-q3)"."""
    return f"{r['ratio']:.2f} ({r['ratio_q1']:.2f}-{r['ratio_q3']:.2f})"


def markdown_table(header, rows):
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def read(name, backends):
    """{backend: its saved results/<name>-<backend>.json}, for those found."""
    results = {}
    for b in backends:
        path = RESULTS / f"{name}-{b}.json"
        if path.exists():
            results[b] = json.loads(path.read_text())
    return results


def write(name, meta, rows, markdown):
    """Writes results/<name>-<backend>.json and .md; returns their paths."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"{name}-{meta['backend']}"
    stem.with_suffix(".json").write_text(
        json.dumps({"metadata": meta, "rows": rows}, indent=1) + "\n")
    stem.with_suffix(".md").write_text(markdown + "\n")
    return stem.with_suffix(".json"), stem.with_suffix(".md")


# --- docs/benchmarks.md ---------------------------------------------------------------

DOCS = REPO / "docs" / "benchmarks.md"


def section_markers(name):
    """The markers around the `name` section of docs/benchmarks.md."""
    return f"<!-- {name}:begin -->", f"<!-- {name}:end -->"


def section_text(name, intro, goals, title, results, markdown, backends, extra=()):
    """The `name` section of docs/benchmarks.md, markers included: `intro`
    (lines), "### Goals" with the lines `goals`, the lines `extra`, then a
    "### <title>, <backend>" table, `markdown(result)`, for each of
    `backends` (those in `results`, in the order given)."""
    begin, end = section_markers(name)
    parts = [begin, ""] + list(intro) + ["### Goals", ""] + list(goals) + [""] + list(extra)
    for b in backends:
        parts += [f"### {title}, {b}", "", markdown(results[b]), ""]
    return "\n".join(parts + [end])


def write_section(name, backends, markdown, section):
    """Rewrites results/<name>-<backend>.md and the `name` section of
    docs/benchmarks.md (between its markers; appended when absent; the rest of
    the file is left as it is) from the saved results/<name>-<backend>.json.

    Args:
        name: the benchmark family, e.g. "fno".
        backends: the backends whose results to read.
        markdown: `f(result) -> str`, one backend's table.
        section: `f({backend: result}) -> str`, the section, markers included.

    Returns:
        The docs path, or None when no results were found.
    """
    results = read(name, backends)
    if not results:
        return None
    for b, res in results.items():
        (RESULTS / f"{name}-{b}.md").write_text(markdown(res) + "\n")
    text = DOCS.read_text() if DOCS.exists() else "# Benchmarks\n"
    begin, end = section_markers(name)
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + section(results) + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section(results) + "\n"
    DOCS.write_text(text)
    return DOCS


def report_docs(path, name, quiet=False):
    """Says what `write_section` wrote (`quiet`: nothing when it wrote nothing)."""
    if path:
        print(f"wrote {path.relative_to(REPO)} ({name} section)")
    elif not quiet:
        print("no results")
