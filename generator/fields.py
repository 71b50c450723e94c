"""Structured fields (oit_items/README.md#fields): one table of field kinds.

A catalog item may ask for structured values in its front matter: a list of records (O2
executives), one record (contact) or one web address (a Q&A channel). Everything that depends on
the kind is here: the shape a value must have, the records it holds, the example `oit new` writes,
the form of the browser editor and the template that shows it on the item page
(site_templates/pages/fields/<kind>.md.j2). Adding a kind means one class here and one template;
the catalog loader, validation, references, the renderer, the scaffold and the editor read this
table.
"""
from __future__ import annotations

from collections.abc import Callable

from .texts import is_web_url
from .i18n import _
from .yamlio import LineDict, LineList

# Thai labels of the keys of records (executives, contact), on the page and in the editor; others show their key
KEY_LABELS = {"name": "ชื่อ-นามสกุล", "position": "ตำแหน่ง", "photo": "รูปถ่าย", "phone": "โทรศัพท์",
              "email": "อีเมล", "address": "ที่อยู่", "map": "แผนที่", "fax": "โทรสาร"}
KEY_HINTS = {"map": "ลิงก์ เช่น Google Maps"}  # said in the editor's form only
URL_PATTERN = ["^https?://\\S+$", "ต้องเป็นที่อยู่เว็บเต็ม ขึ้นต้นด้วย https://"]  # the editor's check of a URL
# The CMS keeps the file name only: the item folder is where the file lives (content.py resolves it)
ITEM_FOLDER_MEDIA = {"media_folder": "", "public_folder": "", "choose_url": False}

AddFinding = Callable[[str, int | None, str], None]  # add(rule, line, message): a finding about the field


def record_keys(spec) -> list:
    """required, then any_of, urls and files: each key once, in that order."""
    return list(dict.fromkeys(spec.required + spec.any_of + spec.urls + spec.files))


class FieldKind:
    name = ""
    template = ""  # site_templates/pages/<template>
    is_url = False  # the value is one web address (which an evidence entry with url: may give instead)

    def records(self, value) -> list:
        """The records (mappings) a value holds, for checks key by key, references and pages."""
        return []

    def shaped(self, spec, value, line: int | None, add: AddFinding) -> list | None:
        """The records of a value of the right shape; None (with a finding) when it has the wrong one."""
        raise NotImplementedError

    def example(self, spec) -> str:
        """The front-matter lines `oit new` writes for the field."""
        raise NotImplementedError

    def editor_form(self, spec) -> dict:
        """The Decap CMS widget of the field."""
        raise NotImplementedError


class UrlKind(FieldKind):
    name, template, is_url = "url", "fields/url.md.j2", True

    def shaped(self, spec, value, line, add):
        if not is_web_url(value):
            add("field-invalid", line, _("'{name}' must be a web address starting with https://").format(name=spec.name))
            return None
        return []

    def example(self, spec):
        return f"{spec.name}: \"\"  # {spec.label}: https://…\n"

    def editor_form(self, spec):
        return {"name": spec.name, "label": spec.label, "widget": "string", "required": False, "pattern": URL_PATTERN}


class RecordKind(FieldKind):
    name, template = "record", "fields/record.md.j2"

    def records(self, value):
        return [value]

    def shaped(self, spec, value, line, add):
        return [value]

    def example(self, spec):
        return f"{spec.name}:  # {spec.label}\n" + "".join(f"  {key}: \"\"\n" for key in _example_keys(spec))

    def editor_form(self, spec):
        return {"name": spec.name, "label": spec.label, "widget": "object", "required": False,
                "fields": _editor_keys(spec)}


class ListKind(FieldKind):
    name, template = "list", "fields/list.md.j2"

    def records(self, value):
        return list(value) if isinstance(value, list) else []

    def shaped(self, spec, value, line, add):
        if not isinstance(value, LineList):
            add("field-invalid", line, _("'{name}' must be a list; start each entry with '- name: …'").format(name=spec.name))
            return None
        if len(value) < spec.min:
            add("field-missing", line, _("'{name}' needs at least {min} entries, found {count}").format(
                name=spec.name, min=spec.min, count=len(value)))
        return list(value)

    def example(self, spec):
        keys = _example_keys(spec)
        return f"{spec.name}:  # {spec.label}\n" + "".join(
            f"  {'- ' if number == 0 else '  '}{key}: \"\"\n" for number, key in enumerate(keys))

    def editor_form(self, spec):
        keys = _editor_keys(spec)
        form = {"name": spec.name, "label": spec.label, "label_singular": spec.label, "widget": "list",
                "required": spec.min > 0, "summary": "{{fields." + keys[0]["name"] + "}}", "fields": keys}
        return {**form, "min": spec.min} if spec.min > 0 else form


KINDS: dict[str, FieldKind] = {kind.name: kind for kind in (ListKind(), RecordKind(), UrlKind())}


def kind_of(spec) -> FieldKind:
    return KINDS[spec.kind]


def record_label(spec, number: int) -> str:
    """How findings and references name a record: 'executives[2]' in a list, 'contact' alone."""
    return f"{spec.name}[{number}]" if spec.kind == ListKind.name else spec.name


def is_record(value) -> bool:
    """A record as loaded, with the line of each key."""
    return isinstance(value, LineDict)


def _example_keys(spec) -> list:
    return list(spec.required) + [k for k in spec.any_of if k not in spec.required]


def _editor_keys(spec) -> list:
    return [_editor_key(spec, key) for key in record_keys(spec)]


def _editor_key(spec, key: str) -> dict:
    label = KEY_LABELS.get(key, key) + (f" ({KEY_HINTS[key]})" if key in KEY_HINTS else "")
    field = {"name": key, "label": label, "required": key in spec.required}
    if key in spec.files:
        widget = "image" if key == "photo" else "file"
        return {**field, "widget": widget, **ITEM_FOLDER_MEDIA}
    if key in spec.urls:
        return {**field, "widget": "string", "pattern": URL_PATTERN}
    return {**field, "widget": "string"}
