"""Runs the op benchmarks once per backend and writes docs/benchmarks.md.

Each backend runs in its own process with KERAS_BACKEND set (Keras picks its
backend once per process) and JAX_ENABLE_X64 unset (inputs are float32).

    python -m benchmarks.run                      # all four backends, full
    python -m benchmarks.run --backend jax        # one backend
    python -m benchmarks.run --quick              # 2^16 only, prints

A full run writes benchmarks/results/ops-<backend>.{json,md} and then rebuilds
docs/benchmarks.md from the results of every backend found there, so a
backend run alone updates its own section only.
"""

import argparse
import math
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DOCS = REPO / "docs" / "benchmarks.md"
BACKENDS = ("tensorflow", "jax", "torch", "numpy")

if not __package__:
    sys.path.insert(0, str(REPO))


def _env(backend, threads):
    env = dict(os.environ)
    env["KERAS_BACKEND"] = backend
    env.pop("JAX_ENABLE_X64", None)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        env[var] = str(threads)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    return env


def run_backend(backend, quick, threads, extra=()):
    cmd = [sys.executable, "-m", "benchmarks.bench_ops", "--threads", str(threads)]
    cmd += ["--quick"] if quick else []
    cmd += list(extra)
    print(f"== {backend}: {' '.join(cmd[1:])}", flush=True)
    start = time.perf_counter()
    code = subprocess.run(cmd, cwd=REPO, env=_env(backend, threads)).returncode
    print(f"== {backend}: exit {code} after {time.perf_counter() - start:.0f} s",
          flush=True)
    return code


# --- docs/benchmarks.md ----------------------------------------------------------


def _geomean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values))


def summary(results, min_size=16):
    """One row per op: geometric mean [min, max] of the ratios at sizes
    >= 2**min_size, per backend and mode."""
    columns = [(b, m) for b in BACKENDS if b in results
               for m in ("eager", "compiled")
               if any(r["mode"] == m for r in results[b]["rows"])]
    ops = list(dict.fromkeys(r["op"] for b in results for r in results[b]["rows"]))
    rows = []
    for op in ops:
        cells = []
        for b, m in columns:
            values = [r["ratio"] for r in results[b]["rows"]
                      if r["op"] == op and r["mode"] == m and r["size"] >= min_size]
            mine = [r for r in results[b]["rows"] if r["op"] == op]
            mark = (" *" if any(r["floor"] for r in mine) else "") + (
                " †" if any(r.get("peer") for r in mine) else "")
            cells.append(
                f"{_geomean(values):.2f} [{min(values):.2f}, {max(values):.2f}]"
                + mark if values else "")
        rows.append([op] + cells)
    header = ["op"] + [f"{b} {m}" for b, m in columns]
    return header, rows


def fastest_einsum(results):
    """Rows: backend, mode, the einsum method with the lowest geometric-mean
    ratio from 2^16 up, that ratio, and the fastest method per size."""
    from benchmarks import bench_ops

    out = []
    for b in BACKENDS:
        for mode in ("eager", "compiled"):
            found = b in results and bench_ops.einsum_fastest(results[b]["rows"], mode)
            if found:
                winner, mean, per = found
                out.append([b, mode, winner, f"{mean:.2f}",
                            ", ".join(f"2^{k} {m}" for k, m in per.items())])
    return ["backend", "mode", "fastest", "its ratio", "fastest per size"], out


def _load_line(rows):
    loads = sorted(r["other_load"] for r in rows if r.get("other_load") is not None)
    if not loads:
        return ""
    return (f" Other processes' load while timing: median {loads[len(loads) // 2]:.2f},"
            f" max {loads[-1]:.2f} cores.")


def write_docs(backends=BACKENDS):
    """Rebuilds docs/benchmarks.md (and each results/ops-<backend>.md) from
    the saved JSON results."""
    from benchmarks import bench_ops, harness

    results = harness.read("ops", backends)
    if not results:
        return None
    header, rows = summary(results)
    parts = [
        "# Benchmarks",
        "",
        "Every figure is a ratio: the time of a keras_spectral op divided by the time "
        "of the backend's native call on the same inputs, both measured in the same "
        "process in interleaved rounds (median of the rounds; below 1 means faster "
        "than native). The native side receives a native complex tensor built "
        "before timing; our side takes and returns `(real, imag)` pairs, so the "
        "ratio includes building and splitting the complex tensor. \"compiled\" "
        "runs both sides under `jax.jit` or `tf.function(jit_compile=True)`; torch "
        "and numpy are timed eagerly. Sizes are total input elements (shapes in "
        "each backend's details). `*`: against a floor (torch has no DCT: its row "
        "is timed against `torch.fft.rfft` of the same length). `†`: against a "
        "peer library (numpy has no DCT: `scipy.fft.dct`).",
        "",
        "Run `python -m benchmarks.run` (see `benchmarks/README.md`). Raw data: "
        "`benchmarks/results/ops-<backend>.json`.",
        "",
        "## Summary: sizes 2^16 to 2^22",
        "",
        "Geometric mean [min, max] of the ratios at 2^16, 2^18, 2^20 and 2^22.",
        "",
        harness.markdown_table(header, rows),
        "",
        "Complex einsum `bixy,ioxy->boxy` (batch 4, 16 x 16 modes, channels "
        "growing with the size): the method with the lowest geometric-mean ratio "
        "from 2^16 up, and the fastest per size (`auto` is `block` on torch, `naive` elsewhere).",
        "",
        harness.markdown_table(*fastest_einsum(results)),
    ]
    for b in BACKENDS:
        if b not in results:
            continue
        meta, table = results[b]["metadata"], bench_ops.markdown(
            results[b]["rows"], results[b]["metadata"])
        (harness.RESULTS / f"ops-{b}.md").write_text(table + "\n")
        parts += ["", f"## {b}", "", harness.metadata_line(meta) + "."
                  + _load_line(results[b]["rows"]), "", table]
    DOCS.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(parts) + "\n"
    old = DOCS.read_text() if DOCS.exists() else ""
    for marker in ("<!-- fno:begin -->",):  # sections other benchmarks write
        if marker in old:
            text += "\n" + old[old.index(marker):]
    DOCS.write_text(text)
    return DOCS


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", nargs="+", choices=BACKENDS,
                        default=list(BACKENDS))
    parser.add_argument("--quick", action="store_true",
                        help="2^16 only, few repeats; writes nothing")
    parser.add_argument("--threads", type=int, default=os.cpu_count(),
                        help="compute threads per backend (default: all cores)")
    parser.add_argument("--docs-only", action="store_true",
                        help="rebuild docs/benchmarks.md from the saved results")
    args, extra = parser.parse_known_args(argv)
    failed = []
    if not args.docs_only:
        for b in args.backend:
            if run_backend(b, args.quick, args.threads, extra):
                failed.append(b)
    if not args.quick:
        path = write_docs()
        if path:
            print(f"wrote {path.relative_to(REPO)}")
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
