"""Thai-language helpers: digits, Buddhist Era years, month names, dates, words."""
from __future__ import annotations

import datetime as _dt
import functools
import os
import re
import threading

from .i18n import _

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ASCII = str.maketrans(THAI_DIGITS, "0123456789")

BE_OFFSET = 543
MIN_BE_YEAR = 2400  # anything below is taken to be a CE year typed by mistake

MONTHS_TH = [
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
]
MONTHS_TH_SHORT = [
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
]


def ascii_digits(text: str) -> str:
    """Replace Thai digits by ASCII ones; everything else is kept."""
    return text.translate(_TO_ASCII)


def ce_to_be(year: int) -> int:
    return year + BE_OFFSET


def be_to_ce(year: int) -> int:
    return year - BE_OFFSET


def today_be() -> "BEDate":
    return BEDate.from_ce(_dt.date.today())


class BEDate:
    """A calendar date whose year is in the Buddhist Era."""

    __slots__ = ("year", "month", "day")

    def __init__(self, year: int, month: int, day: int):
        _dt.date(be_to_ce(year), month, day)  # raises ValueError when impossible
        self.year, self.month, self.day = year, month, day

    @classmethod
    def from_ce(cls, date: _dt.date) -> "BEDate":
        return cls(ce_to_be(date.year), date.month, date.day)

    @classmethod
    def parse(cls, text: str) -> "BEDate":
        """Parse YYYY-MM-DD in BE (Thai digits allowed); a year below 2400 is read as CE."""
        match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", ascii_digits(str(text)))
        if not match:
            raise ValueError(_("'{text}' is not a date; write YYYY-MM-DD in Buddhist Era, e.g. 2566-01-15").format(text=text))
        year, month, day = (int(g) for g in match.groups())
        if year < MIN_BE_YEAR:
            year = ce_to_be(year)
        try:
            return cls(year, month, day)
        except ValueError:
            raise ValueError(_("'{text}' is not a real date; write YYYY-MM-DD, e.g. 2566-01-15").format(text=text)) from None

    @property
    def month_index(self) -> int:
        return month_index(self.year, self.month)

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def thai(self) -> str:
        return f"{self.day} {MONTHS_TH[self.month - 1]} {self.year}"

    def __eq__(self, other):
        return isinstance(other, BEDate) and (self.year, self.month, self.day) == (other.year, other.month, other.day)

    def __repr__(self):
        return f"BEDate({self.iso()})"


def month_index(be_year: int, month: int) -> int:
    """Months counted from year 0 BE, so consecutive months differ by one."""
    return be_year * 12 + (month - 1)


def month_of_index(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


def month_name(index: int) -> str:
    """'ตุลาคม 2565' for the month index of October 2565."""
    year, month = month_of_index(index)
    return f"{MONTHS_TH[month - 1]} {year}"


def parse_be_year(value, what: str | None = None) -> int:
    """A BE year from text or int, Thai digits allowed. Raises ValueError with advice; `what` names
    the value in it (default: "year")."""
    what = _("year") if what is None else what
    text = ascii_digits(str(value)).strip()
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(_("{what} '{value}' is not a four-digit Buddhist Era year, e.g. 2566").format(what=what, value=value))
    year = int(text)
    if year < MIN_BE_YEAR:
        raise ValueError(
            _("{what} {year} looks like a Christian Era year; write it in Buddhist Era: {be_year}").format(
                what=what, year=year, be_year=ce_to_be(year))
        )
    return year


THAI_RUN = re.compile(r"[\u0e01-\u0e5b]+")


_LOADING = threading.Lock()


@functools.lru_cache(maxsize=1)
def _loaded_tokenizer():
    # Never write ~/pythainlp-data and never try to fetch corpora: newmm's dictionary ships in the wheel.
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    from pythainlp.tokenize import word_tokenize
    word_tokenize("ค้นหา", engine="newmm")
    return word_tokenize


def word_tokenizer():
    """PyThaiNLP's newmm word tokenizer, with its dictionary loaded (~0.4 s, once per process):
    dictionary-based, deterministic, no download. Search segments the index with it and the
    pages keep its words whole at line ends. Safe to call from a thread loading it early
    (load_words_meanwhile): the dictionary is loaded once."""
    with _LOADING:
        return _loaded_tokenizer()


def load_words_meanwhile() -> None:
    """Load the dictionary in a thread, while the caller waits on other processes (the file
    scan), instead of later on the way to the site engine."""
    threading.Thread(target=word_tokenizer, name="oit-thai-dictionary", daemon=True).start()


_KNOWN_WORDS: dict[str, tuple] = {}  # run → its words, learnt from an earlier build (learn_words)
_USED: dict[str, tuple] = {}  # run → its words, for every run this process was asked (keep_words)


def learn_words(known: dict) -> None:
    """Runs an earlier build already cut into words (its search index, the word cache): `thai_words`
    answers them without loading PyThaiNLP, so a build that changes one item does not pay for the dictionary."""
    _KNOWN_WORDS.update(known)


def knows_words() -> bool:
    """Whether runs were learnt (learn_words): then the dictionary is loaded only for a run that
    is not known, when it is met."""
    return bool(_KNOWN_WORDS)


def thai_words(run: str) -> tuple:
    """The words of a run of Thai letters: 'งบประมาณรายเดือน' → ('งบประมาณ', 'รายเดือน')."""
    words = _KNOWN_WORDS.get(run)
    if words is None:
        words = _KNOWN_WORDS[run] = _segment(run)  # known from now on in this process (a warm `oit serve`)
    _USED[run] = words
    return words


# --- the word cache: what PyThaiNLP made of each run, kept between builds --------------------------
# Most Thai text of a site comes from the catalogs and templates (item titles, criteria, labels), the
# same in every build: a build that finds all its runs here never loads the dictionary (~0.6 s
# before the engine can start, and its memory). Keyed on the run itself, under the PyThaiNLP
# version that segmented it. In the file cache's directory (filecache.cache_dir_for).

WORDS_FILE = "thai-words.json"
_STORED: set = set()  # the runs read from the word cache


def _words_salt() -> str:
    from importlib.metadata import version
    return f"1:pythainlp {version('pythainlp')}"


def remember_words(directory) -> None:
    """Learn the runs of the word cache in `directory` (a cache directory, or None for none)."""
    if directory is None:
        return
    import json
    try:
        data = json.loads((directory / WORDS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    runs = data.get("runs") if isinstance(data, dict) and data.get("salt") == _words_salt() else None
    if not isinstance(runs, dict):
        return
    known = {run: tuple(words.split("\u200b")) for run, words in runs.items()
             if isinstance(run, str) and isinstance(words, str) and words.replace("\u200b", "") == run}
    _STORED.update(known)
    learn_words(known)


def keep_words(directory) -> None:
    """Write the runs this build used to the word cache when some were not in it (atomically)."""
    if directory is None or set(_USED) <= _STORED:
        return
    from .filecache import write_cache_file
    runs = {run: "\u200b".join(words) for run, words in sorted(_USED.items())}
    if write_cache_file(directory, WORDS_FILE, {"salt": _words_salt(), "runs": runs}):
        _STORED.update(_USED)


def _segment(run: str) -> tuple:
    return tuple(w for w in word_tokenizer()(run, engine="newmm", keep_whitespace=False) if w)
