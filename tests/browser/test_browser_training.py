"""A learner passes a course with an identification exercise drawn from the register and downloads the
completion certificate, which the public verification page then accepts."""

from __future__ import annotations

import json

from heritrace.audit.unit import unaudited
from heritrace.core.actor import SYSTEM
from heritrace.objects.schemas import ObjectIn
from heritrace.training.schemas import CourseIn, ModuleIn, QuestionIn
from tests.browser.conftest import assert_fits_a_phone, sign_in_page
from tests.conftest import add_member, add_organisation
from tests.members import actor, photo_bytes


def test_browser_learner_passes_a_course_and_downloads_the_certificate(page, platform, tmp_path):  # noqa: ANN001
    museum = add_organisation(platform, "Museo Nazionale", "museum", country="IT")
    police = add_organisation(platform, "Carabinieri TPC", "police", country="IT")
    trainer = actor(platform, add_member(platform, "trainer", museum, ["registrar"]))
    learner = add_member(platform, "learner", police, ["analyst"])
    platform.objects.create(
        SYSTEM,
        ObjectIn(
            id="IT-ICON-77", title="Icon of Saint Nicholas, tempera on panel", classification="partners"
        ),
        [(photo_bytes(7), "icon.jpg")],
    )
    t = platform.training
    course = t.create_course(trainer, CourseIn(title="Icons at risk", audiences=["police"], pass_mark=100))
    t.add_module(
        trainer, course.id, ModuleIn(title="Where icons come from", body="Churches and monasteries.")
    )
    t.add_question(
        trainer,
        course.id,
        QuestionIn(kind="choice", prompt="Is an icon cultural property?", choices=["yes", "no"], answer=0),
    )
    t.add_question(
        trainer,
        course.id,
        QuestionIn(
            kind="identification", prompt="Which register record shows this icon?", object_id="IT-ICON-77"
        ),
    )

    sign_in_page(page, learner.username, learner.password)
    page.click("nav >> text=Training")
    page.click("#courses >> text=Icons at risk")
    page.wait_for_selector("#course-title")
    page.click("section.module button[id^=done-]")
    page.wait_for_selector("section.module[data-done=yes]")
    # the exercise shows the record's photo, not its id: the learner finds it in the register
    exercise = page.locator("fieldset[data-kind=identification]")
    page.wait_for_function("() => document.querySelector('fieldset[data-kind=identification] img').complete")
    assert exercise.locator("img").evaluate("img => img.naturalWidth") > 0
    assert "IT-ICON-77" not in page.content()
    register = page.context.new_page()
    register.goto("/objects?q=icon+saint+nicholas")
    found = register.locator("text=IT-ICON-77")
    assert found.count() >= 1
    register.close()
    page.check("fieldset[data-kind=choice] input[value='0']")
    exercise.locator("input[name^=q-]").fill("IT-ICON-77")
    page.click("#submit-assessment")
    page.wait_for_selector("#result")
    assert "Score 100%: passed" in page.inner_text("#result")
    assert page.locator("#completed").count() == 1
    page.click("#issue-certificate")
    page.wait_for_selector("#certificate-pdf")
    with page.expect_download() as download:
        page.click("#certificate-pdf")
    pdf = tmp_path / "certificate.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")

    # anyone checks it on the public verification page
    page.click("#sign-out")
    page.goto("/certificates/verify")
    page.set_input_files("#f-file", str(pdf))
    page.click("#verify")
    page.wait_for_selector("#verification")
    assert page.inner_text("#verification") == "Valid"
    shown = page.inner_text("#verified-completion-certificate")
    assert "Icons at risk" in shown and "Carabinieri TPC" in shown
    certificate_id = t.learner_view(actor(platform, learner), course.id)["certificate_id"]
    stored = json.loads(t.get_certificate(actor(platform, learner), certificate_id).document_json)
    assert stored["certificate"]["score"] == 100 and certificate_id in shown


