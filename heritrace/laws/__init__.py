"""Law database: national laws, export regimes and treaty status, each fact with its source."""
