"""Kiwi part-of-speech tags → Universal Dependencies POS (data, one row per tag).

Kiwi follows the Sejong tag set with extensions (``W_*`` for web entities, ``Z_*`` for
codas and saisiot, ``-I``/``-R`` for irregular/regular verb stems, ``USER0``–``USER4``
for user-dictionary words). Every tag Kiwi can emit has a row here: nothing falls
through to ``X`` unnoticed; ``X`` is only the deliberate choice for foreign-script
words and unknown morphemes, as in UD Korean.
"""

from __future__ import annotations

# tag → UD POS. The mapping follows the UD Korean treebanks (GSD/Kaist) conventions.
KIWI_TO_UD: dict[str, str] = {
    # nouns
    "NNG": "NOUN",  # common noun
    "NNP": "PROPN",  # proper noun
    "NNB": "NOUN",  # bound noun (원, 명, 개 …)
    "NR": "NUM",  # numeral (억, 천, 하나)
    "NP": "PRON",  # pronoun
    # predicates
    "VV": "VERB",
    "VA": "ADJ",
    "VX": "AUX",
    "VCP": "AUX",  # copula 이다
    "VCN": "ADJ",  # 아니다
    # modifiers, interjections
    "MM": "DET",
    "MAG": "ADV",
    "MAJ": "CCONJ",
    "IC": "INTJ",
    # particles
    "JKS": "ADP",
    "JKC": "ADP",
    "JKG": "ADP",
    "JKO": "ADP",
    "JKB": "ADP",
    "JKV": "ADP",
    "JKQ": "ADP",
    "JX": "ADP",
    "JC": "CCONJ",
    # endings
    "EP": "PART",
    "EF": "PART",
    "EC": "PART",
    "ETN": "PART",
    "ETM": "PART",
    # affixes and roots
    "XPN": "PART",
    "XSN": "PART",
    "XSV": "PART",
    "XSA": "PART",
    "XSM": "PART",
    "XR": "NOUN",
    # symbols
    "SF": "PUNCT",
    "SP": "PUNCT",
    "SS": "PUNCT",
    "SSO": "PUNCT",
    "SSC": "PUNCT",
    "SE": "PUNCT",
    "SO": "PUNCT",
    "SW": "SYM",
    "SB": "PUNCT",  # list bullets (가., 나.)
    "SL": "X",  # Latin-script word: foreign, as UD Korean tags it
    "SH": "NOUN",  # Hanja word
    "SN": "NUM",
    "UN": "X",  # unanalysable
    # web and serial entities
    "W_URL": "X",
    "W_EMAIL": "X",
    "W_HASHTAG": "X",
    "W_MENTION": "X",
    "W_SERIAL": "NUM",
    "W_EMOJI": "SYM",
    # codas and saisiot split off by Kiwi
    "Z_CODA": "PART",
    "Z_SIOT": "PART",
    # user dictionary words (kner adds domain nouns there)
    "USER0": "PROPN",
    "USER1": "PROPN",
    "USER2": "PROPN",
    "USER3": "PROPN",
    "USER4": "PROPN",
}

# Irregular (-I) and regular (-R) stems share their base tag's POS.
for _base in ("VV", "VA", "VX", "XSA", "XSV"):
    for _suffix in ("-I", "-R"):
        KIWI_TO_UD[_base + _suffix] = KIWI_TO_UD[_base]
del _base, _suffix

# Tags kner gives to stretches of text Kiwi does not return as morphemes.
SPACE_TAG = "_SP"  # white space other than one plain trailing space
UNKNOWN_TAG = "UN"  # non-space characters Kiwi skipped
KIWI_TO_UD[SPACE_TAG] = "SPACE"

# Tags that are deliberately mapped to X (foreign, unknown, web addresses).
DELIBERATE_X = frozenset(tag for tag, pos in KIWI_TO_UD.items() if pos == "X")


def ud_pos(tag: str) -> str:
    """UD POS for a Kiwi tag; a merged tag ``A+B`` takes the POS of its first part.

    Raises KeyError for a tag that has no row: a new Kiwi tag must be added to the
    table, not guessed.
    """
    head = tag.split("+", 1)[0]
    return KIWI_TO_UD[head]
