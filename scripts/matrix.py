#!/usr/bin/env python3
"""Runs the test suite once per Keras backend, each in its own process, and
prints a matrix: one row per test module, one column per backend, cells
passed/failed/skipped.

    python scripts/matrix.py                         every backend
    python scripts/matrix.py --backends jax,torch    some of them
    python scripts/matrix.py -- -k fft               extra pytest arguments

After the main runs, each training backend loads the `.keras` files the others
saved (tests/test_portability.py, second phase): rows marked "(load)". Beside
the backends, the "site" column runs tests/site (KERAS_SPECTRAL_SITE=1): the
documentation site built with `mkdocs build --strict`, and the wheel and sdist
installed into a clean virtual environment; `--no-site` leaves it out.

Exits non-zero when any backend has a failure or error, collects no test, or
cannot be imported (conftest.py fails a run whose backend does not load: a
requested backend is never skipped). Two runs go at a time, one thread each,
so they do not fight over a 2-core machine; the longest backend (jax, whose
time is mostly XLA compilation) is split into two runs, longest first. XLA's
compiled programs (jax, and TensorFlow's `jit_compile`) persist in
`$KERAS_SPECTRAL_CACHE` (default `~/.cache/keras_spectral`), so a second run
on the same machine compiles only what changed; an empty value turns it off.
The tests' XLA programs are compiled without XLA's optimisation passes (they
run a few times each; compiling is most of their cost), except the speed
guard's, which runs in a process of its own per backend ("-speed" logs).

Devices are the matrix's second axis: every training backend runs once per
device present (`--devices`, default: the CPU, and the GPU where `nvidia-smi`
lists one), each run seeing only its device (CUDA_VISIBLE_DEVICES empty for
the CPU; KERAS_SPECTRAL_DEVICE=gpu for the GPU, which conftest.py fails when
the backend sees none). Columns of a device other than the CPU are named
"<backend> <device>"; the speed guard runs in each.
"""

import argparse
import concurrent.futures
import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"
PORTABLE = REPORTS / "portable"  # .keras files each backend saves for the others to load
BACKENDS = ["tensorflow", "jax", "torch", "numpy", "openvino"]  # slowest first
TRAINING = ["tensorflow", "jax", "torch"]

THREAD_ENV = {
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "TF_NUM_INTRAOP_THREADS": "1",
    "TF_NUM_INTEROP_THREADS": "1",
    "XLA_FLAGS": "--xla_cpu_multi_thread_eigen=false",  # + FAST_COMPILE but in SPEED_TESTS
    "KERAS_SPECTRAL_THREADS": "1",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "JAX_ENABLE_X64": "1",
}


# The tests compile thousands of small XLA programs (jax, TensorFlow's jit_compile) that
# each run a few times: XLA's CPU code generation without its optimisation passes takes a
# quarter less CPU time for the jax column (measured on tests/layers). The speed guard
# times the code users run, so it runs apart, with XLA's default optimisation.
FAST_COMPILE = " --xla_backend_optimization_level=0 --xla_cpu_parallel_codegen_split_count=1"
SPEED_TESTS = "tests/test_speed_guard.py"
SPEED_BACKENDS = ["tensorflow", "jax", "torch", "numpy"]

# A backend's suite in parts that run side by side (longest first), where one
# part alone would set the matrix's wall time.
SHARDS = {"jax": [["tests/layers", "tests/models"],
                  ["tests", "--ignore=tests/layers", "--ignore=tests/models"]]}
LONGEST_FIRST = ["jax-0", "tensorflow", "jax-1", "torch", "numpy", "openvino"]
# Keras's openvino backend runs inference only, and keras_spectral there only
# the matrix transforms: its column runs the tests written for it (every
# catalogue layer and FNO against the numpy backend) and the switch's, < 60 s.
OPENVINO_TESTS = ["tests/backends", "tests/test_config.py"]


ACCELERATED = ["tensorflow", "jax", "torch"]  # backends that run on a GPU


def find_devices():
    """The CPU, and "gpu" where nvidia-smi lists one (no framework imported)."""
    found = ["cpu"]
    if shutil.which("nvidia-smi"):
        listed = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True)
        if listed.returncode == 0 and "GPU" in listed.stdout:
            found.append("gpu")
    return found


def device_env(device):
    """What makes a run see only `device`."""
    if device == "cpu":
        return {"CUDA_VISIBLE_DEVICES": "", "JAX_PLATFORMS": "cpu"}
    return {"KERAS_SPECTRAL_DEVICE": device}


