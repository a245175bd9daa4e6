"""Runs the benchmark cases (benchmarks/cases.py), a process per backend."""

import argparse
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from benchmarks import adapter, harness, report
from benchmarks.cases import CASES, FAMILIES, FB, FWD, MEM, STEP

TOLERANCE = 2e-4  # relative max error of a side's output against ours


def measure(cases, quick=False, modes=None, retry=False, verbose=False):
    """The result rows of `cases` on the current backend, each case in its
    modes (or `modes`); `quick`: the cases' quick forms, few rounds; `retry`:
    time again after waiting for a quiet machine, report failures and go on."""
    e, rows = adapter.current(), []
    for case in cases:
        if e.name not in case.backends or (quick and case.quick is None):
            continue
        case = case._replace(**case.quick) if quick else case
        for mode in dict.fromkeys(e.user if m == "user" else m for m in modes or case.modes):
            try:
                rows += run_case(case, mode, harness.QUICK if quick else harness.FULL,
                                 retry, verbose) if mode in e.modes else []
            except Exception as err:  # e.g. a compiler failing on a side
                if not retry:
                    raise
                print(f"# {case.name} {mode} failed: {err!r}", file=sys.stderr, flush=True)
    return rows


def run_case(case, mode, settings, retry, verbose):
    from benchmarks.sides import build

    sides, rows = build(case, mode, np.random.default_rng(0)), []
    for p in case.passes:
        if p == MEM:
            row = memory_row(case, mode, list(sides))
        else:
            calls = {k: s.engine.bind(s.fn, s.params, s.inputs, s.mode or mode, p == FB,
                                      watch=FB in case.passes and p != STEP)
                     for k, s in sides.items()}
            syncs = {k: s.engine.sync for k, s in sides.items()}
            timed = harness.time_sides(calls, syncs, **settings)
            if retry and (timed[2] or 0) > harness.MAX_LOAD:
                harness.wait_until_idle()
                timed = min(timed, harness.time_sides(calls, syncs, **settings),
                            key=lambda t: t[2] or 0)
            times, outs, load = timed
            if p == FWD:
                check(case, sides, outs)
            row = {"values": {k: {q: v for q, v in t.items() if q != "samples"}
                              for k, t in times.items()}, "unit": "s", "load": load,
                   "ratios": {k: harness.ratio(times["ours"], t) for k, t in times.items()
                              if k != "ours"}}
        row.update({"case": case.name, "family": case.family, "pass": p, "mode": mode,
                    "user": mode == adapter.current().user, "shape": list(case.shape),
                    "labels": {k: s.label for k, s in sides.items()}})
        rows.append(row)
        if verbose:
            print(report.line(row), flush=True)
    return rows


def check(case, sides, outs):
    """Every side's output must be ours (timing sides that disagree means nothing)."""
    def array(k):  # a Complex: a (real, imag) pair
        out, numpy = outs[k], sides[k].engine.numpy
        return numpy(out[0]) + 1j * numpy(out[1]) if isinstance(out, tuple) else numpy(out)

    want = array("ours")
    for k, s in sides.items():
        got = s.check(array(k)) if k != "ours" and s.check else want
        err = np.abs(got - want).max() / max(np.abs(want).max(), 1e-30) \
            if got.shape == want.shape else np.inf
        if not err <= TOLERANCE:
            raise AssertionError(f"{case.name}: {k} differs from ours (shapes {got.shape} "
                                 f"and {want.shape}, relative error {err:.1e})")


def memory_row(case, mode, names):
    """Peak memory of `steps` calls of each side, each in a fresh process,
    minus that of a process that only builds the side."""
    values, notes = {}, []
    for k in names:
        idle, peak = (float(subprocess.run(  # the peak RSS that the child prints
            [sys.executable, "-m", "benchmarks.run", "--memory", case.name, k, mode, kind],
            cwd=harness.REPO, stdout=subprocess.PIPE, text=True, check=True).stdout.split()[-1])
            for kind in ("idle", "run"))
        values[k] = {"median": peak - idle, "n": 1}
        notes.append(f"{k} {idle:.0f} -> {peak:.0f} MiB")
    return {"values": values, "unit": "MiB", "load": None,
            "ratios": {k: {"ratio": values["ours"]["median"] / v["median"]}
                       for k, v in values.items() if k != "ours"},
            "note": f"peak RSS of {case.setup['steps']} calls minus building alone: "
                    + ", ".join(notes)}


def memory_child(case_name, side, mode, kind):
    from benchmarks.sides import build

    case = next(c for c in CASES if c.name == case_name)
    s = build(case, mode, np.random.default_rng(0), names=(side,))[side]
    call = s.engine.bind(s.fn, s.params, s.inputs, s.mode or mode)
    for _ in range(case.setup["steps"] if kind == "run" else 0):
        s.engine.sync(call())
    status = Path("/proc/self/status").read_text()  # its peak RSS (VmHWM, reset by exec), MiB
    print(int(status.split("VmHWM:")[1].split()[0]) / 1024.0)
    return 0


def run_backend(args):
    e = adapter.current()
    e.set_threads(args.threads)
    if (e.device() == "cpu") != (args.device == "cpu"):
        print(f"# {e.name}: --device {args.device} asked for, the backend runs on "
              f"{e.device()}", file=sys.stderr)
        return 2
    allocator = "as is" if args.quick else harness.keep_freed_memory()
    load = None if args.quick else harness.wait_until_idle(timeout_s=args.wait)
    if (load or 0) > harness.MAX_LOAD:
        print(f"# {e.name}: other processes keep {load:.2f} cores busy: not timing on a "
              "busy machine (--wait longer, or --quick)", file=sys.stderr)
        return 2
    rows = measure([c for c in CASES if (not args.family or c.family in args.family)
                    and (not args.case or c.name in args.case)],
                   quick=args.quick, retry=not args.quick, verbose=True)
    meta = harness.metadata(e, args.threads, allocator)
    print(f"# {e.name}: {harness.metadata_line(meta)}", flush=True)
    if rows and not args.quick:
        name = harness.results_name(e.name, args.device)
        print(f"wrote {harness.save(name, meta, rows).relative_to(harness.REPO)}")
    return 0


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--backend", nargs="+", choices=adapter.BACKENDS, default=adapter.BACKENDS)
    p.add_argument("--family", nargs="+", choices=FAMILIES)
    p.add_argument("--case", nargs="+", metavar="NAME", choices=[c.name for c in CASES])
    p.add_argument("--quick", action="store_true", help="small cases, few rounds; writes nothing")
    p.add_argument("--threads", type=int, default=1, help="compute threads (default 1)")
    p.add_argument("--device", choices=adapter.DEVICES, default="cpu",
                   help="where to run (default cpu; gpu results go to <backend>-gpu.json)")
    p.add_argument("--wait", type=float, default=300.0,
                   help="seconds to wait for a quiet machine (default 300)")
    p.add_argument("--docs-only", action="store_true", help="only rebuild docs/benchmarks.md")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--memory", nargs=4, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.memory or args.child:  # in a child process: one side's memory, or one backend
        return memory_child(*args.memory) if args.memory else run_backend(args)
    failed = [b for b in ([] if args.docs_only else args.backend) if subprocess.run(
        [sys.executable, "-m", "benchmarks.run", *argv, "--child"], cwd=harness.REPO,
        env=adapter.child_env(os.environ, b, args.threads, args.device)).returncode]
    if not args.quick:
        print(f"wrote {report.write_docs().relative_to(harness.REPO)}")
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
