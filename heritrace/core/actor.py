"""Who is acting: passed to every service call so that reads are restricted and writes attributed."""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("platform_admin", "org_admin", "registrar", "investigator", "analyst", "market_user")
WRITER_ROLES = frozenset({"platform_admin", "org_admin", "registrar"})
ADMIN_ROLES = frozenset({"platform_admin", "org_admin"})
# roles whose sign-in needs a second factor (TOTP)
SECOND_FACTOR_ROLES = frozenset({"platform_admin", "org_admin", "investigator"})
SCOPES = ("read", "write", "identify")


@dataclass(frozen=True)
class Actor:
    """A signed-in user, an API client, the CLI operator or the anonymous public.

    ``vetted`` and ``law_enforcement`` come from the actor's organisation at the time of the request;
    ``scopes`` is None for a browser session (all the user's rights) and the token's scopes otherwise;
    ``request_id`` ties every audit entry written for this request to the request; ``node_id`` names
    the peer node a federated request came from."""

    name: str
    user_id: int | None = None
    organisation_id: int | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    law_enforcement: bool = False
    vetted: bool = False
    scopes: frozenset[str] | None = None
    request_id: str | None = None
    session_id: str | None = None
    # set for a person of a peer node, acting through a request that node signed (heritrace.federation):
    # the organisation is this node's record of theirs, with the rights this node grants it
    node_id: int | None = None
    # the interface language a signed-in user chose (kept on their account), None when not chosen
    language: str | None = None

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None and "system" not in self.roles

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def may(self, scope: str) -> bool:
        """Whether the credential used for this request carries ``scope`` (sessions carry all)."""
        return self.scopes is None or scope in self.scopes


ANONYMOUS = Actor(name="anonymous")
# The operator at the console (CLI, demo generator): trusted like a platform administrator.
SYSTEM = Actor(
    name="system", roles=frozenset({"system", "platform_admin"}), law_enforcement=True, vetted=True
)
