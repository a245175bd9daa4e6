"""Mel scales, mel filterbanks and decibels, with librosa's definitions."""

import numbers
import warnings

import numpy as np
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import numerics
from keras_spectral.ops import _transforms

__all__ = ["hz_to_mel", "mel_to_hz", "mel_frequencies", "mel_filterbank", "power_to_db",
           "amplitude_to_db"]

# Slaney's Auditory Toolbox scale: linear (3 mels per 200 Hz) below 1 kHz,
# logarithmic (27 mels per factor 6.4) above.
_F_SP = 200.0 / 3
_MIN_LOG_HZ = 1000.0
_MIN_LOG_MEL = _MIN_LOG_HZ / _F_SP
_LOG_STEP = np.log(6.4) / 27.0


def _numeric(value):
    return isinstance(value, (numbers.Real, np.ndarray, list, tuple))


def hz_to_mel(frequencies, scale="slaney"):
    """Hertz to mels, as `librosa.hz_to_mel`.

    Args:
        frequencies: a number, a NumPy array or a tensor, in Hz.
        scale: "slaney" (librosa's default: linear below 1 kHz, logarithmic
            above) or "htk" (`2595 log10(1 + f / 700)`, torchaudio's default).

    Returns:
        Mels: float64 NumPy for NumPy input (or a number), else a tensor.

    Example:

    >>> hz_to_mel(1000.0)  # 15.0
    15.0
    >>> hz_to_mel(1000.0, scale="htk")  # 999.99
    999.9855371396244
    """
    checks.one_of("scale", scale, checks.MEL_SCALES)
    if _numeric(frequencies):
        f = np.asarray(frequencies, dtype="float64")
        if scale == "htk":
            return 2595.0 * np.log10(1.0 + f / 700.0)
        log_part = _MIN_LOG_MEL + np.log(np.maximum(f, _MIN_LOG_HZ) / _MIN_LOG_HZ) / _LOG_STEP
        return np.where(f >= _MIN_LOG_HZ, log_part, f / _F_SP)
    f = _transforms.real_input(frequencies, "frequencies")
    if scale == "htk":
        return numerics.multiply(numerics.log(numerics.add(numerics.divide(f, 700.0), 1.0)), 2595.0 / np.log(10.0))
    log_part = numerics.add(numerics.divide(numerics.log(numerics.divide(numerics.maximum(f, _MIN_LOG_HZ), _MIN_LOG_HZ)),
                                _LOG_STEP), _MIN_LOG_MEL)
    return numerics.where(f >= _MIN_LOG_HZ, log_part, numerics.divide(f, _F_SP))


def mel_to_hz(mels, scale="slaney"):
    """Mels to hertz, the inverse of `hz_to_mel` (`librosa.mel_to_hz`).

    Args:
        mels: a number, a NumPy array or a tensor.
        scale: "slaney" or "htk" (see `hz_to_mel`).

    Returns:
        Hertz: float64 NumPy for NumPy input (or a number), else a tensor.

    Example:

    >>> mel_to_hz(15.0)  # 1000.0
    1000.0
    """
    checks.one_of("scale", scale, checks.MEL_SCALES)
    if _numeric(mels):
        m = np.asarray(mels, dtype="float64")
        if scale == "htk":
            return 700.0 * (10.0 ** (m / 2595.0) - 1.0)
        log_part = _MIN_LOG_HZ * np.exp(_LOG_STEP * (np.maximum(m, _MIN_LOG_MEL) - _MIN_LOG_MEL))
        return np.where(m >= _MIN_LOG_MEL, log_part, _F_SP * m)
    m = _transforms.real_input(mels, "mels")
    if scale == "htk":
        return numerics.multiply(numerics.subtract(numerics.exp(numerics.multiply(m, np.log(10.0) / 2595.0)), 1.0),
                           700.0)
    log_part = numerics.multiply(numerics.exp(numerics.multiply(
        numerics.subtract(numerics.maximum(m, _MIN_LOG_MEL), _MIN_LOG_MEL), _LOG_STEP)), _MIN_LOG_HZ)
    return numerics.where(m >= _MIN_LOG_MEL, log_part, numerics.multiply(m, _F_SP))


