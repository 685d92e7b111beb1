"""The check-ins' section of the Us page (registered in couples.sections)."""

from checkins.forms import AcknowledgementForm
from checkins.queries import latest_partner_checkin


def partner_latest(viewer) -> dict:
    """The partner's latest shared check-in (its shared parts only), ready to acknowledge."""
    return {"view": latest_partner_checkin(viewer), "ack_form": AcknowledgementForm()}
