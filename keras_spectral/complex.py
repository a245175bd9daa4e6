"""The complex shim: complex values as (real, imag) pairs of real tensors.

`Complex` is a `NamedTuple(real, imag)`. Every function here also accepts a plain
`(real, imag)` tuple, and a real tensor as a complex value with zero imaginary
part; this is the convention of `keras.ops.fft`, so values pass freely between
the two. Arithmetic is plain functions, never operator overloads: `a * b` on
tuples keeps meaning what Python says it means.

All functions are written with `keras.ops`, so they work eagerly, inside
`jit`, and on symbolic `KerasTensor`s in functional models.
"""

import numbers
import string
from typing import Any, NamedTuple

import keras
import numpy as np
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import numerics
from keras_spectral import backend

__all__ = [
    "Complex", "as_complex", "add", "subtract", "multiply", "divide", "conj",
    "abs", "abs2", "angle", "unit", "from_polar", "block_form", "exp", "scale", "matmul", "einsum",
    "concatenate", "stack", "zeros_like", "to_native", "from_native",
    "auto_method", "bilinear",
]

_FLOATS = ("float16", "bfloat16", "float32", "float64")


class Complex(NamedTuple):
    """A complex tensor as two real tensors of equal shape and dtype.

    Attributes:
        real: the real part, a floating-point tensor.
        imag: the imaginary part, same shape and dtype as `real`.

    Example:

    >>> z = Complex(keras.ops.ones((2,)), keras.ops.zeros((2,)))
    >>> keras_spectral.complex.abs(z)
    """

    real: Any
    imag: Any

    @property
    def shape(self):
        """The shape of both parts."""
        return tuple(self.real.shape)

    @property
    def dtype(self):
        """The real dtype of both parts, e.g. ``"float32"``."""
        return keras.backend.standardize_dtype(self.real.dtype)


def _check_numeric(x, name="x"):
    """A TypeError for what no backend should be asked to convert: None,
    strings, bools, and nested lists holding anything but numbers."""
    if x is None or isinstance(x, (str, bytes, bool)):
        raise TypeError(f"`{name}` must be a tensor, an array or a (real, imag) pair; "
                        f"got {x!r}.")
    if isinstance(x, (list, tuple)):
        values = np.asarray(x, dtype=object).ravel() if np.ndim(x) else [x]
        if not all(isinstance(v, numbers.Number) or hasattr(v, "dtype") for v in values):
            raise TypeError(f"`{name}` must hold numbers only; got {x!r}.")


def _tensor(x, name="x"):
    """A backend tensor (or KerasTensor) for `x`; arrays keep their dtype
    (`ops.convert_to_tensor` alone would turn a float64 array into floatx)."""
    if isinstance(x, keras.KerasTensor) or ops.is_tensor(x):
        return x
    _check_numeric(x, name)
    dtype = getattr(x, "dtype", None)
    if isinstance(dtype, np.dtype) and dtype.kind in "USO":  # strings, objects
        raise TypeError(f"`{name}` must hold numbers; got an array of dtype {dtype}.")
    if dtype is not None:
        dtype = keras.backend.standardize_dtype(dtype)
        if "complex" in dtype:
            return ops.convert_to_tensor(x)
    return ops.convert_to_tensor(x, dtype=dtype)


def _dtype(x):
    return keras.backend.standardize_dtype(x.dtype)


def _is_pair(x):
    """A (real, imag) pair: a `Complex` or a 2-tuple of tensors or arrays (not
    numbers). A list is never a pair: a nested list is an array, as in NumPy."""
    return (
        isinstance(x, tuple)
        and len(x) == 2
        and not any(isinstance(v, numbers.Number) for v in x)
    )


