"""Float64 NumPy reference of LEAF's Gabor filterbank (Zeghidour et al., 2021)."""

import math

import numpy as np


def gabor_impulse_responses(eta, sigma, frame_length):
    """LEAF's complex Gabor impulse responses (`impulse_responses.gabor_filters`)
    with its `GaborConstraint` clamp, in float64.

    Args:
        eta: the centre frequencies, radians per sample, shape `(filters,)`.
        sigma: the Gaussian envelope widths in samples, shape `(filters,)`.
        frame_length: the filter length `L`.

    Returns:
        A complex float64 array `(filters, L)`, sample `j` at `t = j - L // 2`:
        `exp(-t^2 / (2 sigma^2)) exp(i eta t) / (sqrt(2 pi) sigma)`, with `eta`
        clamped to `[0, pi]` and `sigma` to `[4 r / pi, L r / pi]`,
        `r = sqrt(2 ln 2)`.

    Example:

    >>> phi = gabor_impulse_responses(numpy.array([1.0]), numpy.array([3.0]), 9)
    """
    root = math.sqrt(2.0 * math.log(2.0))
    eta = np.clip(np.asarray(eta, "float64"), 0.0, math.pi)[:, None]
    sigma = np.clip(np.asarray(sigma, "float64"), 4.0 * root / math.pi,
                    frame_length * root / math.pi)[:, None]
    t = np.arange(-(frame_length // 2), (frame_length + 1) // 2, dtype="float64")[None, :]
    return (np.exp(-t ** 2 / (2.0 * sigma ** 2)) * np.exp(1j * eta * t)
            / (np.sqrt(2.0 * np.pi) * sigma))


def gabor_filterbank(x, eta, sigma, frame_length, frame_step, center=True,
                     pad_mode="reflect"):
    """The Gabor filterbank's energies by direct correlation, in float64.

    Each (padded) signal is correlated at stride 1 with each filter,
    `y[c] = sum_j x[c + j] phi[j]` (`numpy.correlate(x, conj(phi))`, as
    LEAF's `tf.nn.conv1d`), the result is kept at every `frame_step`-th
    sample, and `|y|^2` is returned. With `center`, `x` is first padded by
    `frame_length // 2` on both sides (`numpy.pad`, mode "reflect" or
    "constant"), so output `f` is the filter centred on sample `f * frame_step`.

    Args:
        x: a real array `(batch, time)` or `(batch, time, channels)`.
        eta: the centre frequencies (radians per sample), `(filters,)`.
        sigma: the envelope widths (samples), `(filters,)`.
        frame_length: the filter length.
        frame_step: the hop between outputs.
        center: pad as above.
        pad_mode: "reflect" or "constant".

    Returns:
        A float64 array `(batch, frames, filters)` or `(batch, frames,
        filters, channels)`.

    Example:

    >>> y = gabor_filterbank(numpy.ones((1, 32)), [1.0], [2.0], 9, 4)  # (1, 8, 1)
    """
    x = np.asarray(x, "float64")
    squeeze = x.ndim == 2
    if squeeze:
        x = x[:, :, None]
    phi = gabor_impulse_responses(eta, sigma, frame_length)
    if center:
        half = frame_length // 2
        x = np.pad(x, [(0, 0), (half, half), (0, 0)], mode=pad_mode)
    batch, _, channels = x.shape
    outputs = []
    for b in range(batch):
        per_channel = []
        for c in range(channels):
            rows = [np.correlate(x[b, :, c], np.conj(p), mode="valid")[::frame_step]
                    for p in phi]
            per_channel.append(np.abs(np.stack(rows, axis=-1)) ** 2)  # (frames, filters)
        outputs.append(np.stack(per_channel, axis=-1))
    out = np.stack(outputs)  # (batch, frames, filters, channels)
    return out[..., 0] if squeeze else out
