"""`keras.ops` arithmetic that keeps float64, for layers and ops alike.

Keras 3 maps float64 results to float32 in part of its arithmetic on the numpy,
jax and torch backends (`BIT64_TO_BIT32_DTYPE` in
`keras.src.backend.common.dtypes`, "to be aligned with JAX's default"): on the
numpy backend `ops.multiply` of two float64 arrays is float32, on torch
`ops.matmul` is, on jax `ops.cos` is. A float64 transform must stay float64
(the library's numerics are checked to 1e-10 against SciPy), so the ops and the
complex shim do their arithmetic through these functions: `keras.ops` itself for
every other dtype and for symbolic tensors, the backend's own function (listed
in its module's `NATIVE_OPS`) when a concrete float64 tensor is involved.
The ops a backend module lists in `ALWAYS_NATIVE` (all of them on numpy) go to
its own function for every dtype: there Keras's eager wrapper costs far more
than the operation (numpy's `ops.add`, torch's `ops.stack`: 10x the op).
"""

import keras
from keras import ops

from keras_spectral import backend

__all__ = [
    "add", "subtract", "multiply", "divide", "negative", "matmul", "einsum",
    "where", "sqrt", "square", "arctan2", "cos", "sin", "exp", "absolute",
    "stack", "concatenate", "log", "maximum", "relu", "clip", "conv", "conv_transpose",
]


def _any(args, test):
    """`test` holds for an argument, looking inside lists and tuples."""
    return any(_any(a, test) if isinstance(a, (list, tuple)) else test(a) for a in args)


def _is_symbolic(a):
    return isinstance(a, keras.KerasTensor)


def _is_float64(a):
    return (hasattr(a, "dtype") and hasattr(a, "shape")
            and keras.backend.standardize_dtype(a.dtype) == "float64")


def _as_float64(a):
    """A backend tensor for `a`, floats promoted to float64 as Keras would."""
    if isinstance(a, (list, tuple)):
        return type(a)(_as_float64(v) for v in a)
    if isinstance(a, (int, float, str)):
        return a
    dtype = keras.backend.standardize_dtype(a.dtype)
    if "float" in dtype and dtype != "float64":
        return ops.cast(a, "float64")
    return a if ops.is_tensor(a) else ops.convert_to_tensor(a, dtype=dtype)


def _call(name, *args, **kwargs):
    """`keras.ops.<name>`, or the backend's own function where Keras would
    narrow float64 (or where its eager wrapper costs more than the op)."""
    keras_fn = getattr(ops, name)
    if _any(args, _is_symbolic):
        return keras_fn(*args, **kwargs)
    module = backend.get()
    native = module.NATIVE_OPS.get(name)
    always = getattr(module, "ALWAYS_NATIVE", ())
    if native is not None and (always is True or name in always):
        return native(*args, **kwargs)
    if native is not None and _any(args, _is_float64):
        return native(*(_as_float64(a) for a in args), **kwargs)
    return keras_fn(*args, **kwargs)


def add(x1, x2):
    """`keras.ops.add`, keeping float64.

    Args:
        x1: a tensor.
        x2: a tensor, broadcastable with `x1`.

    Returns:
        A tensor (float64 when an input is).

    Example:

    >>> add(numpy.array([1.0, 4.0]), numpy.array([2.0, 2.0]))
    [3., 6.]
    """
    return _call("add", x1, x2)


def subtract(x1, x2):
    """`keras.ops.subtract`, keeping float64.

    Args:
        x1: a tensor.
        x2: a tensor, broadcastable with `x1`.

    Returns:
        A tensor (float64 when an input is).

    Example:

    >>> subtract(numpy.array([1.0, 4.0]), numpy.array([2.0, 2.0]))
    [-1., 2.]
    """
    return _call("subtract", x1, x2)


def multiply(x1, x2):
    """`keras.ops.multiply`, keeping float64.

    Args:
        x1: a tensor.
        x2: a tensor, broadcastable with `x1`.

    Returns:
        A tensor (float64 when an input is).

    Example:

    >>> multiply(numpy.array([1.0, 4.0]), numpy.array([2.0, 2.0]))
    [2., 8.]
    """
    return _call("multiply", x1, x2)


def divide(x1, x2):
    """`keras.ops.divide`, keeping float64.

    Args:
        x1: a tensor.
        x2: a tensor, broadcastable with `x1`.

    Returns:
        A tensor (float64 when an input is).

    Example:

    >>> divide(numpy.array([1.0, 4.0]), numpy.array([2.0, 2.0]))
    [0.5, 2. ]
    """
    return _call("divide", x1, x2)


