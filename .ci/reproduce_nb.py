"""Run experiments.reproduce's notebook as a Jupyter user would: in a real kernel (nbclient), from the folder it was copied
to. `.ci/run` copies it outside the repository and runs this with a fresh environment that has the package and its
notebooks extra installed (not editable), so the notebook can rely on neither the repository nor nbdev. `#| eval: false`
means nothing here. Run All with the defaults finishes in under a minute and starts nothing; with TRAIN = True and a tiny
preset it trains both models and redraws the figure at least twice; after `stop()` stops the training mid-run (as a user
would, from anywhere), running all cells again resumes the runs and completes them.
Usage: python reproduce_nb.py NOTEBOOK"""
import csv, json, os, sys, tempfile, threading, time, warnings
from pathlib import Path
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError
warnings.filterwarnings('ignore', message='Cell is missing an id field')  # nbdev-clean leaves cells without ids: nbformat adds them

nb_path = Path(sys.argv[1]).resolve()
NB, here = json.loads(nb_path.read_text()), nb_path.parent  # the kernel runs in the notebook's folder, as Jupyter runs it
home = Path(tempfile.mkdtemp()); os.environ['HOME'] = str(home)  # the default OUT lives in ~: check nothing lands there
def fail(msg): print(f"experiments.reproduce in a kernel: {msg}", file=sys.stderr); sys.exit(1)

def run(params=None, long_timeout=1800):
    "Execute a copy of the notebook (its settings cell replaced by `params`); returns (seconds, all text output)"
    nb = nbformat.reads(json.dumps(NB), as_version=4)
    if params is not None:
        i = next(i for i, c in enumerate(nb.cells) if '\nTRAIN = ' in c.source)
        nb.cells[i].source = params
    c = NotebookClient(nb, timeout=long_timeout, kernel_name='python3', resources={'metadata': {'path': str(here)}})
    t = time.time(); err = None
    try: c.execute()
    except CellTimeoutError as e: err = e
    out = []
    for cell in nb.cells:
        for o in cell.get('outputs', []):
            if o.get('output_type') == 'error': fail(f"cell raised {o['ename']}: {o['evalue']}")
            out.append(o.get('text', '') + ''.join(str(v) for k, v in o.get('data', {}).items() if k.startswith('text/')))
    text = '\n'.join(out)
    if 'Warning' in text: fail(f"warning text in the outputs:\n{text[-2000:]}")
    return time.time() - t, text, err

# 1. Run All with the defaults
import stochastic_depth
secs, text, _ = run()
if secs > 60: fail(f"Run All with the defaults took {secs:.0f} s (limit 60)")
if 'Nothing started (TRAIN = False)' not in text or 'TRAIN = True' not in text: fail("the defaults do not say what to set")
if (home/'stochastic_depth_runs').exists(): fail("Run All with the defaults wrote a run folder")
print(f"defaults: {secs:.0f} s, nothing started (package: {Path(stochastic_depth.__file__).parent}, notebook in {here})")

tiny = "dict(epochs={e}, depth=8, n_train=256, n_valid=64, n_test=100, bs=64, threads=1, jobs=1)"
def params(out, e): return (f"from pathlib import Path\nTRAIN = True\nPRESET = 'quick'\nOPTIONS = {tiny.format(e=e)}\n"
                            f"OUT = Path({str(out)!r})\nWATCH = dict(every=1, poll=1)")
def epochs_of(out):
    return {k: json.loads((out/k/'summary.json').read_text())['epochs_done'] if (out/k/'summary.json').exists() else 0
            for k in ('constant', 'stochastic')}

# 2. TRAIN = True, a tiny preset: trains, redraws at least twice
out = home/'r'
secs, text, _ = run(params(out, 3))
drawn = [int(l.split('redrawn ')[1].split()[0]) for l in text.splitlines() if 'redrawn ' in l]
if not drawn or drawn[0] < 2: fail(f"the figure was redrawn {drawn} times (at least 2 expected)")
if epochs_of(out) != {'constant': 3, 'stochastic': 3}: fail(f"epochs done: {epochs_of(out)}")
if not (out/'figure3.png').exists(): fail("no figure3.png")
if (here/'runs').exists(): fail("a run was written beside the notebook")
print(f"training: {secs:.0f} s, figure redrawn {drawn[0]} times")

# 3. stop() mid-run, as a user would from another kernel; running all cells again resumes
from stochastic_depth.experiments.reproduce import stop
out = home/'s'
nb_params = params(out, 6)
def stop_when_started():
    while True:  # until constant depth has an epoch (the kernel's own run ends with the training, so this cannot wait forever)
        e = epochs_of(out)
        if e['constant'] >= 1 and (out/'reproduce.pid').exists(): return e if stop(out) else None
        if e == {'constant': 6, 'stochastic': 6}: return None
        time.sleep(0.5)
stopped = {}
th = threading.Thread(target=lambda: stopped.update(stop_when_started() or {}), daemon=True); th.start()
run(nb_params)  # the watch notices the stopped process and returns
th.join()
if not stopped or epochs_of(out) == {'constant': 6, 'stochastic': 6}: fail(f"the run was not interrupted ({stopped})")
if 'interrupted: each run keeps its last complete epoch' not in (out/'sd-figure3.log').read_text():
    fail(f"stop() did not stop it as Ctrl-C does: {(out/'sd-figure3.log').read_text()[-500:]}")
secs, text, _ = run(nb_params)
if epochs_of(out) != {'constant': 6, 'stochastic': 6}: fail(f"after rerunning the cells: {epochs_of(out)}")
for k in ('constant', 'stochastic'):
    ep = [int(r['epoch']) for r in csv.DictReader(open(out/k/'history.csv'))]
    if ep != list(range(1, 7)): fail(f"{k}'s history after the resume has epochs {ep}")
print(f"resume: stopped at {stopped}, rerunning the cells completed both runs ({secs:.0f} s)")
