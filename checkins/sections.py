"""The check-ins' section of the Us page (registered in couples.sections)."""

from checkins.forms import AcknowledgementForm
from checkins.queries import latest_partner_checkin
from couples import versions


def partner_latest(viewer) -> dict:
    """The partner's latest shared check-in (its shared parts only), ready to acknowledge.

    Kept apart from the viewer's own notes (couples/versions.py): it shows the partner's
    check-in and the viewer's answers to it, and answering moves every version."""
    view = versions.kept(
        viewer,
        "checkins:partner_latest",
        lambda: latest_partner_checkin(viewer),
        apart_from_own_notes=True,
    )
    return {"view": view, "ack_form": AcknowledgementForm()}
