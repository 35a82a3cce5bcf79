"""Time ResNet-110 training steps with compiled branches (`compile.compile_branches`) against eager, for constant
and stochastic depth, interleaved step by step in one process, after a warm-up per variant (constant depth's, which runs every branch,
compiles the graphs that stochastic depth then shares).

    python scripts/compile_bench.py --device cuda --modes eager max-autotune-no-cudagraphs reduce-overhead --out bench/gpu_compile.json
    python scripts/compile_bench.py --device cpu --steps 10 --out bench/cpu_compile.json   # eager against inductor's default
    python scripts/compile_bench.py --device cpu --depth 8 --bs 4 --steps 2 --warmup 1 --backend eager   # the CI check

A mode is 'eager' or a `torch.compile` mode ('default', 'max-autotune-no-cudagraphs', 'reduce-overhead': CUDA graphs
per branch through cudagraph trees). Reports per mode the compile time (the warm-up steps less as many timed
steps), the graphs dynamo compiled, the CUDA graph recordings (calls of cudagraph trees' `record_function`) and,
on a GPU, the peak memory.
"""
import argparse, json, statistics, time
import torch
from torch._dynamo.utils import counters
from stochastic_depth.core import machine_info, atomic_write, sync, time_stats
from stochastic_depth.gate import stochastic_blocks
from stochastic_depth.models.compile import compile_branches
from stochastic_depth.bench.models import bench_models, prepare_model
from stochastic_depth.bench.models import TrainStep
from stochastic_depth.bench.timing import random_batch, time_steps

p = argparse.ArgumentParser()
p.add_argument('--device', default='cuda'); p.add_argument('--depth', type=int, default=110); p.add_argument('--p-l', type=float, default=0.5)
p.add_argument('--bs', type=int, default=128); p.add_argument('--steps', type=int, default=50); p.add_argument('--warmup', type=int, default=3)
p.add_argument('--amp', default='bf16'); p.add_argument('--backend', default='inductor')
p.add_argument('--modes', nargs='+', default=['eager', 'default']); p.add_argument('--out', default=None)
a = p.parse_args()
dev, cuda = torch.device(a.device), a.device.startswith('cuda')
if cuda: torch.backends.cudnn.benchmark = True

recordings = {'n': 0}
try:  # count CUDA graph recordings: cudagraph trees records once per new (graph, position in the tree)
    from torch._inductor import cudagraph_trees as cgt
    _rec = cgt.CUDAGraphTreeManager.record_function
    def _counted(self, *args, **kw): recordings['n'] += 1; return _rec(self, *args, **kw)
    cgt.CUDAGraphTreeManager.record_function = _counted
except (ImportError, AttributeError): pass

x, y = random_batch(a.bs, 32, dev, channels_last=True, seed=0)
trainers, info = {}, {}
for mode in a.modes:
    models = bench_models(a.depth, a.p_l, seed=0)
    for kind in ('constant', 'stochastic'):
        m = prepare_model(models[kind], dev, channels_last=True)
        if mode != 'eager': compile_branches(m, backend=a.backend, **({} if mode == 'default' else dict(mode=mode)))
        t, k = TrainStep(m, a.amp), f'{mode}/{kind}'
        g0, r0 = counters['stats']['unique_graphs'], recordings['n']
        if cuda: torch.cuda.reset_peak_memory_stats(dev)
        times = []  # constant depth runs every branch: its warm-up compiles the graphs that stochastic depth shares
        for _ in range(a.warmup):
            sync(dev); t0 = time.perf_counter(); t(x, y); sync(dev); times.append(time.perf_counter() - t0)
        info[k] = dict(warmup_steps=len(times), warmup_s=sum(times), graphs=counters['stats']['unique_graphs'] - g0,
                       cudagraph_recordings=recordings['n'] - r0,
                       peak_memory_gib=torch.cuda.max_memory_allocated(dev)/2**30 if cuda else None)
        trainers[k] = t
        print(f"{k}: warm-up {len(times)} steps in {sum(times):.1f} s, {info[k]['graphs']} new graphs", flush=True)

r0 = recordings['n']
raw = time_steps(trainers, x, y, a.steps, warmup=0)
summ = {k: time_stats(v['times_s']) for k, v in raw.items()}
for k, s in summ.items():
    s['active_frac'] = statistics.mean(sum(g)/len(g) for g in raw[k]['gates'])
    s['compile_s'] = max(0., info[k]['warmup_s'] - info[k]['warmup_steps']*s['median_s']) if not k.startswith('eager/') else 0.
    s.update(info[k])
med = {k: s['median_s'] for k, s in summ.items()}
ratios = {}
for mode in a.modes:
    c, s = med[f'{mode}/constant'], med[f'{mode}/stochastic']
    ratios[f'{mode}: stochastic/constant'] = s/c
    if mode != 'eager' and 'eager' in a.modes:
        ratios[f'{mode}/eager, constant'] = c/med['eager/constant']; ratios[f'{mode}/eager, stochastic'] = s/med['eager/stochastic']
res = dict(machine=machine_info(dev), options=dict(vars(a), channels_last=True, optimizer='SGD lr 0.1, momentum 0.9 nesterov, wd 1e-4'),
           summary=summ, ratios=ratios, recordings_during_timed_steps=recordings['n'] - r0,
           steps={k: v['times_s'] for k, v in raw.items()},
           notes=["variants interleaved step by step (order reversed every other step) after their own warm-up; "
                  "compile_s = warm-up time less as many median steps; graphs = dynamo's unique_graphs added by the warm-up"])
for k, s in summ.items(): print(f"{k:45s} median {s['median_s']*1000:8.1f} ms  IQR {s['iqr_s']*1000:6.1f}  compile {s['compile_s']:6.1f} s")
for k, v in ratios.items(): print(f"{k:45s} {v:.3f}")
if a.out: atomic_write(a.out, json.dumps(res, indent=1) + '\n'); print(f"wrote {a.out}")
