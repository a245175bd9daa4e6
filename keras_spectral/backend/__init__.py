"""The only floor of keras_spectral that imports a framework.

Each module here (``numpy``, ``tensorflow``, ``jax``, ``torch``) implements the
same small set of primitives, and only the one Keras is using is imported, at
first use. ``matmul`` implements the transforms among them once more as real
matrix products in ``keras.ops`` (the ``"matmul"`` transform method of
`keras_spectral.config`, and the only one on ``openvino``, whose module holds
just the rest). The dispatch functions below send each transform to the
module the method in force picks (`method`). Everything else in the library
is written once, in ``ops/``, on top of them:

- ``c2c(real, imag, axes, norm, inverse)`` -> ``(real, imag)``
- ``r2c(x, axes, norm)`` -> ``(real, imag)``, the last of ``axes`` halved
- ``c2r(real, imag, axes, n, norm, plane_index, planes)`` -> real, ``n`` the
  output length of the last of ``axes``; ``planes`` are the (real, imag) pairs
  that replace bins ``plane_index`` of the last axis (the Hermitian DC and
  Nyquist planes the caller computed), written into the complex tensor the
  backend builds anyway, so every backend returns the same signal
- ``filter_r2r(x, real, imag, axes, s)`` -> real: ``irfftn(rfftn(x, s) * G, s)``
  with the complex gain ``G = real + i imag`` (same rank as ``x``, broadcast),
  norm "backward"; the caller makes ``G``'s DC/Nyquist planes Hermitian, so
  the product's are and every device agrees. One native complex product in
  place of the pairs' six real passes and their gradients' extra reductions
- ``fft_real(x, axes)`` -> real: ``Re(fftn(x))`` of a real ``x``, FNet's mixing,
  natively (the pairs' half-spectrum route costs 1.4-1.5x the native call)
- ``to_native(real, imag)`` / ``from_native(z)``: interop with the backend's
  complex tensors
- ``grad(fn, args)``: gradients of a scalar function (used by ``testing/``)
- ``list_devices()``: the devices the backend sees, as Keras device names
- ``version()``: the framework's version string

``axes`` are non-negative, at most three, and already validated; ``norm`` is
one of ``"backward"``, ``"ortho"``, ``"forward"``.
"""

import importlib
import importlib.util
import math

import keras

from keras_spectral import config

_MODULES = {}
BACKENDS = ("numpy", "tensorflow", "jax", "torch", "openvino")


def name():
    """The name of the backend Keras is using."""
    return keras.backend.backend()


def get(backend_name=None):
    """The primitives module of `backend_name` (default: Keras's backend).

    Imported on first use, so `import keras_spectral` imports no framework
    that Keras itself does not.
    """
    backend_name = backend_name or name()
    module = _MODULES.get(backend_name)
    if module is None:
        if backend_name not in BACKENDS:
            raise ValueError(
                f"keras_spectral does not support the Keras backend "
                f"{backend_name!r}; supported: {', '.join(BACKENDS)}."
            )
        module = importlib.import_module(f"{__name__}.{backend_name}")
        _MODULES[backend_name] = module
    return module


def import_torch_first():
    """Imports torch, if installed, before anything imports tensorflow: in the
    other order the two can crash (conflicting bundled libraries). For code
    that loads several frameworks in one process (`keras-spectral info`)."""
    if importlib.util.find_spec("torch") is not None:
        importlib.import_module("torch")


def compiling():
    """Whether a tracer that cannot follow NumPy is tracing now: `torch.compile`
    (Dynamo breaks its graph at NumPy code), so constants built with NumPy
    must come from `keras.ops` in the graph instead. False on the other
    backends, whose tracers never run our NumPy on traced values.

    Returns:
        A bool.
    """
    fn = getattr(get(), "compiling", None)
    return fn is not None and fn()


