"""What "all of my data" means, declared by each app in its own `export.py`.

    from datarights.registry import exclude, export, on_account_deletion

    export("rituals", "rituals.Ritual", owner="owner")
    export("practice_logs", "rituals.PracticeLog", owner="ritual__owner")
    exclude("support.SupportGrant", "partner", "the partner's own grant to me")
    on_account_deletion(services.forget_proposer)  # their words in what outlives them

`owner` is the lookup from the model to the person; `extra` names row properties exported
as columns too (text worded at export time). Every model that refers to a person
must be exported or excluded with a reason; tests/datarights/test_export.py enforces it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class Export:
    name: str
    model_label: str
    owner: str
    omit: tuple[str, ...] = field(default=())
    extra: tuple[str, ...] = field(default=())
    # Addressed to the person by someone else: only the rows the privacy rule lets them see
    # now (once a couple ends, what the former partner wrote stays in the author's export).
    visible_only: bool = False

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    def rows(self, user) -> models.QuerySet:
        value = user.pk if self.owner == "pk" else user
        rows = self.model._default_manager
        if self.visible_only:
            rows = rows.visible_to(user)
        return rows.filter(**{self.owner: value}).order_by("pk")

    def columns(self) -> list[models.Field]:
        return [
            column for column in self.model._meta.concrete_fields if column.name not in self.omit
        ]


EXPORTS: dict[str, Export] = {}
# Run (with the person) just before their account is deleted, in the same transaction: each
# takes the person's words out of rows that outlive them (shared texts, the other's copies).
ERASERS: list[Callable] = []
# (model label, field name or None for the whole model) -> why it is not exported.
EXCLUDED: dict[tuple[str, str | None], str] = {}


def export(
    name: str,
    model_label: str,
    owner: str,
    omit: tuple[str, ...] = (),
    extra: tuple[str, ...] = (),
    visible_only: bool = False,
) -> None:
    """Include the rows of `model_label` whose `owner` lookup is the person, as `name`
    (with `visible_only`, just those the privacy rule lets the person see now)."""
    spec = Export(name, model_label, owner, tuple(omit), tuple(extra), visible_only)
    if name in EXPORTS and EXPORTS[name] != spec:
        raise ValueError(f"Two different exports are called {name!r}.")
    EXPORTS[name] = spec


def export_answers(name: str, model_label: str, answered: str) -> None:
    """A partner answer's two sides (couples/answers.py), as `<name>_written` and
    `<name>_received`: those the person wrote, and those addressed to them on their own
    `answered` items, the latter mine to keep only while we are a couple (then the author's)."""
    export(f"{name}_written", model_label, owner="author")
    export(f"{name}_received", model_label, owner=f"{answered}__owner", visible_only=True)


def exclude(model_label: str, field_name: str | None, reason: str) -> None:
    """Leave a model (or one of its person fields) out of the export, saying why."""
    if not reason.strip():
        raise ValueError("An exclusion needs a reason.")
    EXCLUDED[(model_label, field_name)] = reason


def on_account_deletion(eraser: Callable) -> None:
    """Call `eraser(user)` when `user` deletes their account, before anything is deleted."""
    if eraser not in ERASERS:
        ERASERS.append(eraser)
