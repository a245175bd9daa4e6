"""Cutting and restoring blocks of a spectrum along one axis, shared by the
layers that keep some frequencies and drop the rest.

On a full-spectrum axis of length n (numpy's fft order) the lowest
frequencies are the rows `[:pos]` (0, 1, ...) and `[n - neg:]` (..., -2, -1).
"""

from keras import ops

from keras_spectral.backend import numerics as nx
from keras_spectral.ops import _core


def take(x, axis, start, stop):
    """`x[..., start:stop, ...]` on `axis` (negative axes count from the end)."""
    ndim = len(x.shape)
    return x[_core._index(ndim, axis % ndim, slice(start, stop))]


def keep_low(x, axis, pos, neg):
    """Rows `[:pos]` then `[n - neg:]` of `x` along `axis` (`neg` may be 0)."""
    n = x.shape[axis]
    if n is not None and n == pos + neg:
        return x
    if neg == 0:
        return take(x, axis, 0, pos)
    return nx.concatenate([take(x, axis, 0, pos), take(x, axis, -neg, None)], axis=axis)


def zeros_along(x, axis, length):
    """Zeros shaped like `x` but `length` long on `axis` (sizes may be dynamic)."""
    shape = [ops.shape(x)[i] if s is None else s for i, s in enumerate(x.shape)]
    shape[axis] = length
    return ops.zeros(shape, x.dtype)


def restore_low(x, axis, pos, neg, n):
    """The inverse of `keep_low`: zeros between the two blocks, length `n`
    (an int or, in a graph traced with unknown sizes, a scalar tensor)."""
    if isinstance(n, int) and n == pos + neg:
        return x
    gap = zeros_along(x, axis, n - pos - neg)
    parts = [take(x, axis, 0, pos), gap] + ([take(x, axis, pos, pos + neg)] if neg else [])
    return nx.concatenate(parts, axis=axis)
