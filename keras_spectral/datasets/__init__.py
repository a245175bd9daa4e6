"""Datasets for operator learning, generated in numpy and cached on disk.

`burgers`: the 1-D viscous Burgers equation of the Fourier neural operator
papers, mapping an initial condition to the solution at t = 1.
`darcy`: 2-D Darcy flow, mapping a piecewise-constant permeability to the
pressure.
`baselines`: the trivial predictors every learned result is reported beside.
"""

from keras_spectral.datasets import baselines, burgers, darcy

__all__ = ["baselines", "burgers", "darcy"]
