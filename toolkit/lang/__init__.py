"""Language-specific lexicons for the stages that need them (quote rules, ...)."""