def _parts(x, name="x"):
    """(real, imag) of `x`; imag is None for a real tensor."""
    if _is_pair(x):
        real, imag = _tensor(x[0], name), _tensor(x[1], name)
        for part, value in (("real", real), ("imaginary", imag)):
            if _dtype(value) not in _FLOATS:
                raise TypeError(
                    f"The {part} part of `{name}` must be a floating-point "
                    f"tensor; got dtype {_dtype(value)}."
                )
        if tuple(real.shape) != tuple(imag.shape):
            raise ValueError(
                f"The real and imaginary parts of `{name}` must have the same "
                f"shape; got {tuple(real.shape)} and {tuple(imag.shape)}."
            )
        if _dtype(real) != _dtype(imag):
            raise TypeError(
                f"The real and imaginary parts of `{name}` must have the same "
                f"dtype; got {_dtype(real)} and {_dtype(imag)}."
            )
        return real, imag
    if isinstance(x, tuple):
        raise ValueError(
            f"`{name}` must be a tensor or a (real, imag) pair; got a "
            f"{type(x).__name__} of length {len(x)}."
        )
    x = _tensor(x, name)  # a list is an array written as nested lists
    if backend.is_native_complex(x):
        return backend.from_native(x)
    return x, None


def as_complex(x, name="x"):
    """Validates `x` and returns it as a `Complex`.

    Args:
        x: a `Complex`, a `(real, imag)` pair of float tensors of equal shape
            and dtype, a real tensor (zero imaginary part), or a native complex
            tensor of the current backend.
        name: the argument name used in error messages.

    Returns:
        A `Complex`.

    Raises:
        TypeError: a part is not floating point, or the parts' dtypes differ.
        ValueError: the parts' shapes differ.

    Example:

    >>> as_complex(keras.ops.ones((3,)))  # imag is zeros
    Complex(real=[1., 1., 1.], imag=[0., 0., 0.])
    """
    real, imag = _parts(x, name)
    return Complex(real, ops.zeros_like(real) if imag is None else imag)


def add(a, b):
    """Complex sum `a + b`.

    Args:
        a: a complex or real tensor.
        b: a complex or real tensor, broadcastable with `a`.

    Returns:
        A `Complex`.

    Example:

    >>> add((ops.ones(2), ops.ones(2)), ops.ones(2))  # 2 + 1i
    Complex(real=[2., 2.], imag=[1., 1.])
    """
    ar, ai = _parts(a, "a")
    br, bi = _parts(b, "b")
    real = numerics.add(ar, br)
    return Complex(real, _imag(real, ai, bi, numerics.add))


def subtract(a, b):
    """Complex difference `a - b`.

    Args:
        a: a complex or real tensor.
        b: a complex or real tensor, broadcastable with `a`.

    Returns:
        A `Complex`.

    Example:

    >>> subtract((ops.ones(2), ops.ones(2)), (ops.ones(2), ops.zeros(2)))  # 0 + 1i
    Complex(real=[0., 0.], imag=[1., 1.])
    """
    ar, ai = _parts(a, "a")
    br, bi = _parts(b, "b")
    real = numerics.subtract(ar, br)
    return Complex(real, _imag(real, ai, bi, numerics.subtract))


def _imag(real, ai, bi, fn):
    """fn(ai, bi) shaped like `real`, a missing imaginary part counting as 0."""
    if ai is not None and bi is not None:
        return fn(ai, bi)
    zero = ops.zeros_like(real)
    if ai is None and bi is None:
        return zero
    return fn(zero if ai is None else ai, zero if bi is None else bi)


def multiply(a, b):
    """Complex product `a * b`, elementwise with broadcasting.

    A real operand costs two real products instead of four.

    Args:
        a: a complex or real tensor.
        b: a complex or real tensor, broadcastable with `a`.

    Returns:
        A `Complex`.

    Example:

    >>> multiply((ops.zeros(1), ops.ones(1)), (ops.zeros(1), ops.ones(1)))  # i*i = -1
    Complex(real=[-1.], imag=[0.])
    """
    ar, ai = _parts(a, "a")
    br, bi = _parts(b, "b")
    if ai is None and bi is None:
        prod = numerics.multiply(ar, br)
        return Complex(prod, ops.zeros_like(prod))
    if bi is None:
        return Complex(numerics.multiply(ar, br), numerics.multiply(ai, br))
    if ai is None:
        return Complex(numerics.multiply(ar, br), numerics.multiply(ar, bi))
    real = numerics.subtract(numerics.multiply(ar, br), numerics.multiply(ai, bi))
    imag = numerics.add(numerics.multiply(ar, bi), numerics.multiply(ai, br))
    return Complex(real, imag)


