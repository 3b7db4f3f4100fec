"""Spelling-independent keys for place names, in Latin and Arabic script.

Reports transliterate Arabic names a dozen ways. Rather than listing
spellings, a name is reduced to a key that erases the differences
transliteration systems disagree on and keeps what they agree on:

- diacritics and the marks for ʿayn and hamza (ʿ ʾ ’ ' `) carry no letters;
- scientific letters become the English digraphs (ş→sh, ḫ→kh, ḏ→dh);
- the article al- and its assimilated forms (ar-, as-, ash-, ad-, an-, el-,
  ez- …) are dropped as separate tokens;
- doubled letters are written once (Raqqa = Raqa);
- vowels, and w/y used as vowels, collapse to one mark (Deir = Dayr,
  Zor = Zawr, Kobane = Kobani, Suwayda = Sweida);
- consonants that alternate between systems merge: q/k/g/gh, kh/h, dh/z,
  th/t, ch/sh (French), dj/j, ph/f.

Arabic script keeps its letters but loses short vowels, tatweel, the
hamza seats on alef, final taa marbuta/alef maqsura and the article ال.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Separate-token forms of the Arabic article, as transliterated.
ARTICLES: frozenset[str] = frozenset(
    [
        "al",
        "el",
        "il",
        "ul",
        "ar",
        "er",
        "as",
        "es",
        "ash",
        "esh",
        "ad",
        "ed",
        "an",
        "en",
        "az",
        "ez",
        "at",
        "et",
        "ath",
        "eth",
        "adh",
        "edh",
    ]
)
# Articles that are also English words: only taken as an article when
# hyphenated to the name or capitalised inside a name ("As Suwayda").
ENGLISH_ARTICLES: frozenset[str] = frozenset({"as", "an", "at", "ad", "en", "ed", "ash", "er"})

_APOSTROPHES = "'’‘ʿʾ`´ʻʼ′ʹ"
# Scientific transliteration letters → the digraphs English spellings use,
# applied before diacritics are stripped so ş and s stay apart.
_LETTERS = str.maketrans(
    {
        "ş": "sh",
        "Ş": "sh",
        "š": "sh",
        "Š": "sh",
        "ç": "ch",
        "Ç": "ch",
        "č": "ch",
        "ğ": "gh",
        "ġ": "gh",
        "ḡ": "gh",
        "ḫ": "kh",
        "ḵ": "kh",
        "ẖ": "kh",
        "ṯ": "th",
        "ḏ": "dh",
        "ı": "i",
        "İ": "i",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ß": "ss",
        "æ": "ae",
        "ə": "a",
        "Ə": "a",
        **dict.fromkeys(_APOSTROPHES, ""),
    }
)

# Consonant alternations between transliteration systems, longest first.
_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("sch", "S"),
    ("sh", "S"),
    ("ch", "S"),
    ("kh", "h"),
    ("gh", "k"),
    ("dh", "z"),
    ("th", "t"),
    ("dj", "j"),
    ("ph", "f"),
    ("ou", "u"),
)
_SINGLES = str.maketrans({"q": "k", "g": "k", "c": "k", "x": "ks", "v": "w"})
_VOWELS = frozenset("aeiouyw")

# A word: letters or digits, with apostrophes inside (Ma'arrat, A'zaz).
TOKEN_RE = re.compile(r"[^\W_]+(?:[" + _APOSTROPHES + r"][^\W_]+)*")

# ez-Zor written "Ezzor": article vowel, then the assimilated letter twice.
_JOINED_ASSIMILATED = re.compile(r"^[ae](sh|th|dh|[tdrzsn])\1(?=[a-z]{2})")
# al-Hasakah written "Alhasakah": al/el straight onto a consonant.
_JOINED_AL = re.compile(r"^[ae]l(?=[b-df-hj-np-tv-z][a-z]{2})")

_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
_ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ی": "ي", "ک": "ك"}
)
# The article with the proclitics that attach to it (wa-, bi-, fa-, li-).
_ARABIC_ARTICLE = re.compile(r"^(?:وبال|وال|بال|فال|لل|ال)")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text: where it is, its folded form and its keys."""

    start: int
    end: int
    text: str
    folded: str  # lowercase, no diacritics or apostrophes
    key: str  # transliteration-independent key ("" for articles)
    is_article: bool
    hyphen_after: bool  # joined to the next word by a hyphen (al-Bab)
    arabic: bool


