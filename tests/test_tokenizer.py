"""kner.KiwiTokenizer.v1: surface fidelity, spec alignment, switches, serialisation."""

from __future__ import annotations

import pickle

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kner
from kner.tokenizer import KiwiTokenizer, read_user_dict, surface_tokens

from .conftest import ROOT, shared_path

# --------------------------------------------------------------------------- fidelity

ODD_CHARS = (
    "가나다라마바사아자차카타파하 ,.!?~·‧「」‘’“”()[]㈜%㎡₩\u00a0\u200b\u200c\u200d\ufeff\t\n\r\x00\x01\x1f\x7f"
    "\u1100\u1161\u11a8\u3131\u314f０１２３ＡＢ😀🇰🇷👍🏽𝒜\U00020000e\u0301\u2028\u2029 "
)


@pytest.mark.parametrize(
    "text",
    ["", " ", "      " * 50, "\n\n\n", "😀", "가\u200b나", "\u1100\u1161\u11a8", "１２３억원", "a\u00a0b",
     "2019.12.13. 978억원", "했다" * 200],
)
def test_text_is_preserved_on_hard_cases(nlp, text):
    doc = nlp(text)
    assert doc.text == text
    assert all(len(t.text) > 0 for t in doc)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(ODD_CHARS), max_size=80) | st.text(max_size=60))
def test_text_is_preserved_for_any_string(nlp, text):
    assert nlp(text).text == text


def test_seed_texts_are_preserved(nlp):
    seeds = sorted(shared_path("seeds").glob("*.txt")) or sorted((ROOT / "corpus" / "raw").glob("*.txt"))
    assert seeds, "no seed texts found"
    for path in seeds:
        text = path.read_text(encoding="utf-8")
        assert nlp(text).text == text, path.name


def test_konec_sentences_are_preserved(konec_docs):
    texts, docs = konec_docs
    assert len(texts) == 5000
    mismatched = [t for t, d in zip(texts, docs) if d.text != t]
    assert mismatched == []


def test_konec_entity_boundaries_align(konec_docs, konec_entities):
    from kner.bench.alignment import boundary_alignment

    texts, docs = konec_docs
    share = boundary_alignment(docs, konec_entities).share
    assert share >= 0.995, share


# --------------------------------------------------------------------------- tags


def test_overlapping_morphemes_merge_into_one_token(nlp):
    doc = nlp("했다")
    assert [t.text for t in doc] == ["했", "다"]
    assert doc[0].tag_ == "VV+EP"
    assert doc[0].lemma_ == "하+었"
    assert doc[0].pos_ == "VERB"


def test_zero_length_morpheme_joins_its_neighbour(nlp):
    doc = nlp("나이다")  # 이 (VCP) may have zero surface length before 다
    assert doc.text == "나이다"
    assert all(t.tag_ for t in doc)


def test_white_space_runs_become_space_tokens(nlp):
    doc = nlp("가  나\n다")
    assert [t.text for t in doc] == ["가", " ", "나", "\n", "다"]
    assert [t.pos_ for t in doc][1] == "SPACE"
    assert doc[0].whitespace_ == " "


# --------------------------------------------------------------------------- spec boundaries

# (text, spans that LABEL_SPEC needs as [start, end) substrings)
SPEC_ALIGNMENT = [
    ("2019.12.13. 978억원", ["2019.12.13.", "978억원"]),
    ("22-02-23 17:41", ["22-02-23"]),
    ("1,400여명의 고용", ["1,400여명"]),
    ("33억4천만원을 투입", ["33억4천만원"]),
    ("매출액 50.6%, 수출액", ["50.6%"]),
    ("㈜지원바이오가 있다", ["㈜지원바이오"]),
    ("강원TP는 지원했다", ["강원TP"]),
    ("‘지역산업육성사업’이", ["지역산업육성사업"]),
    ("「2022년 바이오 원‧부자재 국산화 지원사업」의", ["2022년 바이오 원‧부자재 국산화 지원사업"]),
    ("인천상공회의소와 함께", ["인천상공회의소"]),
    ("2025년까지 도약", ["2025년"]),
    ("92% 이상 증가", ["92%"]),
    ("50%이상 늘었다", ["50%"]),
    ("7월중 발표", ["7월"]),
    ("38개 내외의 기업", ["38개"]),
    ("수백억대의 국비", ["수백억대"]),
    ("지난 3월 24일 개소", ["지난 3월 24일"]),
    ("오는 15일 오후 2시에", ["오는 15일 오후 2시"]),
    ("2020~2021년 동안", ["2020~2021년"]),
    ("2년간 지원", ["2년간"]),
    ("3만㎡ 규모", ["3만㎡"]),
    ("(재)김해의생명산업진흥원(이사장 허성곤, 이하 진흥원)으로", ["(재)김해의생명산업진흥원", "진흥원"]),
    ("강원테크노파크(원장:허장현·이하 강원TP)는", ["강원테크노파크", "강원TP"]),
    ("2021-02-06 11:07:46", ["2021-02-06 11:07:46"]),
    ("121개사로 집적화", ["121개사"]),
    ("국비 140억원, 도비 46억원", ["140억원", "46억원"]),
]


