"""Inspection tours (巡查): plans, groups, findings (问题清单), feedback (反馈) and rectification
(整改, 销号, 回头看) (issue 11)."""