def fold(text: str) -> str:
    """Lowercase, map scientific letters to digraphs, drop diacritics and ʿ ʾ ' marks."""
    text = text.translate(_LETTERS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.translate(_LETTERS).lower()


def is_arabic(word: str) -> bool:
    """True when the word is written in Arabic script."""
    return bool(_ARABIC_LETTER.search(word))


def arabic_key(word: str) -> str:
    """Key of an Arabic-script word: no short vowels, one alef, no article."""
    word = _ARABIC_MARKS.sub("", word).translate(_ARABIC_FOLD)
    stripped = _ARABIC_ARTICLE.sub("", word)
    return stripped if len(stripped) >= 2 else word


def latin_key(folded: str) -> str:
    """Key of one folded Latin word (see the module docstring for the rules)."""
    word = folded
    # ta marbuta and pausal h: Raqqah = Raqqa, Hamah = Hama.
    if len(word) > 3 and word.endswith("h") and word[-2] in "aeiou":
        word = word[:-1]
    for old, new in _DIGRAPHS:
        word = word.replace(old, new)
    word = word.translate(_SINGLES)
    out: list[str] = []
    for ch in word:
        mark = "V" if ch in _VOWELS else ch
        if out and out[-1] == mark:
            continue  # doubled letters and vowel runs count once
        out.append(mark)
    return "".join(out)


def joined_article_key(folded: str) -> str | None:
    """Key of a word with the article written into it (Ezzor, Assuwayda, Alhasakah), if it has one."""
    m = _JOINED_ASSIMILATED.match(folded)
    if m:
        return latin_key(folded[1 + len(m.group(1)) :])
    if _JOINED_AL.match(folded):
        return latin_key(folded[2:])
    return None


def word_key(word: str) -> str:
    """Key of one word in either script."""
    if is_arabic(word):
        return arabic_key(word)
    return latin_key(fold(word))


def tokenize(text: str) -> list[Token]:
    """Split text into words with their spans, folded forms and keys."""
    tokens: list[Token] = []
    for m in TOKEN_RE.finditer(text):
        raw, end = m.group(0), m.end()
        if len(raw) > 3 and raw[-1] in "sS" and raw[-2] in _APOSTROPHES:
            raw, end = raw[:-2], end - 2  # possessive: "Idlib's countryside"
        arabic = is_arabic(raw)
        folded = raw if arabic else fold(raw)
        is_article = not arabic and folded in ARTICLES
        nxt = text[end : end + 1]
        tokens.append(
            Token(
                start=m.start(),
                end=end,
                text=raw,
                folded=folded,
                key="" if is_article else (arabic_key(raw) if arabic else latin_key(folded)),
                is_article=is_article,
                hyphen_after=nxt in ("-", "‐", "‑", "–"),
                arabic=arabic,
            )
        )
    return tokens


def name_keys(name: str) -> list[str]:
    """Keys a gazetteer name is indexed under: with and without a joined article.

    The key of a multi-word name is its word keys joined by spaces, articles
    dropped; "Deir ez-Zor", "Dayr az Zawr" and "Deir Ezzor" share one.
    """
    words = [t for t in tokenize(name) if not t.is_article]
    if not words:
        return []
    keys = [" ".join(t.key for t in words)]
    if len(words) > 1 and not words[-1].arabic:
        stripped = joined_article_key(words[-1].folded)
        if stripped:
            keys.append(" ".join([*(t.key for t in words[:-1]), stripped]))
    if len(words) == 1 and not words[0].arabic:
        stripped = joined_article_key(words[0].folded)
        if stripped:
            keys.append(stripped)
    return keys