def negative(x):
    """`keras.ops.negative`, keeping float64.

    Args:
        x: a tensor.

    Returns:
        A tensor (float64 when an input is).

    Example:

    >>> negative(numpy.array([1.0, 4.0]))
    [-1., -4.]
    """
    return _call("negative", x)


def matmul(x1, x2):
    """`keras.ops.matmul`, keeping float64.

    Args:
        x1: a tensor.
        x2: a tensor, broadcastable with `x1`.

    Returns:
        A tensor (float64 when an input is).

    Example:

    >>> matmul(numpy.eye(2), numpy.array([[1.0], [2.0]]))
    [[1.],
     [2.]]
    """
    return _call("matmul", x1, x2)


def einsum(subscripts, *operands):
    """`keras.ops.einsum`, keeping float64.

    Args:
        subscripts: the `einsum` subscripts, as a string.
        *operands: the tensors the subscripts name.

    Returns:
        The contraction, a tensor (float64 when an operand is).

    Example:

    >>> einsum("i,i->", numpy.array([1.0, 4.0]), numpy.array([2.0, 2.0]))
    10.0
    """
    return _call("einsum", subscripts, *operands)


def where(condition, x1, x2):
    """`keras.ops.where`, keeping float64.

    Args:
        condition: a boolean tensor choosing `x1` (True) or `x2` (False).
        x1: a tensor.
        x2: a tensor, broadcastable with `x1`.

    Returns:
        A tensor of the broadcast shape (float64 when `x1` or `x2` is).

    Example:

    >>> where(numpy.array([True, False]), numpy.array([1.0, 4.0]), numpy.array([2.0, 2.0]))
    [1., 2.]
    """
    return _call("where", condition, x1, x2)


def sqrt(x):
    """`keras.ops.sqrt`, keeping float64.

    Args:
        x: a tensor.

    Returns:
        A tensor (float64 when an input is).

    Example:

    >>> sqrt(numpy.array([1.0, 4.0]))
    [1., 2.]
    """
    return _call("sqrt", x)


def square(x):
    """`keras.ops.square`, keeping float64.

    Args:
        x: a tensor.

    Returns:
        A tensor (float64 when an input is).

    Example:

    >>> square(numpy.array([1.0, 4.0]))
    [ 1., 16.]
    """
    return _call("square", x)


def arctan2(x1, x2):
    """`keras.ops.arctan2`, keeping float64.

    Args:
        x1: a tensor.
        x2: a tensor, broadcastable with `x1`.

    Returns:
        A tensor (float64 when an input is).

    Example:

    >>> arctan2(numpy.array([1.0]), numpy.array([1.0]))
    [0.7854]
    """
    return _call("arctan2", x1, x2)


def cos(x):
    """`keras.ops.cos`, keeping float64.

    Args:
        x: a tensor.

    Returns:
        A tensor (float64 when an input is).

    Example:

    >>> cos(numpy.array([0.0, numpy.pi]))
    [ 1., -1.]
    """
    return _call("cos", x)


def sin(x):
    """`keras.ops.sin`, keeping float64.

    Args:
        x: a tensor.

    Returns:
        A tensor (float64 when an input is).

    Example:

    >>> sin(numpy.array([0.0, numpy.pi / 2]))
    [0., 1.]
    """
    return _call("sin", x)


def exp(x):
    """`keras.ops.exp`, keeping float64.

    Args:
        x: a tensor.

    Returns:
        A tensor (float64 when an input is).

    Example:

    >>> exp(numpy.array([0.0, 1.0]))
    [1.    , 2.7183]
    """
    return _call("exp", x)


def absolute(x):
    """`keras.ops.absolute`, keeping float64.

    Args:
        x: a tensor.

    Returns:
        A tensor (float64 when an input is).

    Example:

    >>> absolute(numpy.array([-1.0, 2.0]))
    [1., 2.]
    """
    return _call("absolute", x)


def stack(x, axis=0):
    """`keras.ops.stack`, keeping float64.

    Args:
        x: a list of tensors of one shape.
        axis: the axis to join along.

    Returns:
        A tensor with a new axis `axis` (float64 when an input is).

    Example:

    >>> t = keras.ops.convert_to_tensor
    >>> stack([t([1.0, 4.0]), t([2.0, 2.0])])
    [[1., 4.],
     [2., 2.]]
    """
    return _call("stack", x, axis=axis)