def mel_frequencies(num, min_freq=0.0, max_freq=11025.0, scale="slaney"):
    """`num` frequencies in Hz evenly spaced on the mel scale, as
    `librosa.mel_frequencies(n_mels=num, fmin=min_freq, fmax=max_freq,
    htk=scale == "htk")`.

    Args:
        num: how many frequencies, an int >= 1.
        min_freq: the lowest, in Hz, >= 0.
        max_freq: the highest, in Hz, > `min_freq`.
        scale: "slaney" or "htk".

    Returns:
        A float64 NumPy array of shape `(num,)`.

    Example:

    >>> mel_frequencies(3, 0.0, 8000.0, "htk")  # equally spaced in mels
    [   0.    , 1767.7925, 8000.    ]
    """
    num = checks.integer("num", num, minimum=1)
    min_freq = checks.real("min_freq", min_freq, low=0.0)
    max_freq = checks.real("max_freq", max_freq, low=min_freq, low_open=True)
    checks.one_of("scale", scale, checks.MEL_SCALES)
    low, high = hz_to_mel(min_freq, scale), hz_to_mel(max_freq, scale)
    return mel_to_hz(np.linspace(low, high, num), scale)


def mel_filterbank(num_mel_bins, fft_length, sample_rate, min_freq=0.0, max_freq=None,
                   scale="slaney", norm="slaney"):
    """Triangular mel filters over the bins of a real FFT, equal to
    `librosa.filters.mel(sr=sample_rate, n_fft=fft_length, n_mels=num_mel_bins,
    fmin=min_freq, fmax=max_freq, htk=scale == "htk", norm=norm)`.

    Filter `i` rises linearly from mel point `i` to `i + 1` and falls to
    `i + 2`, over `num_mel_bins + 2` points evenly spaced in mels.

    Args:
        num_mel_bins: the number of filters, at most `fft_length // 2 + 1`.
            Filters that cover no FFT bin (too many for the FFT size at low
            frequencies) give a warning, as in librosa and torchaudio.
        fft_length: the FFT size; the filters span its `fft_length // 2 + 1` bins.
        sample_rate: the sampling rate in Hz, > 0.
        min_freq: the lowest edge in Hz, >= 0.
        max_freq: the highest edge in Hz, at most `sample_rate / 2` (default).
        scale: "slaney" (librosa) or "htk" (torchaudio, Keras).
        norm: "slaney" (each filter divided by its width in Hz / 2, so that
            filters have equal area) or None (peak 1).

    Returns:
        A float64 NumPy array of shape `(num_mel_bins, fft_length // 2 + 1)`,
        librosa's layout; a power spectrogram `S` of shape
        `(..., frames, bins)` maps to mels as `S @ filterbank.T`.

    Example:

    >>> fb = mel_filterbank(80, 512, 16000)
    >>> tuple(fb.shape)  # (filters, bins)
    (80, 257)
    """
    num_mel_bins = checks.integer("num_mel_bins", num_mel_bins, minimum=1)
    fft_length = checks.integer("fft_length", fft_length, minimum=1)
    if num_mel_bins > fft_length // 2 + 1:
        raise ValueError(
            f"`num_mel_bins`={num_mel_bins} is too large for `fft_length`={fft_length}: "
            f"more filters than its {fft_length // 2 + 1} frequency bins. Use fewer mel "
            "bins or a longer FFT."
        )
    sample_rate, min_freq, max_freq = checks.frequency_band(sample_rate, min_freq, max_freq)
    checks.one_of("scale", scale, checks.MEL_SCALES)
    checks.one_of("norm", norm, ("slaney", None))
    bins = np.fft.rfftfreq(fft_length, 1.0 / sample_rate)
    points = mel_frequencies(num_mel_bins + 2, min_freq, max_freq, scale)
    widths = np.diff(points)
    ramps = points[:, None] - bins[None, :]
    lower = -ramps[:-2] / widths[:-1, None]
    upper = ramps[2:] / widths[1:, None]
    weights = np.maximum(0.0, np.minimum(lower, upper))
    if norm == "slaney":
        weights *= (2.0 / (points[2:] - points[:-2]))[:, None]
    empty = np.flatnonzero(weights.max(axis=1) <= 0.0)
    if empty.size:  # librosa and torchaudio warn too (torchaudio's defaults do this)
        warnings.warn(
            f"mel_filterbank: {empty.size} of the `num_mel_bins`={num_mel_bins} filters (the "
            f"first is {empty[0]}) cover no bin of `fft_length`={fft_length} at "
            f"sample_rate={sample_rate:g}; their outputs are always 0.", stacklevel=2)
    return weights