def cache_env():
    """Where XLA keeps compiled programs between runs (empty: nowhere)."""
    root = os.environ.get("KERAS_SPECTRAL_CACHE",
                          str(Path.home() / ".cache" / "keras_spectral"))
    if not root:
        return {}
    return {
        "JAX_COMPILATION_CACHE_DIR": str(Path(root) / "jax"),
        "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS": "0",
        "JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES": "0",
        "TF_XLA_FLAGS": f"--tf_xla_persistent_cache_directory={Path(root) / 'tensorflow'}",
    }


def run_backend(backend, pytest_args, threads, phase="", shard=None, device="cpu", full=False):
    """pytest under `backend` on `device`; `phase` "load" is the portability
    check's second phase (loading the files the other backends saved), "speed"
    the speed guard (`SPEED_TESTS`, which a `full` run leaves to it); `shard`
    the index of one of the backend's `SHARDS` (its paths prepended to
    `pytest_args`)."""
    env = dict(os.environ, KERAS_BACKEND=backend, PYTHONHASHSEED="0",
               KERAS_SPECTRAL_PORTABLE_DIR=str(PORTABLE))
    env.update(THREAD_ENV)
    env.update(cache_env())
    env.update(device_env(device))
    for key in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                "TF_NUM_INTRAOP_THREADS", "KERAS_SPECTRAL_THREADS"):
        env[key] = str(threads)
    if phase == "site":  # the docs build and the installed package (tests/site)
        env["KERAS_SPECTRAL_SITE"] = "1"
        pytest_args = ["tests/site"]
    elif phase == "speed":
        pytest_args = [SPEED_TESTS]
    elif phase:
        env["KERAS_SPECTRAL_PORTABILITY"] = phase
        pytest_args = ["tests/test_portability.py", "-k", "test_load"]
    if shard is not None:
        pytest_args = SHARDS[backend][shard] + list(pytest_args)
    if backend == "openvino" and not phase:
        pytest_args = OPENVINO_TESTS + list(pytest_args)
    if phase != "speed":
        env["XLA_FLAGS"] += FAST_COMPILE
    if not phase and full and backend in SPEED_BACKENDS:
        pytest_args = list(pytest_args) + [f"--ignore={SPEED_TESTS}"]
    tag = f"{backend}-{phase}" if phase else backend if shard is None else f"{backend}-{shard}"
    tag += "" if device == "cpu" else f"-{device}"
    xml = REPORTS / f"{tag}.xml"
    log = REPORTS / f"{tag}.log"
    if xml.exists():
        xml.unlink()
    cmd = [sys.executable, "-m", "pytest", "-q", "-rfE", "--durations=20", f"--junitxml={xml}",
           *pytest_args]
    start = time.time()
    with open(log, "w") as out:
        rc = subprocess.call(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    return tag, rc, time.time() - start


def read_results(xml, rows=None, suffix=""):
    """{module: [passed, failed, skipped]} from a junit xml file (added to `rows`)."""
    rows = {} if rows is None else rows
    if not xml.exists():
        return rows
    for case in ET.parse(xml).getroot().iter("testcase"):
        module = case.get("classname", "").split(".")
        # classname is "tests.ops.test_fft.TestClass" or "tests.ops.test_fft"
        parts = [p for p in module if not p[:1].isupper()]
        name = "/".join(parts[1:]) if parts and parts[0] == "tests" else "/".join(parts)
        cell = rows.setdefault((name or "(collection)") + suffix, [0, 0, 0])
        tags = {child.tag for child in case}
        if tags & {"failure", "error"}:
            cell[1] += 1
        elif "skipped" in tags:
            cell[2] += 1
        else:
            cell[0] += 1
    return rows


def print_matrix(results, backends):
    modules = sorted({m for r in results.values() for m in r})
    width = max([len(m) for m in modules] + [10])
    cellw = max(14, max(len(b) for b in backends))
    print("\n" + "module".ljust(width) + "".join(b.rjust(cellw + 2) for b in backends))
    totals = {b: [0, 0, 0] for b in backends}
    for m in modules:
        line = m.ljust(width)
        for b in backends:
            cell = results[b].get(m)
            if cell is None:
                line += "-".rjust(cellw + 2)
                continue
            totals[b] = [t + c for t, c in zip(totals[b], cell)]
            line += "/".join(map(str, cell)).rjust(cellw + 2)
        print(line)
    print("-" * (width + (cellw + 2) * len(backends)))
    print("total".ljust(width) + "".join(
        "/".join(map(str, totals[b])).rjust(cellw + 2) for b in backends))
    print("(cells: passed/failed/skipped)")
    return totals


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument("--jobs", type=int, default=2, help="backends run at once")
    parser.add_argument("--no-site", action="store_true", help="leave out the docs and package job")
    parser.add_argument("--devices", default="auto",
                        help="cpu, gpu or both, comma-separated (auto: every device present)")
    parser.add_argument("pytest_args", nargs="*", help="passed to pytest (after --)")
    args = parser.parse_args(argv)
    backends = [b for b in args.backends.split(",") if b]
    unknown = set(backends) - set(BACKENDS)
    if unknown:
        parser.error(f"unknown backends: {sorted(unknown)}")
    devices = find_devices() if args.devices == "auto" else args.devices.split(",")
    if set(devices) - {"cpu", "gpu"}:
        parser.error(f"unknown devices: {sorted(set(devices) - {'cpu', 'gpu'})}")
    REPORTS.mkdir(exist_ok=True)
    shutil.rmtree(PORTABLE, ignore_errors=True)
    for stale in REPORTS.glob("*.xml"):  # a run reads every file of its backends
        stale.unlink()
    cores = os.cpu_count() or 2
    threads = max(1, cores // max(1, min(args.jobs, len(backends))))
    start = time.time()
    status = {}

    def run_all(jobs):
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            futures = [pool.submit(run_backend, *job) for job in jobs]
            for fut in concurrent.futures.as_completed(futures):
                tag, rc, secs = fut.result()
                status[tag] = rc
                print(f"[{tag}] pytest exit code {rc} in {secs:.0f}s "
                      f"(log: reports/{tag}.log)", flush=True)

    jobs, full = [], not args.pytest_args
    for d in devices:
        for b in backends if d == "cpu" else [b for b in backends if b in ACCELERATED]:
            shards = range(len(SHARDS[b])) if b in SHARDS and not args.pytest_args else [None]
            jobs += [(b, args.pytest_args, threads, "", s, d, full) for s in shards]
            if full and b in SPEED_BACKENDS:
                jobs.append((b, [], threads, "speed", None, d))
    order = {tag: i for i, tag in enumerate(LONGEST_FIRST)}
    jobs.sort(key=lambda j: order.get(j[3] or (j[0] if j[4] is None else f"{j[0]}-{j[4]}"),
                                      99))
    # The docs build and the installed package run beside the backend runs, on one
    # thread from the start: mostly pip and one small training, they add little wall time.
    site = not args.no_site and not args.pytest_args
    beside = concurrent.futures.ThreadPoolExecutor(1)
    site_job = beside.submit(run_backend, "jax", [], 1, "site") if site else None
    run_all(jobs)
    # Portability, second phase: each training backend loads what the others
    # saved (only when the whole suite ran, so every file is there).
    loaders = [b for b in TRAINING if b in backends] if not args.pytest_args else []
    if len(loaders) > 1:
        run_all([(b, [], threads, "load") for b in loaders])
    if site_job is not None:
        tag, rc, secs = site_job.result()
        status[tag] = rc
        print(f"[{tag}] pytest exit code {rc} in {secs:.0f}s (log: reports/{tag}.log)", flush=True)
    results, columns = {}, []
    for d in devices:
        for b in backends if d == "cpu" else [b for b in backends if b in ACCELERATED]:
            column, suffix = (b, "") if d == "cpu" else (f"{b} {d}", f"-{d}")
            results[column] = read_results(REPORTS / f"{b}{suffix}.xml")
            for s in range(len(SHARDS.get(b, []))):
                read_results(REPORTS / f"{b}-{s}{suffix}.xml", results[column])
            read_results(REPORTS / f"{b}-speed{suffix}.xml", results[column])
            columns.append(column)
    for b in backends:
        if b in results:
            read_results(REPORTS / f"{b}-load.xml", results[b], " (load)")
    if not columns:
        parser.error(f"nothing to run: {', '.join(backends)} on {', '.join(devices)}")
    if site:
        results["site"] = read_results(REPORTS / "jax-site.xml")
        columns.append("site")
    totals = print_matrix(results, columns)
    bad = [tag for tag, rc in status.items() if rc != 0]
    bad += [c for c in columns if totals[c][0] == 0 and not any(
        t.startswith(c.split()[0]) or t.endswith(f"-{c}") for t in bad)]
    for tag in bad:
        print(f"\n===== {tag}: exit code {status.get(tag)}; end of its log =====")
        log = REPORTS / f"{tag.replace(' ', '-')}.log"
        print("\n".join(log.read_text().splitlines()[-40:]) if log.exists() else "(no log)")
    passed = sum(t[0] for t in totals.values())
    failed = sum(t[1] for t in totals.values())
    skipped = sum(t[2] for t in totals.values())
    print(f"\nmatrix: {len(backends)} backends on {', '.join(devices)}"
          f"{' and the site' if site else ''} in "
          f"{time.time() - start:.0f}s; "
          f"{'FAILED: ' + ', '.join(bad) if bad else 'all green'}")
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
