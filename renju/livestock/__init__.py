"""Livestock (S3): farms, household livestock, manure produced and utilised, dead animals."""
