"""Give existing networks stochastic depth: the registry and `add_stochastic_depth` (`core`), and every family it knows,
registered here, explicitly, from each family module's `blocks` and `drops` (timm's and Transformers' only where installed)."""
from .core import *
from .core import register_family, register_drop
from . import torchvision, fastai, densenet

def _register(m):
    for original, gated in m.blocks.items(): register_family(original, gated)
    for drop, convention in getattr(m, 'drops', {}).items(): register_drop(drop, convention)

for _m in (torchvision, fastai, densenet): _register(_m)
try: from . import timm
except ModuleNotFoundError as e:
    if not (e.name or '').startswith('timm'): raise
else: _register(timm)
try: from . import transformers
except ModuleNotFoundError as e:
    if not (e.name or '').startswith('transformers'): raise
else: _register(transformers)
