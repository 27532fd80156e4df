"""Plain computations the fast paths of the message analysis are checked against."""

from __future__ import annotations

from collections.abc import Sequence

from replylint.analysis import facts
from replylint.analysis.facts import brand_stem


def is_brand_handle(handle: str, brand_handles: Sequence[str]) -> bool:
    """Does ``handle`` (no ``@``) belong to the brand: its own handle, an alias, or a
    handle of the same family (``@HP`` for ``@HPSupport``, ``@AdobePremiere`` for
    ``@AdobeCare``)? One loop over the brand's handles."""
    handle = handle.lower()
    if handle in brand_handles:
        return True
    stem = brand_stem(handle)
    for brand in brand_handles:
        if " " in brand:  # a name written out, not a handle
            continue
        core = brand_stem(brand)
        if stem == core:
            return True
        if len(core) >= 4 and handle.startswith(core):
            return True
    return False


def surely_mentions(text: str, handle: str) -> bool:
    """How ``addressed_to_brand`` tells, without the mention pattern, that ``text``
    mentions ``handle`` (no "@") as written: True only when it does."""
    return facts._judged_handle(handle) and facts._stands_alone(text, "@" + handle)
