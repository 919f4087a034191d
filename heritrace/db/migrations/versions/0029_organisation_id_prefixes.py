"""organisation id prefixes: each organisation gets a short unique code, the namespace of the ids its
members choose (heritrace.partners.prefixes); existing organisations get one made from their name

Records keep their ids: a code is given only when no record of anyone else already uses it as its
namespace.

Revision ID: 0029
Revises: 0028
"""

import sqlalchemy as sa
from alembic import op

from heritrace.partners import prefixes

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        batch.add_column(sa.Column("id_prefix", sa.String(length=12), nullable=True))
    conn = op.get_bind()
    organisation = sa.table(
        "organisation", sa.column("id"), sa.column("name"), sa.column("country"), sa.column("id_prefix")
    )
    given: set[str] = set()
    rows = conn.execute(
        sa.select(organisation.c.id, organisation.c.name, organisation.c.country).order_by(organisation.c.id)
    )
    for org_id, name, country in rows.all():
        code = prefixes.generate(
            name or "", country, lambda c, o=org_id: prefixes.code_taken(conn, c, o), given
        )
        given.add(code)
        conn.execute(sa.update(organisation).where(organisation.c.id == org_id).values(id_prefix=code))
    with op.batch_alter_table("organisation") as batch:
        batch.alter_column("id_prefix", existing_type=sa.String(length=12), nullable=False)
        batch.create_unique_constraint("uq_organisation_id_prefix", ["id_prefix"])


def downgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        batch.drop_constraint("uq_organisation_id_prefix", type_="unique")
        batch.drop_column("id_prefix")
