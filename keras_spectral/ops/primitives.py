"""The building blocks of the spectral layers, public so that a new layer is
written from `keras_spectral.ops`, `keras_spectral.complex` and `keras.ops`
alone.

- `as_real_tensor`, `as_complex_tensor`: a layer's input as a real tensor or
  a `Complex` in float32/float64.
- `irfftn_of_low_bins`: the inverse real FFT of a spectrum that holds only
  its lowest bins on the half-spectrum axis (what a layer that keeps a few
  modes has), the rest zero.
- `rfftn_low_frequencies`, `irfftn_low_frequencies`: the transforms of a
  layer that keeps only the lowest modes, computing only those (the DFT of
  the kept bins as matrix products where `keras_spectral.config` says so).
- `filter_real_signal`: `irfftn(rfftn(x) * gain)` as one fused native step.
- `fftn_real_part`: `Re(fftn(x))` of a real tensor (FNet's mixing).
- `slice_axis`, `keep_low_frequencies`, `restore_low_frequencies`: cutting
  the lowest frequencies out of a full (numpy-ordered) spectrum axis and
  putting them back.
- `window_array`, `center_pad`, `check_nola`: the pieces of `stft` / `istft`
  an audio layer with a trainable window needs.

Each takes concrete or symbolic tensors, on every backend; a `Complex` where
the docstring says so.
"""

from keras import ops

from keras_spectral import _checks as checks
from keras_spectral.complex import Complex
from keras_spectral.ops import _transforms
from keras_spectral import numerics
from keras_spectral.ops.stft import center_pad, check_nola, window_array

__all__ = [
    "as_real_tensor", "as_complex_tensor", "irfftn_of_low_bins", "rfftn_low_frequencies",
    "irfftn_low_frequencies", "filter_real_signal",
    "fftn_real_part", "slice_axis", "keep_low_frequencies", "restore_low_frequencies", "window_array",
    "center_pad", "check_nola",
]


def as_real_tensor(x, name="inputs"):
    """`x` as a real tensor in the dtype the transforms compute in.

    float16 and bfloat16 become float32 (as every op here computes), integers
    and booleans `keras.config.floatx()`; float32 and float64 are kept.

    Args:
        x: an array, tensor or nested list of numbers.
        name: the argument's name, for the error message.

    Returns:
        A float32 or float64 tensor.

    Raises:
        TypeError: `x` is complex (a `Complex`, a tuple pair or a native
            complex tensor), or not numeric.

    Example:

    >>> as_real_tensor(numpy.ones(4, "float16")).dtype  # float32
    """
    return _transforms.real_input(x, name)


def as_complex_tensor(x, name="inputs"):
    """`x` as a `Complex` whose parts are in the dtype the transforms compute
    in (see `as_real_tensor`); a real tensor gets a zero imaginary part.

    Args:
        x: a `Complex`, a `(real, imag)` tuple, a real tensor or a backend's
            native complex tensor.
        name: the argument's name, for the error message.

    Returns:
        A `Complex` of float32 or float64 parts.

    Raises:
        TypeError: a part is not numeric, or the parts' dtypes differ.

    Example:

    >>> as_complex_tensor(numpy.ones(4, "float16")).imag.dtype  # float32 zeros
    """
    return _transforms.complex_input(x, name)


def _int(size):
    """`size` where it is a Python int; None for an unknown size, a tensor or
    torch.compile's SymInt."""
    return size if isinstance(size, int) else None


def _axes(axes, ndim):
    return _transforms.check_axes(axes, ndim)


