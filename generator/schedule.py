"""The committee's internal due dates: `schedule:` of year.yml (docs/contracts.md#content-tree),
read by `oit status` and checked by `oit validate`, so CI sees a mistake before the committee does."""
from __future__ import annotations

from dataclasses import dataclass, field

from .codes import normalize_item_code
from .content import year_settings
from .display import display_path
from .errors import ConfigError
from .findings import Finding
from .i18n import _
from .model import Year
from .thai import BEDate, ascii_digits
from .yamlio import LineDict


@dataclass
class Schedule:
    due: BEDate | None = None  # default due date of the year's items
    items: dict = field(default_factory=dict)  # item code -> BEDate
    monthly_days: int | None = None  # a month's document is due this many days after the month ends

    def due_of(self, code: str) -> BEDate | None:
        return self.items.get(code, self.due)


class ScheduleError(ConfigError):
    """A schedule: line that cannot be used; `oit validate` reports it as a finding (schedule_findings)."""

    def __init__(self, where: str, line, message: str):
        super().__init__(f"{where}:{line}: {message}")
        self.line, self.message = line, message


def schedule_findings(year: Year, catalog) -> list:
    """The schedule's mistakes as findings of `oit validate`, so CI sees them before the committee does."""

    try:
        load_schedule(year, catalog)
    except ScheduleError as err:
        return [Finding("config-invalid", None, display_path(year.folder / "year.yml"), err.line, err.message)]
    return []


def load_schedule(year: Year, catalog=None) -> Schedule:
    """`schedule:` of year.yml; a date or number that cannot be read, or (given the year's catalog)
    an item the catalog does not have, stops the run (ConfigError)."""
    path = year.folder / "year.yml"
    data = year_settings(year.folder, year.year)
    value = data.get("schedule")
    if value in (None, ""):
        return Schedule()
    where = display_path(path)
    if not isinstance(value, LineDict):
        raise ScheduleError(where, data.line_of('schedule'), _("schedule: must hold due:, items: and monthly_days: lines"))
    schedule = Schedule()
    if value.get("due") not in (None, ""):
        schedule.due = _schedule_date(value["due"], where, value.line_of('due'), "schedule.due")
    items = value.get("items")
    if items in (None, ""):
        items = LineDict()
    elif not isinstance(items, LineDict):
        raise ScheduleError(where, value.line_of('items'), _("schedule.items: must map item codes to dates, e.g. O23: 2566-01-31"))
    first: dict = {}  # code → the key that named it first (O1 and O01 are one item)
    for key, date in items.items():
        code = normalize_item_code(str(key))
        line = items.line_of(key)
        if code is None:
            raise ScheduleError(where, line, _("schedule.items: '{key}' is not an item code such as O23").format(key=key))
        if catalog is not None and catalog.item(code) is None:
            raise ScheduleError(where, line, _("schedule.items: '{key}' is not an item of {framework} ({codes})").format(
                key=key, framework=catalog.framework, codes=catalog.code_range()))
        if code in first:
            raise ScheduleError(where, line, _("schedule.items: '{key}' is item {code} again (line {line}); give each "
                                               "item one date").format(key=key, code=code, line=items.line_of(first[code])))
        first[code] = key
        schedule.items[code] = _schedule_date(date, where, line, f"schedule.items.{key}")
    days = value.get("monthly_days")
    if days not in (None, ""):
        schedule.monthly_days = _days(days, where, value.line_of('monthly_days'))
    return schedule


def _schedule_date(value, where: str, line, key: str) -> BEDate:
    try:
        return BEDate.parse(str(value))
    except ValueError as err:
        raise ScheduleError(where, line, f"{key}: {err}") from None


def _days(value, where: str, line) -> int:
    text = ascii_digits(str(value)).strip()
    if not text.isdigit() or int(text) > 366:
        raise ScheduleError(where, line, _("schedule.monthly_days: '{value}' is not a number of days (0 to 366), e.g. monthly_days: 15").format(
            value=value))
    return int(text)
