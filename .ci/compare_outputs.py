"""Run every notebook as a Jupyter user does (nbclient, a real kernel, 2 at a time) and compare its outputs with the
committed ones: every committed output must come back, and no other, equal in everything but timings (durations, rates, clock
times, memory addresses) and the front end's rendering:
- images are compared by kind and shape (aspect ratio within 3%), not pixels or resolution;
- a rich output (HTML, Markdown) is compared instead of its plain-text fallback;
- fastprogress bars, which are all timing, are left out;
- a cell whose output is a measurement of speed says so with a `# output: timings` line; only its kinds are compared.
Cells flagged `#| slow`, `#| cuda` or `#| eval: false` are not run (and keep their committed outputs).
`--update` writes the fresh outputs into the notebooks instead (then run nbdev-clean and commit them): the committed
outputs and this check come from the same kind of run. Run from the repository root:
python .ci/compare_outputs.py [--update] [--show] [NOTEBOOK ...]"""
import base64, json, os, re, struct, sys, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ANSI = re.compile(r'\x1b\[[0-9;]*[A-Za-z]')
TIMINGS = [  # what may differ between two runs: each replaced by a placeholder
    (re.compile(r'0x[0-9a-f]{6,}'), '0x…'),
    (re.compile(r'/tmp/(stochastic_depth-tests-\d+/)*tmp[\w-]+'), '/tmp/…'),  # a temporary folder's name (test_utils.use_scratch)
    (re.compile(r'\b(pid|process) \d+'), r'\1 N'),  # a process id
    (re.compile(r'\b\d{1,2}:\d{2}(:\d{2})?\b'), 'TIME'),  # fastai's time column, clock times
    (re.compile(r'\d[\d,]*(\.\d+)?(e[-+]?\d+)?\s*(ms|µs|us|ns|s|sec|secs|seconds?|min|minutes?|h|hours?)\b(/\w+)?'), 'DUR'),
    (re.compile(r'\d[\d,]*(\.\d+)?\s*(it|img|images|steps?|batches)/s\b'), 'RATE'),
]

TIMED_LINE = re.compile(r'\btime\b|per epoch|s/epoch|speed', re.I)  # a line (a table row) that reports a time: its numbers may differ

def norm(text:str)->str:
    text = ANSI.sub('', text)
    for pat, rep in TIMINGS: text = pat.sub(rep, text)
    lines = [re.sub(r'\d+(\.\d+)?', 'N', l) if TIMED_LINE.search(l) else l for l in text.splitlines()]
    return '\n'.join(l.rstrip() for l in lines).strip()

def png_shape(b64:str):
    "Width / height of a PNG, to two digits: the same figure at another resolution has the same shape"
    b = base64.b64decode(b64)
    if b[:8] != b'\x89PNG\r\n\x1a\n': return None
    w, h = struct.unpack('>II', b[16:24]); return round(w/h, 2)

def progress(out:dict)->bool:
    "A fastprogress bar or table: HTML in Jupyter, console text under nbdev-test"
    if out['output_type'] == 'stream': return '█' in ''.join(out['text'])
    d = out.get('data', {}); j = lambda k: ''.join(d.get(k, ''))
    return 'fastprogress' in j('text/html') or '<progress' in j('text/html') or j('text/plain') == '<IPython.core.display.HTML object>'

def digest(out:dict, timings:bool=False)->list:
    "What of one output must be the same in two runs (`timings`: its kinds only)"
    t = out['output_type']
    if timings: return [(t, out.get('name'), *sorted(out.get('data', {})))]
    if t == 'stream': return [('stream', out['name'], norm(''.join(out['text'])))]
    if t == 'error': return [('error', out['ename'], norm(out['evalue']))]
    d, res = out.get('data', {}), []
    rich = any(m in d for m in ('text/html', 'text/markdown', 'text/latex'))
    for mime in sorted(d):
        if mime == 'text/plain' and rich: continue
        v = d[mime]; v = ''.join(v) if isinstance(v, list) else v
        if mime == 'image/png': res.append((mime, png_shape(v)))
        elif mime.startswith('image/'): res.append((mime,))
        elif mime in ('text/plain', 'text/markdown', 'text/html', 'text/latex'):
            res.append((mime, norm(v)))
        else: res.append((mime,))
    return res

def outputs(cell:dict)->list:
    res, timings = [], '# output: timings' in ''.join(cell['source'])
    for o in cell.get('outputs', []):
        if progress(o): continue
        for d in digest(o, timings):
            if d[0] == 'stream' and res and res[-1][0] == 'stream' and res[-1][1] == d[1]:  # streams split anywhere
                res[-1] = ('stream', d[1], (res[-1][2] + '\n' + d[2]).strip())
            else: res.append(d)
    return res

