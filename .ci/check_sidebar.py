"""nbs/sidebar.yml, written by hand in sections that match the package's wings, lists every page once and nothing
else: each notebook of nbs/ but the drafts (nbs/_quarto.yml) and the scratch ones, each in the section of its wing
(the number's first digit), in the order of the files. Run from the repository root: python .ci/check_sidebar.py"""
import re, sys, yaml
from pathlib import Path

wings = {'0': 'base', '1': 'models', '2': 'convert', '3': 'data', '4': 'train', '5': 'lesion', '6': 'commands',
         '7': 'experiments', '8': 'bench', '9': 'reports'}
drafts = set(yaml.safe_load(Path('nbs/_quarto.yml').read_text())['website'].get('drafts', []))
pages = sorted(p.name for p in Path('nbs').glob('*.ipynb') if not p.name.startswith('_') and p.name not in drafts)
contents = yaml.safe_load(Path('nbs/sidebar.yml').read_text())['website']['sidebar']['contents']
listed, bad = [], []
for entry in contents:
    if isinstance(entry, str): listed.append(entry); continue
    for page in entry['contents']:
        listed.append(page)
        want = wings.get(page[:1])
        if want != entry['section']: bad.append(f"{page} is in section {entry['section']!r}: expected {want!r}")
if missing := sorted(set(pages) - set(listed)): bad.append(f"not in the sidebar: {', '.join(missing)}")
if extra := sorted(set(listed) - set(pages)): bad.append(f"in the sidebar but not a page: {', '.join(extra)}")
if dup := sorted({p for p in listed if listed.count(p) > 1}): bad.append(f"listed twice: {', '.join(dup)}")
if [p for p in listed if p != 'index.ipynb'] != sorted(p for p in listed if p != 'index.ipynb'): bad.append("pages out of the files' order")
if bad: print('nbs/sidebar.yml: ' + '\n'.join(bad), file=sys.stderr); sys.exit(1)
print(f"sidebar: {len(listed)} pages in {len([e for e in contents if not isinstance(e, str)])} sections")
