"""Keras layers of keras_spectral, one family per module."""

from keras_spectral.layers.spectral_gain import SpectralGain

__all__ = ["SpectralGain"]
