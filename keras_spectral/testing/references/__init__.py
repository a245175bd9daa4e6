"""Float64 NumPy references written from the papers' definitions, for tests:
one module per layer family."""

from keras_spectral.testing.references.fno import (
    spectral_conv, spectral_kernel_from_variable,
)

__all__ = ["spectral_conv", "spectral_kernel_from_variable"]
