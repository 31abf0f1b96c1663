"""zeren.policy: the legal reasoning, pure Python (never imports Django).

Policy packs (YAML, ``zeren/packs``) → :func:`zeren.policy.loader.load` → engines for duty lists,
compliance, accidents, accountability and rewards, each verdict with its trace.
"""