def test_browser_trainer_builds_a_course_and_an_event(page, platform):  # noqa: ANN001
    museum = add_organisation(platform, "Museo Nazionale", "museum", country="IT")
    trainer = add_member(platform, "trainer", museum, ["registrar"])
    platform.objects.create(
        SYSTEM,
        ObjectIn(id="IT-LE-9", title="Seized krater", classification="law_enforcement"),
        [(photo_bytes(9), "krater.jpg")],
    )
    sign_in_page(page, trainer.username, trainer.password)
    page.goto("/training")
    page.click("#new-course")
    page.fill("#c-title", "Antiquities for dealers")
    page.check("input[name=audiences][value=market]")
    page.click("#course-submit")
    page.wait_for_selector("#authoring")
    page.fill("#m-title", "Provenance")
    page.fill("#m-body", "Ask where the object was before 1970.")
    page.click("#module-submit")
    page.wait_for_selector("section.module >> text=Provenance")
    page.fill("#mc-prompt", "Which year matters most?")
    page.fill("#mc-choices", "1970\n2001")
    page.click("#choice-submit")
    page.wait_for_selector("fieldset[data-kind=choice]")
    # a law-enforcement record is not for an audience of dealers
    page.fill("#id-object_id", "IT-LE-9")
    page.click("#identification-submit")
    page.wait_for_selector("#course-error")
    assert "may read" in page.inner_text("#course-error")
    page.fill("#id-listing_text", "Attic krater, old Swiss collection")
    page.click("#identification-submit")
    page.wait_for_selector("fieldset[data-kind=identification]")
    page.goto("/training")
    page.click("#new-event")
    page.fill("#e-title", "Webinar on provenance")
    page.select_option("#e-kind", "webinar")
    page.fill("#e-starts_at", "2031-03-01T10:00")
    page.fill("#e-ends_at", "2031-03-01T12:00")
    page.fill("#e-online_link", "https://meet.example.org/provenance")
    page.fill("#e-seats", "30")
    page.click("#event-submit")
    page.wait_for_selector("#event-title")
    assert page.inner_text("#seats") == "0 of 30 taken"


def test_browser_event_registration_approval_attendance_and_evaluation(page, platform):  # noqa: ANN001
    from datetime import timedelta

    from heritrace.db.base import utcnow
    from heritrace.training.models import TrainingEvent
    from heritrace.training.schemas import EventIn

    museum = add_organisation(platform, "Museo Nazionale", "museum", country="IT")
    police = add_organisation(platform, "Carabinieri TPC", "police", country="IT")
    organiser = add_member(platform, "organiser", museum, ["registrar"])
    officer = add_member(platform, "officer", police, ["analyst"])
    start = utcnow().replace(microsecond=0) + timedelta(days=3)
    event = platform.training.create_event(
        actor(platform, organiser),
        EventIn(
            kind="workshop",
            title="Coins workshop",
            starts_at=start,
            ends_at=start + timedelta(hours=4),
            place="Rome",
            seats=10,
        ),
    )
    sign_in_page(page, officer.username, officer.password)
    page.goto(f"/training/events/{event.id}")
    page.click("#register-self")
    page.wait_for_selector("#my-registration")
    assert "requested" in page.inner_text("#my-registration")
    page.click("#sign-out")

    sign_in_page(page, organiser.username, organiser.password)
    page.goto(f"/training/events/{event.id}")
    page.click("button[id^=approve-]")
    page.wait_for_selector("#seats >> text=1 of 10 taken")
    assert_fits_a_phone(page)  # the event with its registrations
    with platform.sessions.begin() as s:  # the day comes
        unaudited(s, "the test moves the event to the past")
        row = s.get(TrainingEvent, event.id)
        row.starts_at, row.ends_at = utcnow() - timedelta(hours=5), utcnow() - timedelta(hours=1)
    page.reload()
    page.click("button[id^=attended-]")
    page.wait_for_selector("td:has-text('yes')")
    page.click("#sign-out")

    sign_in_page(page, officer.username, officer.password)
    page.goto(f"/training/events/{event.id}")
    page.fill("input[name=rating]", "4")
    page.fill("input[name=usefulness]", "5")
    page.fill("textarea[name=comments]", "Good hands-on session")
    page.click("#evaluation-submit")
    page.wait_for_selector("#my-registration")
    assert page.locator("#evaluation-form").count() == 0
    page.click("#sign-out")
    sign_in_page(page, organiser.username, organiser.password)
    page.goto(f"/training/events/{event.id}")
    assert page.inner_text("#evaluation-summary") == "Evaluations: 1, rating 4.0/5, usefulness 5.0/5"