def divide(a, b):
    """Complex quotient `a / b`, elementwise with broadcasting.

    Args:
        a: a complex or real tensor (numerator).
        b: a complex or real tensor (denominator); a zero gives inf/nan as
            real division does.

    Returns:
        A `Complex`.

    Example:

    >>> divide((ops.ones(1), ops.ones(1)), (ops.ones(1), ops.ones(1)))  # 1 + 0i
    Complex(real=[1.], imag=[0.])
    """
    br, bi = _parts(b, "b")
    if bi is None:
        ar, ai = as_complex(a, "a")
        return Complex(numerics.divide(ar, br), numerics.divide(ai, br))
    num = multiply(a, Complex(br, numerics.negative(bi)))
    den = abs2(Complex(br, bi))
    return Complex(numerics.divide(num.real, den), numerics.divide(num.imag, den))


def conj(a):
    """Complex conjugate.

    Args:
        a: a complex or real tensor.

    Returns:
        A `Complex` with the imaginary part negated.

    Example:

    >>> conj((ops.ones(1), ops.ones(1)))  # 1 - 1i
    Complex(real=[1.], imag=[-1.])
    """
    real, imag = as_complex(a, "a")
    return Complex(real, numerics.negative(imag))


def abs2(a):
    """Squared magnitude `real**2 + imag**2` (smooth everywhere, unlike `abs`).

    Args:
        a: a complex or real tensor.

    Returns:
        A real tensor.

    Example:

    >>> abs2((ops.ones(1) * 3, ops.ones(1) * 4))  # 25
    [25.]
    """
    real, imag = _parts(a, "a")
    if imag is None:
        return numerics.square(real)
    return numerics.add(numerics.square(real), numerics.square(imag))


def abs(a):  # noqa: A001 - the numpy name
    """Magnitude `sqrt(real**2 + imag**2)`.

    Its gradient at zero is 0 (digital silence, zero padding and masked
    bins train without NaN), where every backend's complex abs gives NaN.

    Args:
        a: a complex or real tensor.

    Returns:
        A real tensor.

    Example:

    >>> abs((ops.ones(1) * 3, ops.ones(1) * 4))  # 5
    [5.]
    """
    real, imag = _parts(a, "a")
    if imag is None:
        return numerics.absolute(real)
    mag2 = abs2((real, imag))
    nonzero = ops.not_equal(mag2, 0.0)  # NaN propagates
    root = numerics.sqrt(numerics.where(nonzero, mag2, ops.ones_like(mag2)))
    return numerics.where(nonzero, root, ops.zeros_like(mag2))


def _nonzero_parts(real, imag):
    """(nonzero, real, imag) with every zero replaced by 1 + 0i, so that
    quantities divided by |z| or differentiated through atan2 stay finite."""
    nonzero = ops.not_equal(abs2((real, imag)), 0.0)  # NaN propagates
    return (nonzero, numerics.where(nonzero, real, ops.ones_like(real)),
            numerics.where(nonzero, imag, ops.zeros_like(imag)))


def angle(a):
    """Phase `atan2(imag, real)` in radians, in (-pi, pi].

    At zero the phase is 0 with a zero gradient (numpy gives 0 too, the
    backends' gradient there is NaN).

    Args:
        a: a complex or real tensor.

    Returns:
        A real tensor.

    Example:

    >>> angle((ops.zeros(1), ops.ones(1)))  # pi / 2
    [1.5708]
    """
    real, imag = as_complex(a, "a")
    _, real, imag = _nonzero_parts(real, imag)
    return numerics.arctan2(imag, real)