@pytest.mark.parametrize("text,spans", SPEC_ALIGNMENT)
def test_spec_spans_fall_on_token_boundaries(nlp, text, spans):
    doc = nlp(text)
    cursor = 0
    for surface in spans:  # listed in text order; each searched after the previous one
        start = text.index(surface, cursor)
        cursor = start + len(surface)
        assert doc.char_span(start, start + len(surface)) is not None, [t.text for t in doc]


# --------------------------------------------------------------------------- switches, user dictionary


def test_match_options_switch_changes_tokenisation():
    serial = spacy.blank("ko", config={"nlp": {"tokenizer": {
        "@tokenizers": "kner.KiwiTokenizer.v1", "match_options": ["URL", "EMAIL", "SERIAL"]}}})
    assert serial("2019.12.13. 978억원")[0].text == "2019.12.13. 978"
    assert kner.blank()("2019.12.13. 978억원")[0].text == "2019"


def test_multi_word_dictionary_switch(user_dict_nlp):
    # Kiwi's multi-word dictionary holds "브래드 피트" as one proper noun
    assert [t.text for t in kner.blank()("브래드 피트가 왔다")][0] == "브래드 피트"
    assert [t.text for t in user_dict_nlp("브래드 피트가 왔다")][:2] == ["브래드", "피트"]


def test_docs_carry_tag_pos_and_lemma(nlp):
    from kner.tags import ud_pos

    for text in ["강원TP는 2019.12.13. 978억원을 지원했다.", "  여러  칸\n띄움 ㅋㅋ", ""]:
        doc = nlp(text)
        words, spaces, tags, lemmas = surface_tokens(
            text, nlp.tokenizer.kiwi.tokenize(text, **nlp.tokenizer._kiwi_kwargs()) if text else [])
        assert [t.text for t in doc] == words
        assert [t.tag_ for t in doc] == tags
        assert [t.pos_ for t in doc] == [ud_pos(t) for t in tags]
        assert [t.lemma_ for t in doc] == lemmas
    assert [(t.tag_, t.pos_, t.lemma_) for t in nlp("했다")][0] == ("VV+EP", "VERB", "하+었")


def test_unknown_match_option_is_rejected():
    with pytest.raises(ValueError, match="unknown Kiwi match option"):
        kner.blank(match_options=["NOPE"])


CONFIG_WITH_USER_DICT = """
[nlp]
lang = "ko"
pipeline = []

[nlp.tokenizer]
@tokenizers = "kner.KiwiTokenizer.v1"
integrate_allomorph = false
match_options = ["URL", "EMAIL"]
load_multi_dict = false
load_typo_dict = false
cutoff_threshold = 5.0

[initialize]

[initialize.tokenizer]
user_words = [["강원TP", "NNP", 0.0], ["지원바이오", "NNP", 0.0]]
"""


@pytest.fixture(scope="module")
def user_dict_nlp():
    from thinc.api import Config

    nlp = spacy.util.load_model_from_config(Config().from_str(CONFIG_WITH_USER_DICT), auto_fill=True)
    nlp.initialize()
    return nlp


def test_user_dictionary_from_initialize(user_dict_nlp):
    assert [t.text for t in user_dict_nlp("강원TP는")] == ["강원TP", "는"]
    assert [t.text for t in kner.blank()("강원TP는")] == ["강원", "TP", "는"]


def test_cutoff_threshold_reaches_kiwi():
    assert kner.blank().tokenizer.kiwi.cutoff_threshold == 8.0  # None: Kiwi's own default
    tok = kner.blank(cutoff_threshold=4).tokenizer
    assert tok.cutoff_threshold == 4.0
    assert tok.kiwi.cutoff_threshold == 4.0
    # analysers are shared by settings: the default one must not have been changed
    assert kner.blank().tokenizer.kiwi.cutoff_threshold == 8.0


@pytest.mark.parametrize("bad", [0, -1, "x"])
def test_bad_cutoff_threshold_is_rejected(bad):
    with pytest.raises(ValueError):
        kner.blank(cutoff_threshold=bad)


def test_user_dictionary_file(tmp_path):
    path = tmp_path / "words.tsv"
    path.write_text("# domain words\n강원TP\tNNP\t0\n재료연\tNNP\n", encoding="utf-8")
    assert read_user_dict(path) == [("강원TP", "NNP", 0.0), ("재료연", "NNP", 0.0)]
    nlp = kner.blank()
    nlp.tokenizer.initialize(user_dict=path)
    assert nlp("재료연은")[0].text == "재료연"


