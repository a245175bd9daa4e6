#!/bin/sh
# The GPU half of the test matrix and of the benchmark table, in one go, on a
# machine with an NVIDIA GPU and its own CUDA builds of jax and torch (the
# pinned CPU builds of requirements/ci.txt cannot use a GPU):
#
#     sh scripts/gpu_wheels.sh      # once, where pip can reach PyPI: the pure-Python
#                                   # packages such a machine may lack, into .whl/
#     sh scripts/gpu_check.sh       # on the GPU machine, from the repository root
#
# Writes reports/ (one junit file and log per backend and device, as the matrix
# does) and benchmarks/results/<backend>-gpu.json, which docs/benchmarks.md then
# shows beside the CPU figures (python -m benchmarks --docs-only). TensorFlow
# runs too where a GPU build of it is installed.
set -u
PY=${PYTHON:-python3}
if [ -d .whl ]; then
    "$PY" -m pip install -q --no-index --no-deps --no-compile --target /tmp/ks-site .whl/*.whl || exit 1
    PYTHONPATH=/tmp/ks-site${PYTHONPATH:+:$PYTHONPATH}
fi
PYTHONPATH=$(pwd)${PYTHONPATH:+:$PYTHONPATH}
export PYTHONPATH
backends=$("$PY" - <<'PY'
import importlib.util
print(",".join(b for b in ("tensorflow", "jax", "torch") if importlib.util.find_spec(b)))
PY
)
nvidia-smi -L || { echo "gpu_check: no GPU (nvidia-smi)"; exit 1; }
status=0
"$PY" scripts/matrix.py --backends "$backends" --devices gpu,cpu --jobs 4 --no-site || status=1
"$PY" -m benchmarks --backend $(echo "$backends" | tr ',' ' ') --device gpu --threads 8 --wait 60 || status=1
exit $status
