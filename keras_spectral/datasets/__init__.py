"""Datasets for operator learning, generated in numpy and cached on disk.

`burgers`: the 1-D viscous Burgers equation of the Fourier Neural Operator
paper, mapping an initial condition to the solution at t = 1.
"""

from keras_spectral.datasets import burgers

__all__ = ["burgers"]
