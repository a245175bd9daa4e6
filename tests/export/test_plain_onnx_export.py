"""A plain `model.export(path, format="onnx")` on torch, outside any transform
scope: "auto" picks the matrix products while torch traces for ONNX (torch's
exporter has no FFT operator), here for a layer whose "auto" is the FFT."""

import keras
import numpy as np
import pytest

import keras_spectral
from keras_spectral.testing import backend_name

pytestmark = pytest.mark.skipif(
    backend_name() != "torch", reason="torch's ONNX tracing hook; the other backends "
    "export through keras_spectral.export (tests/export/test_export.py)")


def test_plain_onnx_export_of_a_whole_spectrum_layer_runs_in_onnxruntime(tmp_path):
    ort = pytest.importorskip("onnxruntime")
    inputs = keras.Input((32, 3))
    model = keras.Model(inputs, keras_spectral.layers.GlobalFilter1D()(inputs))
    x = np.random.default_rng(0).standard_normal((2, 32, 3)).astype("float32")
    expected = keras.ops.convert_to_numpy(model(x))
    path = str(tmp_path / "model.onnx")
    model.export(path, format="onnx", verbose=False)
    session = ort.InferenceSession(path)
    got = session.run(None, {session.get_inputs()[0].name: x})[0]
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-5)
    # the eager call after the export is the FFT again
    assert keras_spectral.config.transform_method() == "auto"
