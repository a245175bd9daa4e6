"""The sides of a case (`BUILDERS`): ours, from the public keras_spectral API
the case names, and each baseline; Keras's own layers are built here."""

import functools
import importlib
import os
import tempfile
from types import SimpleNamespace
from typing import Callable, NamedTuple

import keras
import numpy as np
from scipy.signal import get_window

from benchmarks import adapter, baselines
from keras_spectral.losses import RelativeL2
from keras_spectral.ops import mel_filterbank

same = np.asarray  # checks: the output compared with ours as it is, or moved channels_last
channels_last = functools.partial(np.moveaxis, source=1, destination=-1)


class Side(NamedTuple):
    fn: Callable  # fn(params, *inputs)
    params: list
    inputs: tuple
    label: str
    engine: object  # the adapter's, that runs it
    check: Callable | None = None  # its output in ours' layout; None: not compared
    mode: str | None = None  # a mode of its own (a peer runs eagerly)


def channels_first(a):
    return np.ascontiguousarray(np.moveaxis(a, -1, 1))


def build(case, mode, rng, names=None):
    """{name: Side} of `case` in `mode`; `names`: only these (ours first)."""
    ctx = SimpleNamespace(case=case, e=adapter.current(), mode=mode, rng=rng, w={},
                          kernel=None, layer=None, arrays=None, model=None,
                          x=rng.standard_normal(case.shape).astype(np.float32),
                          y=rng.standard_normal(case.shape).astype(np.float32))
    sides = {k: BUILDERS[k](ctx) for k in names or ("ours",) + case.baselines}
    return {k: s for k, s in sides.items() if s is not None}


def ours(ctx):
    case, e = ctx.case, ctx.e
    module, name = case.ours.split(".")
    api = getattr(importlib.import_module(f"keras_spectral.{module}"), name)
    if module == "layers":
        layer = ctx.layer = api(**case.args)
        layer.build(case.shape)
        for v in layer.trainable_variables:  # AFNO's own init leaves nothing past its shrink
            v.assign((0.25 * ctx.rng.standard_normal(tuple(v.shape))).astype(np.float32))
        if case.setup.get("taps"):  # the crossover: zero past K taps
            kernel = keras.ops.convert_to_numpy(layer.kernel)
            kernel[case.setup["taps"]:] = 0.0
            layer.kernel.assign(kernel)
        ctx.w = {v.name: keras.ops.convert_to_numpy(v) for v in layer.trainable_variables}
        if name.startswith("SpectralConv"):
            k = layer.get_spectral_kernel()
            ctx.kernel = (keras.ops.convert_to_numpy(k.real)
                          + 1j * keras.ops.convert_to_numpy(k.imag)).astype(np.complex64)
        fn, params = e.layer_side(layer)
        if case.setup.get("pairs"):  # a complex layer: the pair (x, y) in, as two tensors
            return Side(lambda p, re, im: fn(p, (re, im)), params,
                        (e.tensor(ctx.x), e.tensor(ctx.y)), case.ours, e, same)
        return Side(fn, params, (e.tensor(ctx.x),), case.ours, e, same)
    if module == "export":  # the FNO exported, run in its runtime's session
        return exported(ctx, api)
    if module == "models":  # a training step as users run it
        model, jit = api(**case.args), "auto" if ctx.mode != "graph" else False
        model.compile(optimizer=keras.optimizers.Adam(case.setup["lr"]), loss=RelativeL2(),
                      jit_compile=jit)
        return Side(lambda p, x, y: model.train_on_batch(x, y), [],
                    (e.tensor(ctx.x), e.tensor(ctx.y)),
                    f"{case.ours}: train_on_batch, jit_compile={jit}", e, mode="eager")

    def cplx(s):  # an op: complex operands passed as (real, imag), an inverse's a half spectrum
        return (ctx.rng.standard_normal(s) + 1j * ctx.rng.standard_normal(s)).astype(np.complex64)

    shape = case.shape
    ctx.arrays = ([np.fft.rfftn(ctx.x, axes=(-1,) if name == "irfft" else (-2, -1))
                   .astype(np.complex64)] if name in ("irfft", "irfftn")
                  else [cplx(shape), cplx(shape[1:2] + shape[1:])] if name == "einsum"
                  else [cplx(shape)] if name == "fftn" else [ctx.x])
    pairs = [np.iscomplexobj(a) for a in ctx.arrays]

    def fn(params, *xs):
        xs = iter(xs)
        operands = [(next(xs), next(xs)) if c else next(xs) for c in pairs]
        return api(*case.args["args"], *operands, **case.args["kwargs"])

    return Side(fn, [], tuple(e.tensor(p) for a in ctx.arrays for p in (
        (a.real.copy(), a.imag.copy()) if np.iscomplexobj(a) else (a,))), case.ours, e, same)


