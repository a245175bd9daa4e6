"""The transforms as real matrix products, written with `keras.ops` alone.

The `"matmul"` transform method (`keras_spectral.config`): the same primitives
as the FFT modules (`c2c`, `r2c`, `c2r`, `filter_r2r`, `fft_real`, with the
same semantics, see `keras_spectral.backend`), plus their truncated forms
(`r2c_low`, `c2r_low`) that compute only the bins a layer keeps. Each axis is
one real matrix product: a complex `(real, imag)` pair is concatenated along
the axis and multiplied by the block form `[[C, sS], [-sS, C]]` of the DFT
matrix `C + isS` (`s` = -1 forward, +1 inverse), a real input by `[C, sS]`.
No complex dtype and no FFT op, so the graph exports to any format that has a
matrix product (ONNX, LiteRT without Flex ops, OpenVINO), on every backend.

The matrices are built in float64 with NumPy, the angle `2 pi (j k mod n) / n`
reduced exactly in integers, then cast to the input's dtype: cached per
(size, kept bins, layout, direction, norm, dtype) and converted with
`keras.ops.convert_to_tensor` at each call (a constant in a traced graph).
While `torch.compile` traces (Dynamo breaks the graph at NumPy code) the
matrix is one opaque op of the graph that returns the same cached matrix
(`backend/torch.py`; a size Dynamo made dynamic reaches it as the size of the
run). Where a length is known only when the model runs (a TensorFlow graph
traced with unknown sizes) the matrix is built from `keras.ops` in the graph
instead, with the same exact zeros.

Index sets, per axis: `("range", L)` is `0 .. L-1` (a signal, a zero-padded
or cut signal, or the lowest `L` bins of a half spectrum), `("low", pos, neg)`
the frequencies `0 .. pos-1` and `-neg .. -1` of a full spectrum in numpy's
order (the rows `keep_low_frequencies` keeps).
"""

import functools
import math

import keras
import numpy as np
from keras import ops

from keras_spectral import backend, numerics

_TWO_PI = 2.0 * math.pi


# --- the matrices ----------------------------------------------------------------


def _indices(spec):
    """The (signed) indices of an index set whose sizes are ints."""
    if spec[0] == "range":
        return np.arange(spec[1], dtype=np.int64)
    _, pos, neg = spec
    return np.concatenate([np.arange(pos), np.arange(-neg, 0)]).astype(np.int64)


def _length(spec):
    return spec[1] if spec[0] == "range" else spec[1] + spec[2]


def _scale(norm, n, inverse):
    """The factor of one axis of length `n` (an int, or a float scalar tensor)."""
    if norm == "ortho":
        return 1.0 / n**0.5 if isinstance(n, int) else ops.rsqrt(n)
    if (norm == "backward") == inverse:
        return 1.0 / n
    return 1.0


def _half_weights(bins, n):
    """c2r's weights of half-spectrum bins 0 .. bins-1: 1 on DC and (even
    `n`) Nyquist, 2 on the others (each stands for itself and its conjugate).
    Their sine rows are zero, so their imaginary parts are ignored as numpy's
    c2r does."""
    j = np.arange(bins)
    return np.where((j == 0) | (2 * j == n), 1.0, 2.0)


def _blocks(c, s, sign, layout, weights=None):
    """The real matrix of one axis from the cosine / sine parts `c`, `s`
    (input index x output index) of `exp(i sign theta)`."""
    if weights is not None:
        c, s = c * weights[:, None], s * weights[:, None]
    if layout == "c2c":  # [re, im] -> [re, im]
        top = np.concatenate([c, sign * s], axis=1)
        bottom = np.concatenate([-sign * s, c], axis=1)
        return np.concatenate([top, bottom], axis=0)
    if layout == "r2c":  # re -> [re, im]
        return np.concatenate([c, sign * s], axis=1)
    if layout == "c2re":  # [re, im] -> re
        return np.concatenate([c, -sign * s], axis=0)
    if layout == "r2re":  # re -> re
        return c
    raise ValueError(layout)


@functools.lru_cache(maxsize=256)
def _numpy_matrix(n, in_spec, out_spec, layout, sign, scale, dtype, half_weights):
    j, k = _indices(in_spec), _indices(out_spec)
    p = np.outer(j, k) % n
    theta = p * (_TWO_PI / n)
    cos, sin = np.cos(theta), np.sin(theta)
    # exact zeros where the angle is a multiple of pi / 2 (the DC and Nyquist
    # bins' sines): rounding there would give a real signal's spectrum an
    # imaginary part of noise where the FFT gives none
    sin[(2 * p) % n == 0] = 0.0
    cos[((4 * p) % n == 0) & ((2 * p) % n != 0)] = 0.0
    weights = _half_weights(len(j), n) if half_weights else None
    m = _blocks(cos * scale, sin * scale, sign, layout, weights)
    m = m.astype(dtype) + np.zeros((), dtype)  # no negative zeros
    m.flags.writeable = False
    return m


