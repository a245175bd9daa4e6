"""Gradients checked against central finite differences in float64."""

import numpy as np
from keras import ops

from keras_spectral import backend
from keras_spectral.testing.numerics import to_numpy


def _flat_outputs(out):
    if isinstance(out, tuple):
        return [p for item in out for p in _flat_outputs(item)]
    return [out]


def check_gradients(fn, inputs, eps=1e-6, rtol=1e-6, seed=0):
    """Compares the backend's gradient of `fn` with central finite differences.

    The scalar checked is `sum(w * out)` over every real output tensor (the
    parts of a `Complex` included) with fixed random weights `w`, so every
    output entry and every input entry is exercised.

    Args:
        fn: a function of real float64 tensors returning a tensor, a `Complex`
            or a tuple of them.
        inputs: a list of float64 NumPy arrays.
        eps: the finite-difference step.
        rtol: tolerance relative to the largest gradient entry.
        seed: the seed of the projection weights.

    Raises:
        AssertionError: naming the input and the largest disagreement.

    Example:

    >>> check_gradients(lambda x: keras_spectral.ops.dct(x, type=4),
    ...                 [numpy.random.rand(3, 8)])
    """
    inputs = [np.asarray(x, dtype=np.float64) for x in inputs]
    rng = np.random.default_rng(seed)
    outs = [to_numpy(o) for o in _flat_outputs(fn(*[ops.convert_to_tensor(x) for x in inputs]))]
    weights = [rng.standard_normal(np.shape(o)) for o in outs]

    def loss(*xs):
        outs = _flat_outputs(fn(*xs))
        return sum(ops.sum(ops.multiply(o, ops.convert_to_tensor(w, dtype="float64")))
                   for w, o in zip(weights, outs))

    def gradients(*xs):
        return backend.grad(loss, list(xs))

    def loss_np(*xs):
        return float(to_numpy(value(*[ops.convert_to_tensor(x) for x in xs])))

    # JAX compiles every op it meets at a new shape: the finite differences' many
    # calls run as one compiled program instead (op by op where tracing fails)
    value, grads = loss, None
    compiled = getattr(backend.get(), "compiled", None)
    tensors = [ops.convert_to_tensor(x) for x in inputs]
    if compiled is not None:
        try:
            grads, value = compiled(gradients)(*tensors), compiled(loss)
        except Exception:  # not traceable
            value = loss
    if grads is None:
        grads = gradients(*tensors)
    for i, (x, g) in enumerate(zip(inputs, grads)):
        g = np.zeros_like(x) if g is None else to_numpy(g)
        numeric = np.zeros_like(x)
        for idx in np.ndindex(x.shape):
            plus, minus = [a.copy() for a in inputs], [a.copy() for a in inputs]
            plus[i][idx] += eps
            minus[i][idx] -= eps
            numeric[idx] = (loss_np(*plus) - loss_np(*minus)) / (2 * eps)
        scale = max(np.max(np.abs(numeric)), 1e-12)
        err = np.max(np.abs(g - numeric))
        if not err <= rtol * scale:
            raise AssertionError(
                f"gradient of input {i} differs from finite differences by "
                f"{err:.3g} (scale {scale:.3g}, rtol {rtol:g})"
            )
