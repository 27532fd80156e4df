"""``office-hours-deferral``: on a social channel, putting the customer off until
office hours."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Severity
from ._tone import hit_suggestion, in_sentence, whole_words
from .base import DraftContext, Example, Finding, Rule, RuleDocs
from .registry import register


@register
class OfficeHoursDeferral(Rule):
    slug = "office-hours-deferral"
    severity = Severity.WARNING
    message = "Defers a social-media customer to office hours"
    phrase_lists = ("deferral", "closed", "later", "follow-up", "always-on")
    triggers = ("deferral", "closed")
    suggestion = (
        "Help now, in the thread or a DM; if a team is closed, say what you can do meanwhile "
        "and when they will contact the customer."
    )
    docs = RuleDocs(
        what=(
            'On a social channel (Twitter/X, Facebook, DMs), flags "call us in the morning", '
            '"try again tomorrow after 9am", "during office hours", "outside business hours", '
            'and "our office is closed" when the draft points to later (tomorrow, the morning, '
            'Monday). A follow-up ("call us tomorrow if it\'s still down") and a draft that '
            "says help is there 24/7 pass. E-mail, SMS and chat are not judged: set `social` "
            "per channel."
        ),
        why=(
            "\"The old model of 'call us in the morning' is gone forever. Mobile carrier "
            "customer satisfaction is a 24/7 job. Those who fail to realize this will rapidly "
            'lose customers" (seed 000).'
        ),
        seeds=("000",),
        instead=(
            "Take it on now: \"Sorry Zara, that's stressful before a deadline. DM us your "
            "account number and we'll run a line test tonight.\""
        ),
        guidance="On social media care is 24/7: don't send customers away until morning (seed 000).",
    )
    failing = (
        Example(
            "Our support team is offline now. Please call us in the morning.",
            channel="twitter",
            flagged="call us in the morning",
        ),
        Example(
            "Sorry Yusuf, our cards team is closed for the holidays until tomorrow.",
            channel="facebook",
            flagged="our cards team is closed",
        ),
        Example(
            "Our technical team works 9-5. Please call 0808 157 0456 during office hours.",
            channel="twitter",
            flagged="during office hours",
        ),
    )
    passing = (
        Example(
            "Our support team is offline now. Please call us in the morning.",
            channel="email",
            note="not a social channel",
        ),
        Example(
            "We're VERY sorry Lena! An engineer will be with you tomorrow between 8am and 12pm.",
            channel="twitter",
        ),
        Example(
            "Our Special Assistance team is on 0808 157 0192, 24 hours a day.",
            channel="twitter",
        ),
        Example(
            "Our stores are closed, but you can order online and we'll deliver free.",
            channel="facebook",
        ),
        Example(
            "Sorry Ann! Restart the router now; call us tomorrow if it's still down.",
            channel="twitter",
            note="a follow-up if the fix fails, not a deferral",
        ),
        Example(
            "Our phone team works 9-5, but we're here on Twitter 24/7: DM us your postcode.",
            channel="twitter",
        ),
    )

    def check(self, ctx: DraftContext) -> Iterable[Finding]:
        deferrals = ctx.hits("deferral")
        closed = ctx.hits("closed")
        if not (deferrals or closed):
            return ()  # every finding is one of these hits
        if not ctx.channel_config.social or ctx.hits("always-on"):
            return ()
        follow_ups = ctx.hits("follow-up")
        findings = [
            Finding(*whole_words(ctx, m), suggestion=hit_suggestion(m))
            for m in deferrals
            if not in_sentence(ctx, m, follow_ups)
        ]
        if not findings:
            # "Our office is closed" defers only when the draft points to later.
            later = ctx.hits("later")
            for m in closed:
                if any(x.start >= m.end for x in later):
                    findings.append(Finding(*whole_words(ctx, m)))
        return findings
