"""Shared machinery of the ops: argument checks, dtypes, resizing, and the three
generic transforms (c2c, r2c, c2r) every public op is built from.

The three transforms are `keras.Operation`s, so they work on symbolic
`KerasTensor`s; on concrete tensors they call `keras_spectral.backend` directly
(as `keras.ops` does), which keeps eager overhead to a function call.
"""

import numbers

import keras
import numpy as np
from keras import ops

from keras_spectral import numerics
from keras_spectral import backend
from keras_spectral import _checks as checks
from keras_spectral.complex import Complex, _check_numeric, _is_pair, _parts, _tensor

NORMS = ("backward", "ortho", "forward")
# XLA and tf.signal transform at most three axes at once.
_MAX_AXES_PER_CALL = 3


# --- argument checks -------------------------------------------------------------


def is_symbolic(*tensors):
    return any(isinstance(t, keras.KerasTensor) for t in tensors)


def check_norm(norm):
    """`None` -> "backward"; anything outside `NORMS` is a ValueError."""
    norm = checks.one_of("norm", norm, (None,) + NORMS)
    return "backward" if norm is None else norm


def swap_norm(norm):
    """The norm of the opposite direction, as numpy's hfft/ihfft use it."""
    return {"backward": "forward", "forward": "backward", "ortho": "ortho"}[norm]


def check_axis(axis, ndim, name="axis"):
    # an axis of an input of rank `ndim`
    return checks.integer(name, axis, minimum=-ndim, maximum=ndim - 1,
                          what=f"an axis of an input of rank {ndim}") % ndim


def check_axes(axes, ndim, name="axes"):
    if isinstance(axes, numbers.Integral) and not isinstance(axes, bool):
        axes = (axes,)
    try:
        axes = tuple(axes)
    except TypeError:
        raise TypeError(f"`{name}` must be a sequence of integers; got {axes!r}.")
    if not axes:
        raise ValueError(f"`{name}` must name at least one axis; got {axes!r}.")
    out = tuple(check_axis(a, ndim, name) for a in axes)
    if len(set(out)) != len(out):
        raise ValueError(f"`{name}` must not repeat an axis; got {axes!r}.")
    return out


def shape_and_axes(shape, s, axes):
    """scipy.fft's rules for `s` and `axes`: (lengths, axes), axes non-negative.

    A length is None where `s` does not give it and the input's is unknown.
    """
    ndim = len(shape)
    if s is not None:
        if isinstance(s, numbers.Integral):
            s = (s,)
        s = tuple(s)
    if axes is None:
        if s is None:
            axes = tuple(range(ndim))
        else:
            if len(s) > ndim:
                raise ValueError(
                    f"`s` has {len(s)} entries but the input has rank {ndim}."
                )
            axes = tuple(range(ndim - len(s), ndim))
    axes = check_axes(axes, ndim)
    if s is None:
        lengths = tuple(shape[a] for a in axes)
    elif len(s) != len(axes):
        raise ValueError(
            f"`s` and `axes` must have the same length; got s={s} and axes={axes}."
        )
    else:
        lengths = tuple(
            shape[a] if n is None or (not isinstance(n, bool) and n == -1)
            else checks.integer("s", n, minimum=1, allow_none=True)
            for n, a in zip(s, axes)
        )
    check_points(lengths, axes, shape)
    return lengths, axes


def check_points(lengths, axes, shape):
    """numpy's ValueError for a transform over an empty axis (backends would
    fail to compile, crash, or return an empty result)."""
    for n, a in zip(lengths, axes):
        if n == 0:
            raise ValueError(f"Invalid number of FFT data points (0) along axis {a} of "
                             f"`x` (shape {tuple(shape)}); pass `n` / `s` >= 1.")


# --- dtypes ---------------------------------------------------------------------