SKIP = ('slow', 'cuda', 'eval: false', 'eval:false')

def skipped(cell:dict)->bool:
    flags = ' '.join(l for l in ''.join(cell['source']).splitlines() if l.startswith('#|'))
    return cell['cell_type'] == 'code' and any(f in flags for f in SKIP)

def execute(path:str)->tuple:
    "Run a copy of the notebook in a fresh kernel (flagged cells emptied); (path, its cells with outputs, seconds, error)"
    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.read(path, as_version=4)
    for c in nb.cells:
        if skipped(c): c.source = ''
    t, err = time.time(), None
    try: NotebookClient(nb, timeout=3600, kernel_name='python3', resources={'metadata': {'path': 'nbs'}}).execute()
    except Exception as e: err = f"{type(e).__name__}: {str(e).strip().splitlines()[-1] if str(e).strip() else ''}"
    return path, [dict(c) for c in nb.cells], time.time() - t, err

def compare(path:Path, fresh:list, show:bool)->list:
    old = json.loads(path.read_text())['cells']
    bad = []
    for i, (a, b) in enumerate(zip(old, fresh)):
        if a['cell_type'] != 'code' or skipped(a): continue
        oa, ob = outputs(a), outputs(b)   # a fresh output where none is committed counts too: the docs page would miss it
        if oa != ob and not same_shapes(oa, ob):
            msg = f"{path}: cell {i} ({''.join(a['source']).splitlines()[0][:60]!r}) gives other outputs than committed"
            if show:
                import difflib
                msg += '\n' + '\n'.join(difflib.unified_diff([repr(x) for x in oa], [repr(x) for x in ob], 'committed', 'fresh', lineterm='', n=0))
            bad.append(msg)
    return bad

def same_shapes(oa:list, ob:list)->bool:
    "Equal but for images whose aspect ratios differ by less than 3% (the tight bounding box moves with the renderer)"
    if len(oa) != len(ob): return False
    close = lambda x, y: x == y or (x[0] == y[0] == 'image/png' and None not in (x[1], y[1]) and abs(x[1]/y[1] - 1) < 0.03)
    return all(close(x, y) for x, y in zip(oa, ob))

def warnings(path:Path, fresh:list)->list:
    "Warning text a fresh run shows: none may reach the docs"
    return [f"{path}: cell {i} shows a warning: {t.strip().splitlines()[-1][:160]}" for i, c in enumerate(fresh) for o in c.get('outputs', [])
            if o.get('output_type') == 'stream' and 'Warning' in (t := ''.join(o.get('text', '')))]

def update(path:Path, fresh:list):
    nb = json.loads(path.read_text())
    for c, f in zip(nb['cells'], fresh):
        if c['cell_type'] == 'code' and not skipped(c): c['outputs'] = [dict(o) for o in f.get('outputs', [])]
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')

if __name__ == '__main__':
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    show, upd = '--show' in sys.argv, '--update' in sys.argv
    paths = [Path(a) for a in args] or sorted(Path('nbs').glob('[!_]*.ipynb'))
    os.environ.pop('MPLBACKEND', None)  # the kernel's own inline backend, as in Jupyter
    os.environ.setdefault('OMP_NUM_THREADS', '1')
    # the notebooks' closing `nbdev_export()` cells must not rewrite the package while the other kernel imports it (a half-written
    # module then lacks names): nbdev-test sets the same flag, which nbdev_export obeys
    os.environ['IN_TEST'] = '1'
    package = lambda: {f: f.stat().st_mtime_ns for f in Path('stochastic_depth').rglob('*.py')}
    bad, t0, before = [], time.time(), package()
    with ProcessPoolExecutor(2) as pool:
        for path, fresh, secs, err in pool.map(execute, map(str, paths)):
            path = Path(path)
            if err: bad.append(f"{path}: failed in a kernel after {secs:.0f} s: {err}"); continue
            bad += warnings(path, fresh)
            if upd: update(path, fresh); print(f"{path}: outputs updated ({secs:.0f} s)")
            else: bad += compare(path, fresh, show)
    if package() != before: bad.append("the package's files changed while the notebooks ran: a kernel exported or wrote them")
    if bad:
        print('\n'.join(bad) + "\nrun python .ci/compare_outputs.py --update NOTEBOOK, then nbdev-clean, and commit the outputs; "
              "or mark a cell whose output is a speed measurement with a '# output: timings' line", file=sys.stderr); sys.exit(1)
    if not upd: print(f"committed outputs: {len(paths)} notebooks run in a kernel give the same, timings aside ({time.time() - t0:.0f} s)")
