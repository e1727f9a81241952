"""Village sewage treatment: mode per village, facilities, O&M, Yellow River mainline villages,
joint toilet-sewage governance (S10, S11, S14)."""
