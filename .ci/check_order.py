"""The notebooks are numbered in dependency order: the module each notebook exports imports only modules exported by
notebooks with smaller numbers (import-linter's contracts, in pyproject.toml, check the wings; this checks the order of
the files too). No module imports through importlib. Run from the repository root: python .ci/check_order.py"""
import ast, json, re, sys
from pathlib import Path

pkg = 'stochastic_depth'
number = {}   # module -> the number of the notebook that exports it
for nb in sorted(Path('nbs').glob('[0-9]*.ipynb')):
    for c in json.loads(nb.read_text())['cells']:
        if m := re.match(r'#\|\s*default_exp\s+(\S+)', ''.join(c['source'])): number[m.group(1)] = nb.name.split('_')[0]
bad = []
for mod, n in number.items():
    f = Path(pkg, *mod.split('.')).with_suffix('.py')
    tree, base = ast.parse(f.read_text()), mod.split('.')[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:   # relative: resolve against the module's package
            target = '.'.join((base[:len(base) - node.level + 1] if node.level > 1 else base) + ([node.module] if node.module else []))
        elif isinstance(node, ast.ImportFrom) and (node.module or '').startswith(pkg + '.'): target = node.module[len(pkg) + 1:]
        elif isinstance(node, ast.Import): target = next((a.name[len(pkg) + 1:] for a in node.names if a.name.startswith(pkg + '.')), None)
        else: continue
        if target is None: continue
        dep = next((m for m in sorted(number, key=len, reverse=True) if target == m or target.startswith(m + '.')), None)
        if dep is not None and dep != mod and number[dep] >= n: bad.append(f"{mod} (notebook {n}) imports {dep} (notebook {number[dep]})")
    if 'importlib' in f.read_text(): bad.append(f"{f} uses importlib: import modules explicitly, so the layers can be checked")
if bad: print('\n'.join(bad), file=sys.stderr); sys.exit(1)
print(f"notebook order: {len(number)} modules, each importing only modules of notebooks numbered before its own")
