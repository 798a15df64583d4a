"""KoNEC (NIKL 150-class) tags → kner labels: the mapping of ``corpus/external/konec``.

Data only; :mod:`kner.corpus.konec` applies it. The mapping follows
``/work/shared/datasets/konec/LICENSE-NOTE.md``: every ``OGG_*`` organisation tag is an
ORG; ``QT_PRICE`` is MONEY; counts, percentages and measured quantities are METRIC;
calendar tags and ``DT_DURATION`` are DATE (the project counts durations as DATE).
``TMI_PROJECT``, ``CV_POLICY`` and ``CV_FUNDS`` map to PROGRAM, but the dev set holds
only 22 of them: far too few to evaluate PROGRAM on. Any tag not listed is dropped
(persons, places, ages, ordinals, phone numbers, DT_DYNASTY, DT_GEOAGE, …).
"""

from __future__ import annotations

KONEC_TO_KNER: dict[str, str] = {
    # ORG <- OGG_* (all fifteen organisation tags of the tagset)
    "OGG_ECONOMY": "ORG",
    "OGG_EDUCATION": "ORG",
    "OGG_MILITARY": "ORG",
    "OGG_MEDIA": "ORG",
    "OGG_SPORTS": "ORG",
    "OGG_ART": "ORG",
    "OGG_MEDICINE": "ORG",
    "OGG_RELIGION": "ORG",
    "OGG_SCIENCE": "ORG",
    "OGG_LIBRARY": "ORG",
    "OGG_LAW": "ORG",
    "OGG_POLITICS": "ORG",
    "OGG_FOOD": "ORG",
    "OGG_HOTEL": "ORG",
    "OGG_OTHERS": "ORG",
    # MONEY
    "QT_PRICE": "MONEY",
    # METRIC
    "QT_COUNT": "METRIC",
    "QT_MAN_COUNT": "METRIC",
    "QT_PERCENTAGE": "METRIC",
    "QT_SIZE": "METRIC",
    "QT_WEIGHT": "METRIC",
    "QT_LENGTH": "METRIC",
    "QT_VOLUME": "METRIC",
    # DATE (durations included)
    "DT_DAY": "DATE",
    "DT_YEAR": "DATE",
    "DT_MONTH": "DATE",
    "DT_WEEK": "DATE",
    "DT_SEASON": "DATE",
    "DT_OTHERS": "DATE",
    "DT_DURATION": "DATE",
    # PROGRAM (too few in dev to evaluate)
    "TMI_PROJECT": "PROGRAM",
    "CV_POLICY": "PROGRAM",
    "CV_FUNDS": "PROGRAM",
}

# Clock-time tags, added for the LABEL_SPEC-boundary file only (``konec-dev-spec.jsonl``,
# :mod:`kner.corpus.konec_spec`): LABEL_SPEC's DATE includes "durations, clock times",
# and its example ``오는 15일 오후 2시`` is one DATE span. ``konec-dev.jsonl`` keeps
# dropping them (it is the plain tag mapping).
KONEC_TIME_TO_KNER: dict[str, str] = {
    "TI_HOUR": "DATE",
    "TI_MINUTE": "DATE",
    "TI_SECOND": "DATE",
    "TI_OTHERS": "DATE",
    "TI_DURATION": "DATE",
}
