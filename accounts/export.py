from datarights.registry import exclude, export

export(
    "profile",
    "accounts.User",
    owner="pk",
    omit=("password", "is_superuser", "is_staff"),
)
exclude("accounts.SessionRecord", None, "session bookkeeping: security material, not content")
exclude("accounts.TwoFactor", None, "the two-step secret must never leave the server")
exclude("accounts.RecoveryCode", None, "hashes of recovery codes: security material")
exclude(
    "accounts.SingleSignOnLink",
    None,
    "which sign-in at this host's identity provider opens the account: security material, "
    "meaningless on another instance",
)
exclude(
    "accounts.SignupInvitation",
    None,
    "the host's one-time sign-up links (a hash, who made and used one): the host's "
    "bookkeeping, holding none of the person's words",
)