def unit(a):
    """`a / |a|`, the point on the unit circle with `a`'s phase; 1 where `a`
    is 0. Finite gradients everywhere.

    Args:
        a: a complex or real tensor.

    Returns:
        A `Complex` of magnitude 1.

    Example:

    >>> unit((ops.zeros(1), ops.ones(1) * 2))  # 0 + 1i
    Complex(real=[0.], imag=[1.])
    """
    real, imag = as_complex(a, "a")
    _, real, imag = _nonzero_parts(real, imag)
    inverse = numerics.divide(1.0, numerics.sqrt(abs2((real, imag))))
    return Complex(numerics.multiply(real, inverse), numerics.multiply(imag, inverse))


def from_polar(magnitude, phase):
    """The complex value `magnitude * exp(1j * phase)`.

    Args:
        magnitude: a real tensor.
        phase: a real tensor in radians, broadcastable with `magnitude`.

    Returns:
        A `Complex`.

    Example:

    >>> from_polar(ops.ones(1), ops.zeros(1))  # 1 + 0i
    Complex(real=[1.], imag=[0.])
    """
    magnitude, phase = _tensor(magnitude), _tensor(phase)
    return Complex(
        numerics.multiply(magnitude, numerics.cos(phase)),
        numerics.multiply(magnitude, numerics.sin(phase)),
    )


def exp(a):
    """Complex exponential `exp(real) * (cos(imag) + 1j sin(imag))`.

    Args:
        a: a complex or real tensor.

    Returns:
        A `Complex`.

    Example:

    >>> exp((ops.zeros(1), ops.ones(1) * 3.14159265))  # about -1 + 0i
    Complex(real=[-1.], imag=[0.])
    """
    real, imag = as_complex(a, "a")
    return from_polar(numerics.exp(real), imag)


def scale(a, factor):
    """Multiplies both parts of `a` by the real tensor or number `factor`.

    Args:
        a: a complex or real tensor.
        factor: a real tensor or Python number broadcastable with `a`.

    Returns:
        A `Complex`.

    Example:

    >>> scale((ops.ones(2), ops.ones(2)), 2.0)  # 2 + 2i
    Complex(real=[2., 2.], imag=[2., 2.])
    """
    real, imag = as_complex(a, "a")
    if _is_pair(factor):
        raise TypeError("`factor` must be real; use `multiply` for complex factors.")
    return Complex(numerics.multiply(real, factor), numerics.multiply(imag, factor))


def zeros_like(a):
    """A complex zero with the shape and dtype of `a`.

    Args:
        a: a complex or real tensor.

    Returns:
        A `Complex` of zeros.

    Example:

    >>> zeros_like(ops.ones((2, 3)))
    """
    real, _ = _parts(a, "a")
    zeros = ops.zeros_like(real)
    return Complex(zeros, ops.zeros_like(real))


def concatenate(xs, axis=0):
    """Joins complex tensors along an existing axis.

    Args:
        xs: a list of complex or real tensors.
        axis: the axis to join along.

    Returns:
        A `Complex`.

    Example:

    >>> concatenate([(ops.ones(2), ops.zeros(2)), ops.ones(3)])
    Complex(real=[1., 1., 1., 1., 1.], imag=[0., 0., 0., 0., 0.])
    """
    parts = [as_complex(x, f"xs[{i}]") for i, x in enumerate(xs)]
    return Complex(
        numerics.concatenate([p.real for p in parts], axis=axis),
        numerics.concatenate([p.imag for p in parts], axis=axis),
    )


