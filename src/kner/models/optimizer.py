"""Adam with two learning rates: one for a fine-tuned transformer, a higher one for the heads.

spaCy trains every component with one optimizer and one learning rate. A rate suited to
fine-tuning a pretrained transformer (about 5e-5) is far too low for a randomly initialised
transition-based NER head: measured here (docs/benchmarks.md), e5 + NER at 5e-5 still predicted
no entity on dev after 250 steps, while the CNN pipeline's head learns at 1e-3. Under Adam the
step size does not depend on the gradient's scale, so the listener's ``grad_factor`` cannot fix
this; a per-parameter learning rate can.

Thinc's :class:`~thinc.optimizers.Optimizer` already accepts an ``lr_scale`` per call. PyTorch
models wrapped by thinc (spacy-transformers' ``HFShim``) call the optimizer with keys
``(shim_id, torch_parameter_name)``, and torch parameter names are dotted paths
(``encoder.layer.0.attention.self.query.weight``), or ``weight``/``bias`` for a bare torch
layer; thinc's own parameters have other plain names (``W``, ``b``, ``E``, ``G``, ``hidden_W``,
``pad``). :class:`HeadScaledOptimizer` multiplies the rate of the latter by ``head_lr_scale``.

Registered as ``kner.HeadScaledAdam.v1`` (entry point ``thinc_optimizers``), so a config uses::

    [training.optimizer]
    @optimizers = "kner.HeadScaledAdam.v1"
    head_lr_scale = 20.0

    [training.optimizer.learn_rate]
    @schedules = "warmup_linear.v1"
    initial_rate = 0.00005
    ...
"""

from typing import Tuple

from thinc.api import registry
from thinc.optimizers import Optimizer
from thinc.types import FloatsXd


TORCH_LEAF_NAMES = frozenset({"weight", "bias"})


def is_torch_key(key: Tuple[int, str]) -> bool:
    """True if an optimizer key names a parameter of a wrapped PyTorch model: a dotted module
    path, or torch's leaf names ``weight``/``bias`` (thinc layers never use those names)."""
    name = key[1]
    if not isinstance(name, str):
        return False
    return "." in name or name in TORCH_LEAF_NAMES


class HeadScaledOptimizer(Optimizer):
    """A thinc optimizer whose thinc-native parameters learn ``head_lr_scale`` times faster.

    The schedule given as ``learn_rate`` is the transformer's (PyTorch parameters); every other
    parameter (NER head, listeners, CNN layers) uses ``learn_rate * head_lr_scale``. Weight decay
    scales the same way, as in thinc.
    """

    def __init__(self, learn_rate, *, head_lr_scale: float = 1.0, **kwargs):
        super().__init__(learn_rate, **kwargs)
        if head_lr_scale <= 0:
            raise ValueError(f"head_lr_scale must be positive, got {head_lr_scale}")
        self.head_lr_scale = float(head_lr_scale)

    def __call__(
        self,
        key: Tuple[int, str],
        weights: FloatsXd,
        gradient: FloatsXd,
        *,
        lr_scale: float = 1.0,
    ):
        if not is_torch_key(key):
            lr_scale = lr_scale * self.head_lr_scale
        return super().__call__(key, weights, gradient, lr_scale=lr_scale)


@registry.optimizers("kner.HeadScaledAdam.v1")
def head_scaled_adam(
    learn_rate=0.00005,
    *,
    head_lr_scale: float = 20.0,
    L2=0.01,
    beta1=0.9,
    beta2=0.999,
    eps=1e-08,
    grad_clip=1.0,
    L2_is_weight_decay: bool = True,
    use_averages: bool = False,
) -> HeadScaledOptimizer:
    """Adam (as thinc's ``Adam.v1``) with ``head_lr_scale`` × the rate for non-PyTorch weights."""
    return HeadScaledOptimizer(
        learn_rate,
        head_lr_scale=head_lr_scale,
        L2=L2,
        beta1=beta1,
        beta2=beta2,
        eps=eps,
        grad_clip=grad_clip,
        L2_is_weight_decay=L2_is_weight_decay,
        use_averages=use_averages,
        use_radam=False,
    )
