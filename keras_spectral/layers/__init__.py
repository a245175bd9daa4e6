"""Keras layers of keras_spectral, one family per module."""

from keras_spectral.layers.spectral_conv import SpectralConv1D, SpectralConv2D, SpectralConv3D
from keras_spectral.layers.spectral_gain import SpectralGain

__all__ = ["SpectralConv1D", "SpectralConv2D", "SpectralConv3D", "SpectralGain"]
