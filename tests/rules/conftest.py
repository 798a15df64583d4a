"""Fixtures for the rules tests: one rules-only pipeline for the session."""

import pytest


@pytest.fixture(scope="session")
def rules_nlp():
    """``kner.blank()`` + ``kner_rules`` in rules_only mode."""
    from kner.rules.component import rules_pipeline

    return rules_pipeline()
