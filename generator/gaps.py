"""What the public page of an incomplete item says is still missing (docs/contracts.md#public-pages):
Thai, in the assessor's terms (which part, which months), never a rule id, a YAML key, a path or an
instruction meant for the webmaster; those stay in `oit validate` and `oit status`.

A finding carries its own public sentence where it knows the months or the document (time_rules.py);
every other error gets its rule's sentence below. Warnings are the webmaster's business only."""
from __future__ import annotations

from .i18n import N_, th

# One sentence per rule for findings that carry none of their own (a visitor cannot act on which
# file is misnamed, only on the fact that a document is not there yet).
BY_RULE = {
    "item-missing": N_("This item has not been published yet"),
    "evidence-missing": N_("No evidence has been published yet"),
    "file-not-found": N_("A document listed for this item has not been published yet"),
    "path-outside-content": N_("A document listed for this item has not been published yet"),
    "file-too-large": N_("A document listed for this item has not been published yet"),
    "file-invalid": N_("A document of this item cannot be opened and is being replaced"),
    "pdf-invalid": N_("A document of this item cannot be opened and is being replaced"),
    "image-invalid": N_("A document of this item cannot be opened and is being replaced"),
    "field-missing": N_("Some information the criteria require is not complete yet"),
    "field-invalid": N_("Some information the criteria require is not complete yet"),
    "front-matter-invalid": N_("The information of this item is being corrected"),
    "period-invalid": N_("A document does not yet say which period it covers"),
    "broken-link": N_("A link on this page does not work yet and is being corrected"),
    "url-removed": N_("A web address submitted for this item has been removed and is being restored"),
    "pii-national-id": N_("A document is withheld while personal data is removed from it"),
    "pii-unchecked": N_("A document is withheld until it has been checked for personal data"),
}
OTHER = N_("This item does not yet meet the criteria in full; the agency is updating it")


def public_gaps(findings: list, part_labels: dict | None = None) -> list[str]:
    """The Thai sentences for the error findings of one item, each once, in order. With
    `part_labels` ({part id: label}), a sentence about one part of the item names that part."""
    out: list[str] = []
    for finding in findings:
        if not finding.is_error:
            continue
        text = finding.public or th(BY_RULE.get(finding.rule, OTHER))
        if part_labels and finding.part in part_labels:
            text = f"{part_labels[finding.part]}: {text}"
        if text not in out:
            out.append(text)
    return out
