"""Batches per second at batch size 128: `stochastic_depth.data` against fastai's folder pipeline.

    python scripts/bench_data.py --data /work/data/cifar10 --out bench/data_loader.json

`--data` is a CIFAR-10 folder in fastai's layout (train/<class>/*.jpg, test/<class>/*.jpg).
Both loaders read the same folder and produce normalised, translated (up to 4 px, zero padding)
and flipped batches of 128 on the CPU.
"""
import argparse, json, os, platform, time, warnings
from pathlib import Path
import numpy as np, torch

def cpu_model():
    try:
        for line in Path('/proc/cpuinfo').read_text().splitlines():
            if line.startswith('model name'): return line.split(':', 1)[1].strip()
    except OSError: pass
    return platform.processor() or 'unknown'

def time_batches(it, n_time):
    "Seconds for the next `n_time` batches of `it`"
    t0 = time.perf_counter()
    for _ in range(n_time): xb, yb = next(it)
    return time.perf_counter() - t0, tuple(xb.shape)

def forever(dl):
    while True: yield from dl

def setup_ours(path, bs):
    from stochastic_depth.data.loader import cifar_dls
    from stochastic_depth.data.cifar import load_cifar10
    t0 = time.perf_counter(); data = load_cifar10(path, cache=False); t_decode = time.perf_counter() - t0
    load_cifar10(path)  # make sure the cache exists, then time a cached load
    t0 = time.perf_counter(); load_cifar10(path); t_cached = time.perf_counter() - t0
    dls = cifar_dls(data, bs=bs, device='cpu')
    return dls.train, dict(name='stochastic_depth.data', loader='stochastic_depth CifarLoader (augment on device, here cpu)',
                           setup_s=round(t_decode, 2), setup_note=f'decode 60,000 JPEGs once; a cached load takes {t_cached:.2f}s')

def setup_fastai(path, bs, workers):
    from fastai.vision.all import ImageDataLoaders, CropPad, RandomCrop, Flip, Normalize, cifar_stats, PadMode
    t0 = time.perf_counter()
    dls = ImageDataLoaders.from_folder(Path(path)/'train', valid_pct=0.1, seed=0, bs=bs, num_workers=workers, device='cpu',
                                       item_tfms=[CropPad(40, pad_mode=PadMode.Zeros), RandomCrop(32)],
                                       batch_tfms=[Flip(), Normalize.from_stats(*cifar_stats)])
    return dls.train, dict(name='fastai from_folder',
                           loader=f'fastai ImageDataLoaders.from_folder, item_tfms CropPad+RandomCrop, batch_tfms Flip+Normalize, num_workers={workers}',
                           setup_s=round(time.perf_counter() - t0, 2), setup_note='list and label 50,000 files, build the DataBlock')

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--data', required=True, help="CIFAR-10 folder in fastai's layout")
    ap.add_argument('--out', default='bench/data_loader.json')
    ap.add_argument('--bs', type=int, default=128)
    ap.add_argument('--warmup', type=int, default=10)
    ap.add_argument('--batches', type=int, default=60, help='timed batches per repeat')
    ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--threads', type=int, default=0, help='torch threads in the main process (0: torch default)')
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    LOAD0 = round(os.getloadavg()[0], 2)
    warnings.filterwarnings('ignore')
    setups = [setup_ours(a.data, a.bs), setup_fastai(a.data, a.bs, a.workers)]
    its = [forever(dl) for dl, _ in setups]
    for it in its:
        for _ in range(a.warmup): next(it)
    rates = [[], []]
    for _ in range(a.repeats):  # interleaved, so both see the same background load
        for k, it in enumerate(its):
            secs, shape = time_batches(it, a.batches)
            rates[k].append(a.batches/secs)
    res = []
    for (dl, info), r in zip(setups, rates):
        med = float(np.median(r))
        res.append(dict(**info, batches_per_s=round(med, 1), images_per_s=round(med*a.bs), batches_per_s_each_repeat=[round(x, 1) for x in r],
                        n_timed=a.batches, repeats=a.repeats, batch_shape=list(shape), epoch_s_45k=round(len(dl)/med, 1)))
    import fastai
    machine = dict(cpu=cpu_model(), cpu_count=os.cpu_count(), torch_threads=torch.get_num_threads(),
                   torch=torch.__version__, fastai=fastai.__version__, python=platform.python_version(),
                   device='cpu', loadavg_1min_at_start=LOAD0, loadavg_1min_at_end=round(os.getloadavg()[0], 2), nice=os.nice(0),
                   date=time.strftime('%Y-%m-%d %H:%M'))
    out = dict(machine=machine, bs=a.bs, data=str(a.data), warmup=a.warmup,
               speedup=round(res[0]['batches_per_s']/res[1]['batches_per_s'], 1), results=res)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps(out, indent=1) + '\n')
    print(json.dumps(out, indent=1))

if __name__ == '__main__': main()
