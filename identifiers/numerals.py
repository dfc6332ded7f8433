"""Roman numerals and English ordinals as CBD symbols and titles use them (UNEP/CBD/COP/DEC/XII/2, ANNEX III,
"Twenty-eighth meeting")."""

from __future__ import annotations

_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_SYMBOLS = ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
             "eighteenth", "nineteenth", "twentieth")
_TENS = {2: ("twenty", "twentieth"), 3: ("thirty", "thirtieth"), 4: ("forty", "fortieth")}


def int_to_roman(n: int) -> str:
    out = []
    for value, symbol in _SYMBOLS:
        while n >= value:
            out.append(symbol)
            n -= value
    return "".join(out)


def roman_to_int(text: str) -> int | None:
    """The value of a well-formed Roman numeral (any case), None otherwise ("IIII", "VX", "" are rejected)."""
    text = (text or "").upper()
    if not text or any(c not in _VALUES for c in text):
        return None
    total = 0
    for i, c in enumerate(text):
        value = _VALUES[c]
        total += -value if i + 1 < len(text) and _VALUES[text[i + 1]] > value else value
    return total if int_to_roman(total) == text else None


def is_roman(text: str) -> bool:
    return roman_to_int(text) is not None


def session_number(text: str) -> int | None:
    """A session written either way: "15" or "XV"."""
    return int(text) if text.isdigit() else roman_to_int(text)


def ordinal(n: int) -> str:
    """English ordinal word as meeting titles spell it ("twenty-eighth")."""
    if 1 <= n <= 20:
        return _ORDINALS[n - 1]
    tens, unit = divmod(n, 10)
    if tens not in _TENS:
        return f"{n}th"
    cardinal, round_ordinal = _TENS[tens]
    return f"{cardinal}-{_ORDINALS[unit - 1]}" if unit else round_ordinal
