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


def test_layers_and_models_build_on_public_floors_only():
    """layers/ and models/ import keras_spectral's public modules (and the
    argument checks), never a private ops module, the backends or a framework;
    and no class is generated at run time."""
    import ast
    import pathlib

    root = pathlib.Path(keras_spectral.__file__).parent
    allowed_private = {"keras_spectral._checks", "keras_spectral.layers._base",
                       "keras_spectral.layers._audio"}
    for path in sorted((root / "layers").glob("*.py")) + sorted((root / "models").glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                names = []
            for name in names:
                top = name.split(".")[0]
                assert top not in ("torch", "jax", "tensorflow"), f"{path.name}: {name}"
                assert not name.startswith("keras_spectral.backend"), f"{path.name}: {name}"
                private = [p for p in name.split(".")[1:] if p.startswith("_")]
                if name.startswith("keras_spectral") and private and "__init__" not in name:
                    assert any(name.startswith(a) for a in allowed_private), \
                        f"{path.name} imports the private {name}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id == "type" and len(node.args) == 3:
                raise AssertionError(f"{path.name}:{node.lineno} generates a class with type()")
