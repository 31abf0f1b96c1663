"""Annual assessment (考核, 评价考核): a year's assessment of the jurisdictions and departments an office
assesses under a scheme (考核细则), pre-filled from zeren's records, self-scored, reviewed, approved and
published; its results feed accountability cases, commendations and dossiers (issue 10)."""