def _compute_dtype(dtype):
    """float32 or float64: half precision and integers are upcast."""
    if dtype == "float64":
        return "float64"
    if dtype == "float32":
        return "float32"
    floatx = keras.config.floatx()
    if dtype in ("float16", "bfloat16") or floatx not in ("float32", "float64"):
        return "float32"
    return floatx  # integers and booleans


def _promote(x):
    dtype = keras.backend.standardize_dtype(x.dtype)
    target = _compute_dtype(dtype)
    return x if dtype == target else ops.cast(x, target)


def real_input(x, name="x"):
    """A real float32/float64 tensor from `x`; complex input is a TypeError."""
    if _is_pair(x) or backend.is_native_complex(x):
        raise TypeError(
            f"`{name}` must be real; got a complex value. Use the complex "
            f"transform (fft/ifft/fftn) instead."
        )
    if isinstance(x, (tuple, list)):
        _check_numeric(x)
        x = ops.convert_to_tensor(np.asarray(x))
    return _promote(_tensor(x))


def complex_input(x, name="x"):
    """A `Complex` of float32/float64 parts; a real tensor gets a zero imag."""
    real, imag = _parts(x, name)
    real = _promote(real)
    return Complex(real, ops.zeros_like(real) if imag is None else _promote(imag))


def ndim_of(x):
    return len(x.real.shape) if isinstance(x, Complex) else len(x.shape)


# --- resizing -------------------------------------------------------------------


def _index(ndim, axis, sl):
    return (slice(None),) * axis + (sl,) + (slice(None),) * (ndim - axis - 1)


def resize(x, axis, n):
    """Zero-pads or truncates `x` to length `n` along `axis` (numpy.fft's `n`)."""
    if n is None:
        return x
    m = x.shape[axis]
    if m == n:
        return x
    if m is None and is_symbolic(x):
        return Resize(axis, n)(x)
    return _resize(x, axis, n)


def _resize(x, axis, n):
    ndim = len(x.shape)
    m = x.shape[axis]
    if m is not None and n < m:
        return x[_index(ndim, axis, slice(0, n))]
    pad = [(0, 0)] * ndim
    pad[axis] = (0, n if m is None else n - m)
    x = ops.pad(x, pad)
    # Unknown length (a traced graph): pad by n, then keep the first n.
    return x if m is not None else x[_index(ndim, axis, slice(0, n))]


class Resize(keras.Operation):
    """`resize` of an axis whose length is unknown until the model runs."""

    def __init__(self, axis, n, name=None):
        super().__init__(name=name)
        self.axis, self.n = axis, n

    def call(self, x):
        return _resize(x, self.axis, self.n)

    def compute_output_spec(self, x):
        shape = list(x.shape)
        shape[self.axis] = self.n
        return keras.KerasTensor(shape, dtype=x.dtype)


def resize_all(x, axes, lengths):
    for axis, n in zip(axes, lengths):
        x = resize(x, axis, n)
    return x


def _chunks(axes):
    """Splits `axes` into runs of at most three, the last run holding the last
    axis (the half-spectrum axis of the real transforms)."""
    axes = tuple(axes)
    head = len(axes) % _MAX_AXES_PER_CALL or _MAX_AXES_PER_CALL
    out = [axes[:head]] if len(axes) > _MAX_AXES_PER_CALL else []
    rest = axes[head:] if out else axes
    return out + [rest[i:i + 3] for i in range(0, len(rest), 3)]


# --- the three generic transforms -----------------------------------------------


class C2C(keras.Operation):
    """Complex-to-complex transform over `axes` (at most three)."""

    def __init__(self, axes, norm, inverse, name=None):
        super().__init__(name=name)
        self.axes, self.norm, self.inverse = tuple(axes), norm, inverse

    def call(self, real, imag):
        return backend.c2c(real, imag, self.axes, self.norm, self.inverse)

    def compute_output_spec(self, real, imag):
        spec = keras.KerasTensor(real.shape, dtype=real.dtype)
        return spec, keras.KerasTensor(real.shape, dtype=real.dtype)


