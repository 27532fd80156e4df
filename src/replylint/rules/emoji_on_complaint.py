"""``emoji-on-complaint``: smileys and emoji in a reply to a customer who complains."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .._lazy import lazy_re, lazy_regex
from ..lengths import remembered_windows_1252
from ..models import Severity
from ._draft import Ranges, url_spans
from .base import DraftContext, Example, Finding, Need, Rule, RuleDocs
from .registry import register

# Text smileys: ":)", ":-D", ";)", "(:", "^_^", "xD", "<3". Not "10:30", not "https://".
_EMOTICON = lazy_regex(
    r"(?<![\w:/])(?:[:;=][-'^o]?[)\]DPp]|\([:;]|\^[_-]?\^|<3)(?![\w/])"
    r"|(?<![\w])[xX]D(?![\w])"
)
# One emoji "cluster": a pictograph with its modifiers, joiners and variation selectors,
# or a flag pair. ☺ (U+263A) is a pictograph too.
_EMOJI = lazy_regex(
    r"(?:\p{Extended_Pictographic}(?:[\N{VARIATION SELECTOR-16}\p{Emoji_Modifier}]"
    r"|\N{ZERO WIDTH JOINER}\p{Extended_Pictographic})*)+"
    r"|\p{Regional_Indicator}{2}"
)
# A character every ``_EMOJI`` match starts with (a superset of the pictographs and
# regional indicators; tests check every code point below U+203C).
_MAY_BE_EMOJI = lazy_re("[\u00a9\u00ae\u203c-\U0010ffff]")
# Emoji that show sympathy rather than cheer: fine on a complaint.
_SYMPATHETIC = frozenset("😔😞😟🙁☹😢😥😓😕💔🙏")
# Symbols that are text, not smileys, though Unicode calls them pictographs.
_TEXT_SYMBOLS = frozenset("©®™‼⁉↔↕↩↪▶◀➡⬅⬆⬇↗↘↙↖")


def emoji_spans(text: str, memo: dict[str, Any] | None = None) -> list[tuple[int, int]]:
    """Cheerful smileys and emoji in ``text`` (not sympathetic faces, not inside URLs).
    ``memo``: a draft's cache, where other rules keep its Windows-1252 bytes."""
    spans: list[tuple[int, int]] = []
    # Every pictograph and regional indicator is beyond ASCII, and all but © and ® are
    # at or above U+203C, beyond the accented letters, dashes and curly quotes of
    # ordinary text: the class below is scanned much faster than ``_EMOJI``. The only
    # pictographs in Windows-1252 are "©", "®" and "™", text symbols all, and an emoji
    # starts with one (a test checks): a text of Windows-1252 characters has no emoji.
    # (Its bytes are read only when another rule has kept them: encoding costs more
    # than the scan.)
    if (
        not text.isascii()
        and (memo is None or remembered_windows_1252(memo, text, encode=False) is None)
        and _MAY_BE_EMOJI.search(text) is not None
    ):
        for m in _EMOJI.finditer(text):
            base = m.group()[0]
            if base in _SYMPATHETIC or base in _TEXT_SYMBOLS:
                continue
            spans.append(m.span())
    if not _may_hold_emoticon(text):
        return spans
    emoticons = [m.span() for m in _EMOTICON.finditer(text)]
    if emoticons:  # the URLs are looked up only for a draft with a smiley
        urls = Ranges(url_spans(text))
        spans.extend(span for span in emoticons if not urls.overlaps(span[0], span[0]))
    return sorted(spans)


# Every text smiley ``_EMOTICON`` finds holds one of these: "<3", "xD", "XD", "^^", "^_^"
# or "^-^", "(" right before ":" or ";", or eyes (":;=") right before a mouth (")]DPp"),
# or before a nose ("-'^o") and a mouth. The patterns below are those faces, one per
# character they open with: each has a literal first character, which the standard
# library scans for in a tight loop (a class of first characters is tested one
# character at a time, several times dearer).
_CARET_FACE = lazy_re(r"\^[_-]?\^")
_COLON_FACE = lazy_re(r":[-'^o]?[)\]DPp]")
_SEMICOLON_FACE = lazy_re(r";[-'^o]?[)\]DPp]")
_EQUALS_FACE = lazy_re(r"=[-'^o]?[)\]DPp]")


