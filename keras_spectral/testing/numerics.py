"""Conversions and tolerances for comparing against float64 references."""

import keras
import numpy as np
from keras import ops

# DESIGN.md §5: float32 against a float64 reference, and float64 against it.
RTOL = {"float32": 1e-5, "float64": 1e-10}
"""Relative tolerances against a float64 reference, by the dtype computed in.

Example:

>>> RTOL["float32"]
1e-05
"""


def backend_name():
    """The Keras backend of this process.

    Returns:
        "tensorflow", "jax", "torch" or "numpy".

    Example:

    >>> backend_name() in ("tensorflow", "jax", "torch", "numpy")
    True
    """
    return keras.backend.backend()


def to_numpy(x):
    """A NumPy array from a tensor, a `Complex` or a `(real, imag)` pair.

    Args:
        x: a backend tensor, a `Complex` or a `(real, imag)` pair.

    Returns:
        A NumPy array; a complex one for complex values.

    Example:

    >>> to_numpy(keras_spectral.ops.rfft(numpy.ones(4)))  # [4+0j, 0j, 0j]
    """
    if isinstance(x, tuple) and len(x) == 2:
        real, imag = (ops.convert_to_numpy(p) for p in x)
        return real + 1j * imag
    return ops.convert_to_numpy(x)


def assert_close(actual, expected, rtol=None, dtype="float32", err_msg=""):
    """Asserts `actual` equals the reference `expected` to `rtol` relative to
    the reference's scale: |actual - expected| <= rtol * max(|expected|, 1e-30)
    elementwise, so entries that are zero up to rounding (an FFT's empty bins)
    are judged on the scale of the result, as numerical analysis bounds them.

    Args:
        actual: a tensor, `Complex` or array.
        expected: a NumPy array (the float64 reference).
        rtol: the tolerance; `RTOL[dtype]` by default.
        dtype: the computation's dtype, choosing the default tolerance.
        err_msg: added to the failure message.

    Raises:
        AssertionError: on a shape mismatch or an error over the tolerance.

    Example:

    >>> signal = numpy.random.default_rng(0).random(16)          # float64
    >>> assert_close(keras_spectral.ops.rfft(signal), numpy.fft.rfft(signal), dtype="float64")
    """
    rtol = RTOL[dtype] if rtol is None else rtol
    actual, expected = to_numpy(actual), np.asarray(expected)
    if actual.shape != expected.shape:
        raise AssertionError(
            f"shape {actual.shape} != reference shape {expected.shape}. {err_msg}"
        )
    scale = max(float(np.max(np.abs(expected))) if expected.size else 0.0, 1e-30)
    err = np.hypot(np.real(actual) - np.real(expected), np.imag(actual) - np.imag(expected))
    worst = float(np.max(err)) if err.size else 0.0
    if not worst <= rtol * scale:
        raise AssertionError(
            f"max error {worst:.3g} exceeds rtol {rtol:g} x scale {scale:.3g} "
            f"(relative {worst / scale:.3g}). {err_msg}"
        )
