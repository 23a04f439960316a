"""Analysis stage: KPIs and their uncertainty, from answer counts only."""
