#!/usr/bin/env bash
# ResNet-110 step and epoch times on a GPU: constant depth, stochastic depth, compute-then-discard.
# For a session lent a GPU for ~10 minutes; total run time stays under ~8 minutes.
#
#   bash scripts/gpu_bench.sh            # on the GPU machine, from the repository root
#
# Installs nothing: torch, torchvision, fastai and fastcore must already be importable. The package
# is run from the source tree through PYTHONPATH (`pip install -e .` needs the build backend from
# PyPI, which a machine without network cannot reach). JSON goes to bench/ and, when the device
# tool provides it, to $OUT.
set -uo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
PY=${PYTHON:-python}
mkdir -p bench
DEST=("bench")
[ -n "${OUT:-}" ] && mkdir -p "$OUT" && DEST+=("$OUT")

nvidia-smi || { echo "no nvidia-smi: this is not a GPU machine"; exit 1; }
$PY -c "import torch, torchvision, fastai, fastcore; print('torch', torch.__version__, 'cuda', torch.version.cuda, torch.cuda.get_device_name(0))" \
  || { echo "torch/fastai are not importable here; install them first (not done by this script)"; exit 1; }

run() { # name, time limit (s), sd-bench options...
  local name=$1 limit=$2; shift 2
  echo "=== $name: sd-bench $* ==="
  local t0=$SECONDS
  timeout "$limit" $PY -m stochastic_depth.benchmark --device cuda --out "bench/$name.json" "$@" 2>&1 | grep -v -i 'warn'
  echo "=== $name: exit ${PIPESTATUS[0]}, $((SECONDS - t0)) s ==="
  for d in "${DEST[@]:1}"; do [ -f "bench/$name.json" ] && cp "bench/$name.json" "$d/"; done
}

# 1. defaults on CUDA: channels_last + bf16 autocast, eager; 100 steps per variant, full epochs (~1-2 min)
run gpu_resnet110 200
# 2. the same with every block's branch compiled (inductor); gates stay eager. Compiling takes a while,
#    so the epoch part is skipped here and the limit caps the whole pass.
run gpu_resnet110_compile 270 --compile --epoch off
# 3. the fp32 baseline without channels_last, steps only: how much the defaults buy (~30 s)
run gpu_resnet110_fp32 60 --amp none --channels-last off --epoch off
ls -l bench/gpu_*.json
