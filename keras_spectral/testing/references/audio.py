"""Float64 NumPy references for the time-frequency ops and layers, written
from their definitions (librosa's framing; loops, not the library's code)."""

import numpy as np

from keras_spectral.ops.mel import mel_filterbank
from keras_spectral.ops.windows import get_window


def padded_window(window, frame_length, fft_length):
    w = np.asarray(window, dtype="float64") if not isinstance(window, (str, tuple)) \
        else get_window(window, frame_length)
    left = (fft_length - frame_length) // 2
    return np.pad(w, (left, fft_length - frame_length - left))


def stft(x, frame_length, frame_step, fft_length=None, window="hann", center=True,
         pad_mode="reflect"):
    """(..., samples) -> complex (..., frames, fft_length // 2 + 1)."""
    fft_length = fft_length or frame_length
    x = np.asarray(x, dtype="float64")
    if center:
        pad = [(0, 0)] * (x.ndim - 1) + [(fft_length // 2, fft_length // 2)]
        x = np.pad(x, pad, mode=pad_mode)
    w = padded_window(window, frame_length, fft_length)
    count = 1 + (x.shape[-1] - fft_length) // frame_step
    frames = np.stack([x[..., t * frame_step:t * frame_step + fft_length] * w
                       for t in range(count)], axis=-2)
    return np.fft.rfft(frames, axis=-1)


def istft(z, frame_length, frame_step, fft_length=None, window="hann", center=True,
          length=None):
    """The least-squares inverse of `stft` (librosa's istft)."""
    fft_length = fft_length or frame_length
    w = padded_window(window, frame_length, fft_length)
    frames = np.fft.irfft(z, n=fft_length, axis=-1) * w
    count = z.shape[-2]
    n = (count - 1) * frame_step + fft_length
    y = np.zeros(z.shape[:-2] + (n,))
    env = np.zeros(n)
    for t in range(count):
        y[..., t * frame_step:t * frame_step + fft_length] += frames[..., t, :]
        env[t * frame_step:t * frame_step + fft_length] += w ** 2
    y = y / np.where(env > np.finfo("float32").tiny, env, 1.0)
    start = fft_length // 2 if center else 0
    if length is None:
        return y[..., start:n - start]
    y = y[..., start:start + length]
    return np.pad(y, [(0, 0)] * (y.ndim - 1) + [(0, length - y.shape[-1])])


def channels_last(x, fn):
    """Applies `fn` (audio (batch, time) -> (batch, frames, ...)) to each
    channel of (batch, time, channels) audio; the channel axis goes last."""
    if x.ndim == 2:
        return fn(x)
    return np.stack([fn(x[..., c]) for c in range(x.shape[-1])], axis=-1)


def to_db(s, power=2.0, top_db=80.0):
    """power_to_db / amplitude_to_db per example (axis 0 indexes examples)."""
    amin = 1e-10 if power == 2.0 else 1e-5
    db = 10.0 * np.log10(np.maximum(s ** (2.0 / power), amin ** 2 if power == 1.0 else amin))
    if top_db is not None:
        peak = db.reshape(len(db), -1).max(axis=1).reshape((-1,) + (1,) * (db.ndim - 1))
        db = np.maximum(db, peak - top_db)
    return db


def spectrogram(x, frame_length, frame_step, fft_length=None, window="hann", center=True,
                pad_mode="reflect", power=2.0, db=False, top_db=80.0):
    s = channels_last(x, lambda a: np.abs(stft(a, frame_length, frame_step, fft_length,
                                               window, center, pad_mode)) ** power)
    return to_db(s, power, top_db) if db else s


def mel_spectrogram(x, frame_length, frame_step, fft_length=None, sample_rate=16000,
                    num_mel_bins=128, scale="slaney", norm="slaney", filters=None, **kwargs):
    """`filters`: (bins, mels) weights, by default the mel filterbank."""
    db, top_db = kwargs.pop("db", False), kwargs.pop("top_db", 80.0)
    power = kwargs.get("power", 2.0)
    if filters is None:
        filters = mel_filterbank(num_mel_bins, fft_length or frame_length, sample_rate,
                                 scale=scale, norm=norm).T
    s = spectrogram(x, frame_length, frame_step, fft_length, **kwargs)
    s = np.moveaxis(np.moveaxis(s, 2, -1) @ filters, -1, 2) if x.ndim == 3 else s @ filters
    return to_db(s, power, top_db) if db else s


def mfcc(x, num_mfcc, top_db=80.0, **kwargs):
    s = mel_spectrogram(x, db=True, top_db=top_db, **kwargs)
    n = s.shape[2]
    k = np.arange(num_mfcc)[:, None]
    basis = np.cos(np.pi * k * (np.arange(n)[None, :] + 0.5) / n) * np.sqrt(2.0 / n)
    basis[0] /= np.sqrt(2.0)
    return np.moveaxis(np.moveaxis(s, 2, -1) @ basis.T, -1, 2)


def phase_features(x, frame_length, frame_step, **kwargs):
    """[cos, sin, instantaneous frequency / pi] of the STFT phase."""
    def one(a):
        z = stft(a, frame_length, frame_step, **kwargs)
        phase = np.angle(z)
        previous = np.concatenate([z[..., :1, :], z[..., :-1, :]], axis=-2)
        return np.stack([np.cos(phase), np.sin(phase),
                         np.angle(z * np.conj(previous)) / np.pi], axis=-1)
    if x.ndim == 2:
        return one(x)
    parts = np.stack([one(x[..., c]) for c in range(x.shape[-1])], axis=-1)  # b,f,k,3,c
    return parts.reshape(parts.shape[:3] + (-1,))


def griffin_lim(mag, frame_length, frame_step, n_iter, momentum, center=True,
                pad_mode="reflect", length=None):
    """librosa.griffinlim with init=None on (batch, frames, bins) magnitudes."""
    angles = np.ones(mag.shape, dtype=complex)
    rebuilt = np.zeros(mag.shape, dtype=complex)
    samples = frame_step * (mag.shape[-2] - 1) + (0 if center else frame_length)
    for _ in range(n_iter):
        previous = rebuilt
        y = istft(mag * angles, frame_length, frame_step, center=center, length=samples)
        rebuilt = stft(y, frame_length, frame_step, center=center, pad_mode=pad_mode)
        angles = rebuilt - momentum / (1 + momentum) * previous
        angles = angles / (np.abs(angles) + 1e-16)
    return istft(mag * angles, frame_length, frame_step, center=center, length=length)