def _check_db_args(ref, amin, top_db, batch_dims):
    if isinstance(ref, str):
        checks.one_of("ref", ref, ("max",))
    else:
        checks.real("ref", ref, low=0.0, low_open=True)
    checks.real("amin", amin, low=0.0, low_open=True)
    checks.real("top_db", top_db, low=0.0, allow_none=True)
    checks.integer("batch_dims", batch_dims, minimum=0)


def _example_max(x, batch_dims):
    """The maximum over each example's axes (those after `batch_dims`), kept
    as size-1 axes."""
    axes = tuple(range(batch_dims, len(x.shape)))
    return ops.max(x, axis=axes, keepdims=True) if axes else x


def power_to_db(S, ref=1.0, amin=1e-10, top_db=80.0, batch_dims=1):
    """A power spectrogram in decibels, `10 log10(max(S, amin) / ref)`, as
    `librosa.power_to_db`, with the reference and floor per example.

    Args:
        S: a non-negative real tensor, batch first.
        ref: the power that maps to 0 dB: a number > 0, or "max" for each
            example's maximum (`ref=numpy.max` in librosa).
        amin: the floor on `S` (and on the reference) before the log, > 0.
        top_db: if not None, values below each example's maximum minus
            `top_db` are raised to it.
        batch_dims: the leading axes that index examples (1 for a batch,
            0 for a single spectrogram); "max" and `top_db` take the maximum
            over the other axes. librosa takes it over the whole array.

    Returns:
        A tensor of the shape of `S`, in dB.

    Example:

    >>> power_to_db(numpy.array([[1.0, 0.1, 0.0]]))  # [[0, -10, -80]]
    [[  0., -10., -80.]]
    """
    _check_db_args(ref, amin, top_db, batch_dims)
    x = _transforms.real_input(S, "S")
    if batch_dims > len(x.shape):
        raise ValueError(f"`batch_dims`={batch_dims} is more than the rank of `S`, "
                         f"{len(x.shape)}.")
    scale = float(10.0 / np.log(10.0))  # a Python float keeps float32 (np.float64 would not)
    db = numerics.multiply(numerics.log(numerics.maximum(x, amin)), scale)
    if ref == "max":
        db = numerics.subtract(db, numerics.multiply(
            numerics.log(numerics.maximum(_example_max(x, batch_dims), amin)), scale))
    elif float(ref) != 1.0 or amin > 1.0:
        db = numerics.subtract(db, 10.0 * np.log10(max(amin, float(ref))))
    if top_db is not None:
        db = numerics.maximum(db, numerics.subtract(_example_max(db, batch_dims), float(top_db)))
    return db


def amplitude_to_db(S, ref=1.0, amin=1e-5, top_db=80.0, batch_dims=1):
    """A magnitude spectrogram in decibels, `20 log10(max(S, amin) / ref)`,
    as `librosa.amplitude_to_db`: `power_to_db(S ** 2, ref ** 2, amin ** 2)`.

    Args:
        S: a real tensor of magnitudes (its absolute value is used).
        ref: the magnitude that maps to 0 dB: a number > 0, or "max".
        amin: the floor on the magnitude, > 0.
        top_db: the dynamic range kept below each example's maximum, or None.
        batch_dims: the leading axes that index examples (see `power_to_db`).

    Returns:
        A tensor of the shape of `S`, in dB.

    Example:

    >>> amplitude_to_db(numpy.array([[1.0, 0.1]]))  # [[0, -20]]
    [[  0., -20.]]
    """
    _check_db_args(ref, amin, top_db, batch_dims)
    x = _transforms.real_input(S, "S")
    return power_to_db(numerics.square(ops.abs(x)), ref if ref == "max" else float(ref) ** 2,
                       float(amin) ** 2, top_db, batch_dims)