def stack(xs, axis=0):
    """Stacks complex tensors along a new axis.

    Args:
        xs: a list of complex or real tensors of equal shape.
        axis: the position of the new axis.

    Returns:
        A `Complex`.

    Example:

    >>> stack([(ops.ones(2), ops.zeros(2)), ops.ones(2)])
    Complex(real=[[1., 1.],
     [1., 1.]], imag=[[0., 0.],
     [0., 0.]])
    """
    parts = [as_complex(x, f"xs[{i}]") for i, x in enumerate(xs)]
    return Complex(
        numerics.stack([p.real for p in parts], axis=axis),
        numerics.stack([p.imag for p in parts], axis=axis),
    )


def to_native(a):
    """The backend's own complex tensor for `a` (eager or inside jit).

    Args:
        a: a complex or real tensor (not a symbolic `KerasTensor`).

    Returns:
        A complex tensor of the current backend (numpy, tensorflow, jax or
        torch), single precision for float32 parts, double for float64.

    Example:

    >>> to_native((ops.ones(2), ops.zeros(2)))  # e.g. torch.tensor([1+0j, 1+0j])
    """
    real, imag = as_complex(a, "a")
    if isinstance(real, keras.KerasTensor):
        raise TypeError(
            "`to_native` needs a concrete tensor: Keras has no symbolic complex "
            "dtype. Keep values as `Complex` inside functional models."
        )
    return backend.to_native(real, imag)


def from_native(z):
    """A `Complex` from the backend's own complex tensor.

    Args:
        z: a complex tensor of the current backend (or a NumPy complex array).

    Returns:
        A `Complex`.

    Example:

    >>> from_native(numpy.array([1 + 2j]))  # (1, 2)
    Complex(real=[1.], imag=[2.])
    """
    if not backend.is_native_complex(z):
        z = ops.convert_to_tensor(z)
        if not backend.is_native_complex(z):
            raise TypeError(f"`z` must be a complex tensor; got dtype {_dtype(z)}.")
    return Complex(*backend.from_native(z))


# --- products -----------------------------------------------------------------

_METHODS = ("auto", "block", "gauss", "naive")
# The formulation measured fastest from 2^16 elements up (docs/benchmarks.md, the
# einsum[block|gauss|naive]-2^k rows):
# one block product on torch; four plain products elsewhere, which XLA and
# numpy turn into plain real matmuls without the block's extra axes.
_AUTO_METHOD = {"torch": "block"}


def _check_method(method):
    method = checks.one_of("method", method, _METHODS)
    return auto_method() if method == "auto" else method


def auto_method(backend_name=None):
    """The formulation `method="auto"` uses on a backend.

    Args:
        backend_name: a Keras backend name; the current one by default.

    Returns:
        `"block"` on torch, `"naive"` on tensorflow, jax and numpy (the
        fastest measured from 2^16 elements up: docs/benchmarks.md, rows einsum[...]-2^k).

    Example:

    >>> auto_method("torch")
    'block'
    """
    return _AUTO_METHOD.get(backend_name or backend.name(), "naive")


def matmul(a, b, method="auto"):
    """Complex matrix product with broadcasting batch axes, like `ops.matmul`.

    Args:
        a: a complex or real tensor of shape `(..., m, k)`.
        b: a complex or real tensor of shape `(..., k, n)`.
        method: `"block"`: one real product of `[ar, ai]` with the block matrix
            `[[br, bi], [-bi, br]]`; `"gauss"`: three real products (Gauss's
            trick); `"naive"`: four. `"auto"` (default) picks the fastest
            measured on the backend (docs/benchmarks.md, rows einsum[...]-2^k): `"block"` on
            torch, `"naive"` on tensorflow, jax and numpy.

    Returns:
        A `Complex` of shape `(..., m, n)`.

    Example:

    >>> matmul((ops.eye(2), ops.zeros((2, 2))), (ops.ones((2, 3)), ops.ones((2, 3))))
    """
    method = _check_method(method)
    ar, ai = _parts(a, "a")
    br, bi = _parts(b, "b")
    return _product(numerics.matmul, ar, ai, br, bi, method, _matmul_block)