def _ops_indices(spec, dtype="int32"):
    if spec[0] == "range":
        return ops.arange(spec[1], dtype=dtype)
    _, pos, neg = spec
    return ops.concatenate([ops.arange(pos, dtype=dtype), ops.arange(-neg, 0, dtype=dtype)])


def _ops_matrix(n, in_spec, out_spec, layout, sign, norm, inverse, dtype, half_weights):
    """`_numpy_matrix` from keras.ops, for a length `n` known only at run time."""
    n_int = ops.cast(n, "int32")
    scale = _scale(norm, ops.cast(n_int, dtype), inverse)
    j, k = _ops_indices(in_spec), _ops_indices(out_spec)
    prod = ops.mod(ops.multiply(j[:, None], k[None, :]), n_int)
    theta = ops.divide(ops.multiply(ops.cast(prod, dtype), _TWO_PI), ops.cast(n_int, dtype))
    # the exact zeros of _numpy_matrix: sines on multiples of pi, cosines on odd
    # multiples of pi / 2
    twice = ops.mod(ops.multiply(prod, 2), n_int)
    zero = ops.zeros((), dtype)
    sin = ops.where(ops.equal(twice, 0), zero, ops.sin(theta))
    cos = ops.where(ops.logical_and(ops.equal(ops.mod(ops.multiply(prod, 4), n_int), 0),
                                    ops.not_equal(twice, 0)), zero, ops.cos(theta))
    c = ops.multiply(cos, ops.cast(scale, dtype))
    s = ops.multiply(sin, ops.cast(scale, dtype))
    if half_weights:
        jf = ops.cast(j, dtype)
        on_plane = ops.logical_or(ops.equal(j, 0), ops.equal(2 * j, n_int))
        w = ops.where(on_plane, ops.ones_like(jf), ops.full_like(jf, 2.0))[:, None]
        c, s = c * w, s * w
    if layout == "c2c":
        return ops.concatenate([ops.concatenate([c, sign * s], axis=1),
                                ops.concatenate([-sign * s, c], axis=1)], axis=0)
    if layout == "r2c":
        return ops.concatenate([c, sign * s], axis=1)
    if layout == "c2re":
        return ops.concatenate([c, -sign * s], axis=0)
    return c  # "r2re"


