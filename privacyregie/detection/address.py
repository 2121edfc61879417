"""A home address as a comparison key only: a keyed hash (HMAC-SHA256 with the kernel's pseudonym key,
``settings.PSEUDONYM_KEY``) of the normalised postcode and house number, so that the family-name-or-address
rule can compare an employee's home address with a consulted resident's without either being stored or
shown in the clear. The message is prefixed (``adres:``), so an address key never equals a BSN pseudonym.

Normalised: the postcode as four digits and two capital letters ("1234 ab" -> "1234AB"), the house number
as its digits only ("12a", "12-3", "12 bis" -> "12"): the building, not the flat, so that relatives in one
building are found too. Anything else is not an address here (``""``: no key, nothing compared).
"""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings

_POSTCODE = re.compile(r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})\s*$")
_NUMBER = re.compile(r"^\s*0*([1-9][0-9]{0,4})(?:\s*[-/]?\s*[A-Za-z0-9 ]{0,10})?\s*$")
_NUMBER_IN_ADDRESS = re.compile(r"(?:^|\s)0*([1-9][0-9]{0,4})(?=\D*$|\s*[-/]?\s*[A-Za-z0-9]{0,6}\s*$)")


def normalise(postal_code: str, house_number: str) -> str:
    """``"1234AB 12"``, or ``""`` when either part is not a Dutch postcode or house number."""
    postcode, number = _POSTCODE.match(postal_code or ""), _NUMBER.match(house_number or "")
    if not postcode or not number:
        return ""
    return f"{postcode.group(1)}{postcode.group(2).upper()} {int(number.group(1))}"


def house_number(address: str) -> str:
    """The house number in a street address as the case files keep it ("Kerkstraat 12a" -> "12";
    "2e Oosterparkstraat 10-3" -> "10"); ``""`` when there is none."""
    found = _NUMBER_IN_ADDRESS.findall(address or "")
    return found[0] if found else ""


def address_key(postal_code: str, house_number: str) -> str:
    """The keyed hash of the normalised address, or ``""`` when it is not an address."""
    text = normalise(postal_code, house_number)
    if not text:
        return ""
    return hmac.new(settings.PSEUDONYM_KEY.encode(), f"adres:{text}".encode(), hashlib.sha256).hexdigest()
