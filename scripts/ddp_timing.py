"""Time DDP training steps of a CIFAR ResNet with stochastic depth: zero gradients for dropped blocks
(`DDPTrainer`'s default) against DDP's `find_unused_parameters=True`, in one process group of
`WORLD_SIZE` processes (1 is allowed: DDP still wraps the model and does its bookkeeping).

    torchrun --nproc-per-node 1 scripts/ddp_timing.py --device cuda --out bench/ddp_gpu.json
    python scripts/ddp_timing.py --device cpu --depth 20 --steps 5          # a quick check, gloo, one process

Interleaves the two ways step by step on the same batch, after warm-up; process 0 writes the JSON.
"""
import argparse, json, os, statistics, datetime
import torch, torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel
from stochastic_depth.core import machine_info, atomic_write
from stochastic_depth.models.resnet import cifar_resnet
from stochastic_depth.bench.models import TrainStep
from stochastic_depth.train.distributed import zero_grad_term
from stochastic_depth.bench.timing import random_batch, time_steps

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

def make(find_unused):
    "A `TrainStep` of a DDP-wrapped ResNet: zero gradients for the dropped blocks, or DDP's search for unused parameters"
    torch.manual_seed(0)
    m = cifar_resnet(a.depth, p_L=0.5, seed=0).to(dev, memory_format=torch.channels_last)
    d = DistributedDataParallel(m, device_ids=[dev.index] if cuda else None, find_unused_parameters=find_unused)
    return TrainStep(d, a.amp, loss_term=None if find_unused else zero_grad_term)

ways = {'zero gradients': make(False), 'find_unused_parameters': make(True)}
x, y = random_batch(a.bs, 32, dev, channels_last=True, seed=0)
times = {k: r['times_s'] for k, r in time_steps(ways, x, y, a.steps, a.warmup).items()}
res = dict(machine=machine_info(dev), world_size=dist.get_world_size(), depth=a.depth, bs=a.bs, amp=a.amp, steps=a.steps, warmup=a.warmup,
           median_step_s={k: statistics.median(v) for k, v in times.items()}, step_s=times)
if dist.get_rank() == 0:
    print({k: f"{v*1000:.1f} ms" for k, v in res['median_step_s'].items()})
    if a.out: atomic_write(a.out, json.dumps(res, indent=1) + '\n')
dist.destroy_process_group()