@pytest.mark.parametrize("bad", [["가 나", "NNP"], ["", "NNP"], ["가", "VV"]])
def test_bad_user_words_are_rejected(bad):
    with pytest.raises(ValueError):
        KiwiTokenizer(kner.blank().vocab, user_words=[bad])


def _signature(nlp, text="강원TP는 2019.12.13. 978억원을 했다"):
    return [(t.text, t.tag_, t.whitespace_) for t in nlp(text)]


def test_disk_round_trip_keeps_config_and_user_dict(user_dict_nlp, tmp_path):
    user_dict_nlp.to_disk(tmp_path / "model")
    assert (tmp_path / "model" / "tokenizer" / "user_dict.tsv").exists()
    loaded = spacy.load(tmp_path / "model")
    assert isinstance(loaded.tokenizer, KiwiTokenizer)
    assert loaded.tokenizer.match_options == ("URL", "EMAIL")
    assert loaded.tokenizer.integrate_allomorph is False
    assert (loaded.tokenizer.load_multi_dict, loaded.tokenizer.load_typo_dict) == (False, False)
    assert loaded.tokenizer.cutoff_threshold == 5.0
    assert loaded.tokenizer.kiwi.cutoff_threshold == 5.0
    assert _signature(loaded) == _signature(user_dict_nlp)


def test_bytes_round_trip_keeps_config_and_user_dict(user_dict_nlp):
    fresh = kner.blank()
    fresh.tokenizer.from_bytes(user_dict_nlp.tokenizer.to_bytes())
    assert fresh.tokenizer.cutoff_threshold == 5.0
    assert fresh.tokenizer.user_words == user_dict_nlp.tokenizer.user_words
    assert fresh.tokenizer.match_options == ("URL", "EMAIL")
    assert _signature(fresh) == _signature(user_dict_nlp)


def test_pickle_round_trip(user_dict_nlp):
    tok = pickle.loads(pickle.dumps(user_dict_nlp.tokenizer))
    assert tok.user_words == user_dict_nlp.tokenizer.user_words
    assert tok.integrate_allomorph is False
    assert tok.load_multi_dict is False
    assert tok.cutoff_threshold == 5.0
    assert [t.text for t in tok("강원TP는")] == ["강원TP", "는"]


def test_pipe_with_two_processes_matches_sequential(user_dict_nlp):
    texts = ["강원TP는 지난해 978억원을 확보했다.", "인천시는 4월 16일까지 모집한다.", "", "😀 1,400여명"] * 3
    expected = [[t.text for t in user_dict_nlp(x)] for x in texts]
    got = [[t.text for t in d] for d in user_dict_nlp.pipe(texts, n_process=2, batch_size=2)]
    assert got == expected


def test_tokenizer_pipe_matches_call(nlp):
    texts = ["강원TP는 지난해 978억원을 확보했다.", "", "가  나", "😀가"]
    assert [[t.text for t in d] for d in nlp.tokenizer.pipe(texts, batch_size=3)] == \
        [[t.text for t in nlp(x)] for x in texts]


def test_single_thread_pipe(nlp):
    tok = KiwiTokenizer(nlp.vocab, num_workers=0)
    assert [d.text for d in tok.pipe(["가나", "다라"])] == ["가나", "다라"]


def test_single_threaded_switches_and_restores(nlp):
    import os

    tok = KiwiTokenizer(nlp.vocab)                          # num_workers=-1: Kiwi's thread pool
    threaded = tok.kiwi
    with tok.single_threaded() as same:
        assert same is tok and tok.num_workers == 0
        assert tok.kiwi is not threaded and tok.kiwi.num_workers == 1
        tasks = set(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else None
        assert [t.text for t in tok("강원TP가 했다")] == ["강원", "TP", "가", "했", "다"]
        if tasks is not None:                               # analysing started no thread
            assert set(os.listdir("/proc/self/task")) == tasks
    assert tok.num_workers == -1 and tok.kiwi is threaded


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("bad", [None, 123, b"bytes", ["list"]])
def test_non_string_is_a_type_error(nlp, bad):
    with pytest.raises(TypeError, match="takes a str"):
        nlp.tokenizer(bad)
    with pytest.raises(TypeError):
        list(nlp.tokenizer.pipe(["ok", bad]))


def test_lone_surrogate_is_a_clear_value_error(nlp):
    with pytest.raises(ValueError, match="lone surrogate"):
        nlp.tokenizer("가\ud800나")


def test_surface_tokens_never_uses_forms():
    class M:  # a morpheme whose form differs from its surface, as Kiwi's are
        def __init__(self, form, tag, start, length):
            self.form, self.tag, self.start, self.len = form, tag, start, length

    words, spaces, tags, lemmas = surface_tokens("했다", [M("하", "VV", 0, 1), M("었", "EP", 0, 1), M("다", "EF", 1, 1)])
    assert words == ["했", "다"] and tags == ["VV+EP", "EF"] and lemmas == ["하+었", "다"]
    assert spaces == [False, False]
