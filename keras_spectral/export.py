"""Exporting a model that holds spectral layers: `model.export` with the
transform method each format can represent, and a clear error where a case
cannot be exported.

ONNX and LiteRT have no operator for the backends' FFTs (tf2onnx, jax2onnx
and torch's exporter each stop at them, and LiteRT runs TensorFlow's IRFFT
only through the "Flex" delegate). Under the `"matmul"` transform method
(`keras_spectral.config`) every transform is a real matrix product, which
every format can represent. `export` traces the model with that method for
the formats without an FFT, checks what the converter wrote, and turns a
converter's failure into one message naming the layers, the format and the
setting to change.

A plain `model.export(...)` works too, inside
`keras_spectral.config.transform_method_scope("matmul")`; `export` adds the
checks, LiteRT without Flex ops, and (on TensorFlow) ONNX's `Erfc` for the
exact GELU of `models.FNO`, which tf2onnx lacks.
"""

import importlib.util
import re

import keras

from keras_spectral import _checks as checks
from keras_spectral import backend as ks_backend
from keras_spectral import config

__all__ = ["ExportError", "export", "spectral_layers"]

FORMATS = ("tf_saved_model", "onnx", "litert", "openvino", "torch")
# formats whose converters have no FFT: traced with the "matmul" method
FORMATS_WITHOUT_FFT = ("onnx", "litert", "openvino")
# the backends Keras (3.15) exports each format from, as measured (docs/export.md)
_BACKENDS = {
    "tf_saved_model": ("tensorflow", "jax"),
    "onnx": ("tensorflow", "jax", "torch"),
    "litert": ("tensorflow", "torch"),
    "openvino": ("tensorflow", "jax", "torch", "openvino"),
    "torch": ("torch",),
}
_SUFFIX = {"onnx": ".onnx", "litert": ".tflite", "torch": ".pt2"}


class ExportError(ValueError):
    """A model that cannot be exported in the format asked for: the message
    names the layers, the format and the setting to change.

    Args:
        message: the explanation.

    Example:

    >>> issubclass(keras_spectral.export.ExportError, ValueError)
    True
    """


def export(model, filepath, format="tf_saved_model", transform_method=None, verbose=None,
           input_signature=None, **kwargs):
    """Exports `model` (a built Keras model) for inference, like `model.export`.

    For `"onnx"`, `"litert"` and `"openvino"` the model is traced with the
    `"matmul"` transform method (real matrix products, no FFT op), unless
    `transform_method` (or the global setting) asks for `"fft"`, which these
    formats cannot represent: then an `ExportError` names the layers. LiteRT
    is converted with TensorFlow Lite's builtin ops only (no Flex ops: the
    file runs in the plain `ai_edge_litert` interpreter); pass `target_spec`
    to choose otherwise. An ONNX file is checked with `onnx.checker`.

    Args:
        model: a built `keras.Model` (called once, or with `input_signature`).
        filepath: where to write (a directory for `"tf_saved_model"`; a file
            ending in `.tflite` for `"litert"`).
        format: `"tf_saved_model"`, `"onnx"`, `"litert"`, `"openvino"` or
            `"torch"`, as `model.export`.
        transform_method: None (the setting in force, `"auto"` becoming
            `"matmul"` for the formats without an FFT), `"auto"`, `"fft"` or
            `"matmul"`.
        verbose: as `model.export` (default: quiet).
        input_signature: as `model.export`.
        **kwargs: passed on to `model.export` (e.g. `opset_version`).

    Returns:
        `filepath`.

    Raises:
        ExportError: the format cannot be written on this backend, or cannot
            represent the model's transforms with the method asked for, or
            the converter failed (its first line is quoted).
        ValueError: `format` or `transform_method` is not one of the above.
        TypeError: `format` or `transform_method` is not a string.

    Example:

    >>> import os, tempfile
    >>> model = keras.Sequential([keras.Input((16, 3)), SpectralConv1D(4, (5,))])
    >>> _ = model(np.zeros((1, 16, 3), "float32"))  # called: what model.export asks
    >>> path = os.path.join(tempfile.mkdtemp(), "model.onnx")
    >>> try:  # then onnxruntime.InferenceSession(path).run(None, {...})
    ...     path = export(model, path, format="onnx")
    ... except ExportError:  # e.g. under KERAS_BACKEND=numpy, which exports nothing
    ...     path = None
    """
    format = checks.one_of("format", format, FORMATS)
    method = checks.transform_method(transform_method) or config.transform_method()
    backend = keras.backend.backend()
    _check_backend(format, backend)
    if format in FORMATS_WITHOUT_FFT:
        _check_no_fft(model, format, method)
        method = "matmul"
    _check_package(format, backend)
    if format == "litert" and backend == "tensorflow" and "target_spec" not in kwargs:
        kwargs["target_spec"] = ks_backend.get().litert_builtin_ops()
    if format == "onnx" and backend == "tensorflow":
        _register_tf2onnx_erfc()
    filepath = str(filepath)
    try:
        with config.transform_method_scope(method):
            if not _torch_onnx(model, filepath, format, backend, verbose, input_signature,
                               kwargs):
                model.export(filepath, format=format, verbose=bool(verbose),
                             input_signature=input_signature, **kwargs)
        if format == "onnx":
            import onnx

            onnx.checker.check_model(filepath, full_check=True)  # shape inference too
    except Exception as error:  # a converter's own error: translated, quoted briefly
        raise ExportError(_failure(model, format, backend, method, error)) from None
    return filepath


