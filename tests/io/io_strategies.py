"""Generated documents for the round-trip tests (hypothesis strategies)."""

from __future__ import annotations

from hypothesis import strategies as st

from kner.records import LABELS

# Text pieces: Korean, digits, punctuation, whitespace, and characters outside the BMP
# (emoji, a flag made of two regional indicators, a ZWJ sequence, CJK extension B,
# mathematical letters) whose UTF-16 length differs from their length in code points.
FILLER = ("는", "은", "를", "에", "와", " ", " ", "\n", "지원했다", "기업", "지역", "사업을", ",", ".",
          "·", "‘", "’", "「", "」", "😀", "🇰🇷", "👩‍💻", "𠀀", "𝐀𝐁", "🚀", "\u2028", "é", "1,200")
SURFACES = {
    "ORG": ("강원TP", "중소벤처기업부", "㈜지원바이오", "🏭테크노파크", "𠀋재단", "인천상공회의소"),
    "PROGRAM": ("지역산업육성사업", "2022년 바이오 원·부자재 국산화 지원사업", "🚀 스타트업 육성사업", "소부장 특화단지"),
    "MONEY": ("978억원", "3억원", "1,200억 원", "수백억", "💰5000만원"),
    "DATE": ("2019.12.13.", "지난해", "4월 16일", "2020~2021년", "2년간", "오후 2시"),
    "METRIC": ("121개사", "1,400여명", "50.6%", "2배", "3만㎡", "👥38개"),
}
DATE_NORMS = ({"type": "date", "value": "2019-12-13"}, {"type": "date", "value": "2021"},
              {"type": "date", "value": "2020/2021"}, {"type": "duration", "value": "P2Y"},
              {"type": "time", "value": "T14:00"}, {"type": "date", "value": None})
PIECE = st.sampled_from(FILLER)
WORD = st.text(alphabet=st.sampled_from("가나다라마바사강원산업😀𠀀AZ09 "), min_size=1, max_size=6)


def norms(label: str) -> st.SearchStrategy[dict]:
    """A valid ``norm`` for ``label`` (LABEL_SPEC, "Normalised values")."""
    if label in ("ORG", "PROGRAM"):
        return st.builds(lambda s: {"id": s}, st.one_of(st.sampled_from(SURFACES[label]), WORD))
    if label == "MONEY":
        return st.builds(lambda a: {"amount": a, "currency": "KRW"},
                         st.one_of(st.none(), st.integers(0, 10**15)))
    if label == "DATE":
        return st.sampled_from(DATE_NORMS)
    return st.builds(lambda v, u, a: {"value": v, "unit": u, "approx": a},
                     st.one_of(st.none(), st.integers(0, 10**9),
                               st.floats(0, 1e6, allow_nan=False, allow_infinity=False)),
                     st.sampled_from(("명", "개사", "%", "배", "㎡", "건")), st.booleans())


def metas() -> st.SearchStrategy[dict]:
    """A record's ``meta``: date or null, a source, sometimes an extra key."""
    date = st.one_of(st.none(), st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}"))
    base = st.fixed_dictionaries({"date": date, "source": st.sampled_from(("press", "news", "written-for-kner 😀"))})
    extra = st.fixed_dictionaries({}, optional={
        "title": WORD, "score": st.floats(allow_nan=False, allow_infinity=False),
        "notes": st.lists(st.fixed_dictionaries({"lines": st.lists(st.integers(0, 99), max_size=2)}), max_size=2)})
    return st.builds(lambda b, e: {**b, **e}, base, extra)


@st.composite
def documents(draw, rich: bool = False, with_span_text: bool | None = None) -> dict:
    """A record built from pieces; spans are the entity pieces (any character boundaries).

    ``rich``: at least one span of every label and an emoji in the text.
    """
    labels = list(LABELS) if rich else []
    labels += draw(st.lists(st.sampled_from(LABELS), max_size=6))
    labels = draw(st.permutations(labels))
    text, spans = "😀" if rich else "", []
    for label in labels:
        text += "".join(draw(st.lists(PIECE, max_size=4)))
        surface = draw(st.sampled_from(SURFACES[label]))
        span = {"start": len(text), "end": len(text) + len(surface), "label": label}
        if with_span_text if with_span_text is not None else draw(st.booleans()):
            span["text"] = surface
        if draw(st.integers(0, 9)):  # now and then a span without a norm
            span["norm"] = draw(norms(label))
        spans.append(span)
        text += surface
        if draw(st.booleans()):  # sometimes two spans touch
            text += "".join(draw(st.lists(PIECE, min_size=1, max_size=3)))
    text += "".join(draw(st.lists(PIECE, min_size=0 if text else 1, max_size=4)))
    doc_id = draw(st.sampled_from(("seed", "sup-a", "gen"))) + "-" + draw(st.text("0123456789abcdef", min_size=4,
                                                                                   max_size=8))
    return {"id": doc_id, "text": text, "meta": draw(metas()), "spans": spans}


@st.composite
def token_documents(draw, nlp) -> dict:
    """A record whose spans are runs of ``nlp``'s tokens (so they align for DocBin / BIO)."""
    text = "".join(draw(st.lists(st.one_of(PIECE, st.sampled_from([s for v in SURFACES.values() for s in v])),
                                 min_size=1, max_size=12)))
    doc = nlp.make_doc(text)
    words = [i for i, t in enumerate(doc) if not t.is_space]
    cuts = sorted(draw(st.sets(st.sampled_from(words), max_size=8))) if words else []
    spans, i = [], 0
    while i < len(cuts):
        a = cuts[i]
        b = cuts[i + 1] if i + 1 < len(cuts) and draw(st.booleans()) else a
        start, end = doc[a].idx, doc[b].idx + len(doc[b].text)
        label = draw(st.sampled_from(LABELS))
        span = {"start": start, "end": end, "label": label}
        if draw(st.booleans()):
            span["text"] = text[start:end]
        if draw(st.integers(0, 9)):
            span["norm"] = draw(norms(label))
        spans.append(span)
        i += 2 if b != a else 1
    return {"id": "gen-" + draw(st.text("0123456789abcdef", min_size=4, max_size=8)), "text": text,
            "meta": draw(metas()), "spans": spans}


def unique_ids(records: list[dict]) -> list[dict]:
    """The records with ids made unique by position (generated ids may repeat)."""
    return [{**r, "id": f"{r['id']}-{i}"} for i, r in enumerate(records)]