class R2C(keras.Operation):
    """Real-to-complex transform over `axes`, the last one halved."""

    def __init__(self, axes, norm, name=None):
        super().__init__(name=name)
        self.axes, self.norm = tuple(axes), norm

    def call(self, x):
        return backend.r2c(x, self.axes, self.norm)

    def compute_output_spec(self, x):
        shape = list(x.shape)
        last = self.axes[-1]
        shape[last] = None if shape[last] is None else shape[last] // 2 + 1
        spec = keras.KerasTensor(shape, dtype=x.dtype)
        return spec, keras.KerasTensor(shape, dtype=x.dtype)


class C2R(keras.Operation):
    """Complex-to-real transform over `axes`, output length `n` on the last."""

    def __init__(self, axes, n, norm, plane_index=(), name=None):
        super().__init__(name=name)
        self.axes, self.n, self.norm = tuple(axes), n, norm
        self.plane_index = tuple(plane_index)

    def call(self, real, imag, *plane_parts):
        planes = tuple(zip(plane_parts[0::2], plane_parts[1::2]))
        return backend.c2r(real, imag, self.axes, self.n, self.norm,
                           self.plane_index, planes)

    def compute_output_spec(self, real, imag, *plane_parts):
        shape = list(real.shape)
        shape[self.axes[-1]] = self.n
        return keras.KerasTensor(shape, dtype=real.dtype)


class FilterR2R(keras.Operation):
    """`irfftn(rfftn(x, s) * gain, s)` over `axes` (at most three)."""

    def __init__(self, axes, s, name=None):
        super().__init__(name=name)
        self.axes, self.s = tuple(axes), tuple(s)

    def call(self, x, real, imag):
        return backend.filter_r2r(x, real, imag, self.axes, self.s)

    def compute_output_spec(self, x, real, imag):
        shape = list(x.shape)
        for axis, n in zip(self.axes, self.s):
            shape[axis] = n if isinstance(n, int) else None
        return keras.KerasTensor(shape, dtype=x.dtype)


class FFTReal(keras.Operation):
    """`Re(fftn(x))` of a real `x` over `axes` (at most three)."""

    def __init__(self, axes, name=None):
        super().__init__(name=name)
        self.axes = tuple(axes)

    def call(self, x):
        return backend.fft_real(x, self.axes)

    def compute_output_spec(self, x):
        return keras.KerasTensor(x.shape, dtype=x.dtype)


def fft_real(x, axes):
    """`Re(fftn(x, axes=axes))` of a real tensor, one native call.

    Args:
        x: a real float32/float64 tensor.
        axes: the transformed axes (at most three, non-negative).

    Returns:
        A real tensor shaped like `x`.
    """
    axes = tuple(axes)
    _check_static_points(x, axes)
    if is_symbolic(x):
        return FFTReal(axes)(x)
    return backend.fft_real(x, axes)


def _check_static_points(x, axes):
    """An empty transformed axis, where its size is known, is numpy's ValueError."""
    check_points([x.shape[a] for a in axes], axes, x.shape)


def c2c(x, axes, norm, inverse):
    """`Complex` -> `Complex` over any number of axes."""
    real, imag = x
    _check_static_points(real, axes)
    for chunk in _chunks(axes):
        if is_symbolic(real, imag):
            real, imag = C2C(chunk, norm, inverse)(real, imag)
        else:
            real, imag = backend.c2c(real, imag, chunk, norm, inverse)
    return Complex(real, imag)


def r2c(x, axes, norm):
    """Real -> half-spectrum `Complex`, the last of `axes` halved."""
    _check_static_points(x, axes)
    chunks = _chunks(axes)
    if is_symbolic(x):
        out = Complex(*R2C(chunks[-1], norm)(x))
    else:
        out = Complex(*backend.r2c(x, chunks[-1], norm))
    for chunk in chunks[:-1]:
        out = c2c(out, chunk, norm, inverse=False)
    return out


