"""Test configuration: one Keras backend per process (KERAS_BACKEND), never a
silent skip of the backend that was asked for."""

import importlib
import importlib.util
import os

import pytest

# torch must be imported before tensorflow where both are installed: in the
# other order they can crash (conflicting bundled libraries).
if importlib.util.find_spec("torch") is not None:
    import torch  # noqa: F401

_THREADS = int(os.environ.get("KERAS_SPECTRAL_THREADS", "0"))
_REQUESTED = os.environ.get("KERAS_BACKEND", "tensorflow")
if _REQUESTED == "jax":
    os.environ.setdefault("JAX_ENABLE_X64", "1")

import hypothesis  # noqa: E402
import keras  # noqa: E402

from keras_spectral import backend as ks_backend  # noqa: E402
from keras_spectral.testing import backend_name  # noqa: E402

hypothesis.settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[
        hypothesis.HealthCheck.too_slow,
        hypothesis.HealthCheck.data_too_large,
        hypothesis.HealthCheck.function_scoped_fixture,
    ],
)
hypothesis.settings.load_profile("ci")


def pytest_configure(config):
    if keras.backend.backend() != _REQUESTED:
        raise pytest.UsageError(
            f"KERAS_BACKEND={_REQUESTED!r} was requested but Keras runs "
            f"{keras.backend.backend()!r}."
        )
    try:
        ks_backend.get()
        if _REQUESTED != "numpy":
            importlib.import_module(_REQUESTED)
    except ImportError as e:  # a requested backend is a failure, not a skip
        raise pytest.UsageError(f"backend {_REQUESTED!r} cannot be imported: {e}")
    # the matrix's device axis: a run asked for a device must see it, never
    # fall back to the CPU silently
    wanted = os.environ.get("KERAS_SPECTRAL_DEVICE")
    if wanted and not any(d.startswith(f"{wanted}:") for d in ks_backend.list_devices()):
        raise pytest.UsageError(
            f"KERAS_SPECTRAL_DEVICE={wanted!r} was requested but {_REQUESTED} sees "
            f"only {ks_backend.list_devices()}.")
    if _THREADS:
        _limit_threads(_THREADS)


def _limit_threads(n):
    if _REQUESTED == "torch":
        import torch

        torch.set_num_threads(n)
        torch.set_num_interop_threads(n)
    elif _REQUESTED == "tensorflow":
        import tensorflow as tf

        tf.config.threading.set_intra_op_parallelism_threads(n)
        tf.config.threading.set_inter_op_parallelism_threads(n)


def pytest_report_header(config):
    return (f"keras {keras.__version__}, backend {backend_name()} "
            f"{ks_backend.version()}, devices {ks_backend.list_devices()}")


def pytest_collection_modifyitems(config, items):
    # tests/datasets is numpy code that no Keras backend touches: it runs once,
    # in the numpy backend's process, and is marked skipped in the others.
    once = pytest.mark.skip(reason="backend-independent numpy code: runs on the numpy backend")
    if backend_name() != "numpy":
        for item in items:
            if "tests/datasets/" in item.nodeid.replace("\\", "/"):
                item.add_marker(once)
        if backend_name() != "openvino":
            return
    skip = pytest.mark.skip(reason=f"{backend_name()} backend: forward only (Keras's "
                                   f"{backend_name()} backend cannot differentiate or train)")
    for item in items:
        if "trains" in item.keywords:
            item.add_marker(skip)


def pytest_generate_tests(metafunc):
    if "device" in metafunc.fixturenames:
        metafunc.parametrize("device", ks_backend.list_devices(), indirect=True)


@pytest.fixture
def device(request):
    """Runs the test under `keras.device(...)` for each device the backend sees."""
    with keras.device(request.param):
        yield request.param


@pytest.fixture(params=["kernel", "explicit"])
def planes(request, monkeypatch):
    """Who resolves a non-Hermitian DC / Nyquist plane: the backend's eager CPU
    kernel where it can ("kernel", `backend.kernel_drops_planes`), or the
    library's explicit Hermitian planes, as in a traced graph or on an
    accelerator ("explicit"): both must give numpy's signal."""
    if request.param == "explicit":
        monkeypatch.setattr(ks_backend, "kernel_drops_planes", lambda t: False)
    return request.param


@pytest.fixture(autouse=True)
def _reset_keras_state():
    # free_memory=False: the state is reset all the same; the gc.collect()
    # it skips took ~0.23 s a test over the heap of three frameworks
    keras.utils.clear_session(free_memory=False)
    yield
    keras.config.set_dtype_policy("float32")
