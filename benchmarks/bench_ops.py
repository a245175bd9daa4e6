"""keras_spectral's FFT ops and complex einsum against the backend's native code.

For the backend Keras is using (KERAS_BACKEND), each op is timed against the
native call a user would write by hand on the same data (torch.fft, jnp.fft,
tf.signal, numpy.fft; scipy-style DCTs where the framework has one). The
native side receives a native complex tensor built before timing starts, so
the figure is the native transform itself; our side receives (real, imag) and
returns (real, imag), as the library does. PyTorch has no DCT: its row is
timed against torch.fft.rfft of the same length, a floor no DCT can beat.

Sizes are total input elements, 2**10 to 2**22: 1-D ops are (batch, n) with
n = min(total, 4096); 2-D ops are (batch, h, w) with h = w = min(sqrt(total),
256); the einsum "bixy,ioxy->boxy" mixes channels per Fourier mode with
batch 4, 16 x 16 modes and i = o channels, total = b * i * x * y.

Run `python -m benchmarks.bench_ops [--quick]` from the repository root with
KERAS_BACKEND set, or `python -m benchmarks.run` for every backend.
"""

import argparse
import math
import os
import sys

if not __package__:  # run as a script: make `benchmarks` importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np

from benchmarks import harness

# keras (and so a framework) is imported where a case is built, not here:
# run.py renders the saved results with this module without choosing a backend.

SIZES = (10, 12, 14, 16, 18, 20, 22)
QUICK_SIZES = (16,)
OPS = ("rfft", "irfft", "rfftn", "irfftn", "fftn", "dct", "einsum")
EINSUM = "bixy,ioxy->boxy"
EINSUM_METHODS = ("block", "gauss", "naive")


def method_auto(backend_name=None):
    """What kc.einsum(method="auto") resolves to on `backend_name`."""
    from keras_spectral.complex import auto_method

    return auto_method(backend_name)
FULL = {"repeats": 25, "min_sample_s": 5e-3, "max_total_s": 4.0}
QUICK = {"repeats": 9, "min_sample_s": 2e-3, "max_total_s": 1.0}
# A case during which other processes kept more than MAX_LOAD cores busy is
# timed again once the machine is quiet (at most RETRIES times; full runs only).
MAX_LOAD = 0.3
RETRIES = 3


# --- native calls ----------------------------------------------------------------


def _native():
    """Native tensors and calls of the current backend, by op."""
    name = harness.backend()
    if name == "jax":
        import jax.numpy as jnp
        import jax.scipy.fft as jsf

        return {
            "label": "jnp.fft", "complex": jnp.asarray,
            "rfft": ("jnp.fft.rfft", lambda x, n: jnp.fft.rfft(x)),
            "irfft": ("jnp.fft.irfft", lambda z, n: jnp.fft.irfft(z, n=n)),
            "rfftn": ("jnp.fft.rfftn", lambda x, s: jnp.fft.rfftn(x, axes=(-2, -1))),
            "irfftn": ("jnp.fft.irfftn",
                       lambda z, s: jnp.fft.irfftn(z, s=s, axes=(-2, -1))),
            "fftn": ("jnp.fft.fftn", lambda z, s: jnp.fft.fftn(z, axes=(-2, -1))),
            "dct": ("jax.scipy.fft.dct", lambda x, n: jsf.dct(x, type=2)),
            "einsum": ("jnp.einsum", lambda a, b: jnp.einsum(EINSUM, a, b)),
        }
    if name == "torch":
        import torch

        return {
            "label": "torch.fft", "complex": torch.from_numpy,
            "rfft": ("torch.fft.rfft", lambda x, n: torch.fft.rfft(x)),
            "irfft": ("torch.fft.irfft", lambda z, n: torch.fft.irfft(z, n=n)),
            "rfftn": ("torch.fft.rfftn",
                      lambda x, s: torch.fft.rfftn(x, dim=(-2, -1))),
            "irfftn": ("torch.fft.irfftn",
                       lambda z, s: torch.fft.irfftn(z, s=s, dim=(-2, -1))),
            "fftn": ("torch.fft.fftn", lambda z, s: torch.fft.fftn(z, dim=(-2, -1))),
            "dct": ("torch.fft.rfft (floor: torch has no DCT)",
                    lambda x, n: torch.fft.rfft(x)),
            "einsum": ("torch.einsum", lambda a, b: torch.einsum(EINSUM, a, b)),
        }
    if name == "tensorflow":
        import tensorflow as tf

        return {
            "label": "tf.signal", "complex": tf.constant,
            "rfft": ("tf.signal.rfft", lambda x, n: tf.signal.rfft(x)),
            "irfft": ("tf.signal.irfft",
                      lambda z, n: tf.signal.irfft(z, fft_length=[n])),
            "rfftn": ("tf.signal.rfft2d", lambda x, s: tf.signal.rfft2d(x)),
            "irfftn": ("tf.signal.irfft2d",
                       lambda z, s: tf.signal.irfft2d(z, fft_length=list(s))),
            "fftn": ("tf.signal.fft2d", lambda z, s: tf.signal.fft2d(z)),
            "dct": ("tf.signal.dct", lambda x, n: tf.signal.dct(x, type=2)),
            "einsum": ("tf.einsum", lambda a, b: tf.einsum(EINSUM, a, b)),
        }
    import scipy.fft

    return {
        "label": "numpy.fft", "complex": np.asarray,
        "rfft": ("np.fft.rfft", lambda x, n: np.fft.rfft(x)),
        "irfft": ("np.fft.irfft", lambda z, n: np.fft.irfft(z, n=n)),
        "rfftn": ("np.fft.rfftn", lambda x, s: np.fft.rfftn(x, axes=(-2, -1))),
        "irfftn": ("np.fft.irfftn",
                   lambda z, s: np.fft.irfftn(z, s=s, axes=(-2, -1))),
        "fftn": ("np.fft.fftn", lambda z, s: np.fft.fftn(z, axes=(-2, -1))),
        "dct": ("scipy.fft.dct (peer: numpy has no DCT)",
                lambda x, n: scipy.fft.dct(x, type=2)),
        "einsum": ("np.einsum", lambda a, b: np.einsum(EINSUM, a, b)),
    }


