"""SpectralConv1D/2D/3D against the native code, neuraloperator and the floor:
the checks, forward and forward+backward timed per mode, and where the
forward time goes (transforms alone, mixing alone)."""

import numpy as np

from benchmarks import harness
from benchmarks.fno import native, peer
from benchmarks.fno.cases import PASSES, corner_slices, modes_of, settings_of
from benchmarks.fno.common import (
    close, compile_as, has, stats_row, tensor, to_numpy, torch_grad)


def layer_fns(layer, backend_name):
    """(fwd(x), fb(x, g) -> (dx, *dweights)) of a built keras_spectral layer,
    as a user runs it (stateless call on JAX)."""
    if backend_name == "jax":
        import jax
        import jax.numpy as jnp

        tv = [v.value for v in layer.trainable_variables]
        ntv = [v.value for v in layer.non_trainable_variables]

        def run(tv, x):
            return layer.stateless_call(tv, ntv, x)[0]

        def fwd(x, tv=tv):
            return run(tv, x)

        def fb(x, g, tv=tv):
            def loss(x, tv):
                return jnp.sum(run(tv, x) * g)
            dx, dtv = jax.grad(loss, argnums=(0, 1))(x, tv)
            return [dx] + list(dtv)

        return fwd, fb
    if backend_name == "tensorflow":
        import tensorflow as tf

        def fwd(x):
            return layer(x)

        def fb(x, g):
            with tf.GradientTape() as tape:
                tape.watch(x)
                loss = tf.reduce_sum(layer(x) * g)
            return tape.gradient(loss, [x] + list(layer.trainable_variables))

        return fwd, fb

    def fwd(x):
        return layer(x)

    return fwd, torch_grad(layer, [v.value for v in layer.trainable_variables])


def _probe_fft_only(layer_cls, filters, modes, shape):
    """A twin of the layer whose channel mixing is the identity: the
    transforms, corner cuts and pads alone."""
    probe = layer_cls(filters, modes, use_bias=False)
    probe.build(shape)
    probe._mix = lambda x: x
    return probe


def _bind(fn, args):
    return lambda: fn(*args)


def build_case(case, rng, modes_timed):
    """Everything one case needs: callables per pass, already checked."""
    import keras

    from keras_spectral.layers.spectral_conv import (
        SpectralConv1D, SpectralConv2D, SpectralConv3D)

    name = harness.backend()
    shape, modes = tuple(case["shape"]), tuple(case["modes"])
    rank = len(modes)
    channels = shape[-1]
    to_cf = (0, rank + 1) + tuple(range(1, rank + 1))
    cls = {1: SpectralConv1D, 2: SpectralConv2D, 3: SpectralConv3D}[rank]

    layer = cls(channels, modes, use_bias=False)
    layer.build(shape)
    k = layer.get_spectral_kernel()
    w_np = (np.asarray(keras.ops.convert_to_numpy(k.real))
            + 1j * np.asarray(keras.ops.convert_to_numpy(k.imag))).astype(np.complex64)

    x_np = rng.standard_normal(shape).astype(np.float32)
    g_np = rng.standard_normal(shape).astype(np.float32)
    x, g = tensor(x_np), tensor(g_np)
    x_cf = tensor(np.ascontiguousarray(x_np.transpose(to_cf)))
    g_cf = tensor(np.ascontiguousarray(g_np.transpose(to_cf)))
    w = tensor(w_np)
    if name == "torch":
        x.requires_grad_(True)
        x_cf.requires_grad_(True)
        w.requires_grad_(True)

    n_fwd, n_fb, n_fft, n_mix = native.native(name, shape, modes, True)
    cf_fwd, cf_fb, _, _ = native.native(name, shape, modes, False)
    f_fwd, f_fb = native.floor(name, rank, shape[1:-1])
    o_fwd, o_fb = layer_fns(layer, name)

    # correctness, eagerly or jitted once
    checks = {}
    ours_y = o_fwd(x)
    checks["native"] = close("ours vs native forward", ours_y, n_fwd(x, w))
    checks["native_cf"] = close(
        "ours vs native channels_first forward",
        np.transpose(to_numpy(ours_y), to_cf), cf_fwd(x_cf, w))
    ours_dx = o_fb(x, g)[0]
    checks["native_grad_x"] = close("ours vs native input gradient", ours_dx,
                                    n_fb(x, w, g)[0])

    # side: (fwd, fb, forward args, forward+backward args)
    sides = {
        "ours": (o_fwd, o_fb, (x,), (x, g)),
        "native": (n_fwd, n_fb, (x, w), (x, w, g)),
        "native_cf": (cf_fwd, cf_fb, (x_cf, w), (x_cf, w, g_cf)),
        "floor": (f_fwd, f_fb, (x_cf,), (x_cf, g_cf)),
    }
    params = [v.value for v in layer.trainable_variables] if name == "torch" else []
    calls = {p: {} for p in PASSES}
    for mode in modes_timed:
        sfx = "" if mode == modes_timed[0] and len(modes_timed) == 1 else f"[{mode}]"
        if name == "torch" and mode == "eager":
            sfx = ""
        try:
            compiled = {}
            for side, (fwd, fb, _, _) in sides.items():
                cfwd = compile_as(fwd, mode)
                if mode == "compile" and side != "floor":  # autograd of torch.compile
                    cfb = torch_grad(cfwd, params if side == "ours" else ())
                else:
                    cfb = compile_as(fb, mode)
                compiled[side] = cfwd, cfb
            if mode != "eager":
                close(f"ours[{mode}] vs native forward", compiled["ours"][0](x),
                      n_fwd(x, w))
            for side, (_, _, fargs, bargs) in sides.items():
                calls["forward"][side + sfx] = _bind(compiled[side][0], fargs)
                calls["forward+backward"][side + sfx] = _bind(compiled[side][1], bargs)
        except Exception as e:  # torch.compile can fail: report, go on
            checks[f"{mode}_error"] = f"{type(e).__name__}: {str(e)[:300]}"
            print(f"  {case['name']}: mode {mode} failed: {checks[f'{mode}_error']}",
                  flush=True)

    info = {}
    if name == "torch" and has("neuralop"):
        p_checks, info, p_calls = peer.conv_case(
            channels, modes, w_np, x_cf, g_cf, np.transpose(to_numpy(ours_y), to_cf),
            np.transpose(to_numpy(ours_dx), to_cf))
        checks.update(p_checks)
        for p in PASSES:
            calls[p]["neuralop"] = p_calls[p]

    breakdown = _breakdown(layer, cls, shape, modes, rng, x, x_np, w, n_fft, n_mix)
    return {"calls": calls, "checks": checks, "info": info, "breakdown": breakdown,
            "layer": layer}


