"""Peak memory and time of one ResNet-1202 training step on this machine, with and without activation checkpointing.

    python scripts/bench_1202.py --bs 32 --out bench/cpu_resnet1202_checkpoint.json

Each variant runs in a fresh process (peak RSS from `resource.getrusage` is per process): build the
network, read the resident memory, run `--steps` SGD steps (fp32, the paper's optimiser), then read
the peak. Both variants use one seed, so they draw the same gates.
"""
import argparse, json, os, platform, resource, subprocess, sys, time
from pathlib import Path

def rss_mb():
    "Current resident memory of this process, MB"
    return int(Path('/proc/self/statm').read_text().split()[1])*os.sysconf('SC_PAGE_SIZE')/2**20

def one(depth, bs, ck, steps, p_L, seed, device):
    import torch, torch.nn.functional as F
    from stochastic_depth.models.resnet import cifar_resnet
    from stochastic_depth.train.schedule import PaperSGD
    from stochastic_depth.core import sync
    torch.manual_seed(seed)
    dev = torch.device(device)
    m = cifar_resnet(depth, p_L, seed=seed, checkpoint_activations=ck).to(dev).train()
    opt = PaperSGD(m.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-4)
    x, y = torch.randn(bs, 3, 32, 32, device=dev), torch.randint(0, 10, (bs,), device=dev)
    if dev.type == 'cuda': torch.cuda.reset_peak_memory_stats(dev); base = torch.cuda.memory_allocated(dev)/2**20
    base_rss, times, active = rss_mb(), [], []
    for _ in range(steps):
        sync(dev); t0 = time.perf_counter()
        opt.zero_grad(); F.cross_entropy(m(x), y).backward(); opt.step()
        sync(dev); times.append(time.perf_counter() - t0); active.append(m.n_active)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024
    later = sorted(times[1:]) or times
    r = dict(checkpoint_activations=ck, active_blocks=active[0], peak_rss_mb=round(peak), base_rss_mb=round(base_rss),
             step_extra_mb=round(peak - base_rss), step_s=round(later[len(later)//2], 3), step_times_s=[round(t, 3) for t in times],
             active_per_step=active)
    if dev.type == 'cuda':
        r.update(cuda_peak_mb=round(torch.cuda.max_memory_allocated(dev)/2**20), cuda_base_mb=round(base),
                 cuda_step_extra_mb=round(torch.cuda.max_memory_allocated(dev)/2**20 - base))
    return r

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--depth', type=int, default=1202); ap.add_argument('--bs', type=int, default=32)
    ap.add_argument('--steps', type=int, default=3); ap.add_argument('--p-l', type=float, default=0.5)
    ap.add_argument('--seed', type=int, default=0); ap.add_argument('--device', default='cpu')
    ap.add_argument('--out', default=None); ap.add_argument('--one', choices=['0', '1'], default=None)
    ap.add_argument('--threads', type=int, default=1, help='torch threads of each process (1: no spinning on a shared CPU)')
    ap.add_argument('--parallel', action='store_true', help='run both processes at once (their times then share the CPU)')
    a = ap.parse_args()
    if a.one is not None:
        import torch; torch.set_num_threads(a.threads)
        print(json.dumps(one(a.depth, a.bs, a.one == '1', a.steps, a.p_l, a.seed, a.device))); return
    cmds = [[sys.executable, __file__, '--one', ck, '--depth', str(a.depth), '--bs', str(a.bs), '--steps', str(a.steps),
             '--p-l', str(a.p_l), '--seed', str(a.seed), '--device', a.device, '--threads', str(a.threads)] for ck in ('0', '1')]
    env = dict(os.environ, OMP_NUM_THREADS=str(a.threads))
    if a.parallel: procs = [subprocess.Popen(c, stdout=subprocess.PIPE, text=True, env=env) for c in cmds]
    runs = []
    for i, c in enumerate(cmds):
        p = procs[i] if a.parallel else subprocess.Popen(c, stdout=subprocess.PIPE, text=True, env=env)
        out, _ = p.communicate()
        if p.returncode: raise SystemExit(f"{' '.join(c)} failed ({p.returncode})")
        runs.append(json.loads(out.strip().splitlines()[-1])); print(runs[-1], flush=True)
    report(a, runs)

def report(a, runs):
    "Write the table of both runs to `a.out`"
    import torch
    res = dict(depth=a.depth, bs=a.bs, p_L=a.p_l, seed=a.seed, steps=a.steps, dtype='fp32', device=a.device,
               parallel=a.parallel, machine=dict(cpu_count=os.cpu_count(), torch_threads=a.threads, torch=torch.__version__,
                            python=platform.python_version(),
                            gpu=torch.cuda.get_device_name(0) if a.device == 'cuda' else None),
               note='one SGD step (forward, backward, update) per timing; step_s is the median after the first step; '
                    'peak_rss_mb is the process peak (getrusage), step_extra_mb that peak less the resident memory after '
                    'building the network. The 2-core CPU was shared with other work (load average about 20), so the times are '
                    'rough; the memory is not affected.',
               runs=runs)
    if a.out: Path(a.out).write_text(json.dumps(res, indent=1) + '\n'); print('wrote', a.out)

if __name__ == '__main__': main()
