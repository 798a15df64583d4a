"""kner.models.optimizer: Adam whose thinc-native weights learn faster than wrapped torch ones."""

import numpy
import pytest
from thinc.api import Adam, chain, Linear, registry

from kner.models.optimizer import HeadScaledOptimizer, head_scaled_adam, is_torch_key

KEYS = [
    ((1, "encoder.layer.0.attention.self.query.weight"), True),
    ((7, "embeddings.word_embeddings.weight"), True),
    ((3, "W"), False),
    ((3, "b"), False),
    ((9, "hidden_W"), False),
    ((2, "E"), False),
    ((4, "weight"), True),
    ((4, "bias"), True),
    ((5, "G"), False),
    ((5, "pad"), False),
]


@pytest.mark.parametrize("key,expected", KEYS)
def test_is_torch_key(key, expected):
    assert is_torch_key(key) is expected


def _step(optimizer, key, weights, grad):
    w, _ = optimizer(key, weights.copy(), grad.copy())
    return w


@pytest.mark.parametrize("scale", [1.0, 20.0, 0.5])
def test_head_weights_step_scaled_torch_weights_not(scale):
    rng = numpy.random.default_rng(0)
    weights = rng.normal(size=(4, 3)).astype("f")
    grad = rng.normal(size=(4, 3)).astype("f")
    lr = 1e-3
    plain = Adam(lr, use_averages=False, L2=0.01, L2_is_weight_decay=True, grad_clip=1.0)
    scaled_ref = Adam(lr * scale, use_averages=False, L2=0.01, L2_is_weight_decay=True, grad_clip=1.0)
    opt = head_scaled_adam(lr, head_lr_scale=scale)
    torch_key, head_key = (1, "encoder.dense.weight"), (2, "W")
    numpy.testing.assert_allclose(_step(opt, torch_key, weights, grad),
                                  _step(plain, torch_key, weights, grad), rtol=1e-6)
    numpy.testing.assert_allclose(_step(opt, head_key, weights, grad),
                                  _step(scaled_ref, head_key, weights, grad), rtol=1e-6)


def test_registered_name_resolves_from_config():
    cfg = {"optimizer": {"@optimizers": "kner.HeadScaledAdam.v1", "learn_rate": 5e-5, "head_lr_scale": 20.0}}
    opt = registry.resolve(cfg)["optimizer"]
    assert isinstance(opt, HeadScaledOptimizer)
    assert opt.head_lr_scale == 20.0
    assert opt.learn_rate == pytest.approx(5e-5)


def test_rejects_non_positive_scale():
    with pytest.raises(ValueError):
        head_scaled_adam(1e-3, head_lr_scale=0.0)


def test_torch_and_thinc_layers_in_one_model_get_their_rates():
    """One update of a thinc Linear chained to a wrapped torch Linear: under Adam the first step
    moves each weight by about its learning rate, so the head's step is head_lr_scale times the
    torch layer's."""
    torch = pytest.importorskip("torch")
    from thinc.api import PyTorchWrapper

    torch.manual_seed(0)
    torch_layer = PyTorchWrapper(torch.nn.Linear(6, 6))
    model = chain(torch_layer, Linear(nO=2, nI=6))
    X = numpy.random.default_rng(1).normal(size=(8, 6)).astype("f")
    model.initialize(X=X)
    head = model.layers[1]
    before_head = head.get_param("W").copy()
    before_torch = torch_layer.shims[0]._model.weight.detach().numpy().copy()
    Y, backprop = model.begin_update(X)
    backprop(numpy.ones_like(Y))
    lr, scale = 1e-4, 20.0
    model.finish_update(head_scaled_adam(lr, head_lr_scale=scale, L2=0.0))
    head_step = numpy.abs(head.get_param("W") - before_head).max()
    torch_step = numpy.abs(torch_layer.shims[0]._model.weight.detach().numpy() - before_torch).max()
    assert torch_step == pytest.approx(lr, rel=0.05)
    assert head_step == pytest.approx(lr * scale, rel=0.05)