def c2r(x, axes, n, norm):
    """Half-spectrum `Complex` -> real, length `n` on the last of `axes`.

    The input's last axis holds at most `n // 2 + 1` bins (the backends
    zero-pad fewer, inside their transform). The DC and
    (even `n`) Nyquist planes are made Hermitian over the other transformed
    axes (for one axis: their imaginary parts are zeroed) and handed to the
    backend, which writes them into the complex tensor it builds anyway; so
    the result is numpy.fft.irfftn's on every backend and device, at the cost
    of two small planes.
    """
    chunks = _chunks(axes)
    for chunk in chunks[:-1]:
        x = c2c(x, chunk, norm, inverse=True)
    sizes = [x.real.shape[a] for a in chunks[-1][:-1]] + [n if isinstance(n, int) else None]
    if backend.method("c2r", sizes) == "matmul" or backend.kernel_drops_planes(x.real):
        # the matrices take the real part of the DC / Nyquist planes' inverse,
        # which is what the Hermitian planes give, and an eager CPU kernel
        # discards the rest itself: none to compute
        real, imag, index, planes = x.real, x.imag, (), ()
    else:
        real, imag, index, planes = hermitian_planes(x, chunks[-1], n)
    if is_symbolic(real, imag):
        flat = [p for pair in planes for p in pair]
        return C2R(chunks[-1], n, norm, index)(real, imag, *flat)
    return backend.c2r(real, imag, chunks[-1], n, norm, index, planes)


def filter_r2r(x, gain, axes, s):
    """A real signal filtered in the frequency domain: `irfftn(rfftn(x, s) * gain, s)`.

    The transforms and the complex product run natively in the backend, one
    fused step: the (real, imag) pairs would cost six real passes forward and,
    for a gain broadcast over the batch, four separate reductions backward
    (measured 2-3x the native time on JAX). The result does not depend on the
    FFT norm (a forward/inverse pair always scales by 1 / prod(s)).

    Args:
        x: a real float32/float64 tensor.
        gain: a `Complex` of the same rank as `x`, broadcastable to the
            half spectrum (`s[-1] // 2 + 1` bins on the last of `axes`).
        axes: the transformed axes (at most three, non-negative).
        s: the transform lengths: `x` is zero-padded or truncated to them,
            and the result has them.

    Returns:
        A real tensor, `s` long on `axes`. The gain's DC and Nyquist planes
        are made Hermitian first (the spectrum of a real `x` is Hermitian on
        them, so the product is too), or left to an eager CPU kernel that
        discards the rest itself (`backend.kernel_drops_planes`): numpy's
        `irfftn` of the product on every backend and device.
    """
    _check_static_points(x, axes)
    axes = tuple(axes)
    real, imag, index, planes = (*complex_input(gain, "gain"), (), ()) if \
        backend.kernel_drops_planes(x) else hermitian_planes(gain, axes, s[-1])
    if planes:
        real = _replace_bins(real, axes[-1], index, [p[0] for p in planes])
        imag = _replace_bins(imag, axes[-1], index, [p[1] for p in planes])
    if is_symbolic(x, real, imag):
        return FilterR2R(axes, s)(x, real, imag)
    return backend.filter_r2r(x, real, imag, axes, tuple(s))


def _replace_bins(t, axis, index, planes):
    """`t` with bins `index` (ascending) on `axis` replaced by `planes`."""
    ndim, bins = len(t.shape), t.shape[axis]
    pieces, start = [], 0
    for k, plane in zip(index, planes):
        if k > start:
            pieces.append(t[_index(ndim, axis, slice(start, k))])
        pieces.append(plane)
        start = k + 1
    if start < bins:
        pieces.append(t[_index(ndim, axis, slice(start, bins))])
    return pieces[0] if len(pieces) == 1 else numerics.concatenate(pieces, axis=axis)


def _reflect(t, axis):
    """t[..., (-k) mod N, ...] along `axis`: the index map of a conjugate.
    (flip + roll measures cheaper than a gather on every backend but jax.)"""
    return ops.roll(ops.flip(t, axis=axis), 1, axis=axis)


