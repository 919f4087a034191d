"""E-mails and inbox notices are written in their recipient's language (the language kept on the
account), English when none was chosen; a notice to a whole organisation is shown in its reader's."""

from __future__ import annotations

from email.header import decode_header, make_header

from sqlalchemy import select

from heritrace.accounts.models import User
from heritrace.accounts.service import actor_of
from heritrace.alerts.schemas import SubscriptionIn
from heritrace.core.i18n import N_, Message, use_locale
from heritrace.inbox.models import InboxEntry
from heritrace.inbox.service import Notice
from heritrace.objects.choices import label_message
from heritrace.partners.models import Organisation
from tests.conftest import add_member, add_organisation
from tests.receivers import smtp_server


def _actor(platform, member):  # noqa: ANN001, ANN202
    with platform.sessions() as s:
        return actor_of(s.get(User, member.user_id), s.get(Organisation, member.organisation_id))


def _inbox(platform, member) -> list[InboxEntry]:  # noqa: ANN001
    with platform.sessions() as s:
        return list(s.scalars(select(InboxEntry).where(InboxEntry.user_id == member.user_id)))


def _body(mail) -> str:  # noqa: ANN001 - an email.message.Message
    return mail.get_payload(decode=True).decode(mail.get_content_charset() or "utf-8")


def test_a_notice_reaches_a_french_speaker_in_french_and_others_in_english(platform):  # noqa: ANN001
    org = add_organisation(platform, "Brigade de Lyon", "police", country="FR")
    french = add_member(platform, "inspectrice", org, ["investigator"])
    english = add_member(platform, "inspector", org, ["investigator"])
    platform.accounts.set_language(_actor(platform, french), "fr")
    with smtp_server() as (port, mails):
        platform.settings.smtp_port = port
        platform.alerts.subscribe(
            _actor(platform, french),
            SubscriptionIn(channels=["inbox", "email"], email="inspectrice@lyon.example"),
        )
        platform.alerts.notify(
            [org],
            "due_diligence_hit",
            Message(
                N_("Due-diligence check %(check)s: %(verdict)s on your record %(record)s"),
                {"check": "CHK-9", "verdict": label_message("possible"), "record": "FR-1"},
            ),
            Message(
                N_("Photo identification: %(verdict)s on your record %(record)s"),
                {"verdict": label_message("match"), "record": "FR-1"},
            ),
        )
    [fr_entry], [en_entry] = _inbox(platform, french), _inbox(platform, english)
    assert (
        "Vérification de diligence CHK-9" in fr_entry.subject and "sur votre fiche FR-1" in fr_entry.subject
    )
    assert fr_entry.subject.startswith("[Résultat de diligence]")
    assert "Identification par photo" in fr_entry.body and "de Heritrace" in fr_entry.body
    assert (
        en_entry.subject
        == "[Due-diligence hit] Due-diligence check CHK-9: possible match on your record FR-1"
    )
    assert "Photo identification: match on your record FR-1" in en_entry.body
    [mail] = mails
    assert mail["To"] == "inspectrice@lyon.example"
    subject = str(make_header(decode_header(mail["Subject"])))
    assert "[Résultat de diligence] Vérification de diligence CHK-9" in " ".join(subject.split())
    assert "Identification par photo" in _body(mail)
    # the alert keeps its English text (the audit's record), and its page follows the reader's language
    with use_locale("fr"):
        shown = platform.alerts.visible(_actor(platform, french))[0]
    assert shown["title"].startswith("Vérification de diligence")
    assert platform.alerts.visible(_actor(platform, english))[0]["title"].startswith("Due-diligence check")


def test_an_organisation_notice_is_shown_in_each_readers_language(platform):  # noqa: ANN001
    org = add_organisation(platform, "Musée de Lyon", "museum", country="FR")
    platform.diligence.inbox.post(
        [
            Notice(
                organisation_id=org,
                kind="case_message",
                subject=Message(N_("New message in case %(case)s from %(who)s"), {"case": 4, "who": "Museo"}),
                body="as written",
            )
        ]
    )
    with platform.sessions() as s:
        [entry] = s.scalars(select(InboxEntry).where(InboxEntry.organisation_id == org)).all()
    assert entry.subject == "New message in case 4 from Museo"  # stored in English
    with use_locale("fr"):
        assert entry.shown() == ("Nouveau message dans le dossier 4 de Museo", "as written")
    with use_locale("uk"):
        assert entry.shown()[0] == "Нове повідомлення у справі 4 від Museo"


def test_an_organisations_own_mailbox_gets_its_countrys_language():  # noqa: ANN001
    from heritrace.core.i18n import country_language

    assert [country_language(c) for c in ("UA", "FR", "CH", "EG", "MX", "CA", "IT", None)] == [
        "uk", "fr", "fr", "ar", "es", None, None, None,
    ]  # fmt: skip


def test_a_notice_to_an_organisations_shared_mailbox_is_in_its_countrys_language(platform):  # noqa: ANN001
    from heritrace.alerts.schemas import AlertIn

    org = add_organisation(platform, "Кіберполіція", "police", country="UA")
    admin = add_member(platform, "chief", org, ["org_admin", "investigator"])
    sender = add_member(platform, "sender", add_organisation(platform, "Museo", "museum"), ["registrar"])
    with smtp_server() as (port, mails):
        platform.settings.smtp_port = port
        platform.alerts.subscribe(
            _actor(platform, admin),
            SubscriptionIn(channels=["email"], email="chergovyi@cyberpolice.example"),
            organisation_default=True,
        )
        platform.alerts.send(
            _actor(platform, sender),
            AlertIn(type="theft_or_loss", title="Icon of Saint George stolen", body="Taken from the chapel."),
        )
    [mail] = [m for m in mails if m["To"] == "chergovyi@cyberpolice.example"]
    subject = str(make_header(decode_header(mail["Subject"])))
    assert "Icon of Saint George stolen" in subject  # the sender's own words stay as written
    with use_locale("uk"):
        from heritrace.objects.choices import plain_label

        kind = plain_label("theft_or_loss")
    assert kind in subject and "Theft" not in subject
