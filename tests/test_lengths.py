from __future__ import annotations

from replylint.lengths import char_length, sms_length, twitter_length


def test_ascii_counts_one_each() -> None:
    assert twitter_length("hello world") == 11


def test_urls_count_23() -> None:
    url = "https://web.archive.org/web/20200401224734/https://support.google.com/youtube/answer/1"
    assert twitter_length(f"see {url}") == 4 + 23
    assert twitter_length("see example.com/help.") == 4 + 23 + 1


def test_cjk_and_emoji_count_two() -> None:
    assert twitter_length("订单") == 4
    assert twitter_length("👍") == 2
    assert twitter_length("👩‍👩‍👧‍👦") == 2  # one ZWJ sequence
    assert twitter_length("🇵🇹") == 2


def test_leading_reply_mentions_are_free() -> None:
    assert twitter_length("@ann @bob thanks") == len("thanks")
    assert twitter_length("@ann") == 4  # a bare mention is the text itself


def test_sms_gsm7_and_ucs2() -> None:
    gsm = sms_length("Hello {world}")
    assert (gsm.value, gsm.limit) == (15, 160)  # braces take two septets each
    ucs = sms_length("Hello 😊")
    assert ucs.unit.startswith("UCS-2") and ucs.limit == 70 and ucs.value == 8


def test_char_length_counts_graphemes() -> None:
    assert char_length("e\u0301") == 1


def test_html_entities_count_as_the_character() -> None:
    assert twitter_length("Q&amp;A &lt;3") == len("Q&A <3")
    assert twitter_length("AT&T") == 4
