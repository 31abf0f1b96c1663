"""Supervision (督查督办): supervision tickets (督办单) counted in working days, listed hazards (挂牌督办)
and summonses (约谈) (issue 11)."""
