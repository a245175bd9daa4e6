"""Frequency helpers with numpy.fft / scipy.fft names: shifts, sample
frequencies and fast transform lengths."""


import keras
import numpy as np
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral.complex import Complex, _is_pair, _parts, _tensor
from keras_spectral.ops._transforms import check_axes

__all__ = ["fftshift", "ifftshift", "fftfreq", "rfftfreq", "next_fast_len", "prev_fast_len"]


def _shift(x, axes, inverse):
    if _is_pair(x) or isinstance(x, Complex):
        real, imag = _parts(x)
        return Complex(_shift(real, axes, inverse), _shift(imag, axes, inverse))
    x = _tensor(x)  # keeps the dtype (convert_to_tensor alone narrows float64, int64)
    ndim = len(x.shape)
    axes = tuple(range(ndim)) if axes is None else check_axes(axes, ndim)
    if isinstance(x, keras.KerasTensor):
        return Shift(axes, inverse)(x)
    return _roll_half(x, axes, inverse)


def _roll_half(x, axes, inverse):
    for axis in axes:
        n = x.shape[axis]
        if n is None:
            n = ops.shape(x)[axis]
        # fftshift rolls by floor(n/2), ifftshift by -floor(n/2).
        x = ops.roll(x, -(n // 2) if inverse else n // 2, axis=axis)
    return x


class Shift(keras.Operation):
    """fftshift / ifftshift of a symbolic tensor (sizes may be unknown)."""

    def __init__(self, axes, inverse, name=None):
        super().__init__(name=name)
        self.axes, self.inverse = tuple(axes), inverse

    def call(self, x):
        return _roll_half(x, self.axes, self.inverse)

    def compute_output_spec(self, x):
        return keras.KerasTensor(x.shape, dtype=x.dtype)


def fftshift(x, axes=None):
    """Moves the zero-frequency bin to the centre, as `numpy.fft.fftshift`.

    Args:
        x: a real tensor or a `Complex` (both parts are shifted).
        axes: the axes to shift; all by default.

    Returns:
        A tensor (or `Complex`) of the same shape.

    Example:

    >>> fftshift(fftfreq(5))  # [-0.4, -0.2, 0., 0.2, 0.4]
    [-0.4, -0.2,  0. ,  0.2,  0.4]
    """
    return _shift(x, axes, inverse=False)


def ifftshift(x, axes=None):
    """Inverse of `fftshift`, as `numpy.fft.ifftshift` (they differ for odd
    lengths).

    Args:
        x: a real tensor or a `Complex`.
        axes: the axes to shift; all by default.

    Returns:
        A tensor (or `Complex`) of the same shape.

    Example:

    >>> y = ifftshift(fftshift(x))
    >>> bool(numpy.allclose(keras.ops.convert_to_numpy(y), x, atol=1e-5))
    True
    """
    return _shift(x, axes, inverse=True)


def _check_spacing(d):
    d = checks.real("d", d)
    if d == 0:
        raise ValueError(f"`d` must be a non-zero number; got {d!r}.")
    return d


def fftfreq(n, d=1.0, dtype=None):
    """Sample frequencies of an `n`-point `fft`, as `numpy.fft.fftfreq`.

    Args:
        n: the transform length, a positive integer.
        d: the sample spacing (inverse of the sampling rate).
        dtype: a float dtype; `keras.config.floatx()` by default.

    Returns:
        A 1-D tensor `[0, 1, ..., n//2 - 1 (or (n-1)//2), -(n//2), ..., -1] / (d*n)`.

    Example:

    >>> fftfreq(4, d=0.5)  # [0., 0.5, -1., -0.5]
    [ 0. ,  0.5, -1. , -0.5]
    """
    n = checks.integer("n", n, minimum=1)
    d = _check_spacing(d)
    return ops.convert_to_tensor(np.fft.fftfreq(n, d), dtype=dtype or keras.config.floatx())


def rfftfreq(n, d=1.0, dtype=None):
    """Sample frequencies of an `n`-point `rfft`, as `numpy.fft.rfftfreq`.

    Args:
        n: the transform length, a positive integer.
        d: the sample spacing.
        dtype: a float dtype; `keras.config.floatx()` by default.

    Returns:
        A 1-D tensor of `n // 2 + 1` non-negative frequencies.

    Example:

    >>> rfftfreq(4)  # [0., 0.25, 0.5]
    [0.  , 0.25, 0.5 ]
    """
    n = checks.integer("n", n, minimum=1)
    d = _check_spacing(d)
    return ops.convert_to_tensor(np.fft.rfftfreq(n, d), dtype=dtype or keras.config.floatx())


def _smooth_lengths(limit, real):
    """Every length <= `limit` whose prime factors are 2, 3, 5 (`real`) or
    2, 3, 5, 7, 11 (complex): the sizes scipy.fft's pocketfft (and the
    backends' FFTs) compute fastest."""
    values = [1]
    for p in (2, 3, 5) if real else (2, 3, 5, 7, 11):
        grown = []
        for v in values:
            while v <= limit:
                grown.append(v)
                v *= p
        values = grown
    return values


def next_fast_len(target, real=False):
    """The smallest fast FFT length >= `target`, as `scipy.fft.next_fast_len`:
    11-smooth (2^a 3^b 5^c 7^d 11^e) for a complex transform, 5-smooth for a
    real one (`real=True`).

    Args:
        target: a positive integer.
        real: whether the transform is real (rfft / irfft).

    Returns:
        A Python int.

    Example:

    >>> next_fast_len(13), next_fast_len(13, real=True)  # (14, 15)
    (14, 15)
    """
    target = checks.integer("target", target, minimum=1)
    return min(v for v in _smooth_lengths(2 * target, checks.boolean("real", real)) if v >= target)


def prev_fast_len(target, real=False):
    """The largest fast FFT length <= `target`, as `scipy.fft.prev_fast_len`
    (11-smooth, or 5-smooth when `real`).

    Args:
        target: a positive integer.
        real: whether the transform is real (rfft / irfft).

    Returns:
        A Python int.

    Example:

    >>> prev_fast_len(13), prev_fast_len(13, real=True)  # (12, 12)
    (12, 12)
    """
    target = checks.integer("target", target, minimum=1)
    return max(_smooth_lengths(target, checks.boolean("real", real)))
