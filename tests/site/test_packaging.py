"""The package as users install it: a wheel and an sdist from `python -m build`,
`twine check`, and the wheel installed (not editable) into a clean virtual
environment with the pinned versions of requirements/ci.txt, where the command
line, the README's quick start and one layer of each family run on JAX."""

import re
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PINS = ROOT / "requirements" / "ci.txt"


def run(cmd, **kwargs):
    done = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{cmd}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    """The sdist, and the wheel built from it (what `python -m build` does)."""
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)])
    wheels, sdists = sorted(out.glob("*.whl")), sorted(out.glob("*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1, sorted(out.iterdir())
    return wheels[0], sdists[0]


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory):
    """(python, bin folder, working folder) of a fresh venv holding the wheel."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    python = bin_dir / "python"
    run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-c", str(PINS), str(dist[0]), "jax", "scipy"])
    return python, bin_dir, tmp_path_factory.mktemp("work")


def env_for(bin_dir):
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(KERAS_BACKEND="jax", PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}")
    return env


def test_twine_check_passes(dist):
    out = run([sys.executable, "-m", "twine", "check", "--strict", *map(str, dist)])
    assert out.count("PASSED") == 2, out


def test_wheel_holds_the_package_only(dist):
    names = zipfile.ZipFile(dist[0]).namelist()
    assert any(n == "keras_spectral/__init__.py" for n in names)
    assert any(n.startswith("keras_spectral/layers/") for n in names)
    unwanted = [n for n in names if n.split("/")[0] in ("tests", "benchmarks", "docs", "scripts")
                or n.endswith((".png", ".npz", ".ipynb"))]
    assert not unwanted, unwanted
    entry = [n for n in names if n.endswith("entry_points.txt")]
    assert entry and "keras-spectral = keras_spectral.cli:main" in zipfile.ZipFile(
        dist[0]).read(entry[0]).decode()


def test_sdist_builds_the_wheel_and_holds_no_images(dist):
    names = tarfile.open(dist[1]).getnames()
    assert any(n.endswith("/pyproject.toml") for n in names)
    assert any(n.endswith("/README.md") for n in names)
    assert not [n for n in names if n.endswith(".png") or "/tests/" in n or "/benchmarks/" in n]


def test_installed_not_editable(installed):
    python, bin_dir, work = installed
    where = run([str(python), "-c", "import keras_spectral; print(keras_spectral.__file__)"],
                cwd=work, env=env_for(bin_dir)).strip()
    assert "site-packages" in where and not where.startswith(str(ROOT)), where


def test_command_line_info(installed):
    python, bin_dir, work = installed
    out = run([str(bin_dir / "keras-spectral"), "info"], cwd=work, env=env_for(bin_dir))
    assert "jax" in out.lower(), out


def quick_start():
    """The Python block of the README's "Quick start" section, as written."""
    text = (ROOT / "README.md").read_text()
    section = text.split("## Quick start", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_readme_quick_start(installed):
    python, bin_dir, work = installed
    script = work / "quick_start.py"
    script.write_text(quick_start() + "\nprint('quick start done')\n")
    out = run([str(python), str(script)], cwd=work, env=env_for(bin_dir))
    assert "quick start done" in out


ONE_LAYER_PER_FAMILY = """
import numpy as np, keras
import keras_spectral as ks
from keras_spectral import layers
rng = np.random.default_rng(0)
cases = {
    "operators": (layers.SpectralConv1D(filters=4, modes=8), rng.random((2, 64, 3))),
    "mixers": (layers.GlobalFilter1D(), rng.random((2, 64, 3))),
    "audio": (layers.MelSpectrogram(frame_length=256, frame_step=64, sample_rate=8000,
                                    num_mel_bins=16), rng.standard_normal((2, 2048))),
    "complex": (layers.ComplexDense(4), ks.Complex(rng.random((2, 3)), rng.random((2, 3)))),
    "models": (ks.models.FNO(modes=(8,), width=8), rng.random((2, 64, 1))),
}
for family, (layer, x) in cases.items():
    x = keras.tree.map_structure(lambda a: a.astype("float32"), x)
    y = keras.tree.map_structure(keras.ops.convert_to_numpy, layer(x))
    finite = all(np.isfinite(a).all() for a in keras.tree.flatten(y))
    print(family, type(layer).__name__, [a.shape for a in keras.tree.flatten(y)], finite)
    assert finite
"""


def test_one_layer_per_family(installed):
    python, bin_dir, work = installed
    script = work / "layers.py"
    script.write_text(ONE_LAYER_PER_FAMILY)
    out = run([str(python), str(script)], cwd=work, env=env_for(bin_dir))
    assert len(out.strip().splitlines()) == 5, out