def exported(ctx, export):
    from keras_spectral import models

    args = dict(ctx.case.args)
    fmt = args.pop("format")
    keras.utils.set_random_seed(0)
    inputs = keras.Input(ctx.case.shape[1:])  # free batch, the spatial size fixed
    model = ctx.model = keras.Model(inputs, models.FNO(**args)(inputs))
    model(ctx.x)  # called: what model.export asks
    path = os.path.join(tempfile.mkdtemp(prefix="keras_spectral_bench_"), f"fno.{fmt}")
    run = ctx.e.session(export(model, path, format=fmt), fmt)
    return Side(lambda p, x: run(x), [], (ctx.x,), f"{fmt} file in {run.label}",
                adapter.engine("numpy"), same, "eager")  # NumPy arrays in and out


def predict(ctx):
    model = ctx.model
    return Side(lambda p, x: model.predict(x, batch_size=x.shape[0], verbose=0), [], (ctx.x,),
                "model.predict (the same model)", adapter.engine("numpy"), same, "eager")


def native(ctx):
    case, e = ctx.case, ctx.e
    name, check = case.ours.split(".")[1], same
    if case.family == "ops":
        kwargs = {k: v for k, v in case.args["kwargs"].items() if k != "method"}
        label = e.dct_label if name == "dct" else f"{e.label}.{name}" if name != "einsum" \
            else "einsum of native complex tensors"
        return Side(lambda p, *xs: getattr(e, name)(*case.args["args"], *xs, **kwargs), [],
                    tuple(e.tensor(a) for a in ctx.arrays), label, e,
                    None if "floor" in label else same)
    if name.startswith("SpectralConv"):  # its weights: get_spectral_kernel() as complex
        fn, params = baselines.spectral_conv(e, case.shape, case.args["modes"]), [ctx.kernel]
        label = "the original FNO's SpectralConv"
    elif name.endswith("Spectrogram"):
        a, mel, lay = case.args, name == "MelSpectrogram", ctx.layer
        filters = np.asarray(mel_filterbank(
            lay.num_mel_bins, lay.fft_length, lay.sample_rate, lay.min_freq, lay.max_freq,
            lay.scale, lay.norm), np.float32).T if mel else None
        fn, params = baselines.spectrogram(e, a["frame_length"], a["frame_step"], get_window(
            "hann", a["frame_length"]).astype(np.float32), filters), []
        label = "the framework's STFT by hand" + (", mel matmul" if mel else "")
        check = (lambda a: np.swapaxes(a, -1, -2)) if e.stft_time_last and not mel else same
    elif case.setup.get("pairs"):  # native complex64 tensors: x + iy, the weights as ours
        got = baselines.COMPLEX[name](e, case.args, ctx.w)
        if got is None:
            return None
        fn, params, label, channels_first_input = got
        z = (ctx.x + 1j * ctx.y).astype(np.complex64)
        return Side(fn, [e.tensor(w) for w in params], (e.tensor(
            channels_first(z) if channels_first_input else z),), label, e,
            channels_last if channels_first_input else same)
    else:
        make, label = baselines.PAPERS[name]
        fn, params = make(e, case.shape, ctx.w)
    return Side(fn, [e.tensor(w) for w in params], (e.tensor(ctx.x),), label, e, check)


def native_cf(ctx):
    fn = baselines.spectral_conv(ctx.e, ctx.case.shape, ctx.case.args["modes"], False)
    return Side(fn, [ctx.e.tensor(ctx.kernel)], (ctx.e.tensor(channels_first(ctx.x)),),
                "the original FNO's SpectralConv on channels_first input", ctx.e, channels_last)


