"""Float64 NumPy reference of spectral pooling (Rippel, Snoek & Adams, 2015)."""

import numpy as np


def spectral_pooling(x, output_size, channels_first=False):
    """Spectral pooling as the paper defines it, in float64 NumPy: the DFT
    over the spatial axes, shifted so the zero frequency is centred, cropped
    to the central `output_size` window, and transformed back.

    On an axis cut from `n` to an even `m < n`, the window's first row is the
    unpaired frequency `-m/2`; the frequency `+m/2`, just outside the window,
    is added to it (the paper's treatment of the Nyquist "corner case"), so
    the window stays the spectrum of a real signal and the result equals
    `scipy.signal.resample` along each axis. Values are scaled by `m / n` per
    axis: a constant input stays the same constant.

    Args:
        x: a real array `(batch, *spatial, channels)` (or `(batch, channels,
            *spatial)` with `channels_first`).
        output_size: the output's spatial sizes, each at most the input's.
        channels_first: the layout of `x` and of the result.

    Returns:
        A float64 array with `output_size` as its spatial sizes.

    Example:

    >>> spectral_pooling(numpy.ones((1, 16, 16, 3)), (5, 8)).shape  # (1, 5, 8, 3)
    """
    x = np.asarray(x, dtype="float64")
    if channels_first:
        x = np.moveaxis(x, 1, -1)
    axes = tuple(range(1, x.ndim - 1))
    spectrum = np.fft.fftshift(np.fft.fftn(x, axes=axes), axes=axes)
    for axis, m in zip(axes, output_size):
        n = spectrum.shape[axis]
        if m > n:
            raise ValueError(f"output size {m} exceeds the input's {n} on axis {axis}")
        start = n // 2 - m // 2  # the centred DC sits at n // 2 and at m // 2
        window = np.take(spectrum, np.arange(start, start + m), axis=axis)
        if m % 2 == 0 and m < n:
            nyquist = [slice(None)] * x.ndim
            nyquist[axis] = slice(0, 1)
            window[tuple(nyquist)] += np.take(spectrum, [start + m], axis=axis)
        spectrum = window * (m / n)
    y = np.fft.ifftn(np.fft.ifftshift(spectrum, axes=axes), axes=axes)
    if np.abs(y.imag).max(initial=0.0) > 1e-9 * max(np.abs(y.real).max(initial=0.0), 1.0):
        raise AssertionError("the cropped spectrum is not that of a real signal")
    y = y.real
    return np.moveaxis(y, -1, 1) if channels_first else y
