"""`keras.ops` arithmetic that keeps float64.

Keras 3 maps float64 results to float32 in part of its arithmetic on the numpy,
jax and torch backends (`BIT64_TO_BIT32_DTYPE` in
`keras.src.backend.common.dtypes`, "to be aligned with JAX's default"): on the
numpy backend `ops.multiply` of two float64 arrays is float32, on torch
`ops.matmul` is, on jax `ops.cos` is. A float64 transform must stay float64
(the library's numerics are checked to 1e-10 against SciPy), so the ops and the
complex shim do their arithmetic through these functions: `keras.ops` itself for
every other dtype and for symbolic tensors, the backend's own function (listed
in its module's `NATIVE_OPS`) when a concrete float64 tensor is involved.
The ops a backend module lists in `ALWAYS_NATIVE` (all of them on numpy) go to
its own function for every dtype: there Keras's eager wrapper costs far more
than the operation (numpy's `ops.add`, torch's `ops.stack`: 10x the op).
"""

import keras
from keras import ops

from keras_spectral import backend

__all__ = [
    "add", "subtract", "multiply", "divide", "negative", "matmul", "einsum",
    "where", "sqrt", "square", "arctan2", "cos", "sin", "exp", "absolute",
    "stack", "concatenate", "log", "maximum",
]


def _any(args, test):
    """`test` holds for an argument, looking inside lists and tuples."""
    return any(_any(a, test) if isinstance(a, (list, tuple)) else test(a) for a in args)


def _is_symbolic(a):
    return isinstance(a, keras.KerasTensor)


def _is_float64(a):
    return (hasattr(a, "dtype") and hasattr(a, "shape")
            and keras.backend.standardize_dtype(a.dtype) == "float64")


def _as_float64(a):
    """A backend tensor for `a`, floats promoted to float64 as Keras would."""
    if isinstance(a, (list, tuple)):
        return type(a)(_as_float64(v) for v in a)
    if isinstance(a, (int, float, str)):
        return a
    dtype = keras.backend.standardize_dtype(a.dtype)
    if "float" in dtype and dtype != "float64":
        return ops.cast(a, "float64")
    return a if ops.is_tensor(a) else ops.convert_to_tensor(a, dtype=dtype)


def _wrap(name):
    keras_fn = getattr(ops, name)

    def fn(*args, **kwargs):
        if _any(args, _is_symbolic):
            return keras_fn(*args, **kwargs)
        module = backend.get()
        native = module.NATIVE_OPS.get(name)
        always = getattr(module, "ALWAYS_NATIVE", ())
        if native is not None and (always is True or name in always):
            return native(*args, **kwargs)
        if native is not None and _any(args, _is_float64):
            return native(*(_as_float64(a) for a in args), **kwargs)
        return keras_fn(*args, **kwargs)

    fn.__name__ = name
    fn.__doc__ = f"`keras.ops.{name}`, keeping float64 (see the module docstring)."
    return fn


for _name in __all__:
    globals()[_name] = _wrap(_name)
del _name