def concatenate(xs, axis=0):
    """`keras.ops.concatenate`, keeping float64.

    Args:
        xs: a list of tensors.
        axis: the axis to join along.

    Returns:
        A tensor (float64 when an input is).

    Example:

    >>> t = keras.ops.convert_to_tensor
    >>> concatenate([t([1.0, 4.0]), t([2.0, 2.0])])
    [1., 4., 2., 2.]
    """
    return _call("concatenate", xs, axis=axis)


def log(x):
    """`keras.ops.log`, keeping float64.

    Args:
        x: a tensor.

    Returns:
        A tensor (float64 when an input is).

    Example:

    >>> log(numpy.array([1.0, numpy.e]))
    [0., 1.]
    """
    return _call("log", x)


def maximum(x1, x2):
    """`keras.ops.maximum`, keeping float64.

    Args:
        x1: a tensor.
        x2: a tensor, broadcastable with `x1`.

    Returns:
        A tensor (float64 when an input is).

    Example:

    >>> maximum(numpy.array([1.0, 4.0]), numpy.array([2.0, 2.0]))
    [2., 4.]
    """
    return _call("maximum", x1, x2)


def relu(x):
    """`keras.ops.relu`, keeping float64 (Keras's numpy relu returns float32).

    Args:
        x: a tensor.

    Returns:
        A tensor (float64 when an input is).

    Example:

    >>> relu(numpy.array([-1.0, 2.0]))
    [0., 2.]
    """
    if _is_float64(x):
        return where(ops.greater(x, 0), x, ops.zeros_like(x))
    return ops.relu(x)


def clip(x, low, high=None):
    """`x` clipped to `[low, high]` (`high` may be None), keeping float64.

    `keras.ops.clip` rounds float64 to float32 on the numpy backend, and a
    Python-float bound turns torch's `where` float32. The gradient is 1
    inside the range and 0 outside.

    Args:
        x: a tensor.
        low: the lower bound (a number or a tensor).
        high: the upper bound, or None for none.

    Returns:
        A tensor (float64 when an input is).

    Example:

    >>> clip(numpy.array([-1.0, 0.5, 2.0]), 0.0, 1.0)
    [0. , 0.5, 1. ]
    """
    if isinstance(x, keras.Variable):
        x = ops.convert_to_tensor(x)
    dtype = keras.backend.standardize_dtype(x.dtype)

    def bound(b):
        return ops.cast(b, dtype) if ops.is_tensor(b) else ops.convert_to_tensor(b, dtype)

    x = where(ops.less(x, bound(low)), bound(low), x)
    return x if high is None else where(ops.greater(x, bound(high)), bound(high), x)


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """`keras.ops.conv`, keeping float64 (Keras's numpy backend convolves in
    float32).

    Args:
        inputs: the input, `(batch, *spatial, channels)` unless `data_format` says otherwise.
        kernel: the kernel, `(*kernel_size, in_channels, out_channels)`.
        strides: the strides, an int or one per spatial axis.
        padding: `"valid"` or `"same"`.
        data_format: `"channels_last"` or `"channels_first"`; default `keras.config.image_data_format()`.
        dilation_rate: the dilation rate, an int or one per spatial axis.

    Returns:
        The convolution, a tensor (float64 when the input is).

    Example:

    >>> conv(numpy.ones((1, 4, 1)), numpy.ones((2, 1, 1))).shape
    (1, 3, 1)
    """
    return _call("conv", inputs, kernel, strides=strides, padding=padding,
                 data_format=data_format, dilation_rate=dilation_rate)


def conv_transpose(inputs, kernel, strides=1, padding="valid", output_padding=None,
                   data_format=None, dilation_rate=1):
    """`keras.ops.conv_transpose`, keeping float64 (as `conv`).

    Args:
        inputs: the input, `(batch, *spatial, channels)` unless `data_format` says otherwise.
        kernel: the kernel, `(*kernel_size, in_channels, out_channels)`.
        strides: the strides, an int or one per spatial axis.
        padding: `"valid"` or `"same"`.
        output_padding: the output padding (see `keras.ops.conv_transpose`).
        data_format: `"channels_last"` or `"channels_first"`; default `keras.config.image_data_format()`.
        dilation_rate: the dilation rate, an int or one per spatial axis.

    Returns:
        The transposed convolution, a tensor (float64 when the input is).

    Example:

    >>> conv_transpose(numpy.ones((1, 3, 1)), numpy.ones((2, 1, 1))).shape
    (1, 4, 1)
    """
    return _call("conv_transpose", inputs, kernel, strides=strides, padding=padding,
                 output_padding=output_padding, data_format=data_format,
                 dilation_rate=dilation_rate)