def kernel_drops_planes(t):
    """Whether the backend's own inverse real transform, run now on `t`,
    discards the non-Hermitian part of the DC / Nyquist planes itself, as
    numpy's does: its CPU kernels (pocketfft, ducc, MKL) read only the half
    spectrum they need, so an eager call on CPU returns numpy's signal with no
    planes computed. False where the transform is traced (the graph may run
    on another device, or be exported) or may run on an accelerator, whose
    kernels differ: there the callers make the planes Hermitian.

    Args:
        t: the real part of the spectrum about to be transformed.

    Returns:
        A bool.
    """
    fn = getattr(get(), "kernel_drops_planes", None)
    return fn is not None and not isinstance(t, keras.KerasTensor) and fn(t)


def method(kind, sizes, kept=None):
    """The transform method to use now: "fft" or "matmul".

    Args:
        kind: what is transformed: "c2c", "r2c", "c2r", "filter", "fft_real"
            (whole spectra), or "r2c_low" / "c2r_low" (kept bins only).
        sizes: the transform lengths, one per axis (ints, or None / tensors
            where unknown until the model runs).
        kept: the number of kept bins per axis for the truncated kinds.

    Returns:
        "matmul" on the openvino backend; else the method in force
        (`keras_spectral.config.transform_method()`), "auto" resolved by
        `auto_method`, or "matmul" while torch traces an ONNX export (ONNX
        has no FFT operator torch's exporter writes, so a plain
        `model.export(path, format="onnx")` works on torch too).
    """
    if name() == "openvino":
        return "matmul"
    chosen = config.transform_method()
    if chosen != "auto":
        return chosen
    tracing = getattr(get(), "in_onnx_export", None)  # torch's exporter
    if tracing is not None and tracing():
        return "matmul"
    return auto_method(kind, sizes, kept)


# "auto": the matrix products where a transform keeps few bins, the FFT elsewhere.
# Measured with `python -m benchmarks` (family "transforms": each layer with "matmul"
# against the same layer and weights with "fft", ratio matmul / fft of the medians, one
# thread per backend, CPU, 2026-12-07, 15 interleaved rounds in one process; the
# machine was loaded: other processes kept 1.5-1.9 of its 2 cores busy, so single
# ratios are noisy, quartiles in benchmarks' output), forward / forward+backward:
#   kept bins only (truncated)        jax          tensorflow   torch
#   SpectralConv1D n=64..4096, m=16   0.32-1.9     0.47-0.92    0.42-0.94
#   SpectralConv2D 16 m4 .. 128 m12   0.21-1.20    0.10-0.83    0.45-1.07
#   SpectralConv2D 64 m16 (25% kept)  0.91 / 1.11  0.76 / 0.68  0.74 / 0.71
#   SpectralConv3D 16 m4              0.25 / 0.85  0.79 / 0.88  0.82 / 0.87
#   AFNO2D 32, fraction 0.25          0.35 / 0.57  0.75 / 0.45  0.74 / 0.46
#   SpectralPooling2D 32 -> 8         0.48 / 0.29  0.90 / 0.67  0.79 / 1.09
#   AFNO2D 16, every mode kept        0.66 / 0.98  1.21 / 1.19  1.27 / 1.03
#   whole spectra
#   GlobalFilter1D 256                1.54 / 2.83  1.54 / 5.16  3.80 / 2.46
#   GlobalFilter2D 14 / 32            0.55-2.54    0.66-1.76    1.35-1.75
#   FFTConv1D 256                     2.68 / 7.71  2.31 / 2.38  3.60 / 2.21
#   FourierMixing 64x64 / 256x128     1.04-5.83    1.72-2.94    2.25-3.49
#   MelSpectrogram fft 64 / 512       0.77-4.51    1.01-5.08    1.17-14.7
# So: the matrices for a truncated transform that keeps at most half of the bins (on the
# full-spectrum axes and the half axis together) and, per axis, at most
# `_KEPT_PER_LOG2 * log2(n)` (its O(n k) work against the FFT's O(n log n)); the FFT for
# whole spectra (FourierMixing keeps its own measured rule for tiny sizes). The numpy
# backend keeps its FFTs (unmeasured; and it is the openvino tests' independent reference).
_KEPT_FRACTION = 0.5
_KEPT_PER_LOG2 = 8
_AUTO_BACKENDS = ("tensorflow", "jax", "torch")


