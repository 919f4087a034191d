"""Regular meetings of the partners: series, meetings, agenda, minutes, decisions and action items."""
