"""The public API in one import, as fastai's `from fastai.vision.all import *`: `from stochastic_depth.all import *`."""
from .survival import survival_probs, expected_depth, check_survival, rules
from .gate import GatedBlock, MultiGate, ResidualGate, BranchGate, gated_residual, stochastic_blocks, n_active
from .models.resnet import cifar_resnet, CifarResNet, StochasticDepthBlock
from .models.compile import compile_branches
from .convert import add_stochastic_depth, remove_stochastic_depth, register_family, register_drop, supported_blocks
from .data.loader import cifar_dls, load_dataset
from .train.schedule import paper_sgd, StepLR
from .train.callbacks import StochasticDepth, drop_schedule
from .train.learner import cifar_learner, fit_paper, evaluate
from .lesion import remove_blocks, restore_blocks, lesion_curve
from .commands.train import train

__all__ = ['survival_probs', 'expected_depth', 'check_survival', 'rules', 'GatedBlock', 'MultiGate', 'ResidualGate', 'BranchGate',
           'gated_residual', 'stochastic_blocks', 'n_active', 'cifar_resnet', 'CifarResNet', 'StochasticDepthBlock', 'compile_branches',
           'add_stochastic_depth', 'remove_stochastic_depth', 'register_family', 'register_drop', 'supported_blocks', 'cifar_dls',
           'load_dataset', 'paper_sgd', 'StepLR', 'StochasticDepth', 'drop_schedule', 'cifar_learner', 'fit_paper', 'evaluate',
           'remove_blocks', 'restore_blocks', 'lesion_curve', 'train']
try: from .train.trainer import StochasticDepthCallback   # Transformers' Trainer, where Transformers is installed
except ModuleNotFoundError as e:
    if e.name != 'transformers': raise
else: __all__ += ['StochasticDepthCallback']
