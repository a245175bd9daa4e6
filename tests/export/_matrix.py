"""The export matrix's cases: one small model per public layer (the catalogue,
so a new layer joins by its row) and two FNOs, the formats Keras writes on
each backend, and the runtimes that read each format back.

Every model takes the catalogue's input with a free batch axis; where the layer
allows it and the exporter keeps it, the spatial axes are free too, and the
exported file is run at a second spatial size.
"""

import os

import keras
import numpy as np
import pytest

from keras_spectral import export as ks_export
from keras_spectral import models
from keras_spectral.testing import backend_name, catalogue

BACKEND = backend_name()
FORMATS = ("onnx", "tf_saved_model", "litert")
# What tests/export covers per backend: Keras's own choice (keras_spectral.export
# refuses the rest with an ExportError, tested in test_export_errors.py). LiteRT
# under torch needs litert-torch, which cannot be installed beside the pins here.
HERE = {
    "onnx": ("tensorflow", "jax", "torch"),
    "tf_saved_model": ("tensorflow", "jax"),
    "litert": ("tensorflow",),
}
NOTHING_HERE = ("Keras exports nothing from the numpy backend: test_export_errors.py "
                "checks that every format is refused with a clear error")
TRACED_BATCH, RUN_BATCH = 2, 3  # the exported file runs a batch it was not traced with
RTOL = 1e-4  # of the largest Keras output, as the issue asks

# Beyond the catalogue: the FNO in two dimensions (the catalogue's is 1-D).
EXTRA = {"FNO2D": (lambda: models.FNO(modes=(3, 3), width=4, num_blocks=2,
                                      projection_channels=8), (8, 8, 1), False)}
NAMES = sorted(catalogue.CASES) + sorted(EXTRA)

# Known failures, each with its cause: the test is marked xfail(strict=True),
# so the fix turns it into an XPASS that fails until the row is removed.
_TORCH_SIZES = ("torch's ONNX trace (TorchScript, with a free batch axis) hands the layer "
                "its sizes as 0-d tensors, which its Python arithmetic / argument checks "
                "refuse")
KNOWN_FAILURES = {
    ("MFCC", "onnx", "torch"): "torch.export's file fails ONNX shape inference (a Squeeze "
                               "of a 16-wide axis), and Keras's TorchScript path: " + _TORCH_SIZES,
    ("Delta", "litert", "tensorflow"): "the interpreter fails resizing to another length "
                                       "(BytesRequired number of elements overflowed)",
}
# Keras's own `model.export` on torch (a free batch axis: the TorchScript trace,
# where `keras_spectral.export` takes torch.export)
PLAIN_KNOWN_FAILURES = {
    **{(n, "onnx", "torch"): _TORCH_SIZES for n in (
        "FFTConv1D", "FourierMixing", "GriffinLim", "ISTFT", "MFCC")},
}


def or_nothing(params, arity):
    """`params`, or one explicitly skipped case where the backend exports nothing."""
    if params:
        return params
    return [pytest.param(*[None] * arity, marks=pytest.mark.skip(reason=NOTHING_HERE))]


def spec(name):
    """(input shape, or a tuple of two for a (real, imag) layer; positive?)."""
    if name in EXTRA:
        return EXTRA[name][1], EXTRA[name][2]
    _, _, shape, positive = catalogue.CASES[name]
    return shape, positive


def shapes(name):
    shape, _ = spec(name)
    return list(shape) if isinstance(shape[0], tuple) else [shape]


def _layer(name):
    return EXTRA[name][0]() if name in EXTRA else catalogue.build(name)


def _free(shape):
    """`shape` with every axis but the last (channels, or frequency bins) free."""
    return (None,) * (len(shape) - 1) + tuple(shape[-1:]) if len(shape) > 1 else (None,)


def spatial_is_free(fmt):
    """Whether the exported signature keeps free spatial axes: on tensorflow.
    torch's ONNX export (Keras 3.15) traces with every None replaced by 1; jax's
    exporters (jax2onnx, jax2tf) trace symbolic sizes, which the layers compare
    and format as Python numbers (and Keras names each input's free axis apart,
    so the two parts of a complex pair differ): there the sizes are fixed."""
    return BACKEND == "tensorflow"


