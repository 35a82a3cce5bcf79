__version__ = "0.2.0"
from . import core as _core  # first, wherever the package is entered: its filters silence known warnings of fastai's and timm's imports
