"""Personal data is masked before anything is stored or logged; other numbers are left alone."""

from __future__ import annotations

import pytest

from ui.services.redact import EMAIL, PHONE, PNR, redact


def luhn_digit(nine: str) -> str:
    total = 0
    for i, ch in enumerate(nine):
        v = int(ch) * (2 - i % 2)
        total += v - 9 if v > 9 else v
    return str((10 - total % 10) % 10)


def pnr(date6: str, serial3: str) -> str:
    return f"{date6}-{serial3}{luhn_digit(date6 + serial3)}"


@pytest.mark.parametrize(
    "number",
    [
        pnr("811218", "987"),  # personnummer, 10 digits with hyphen
        pnr("811218", "987").replace("-", ""),  # without separator
        "19" + pnr("811218", "987"),  # 12 digits
        ("19" + pnr("811218", "987")).replace("-", ""),
        pnr("811278", "987"),  # samordningsnummer: day + 60
        pnr("811218", "987").replace("-", "+"),  # over 100 years old
    ],
)
def test_valid_personnummer_and_samordningsnummer_are_masked(number):
    text = f"Jag heter Anna, mitt personnummer är {number}, vad gäller för mig?"
    out = redact(text)
    assert number not in out and PNR in out
    assert out.startswith("Jag heter Anna, mitt personnummer är ")


def test_numbers_failing_the_luhn_check_or_the_date_are_kept():
    good = pnr("811218", "987")
    bad_check = good[:-1] + str((int(good[-1]) + 1) % 10)
    bad_date = pnr("811318", "987")  # month 13
    text = f"Ärende {bad_check} och {bad_date}"
    assert redact(text) == text


@pytest.mark.parametrize(
    "phone",
    [
        "070-123 45 67",
        "0701234567",
        "+46 70 123 45 67",
        "+46701234567",
        "033-35 70 00",
        "08-123 456 78",
        "0046 33 357000",
    ],
)
def test_swedish_phone_numbers_are_masked(phone):
    out = redact(f"Ring mig på {phone} i morgon.")
    # ten bare digits can also be a valid personnummer: masked either way
    assert out in (f"Ring mig på {PHONE} i morgon.", f"Ring mig på {PNR} i morgon.")


def test_email_addresses_are_masked():
    out = redact("Skriv till anna.svensson+test@boras.se eller kontakt@exempel.co.uk, tack.")
    assert out == f"Skriv till {EMAIL} eller {EMAIL}, tack."


@pytest.mark.parametrize(
    "text",
    [
        "Vad hände 2021–2024 med Socialt hållbart Borås?",
        "Bidraget var 12 miljoner kronor under 2019–2021.",
        "Kommunstyrelsen beslutade 2023-11-20 om programmet.",
        "Borås hade 115 000 invånare och 4,5 procent arbetslöshet.",
        "Se 12 § i reglementet och sidan 0.",
    ],
)
def test_ordinary_numbers_dates_and_amounts_are_untouched(text):
    assert redact(text) == text


def test_empty_text():
    assert redact("") == ""
