"""kner.bench.kb_ablation: the KB rows a held-out document alone brings are removed, no others."""

from kner.bench.kb_ablation import ablated_kb, surfaces
from kner.normalize.orgs import load_org_kb

KB = """# a comment
id\ttype\taliases\tformer
강원테크노파크\ttechnopark\t강원TP
한국바이오협회\tassociation\t\t
바이넥스\tcompany\t\t
춘천바이오산업진흥원\tagency\t춘천바이오진흥원\t춘천생물산업진흥원<2020-01-01
"""


def _rec(text, orgs):
    spans = []
    for name in orgs:
        k = text.index(name)
        spans.append({"start": k, "end": k + len(name), "label": "ORG", "norm": None})
    return {"id": "d", "text": text, "spans": spans}


def test_surfaces_reads_aliases_and_former_names():
    row = "춘천바이오산업진흥원\tagency\t춘천바이오진흥원\t춘천생물산업진흥원<2020-01-01\n"
    assert surfaces(row) == ["춘천바이오산업진흥원", "춘천바이오진흥원", "춘천생물산업진흥원"]


def test_only_organisations_new_to_the_training_texts_are_removed(tmp_path):
    held = [_rec("강원TP와 바이넥스, 춘천생물산업진흥원이 협약했다.", ["강원TP", "바이넥스", "춘천생물산업진흥원"])]
    train = [_rec("강원 테크노파크는 …", [])]  # mentions 강원테크노파크 (spaces ignored)
    text, removed = ablated_kb(KB, held, train)
    assert removed == ["바이넥스", "춘천바이오산업진흥원"]
    assert "강원테크노파크" in text and "한국바이오협회" in text and "# a comment" in text
    path = tmp_path / "kb.tsv"
    path.write_text(text, encoding="utf-8")
    assert {row[1] for row in load_org_kb(str(path))} == {"강원테크노파크", "한국바이오협회"}
