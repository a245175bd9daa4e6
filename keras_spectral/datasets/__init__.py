"""Datasets for operator learning, generated in numpy and cached on disk.

`burgers`: the 1-D viscous Burgers equation of the Fourier neural operator
papers, mapping an initial condition to the solution at t = 1.
`darcy`: 2-D Darcy flow, mapping a piecewise-constant permeability to the
pressure.
`baselines`: the trivial predictors every learned result is reported beside.
`psk`: phase-shift-keyed tone bursts, a classification task whose label is a
phase (the magnitude spectrum carries none of it).
"""

from keras_spectral.datasets import baselines, burgers, darcy, psk

__all__ = ["baselines", "burgers", "darcy", "psk"]
