"""Black-odorous water bodies (S12): ledger, samples, classification, the dynamic list."""