# --- cases ----------------------------------------------------------------------------


def shape_of(op, k):
    total = 2**k
    if op in ("rfft", "irfft", "dct"):
        n = min(total, 4096)
        return (total // n, n)
    if op in ("rfftn", "irfftn", "fftn"):
        h = min(2 ** (k // 2), 256)
        return (total // (h * h), h, h)
    channels = int(round(math.sqrt(total / (4 * 16 * 16))))
    return (4, max(channels, 1), 16, 16)


def _case(op, k, native, rng):
    """(shape, our fn, our args, native fn, native args, baseline label).

    Every fn takes tensors only, so it can be compiled as it is.
    """
    from keras import ops

    from keras_spectral import complex as kc
    from keras_spectral import ops as kso

    shape = shape_of(op, k)
    tensor = ops.convert_to_tensor
    label, call = native[op]
    if op in ("rfft", "dct", "rfftn"):
        x = rng.standard_normal(shape).astype(np.float32)
        ours = {
            "rfft": lambda x: kso.rfft(x),
            "dct": lambda x: kso.dct(x, type=2),
            "rfftn": lambda x: kso.rfftn(x, axes=(-2, -1)),
        }[op]
        extra = shape[-1] if op != "rfftn" else shape[-2:]
        return shape, ours, (tensor(x),), (lambda x: call(x, extra)), (tensor(x),), label
    if op in ("irfft", "irfftn"):
        lengths = shape[-1:] if op == "irfft" else shape[-2:]
        signal = rng.standard_normal(shape)
        z = np.fft.rfftn(signal, axes=tuple(range(-len(lengths), 0))).astype(np.complex64)
        if op == "irfft":
            n = shape[-1]
            ours = lambda re, im: kso.irfft((re, im), n=n)  # noqa: E731
            extra = n
        else:
            s = tuple(lengths)
            ours = lambda re, im: kso.irfftn((re, im), s=s, axes=(-2, -1))  # noqa: E731
            extra = s
        parts = (tensor(z.real.copy()), tensor(z.imag.copy()))
        return (shape, ours, parts, (lambda z: call(z, extra)),
                (native["complex"](z),), label)
    if op == "fftn":
        z = (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(
            np.complex64)
        parts = (tensor(z.real.copy()), tensor(z.imag.copy()))
        ours = lambda re, im: kso.fftn((re, im), axes=(-2, -1))  # noqa: E731
        return (shape, ours, parts, (lambda z: call(z, shape[-2:])),
                (native["complex"](z),), label)
    # einsum: x (b, i, x, y), w (i, o, x, y)
    b, i, mx, my = shape
    x = (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(np.complex64)
    wshape = (i, i, mx, my)
    w = (rng.standard_normal(wshape) + 1j * rng.standard_normal(wshape)).astype(
        np.complex64)
    parts = tuple(tensor(a.copy()) for a in (x.real, x.imag, w.real, w.imag))
    ours = {
        m: (lambda m: lambda xr, xi, wr, wi: kc.einsum(
            EINSUM, (xr, xi), (wr, wi), method=m))(m)
        for m in EINSUM_METHODS
    }
    return (shape, ours, parts, call,
            (native["complex"](x), native["complex"](w)), label)


def _as_complex(out):
    from keras import ops

    if isinstance(out, tuple):
        return np.asarray(ops.convert_to_numpy(out[0])) + 1j * np.asarray(
            ops.convert_to_numpy(out[1]))
    return np.asarray(ops.convert_to_numpy(out))


def _check(op, ours, native, floor):
    """Our result must be the native one (else the comparison is meaningless)."""
    if floor:
        return
    a, b = _as_complex(ours), _as_complex(native)
    scale = max(float(np.abs(b).max()), 1e-30)
    err = float(np.abs(a - b).max()) / scale
    if a.shape != b.shape or err > 1e-4:
        raise AssertionError(
            f"{op}: ours differs from native (shapes {a.shape} vs {b.shape}, "
            f"relative error {err:.2e})")


def run_case(op, k, mode, native, settings, rng, retries=0):
    """Times one (op, size, mode); returns result rows (several for einsum)."""
    shape, ours, args, base, base_args, label = _case(op, k, native, rng)
    floor = "floor" in label
    candidates = ours if isinstance(ours, dict) else {op: ours}
    compiled = {name: harness.compile_fn(fn, mode) for name, fn in candidates.items()}
    base_fn = harness.compile_fn(base, mode)
    if mode == "eager" and k <= 16:
        base_out = base_fn(*base_args)
        for fn in compiled.values():
            _check(op, fn(*args), base_out, floor)
    calls = {name: (lambda f: lambda: f(*args))(fn) for name, fn in compiled.items()}
    calls["native"] = lambda: base_fn(*base_args)
    times = harness.time_interleaved(calls, **settings)
    for _ in range(retries):
        if times["_load"] is None or times["_load"] <= MAX_LOAD:
            break
        harness.wait_until_idle()
        times = harness.time_interleaved(calls, **settings)
    rows = []
    for name in candidates:
        rows.append({
            "op": op if name == op else f"{op}[{name}]",
            "size": k, "shape": list(shape), "mode": mode,
            "baseline": label, "floor": floor, "peer": "peer" in label,
            "ours_s": times[name]["median"], "ours_q1_s": times[name]["q1"],
            "ours_q3_s": times[name]["q3"],
            "native_s": times["native"]["median"],
            "native_q1_s": times["native"]["q1"], "native_q3_s": times["native"]["q3"],
            "rounds": times[name]["n"], "other_load": times["_load"],
            **harness.ratio(times[name], times["native"]),
        })
    return rows


def run(sizes=SIZES, op_names=OPS, modes=None, settings=None, verbose=True,
        retries=0):
    """All rows for the current backend."""
    native = _native()
    modes = modes or harness.MODES[harness.backend()]
    settings = settings or FULL
    rng = np.random.default_rng(0)
    rows = []
    for op in op_names:
        for mode in modes:
            for k in sizes:
                new = run_case(op, k, mode, native, settings, rng, retries)
                rows += new
                if verbose:
                    for r in new:
                        print(f"  {r['op']:<15} 2^{k:<3} {mode:<9} "
                              f"ours {r['ours_s'] * 1e3:9.3f} ms  "
                              f"native {r['native_s'] * 1e3:9.3f} ms  "
                              f"ratio {r['ratio']:.2f}  "
                              f"other load {r['other_load'] or 0:.2f}", flush=True)
    return rows


def quick_ratios(verbose=False):
    """The quick guard: [{op, size, mode, ratio, baseline, floor, peer}] for the
    current backend at QUICK_SIZES (2**16), eager and (jax, tensorflow)
    compiled. `size` is the total element count; einsum rows are named
    `einsum[block]`, `einsum[gauss]`, `einsum[naive]` (see `method_auto`)."""
    rows = run(QUICK_SIZES, settings=QUICK, verbose=verbose)
    return [{"op": r["op"], "size": 2 ** r["size"], "mode": r["mode"],
             "ratio": r["ratio"], "baseline": r["baseline"], "floor": r["floor"],
             "peer": r.get("peer", False)}
            for r in rows]


# --- report ------------------------------------------------------------------------------


def _ms(s):
    return f"{s * 1e3:.3f}" if s < 0.1 else f"{s * 1e3:.1f}"


def _row_name(r, backend_name=None):
    name = r["op"]
    if r["op"] == f"einsum[{method_auto(backend_name)}]":
        name += " (auto)"
    return name + (" *" if r["floor"] else "") + (" †" if r.get("peer") else "")


def _geomean(values):
    return float(np.exp(np.mean(np.log(values))))


def einsum_fastest(rows, mode, min_size=16):
    """(method with the lowest geometric-mean ratio at sizes >= 2**min_size,
    that ratio, {size: fastest method}) for one mode; None without rows."""
    rows = [r for r in rows if r["op"].startswith("einsum[") and r["mode"] == mode]
    if not rows:
        return None
    per_size = {}
    for r in rows:
        best = per_size.get(r["size"])
        if best is None or r["ours_s"] < best["ours_s"]:
            per_size[r["size"]] = r
    big = [r for r in rows if r["size"] >= min_size] or rows
    means = {}
    for r in big:
        means.setdefault(r["op"][7:-1], []).append(r["ratio"])
    winner = min(means, key=lambda m: _geomean(means[m]))
    return (winner, _geomean(means[winner]),
            {k: per_size[k]["op"][7:-1] for k in sorted(per_size)})


def markdown(rows, meta):
    sizes = sorted({r["size"] for r in rows})
    modes = [m for m in ("eager", "compiled") if any(r["mode"] == m for r in rows)]
    native = sorted({r["baseline"] for r in rows if not r["op"].startswith("einsum")})
    out = [f"Ratio ours / native (median time; below 1 is faster than native). "
           f"Native: {', '.join(native)}; einsum: "
           f"{next((r['baseline'] for r in rows if r['op'].startswith('einsum')), '-')}"
           f" on native complex tensors. * = against a floor, not an "
           f"equivalent op; † = against a peer library.", ""]
    header = ["op", "mode"] + [f"2^{k}" for k in sizes]
    table = []
    names = list(dict.fromkeys(r["op"] for r in rows))
    for mode in modes:
        for name in names:
            cells = {r["size"]: r for r in rows if r["op"] == name and r["mode"] == mode}
            if not cells:
                continue
            first = next(iter(cells.values()))
            table.append([_row_name(first, meta.get("backend")), mode] + [
                f"{cells[k]['ratio']:.2f}" if k in cells else "" for k in sizes])
    out.append(harness.markdown_table(header, table))
    for mode in modes:
        fastest = einsum_fastest(rows, mode)
        if fastest:
            winner, mean, per = fastest
            out += ["", f"Complex einsum, {mode}: fastest from 2^16 up: {winner} "
                    f"(geometric-mean ratio {mean:.2f}); fastest per size: "
                    + ", ".join(f"2^{k} {m}" for k, m in per.items()) + "."]
    out += ["", "<details><summary>Times (ms, median [IQR]) and shapes</summary>", ""]
    detail = []
    for r in rows:
        detail.append([
            _row_name(r, meta.get("backend")), r["mode"], f"2^{r['size']}", "x".join(map(str, r["shape"])),
            f"{_ms(r['ours_s'])} [{_ms(r['ours_q1_s'])}, {_ms(r['ours_q3_s'])}]",
            f"{_ms(r['native_s'])} [{_ms(r['native_q1_s'])}, {_ms(r['native_q3_s'])}]",
            f"{r['ratio']:.2f} [{r['ratio_q1']:.2f}, {r['ratio_q3']:.2f}]",
            r["baseline"], r["rounds"],
            "" if r["other_load"] is None else f"{r['other_load']:.2f}",
        ])
    out.append(harness.markdown_table(
        ["op", "mode", "size", "shape", "ours", "native", "ratio [IQR]",
         "native call", "rounds", "other load"], detail))
    out += ["", "other load: cores kept busy by other processes during the "
            "timed rounds."]
    out += ["", "</details>"]
    return "\n".join(out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="QUICK_SIZES only (2^16), few repeats; writes nothing")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--ops", nargs="+", default=list(OPS), choices=OPS)
    parser.add_argument("--sizes", nargs="+", type=int, default=None,
                        help="log2 of the total sizes (default 10 12 ... 22)")
    parser.add_argument("--wait", type=float, default=600.0,
                        help="full runs: wait at most this many seconds for "
                             "the machine to be quiet before starting")
    args = parser.parse_args(argv)
    harness.set_threads(args.threads)
    sizes = args.sizes or (QUICK_SIZES if args.quick else SIZES)
    if not args.quick:
        waited = harness.wait_until_idle(timeout_s=args.wait)
        print(f"# waited {waited:.0f} s for a quiet machine", flush=True)
    meta = harness.metadata()
    print(f"# {meta['backend']}: {harness.metadata_line(meta)}", flush=True)
    rows = run(sizes, args.ops, settings=QUICK if args.quick else FULL,
               retries=0 if args.quick else RETRIES)
    text = markdown(rows, meta)
    print(text)
    if not args.quick:
        for path in harness.write("ops", meta, rows, text):
            print(f"wrote {os.path.relpath(path)}")
    return rows


if __name__ == "__main__":
    main()