def irfftn_of_low_bins(x, axes, n, norm="backward"):
    """numpy's `irfftn` of a half spectrum that holds only its lowest bins.

    The last of `axes` holds `k <= n // 2 + 1` bins, the lowest; the missing
    ones are zero (the backend pads them inside its transform, cheaper than
    building the full spectrum). The other axes are full spectra and keep
    their lengths. The DC and (even `n`) Nyquist planes are made Hermitian
    first, so the result equals `numpy.fft.irfftn` of the zero-padded
    spectrum on every backend.

    Args:
        x: a `Complex` spectrum.
        axes: the transformed axes (the last is the half-spectrum axis).
        n: the output length on the last axis: an int, or a scalar tensor
            where the size is known only when the model runs.
        norm: "backward", "ortho" or "forward", as in numpy.fft.

    Returns:
        A real tensor, `n` long on the last of `axes`.

    Example:

    >>> spectrum = rfft(numpy.random.rand(2, 64))
    >>> low = Complex(spectrum.real[:, :8], spectrum.imag[:, :8])
    >>> irfftn_of_low_bins(low, (1,), 64).shape  # (2, 64): a low-pass signal
    """
    if not isinstance(x, Complex):
        raise TypeError(f"`x` must be a Complex spectrum; got {type(x).__name__}.")
    axes = _axes(axes, len(x.real.shape))
    if isinstance(n, int):
        bins = x.real.shape[axes[-1]]
        checks.integer("n", n, minimum=1 if bins is None else max(1, 2 * (bins - 1)))
    return _transforms.c2r(x, axes, n, _transforms.check_norm(norm))


def _check_keep(keep, axes, shape):
    """`keep` as a tuple: None, or per axis but the last a `(pos, neg)` pair
    (None: all rows) and for the last a bin count (None: all)."""
    if keep is None:
        return (None,) * len(axes)
    try:
        keep = tuple(keep)
    except TypeError:
        raise TypeError(f"`keep` must be a sequence with one entry per axis; got {keep!r}.")
    if len(keep) != len(axes):
        raise ValueError(f"`keep` must have one entry per axis of `axes`={axes}; got {keep!r}.")
    out = []
    for i, (k, axis) in enumerate(zip(keep, axes)):
        n = _int(shape[axis])
        if k is None:
            out.append(None)
        elif i == len(axes) - 1:
            top = None if n is None else n // 2 + 1
            out.append(checks.integer("keep", k, minimum=1, maximum=top,
                                      what=f"bins of the half-spectrum axis {axis}"))
        else:
            if not (isinstance(k, (tuple, list)) and len(k) == 2):
                raise TypeError(f"`keep` must hold (pos, neg) pairs on the full-spectrum "
                                f"axes; got {k!r} for axis {axis}.")
            pos = checks.integer("keep", k[0], minimum=1)
            neg = checks.integer("keep", k[1], minimum=0)
            if n is not None and pos + neg > n:
                raise ValueError(f"`keep` holds {pos} + {neg} rows of axis {axis}, which has "
                                 f"{n}; got {keep!r}.")
            out.append((pos, neg))
    return tuple(out)


def rfftn_low_frequencies(x, axes, keep=None, norm="backward"):
    """The lowest frequencies of `rfftn(x, axes=axes)`, computing only those.

    What a layer that keeps a few modes takes from its input: on the last
    (half-spectrum) axis the lowest `keep[-1]` bins, on each other axis the
    rows `[:pos]` and `[n - neg:]` of `keep[i] = (pos, neg)` (numpy's fft
    order, as `keep_low_frequencies`). Under the "fft" transform method the
    FFTs and then the cut (the half-spectrum axis cut before the others are
    transformed); under "matmul" the DFT of the kept bins alone, as real
    matrix products (`keras_spectral.config`).

    Args:
        x: a real tensor.
        axes: the transformed axes (at most three; the last is halved).
        keep: None (every bin), or one entry per axis: a `(pos, neg)` pair or
            None (all rows) for each axis but the last, a bin count or None
            (all `n // 2 + 1`) for the last.
        norm: "backward", "ortho" or "forward", as in numpy.fft.

    Returns:
        A `Complex`, `pos + neg` long on the full axes and `keep[-1]` on the
        last.

    Example:

    >>> x = numpy.random.rand(2, 32, 32, 3)
    >>> rfftn_low_frequencies(x, (1, 2), [(4, 4), 4]).real.shape  # (2, 8, 4, 3)
    """
    x = as_real_tensor(x, "x")
    axes = _axes(axes, len(x.shape))
    if len(axes) > 3:
        raise ValueError(f"`axes` must name at most three axes; got {axes}.")
    keep = _check_keep(keep, axes, x.shape)
    return _transforms.r2c_low(x, axes, keep, _transforms.check_norm(norm))


