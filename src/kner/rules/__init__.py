"""Rule-based recognition: token patterns, the ORG gazetteer and PROGRAM heuristics (``kner_rules``)."""
