"""Functional spectral ops with numpy.fft / scipy.fft / scipy.signal names.

Complex values are `keras_spectral.Complex(real, imag)` pairs; every op works
eagerly, under jit, and on symbolic `KerasTensor`s, on every Keras backend.
"""

from keras_spectral.ops.fft import (
    fft, fft2, fftn, hfft, hfft2, hfftn, ifft, ifft2, ifftn, ihfft, ihfft2, ihfftn, irfft,
    irfft2, irfftn, rfft, rfft2, rfftn,
)
from keras_spectral.ops.helper import (
    fftfreq, fftshift, ifftshift, next_fast_len, prev_fast_len, rfftfreq,
)
from keras_spectral.ops.realtransforms import dct, dctn, dst, dstn, idct, idctn, idst, idstn
from keras_spectral.ops.framing import frame, overlap_add
from keras_spectral.ops.mel import (
    amplitude_to_db, hz_to_mel, mel_filterbank, mel_frequencies, mel_to_hz, power_to_db,
)
from keras_spectral.ops.signal import fftconvolve, hilbert
from keras_spectral.ops.stft import istft, stft
from keras_spectral.ops.windows import get_window
from keras_spectral.ops import primitives  # noqa: F401 (the layers' building blocks)

__all__ = [
    "fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft", "rfft2",
    "irfft2", "rfftn", "irfftn", "hfft", "ihfft", "hfft2", "ihfft2", "hfftn", "ihfftn",
    "fftshift", "ifftshift", "fftfreq", "rfftfreq", "next_fast_len", "prev_fast_len",
    "dct", "idct", "dst", "idst", "dctn", "idctn", "dstn", "idstn",
    "hilbert", "fftconvolve", "get_window", "frame", "overlap_add", "stft", "istft",
    "hz_to_mel", "mel_to_hz", "mel_frequencies", "mel_filterbank", "power_to_db", "amplitude_to_db",
    "primitives",
]
