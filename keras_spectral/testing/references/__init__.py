"""Float64 NumPy references written from the papers' definitions, for tests:
one module per layer family."""

from keras_spectral.testing.references.afno import afno
from keras_spectral.testing.references.fno import (
    spectral_conv, spectral_kernel_from_variable,
)
from keras_spectral.testing.references.mixers import fft_conv1d, fourier_mixing, global_filter
from keras_spectral.testing.references.pooling import spectral_pooling

__all__ = ["afno", "fft_conv1d", "fourier_mixing", "global_filter", "spectral_conv",
           "spectral_kernel_from_variable", "spectral_pooling"]
