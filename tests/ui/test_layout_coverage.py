"""The layout check's list of dialogs is complete (issue 18): every ``QDialog`` subclass in
jifen_desktop/ui is opened by one of the layout tests (``DIALOGS`` of test_layout_dialogs.py,
test_layout_more_dialogs.py and test_layout_other_dialogs.py, the wizard's own test), or is in
``EXEMPT`` with the reason.
A new dialog that is in neither fails here, naming it."""

from __future__ import annotations

import importlib
import pkgutil

import test_layout_dialogs
import test_layout_more_dialogs
import test_layout_other_dialogs
from PySide6.QtWidgets import QDialog

import jifen_desktop.ui
from jifen_desktop.ui.evidence_viewer import EvidenceViewer
from jifen_desktop.ui.pages.township.targets_dialog import TargetsDialog
from jifen_desktop.ui.verify_dialog import VerifyScopeDialog
from jifen_desktop.ui.wizard import SetupWizard
from jifen_desktop.ui.year_close_wizard import YearCloseWizard

CHECKED_ELSEWHERE: dict[type[QDialog], str] = {
    SetupWizard: "test_layout_more_dialogs.test_every_wizard_page_fits_at_each_type_size",
    TargetsDialog: "test_township_scorecard.test_the_tab_and_the_dialog_fit_at_standard_and_largest",
    YearCloseWizard: "test_year_close_wizard.test_every_page_fits_at_each_type_size",
    EvidenceViewer: "test_review_evidence.test_the_photo_viewer_fits_at_1366",
    VerifyScopeDialog: "test_verify_township.test_the_choice_and_a_village_result_fit_at_each_type_size",
}
EXEMPT: dict[str, str] = {
    "jifen_desktop.ui.form_dialog.FormDialog": "the base of the form dialogs, checked in each",
    "jifen_desktop.ui.honour_award_dialog.HonourAwardDialog": "checked in test_layout_honours.py",
    "jifen_desktop.ui.honour_list.LiftAwardDialog": "checked in test_layout_honours.py",
    "jifen_desktop.ui.pdf_preview.PdfPreview": "checked in test_pdf_viewer_layout.py",
    "jifen_desktop.ui.person_archive_dialog.PersonArchiveDialog": "checked in test_layout_persons.py",
    "jifen_desktop.ui.household_change_dialogs.ChangeDialog": "the base of 分户/合户/注销户",
    "jifen_desktop.ui.household_change_dialogs.SplitDialog": (
        "checked in test_layout_household_changes.py"
    ),
    "jifen_desktop.ui.household_change_dialogs.MergeDialog": (
        "checked in test_layout_household_changes.py"
    ),
    "jifen_desktop.ui.household_change_dialogs.CloseDialog": (
        "checked in test_layout_household_changes.py"
    ),
    "jifen_desktop.ui.check_sheet_dialog.CheckSheetDialog": "checked in test_check_sheet_dialog.py",
    "jifen_desktop.ui.pages.settings.rule_compare_dialog.RuleCompareDialog": (
        "checked in test_rule_compare_dialog.py"
    ),
    "jifen_desktop.ui.pages.publication.notice_options.NoticeOptionsDialog": (
        "checked in test_pdf_viewer_layout.py"
    ),
    "jifen_desktop.ui.pages.settings.party_grades.PartyGradesDialog": (
        "checked in test_person_grades_gui.py"
    ),
}


def our_dialogs() -> set[str]:
    """Every QDialog subclass defined in jifen_desktop.ui, as module.Class."""
    for module in pkgutil.walk_packages(jifen_desktop.ui.__path__, "jifen_desktop.ui."):
        importlib.import_module(module.name)
    found: set[str] = set()
    todo = list(QDialog.__subclasses__())
    while todo:
        kind = todo.pop()
        todo += kind.__subclasses__()
        if kind.__module__.startswith("jifen_desktop.ui."):
            found.add(f"{kind.__module__}.{kind.__qualname__}")
    return found


def covered() -> set[str]:
    kinds = [
        kind
        for module in (test_layout_dialogs, test_layout_more_dialogs, test_layout_other_dialogs)
        for kind, _make in module.DIALOGS.values()
    ]
    return {f"{k.__module__}.{k.__qualname__}" for k in [*kinds, *CHECKED_ELSEWHERE]}


def test_every_dialog_is_checked_or_exempt_with_a_reason():
    dialogs = our_dialogs()
    assert len(dialogs) > 20  # the walk found the program's dialogs
    missing = sorted(dialogs - covered() - set(EXEMPT))
    assert not missing, "not in the layout check: " + ", ".join(missing)
    assert all(EXEMPT.values())


def test_the_lists_name_only_dialogs_that_exist():
    dialogs = our_dialogs()
    stale = sorted((covered() | set(EXEMPT)) - dialogs)
    assert not stale, "no such dialog: " + ", ".join(stale)


def test_the_tests_named_elsewhere_exist():
    for where in CHECKED_ELSEWHERE.values():
        module, test = where.split(".")
        assert callable(getattr(importlib.import_module(module), test, None)), where
