"""Plain per-token lists of a ``Doc``, read once and shared by every rule finder.

The finders of :mod:`kner.rules` look at each token many times. Creating a spaCy ``Token`` (or a
``Span`` and its text, or ``Doc.text``, which joins every token) costs far more than reading a
Python list, so the component reads the ``Doc`` once into a :class:`Tokens` (one
``Doc.to_array`` call, the strings looked up by hash) and hands it to the gazetteer, the
organisation-name rules and the programme rules. Every finder still accepts a bare ``Doc`` and
builds its own :class:`Tokens` then.
"""

from spacy.attrs import IDX, IS_SPACE, ORTH, SHAPE, SPACY, TAG
from spacy.tokens import Doc

_ATTRS = [ORTH, TAG, SHAPE, SPACY, IDX, IS_SPACE]
# tags of tokens that glue words into one longer noun: a name must not continue into them
NOUN_TAGS = ("NNG", "NNP", "NNB", "SL", "SH", "SN", "XSN", "XPN", "XR")


class Tokens:
    """Plain per-token lists of a ``Doc`` (texts, tags, white space, offsets), read once.

    ``texts[i]``, ``tags[i]`` are ``doc[i].text`` and ``doc[i].tag_``; ``ws[i]`` is
    ``bool(doc[i].whitespace_)``; ``is_space[i]`` is ``doc[i].is_space``; ``space[i]`` is
    ``doc[i].is_space or doc[i].tag_ == "_SP"``; ``idx[i]`` and ``ends[i]`` are the token's first
    and after-last character offsets; ``text`` is ``doc.text``. ``orth``, ``tag``, ``shape`` are
    the numpy columns of the string ids (for the Matcher windows of the component).
    """

    __slots__ = ("doc", "text", "texts", "tags", "ws", "is_space", "space", "idx", "ends", "n",
                 "orth", "tag", "shape", "_words")

    def __init__(self, doc: Doc):
        self.doc = doc
        arr = doc.to_array(_ATTRS)
        if arr.ndim == 1:  # (an empty Doc gives a flat array)
            arr = arr.reshape(-1, len(_ATTRS))
        self.orth, self.tag, self.shape = arr[:, 0], arr[:, 1], arr[:, 2]
        strings = doc.vocab.strings
        self.texts = texts = [strings[h] for h in self.orth.tolist()]
        self.tags = tags = [strings[h] for h in self.tag.tolist()]
        self.ws = ws = arr[:, 3].astype(bool).tolist()
        self.idx = idx = arr[:, 4].tolist()
        self.is_space = is_space = arr[:, 5].astype(bool).tolist()
        self.space = [s or t == "_SP" for s, t in zip(is_space, tags)]
        self.ends = [i + len(t) for i, t in zip(idx, texts)]
        self.n = len(texts)
        self.text = "".join([t + " " if w else t for t, w in zip(texts, ws)])
        self._words: list[tuple[int, int]] | None = None

    def span_text(self, i: int, j: int) -> str:
        """``doc[i:j].text``: the document text from token ``i`` to the end of ``j - 1``."""
        if j <= i:
            return ""
        return self.text[self.idx[i]:self.ends[j - 1]]

    def starts_word(self, i: int) -> bool:
        """Does a word start at token ``i`` (no noun glued before it)?"""
        return i == 0 or self.ws[i - 1] or self.tags[i - 1] not in NOUN_TAGS or self.space[i - 1]

    def ends_word(self, j: int) -> bool:
        """Does a word end before token ``j`` (no noun glued after it)?"""
        return j >= self.n or self.ws[j - 1] or self.tags[j] not in NOUN_TAGS or self.space[j]

    @property
    def words(self) -> list[tuple[int, int]]:
        """Token ranges of the white-space-separated words (white-space tokens are in none)."""
        if self._words is None:
            out = []
            i = 0
            space, ws, last = self.space, self.ws, self.n - 1
            for k in range(self.n):
                if space[k]:
                    if k > i:
                        out.append((i, k))
                    i = k + 1
                elif ws[k] or k == last:
                    out.append((i, k + 1))
                    i = k + 1
            self._words = out
        return self._words


def tokens_of(doc: Doc, toks: "Tokens | None" = None) -> Tokens:
    """``toks`` when it was read from ``doc``, else a new :class:`Tokens` of ``doc``."""
    return toks if toks is not None and toks.doc is doc else Tokens(doc)
