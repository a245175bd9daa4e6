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


def matmul_module():
    """The module of the `"matmul"` transforms (keras.ops only)."""
    return importlib.import_module(f"{__name__}.matmul")


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
        `auto_method`.
    """
    if name() == "openvino":
        return "matmul"
    chosen = config.transform_method()
    return auto_method(kind, sizes, kept) if chosen == "auto" else chosen


def auto_method(kind, sizes, kept=None, backend_name=None):
    """What `"auto"` chooses for a transform (see `method`)."""
    return "fft"


def _transforms(kind, sizes, kept=None):
    return matmul_module() if method(kind, sizes, kept) == "matmul" else get()


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
