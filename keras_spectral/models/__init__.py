"""Assembled models of keras_spectral."""

from keras_spectral.models.fno import FNO

__all__ = ["FNO"]