def _may_hold_emoticon(text: str) -> bool:
    """False when ``_EMOTICON`` certainly finds nothing in ``text``: whether one of the
    faces above is in it. Eyes are common (links, times), whole faces rare: this spares
    the pattern's scan of most drafts.

    Each face is looked for only in a text that holds its first character (or its "D",
    for "xD" and "XD"): a one-character test is a fast ``memchr``. Every link holds a
    ":", so that face is searched for at once.
    """
    if ("<" in text and "<3" in text) or ("(" in text and ("(:" in text or "(;" in text)):
        return True
    if ("D" in text and ("xD" in text or "XD" in text)) or (
        "^" in text and _CARET_FACE.search(text) is not None
    ):
        return True
    return (
        _COLON_FACE.search(text) is not None
        or (";" in text and _SEMICOLON_FACE.search(text) is not None)
        or ("=" in text and _EQUALS_FACE.search(text) is not None)
    )


@register
class EmojiOnComplaint(Rule):
    slug = "emoji-on-complaint"
    severity = Severity.WARNING
    message = "Smiley or emoji in a reply to a complaint"
    needs = frozenset({Need.DRAFT, Need.CONVERSATION})
    suggestion = "Drop the smiley: let the apology and the fix carry the warmth."
    docs = RuleDocs(
        what=(
            "Flags each smiley or emoji — ☺, :), ;-), 😊, 🎉, 👍 … — in a reply to a customer "
            "whose latest messages complain or show anger. Sympathetic faces (😔, 🙁, 💔) and "
            "symbols inside links are left alone; on a reply to a happy customer emoji are "
            "fine."
        ),
        why=(
            "The guidance tells of a telco that butted into a complaint with \"How could I "
            'be of service to you today?☺": "adding a smiley did not cheer us up. Not one '
            'bit" (seed 003). To someone who is upset, a cheerful emoji reads as not '
            "taking the problem seriously."
        ),
        seeds=("003",),
        instead=(
            'Keep the words and lose the smiley: "Sorry about that, Sam. We\'ll refund '
            'the £45 within 3 working days."'
        ),
        guidance="Adding a smiley to a reply to a complaint does not cheer the customer up (seed 003).",
    )
    failing = (
        Example(
            "Sorry about the double charge, Sam 😊 We'll refund the £45 within 3 days.",
            context="@Brand you charged me twice for October. Not impressed.",
            flagged="😊",
        ),
        Example(
            "How could I be of service to you today?☺",
            context="@Brand I have completely lost faith in you, dropped calls every day",
            flagged="☺",
        ),
        Example(
            "We've booked an engineer for Thursday morning :)",
            context="@Brand 4th day without internet and still no engineer. Useless.",
            flagged=":)",
        ),
        Example(
            "Fixed it for you! 👍🏽 Your refund goes out today.",
            context="@Brand the app charged my card twice, this is ridiculous",
            flagged="👍🏽",
        ),
    )
    passing = (
        Example(
            "So glad to hear it, Zoe! 🎉 Unlimited Plus is $45/month.",
            context="@Brand loving the coverage since I switched! Any plans with more data?",
        ),
        Example(
            "Sorry about the double charge, Sam 😔 We'll refund the £45 within 3 days.",
            context="@Brand you charged me twice for October. Not impressed.",
        ),
        Example(
            "Engineers arrive at 10:30 today; status at https://status.example.com/:D-1",
            context="@Brand 4th day without internet and still no engineer. Useless.",
        ),
        Example("Have a great flight! ✈️"),
    )

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        spans = emoji_spans(ctx.text, ctx.cache)
        if not spans or not ctx.analysis.latest:
            return ()
        if not ctx.analysis.complaint:
            return ()
        return [Finding(start, end) for start, end in spans]
