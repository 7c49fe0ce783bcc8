"""The web workspace (Django): organisations, roles, evaluations as revisions."""
