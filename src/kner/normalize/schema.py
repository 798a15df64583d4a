"""Shape checks for ``norm`` values, one rule per label (LABEL_SPEC, "Normalised values")."""

from __future__ import annotations

import re

DATE_TYPES = ("date", "duration", "time")
# TIMEX3-style values: dates (with X for unknown digits), weeks and week days, halves/quarters/seasons,
# date-times, ranges written start/end, durations, clock times.
# parts of the day (TIMEX3): MO morning, MI midday, AF afternoon, EV evening, NI night, DT daytime
_TIME_ATOM = r"(?:T(?:[0-2][0-9](?::[0-5][0-9](?::[0-5][0-9])?)?|MO|MI|AF|EV|NI|DT))"
# a week's day is one digit (ISO, 1 = Monday) or WE (the weekend): 2022-W08-7, XXXX-WXX-WE
_DATE_ATOM = (
    r"(?:[0-9X]{4}(?:-(?:W[0-9X]{2}(?:-(?:[1-7]|WE))?|[0-9X]{2}(?:-[0-9X]{2})?|H[12]|Q[1-4]|SP|SU|FA|WI))?"
    rf"{_TIME_ATOM}?)"
)
_DURATION = r"(?:P(?:(?:[0-9.]+|X)[YMWD])*(?:T(?:(?:[0-9.]+|X)[HMS])*)?)"
DATE_VALUE_RE = {
    "date": re.compile(rf"^{_DATE_ATOM}(?:/{_DATE_ATOM})?$"),
    "duration": re.compile(rf"^{_DURATION}$"),
    "time": re.compile(rf"^{_TIME_ATOM}(?:/{_TIME_ATOM})?$"),
}
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")


def norm_problem(label: str, norm: object) -> str | None:
    """Return why ``norm`` is not a valid norm for ``label``, or None when it is."""
    if not isinstance(norm, dict):
        return "norm must be an object"
    if label == "MONEY":
        if set(norm) != {"amount", "currency"}:
            return "MONEY norm has exactly the keys amount, currency"
        amount = norm["amount"]
        if amount is not None and (not isinstance(amount, int) or isinstance(amount, bool) or amount < 0):
            return "MONEY amount must be a non-negative integer or null"
        if not isinstance(norm["currency"], str) or not CURRENCY_RE.match(norm["currency"]):
            return "MONEY currency must be an ISO 4217 code such as KRW"
        return None
    if label == "DATE":
        if set(norm) != {"type", "value"}:
            return "DATE norm has exactly the keys type, value"
        if norm["type"] not in DATE_TYPES:
            return f"DATE type must be one of {', '.join(DATE_TYPES)}"
        value = norm["value"]
        if value is None:
            return None
        if not isinstance(value, str) or not DATE_VALUE_RE[norm["type"]].match(value):
            return f"DATE value {value!r} is not a TIMEX3 {norm['type']} value"
        return None
    if label == "METRIC":
        if set(norm) != {"value", "unit", "approx"}:
            return "METRIC norm has exactly the keys value, unit, approx"
        value = norm["value"]
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            return "METRIC value must be a number or null"
        if not isinstance(norm["unit"], str) or not norm["unit"] or norm["unit"] != norm["unit"].strip():
            return "METRIC unit must be a non-empty string without surrounding spaces"
        if not isinstance(norm["approx"], bool):
            return "METRIC approx must be true or false"
        return None
    if label in ("ORG", "PROGRAM"):
        if set(norm) != {"id"}:
            return f"{label} norm has exactly the key id"
        if not isinstance(norm["id"], str) or not norm["id"].strip():
            return f"{label} id must be a non-empty string"
        return None
    return f"unknown label {label!r}"
