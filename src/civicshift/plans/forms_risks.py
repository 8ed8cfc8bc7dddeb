"""The picker of the municipal risk library on the risk register (``core/data/risk_library.yaml``):
choose one or several entries; they are added as drafts to adapt (``risks_from_library``)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.forms import Form
from django.utils.translation import gettext_lazy as _

from civicshift.core.risk_library import LibraryRisk, load_library


@dataclass(frozen=True)
class LibraryChoice:
    entry: LibraryRisk
    present: bool  # already in this register (added from the library before)


class RiskLibraryForm(Form):
    library_ids = forms.MultipleChoiceField(
        label=_("Risks to add"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick the risks that could happen to this work. Each is added as a draft: open it, "
            "change the words and numbers to fit, and set its status to Open. Drafts are not "
            "counted in the reserve, the buffer or the simulation until then."
        ),
        error_messages={"required": _("Tick at least one risk to add.")},
    )
    budget = forms.DecimalField(
        label=_("Budget (optional)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=_(
            "The project's budget. If you give it, each risk's cost if it happens is estimated "
            "as the share of the budget similar projects lost; if not, you fill in the cost."
        ),
    )

    def __init__(self, *args, present=(), **kwargs):
        super().__init__(*args, **kwargs)
        library = load_library()
        present = set(present)
        self.fields["library_ids"].choices = [
            (entry.id, entry.title) for entry in library.risks if entry.id not in present
        ]
        groups: dict[str, list[LibraryChoice]] = {}
        for entry in library.risks:
            groups.setdefault(entry.category, []).append(LibraryChoice(entry, entry.id in present))
        #: (category key, category label, choices), in the library's category order.
        self.groups = [
            (key, label, groups[key]) for key, label in library.categories.items() if key in groups
        ]

    def chosen(self) -> set[str]:
        """The ids ticked in the submitted data (to keep them ticked when the form returns)."""
        if not self.is_bound:
            return set()
        return set(self.data.getlist(self.add_prefix("library_ids")))