def _static(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _spec_static(spec):
    return all(_static(v) for v in spec[1:])


def matrix(n, in_spec, out_spec, layout, inverse, norm, dtype, half_weights=False):
    """The real matrix of one axis: `(input rows, output columns)`.

    Args:
        n: the transform length (an int, or a scalar tensor).
        in_spec: the input's index set (see the module docstring).
        out_spec: the output's index set.
        layout: "c2c", "r2c", "c2re" (complex in, real part out) or "r2re".
        inverse: the sign of the exponent: + for the inverse.
        norm: "backward", "ortho" or "forward".
        dtype: "float32" or "float64".
        half_weights: c2r's weights on the input rows (half-spectrum input).

    Returns:
        A tensor of `dtype` (a NumPy array on the numpy backend).
    """
    sign = 1.0 if inverse else -1.0
    if _static(n) and _spec_static(in_spec) and _spec_static(out_spec):
        args = (n, in_spec, out_spec, layout, sign, float(_scale(norm, n, inverse)), dtype,
                half_weights)
        if backend.compiling():  # torch.compile: an op of the graph, no NumPy traced
            return backend.get().dft_matrix(*args)
        m = _numpy_matrix(*args)
        return m if keras.backend.backend() == "numpy" else ops.convert_to_tensor(m)
    return _ops_matrix(n, in_spec, out_spec, layout, sign, norm, inverse, dtype, half_weights)


# --- applying a matrix along an axis -------------------------------------------------


def _dims(x):
    """The sizes of `x`: ints where static, scalar tensors elsewhere."""
    shape = x.shape
    if all(s is not None for s in shape):
        return list(shape)
    dynamic = ops.shape(x)
    return [s if s is not None else dynamic[i] for i, s in enumerate(shape)]


def _product(sizes):
    out = 1
    for s in sizes:
        out = out * s
    return out


def _apply(x, w, axis):
    """`x` with its `axis` multiplied by `w` (rows: the axis's input)."""
    ndim = len(x.shape)
    if axis == ndim - 1:
        return numerics.matmul(x, w)
    # (lead, L, rest) -> w^T @ (lead, L, rest): no transposes of the data; the leading
    # axes stay apart (ONNX converters tracing a free batch cannot split a merged one)
    dims = _dims(x)
    lead, length, rest = dims[:axis], dims[axis], dims[axis + 1:]
    flat_rest = _product(rest)
    wt = ops.transpose(w) if not isinstance(w, np.ndarray) else np.ascontiguousarray(w.T)
    if axis == 0:
        y = numerics.matmul(wt, ops.reshape(x, [length, flat_rest]))
    else:
        y = numerics.matmul(wt, ops.reshape(x, lead + [length, flat_rest]))
    out_len = w.shape[1] if w.shape[1] is not None else ops.shape(w)[1]
    return ops.reshape(y, lead + [out_len] + rest)


def _cut(x, axis, start, stop):
    ndim = len(x.shape)
    return x[(slice(None),) * axis + (slice(start, stop),) + (slice(None),) * (ndim - axis - 1)]


def _length_of(x, axis):
    n = x.shape[axis]
    return n if n is not None else ops.shape(x)[axis]


def _dtype(x):
    return keras.backend.standardize_dtype(x.dtype)


def _split(z, axis, length):
    return _cut(z, axis, 0, length), _cut(z, axis, length, None)


# --- one axis ---------------------------------------------------------------------------


def _real_to_complex(x, axis, n, in_spec, out_spec, norm, inverse=False):
    w = matrix(n, in_spec, out_spec, "r2c", inverse, norm, _dtype(x))
    real, imag = _split(_apply(x, w, axis), axis, _length(out_spec))
    return real, _zero_real_bins(imag, axis, n, out_spec)


def _zero_real_bins(imag, axis, n, out_spec):
    """`imag` with an exact +0 on the DC and Nyquist bins of a real signal's
    spectrum, as an FFT gives: the matrix product's sum of signed zeros can
    be -0, whose angle is -pi, not pi, on a negative real part (a phase
    feature would flip)."""
    if not (_static(n) and _spec_static(out_spec)):
        return imag
    rows = _real_bin_rows(n, out_spec)
    if not rows:
        return imag
    shape = [1] * len(imag.shape)
    shape[axis] = _length(out_spec)
    if backend.compiling():  # from keras.ops: torch.compile breaks its graph at NumPy
        index = ops.arange(shape[axis], dtype="int32")
        keep = ops.all(ops.stack([ops.not_equal(index, r) for r in rows]), axis=0)
        keep = ops.reshape(keep, shape)
    else:  # a constant (jax2onnx's tracer takes no keras.ops arange here)
        keep = np.ones(shape[axis], dtype=bool)
        keep[list(rows)] = False
        keep = ops.convert_to_tensor(np.reshape(keep, shape))
    return numerics.where(keep, imag, ops.zeros((), imag.dtype))


def _real_bin_rows(n, spec):
    """The rows of index set `spec` whose frequency is a multiple of `n / 2`
    (DC, and Nyquist for even `n`), from Python ints alone."""
    pos, neg = (spec[1], 0) if spec[0] == "range" else spec[1:]
    # the frequencies -neg .. pos - 1 span at most n, so these are all candidates
    halves = {0, -n} | ({n // 2, -(n // 2)} if n % 2 == 0 else set())
    rows = {v if v >= 0 else pos + neg + v for v in halves if -neg <= v < pos}
    return tuple(sorted(rows))


def _complex_to_complex(real, imag, axis, n, in_spec, out_spec, norm, inverse,
                        half_weights=False):
    w = matrix(n, in_spec, out_spec, "c2c", inverse, norm, _dtype(real), half_weights)
    z = numerics.concatenate([real, imag], axis=axis)
    return _split(_apply(z, w, axis), axis, _length(out_spec))


def _complex_to_real(real, imag, axis, n, in_spec, out_spec, norm, inverse,
                     half_weights=False):
    w = matrix(n, in_spec, out_spec, "c2re", inverse, norm, _dtype(real), half_weights)
    return _apply(numerics.concatenate([real, imag], axis=axis), w, axis)


def _full(n):
    return ("range", n)


def _keep_spec(keep, n):
    """An index set from a `(pos, neg)` pair (None: the whole axis)."""
    if keep is None:
        return _full(n)
    pos, neg = keep
    return ("low", pos, neg)


# --- the primitives ----------------------------------------------------------------------


def c2c(real, imag, axes, norm, inverse):
    for axis in axes:
        n = _length_of(real, axis)
        real, imag = _complex_to_complex(real, imag, axis, n, _full(n), _full(n), norm,
                                         inverse)
    return real, imag


def r2c(x, axes, norm):
    return r2c_low(x, axes, [None] * (len(axes) - 1) + [None], norm)


def r2c_low(x, axes, keep, norm):
    """The kept bins of `rfftn(x, axes)`: on the last axis the lowest
    `keep[-1]` (an int; None: all `n // 2 + 1`), on each other axis the rows
    of the `(pos, neg)` pair `keep[i]` (None: all)."""
    last = axes[-1]
    n = _length_of(x, last)
    bins = keep[-1] if keep[-1] is not None else n // 2 + 1
    real, imag = _real_to_complex(x, last, n, _full(n), ("range", bins), norm)
    for axis, k in zip(axes[:-1], keep[:-1]):
        n = _length_of(real, axis)
        real, imag = _complex_to_complex(real, imag, axis, n, _full(n), _keep_spec(k, n),
                                         norm, False)
    return real, imag


def c2r(real, imag, axes, n, norm, plane_index=(), planes=()):
    # The planes are the Hermitian parts of the DC / Nyquist planes of
    # (real, imag) (`ops._transforms.hermitian_planes`): the real part of the
    # inverse over the other axes, which the c2r matrix's zero sine rows on
    # those bins take, is the same signal, so they need not be written in.
    del plane_index, planes
    sizes = [_length_of(real, a) for a in axes[:-1]] + [n]
    return c2r_low(real, imag, axes, [None] * len(axes), sizes, norm)


def c2r_low(real, imag, axes, keep, sizes, norm):
    """numpy's `irfftn`, `sizes` long on `axes`, of a spectrum that holds on
    each axis but the last the rows of the `(pos, neg)` pair `keep[i]` (None:
    all) and on the last its lowest bins (at most `sizes[-1] // 2 + 1`; the
    rest zero). `keep[-1]` is not used."""
    for axis, k, n in zip(axes[:-1], keep[:-1], sizes[:-1]):
        in_spec = _keep_spec(k, n) if k is not None else _full(_length_of(real, axis))
        real, imag = _complex_to_complex(real, imag, axis, n, in_spec, _full(n), norm, True)
    last, n = axes[-1], sizes[-1]
    bins = real.shape[last]
    if _static(n) and bins is not None and bins > n // 2 + 1:
        real, imag = _cut(real, last, 0, n // 2 + 1), _cut(imag, last, 0, n // 2 + 1)
        bins = n // 2 + 1
    if bins is None:
        bins = ops.shape(real)[last]
    return _complex_to_real(real, imag, last, n, ("range", bins), _full(n), norm, True,
                            half_weights=True)


def filter_r2r(x, real, imag, axes, s):
    # x zero-padded to `s`: the padding rows are left out of the matrix;
    # cut: the dropped samples are sliced off first
    for axis, n in zip(axes, s):
        m = x.shape[axis]
        if not (_static(n) and m is not None and m <= n):
            x = _cut(x, axis, 0, n)
    last, n_last = axes[-1], s[-1]
    xr, xi = _real_to_complex(x, last, n_last, ("range", _length_of(x, last)),
                              ("range", n_last // 2 + 1), "backward")
    for axis, n in zip(axes[:-1], s[:-1]):
        xr, xi = _complex_to_complex(xr, xi, axis, n, ("range", _length_of(xr, axis)),
                                     _full(n), "backward", False)
    yr = numerics.subtract(numerics.multiply(xr, real), numerics.multiply(xi, imag))
    yi = numerics.add(numerics.multiply(xr, imag), numerics.multiply(xi, real))
    sizes = list(s)
    return c2r_low(yr, yi, axes, [None] * len(axes), sizes, "backward")


def fft_real(x, axes):
    if len(axes) == 1:
        n = _length_of(x, axes[0])
        w = matrix(n, _full(n), _full(n), "r2re", False, "backward", _dtype(x))
        return _apply(x, w, axes[0])
    first = axes[0]
    n = _length_of(x, first)
    real, imag = _real_to_complex(x, first, n, _full(n), _full(n), "backward")
    for axis in axes[1:-1]:
        n = _length_of(real, axis)
        real, imag = _complex_to_complex(real, imag, axis, n, _full(n), _full(n),
                                         "backward", False)
    n = _length_of(real, axes[-1])
    return _complex_to_real(real, imag, axes[-1], n, _full(n), _full(n), "backward", False)
