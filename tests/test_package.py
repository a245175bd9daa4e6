"""The package: version, lazy backend imports, the command line, devices."""

import os
import subprocess
import sys

import keras
import pytest

import keras_spectral
from keras_spectral import backend
from keras_spectral.testing import backend_name

FRAMEWORKS = ("tensorflow", "jax", "torch")


def test_version():
    major, minor, patch = keras_spectral.__version__.split(".")
    assert major.isdigit() and minor.isdigit()


def test_import_loads_no_framework_keras_does_not():
    code = (
        "import sys; import keras; before = set(sys.modules);"
        "import keras_spectral, keras_spectral.ops, keras_spectral.layers, "
        "keras_spectral.models, keras_spectral.datasets, keras_spectral.losses;"
        f"print(sorted(m for m in {FRAMEWORKS!r} if m in sys.modules and m not in before))"
    )
    env = dict(os.environ, KERAS_BACKEND=backend_name())
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True).stdout.strip().splitlines()[-1]
    assert out == "[]", out


def test_backend_module_is_the_active_one():
    assert backend.name() == keras.backend.backend()
    assert backend.get().__name__.endswith("." + backend_name())
    with pytest.raises(ValueError, match="does not support the Keras backend 'mlx'"):
        backend.get("mlx")


def test_devices_are_listed_and_usable(device):
    assert device in backend.list_devices()
    x = keras.ops.ones((4,))
    out = keras_spectral.ops.rfft(x)
    assert keras.ops.convert_to_numpy(out.real)[0] == 4.0


def test_cli_info():
    env = dict(os.environ, KERAS_BACKEND=backend_name())
    out = subprocess.run([sys.executable, "-m", "keras_spectral.cli", "info"], env=env,
                         capture_output=True, text=True, check=True).stdout
    assert f"backend in use: {backend_name()}" in out
    assert f"*{backend_name()}" in out
    assert "devices: cpu:0" in out


def test_a_bare_import_registers_every_class_for_loading(tmp_path):
    # Saved with the layers touched, loaded in a fresh process after only
    # `import keras_spectral`: the classes must be registered on import.
    path = tmp_path / "model.keras"
    inputs = keras.Input((16, 16, 2))
    outputs = keras_spectral.layers.SpectralConv2D(3, (4, 4))(inputs)
    model = keras.Model(inputs, keras_spectral.models.FNO((4,), 8)(outputs[:, 0]))
    x = keras.random.normal((2, 16, 16, 2), seed=1)
    expected = keras.ops.convert_to_numpy(model(x))
    model.save(path)
    np_x = keras.ops.convert_to_numpy(x)
    code = (
        "import sys, numpy as np, keras, keras_spectral\n"
        f"m = keras.saving.load_model({str(path)!r}, safe_mode=True)\n"
        f"x = np.load({str(tmp_path / 'x.npy')!r})\n"
        "np.save(sys.argv[1], keras.ops.convert_to_numpy(m(x)))\n"
    )
    import numpy as np

    np.save(tmp_path / "x.npy", np_x)
    env = dict(os.environ, KERAS_BACKEND=backend_name())
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "y.npy")], env=env,
                   check=True, capture_output=True, text=True)
    np.testing.assert_allclose(np.load(tmp_path / "y.npy"), expected, rtol=1e-5, atol=1e-6)