def auto_method(kind, sizes, kept=None, backend_name=None):
    """What `"auto"` chooses for a transform (see `method` and the measured
    crossover above): "matmul" for a truncated transform ("r2c_low" /
    "c2r_low") of static sizes that keeps few bins, "fft" otherwise.

    Args:
        kind: as in `method`.
        sizes: the transform lengths (None where unknown).
        kept: the kept bins per axis (the truncated kinds).
        backend_name: the Keras backend (default: the current one).

    Returns:
        "fft" or "matmul".

    Example:

    >>> auto_method("r2c_low", [64, 64], [16, 8], "jax")
    'matmul'
    """
    backend_name = backend_name or name()
    if backend_name == "openvino":
        return "matmul"
    if backend_name not in _AUTO_BACKENDS or kind not in ("r2c_low", "c2r_low"):
        return "fft"
    if kept is None or any(not isinstance(n, int) or k is None for n, k in zip(sizes, kept)):
        return "fft"
    total = kept_total = 1
    for i, (n, k) in enumerate(zip(sizes, kept)):
        bins = n // 2 + 1 if i == len(sizes) - 1 else n
        total, kept_total = total * bins, kept_total * k
        if k > _KEPT_PER_LOG2 * max(math.log2(n), 1.0):
            return "fft"
    return "matmul" if kept_total <= _KEPT_FRACTION * total else "fft"


def _transforms(kind, sizes, kept=None):
    return matmul if method(kind, sizes, kept) == "matmul" else get()


def _static_sizes(x, axes):
    return [x.shape[a] for a in axes]


def c2c(real, imag, axes, norm, inverse):
    module = _transforms("c2c", _static_sizes(real, axes))
    return module.c2c(real, imag, axes, norm, inverse)


def r2c(x, axes, norm):
    return _transforms("r2c", _static_sizes(x, axes)).r2c(x, axes, norm)


def c2r(real, imag, axes, n, norm, plane_index=(), planes=()):
    sizes = _static_sizes(real, axes[:-1]) + [n if isinstance(n, int) else None]
    return _transforms("c2r", sizes).c2r(real, imag, axes, n, norm, plane_index, planes)


def filter_r2r(x, real, imag, axes, s):
    sizes = [n if isinstance(n, int) else None for n in s]
    return _transforms("filter", sizes).filter_r2r(x, real, imag, axes, s)


def fft_real(x, axes):
    return _transforms("fft_real", _static_sizes(x, axes)).fft_real(x, axes)


def to_native(real, imag):
    return get().to_native(real, imag)


def from_native(z):
    return get().from_native(z)


def is_native_complex(x):
    """True when `x` is a complex tensor of the current backend."""
    dtype = getattr(x, "dtype", None)
    return dtype is not None and "complex" in str(dtype)


def grad(fn, args):
    return get().grad(fn, args)


def list_devices():
    return get().list_devices()


def version():
    return get().version()


def inverse_scale(norm, size, inverse):
    """The factor a backend that only has unnormalised forward / 1/n inverse
    transforms (TensorFlow) must apply to honour `norm`."""
    if norm == "backward":
        return 1.0
    if norm == "ortho":
        return size**0.5 if inverse else size**-0.5
    if inverse:  # "forward"; `size` is a scalar tensor where it was unknown when traced
        return float(size) if isinstance(size, (int, float)) else size
    return 1.0 / size


# the "matmul" transforms (keras.ops only), imported with this package so that a
# torch.compile trace never meets an import
from keras_spectral.backend import matmul  # noqa: E402 (it uses the functions above)
