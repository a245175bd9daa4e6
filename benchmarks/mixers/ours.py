"""Our layers and keras.layers.Conv1D, built with known weights, as the
callables the benchmark times: compiled the way users run them, with the
weights passed in as arguments on JAX (a stateless call)."""

import numpy as np

from benchmarks import harness
from benchmarks.fno.common import compile_as, tensor, to_numpy
from benchmarks.fno.conv import layer_fns
from benchmarks.mixers.cases import MODE


def build_layer(layer_name, shape, kwargs, rng=None, scale=0.25):
    """Our layer, built for `shape`; with `rng`, every weight drawn from
    N(0, scale^2): AFNO's default initialisation (0.02) leaves nothing past
    its softshrink, so the checks would compare zeros."""
    from keras_spectral import layers

    layer = getattr(layers, layer_name)(**kwargs)
    layer.build(shape)
    if rng is not None:
        for v in layer.trainable_variables:
            v.assign((scale * rng.standard_normal(tuple(v.shape))).astype(np.float32))
    return layer


def weights_np(layer):
    """{variable name: NumPy array} of a built layer."""
    return {v.name: to_numpy(v.value) for v in layer.trainable_variables}


def depthwise_conv1d(channels, kernel_taps):
    """keras.layers.Conv1D computing FFTConv1D's causal convolution with
    `kernel_taps` (K, C): depthwise through `groups`, left-padded, and the
    kernel flipped (Conv1D is a cross-correlation: its tap j multiplies the
    sample K - 1 - j steps back)."""
    import keras

    taps = kernel_taps.shape[0]
    conv = keras.layers.Conv1D(channels, taps, groups=channels, padding="causal",
                               use_bias=False)
    conv.build((None, None, channels))
    conv.kernel.assign(np.ascontiguousarray(kernel_taps[::-1, None, :]))
    return conv


class Compiled:
    """A layer's forward and forward+backward, compiled as users run it.

    `fwd(x)` and `fb(x, g)` take backend tensors; on JAX the current values of
    the weights are passed to the jitted stateless call on every call (read
    again after `refresh()`, when weights were assigned).
    """

    def __init__(self, layer, backward=True):
        self.name = harness.backend()
        self.layer = layer
        f, b = layer_fns(layer, self.name)
        mode = MODE[self.name]
        self._fwd = compile_as(f, mode)
        self._fb = compile_as(b, mode) if backward else None
        self.refresh()

    def refresh(self):
        self._tv = ([v.value for v in self.layer.trainable_variables]
                    if self.name == "jax" else None)

    def fwd(self, x):
        return self._fwd(x, self._tv) if self._tv is not None else self._fwd(x)

    def fb(self, x, g):
        return self._fb(x, g, self._tv) if self._tv is not None else self._fb(x, g)

    def ahead_of_time(self, x):
        """The forward compiled now without running it (JAX; elsewhere
        unchanged: TensorFlow compiles at the first call, torch never)."""
        if self.name == "jax":
            self._fwd = self._fwd.lower(x, self._tv).compile()


def inputs(rng, shape):
    """(x, g, x_np, g_np): an input and a cotangent, as NumPy and backend
    tensors (torch: x requires grad, as a layer inside a model sees it)."""
    x_np = rng.standard_normal(shape).astype(np.float32)
    g_np = rng.standard_normal(shape).astype(np.float32)
    x, g = tensor(x_np), tensor(g_np)
    if harness.backend() == "torch":
        x.requires_grad_(True)
    return x, g, x_np, g_np


def native_tensors(arrays):
    """Native weights as backend tensors (torch: leaves that require grad)."""
    out = [tensor(a) for a in arrays]
    if harness.backend() == "torch":
        for t in out:
            t.requires_grad_(True)
    return out
