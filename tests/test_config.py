"""keras_spectral.config: the transform method switch."""

import importlib
import os
import threading

import pytest

from keras_spectral import config


@pytest.fixture(autouse=True)
def _restore():
    before = config.transform_method()
    yield
    config.set_transform_method(before)


def test_default_is_auto_and_exported():
    import keras_spectral

    assert keras_spectral.config is config
    assert "config" in keras_spectral.__all__
    if not os.environ.get(config.ENV_VAR):
        assert config.transform_method() == "auto"


@pytest.mark.parametrize("method", ["auto", "fft", "matmul"])
def test_set_and_read(method):
    config.set_transform_method(method)
    assert config.transform_method() == method


@pytest.mark.parametrize("bad", ["FFT", "dft", "", "matmul "])
def test_bad_string_is_a_value_error_naming_method(bad):
    with pytest.raises(ValueError, match="`method`"):
        config.set_transform_method(bad)
    with pytest.raises(ValueError, match="`method`"):
        with config.transform_method_scope(bad):
            pass


@pytest.mark.parametrize("bad", [1, True, ["fft"]])
def test_bad_type_is_a_type_error_naming_method(bad):
    with pytest.raises(TypeError, match="`method`"):
        config.set_transform_method(bad)


def test_bad_value_leaves_the_setting():
    config.set_transform_method("fft")
    with pytest.raises(ValueError):
        config.set_transform_method("bogus")
    assert config.transform_method() == "fft"


def test_scope_nests_and_restores():
    config.set_transform_method("fft")
    with config.transform_method_scope("matmul") as inside:
        assert inside == "matmul" and config.transform_method() == "matmul"
        with config.transform_method_scope("auto"):
            assert config.transform_method() == "auto"
        with config.transform_method_scope(None) as kept:
            assert kept == "matmul" and config.transform_method() == "matmul"
        assert config.transform_method() == "matmul"
    assert config.transform_method() == "fft"


def test_scope_restores_on_exception():
    config.set_transform_method("auto")
    with pytest.raises(RuntimeError):
        with config.transform_method_scope("matmul"):
            with config.transform_method_scope("fft"):
                raise RuntimeError("boom")
    assert config.transform_method() == "auto"
    with config.transform_method_scope("matmul"):  # the stack is empty again
        pass
    assert config.transform_method() == "auto"


def test_scope_is_per_thread():
    seen = []
    with config.transform_method_scope("matmul"):
        thread = threading.Thread(target=lambda: seen.append(config.transform_method()))
        thread.start()
        thread.join()
    assert seen == [config.transform_method()]


def _reloaded(monkeypatch, value):
    """config re-imported with the environment variable set to `value`."""
    monkeypatch.setenv(config.ENV_VAR, value)
    return importlib.reload(config)


@pytest.fixture
def _reload_back(monkeypatch):
    yield
    monkeypatch.delenv(config.ENV_VAR, raising=False)
    importlib.reload(config)


@pytest.mark.parametrize("value, method", [("matmul", "matmul"), ("FFT", "fft"),
                                           (" auto ", "auto"), ("", "auto")])
def test_environment_variable_sets_the_initial_value(monkeypatch, _reload_back, value, method):
    assert _reloaded(monkeypatch, value).transform_method() == method


def test_bad_environment_variable_is_a_value_error(monkeypatch, _reload_back):
    with pytest.raises(ValueError, match=config.ENV_VAR):
        _reloaded(monkeypatch, "bogus")