def block_form(b):
    """The real `(2n, 2m)` block form `[[br, bi], [-bi, br]]` of a complex
    `(n, m)` matrix `b` (leading axes batch): for a complex row vector `a`,
    `[ar, ai] @ block_form(b) = [real(a @ b), imag(a @ b)]`, one real product.

    Args:
        b: a complex tensor `(..., n, m)`.

    Returns:
        A real tensor `(..., 2n, 2m)`.

    Example:

    >>> block_form((ops.ones((1, 1)), ops.zeros((1, 1))))  # [[1, 0], [0, 1]]
    [[1., 0.],
     [0., 1.]]
    """
    br, bi = as_complex(b, "b")
    return numerics.concatenate(
        [numerics.concatenate([br, bi], axis=-1),
         numerics.concatenate([numerics.negative(bi), br], axis=-1)], axis=-2)


def _matmul_block(ar, ai, br, bi):
    n = br.shape[-1]
    out = numerics.matmul(numerics.concatenate([ar, ai], axis=-1), block_form((br, bi)))
    return Complex(out[..., :n], out[..., n:])


def _product(fn, ar, ai, br, bi, method, block):
    """One complex bilinear product `fn` by the chosen real formulation."""
    if ai is None and bi is None:
        out = fn(ar, br)
        return Complex(out, ops.zeros_like(out))
    if ai is None:
        return Complex(fn(ar, br), fn(ar, bi))
    if bi is None:
        return Complex(fn(ar, br), fn(ai, br))
    if method == "block":
        return block(ar, ai, br, bi)
    if method == "gauss":
        t1, t2 = fn(ar, br), fn(ai, bi)
        t3 = fn(numerics.add(ar, ai), numerics.add(br, bi))
        return Complex(numerics.subtract(t1, t2), numerics.subtract(numerics.subtract(t3, t1), t2))
    return Complex(
        numerics.subtract(fn(ar, br), fn(ai, bi)), numerics.add(fn(ar, bi), fn(ai, br))
    )


def bilinear(fn, a, b, method="naive", axis=-1, b_axes=(-2, -1)):
    """A complex bilinear product from a real one, such as a convolution: `fn`
    applied to the parts of `a` and `b` by the chosen formulation.

    Args:
        fn: `fn(x, y)`, a real map linear in `x` and in `y`, contracting `x`'s
            `axis` with `y`'s `b_axes[0]` axis and writing `y`'s `b_axes[1]`
            axis on the output's `axis` (e.g. `keras.ops.conv`, with a kernel
            `(..., in, out)`).
        a: a complex or real tensor.
        b: a complex or real tensor.
        method: `"naive"` (default): four calls of `fn`; `"gauss"`: three
            (Gauss's trick, one more addition of each operand's parts);
            `"block"`: one, on `[ar, ai]` concatenated on `axis` with the block
            form `[[br, bi], [-bi, br]]` of `b` (on `b_axes`), the output split
            in halves on `axis`.
        axis: the axis of `a` (and of the output) that `fn` contracts (writes).
        b_axes: `b`'s contracted axis and output axis, `(-2, -1)` or `(-1, -2)`.

    Returns:
        A `Complex`.

    Example:

    >>> x = (ops.ones((1, 8, 3)), ops.ones((1, 8, 3)))
    >>> k = (ops.ones((3, 3, 4)), ops.zeros((3, 3, 4)))
    >>> bilinear(lambda u, v: ops.conv(u, v, padding="same"), x, k, "block")  # (1, 8, 4)
    """
    method = checks.one_of("method", method, _METHODS[1:])
    if not callable(fn):
        raise TypeError(f"`fn` must be callable; got {fn!r}.")
    if b_axes not in ((-2, -1), (-1, -2)):
        raise ValueError(f"`b_axes` must be (-2, -1) or (-1, -2); got {b_axes!r}.")
    ar, ai = _parts(a, "a")
    br, bi = _parts(b, "b")

    def block(ar, ai, br, bi):
        if b_axes == (-1, -2):
            kernel = ops.swapaxes(block_form((ops.swapaxes(br, -1, -2),
                                              ops.swapaxes(bi, -1, -2))), -1, -2)
        else:
            kernel = block_form((br, bi))
        out = fn(numerics.concatenate([ar, ai], axis=axis), kernel)
        n = out.shape[axis] // 2
        real, imag = ops.split(out, [n], axis=axis)
        return Complex(real, imag)

    return _product(fn, ar, ai, br, bi, method, block)


