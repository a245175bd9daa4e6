"""Timing (the method: benchmarks/README.md), ratios, the load of other
processes, metadata and the JSON results."""

import ctypes
import datetime
import hashlib
import json
import math
import os
import platform
import subprocess
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks" / "results"
FULL = {"rounds": 15, "min_sample_s": 0.02, "max_total_s": 8.0, "once_s": 30.0}
QUICK = {"rounds": 9, "min_sample_s": 2e-3, "max_total_s": 1.0, "once_s": 30.0}
MAX_LOAD = 0.3  # cores other processes may keep busy: more is waited out, or flagged


def time_sides(calls, syncs, rounds, min_sample_s, max_total_s, once_s):
    """Times zero-argument `calls` {name: fn} in rounds of alternating order (a
    side's place in a round biases a ratio by a few percent); a side whose first
    call lasts over `once_s` is timed by that call. Returns ({name: stats of
    seconds per call}, {name: its first output}, the cores other processes kept
    busy meanwhile or None)."""
    clock, outs, number, samples = time.perf_counter, {}, {}, {k: [] for k in calls}
    load = load_monitor()
    for k, fn in calls.items():
        start = clock()
        outs[k] = syncs[k](fn())
        if clock() - start > once_s:
            samples[k].append(clock() - start)
            continue
        start = clock()
        syncs[k](fn())
        number[k] = max(1, math.ceil(min_sample_s / max(clock() - start, 1e-7)))
    order, begin = list(number), clock()
    for r in range(rounds):
        for k in order if r % 2 == 0 else order[::-1]:
            start = clock()
            for _ in range(number[k]):
                syncs[k](calls[k]())
            samples[k].append((clock() - start) / number[k])
        if r >= 2 and clock() - begin > max_total_s:
            break
    stats = {k: dict(zip(("q1", "median", "q3"), map(float, np.percentile(s, [25, 50, 75]))),
                     n=len(s), samples=s) for k, s in samples.items()}
    return stats, outs, load()


def ratio(a, b):
    """a / b of two `stats`: of the medians, with the quartiles of the
    per-round ratios where both were timed in the same rounds."""
    out = {"ratio": a["median"] / b["median"]}
    if len(a["samples"]) == len(b["samples"]) > 1:
        q1, q3 = np.percentile(np.divide(a["samples"], b["samples"]), [25, 75])
        out.update(q1=float(q1), q3=float(q3))
    return out


def load_monitor():
    """A function returning how many cores other processes kept busy since."""
    def busy():  # busy clock ticks of the machine, of this process
        try:
            ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
            own = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
            return sum(ticks[:8]) - ticks[3] - ticks[4], int(own[11]) + int(own[12])
        except (OSError, ValueError, IndexError):
            return None

    t0, b0 = time.perf_counter(), busy()

    def stop():
        b1, elapsed = busy(), time.perf_counter() - t0
        if b0 is None or b1 is None or elapsed <= 0:
            return None
        return max(b1[0] - b0[0] - b1[1] + b0[1], 0) / os.sysconf("SC_CLK_TCK") / elapsed

    return stop


def wait_until_idle(timeout_s=120.0, quiet_s=2.0):
    """Waits (at most `timeout_s`) until other processes keep under MAX_LOAD
    cores busy for `quiet_s` seconds; returns the last load measured."""
    start = time.perf_counter()
    while True:
        stop = load_monitor()
        time.sleep(quiet_s)
        load = stop()
        if load is None or load < MAX_LOAD or time.perf_counter() - start > timeout_s:
            return load


def keep_freed_memory():
    """Tells glibc to keep freed memory (no mmap of large blocks, no trim), so
    that no side pays for page faults of buffers another side freed."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        kept = libc.mallopt(-4, 0) and libc.mallopt(-1, 1 << 30)  # M_MMAP_MAX, M_TRIM_THRESHOLD
    except (OSError, AttributeError):
        kept = False
    return "glibc keeps freed memory" if kept else "as is"


def _git(*args):
    return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout.strip()


def metadata(engine, threads, allocator="as is"):
    import keras

    digest = hashlib.sha256(b"".join(str(p.relative_to(REPO)).encode() + p.read_bytes()
                                     for p in sorted((REPO / "keras_spectral").rglob("*.py"))))
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.machine())
    return {
        "backend": engine.name, "keras": keras.__version__, "versions": engine.versions(),
        "python": platform.python_version(), "threads": threads, "allocator": allocator,
        "device": f"cpu: {cpu}" if engine.device() == "cpu" else engine.device(),
        "commit": _git("rev-parse", "HEAD")[:12]
        + ("+dirty" if _git("status", "--porcelain", "--untracked-files=no") else ""),
        "library_digest": digest.hexdigest()[:12],
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }


def metadata_line(meta):
    versions = ", ".join(f"{k} {v}" for k, v in meta["versions"].items())
    return (f"{meta['device']}; {meta['threads']} threads; keras {meta['keras']}, {versions}, "
            f"python {meta['python']}; allocator: {meta['allocator']}; commit "
            f"{meta['commit']} (keras_spectral sources {meta['library_digest']}); {meta['date']}")


def results_name(backend, device):
    """The results file's name (no suffix): the backend, and the device unless the CPU."""
    return backend if device == "cpu" else f"{backend}-{device}"


def load(backend):
    path = RESULTS / f"{backend}.json"
    return json.loads(path.read_text()) if path.exists() else None


def save(backend, meta, rows):
    """Merges `rows` of a run (`meta`) into results/<backend>.json: they replace
    the saved rows of the same case, pass and mode; runs no row refers to any
    more are dropped."""
    old, path = load(backend) or {"runs": [], "rows": []}, RESULTS / f"{backend}.json"
    keys = {(r["case"], r["pass"], r["mode"]) for r in rows}
    rows = [r for r in old["rows"] if (r["case"], r["pass"], r["mode"]) not in keys] + [
        dict(r, run=len(old["runs"])) for r in rows]
    runs, used = old["runs"] + [meta], sorted({r["run"] for r in rows})
    path.write_text(json.dumps({"runs": [runs[i] for i in used],
                                "rows": [dict(r, run=used.index(r["run"])) for r in rows]},
                               indent=1) + "\n")
    return path
