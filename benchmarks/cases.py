"""Every benchmark case, one row each. `ours` names the public keras_spectral API
timed (called with `args`); a baseline names a side of sides.py (the baselines:
docs/benchmarks.md). A goal `(baseline, limit[, where])` asks ours / baseline <=
limit in the rows of the mode each backend's users run (`Engine.user`), of those
the pass `where` names, or of the mode `where` names."""

import math
from typing import NamedTuple

from benchmarks.adapter import BACKENDS, DIFFERENTIABLE

FWD, FB, STEP, MEM = PASSES = ("forward", "forward+backward", "train step", "memory")


class Case(NamedTuple):
    name: str
    family: str
    ours: str
    baselines: tuple
    shape: tuple  # the input's, channels_last
    passes: tuple = (FWD,)
    goals: tuple = ()
    backends: tuple = DIFFERENTIABLE
    modes: tuple = ("user",)  # or "eager", "graph", "inductor" where a backend has it
    args: dict = {}
    setup: dict = {}  # what else the sides need: crossover taps, training steps
    quick: dict | None = None  # the fields --quick replaces; None: not run then


# FFT ops and the complex einsum `bixy,ioxy->boxy` against the framework's own call.
# Sizes are total elements: 1-D (batch, n <= 4096); 2-D (batch, h = w <= 256); the
# einsum batch 4, 16 x 16 modes, channels growing. Goals (issue 17) from 2^16 up.
def _op(op, k, method=None):
    n, h = min(2 ** k, 4096), min(2 ** (k // 2), 256)
    shape = ((4, max(round(math.sqrt(2 ** k / 1024)), 1), 16, 16) if op == "einsum"
             else (2 ** k // h ** 2, h, h) if op.endswith("fftn") else (2 ** k // n, n))
    kwargs = {"dct": {"type": 2}, "irfft": {"n": n}, "rfftn": {"axes": (-2, -1)},
              "irfftn": {"s": shape[1:], "axes": (-2, -1)}, "fftn": {"axes": (-2, -1)},
              "einsum": {"method": method}}.get(op, {})
    return Case(f"{op}[{method}]-2^{k}" if method else f"{op}-2^{k}", "ops",
                "complex.einsum" if method else f"ops.{op}", ("native",), shape,
                goals=(("native", 1.10), ("native", 1.5, "eager")) if k >= 16 else (),
                backends=BACKENDS, modes=("user", "eager"), quick={} if k == 16 else None,
                args={"kwargs": kwargs, "args": ("bixy,ioxy->boxy",) if method else ()})


OPS = [_op(op, k) for op in ("rfft", "irfft", "rfftn", "irfftn", "fftn", "dct")
       for k in range(10, 23, 2)]
OPS += [_op("einsum", k, m) for m in ("block", "gauss", "naive") for k in range(10, 23, 2)]


# SpectralConv against the original code, neuraloperator and the bare transforms
# (goals, issue 17: <= 0.5x neuraloperator, or <= 1.2x the transforms where those
# alone exceed that; no slower than the original code), and the FNO-1D of Burgers.
def _conv(rank, tag, shape, modes, quick_shape=None, quick_modes=None):
    args = {"filters": shape[-1], "modes": modes, "use_bias": False}
    return Case(f"spectralconv{rank}d-{tag}", "fno", f"layers.SpectralConv{rank}D",
                ("native", "native_cf", "neuralop", "floor"), shape, (FWD, FB),
                (("neuralop", 0.5), ("native", 1.0), ("floor", 1.2)), args=args,
                modes=("user", "graph", "inductor"),
                quick=quick_shape and {"shape": quick_shape, "modes": ("user",), "args": dict(
                    args, filters=quick_shape[-1], modes=quick_modes)})


BURGERS = {"modes": (16,), "width": 64, "num_blocks": 4, "projection_channels": 128}
FNO = [
    _conv(1, "burgers", (20, 1024, 64), (16,), (2, 64, 8), (4,)),
    _conv(2, "64", (8, 64, 64, 32), (16, 16), (2, 16, 16, 4), (4, 4)),
    _conv(2, "256", (4, 256, 256, 32), (32, 32)),
    _conv(3, "32", (2, 32, 32, 32, 16), (8, 8, 8), (1, 8, 8, 8, 4), (2, 2, 2)),
    Case("fno1d-burgers", "fno", "models.FNO", ("neuralop",), (20, 1024, 1), (STEP, MEM),
         (("neuralop", 0.8, STEP), ("neuralop", 1.0, MEM)), modes=("user", "graph"),
         args=BURGERS, setup={"lr": 1e-3, "steps": 20},
         quick={"shape": (2, 64, 1), "passes": (STEP,), "modes": ("user",),
                "args": dict(BURGERS, width=8, projection_channels=8, modes=(4,))}),
]


# FFTConv1D against keras.layers.Conv1D, the same causal depthwise convolution
# (batch 8, 64 channels, kernel as long as the input, no skip or bias; goals, issue 17:
# 10x faster, 20x where Conv1D runs eagerly, the strongest Conv1D); the crossover:
# Conv1D(kernel_size=K) against FFTConv1D with its kernel zero past K taps. Each mixer
# against its paper's code and the bare transforms.
def _conv1d(length, passes=(FWD,), goals=(), taps=None, quick=None):
    args = {"kernel_size": length, "use_skip": False, "use_bias": False}
    return Case(f"crossover-L{length}-K{taps}" if taps else f"conv1d-L{length}", "mixers",
                "layers.FFTConv1D", ("conv1d",), (8, length, 64), passes, goals, args=args,
                setup={"taps": taps}, quick=quick and {"shape": (1, quick, 8),
                                                       "args": dict(args, kernel_size=quick)})


def _mixer(name, layer, shape, args, quick_shape, quick_args=None):
    return Case(name, "mixers", f"layers.{layer}", ("native", "floor"), shape, (FWD, FB),
                (("native", 1.0),), args=args,
                quick={"shape": quick_shape, "args": quick_args or args})


MIXERS = [
    _conv1d(1024, (FWD, FB), quick=256),
    _conv1d(4096, goals=(("conv1d", 0.1), ("conv1d", 0.05, "eager")), quick=1024),
    _conv1d(16384),
    *[_conv1d(4096, taps=k) for k in (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 640, 768, 896,
                                      1024, 2048)],
    _mixer("fftconv-4096", "FFTConv1D", (8, 4096, 64), {"kernel_size": 4096}, (2, 256, 8),
           {"kernel_size": 256}),
    _mixer("gfnet-14x14x384", "GlobalFilter2D", (8, 14, 14, 384), {}, (2, 14, 14, 8)),
    _mixer("gfnet-32x32x64", "GlobalFilter2D", (8, 32, 32, 64), {}, (2, 16, 16, 8)),
    _mixer("afno-32x32x64", "AFNO2D", (8, 32, 32, 64), {"num_blocks": 8}, (2, 16, 16, 8),
           {"num_blocks": 4}),
    _mixer("fnet-512x256", "FourierMixing", (8, 512, 256), {}, (2, 64, 32)),
    _mixer("fnet-16x16", "FourierMixing", (8, 16, 16), {}, (2, 16, 16)),
]

# Audio front-ends on 8 clips of 10 s at 16 kHz: fft 512, hop 128, 80 mels.
STFT = {"frame_length": 512, "frame_step": 128}
AUDIO = [Case(name, "audio", f"layers.{layer}", ("keras", "native"), (8, 160000), (FWD, FB),
              (("keras", 0.5), ("native", 1.2)), modes=("user", "graph"), args=args,
              quick={"shape": (2, 8000), "modes": ("user",)})
         for name, layer, args in (
             ("spectrogram", "Spectrogram", STFT),
             ("mel", "MelSpectrogram", dict(STFT, sample_rate=16000, num_mel_bins=80)))]

# Complex layers (real variables, Complex pairs in and out) against the backend's native
# complex64 code on the same values (goal, issue 16: no slower). TensorFlow has no complex
# convolution (tf.nn.conv2d takes real dtypes only): ComplexConv2D runs on jax and torch,
# with method "auto" (the goal) and each form it chooses from (no goal: what "auto" rests on);
# ComplexDense likewise on every backend.
def _complex(name, layer, shape, args, quick_shape, quick_args, backends=DIFFERENTIABLE,
             goals=(("native", 1.0),)):
    return Case(name, "complex", f"layers.{layer}", ("native",), shape, (FWD, FB), goals,
                backends=backends, args=args, setup={"pairs": True},
                quick={"shape": quick_shape, "args": quick_args})


CONV2D = {"filters": 16, "kernel_size": 3, "padding": "same"}


COMPLEX = [
    _complex("complexdense-256", "ComplexDense", (512, 256), {"units": 256}, (8, 16),
             {"units": 16}),
    _complex("complexdense-1024", "ComplexDense", (256, 1024), {"units": 1024}, (8, 64),
             {"units": 64}),
    *[_complex(f"complexdense[{m}]-{units}", "ComplexDense", shape, {"units": units, "method": m},
               (8, units // 16), {"units": units // 16, "method": m}, goals=())
      for units, shape in ((256, (512, 256)), (1024, (256, 1024)))
      for m in ("block", "gauss", "naive")],
    _complex("complexconv2d-32x32x16", "ComplexConv2D", (8, 32, 32, 16), CONV2D,
             (2, 8, 8, 4), dict(CONV2D, filters=4), ("jax", "torch")),
    *[_complex(f"complexconv2d[{m}]-32x32x16", "ComplexConv2D", (8, 32, 32, 16),
               dict(CONV2D, method=m), (2, 8, 8, 4), dict(CONV2D, filters=4, method=m),
               ("jax", "torch"), goals=()) for m in ("block", "gauss", "naive")],
]

# Inference of the FNO-1D of Burgers exported to ONNX (keras_spectral.export: the matrix
# form of the transforms) in onnxruntime against the same Keras model's predict (goal,
# issue 14: no slower). Both sides run as users call them (the session; predict).
EXPORT = [Case("fno1d-onnxruntime", "export", "export.export", ("predict",), (20, 1024, 1),
               goals=(("predict", 1.0),), args=dict(BURGERS, format="onnx"),
               quick={"shape": (2, 64, 1), "args": dict(BURGERS, width=8, projection_channels=8,
                                                        modes=(4,), format="onnx")})]

# The transform methods (issue 14): each layer with transform_method="matmul" (real matrix
# products, only the kept bins where it keeps few) against the same layer and weights with
# "fft", per layer kind and size: the crossover keras_spectral.backend.auto_method encodes.
def _method(name, layer, shape, args):
    return Case(f"matmul-{name}", "transforms", f"layers.{layer}", ("fft",), shape, (FWD, FB),
                args=dict(args, transform_method="matmul"), quick={})


TRANSFORMS = [
    _method("sconv1d-64-m16", "SpectralConv1D", (8, 64, 32), {"filters": 32, "modes": 16}),
    _method("sconv1d-256-m16", "SpectralConv1D", (8, 256, 32), {"filters": 32, "modes": 16}),
    _method("sconv1d-1024-m16", "SpectralConv1D", (8, 1024, 32), {"filters": 32, "modes": 16}),
    _method("sconv1d-4096-m16", "SpectralConv1D", (8, 4096, 32), {"filters": 32, "modes": 16}),
    _method("sconv2d-16-m4", "SpectralConv2D", (8, 16, 16, 32), {"filters": 32, "modes": 4}),
    _method("sconv2d-32-m8", "SpectralConv2D", (8, 32, 32, 32), {"filters": 32, "modes": 8}),
    _method("sconv2d-64-m8", "SpectralConv2D", (8, 64, 64, 32), {"filters": 32, "modes": 8}),
    _method("sconv2d-64-m16", "SpectralConv2D", (8, 64, 64, 32), {"filters": 32, "modes": 16}),
    _method("sconv2d-128-m12", "SpectralConv2D", (4, 128, 128, 32), {"filters": 32, "modes": 12}),
    _method("sconv3d-16-m4", "SpectralConv3D", (2, 16, 16, 16, 16), {"filters": 16, "modes": 4}),
    _method("afno2d-16", "AFNO2D", (8, 16, 16, 64), {"num_blocks": 8}),
    _method("afno2d-32-f25", "AFNO2D", (8, 32, 32, 64),
            {"num_blocks": 8, "hard_thresholding_fraction": 0.25}),
    _method("pool2d-32-to-8", "SpectralPooling2D", (8, 32, 32, 16), {"output_size": 8}),
    _method("gfilter1d-256", "GlobalFilter1D", (8, 256, 32), {}),
    _method("gfilter2d-14", "GlobalFilter2D", (8, 14, 14, 64), {}),
    _method("gfilter2d-32", "GlobalFilter2D", (8, 32, 32, 64), {}),
    _method("fnet-16x16", "FourierMixing", (8, 16, 16), {}),
    _method("fnet-64x64", "FourierMixing", (8, 64, 64), {}),
    _method("fnet-256x128", "FourierMixing", (8, 256, 128), {}),
    _method("fftconv-256", "FFTConv1D", (8, 256, 32), {"kernel_size": 256}),
    _method("mel-64", "MelSpectrogram", (8, 4000), {"frame_length": 64, "frame_step": 16,
                                                     "sample_rate": 8000, "num_mel_bins": 16}),
    _method("mel-512", "MelSpectrogram", (8, 16000), {"frame_length": 512, "frame_step": 128,
                                                       "sample_rate": 16000, "num_mel_bins": 80}),
]

CASES = OPS + FNO + MIXERS + AUDIO + COMPLEX + EXPORT + TRANSFORMS
FAMILIES = ("ops", "fno", "mixers", "audio", "complex", "export", "transforms")
