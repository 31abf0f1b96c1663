"""Names of the core's vocabulary (docs/contracts.md) for the pages: English msgids, Chinese by translation."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

CIRCUMSTANCE_LABELS = {
    "duty_not_performed": _("Duties not performed or not properly performed"),
    "obstruction": _("Obstructing or interfering with safety supervision or accident investigation"),
    "report_late": _("Late report of the accident (迟报)"),
    "report_omitted": _("Omitted report (漏报)"),
    "report_false": _("False report (谎报)"),
    "report_concealed": _("Concealed accident (瞒报)"),
    "accident_responsibility": _("Leadership responsibility for a production safety accident"),
    "listed_hazard_rectification_poor": _("Listed major hazard not rectified as required"),
    "regional_hazard_unresolved": _("Regional major hazard left unresolved"),
    "weak_crackdown": _("Weak crackdown on illegal production"),
    "other": _("Other circumstance the rules list"),
}
MEASURE_LABELS = {
    "circulated_criticism": _("Circulated criticism (通报)"),
    "admonishment": _("Admonishment (诫勉)"),
    "suspension": _("Suspension for review (停职检查)"),
    "reassignment": _("Reassignment (调整职务)"),
    "ordered_resignation": _("Ordered resignation (责令辞职)"),
    "demotion": _("Demotion (降职)"),
    "dismissal": _("Dismissal (免职)"),
    "discipline": _("Discipline sanction (处分)"),
    "explanation": _("Explanation (说明情况)"),
    "written_self_criticism": _("Written self-criticism (书面检查)"),
}
SANCTION_LABELS = {
    "warning": _("Warning (警告)"),
    "demerit": _("Demerit (记过)"),
    "major_demerit": _("Major demerit (记大过)"),
    "grade_reduction": _("Grade reduction (降级)"),
    "removal": _("Removal from office (撤职)"),
    "expulsion": _("Expulsion (开除)"),
    "party_warning": _("Party warning (党内警告)"),
    "party_serious_warning": _("Serious party warning (党内严重警告)"),
    "party_post_removal": _("Removal from party posts (撤销党内职务)"),
    "party_probation": _("Party probation (留党察看)"),
    "party_expulsion": _("Expulsion from the party (开除党籍)"),
}
RESTRICTION_LABELS = {
    "no_promotion": _("No promotion"),
    "no_equivalent_post": _("No post of equivalent rank"),
    "no_important_post": _("No important post (重用)"),
    "no_excellence_or_award": _("No excellence rating or award (评优评先)"),
    "no_leadership_post": _("No leadership post"),
}
ASSESSMENT_LABELS = {
    "excellent": _("Excellent (优秀)"),
    "good": _("Good (良好)"),
    "average": _("Average (一般)"),
    "poor": _("Poor (较差)"),
}
FACT_LABELS = {
    "remedial_measures": _("Took effective remedial measures on their own initiative"),
    "enterprise_evasion": _("The enterprise evaded supervision by deception"),
    "losses_expanded_by_poor_work": _("Poor work enlarged the losses"),
    "serious_social_impact": _("Serious social impact"),
    "egregious": _("Egregious dereliction with grave consequences"),
    "fully_performed_duties": _("Fully performed the duties (尽职)"),
    "risk_assessed_decision_without_direct_causation": _("A risk-assessed decision with no direct causal link (容错)"),
    "minor": _("Minor circumstances (情节较轻)"),
    "suspected_crime": _("Suspected crime"),
}
MITIGATION_LABELS = {
    "remedial_measures": _("effective remedial measures"),
    "enterprise_evasion": _("the enterprise evaded supervision"),
    "previous_year_excellent": _("previous year rated excellent"),
}


def measure_label(measure: str, sanction: str = "") -> str:
    text = str(MEASURE_LABELS.get(measure, measure))
    if sanction:
        text += "：" + str(SANCTION_LABELS.get(sanction, sanction))
    return text


def restriction_label(kind: str) -> str:
    return str(RESTRICTION_LABELS.get(kind, kind))


# The core's notes are English (zeren.policy is pure and has no translations): each known note in
# words, its ids named; an unknown note reads as a general remark so no English reaches the page.
_NOTES: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"(?P<c>\w+) is not a ground for accountability in \S+$"),
     _("Under this regulation, “%(c)s” is not a ground for accountability.")),
    (re.compile(r"accident_responsibility is claimed but no accident is given: grade unknown$"),
     _("Leadership responsibility for an accident is claimed, but no accident is linked: its grade is unknown.")),
    (re.compile(r"\S+ is contested \(see conflicts\): not applied until resolved$"),
     _("A rule is contested (see the conflicts): it is not applied until that is resolved.")),
    (re.compile(r"\S+ has no lighter path \(说明情况/书面检查\) for minor cases$"),
     _("This regulation has no lighter path (说明情况、书面检查) for minor cases.")),
    (re.compile(r"容错: the deciding body may exempt or lighten under the fault-tolerance principle$"),
     _("容错: the deciding body may exempt or lighten under the fault-tolerance principle.")),
    (re.compile(r"a promotion restriction has no end date in the texts"),
     _(
            "A promotion restriction has no end date in the texts: the answer stays no until the competent "
            "body sets its end."
        )),
    (re.compile(r"decided measure (?P<m>\w+) is not among the measures \S+ allows for these facts$"),
     _("The measure decided, %(m)s, is not among those this regulation allows on these facts.")),
    (re.compile(r"one-vote veto: its restrictions start with the decision, which is not recorded yet$"),
     _("One-vote veto: its restrictions start with the decision, which is not recorded yet.")),
    (re.compile(r"set_ends: (?P<r>\w+) has no open end to set; ignored$"),
     _("The end set for “%(r)s” was ignored: that restriction has no open end.")),
    (re.compile(r"set_ends: the end of (?P<r>\w+) must come after its start; ignored$"),
     _("The end set for “%(r)s” was ignored: it must come after the start.")),
]


def note_label(note: str) -> str:
    """A note of the core's verdict in words: pack readings are Chinese already and pass unchanged."""
    for pattern, text in _NOTES:
        match = pattern.search(note)
        if match:
            names = {
                "c": CIRCUMSTANCE_LABELS.get(match.groupdict().get("c", ""), ""),
                "m": MEASURE_LABELS.get(match.groupdict().get("m", ""), ""),
                "r": RESTRICTION_LABELS.get(match.groupdict().get("r", ""), ""),
            }
            return str(text) % {k: str(v) for k, v in names.items()}
    if re.search(r"[A-Za-z]{3,}", note):
        return str(_("The policy core left a technical remark on this verdict (see the technical details)."))
    return note