def _torch_onnx(model, filepath, format, backend, verbose, input_signature, kwargs):
    """ONNX from torch through torch.export with a free batch axis, where it
    works (`backend/torch.export_onnx`); False: Keras's own path."""
    return (format == "onnx" and backend == "torch" and input_signature is None
            and not kwargs and ks_backend.get().export_onnx(model, filepath, verbose))


def _check_backend(format, backend):
    if backend not in _BACKENDS[format]:
        where = " or ".join(f"KERAS_BACKEND={b}" for b in _BACKENDS[format])
        raise ExportError(
            f"format={format!r} cannot be exported on the {backend} backend (Keras writes it "
            f"from {', '.join(_BACKENDS[format])}). Save the model (model.save('model.keras')) "
            f"and export it in a process started with {where}.")


def _check_package(format, backend):
    if format == "litert" and backend == "torch" and importlib.util.find_spec(
            "litert_torch") is None:
        raise ExportError(
            "format='litert' on the torch backend needs the litert-torch package "
            "(pip install litert-torch), which is not installed; or export under "
            "KERAS_BACKEND=tensorflow.")


def _check_no_fft(model, format, method):
    layers = spectral_layers(model)
    forced = [layer for layer in layers if getattr(layer, "transform_method", None) == "fft"]
    if forced:
        raise ExportError(
            f"{_names(forced)} cannot be exported to format={format!r}: the layer's "
            f"transform_method='fft' needs an FFT op, which {format} has none of. Build the "
            f"layer with transform_method=None (the global setting) or 'matmul'.")
    if method == "fft" and layers:
        raise ExportError(
            f"{_names(layers)} cannot be exported to format={format!r} with "
            f"transform_method='fft': {format} has no FFT op. Export with "
            f"transform_method='matmul' (or 'auto'), or set "
            f"keras_spectral.config.set_transform_method('matmul').")


def spectral_layers(model):
    """The layers of `model` (itself included, nested ones too) that compute
    Fourier transforms: those with a `transform_method` argument.

    Args:
        model: a Keras layer or model.

    Returns:
        A list of layers, in the order Keras walks them.

    Example:

    >>> model = keras.Sequential([keras.Input((16, 3)),
    ...                           keras_spectral.layers.GlobalFilter1D()])
    >>> [type(l).__name__ for l in keras_spectral.export.spectral_layers(model)]
    ['GlobalFilter1D']
    """
    walked = list(model._flatten_layers(include_self=True, recursive=True))
    found = [layer for layer in walked if hasattr(layer, "transform_method")]
    if found:
        return found
    # layers built before the transform method existed: every keras_spectral layer
    return [layer for layer in walked
            if type(layer).__module__.startswith("keras_spectral.layers")]


def _names(layers):
    names = [f"{layer.name!r} ({type(layer).__name__})" for layer in layers[:6]]
    more = f" and {len(layers) - 6} more" if len(layers) > 6 else ""
    return ("Layer " if len(layers) == 1 else "Layers ") + ", ".join(names) + more


def _failure(model, format, backend, method, error):
    layers = spectral_layers(model)
    which = (f" {_names(layers)} compute{'s' if len(layers) == 1 else ''} Fourier "
             f"transforms;" if layers else "")
    return (f"Exporting {model.name!r} to format={format!r} on the {backend} backend failed "
            f"with transform_method={method!r}.{which} the converter said: "
            f"{type(error).__name__}: {_first_line(error)} See docs/export.md for what each "
            f"format supports; the matrix form (transform_method='matmul') is the one "
            f"every format represents.")


def _first_line(error):
    """The converter's message in one line (for a Keras layer's wrapped error,
    the layer's own message, not "Exception encountered when calling ...")."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(error))
    op = re.search(r"'tf\.\w+' op [^\n<]*", text)  # MLIR's complaint among its locations
    if op:
        return op.group(0).strip().rstrip(".") + "."
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if len(lines) > 1 and lines[0].startswith("Exception encountered when calling"):
        lines = [f"({lines[0].split('calling ')[-1].rstrip('.')}) {lines[1]}"]
    line = lines[0] if lines else type(error).__name__
    return line[:400].rstrip(".") + "."


_ERFC_REGISTERED = []


def _register_tf2onnx_erfc():
    """tf2onnx (1.17) has no handler for TensorFlow's Erfc, which the exact
    GELU uses; registers erfc(x) = 1 - erf(x) once."""
    if _ERFC_REGISTERED or importlib.util.find_spec("tf2onnx") is None:
        return
    import numpy as np
    import tf2onnx  # noqa: F401  (registers its own handlers first)
    from tf2onnx import utils
    from tf2onnx.handler import tf_op

    if not any("Erfc" in handlers for handlers in tf_op.get_opsets().get("", [])):
        @tf_op("Erfc")
        class Erfc:
            @classmethod
            def version_9(cls, ctx, node, **kwargs):
                node.type = "Erf"
                dtype = utils.map_onnx_to_numpy_type(ctx.get_dtype(node.output[0]))
                one = ctx.make_const(utils.make_name("erfc_one"), np.array(1, dtype=dtype))
                ctx.insert_new_node_on_output(
                    "Sub", node.output[0], name=utils.make_name(node.name),
                    inputs=[one.output[0], node.output[0]])

    _ERFC_REGISTERED.append(True)