def _symmetrize(real, imag, axes):
    """The Hermitian part of a plane over `axes`: (P + conj(P[-k])) / 2."""
    rr, ri = real, imag
    for axis in axes:
        rr, ri = _reflect(rr, axis), _reflect(ri, axis)
    return (numerics.multiply(numerics.add(real, rr), 0.5),
            numerics.multiply(numerics.subtract(imag, ri), 0.5))


def hermitian_planes(x, axes, n):
    """(real, imag, plane_index, planes): the Hermitian DC/Nyquist planes.

    `planes[j]` is the (real, imag) pair, of length 1 on the last axis, that
    replaces bin `plane_index[j]`. Where the number of bins or `n` is unknown
    until run time, the whole spectrum is returned corrected instead (and no
    planes).
    """
    real, imag = x
    ndim, last = len(real.shape), axes[-1]
    m = real.shape[last]
    others = axes[:-1]
    if not (isinstance(n, int) and m is not None):
        k = ops.reshape(ops.arange(ops.shape(imag)[last]),
                        [-1 if i == last else 1 for i in range(ndim)])
        on_plane = ops.logical_or(k == 0, ops.equal(2 * k, n))
        sr, si = (real, ops.zeros_like(imag)) if not others else \
            _symmetrize(real, imag, others)
        return ops.where(on_plane, sr, real), ops.where(on_plane, si, imag), (), ()
    index = (0,) + ((m - 1,) if n % 2 == 0 and m == n // 2 + 1 and m > 1 else ())
    planes = []
    for k in index:
        at = _index(ndim, last, slice(k, k + 1))
        if others:
            planes.append(_symmetrize(real[at], imag[at], others))
        else:
            planes.append((real[at], ops.zeros_like(real[at])))
    return real, imag, index, tuple(planes)


# --- the truncated transforms: only the kept bins ----------------------------------------


def _kept_counts(keep, sizes):
    """Per axis, the number of kept bins (None where unknown)."""
    out = []
    for i, (k, n) in enumerate(zip(keep, sizes)):
        last = i == len(keep) - 1
        if k is None:
            out.append((n // 2 + 1 if last else n) if isinstance(n, int) else None)
        else:
            out.append(k if last else k[0] + k[1])
    return out


def _static_or_none(sizes):
    return [n if isinstance(n, int) and not isinstance(n, bool) else None for n in sizes]


def _r2c_low_fft(x, axes, keep, norm):
    """`r2c_low` from the FFT transforms: the half-spectrum axis cut first
    (the others then transform less), the full axes cut after theirs."""
    last, full = axes[-1], axes[:-1]
    n = x.shape[last]
    if keep[-1] is None or (n is not None and keep[-1] >= n // 2 + 1):
        spec = r2c(x, axes, norm)
    else:
        spec = r2c(x, (last,), norm)
        spec = Complex(*(t[_index(len(t.shape), last, slice(0, keep[-1]))] for t in spec))
        if full:
            spec = c2c(spec, full, norm, inverse=False)
    for axis, k in zip(full, keep[:-1]):
        if k is not None:
            spec = Complex(*(_keep_rows(t, axis, *k) for t in spec))
    return spec


def _keep_rows(t, axis, pos, neg):
    n = t.shape[axis]
    if n is not None and n == pos + neg:
        return t
    ndim = len(t.shape)
    low = t[_index(ndim, axis, slice(0, pos))]
    if neg == 0:
        return low
    return numerics.concatenate([low, t[_index(ndim, axis, slice(-neg, None))]], axis=axis)


def _restore_rows(t, axis, pos, neg, n):
    if isinstance(n, int) and n == pos + neg:
        return t
    ndim = len(t.shape)
    low = t[_index(ndim, axis, slice(0, pos))]
    shape = [ops.shape(t)[i] if s is None else s for i, s in enumerate(t.shape)]
    shape[axis] = n - pos - neg
    parts = [low, ops.zeros(shape, t.dtype)]
    if neg:
        parts.append(t[_index(ndim, axis, slice(pos, pos + neg))])
    return numerics.concatenate(parts, axis=axis)


def _c2r_low_fft(x, axes, keep, sizes, norm):
    last, full = axes[-1], axes[:-1]
    cut = [(a, k, n) for a, k, n in zip(full, keep[:-1], sizes[:-1])
           if k is not None and not (isinstance(n, int) and k[0] + k[1] == n)]
    if not cut:
        return c2r(x, axes, sizes[-1], norm)
    for axis, (pos, neg), n in cut:
        x = Complex(*(_restore_rows(t, axis, pos, neg, n) for t in x))
    x = c2c(x, full, norm, inverse=True)
    return c2r(x, (last,), sizes[-1], norm)


def _r2c_low_now(x, axes, keep, norm):
    sizes = [x.shape[a] for a in axes]
    if backend.method("r2c_low", sizes, _kept_counts(keep, sizes)) == "matmul":
        return Complex(*backend.matmul.r2c_low(x, axes, keep, norm))
    return _r2c_low_fft(x, axes, keep, norm)


def _c2r_low_now(x, axes, keep, sizes, norm):
    static = _static_or_none(sizes)
    if backend.method("c2r_low", static, _kept_counts(keep, static)) == "matmul":
        return backend.matmul.c2r_low(x.real, x.imag, axes, keep, sizes, norm)
    return _c2r_low_fft(x, axes, keep, sizes, norm)


class R2CLow(keras.Operation):
    """`r2c_low` on symbolic tensors: the method is chosen when it is called."""

    def __init__(self, axes, keep, norm, name=None):
        super().__init__(name=name)
        self.axes, self.keep, self.norm = tuple(axes), tuple(keep), norm

    def call(self, x):
        return tuple(_r2c_low_now(x, self.axes, self.keep, self.norm))

    def compute_output_spec(self, x):
        shape = list(x.shape)
        counts = _kept_counts(self.keep, [shape[a] for a in self.axes])
        for axis, k in zip(self.axes, counts):
            shape[axis] = k
        return (keras.KerasTensor(shape, dtype=x.dtype),
                keras.KerasTensor(shape, dtype=x.dtype))


class C2RLow(keras.Operation):
    """`c2r_low` on symbolic tensors, with static output sizes."""

    def __init__(self, axes, keep, sizes, norm, name=None):
        super().__init__(name=name)
        self.axes, self.keep, self.sizes, self.norm = tuple(axes), tuple(keep), tuple(sizes), norm

    def call(self, real, imag):
        return _c2r_low_now(Complex(real, imag), self.axes, self.keep, self.sizes, self.norm)

    def compute_output_spec(self, real, imag):
        shape = list(real.shape)
        for axis, n in zip(self.axes, self.sizes):
            shape[axis] = n
        return keras.KerasTensor(shape, dtype=real.dtype)


def r2c_low(x, axes, keep, norm):
    """The kept bins of `rfftn(x, axes)`: on the last axis the lowest
    `keep[-1]` (None: all `n // 2 + 1`), on each other axis the rows of the
    `(pos, neg)` pair `keep[i]` in fft order (None: all). The FFTs then a
    cut, or (the "matmul" method) only the kept bins' DFT."""
    _check_static_points(x, axes)
    if is_symbolic(x):
        return Complex(*R2CLow(axes, keep, norm)(x))
    return _r2c_low_now(x, axes, keep, norm)


def c2r_low(x, axes, keep, sizes, norm):
    """numpy's `irfftn`, `sizes` long on `axes`, of the spectrum `x` that
    holds only the bins `keep` names (as `r2c_low` returns them), zero
    elsewhere."""
    real, imag = x
    if is_symbolic(real, imag) and all(isinstance(n, int) for n in sizes):
        return C2RLow(axes, keep, sizes, norm)(real, imag)
    return _c2r_low_now(Complex(real, imag), axes, keep, sizes, norm)