def irfftn_low_frequencies(x, axes, keep, sizes, norm="backward"):
    """numpy's `irfftn` of a spectrum that holds only its lowest frequencies.

    The inverse of `rfftn_low_frequencies`: `x` holds the bins `keep` names
    (the others are zero), and the result is `sizes` long on `axes`. The DC
    and (even size) Nyquist planes are taken Hermitian, as numpy's `irfftn`
    takes them. Under "matmul" only the kept bins enter the matrices.

    Args:
        x: a `Complex` spectrum, `pos + neg` long on each full axis whose
            `keep` entry is a pair (the full length where it is None), and at
            most `sizes[-1] // 2 + 1` bins on the last.
        axes: the transformed axes (at most three; the last is the half axis).
        keep: as in `rfftn_low_frequencies` (the last entry is not used).
        sizes: the output lengths on `axes`: ints, or scalar tensors where
            they are known only when the model runs.
        norm: "backward", "ortho" or "forward", as in numpy.fft.

    Returns:
        A real tensor, `sizes` long on `axes`.

    Example:

    >>> low = rfftn_low_frequencies(x, (1, 2), [(4, 4), 4])
    >>> irfftn_low_frequencies(low, (1, 2), [(4, 4), 4], (32, 32)).shape  # (2, 32, 32, 3)
    """
    if not isinstance(x, Complex):
        raise TypeError(f"`x` must be a Complex spectrum; got {type(x).__name__}.")
    axes = _axes(axes, len(x.real.shape))
    if len(axes) > 3:
        raise ValueError(f"`axes` must name at most three axes; got {axes}.")
    sizes = tuple(sizes)
    if len(sizes) != len(axes):
        raise ValueError(f"`sizes` and `axes` must have the same length; got sizes={sizes}, "
                         f"axes={axes}.")
    shape = list(x.real.shape)
    shape[axes[-1]] = None
    for axis, n in zip(axes[:-1], sizes[:-1]):
        shape[axis] = _int(n)
    keep = _check_keep(keep, axes, shape)
    for axis, k, n in zip(axes[:-1], keep[:-1], sizes[:-1]):
        have = _int(x.real.shape[axis])
        want = (k[0] + k[1]) if k is not None else _int(n)
        if have is not None and want is not None and have != want:
            raise ValueError(f"`x` has {have} rows on axis {axis}; `keep`={keep} and "
                             f"`sizes`={sizes} need {want}.")
    last_n = sizes[-1]
    if isinstance(last_n, int):
        bins = _int(x.real.shape[axes[-1]])
        checks.integer("sizes", last_n, minimum=1 if bins is None else max(1, 2 * (bins - 1)),
                       what="the last output length holds the bins")
    return _transforms.c2r_low(x, axes, keep, sizes, _transforms.check_norm(norm))


def filter_real_signal(x, gain, axes, s):
    """`irfftn(rfftn(x, s) * gain, s)` over `axes`, one fused native step.

    The FFT norm does not change the result (a forward/inverse pair always
    scales by `1 / prod(s)`). The gain's DC and Nyquist planes are made
    Hermitian first, so the result equals numpy's on every backend.

    Args:
        x: a real tensor.
        gain: a `Complex` of `x`'s rank, broadcastable to the half spectrum
            (`s[-1] // 2 + 1` bins on the last of `axes`).
        axes: the transformed axes (at most three).
        s: the transform lengths: `x` is zero-padded or truncated to them,
            and the result has them.

    Returns:
        A real tensor, `s` long on `axes`.

    Example:

    >>> x = numpy.random.rand(2, 64)
    >>> low_pass = Complex(numpy.r_[numpy.ones(9), numpy.zeros(24)][None], numpy.zeros((1, 33)))
    >>> filter_real_signal(x, low_pass, (1,), (64,)).shape  # (2, 64)
    """
    x = as_real_tensor(x, "x")
    if not isinstance(gain, Complex):
        raise TypeError(f"`gain` must be a Complex; got {type(gain).__name__}.")
    axes = _axes(axes, len(x.shape))
    if len(axes) > 3:
        raise ValueError(f"`axes` must name at most three axes; got {axes}.")
    s = tuple(s)
    if len(s) != len(axes):
        raise ValueError(f"`s` and `axes` must have the same length; got s={s}, axes={axes}.")
    return _transforms.filter_r2r(x, gain, axes, s)


