from couples import services
from datarights.registry import exclude, export, on_account_deletion

export("couple_memberships", "couples.Membership", owner="user")
export("boundaries", "couples.Boundary", owner="owner")
exclude("couples.Invitation", None, "one-time link hashes: security material, not content")
export("vision_versions_written", "couples.VisionVersion", owner="author")
on_account_deletion(services.forget_author)
