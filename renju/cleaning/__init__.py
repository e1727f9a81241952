"""Village cleaning (S3, S15): inspections and findings, campaigns, town rules and village
standards, cleaners and wages, cleaning contracts."""
