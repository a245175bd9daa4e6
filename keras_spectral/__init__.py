"""keras_spectral: spectral ops and learnable spectral layers for Keras 3.

The same model, weights and numbers on TensorFlow, JAX, PyTorch (and NumPy for
inference), selected with `KERAS_BACKEND`.
"""

__version__ = "0.1.0"

from keras_spectral import complex  # noqa: E402
from keras_spectral import ops  # noqa: E402
from keras_spectral.complex import Complex  # noqa: E402

__all__ = ["Complex", "complex", "ops", "layers", "models", "datasets", "losses",
           "initializers", "testing", "__version__"]


def __getattr__(name):
    # these import more of Keras; load them on first use.
    if name in ("layers", "models", "datasets", "losses", "initializers", "testing"):
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
