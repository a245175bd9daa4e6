"""Library-wide settings, in the spirit of `keras.config`.

The transform method: how every Fourier transform of the library is computed.

- `"fft"`: the backend's native FFT (complex tensors inside the backend).
- `"matmul"`: the DFT as real matrix products written with `keras.ops` alone
  (cos/sin matrices built once per size and dtype, no complex dtype and no FFT
  op), truncated to the kept bins where a layer keeps few modes. Every
  exporter and runtime that has a matrix product can run it (ONNX, LiteRT
  without Flex ops, OpenVINO), and for few modes it can be faster.
- `"auto"` (the default): `"matmul"` where it was measured faster (small
  transforms and few kept modes, per backend), `"fft"` elsewhere.

Under `KERAS_BACKEND=openvino` every transform is `"matmul"` whatever the
setting (OpenVINO's Keras backend has no FFT op).

The method is read when a transform is called: for a layer, when its `call`
runs or is traced. So `with transform_method_scope("matmul"): model.export(...)`
exports the matrix form (exporting traces the model again), and a model that
was already compiled (a `tf.function` or `jax.jit` traced before) keeps the
method of its trace.

The environment variable `KERAS_SPECTRAL_TRANSFORM_METHOD` sets the initial
value (checked at import).
"""

import contextlib
import os
import threading

from keras_spectral import _checks as checks

__all__ = ["set_transform_method", "transform_method", "transform_method_scope"]

ENV_VAR = "KERAS_SPECTRAL_TRANSFORM_METHOD"


def _check(method, name="method"):
    return checks.one_of(name, method, checks.TRANSFORM_METHODS)


def _initial():
    value = os.environ.get(ENV_VAR)
    if value is None or value == "":
        return "auto"
    try:
        return _check(value.strip().lower())
    except ValueError:
        raise ValueError(
            f"The environment variable {ENV_VAR} (the initial `method`) must be one of "
            f"{', '.join(repr(m) for m in checks.TRANSFORM_METHODS)}; got {value!r}."
        ) from None


_GLOBAL = _initial()
_LOCAL = threading.local()  # the stack of `transform_method_scope`s of each thread


def set_transform_method(method):
    """Sets the transform method of the whole library.

    Args:
        method: "auto", "fft" or "matmul" (see the module docstring).

    Returns:
        None.

    Raises:
        ValueError: `method` is a string but not one of the three.
        TypeError: `method` is not a string.

    Example:

    >>> keras_spectral.config.set_transform_method("matmul")
    >>> keras_spectral.config.transform_method()
    'matmul'
    >>> keras_spectral.config.set_transform_method("auto")  # the default again
    """
    global _GLOBAL
    _GLOBAL = _check(method)


def transform_method():
    """The transform method in force: the innermost `transform_method_scope`
    of this thread, else the global setting.

    Returns:
        "auto", "fft" or "matmul".

    Example:

    >>> keras_spectral.config.transform_method()  # the default
    'auto'
    """
    stack = getattr(_LOCAL, "stack", None)
    return stack[-1] if stack else _GLOBAL


@contextlib.contextmanager
def transform_method_scope(method):
    """A context in which `method` is the transform method (this thread only).

    The previous method is restored on exit, an exception included. Scopes
    nest; `None` keeps the method in force (what a layer built with
    `transform_method=None` does).

    Args:
        method: "auto", "fft", "matmul", or None.

    Yields:
        The method in force inside the scope.

    Raises:
        ValueError: `method` is a string but not one of the three.
        TypeError: `method` is neither a string nor None.

    Example:

    >>> with keras_spectral.config.transform_method_scope("matmul"):
    ...     y = SpectralConv1D(filters=4, modes=3)(x)  # the 3 kept modes' DFT, no FFT
    >>> y.shape
    (2, 8, 4)

    Around `model.export(...)` (which traces the model again) it exports the
    matrix form: `with transform_method_scope("matmul"): model.export(path,
    format="onnx")`.
    """
    if method is None:
        yield transform_method()
        return
    method = _check(method)
    stack = getattr(_LOCAL, "stack", None)
    if stack is None:
        stack = _LOCAL.stack = []
    stack.append(method)
    try:
        yield method
    finally:
        stack.pop()