def _breakdown(layer, cls, shape, modes, rng, x, x_np, w, n_fft, n_mix):
    """The forward's parts, {key: (fn, args)}: ours and native with the
    channel mixing replaced by the identity (`*_fft`), and the mixing alone on
    a ready spectrum (`*_mix`)."""
    import keras

    from keras_spectral import complex as kc

    name = harness.backend()
    rank, channels = len(modes), shape[-1]
    probe = _probe_fft_only(cls, channels, modes, shape)
    p_fwd, _ = layer_fns(probe, name)
    grid_shape = (shape[0],) + tuple(2 * m for m in modes[:-1]) + (modes[-1], channels)
    zr = rng.standard_normal(grid_shape).astype(np.float32)
    zi = rng.standard_normal(grid_shape).astype(np.float32)
    spec = kc.Complex(tensor(zr), tensor(zi))
    xf_np = np.fft.rfftn(x_np, axes=tuple(range(1, rank + 1))).astype(np.complex64)
    blocks = [tensor(np.ascontiguousarray(
        xf_np[(slice(None),) + sl + (slice(None),)])) for sl in corner_slices(modes)]
    if name == "tensorflow":  # the TF native code mixes channels_first blocks
        blocks = [tensor(np.ascontiguousarray(np.moveaxis(
            to_numpy(b), -1, 1))) for b in blocks]
    if name == "jax":
        def mix(re, im, kernel):
            with keras.StatelessScope(state_mapping=[(layer.kernel, kernel)]):
                return layer._mix(kc.Complex(re, im))
        mix_args = tuple(spec) + (layer.kernel.value,)
    else:
        def mix(re, im):
            return layer._mix(kc.Complex(re, im))
        mix_args = tuple(spec)
    return {
        "ours_fft": (p_fwd, (x,)),
        "ours_mix": (mix, mix_args),
        "native_fft": (n_fft, (x,)),
        "native_mix": (n_mix, (blocks, w)),
    }


def run_case(case, rng, quick):
    """Times one case: a row per pass; the forward row also gets the
    breakdown, in ours' fastest forward mode."""
    modes_timed = modes_of(harness.backend(), quick)
    built = build_case(case, rng, modes_timed)
    settings = settings_of(case, quick)
    rows = []
    for p in PASSES:
        calls = built["calls"][p]
        times = harness.time_interleaved(calls, **settings)
        row = {"case": case["name"], "shape": list(case["shape"]),
               "modes": list(case["modes"]), "pass": p,
               "other_load": times["_load"], "checks": built["checks"],
               **built["info"], "times": {k: stats_row(times, k) for k in calls},
               "ratios": {}}
        for a in calls:
            if not a.startswith("ours"):
                continue
            for b in calls:
                if b.startswith("ours"):
                    continue
                row["ratios"][f"{a}/{b}"] = harness.ratio(times[a], times[b])
        rows.append(row)
        _print_row(row)
    fwd_row = rows[0]
    best = min((k for k in fwd_row["times"]
                if k.startswith("ours") and "compile" not in k),
               key=lambda k: fwd_row["times"][k]["median_s"])
    mode = best[5:-1] if "[" in best else modes_timed[0]
    bcalls = {key: _bind(compile_as(fn, mode), args)
              for key, (fn, args) in built["breakdown"].items()}
    bcalls["ours"] = built["calls"]["forward"][best]
    bcalls["native"] = built["calls"]["forward"][best.replace("ours", "native")]
    btimes = harness.time_interleaved(bcalls, **settings)
    fwd_row["breakdown"] = {"mode": mode, **{k: stats_row(btimes, k) for k in bcalls}}
    b = fwd_row["breakdown"]
    print(f"  {case['name']:<11} breakdown [{mode}]: ours {b['ours']['median_s']*1e3:.2f} "
          f"(fft {b['ours_fft']['median_s']*1e3:.2f}, mix {b['ours_mix']['median_s']*1e3:.2f})"
          f"  native {b['native']['median_s']*1e3:.2f} (fft {b['native_fft']['median_s']*1e3:.2f},"
          f" mix {b['native_mix']['median_s']*1e3:.2f}) ms", flush=True)
    return rows


def _print_row(row):
    t = row["times"]
    cells = "  ".join(f"{k} {v['median_s'] * 1e3:.2f}" for k, v in t.items())
    ratios = "  ".join(f"{k} {v['ratio']:.2f}" for k, v in row["ratios"].items()
                       if "native_cf" not in k)
    print(f"  {row['case']:<11} {row['pass']:<17} ms: {cells}\n"
          f"  {'':<11} {'':<17} ratios: {ratios}  (load {row['other_load'] or 0:.2f})",
          flush=True)
