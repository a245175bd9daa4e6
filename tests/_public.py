"""The public modules, shared by the doctest and reference checks."""

import inspect

import keras_spectral


def public_modules():
    """Every public module: those of `keras_spectral.__all__` and the
    submodules each names in its own `__all__`."""
    found = [keras_spectral.numerics]  # public (README, docs/design.md), imported on use
    for name in keras_spectral.__all__:
        obj = getattr(keras_spectral, name)
        if inspect.ismodule(obj):
            found.append(obj)
            found += [v for s in getattr(obj, "__all__", []) if inspect.ismodule(v := getattr(obj, s))]
    return found