def einsum(subscripts, *operands, method="auto"):
    """Complex Einstein summation, like `ops.einsum`, for any number of operands.

    Operands are contracted pairwise from the left; each complex pair costs one
    real einsum in the `"block"` formulation (the real and imaginary parts of
    the left operand stacked on a new axis, contracted with the 2x2 real block
    form of the right one).

    Args:
        subscripts: an einsum specification such as `"bik,kj->bij"`; `...` and
            the implicit output form are supported.
        *operands: complex or real tensors.
        method: `"auto"`, `"block"`, `"gauss"` or `"naive"`, as in `matmul`.

    Returns:
        A `Complex`.

    Example:

    >>> x = (ops.ones((4, 3)), ops.ones((4, 3)))
    >>> w = (ops.ones((3, 5)), ops.zeros((3, 5)))
    >>> einsum("bi,io->bo", x, w)  # shape (4, 5)
    """
    method = _check_method(method)
    if not isinstance(subscripts, str):
        raise TypeError(f"`subscripts` must be a string; got {subscripts!r}.")
    inputs, output = _parse_subscripts(subscripts, len(operands))
    parts = [_parts(x, f"operands[{i}]") for i, x in enumerate(operands)]
    (ar, ai), left = parts[0], inputs[0]
    if len(operands) == 1:
        spec = f"{left}->{output}"
        real = numerics.einsum(spec, ar)
        return Complex(real, ops.zeros_like(real) if ai is None else numerics.einsum(spec, ai))
    for i in range(1, len(operands)):
        right = inputs[i]
        later = "".join(inputs[i + 1:]) + output
        keep = "".join(dict.fromkeys(c for c in left + right if c in later or c == "."))
        out = output if i == len(operands) - 1 else _ellipsis_first(keep)
        spec = f"{left},{right}->{out}"
        br, bi = parts[i]
        fn = (lambda s: lambda x, y: numerics.einsum(s, x, y))(spec)
        res = _product(fn, ar, ai, br, bi, method, _einsum_block(left, right, out))
        ar, ai, left = res.real, res.imag, out
    return Complex(ar, ai)


def _ellipsis_first(letters):
    letters = letters.replace(".", "")
    return ("..." if "." in letters else "") + letters


def _einsum_block(left, right, out):
    used = set(left + right + out)
    x, y = [c for c in string.ascii_letters if c not in used][:2]
    spec = f"{x}{left},{x}{y}{right}->{y}{out}"

    def block(ar, ai, br, bi):
        lhs = numerics.stack([ar, ai], axis=0)
        rhs = numerics.stack([numerics.stack([br, bi], axis=0),
                         numerics.stack([numerics.negative(bi), br], axis=0)], axis=0)
        res = numerics.einsum(spec, lhs, rhs)
        return Complex(res[0], res[1])

    return block


def _parse_subscripts(subscripts, count):
    spec = subscripts.replace(" ", "")
    if "->" in spec:
        lhs, output = spec.split("->")
    else:
        lhs = spec
        letters = lhs.replace(",", "").replace(".", "")
        output = "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
        output = ("..." if "..." in lhs else "") + output
    inputs = lhs.split(",")
    if len(inputs) != count:
        raise ValueError(
            f"`subscripts` {subscripts!r} names {len(inputs)} operands but "
            f"{count} were given."
        )
    if count == 0:
        raise ValueError("`einsum` needs at least one operand.")
    return inputs, output
