"""keras_spectral: spectral ops and learnable spectral layers for Keras 3.

The same model, weights and numbers on TensorFlow, JAX, PyTorch (and NumPy for
inference), selected with `KERAS_BACKEND`.
"""

__version__ = "0.1.0"

from keras_spectral import complex  # noqa: E402
from keras_spectral import config  # noqa: E402
from keras_spectral import ops  # noqa: E402
from keras_spectral.complex import Complex  # noqa: E402

# Imported eagerly, as Keras packages do: their classes register with
# keras.saving on import, so `keras.saving.load_model(path, safe_mode=True)`
# finds them after a bare `import keras_spectral`.
from keras_spectral import initializers  # noqa: E402
from keras_spectral import layers  # noqa: E402
from keras_spectral import losses  # noqa: E402
from keras_spectral import models  # noqa: E402
from keras_spectral import datasets  # noqa: E402
from keras_spectral import export  # noqa: E402  (imports no converter until used)

__all__ = ["Complex", "complex", "config", "ops", "layers", "models", "datasets", "losses",
           "initializers", "export", "testing", "__version__"]


def __getattr__(name):
    # the test harness imports more (pytest-free, but large); load it on first use.
    if name == "testing":
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