def floor(ctx):
    e, name, shape = ctx.e, ctx.case.ours.split(".")[1], ctx.case.shape
    if name == "FourierMixing":
        fn, x, what = baselines.floor(e, shape[-2:], inverse=False), ctx.x, "rfft2 alone"
    elif name == "FFTConv1D":
        fn, x, what = baselines.floor(e, shape[1:2], s=(2 * shape[1],)), \
            channels_first(ctx.x), "rfft + irfft at n = 2L"
    else:
        fn, x, what = baselines.floor(e, shape[1:-1]), channels_first(ctx.x), "rfftn + irfftn"
    return Side(fn, [], (e.tensor(x),), f"bare {what}, channels_first, native", e)


def neuralop(ctx):
    fno, a = ctx.case.ours == "models.FNO", ctx.case.args
    got = adapter.neuralop_fno_step(ctx.case.setup["lr"], **a) if fno else \
        adapter.neuralop_spectral_conv(ctx.kernel, a["modes"])
    if got is None:
        return None
    fn, params, e, label = got
    return Side(fn, params, tuple(e.tensor(channels_first(v)) for v in (
        (ctx.x, ctx.y) if fno else (ctx.x,))), label, e, None if fno else channels_last, "eager")


def conv1d(ctx):
    """keras.layers.Conv1D computing FFTConv1D's causal depthwise convolution
    (groups=C, causal padding, the kernel flipped: Conv1D is a cross-correlation)."""
    taps = ctx.case.setup.get("taps") or ctx.case.args["kernel_size"]
    kernel = ctx.w["kernel"][:taps]
    conv = keras.layers.Conv1D(kernel.shape[1], taps, groups=kernel.shape[1], padding="causal",
                               use_bias=False)
    conv.build((None, None, kernel.shape[1]))
    conv.kernel.assign(np.ascontiguousarray(kernel[::-1, None, :]))
    return Side(*ctx.e.layer_side(conv), (ctx.e.tensor(ctx.x),),
                f"keras.layers.Conv1D(kernel_size={taps}, groups=C, causal)", ctx.e, same)


def keras_layer(ctx):
    """Keras's layer closest to ours: MelSpectrogram (power 2, no dB, its own HTK
    filters), or STFTSpectrogram "psd" of (batch, time, 1)."""
    a, n = ctx.case.args, ctx.case.args["frame_length"]
    if ctx.case.ours.endswith("MelSpectrogram"):
        x, label = ctx.x, "keras.layers.MelSpectrogram (HTK filters)"
        layer = keras.layers.MelSpectrogram(
            fft_length=n, sequence_stride=a["frame_step"], sequence_length=n, window="hann",
            sampling_rate=a["sample_rate"], num_mel_bins=a["num_mel_bins"], min_freq=0.0,
            power_to_db=False, mag_exp=2.0)
    else:
        x, label = ctx.x[..., None], 'keras.layers.STFTSpectrogram("psd", padding="same")'
        layer = keras.layers.STFTSpectrogram(
            mode="psd", frame_length=n, frame_step=a["frame_step"], fft_length=n,
            window="hann", periodic=True, scaling=None, padding="same")
    layer.build(x.shape)
    return Side(*ctx.e.layer_side(layer), (ctx.e.tensor(x),), label, ctx.e)


def fft_method(ctx):
    """Ours with transform_method="fft" and ours' weights: the matrix transforms' baseline."""
    case, e = ctx.case, ctx.e
    name = case.ours.split(".")[1]
    layer = getattr(importlib.import_module("keras_spectral.layers"), name)(
        **dict(case.args, transform_method="fft"))
    layer.build(case.shape)
    for v, w in zip(layer.variables, ctx.layer.variables):
        v.assign(w)
    return Side(*e.layer_side(layer), (e.tensor(ctx.x),),
                f'layers.{name}(transform_method="fft")', e, same)


BUILDERS = {"fft": fft_method, "ours": ours, "native": native, "native_cf": native_cf, "floor": floor,
            "neuralop": neuralop, "conv1d": conv1d, "keras": keras_layer, "predict": predict}
