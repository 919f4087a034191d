"""knowledge library (documents, language versions, photos) and training (courses, modules, questions,
progress, attempts, completion certificates, events and registrations)

Revision ID: 0023
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "course",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("audiences", sa.String(length=200), nullable=False),
        sa.Column("classification", sa.String(length=20), nullable=False),
        sa.Column("pass_mark", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course")),
    )
    with op.batch_alter_table("course", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_course_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "library_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("published_by", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("classification", sa.String(length=20), nullable=False),
        sa.Column("topics", sa.String(length=500), nullable=False),
        sa.Column("audiences", sa.String(length=200), nullable=False),
        sa.Column("countries", sa.String(length=200), nullable=False),
        sa.Column("region", sa.String(length=200), nullable=True),
        sa.Column("period", sa.String(length=200), nullable=True),
        sa.Column("featured", sa.Boolean(), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.Column("curator_note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_document")),
    )
    with op.batch_alter_table("library_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_library_document_classification"), ["classification"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_library_document_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_library_document_kind"), ["kind"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_library_document_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_library_document_withdrawn"), ["withdrawn"], unique=False)

    op.create_table(
        "training_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("online_link", sa.String(length=500), nullable=True),
        sa.Column("trainers", sa.String(length=500), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("classification", sa.String(length=20), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=True),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_event")),
    )
    with op.batch_alter_table("training_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_event_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_training_event_starts_at"), ["starts_at"], unique=False)

    op.create_table(
        "assessment_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("results", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["course.id"],
            name=op.f("fk_assessment_attempt_course_id_course"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_attempt")),
    )
    with op.batch_alter_table("assessment_attempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_attempt_course_id"), ["course_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_attempt_user_id"), ["user_id"], unique=False)

    op.create_table(
        "assessment_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("choices", sa.Text(), nullable=False),
        sa.Column("answer", sa.String(length=120), nullable=False),
        sa.Column("object_id", sa.String(length=120), nullable=True),
        sa.Column("photo_sha256", sa.String(length=64), nullable=True),
        sa.Column("listing_text", sa.Text(), nullable=True),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["course.id"],
            name=op.f("fk_assessment_question_course_id_course"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_question")),
    )
    with op.batch_alter_table("assessment_question", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_question_course_id"), ["course_id"], unique=False)

    op.create_table(
        "completion_certificate",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("classification", sa.String(length=20), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("document_json", sa.Text(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["course.id"],
            name=op.f("fk_completion_certificate_course_id_course"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_completion_certificate")),
    )
    with op.batch_alter_table("completion_certificate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_completion_certificate_course_id"), ["course_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_completion_certificate_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_completion_certificate_user_id"), ["user_id"], unique=False)

    op.create_table(
        "course_module",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=True),
        sa.Column("filename", sa.String(length=300), nullable=True),
        sa.Column("media_type", sa.String(length=120), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_course_module_course_id_course"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_module")),
    )
    with op.batch_alter_table("course_module", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_course_module_course_id"), ["course_id"], unique=False)

    op.create_table(
        "course_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("learner", sa.String(length=200), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("modules_done", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("best_score", sa.Integer(), nullable=True),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_course_progress_course_id_course"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_progress")),
        sa.UniqueConstraint("course_id", "user_id", name=op.f("uq_course_progress_course_id")),
    )
    with op.batch_alter_table("course_progress", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_course_progress_completed_at"), ["completed_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_course_progress_course_id"), ["course_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_course_progress_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_course_progress_user_id"), ["user_id"], unique=False)

    op.create_table(
        "event_registration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.Column("registered_by", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("attended", sa.Boolean(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("usefulness", sa.Integer(), nullable=True),
        sa.Column("comments", sa.Text(), nullable=True),
        sa.Column("evaluated_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["training_event.id"],
            name=op.f("fk_event_registration_event_id_training_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_registration")),
        sa.UniqueConstraint("event_id", "email", name=op.f("uq_event_registration_event_id")),
    )
    with op.batch_alter_table("event_registration", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_registration_event_id"), ["event_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_event_registration_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "library_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("caption", sa.String(length=500), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["library_document.id"],
            name=op.f("fk_library_photo_document_id_library_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_photo")),
    )
    with op.batch_alter_table("library_photo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_library_photo_document_id"), ["document_id"], unique=False)

    op.create_table(
        "library_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("change_note", sa.String(length=500), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=True),
        sa.Column("media_type", sa.String(length=120), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("extracted_text", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["library_document.id"],
            name=op.f("fk_library_version_document_id_library_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_version")),
        sa.UniqueConstraint(
            "document_id", "language", "version", name=op.f("uq_library_version_document_id")
        ),
    )
    with op.batch_alter_table("library_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_library_version_document_id"), ["document_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("library_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_library_version_document_id"))

    op.drop_table("library_version")
    with op.batch_alter_table("library_photo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_library_photo_document_id"))

    op.drop_table("library_photo")
    with op.batch_alter_table("event_registration", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_registration_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_event_registration_event_id"))

    op.drop_table("event_registration")
    with op.batch_alter_table("course_progress", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_course_progress_user_id"))
        batch_op.drop_index(batch_op.f("ix_course_progress_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_course_progress_course_id"))
        batch_op.drop_index(batch_op.f("ix_course_progress_completed_at"))

    op.drop_table("course_progress")
    with op.batch_alter_table("course_module", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_course_module_course_id"))

    op.drop_table("course_module")
    with op.batch_alter_table("completion_certificate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_completion_certificate_user_id"))
        batch_op.drop_index(batch_op.f("ix_completion_certificate_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_completion_certificate_course_id"))

    op.drop_table("completion_certificate")
    with op.batch_alter_table("assessment_question", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_question_course_id"))

    op.drop_table("assessment_question")
    with op.batch_alter_table("assessment_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_attempt_user_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_attempt_course_id"))

    op.drop_table("assessment_attempt")
    with op.batch_alter_table("training_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_event_starts_at"))
        batch_op.drop_index(batch_op.f("ix_training_event_organisation_id"))

    op.drop_table("training_event")
    with op.batch_alter_table("library_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_library_document_withdrawn"))
        batch_op.drop_index(batch_op.f("ix_library_document_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_library_document_kind"))
        batch_op.drop_index(batch_op.f("ix_library_document_created_at"))
        batch_op.drop_index(batch_op.f("ix_library_document_classification"))

    op.drop_table("library_document")
    with op.batch_alter_table("course", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_course_organisation_id"))

    op.drop_table("course")
