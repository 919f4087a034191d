"""Knowledge library: guidance, legal texts, toolkits, checklists and categories-at-risk pages."""
