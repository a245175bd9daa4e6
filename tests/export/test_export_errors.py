"""What cannot be exported says so: an `ExportError` naming the layers, the
format and the setting to change, never a converter's stack trace; and the
plain `model.export` inside `transform_method_scope("matmul")`, the contract
`keras_spectral.export` builds on."""

import keras
import numpy as np
import pytest

from keras_spectral import config, layers
from keras_spectral import export as ks_export
from keras_spectral.export import ExportError
from tests.export import _matrix as m

WITHOUT_FFT_HERE = [f for f in ("onnx", "litert") if m.BACKEND in ks_export._BACKENDS[f]]
REFUSED_HERE = [f for f in ks_export.FORMATS if m.BACKEND not in ks_export._BACKENDS[f]]


def _model(**layer_kwargs):
    inputs = keras.Input((16, 3))
    model = keras.Model(inputs, layers.GlobalFilter1D(name="gf", **layer_kwargs)(inputs))
    model(np.zeros((1, 16, 3), "float32"))
    return model


@pytest.mark.parametrize("fmt", m.or_nothing(WITHOUT_FFT_HERE, 1))
def test_fft_forced_by_argument_or_setting_names_layer_format_and_setting(fmt, tmp_path):
    model = _model()
    path = m.path_for(tmp_path, fmt)
    with pytest.raises(ExportError) as by_argument:
        ks_export.export(model, path, format=fmt, transform_method="fft")
    with config.transform_method_scope("fft"), pytest.raises(ExportError) as by_setting:
        ks_export.export(model, path, format=fmt)
    for raised in (by_argument, by_setting):
        text = str(raised.value)
        assert "'gf' (GlobalFilter1D)" in text and f"format={fmt!r}" in text
        assert "transform_method='fft'" in text and "'matmul'" in text
    assert config.transform_method() == "auto"  # the scope was left as found


@pytest.mark.parametrize("fmt", m.or_nothing(WITHOUT_FFT_HERE, 1))
def test_fft_forced_on_a_layer_names_that_layer(fmt, tmp_path):
    model = _model(transform_method="fft")
    with pytest.raises(ExportError, match=r"'gf' \(GlobalFilter1D\).*transform_method='fft'"):
        ks_export.export(model, m.path_for(tmp_path, fmt), format=fmt)


@pytest.mark.parametrize("fmt", REFUSED_HERE)
def test_a_format_this_backend_cannot_write_names_the_backends_that_can(fmt, tmp_path):
    with pytest.raises(ExportError) as raised:
        ks_export.export(_model(), m.path_for(tmp_path, fmt), format=fmt)
    text = str(raised.value)
    assert f"format={fmt!r}" in text and f"the {m.BACKEND} backend" in text
    assert "KERAS_BACKEND=" in text and "model.save" in text


@pytest.mark.skipif(m.BACKEND != "torch", reason="LiteRT from torch: the torch column's case")
def test_litert_on_torch_without_litert_torch_names_the_package(tmp_path):
    import importlib.util

    if importlib.util.find_spec("litert_torch") is not None:
        pytest.fail("litert-torch is installed: test_export.py's matrix should run LiteRT "
                    "on torch (tests/export/_matrix.py HERE)")
    with pytest.raises(ExportError, match="litert-torch"):
        ks_export.export(_model(), m.path_for(tmp_path, "litert"), format="litert")


def test_bad_arguments_name_the_argument(tmp_path):
    model = _model()
    with pytest.raises(ValueError, match="`format`.*'tflite'"):
        ks_export.export(model, str(tmp_path / "m"), format="tflite")
    with pytest.raises(TypeError, match="`format`"):
        ks_export.export(model, str(tmp_path / "m"), format=3)
    with pytest.raises(ValueError, match="`transform_method`.*'dft'"):
        ks_export.export(model, str(tmp_path / "m"), format="onnx", transform_method="dft")


@pytest.mark.skipif(m.BACKEND == "numpy", reason="nothing is exported on numpy: the "
                    "refusal comes first (test_a_format_this_backend_cannot_write...)")
def test_a_converter_failure_becomes_one_message_without_its_traceback(tmp_path, monkeypatch):
    model = _model()

    def converter_fails(*args, **kwargs):
        raise RuntimeError("Unsupported op: RFFT\n  deep converter frame\n  another frame")

    monkeypatch.setattr(type(model), "export", converter_fails)
    monkeypatch.setattr(ks_export, "_torch_onnx", lambda *args: False)  # Keras's path
    with pytest.raises(ExportError) as raised:
        ks_export.export(model, m.path_for(tmp_path, "onnx"), format="onnx")
    text = str(raised.value)
    assert "RuntimeError: Unsupported op: RFFT" in text and "deep converter frame" not in text
    assert "'gf' (GlobalFilter1D)" in text and "transform_method='matmul'" in text
    assert raised.value.__cause__ is None and raised.value.__suppress_context__


ISSUE_MODELS = ("GlobalFilter2D", "MelSpectrogram", "FFTConv1D")


def _plain(name):
    # the matrix's known failure, where the matrix too traced fixed sizes
    reason = None if m.spatial_is_free("onnx") else m.PLAIN_KNOWN_FAILURES.get(
        (name, "onnx", m.BACKEND))
    return pytest.param(name, marks=[pytest.mark.xfail(strict=True, reason=reason)]
                        if reason else [])


@pytest.mark.skipif(m.BACKEND not in ks_export._BACKENDS["onnx"],
                    reason="Keras exports ONNX from tensorflow, jax and torch only")
@pytest.mark.parametrize("name", [_plain(n) for n in ISSUE_MODELS])
def test_plain_model_export_inside_the_matmul_scope(name, tmp_path):
    """The issue's models (FNO aside: on tensorflow it needs the Erfc that
    `keras_spectral.export` adds) through Keras's own `model.export`."""
    model, _ = m.build(name, free_spatial=False)
    path = m.path_for(tmp_path, "onnx")
    with config.transform_method_scope("matmul"):
        model.export(path, format="onnx", verbose=False)
        x = m.example(name, m.RUN_BATCH, seed=3)
        want = m.keras_outputs(model, x)
    m.assert_matches(m.OnnxRunner(path)(x), want, "plain export")