def fftn_real_part(x, axes):
    """`Re(fftn(x, axes=axes))` of a real tensor, one native call.

    Args:
        x: a real tensor.
        axes: the transformed axes (at most three).

    Returns:
        A real tensor shaped like `x`.

    Example:

    >>> fftn_real_part(numpy.random.rand(2, 16, 8), (1, 2)).shape  # (2, 16, 8)
    """
    x = as_real_tensor(x, "x")
    axes = _axes(axes, len(x.shape))
    if len(axes) > 3:
        raise ValueError(f"`axes` must name at most three axes; got {axes}.")
    return _transforms.fft_real(x, axes)


def _map(x, fn):
    """`fn` on a tensor, or on both parts of a `Complex`."""
    return Complex(fn(x.real), fn(x.imag)) if isinstance(x, Complex) else fn(x)


def slice_axis(x, axis, start, stop):
    """`x[..., start:stop, ...]` on `axis`.

    Args:
        x: a tensor or a `Complex`.
        axis: the axis (negative counts from the end).
        start: the first index (None: 0; negative counts from the end).
        stop: the end (None: the axis's end).

    Returns:
        A tensor or `Complex` like `x`.

    Example:

    >>> slice_axis(numpy.zeros((2, 10, 3)), 1, 2, 5).shape  # (2, 3, 3)
    """
    def cut(t):
        ndim = len(t.shape)
        return t[_transforms._index(ndim, axis % ndim, slice(start, stop))]

    return _map(x, cut)


def keep_low_frequencies(x, axis, pos, neg):
    """The lowest frequencies of a full spectrum axis in numpy's fft order:
    the rows `[:pos]` (0, 1, ...) followed by `[n - neg:]` (..., -2, -1).

    Args:
        x: a tensor or a `Complex`.
        axis: the spectrum axis.
        pos: how many non-negative frequencies to keep.
        neg: how many negative frequencies to keep (may be 0).

    Returns:
        A tensor or `Complex`, `pos + neg` long on `axis`.

    Example:

    >>> keep_low_frequencies(numpy.arange(8.0), 0, 3, 2)  # [0, 1, 2, 6, 7]
    """
    def keep(t):
        n = t.shape[axis]
        if n is not None and n == pos + neg:
            return t
        if neg == 0:
            return slice_axis(t, axis, 0, pos)
        return numerics.concatenate(
            [slice_axis(t, axis, 0, pos), slice_axis(t, axis, -neg, None)], axis=axis)

    return _map(x, keep)


def _zeros_along(x, axis, length):
    """Zeros shaped like `x` but `length` long on `axis` (sizes may be dynamic)."""
    shape = [ops.shape(x)[i] if s is None else s for i, s in enumerate(x.shape)]
    shape[axis] = length
    return ops.zeros(shape, x.dtype)


def restore_low_frequencies(x, axis, pos, neg, n):
    """The inverse of `keep_low_frequencies`: zeros between the two blocks.

    Args:
        x: a tensor or a `Complex`, `pos + neg` long on `axis`.
        axis: the spectrum axis.
        pos: the number of non-negative frequencies in `x`.
        neg: the number of negative frequencies in `x`.
        n: the full length: an int, or a scalar tensor where it is known
            only when the model runs.

    Returns:
        A tensor or `Complex`, `n` long on `axis`.

    Example:

    >>> restore_low_frequencies(numpy.array([0., 1, 2, 6, 7]), 0, 3, 2, 8)
    ... # [0, 1, 2, 0, 0, 0, 6, 7]
    """
    def restore(t):
        if isinstance(n, int) and n == pos + neg:
            return t
        low = slice_axis(t, axis, 0, pos)
        if isinstance(n, int):  # symbolic inputs too: zero padding of a known width
            widths = [(0, 0)] * len(t.shape)
            widths[axis] = (0, n - pos - neg)
            parts = [ops.pad(low, widths)]
        else:
            parts = [low, _zeros_along(t, axis, n - pos - neg)]
        if neg:
            parts.append(slice_axis(t, axis, pos, pos + neg))
        return numerics.concatenate(parts, axis=axis)

    return _map(x, restore)
