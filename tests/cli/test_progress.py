"""Progress bars of the long CLI commands keep the results of the library calls they wrap."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("n, batch_size", [(0, 16), (5, 16), (33, 16), (7, 1)])
def test_doccano_push_predictions_in_batches_equal_one_call(n, batch_size):
    import spacy

    from kner.cli.io import _predict_with_progress
    from kner.io import doccano

    nlp = spacy.blank("xx")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "ORG", "pattern": "KIST"}])
    raw = [{"id": f"d{i}", "text": f"doc {i} KIST" if i % 3 else f"doc {i}", "meta": {}, "spans": []}
           for i in range(n)]
    batched = _predict_with_progress(doccano, nlp, raw, batch_size=batch_size)
    assert batched == doccano.predict(nlp, raw)
    assert sum(len(r["spans"]) for r in batched) == sum(1 for i in range(n) if i % 3)
