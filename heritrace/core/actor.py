"""Who is acting: passed to every service call so that reads are restricted and writes attributed."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Actor:
    """A signed-in user, an API client, the CLI operator or the anonymous public."""

    name: str
    user_id: int | None = None
    organisation_id: int | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    law_enforcement: bool = False

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None and "system" not in self.roles

    def has_role(self, role: str) -> bool:
        return role in self.roles


ANONYMOUS = Actor(name="anonymous")
# The operator at the console (CLI, demo generator): trusted like a platform administrator.
SYSTEM = Actor(name="system", roles=frozenset({"system", "platform_admin"}), law_enforcement=True)
