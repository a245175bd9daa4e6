#!/bin/sh
# Downloads into .whl/ the pure-Python packages a GPU machine with only jax,
# torch, scipy and pytest may lack, for scripts/gpu_check.sh (Python 3.12).
set -e
grep -qx '/.whl/' .git/info/exclude 2>/dev/null || echo /.whl/ >> .git/info/exclude
for spec in $(grep -E '^(keras|librosa|soxr|audioread|pooch|soundfile|lazy-loader|decorator|namex|optree)==' requirements/ci.txt) namex optree; do
    python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 \
        --implementation cp --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 \
        --platform manylinux2014_x86_64 -d .whl "$spec"
done
