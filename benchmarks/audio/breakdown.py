"""Where our forward time goes, for a case that misses a goal.

Each part of the layer's forward pass is compiled on its own, in the
layer's mode, and timed on the previous part's output (computed before
timing), all parts in the same interleaved rounds: centre padding, framing,
window multiply, rfft (our `(real, imag)` pair), |.|^2 of the pair, (the mel
matmul); then `layer.call` and the layer as timed (Keras's `__call__` on
torch and TensorFlow; the stateless call on JAX). Under XLA the whole pass
is one fused program, so the parts can sum to more than the whole. Beside
them, natively: the backend's rfft of the same windowed frames (a complex
tensor) and |z|^2 of that complex tensor. On torch the profiler's costliest
ops of ours and of the native code are added (`benchmarks.mixers.breakdown`).

The mel matmul is the layer's own: products of runs of mel bands with
only the FFT bins where each run is nonzero (`MelSpectrogram._bands`).
"""



from benchmarks import harness
from benchmarks.fno.common import compile_as, tensor, to_numpy
from benchmarks.fno.conv import layer_fns


def part_fns(layer, filters):
    """[(name, fn)]: the parts of the layer's forward pass in order, each
    taking the previous one's output (the first: the audio), written with
    the same library calls as `keras_spectral.ops.stft`."""
    import keras

    from keras_spectral.backend import numerics as nx
    from keras_spectral.ops import _core, get_window
    from keras_spectral.ops.framing import frame
    from keras_spectral.ops.stft import _padded_window, center_pad

    n, step = layer.fft_length, layer.frame_step
    window = get_window(layer.window, layer.frame_length)
    out = [
        ("centre pad", lambda x: center_pad(x, n, layer.pad_mode)),
        ("frame", lambda p: frame(p, n, step)),
        ("window multiply", lambda f: nx.multiply(
            f, _padded_window(window, layer.frame_length, n, "float32"))),
        ("rfft", lambda w: tuple(_core.r2c(w, (2,), "backward"))),
        ("|.|^2", lambda re, im: nx.add(nx.square(re), nx.square(im))),
    ]
    if filters is not None:
        bands = [(lo, hi, keras.ops.convert_to_tensor(w, "float32"))
                 for lo, hi, w in layer._bands]
        out.append(("mel matmul", lambda s: keras.ops.concatenate(
            [nx.matmul(s[..., lo:hi], w) for lo, hi, w in bands], axis=-1)))
    return out


def _native_rfft():
    """(rfft(frames), |z|^2 of a complex z) with the backend's own calls."""
    name = harness.backend()
    if name == "jax":
        import jax.numpy as jnp

        rfft, real, imag = jnp.fft.rfft, jnp.real, jnp.imag
    elif name == "torch":
        import torch

        rfft, real, imag = torch.fft.rfft, torch.real, torch.imag
    else:
        import tensorflow as tf

        rfft, real, imag = tf.signal.rfft, tf.math.real, tf.math.imag

    return rfft, lambda z: real(z) ** 2 + imag(z) ** 2


def _as_args(out):
    """A part's output as the next part's arguments (backend tensors)."""
    return tuple(tensor(to_numpy(o)) for o in (out if isinstance(out, tuple) else (out,)))


def breakdown(case, layer, x, filters, mode, settings, sides):
    """{"mode", "parts", "whole", "native", "sides": [(name, median s)],
    "ratios": {name: harness.ratio}, "torch": the profiler's breakdown
    (torch only)}. `sides`: the case's forward callables in this mode
    ({"ours", "keras", "native"}), timed in the same rounds."""
    name = harness.backend()
    calls, args, windowed = dict(sides), (x,), None
    for part, fn in part_fns(layer, filters):
        compiled = compile_as(fn, mode)
        calls[part] = (lambda c=compiled, a=args: c(*a))
        if part == "rfft":
            windowed = args[0]
        args = _as_args(fn(*args))
    calls["layer.call"] = (lambda c=compile_as(layer.call, mode): c(x))
    f, _ = layer_fns(layer, name)
    whole = compile_as(f, mode)
    tv = [v.value for v in layer.trainable_variables]
    calls["layer"] = (lambda: whole(x, tv)) if name == "jax" else (lambda: whole(x))
    rfft, power = (compile_as(g, mode) for g in _native_rfft())
    z = rfft(windowed)
    calls["native rfft"] = lambda: rfft(windowed)
    calls["native |z|^2"] = lambda: power(z)
    names = {"parts": [p for p, _ in part_fns(layer, filters)],
             "whole": ["layer.call", "layer"], "native": ["native rfft", "native |z|^2"],
             "sides": list(sides)}
    out = {"mode": mode}
    for c in calls.values():
        c()  # compiles
    times = harness.time_interleaved(calls, **settings)
    out["other_load"] = times["_load"]
    for key, keys in names.items():
        out[key] = [(k, times[k]["median"]) for k in keys]
    out["ratios"] = {f"{a}/{b}": harness.ratio(times[a], times[b])
                     for a in names["sides"] if a != "keras" and a != "native"
                     for b in ("keras", "native")}
    if name == "torch":
        from benchmarks.audio.sides import native_fns
        from benchmarks.mixers.breakdown import torch_breakdown

        fwd, _ = native_fns(name, case, filters)
        out["torch"] = torch_breakdown(
            layer, {"ours": lambda: layer(x), "native": lambda: fwd(x), "input": x},
            settings)
    return out