def build(name, free_spatial):
    """A functional model around the layer, and whether its spatial axes are free
    (False where the layer's weights need the size: GlobalFilter, SpectralGain)."""
    for free in ((True, False) if free_spatial else (False,)):
        try:
            keras.utils.set_random_seed(0)
            inputs = [keras.Input(_free(s) if free else s) for s in shapes(name)]
            outputs = _layer(name)(tuple(inputs) if len(inputs) > 1 else inputs[0])
        except ValueError:
            if not free:
                raise
            continue
        outputs = list(outputs) if isinstance(outputs, tuple) else outputs
        model = keras.Model(inputs if len(inputs) > 1 else inputs[0], outputs)
        x = example(name, TRACED_BATCH)
        model(x if len(x) > 1 else x[0])
        return model, free
    raise AssertionError("unreachable")


def example(name, batch, scale=1, seed=0):
    """The inputs (a list) at `batch`, their spatial axes `scale` times longer."""
    _, positive = spec(name)
    rng = np.random.default_rng(seed)
    out = []
    for shape in shapes(name):
        size = tuple(d * scale for d in shape[:-1]) + tuple(shape[-1:]) if len(shape) > 1 \
            else (shape[0] * scale,)
        x = rng.standard_normal((batch,) + size).astype("float32")
        out.append(np.abs(x) + 0.1 if positive else x)
    return out


def keras_outputs(model, inputs):
    out = model(inputs if len(inputs) > 1 else inputs[0])
    return [keras.ops.convert_to_numpy(o) for o in (out if isinstance(out, list) else [out])]


def path_for(directory, fmt):
    return os.path.join(str(directory), "model" + ks_export._SUFFIX.get(fmt, ""))


# Outputs that are angles, compared modulo their period: (channel, period). A bin on
# the branch cut (a phase advance of exactly pi, a signed zero apart) is 1 or -1 alike.
WRAPPED = {"PhaseFeatures": (-1, 2.0)}  # the instantaneous frequency, angle / pi


def assert_matches(got, want, what, name=None):
    assert len(got) == len(want), f"{what}: {len(got)} outputs, Keras has {len(want)}"
    for g, w in zip(got, want):
        g = np.asarray(g)
        assert g.shape == w.shape, f"{what}: shape {g.shape}, Keras {w.shape}"
        scale = max(float(np.max(np.abs(w))), 1e-30)
        diff = np.abs(g - w)
        if name in WRAPPED:
            channel, period = WRAPPED[name]
            d = diff[..., channel]
            diff[..., channel] = np.minimum(d, np.abs(period - d))
        err = float(np.max(diff))
        assert err <= RTOL * scale, f"{what}: max error {err:.3g} > {RTOL} x {scale:.3g}"


# --- the runtimes --------------------------------------------------------------------


class OnnxRunner:
    """onnxruntime on the CPU, one thread."""

    def __init__(self, path, input_names=None):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])

    def __call__(self, inputs):
        names = [i.name for i in self.session.get_inputs()]
        return self.session.run(None, dict(zip(names, inputs)))


class SavedModelRunner:
    """`tf.saved_model.load(path).serve(...)`."""

    def __init__(self, path, input_names=None):
        import tensorflow as tf

        self.loaded = tf.saved_model.load(path)  # kept: its functions use its variables

    def __call__(self, inputs):
        out = self.loaded.serve(inputs if len(inputs) > 1 else inputs[0])
        out = out if isinstance(out, (list, tuple)) else [out]
        return [np.asarray(o) for o in out]


class LiteRTRunner:
    """The `ai_edge_litert` interpreter (no Flex delegate) through the file's
    signature: inputs by the Keras input names, outputs `output_0`, `output_1`..."""

    def __init__(self, path, input_names):
        from ai_edge_litert.interpreter import Interpreter

        self.interpreter = Interpreter(model_path=path)
        self.ops = sorted({d["op_name"] for d in self.interpreter._get_ops_details()})
        self.input_names = input_names

    def __call__(self, inputs):
        runner = self.interpreter.get_signature_runner()  # resizes to the inputs given
        out = runner(**dict(zip(self.input_names, inputs)))
        return [out[f"output_{i}"] for i in range(len(out))]


RUNNERS = {"onnx": OnnxRunner, "tf_saved_model": SavedModelRunner, "litert": LiteRTRunner}
