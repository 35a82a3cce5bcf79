#!/usr/bin/env bash
# The checks that need a GPU, in order of priority, each under its own time limit, so that one
# short loan of a GPU machine (about 8 minutes of commands) gets the most important ones done.
#
#   bash scripts/gpu_bench.sh                       # all parts, in this order
#   bash scripts/gpu_bench.sh figure3 arch          # some of them
#   bash scripts/gpu_bench.sh --device cpu compile  # the CPU fallback CI runs: a ResNet-8, two steps, so that it cannot rot
#
# Parts:
#   figure3  sd-figure3 --preset paper (ResNet-110, 45k images, the 500-epoch schedule), both networks at
#            once on the one GPU, for FIGURE3_S seconds (default 300): the first epochs of the paper's curve,
#            histories and seconds per epoch in results/gpu-figure3/. Needs the data: DATA=path of
#            cifar10-jpeg.tar.gz (copy it into the checkout, e.g. data/, and carry that path).
#   arch     sd-bench --arch tv-resnet152 and vit-b-16 at 224x224, batch 32: constant, stochastic depth,
#            compute-then-discard, and the ratio the gates and the unit costs predict.
#   ddp      scripts/ddp_timing.py: DDP steps with zero gradients for dropped blocks against
#            find_unused_parameters=True (one process; with several GPUs, run it under torchrun).
#   resnet   sd-bench on ResNet-110: the defaults (bf16, channels-last), then compiled branches.
#   compile  scripts/compile_bench.py on ResNet-110 (batch 128, bf16, channels-last, data on the GPU): eager,
#            compile_branches with mode='max-autotune-no-cudagraphs', and with mode='reduce-overhead' (CUDA graphs per
#            branch, through cudagraph trees), interleaved; compile time, graphs, CUDA graph recordings and peak memory
#            per mode, in results/bench/gpu_compile_resnet110.json, within COMPILE_S seconds (default 300).
#
# Time limits and step counts can be lowered to fit a loan: FIGURE3_S, ARCH_S and ARCH_STEPS, DDP_S and DDP_STEPS.
#
# Installs nothing: torch, torchvision, fastai and fastcore must be importable (see
# ../shared/gpu/prepare_wheels.sh). The package runs from the source tree through PYTHONPATH.
# JSON goes to bench/ and, where the device tool provides it, to $OUT.
set -uo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
PY=${PYTHON:-python3}
mkdir -p results/bench
DEVICE=cuda; if [ "${1:-}" = "--device" ]; then DEVICE=$2; shift 2; fi
parts=("$@"); [ ${#parts[@]} -eq 0 ] && parts=(figure3 arch ddp resnet compile)
if [ "$DEVICE" = cpu ]; then  # the CPU fallback: the compile part only, tiny, nothing written to bench/
  [ "${parts[*]}" = compile ] || { echo "--device cpu runs the compile part only"; exit 2; }
  echo "=== compile (CPU fallback): ResNet-8, batch 4, 2 steps, eager backend ==="
  $PY scripts/compile_bench.py --device cpu --depth 8 --bs 4 --steps 2 --warmup 1 --backend eager \
    --modes eager max-autotune-no-cudagraphs reduce-overhead 2>&1 | grep -v -i 'warn'
  exit "${PIPESTATUS[0]}"
fi

nvidia-smi --query-gpu=name,memory.total --format=csv || { echo "no nvidia-smi: this is not a GPU machine"; exit 1; }
$PY -c "import torch, torchvision, fastai, fastcore; print('torch', torch.__version__, 'cuda', torch.version.cuda, torch.cuda.get_device_name(0))" \
  || { echo "torch/fastai are not importable here; install them first (not done by this script)"; exit 1; }

copy_out() { [ -n "${OUT:-}" ] && mkdir -p "$OUT" && cp -r "$@" "$OUT/" 2>/dev/null; true; }
bench() { # name, time limit (s), sd-bench options...
  local name=$1 limit=$2; shift 2
  echo "=== $name: sd-bench $* ==="; local t0=$SECONDS
  timeout "$limit" $PY -m stochastic_depth.bench.timing --device cuda --out "results/bench/$name.json" "$@" 2>&1 | grep -v -i 'warn'
  echo "=== $name: exit ${PIPESTATUS[0]}, $((SECONDS - t0)) s ==="
  [ -f "results/bench/$name.json" ] && copy_out "results/bench/$name.json"
}

for part in "${parts[@]}"; do case $part in
  figure3)
    [ -n "${DATA:-}" ] || { echo "figure3: set DATA to cifar10-jpeg.tar.gz"; continue; }
    echo "=== figure3: ${FIGURE3_S:-300} s of sd-figure3 --preset paper ==="
    timeout "${FIGURE3_S:-300}" $PY -m stochastic_depth.experiments.figure3 \
      --preset paper --device cuda --jobs 2 --data "$DATA" --out runs/gpu_figure3 2>&1 | grep -v -i 'warn' | tail -5
    mkdir -p results/gpu-figure3
    for k in constant stochastic; do mkdir -p results/gpu-figure3/$k; cp runs/gpu_figure3/$k/history.csv runs/gpu_figure3/$k/summary.json results/gpu-figure3/$k/ 2>/dev/null; done
    copy_out results/gpu-figure3 ;;
  arch)
    bench gpu_tv-resnet152_224 "${ARCH_S:-150}" --arch tv-resnet152 --size 224 --bs 32 --epoch off --warmup 3 --steps "${ARCH_STEPS:-100}"
    bench gpu_vit-b-16_224 "${ARCH_S:-150}" --arch vit-b-16 --size 224 --bs 32 --epoch off --warmup 3 --steps "${ARCH_STEPS:-100}" ;;
  ddp)
    echo "=== ddp: zero gradients against find_unused_parameters ==="
    timeout "${DDP_S:-90}" $PY scripts/ddp_timing.py --device cuda --steps "${DDP_STEPS:-50}" --out results/bench/gpu_ddp.json 2>&1 | grep -v -i 'warn' | tail -3
    [ -f results/bench/gpu_ddp.json ] && copy_out results/bench/gpu_ddp.json ;;
  resnet)
    bench gpu_resnet110 200
    bench gpu_resnet110_compile 270 --compile --epoch off ;;
  compile)
    echo "=== compile: eager, max-autotune-no-cudagraphs, reduce-overhead (CUDA graphs per branch) ==="; t0=$SECONDS
    timeout "${COMPILE_S:-300}" $PY scripts/compile_bench.py --device cuda --steps "${COMPILE_STEPS:-50}" \
      --modes eager max-autotune-no-cudagraphs reduce-overhead --out results/bench/gpu_compile_resnet110.json 2>&1 | grep -v -i 'warn'
    echo "=== compile: exit ${PIPESTATUS[0]}, $((SECONDS - t0)) s ==="
    [ -f results/bench/gpu_compile_resnet110.json ] && copy_out results/bench/gpu_compile_resnet110.json ;;
  *) echo "unknown part: $part" ;;
esac; done
ls -l results/bench/gpu_* 2>/dev/null
