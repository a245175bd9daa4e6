"""Float64 NumPy references written from the papers' definitions, for tests:
one module per layer family."""

from keras_spectral.testing.references import audio
from keras_spectral.testing.references.afno import afno
from keras_spectral.testing.references.features import delta, pcen
from keras_spectral.testing.references.gabor import gabor_filterbank, gabor_impulse_responses
from keras_spectral.testing.references.fno import (
    spectral_conv, spectral_kernel_from_variable,
)
from keras_spectral.testing.references.mixers import fft_conv1d, fourier_mixing, global_filter
from keras_spectral.testing.references.pooling import spectral_pooling

__all__ = ["afno", "audio", "delta", "fft_conv1d", "fourier_mixing", "gabor_filterbank",
           "gabor_impulse_responses", "global_filter", "pcen", "spectral_conv",
           "spectral_kernel_from_variable", "spectral_pooling"]
