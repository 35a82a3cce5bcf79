"""Time DDP training steps of a CIFAR ResNet with stochastic depth: zero gradients for dropped blocks
(`DDPTrainer`'s default) against DDP's `find_unused_parameters=True`, in one process group of
`WORLD_SIZE` processes (1 is allowed: DDP still wraps the model and does its bookkeeping).

    torchrun --nproc-per-node 1 scripts/ddp_timing.py --device cuda --out bench/ddp_gpu.json
    python scripts/ddp_timing.py --device cpu --depth 20 --steps 5          # a quick check, gloo, one process

Interleaves the two ways step by step on the same batch, after warm-up; process 0 writes the JSON.
"""
import argparse, json, os, statistics, time, datetime
import torch, torch.nn.functional as F, torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel
from stochastic_depth.core import machine_info, sync, atomic_write, bare
from stochastic_depth.resnet import cifar_resnet
from stochastic_depth.learner import PaperSGD
from stochastic_depth.distributed import zero_grad_term

p = argparse.ArgumentParser()
p.add_argument('--device', default='cuda'); p.add_argument('--depth', type=int, default=110)
p.add_argument('--bs', type=int, default=128); p.add_argument('--steps', type=int, default=50)
p.add_argument('--warmup', type=int, default=10); p.add_argument('--amp', default='bf16'); p.add_argument('--out', default=None)
a = p.parse_args()
os.environ.setdefault('RANK', '0'); os.environ.setdefault('WORLD_SIZE', '1'); os.environ.setdefault('LOCAL_RANK', '0')
os.environ.setdefault('MASTER_ADDR', '127.0.0.1'); os.environ.setdefault('MASTER_PORT', '29533')
cuda = a.device == 'cuda'
if cuda: torch.cuda.set_device(int(os.environ['LOCAL_RANK']))
dist.init_process_group('nccl' if cuda else 'gloo', timeout=datetime.timedelta(seconds=300))
dev = torch.device('cuda', torch.cuda.current_device()) if cuda else torch.device('cpu')
fmt = torch.channels_last
ctx = (lambda: torch.autocast(dev.type, dtype=torch.bfloat16)) if a.amp == 'bf16' else (lambda: torch.autocast(dev.type, enabled=False))

def make(find_unused):
    torch.manual_seed(0)
    m = cifar_resnet(a.depth, p_L=0.5, seed=0).to(dev, memory_format=fmt)
    d = DistributedDataParallel(m, device_ids=[dev.index] if cuda else None, find_unused_parameters=find_unused)
    return d, PaperSGD(d.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-4)

ways = {'zero gradients': make(False), 'find_unused_parameters': make(True)}
g = torch.Generator().manual_seed(0)
x = torch.randn(a.bs, 3, 32, 32, generator=g).to(dev).contiguous(memory_format=fmt); y = torch.randint(0, 10, (a.bs,), generator=g).to(dev)
times = {k: [] for k in ways}
for i in range(a.warmup + a.steps):
    for k, (d, opt) in (ways.items() if i % 2 == 0 else reversed(ways.items())):
        d.train(); sync(dev); t0 = time.perf_counter()
        with ctx(): loss = F.cross_entropy(d(x), y)
        if k == 'zero gradients' and (z := zero_grad_term(bare(d))) is not None: loss = loss + z
        opt.zero_grad(); loss.backward(); opt.step()
        sync(dev)
        if i >= a.warmup: times[k].append(time.perf_counter() - t0)
res = dict(machine=machine_info(dev), world_size=dist.get_world_size(), depth=a.depth, bs=a.bs, amp=a.amp, steps=a.steps, warmup=a.warmup,
           median_step_s={k: statistics.median(v) for k, v in times.items()}, step_s=times)
if dist.get_rank() == 0:
    print({k: f"{v*1000:.1f} ms" for k, v in res['median_step_s'].items()})
    if a.out: atomic_write(a.out, json.dumps(res, indent=1) + '\n')
dist.destroy_process_group()
