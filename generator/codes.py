"""The item code, in one place (docs/contracts.md#content-tree): how catalogs write it and how
item folders may name it."""
from __future__ import annotations

import re

from .thai import ascii_digits

# A catalog writes a code as capital letters and a number without leading zeros: O23, E1, MOIT5.
CODE_PATTERN = re.compile(r"([A-Z]{1,6})([1-9][0-9]*)")
# An item folder may add leading zeros (O023), Thai digits (O๒๓) or a lower-case o (o23, read with
# a warning); catalog loading refuses a code that normalize_item_code does not give back unchanged.
ITEM_DIR_PATTERN = re.compile(r"([A-Z]{1,6}|o)0*([1-9][0-9]*)")


def normalize_item_code(name: str) -> str | None:
    """'O1', 'O01', 'O๑', 'o1' → 'O1'; 'MOIT05' → 'MOIT5'; 'E1' → 'E1'; anything else → None."""
    match = ITEM_DIR_PATTERN.fullmatch(ascii_digits(name.strip()))
    return f"{match.group(1).upper()}{match.group(2)}" if match else None
