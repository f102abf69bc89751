"""The vectorised same-story score the story index uses must equal the pairwise one."""
from __future__ import annotations

import numpy as np

from crosswire import encode, similarity
from crosswire.pipeline import article_signals


def test_pair_scores_equals_pair_score_on_real_articles(seeded):
    vectors = {k: encode.unpack(v) for k, v in seeded.store.vectors().items()}
    signals = [article_signals(a, vectors[a.id]) for a in seeded.articles()]
    # a stranger: the Bengali seed's vector turned away, no shared names or numbers
    signals.append(similarity.Signals(vector=-signals[0].vector, language="de"))
    for a in signals:
        batch = similarity.pair_scores(a, signals)
        single = np.array([similarity.pair_score(a, b) for b in signals])
        assert batch.shape == (len(signals),)
        np.testing.assert_allclose(batch, single, atol=1e-5)
    assert similarity.pair_scores(signals[0], []).shape == (0,)
