"""Every evidence cell under a results heading of a committed notebook keeps its output, so the docs show what the
prose points at. A results heading: a Markdown heading that names results, a run, a seed, a data point or the first
epochs. An evidence cell: a code cell that shows something (its last statement is an expression other than a test
call, or it prints, plots or displays). Run from the repository root: python .ci/check_outputs.py"""
import ast, json, re, sys
from pathlib import Path

RESULTS = re.compile(r'result|the run|seed|data point|first epochs|where the test error|how long|the figure so far', re.I)
SHOWS = re.compile(r'\b(print|display|plot\w*|redraw|Markdown)\(|plt\.')

def shows(src:str)->bool:
    try: tree = ast.parse('\n'.join(l for l in src.splitlines() if not l.startswith(('%', '!'))))
    except SyntaxError: return True
    if not tree.body: return False
    last = tree.body[-1]
    if isinstance(last, ast.Expr):
        f = last.value.func if isinstance(last.value, ast.Call) else None
        name = getattr(f, 'id', getattr(f, 'attr', ''))
        if not name.startswith(('test_', 'assert', 'check_', 'claim')): return True  # tests show nothing
    return bool(SHOWS.search(src))

bad = []
for nb_path in sorted(Path('nbs').glob('[!_]*.ipynb')):
    heading = None
    for i, c in enumerate(json.loads(nb_path.read_text())['cells']):
        src = ''.join(c['source'])
        if c['cell_type'] == 'markdown':
            for line in src.splitlines():
                if m := re.match(r'#+\s+(.*)', line): heading = m.group(1)
            continue
        if c['cell_type'] != 'code' or heading is None or not RESULTS.search(heading): continue
        flags = ' '.join(l for l in src.splitlines() if l.startswith('#|'))
        if any(f in flags for f in ('hide', 'eval: false', 'slow', 'cuda', 'export')): continue
        if shows(src) and not c.get('outputs'): bad.append(f"{nb_path}: cell {i} under '{heading}' has no output")
if bad:
    print('\n'.join(bad) + '\nrun these notebooks and commit them with their outputs', file=sys.stderr); sys.exit(1)
print(f"results cells: every evidence cell has its output")
