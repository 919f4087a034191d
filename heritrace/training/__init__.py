"""Training: courses, assessments with identification exercises, events, completion certificates."""
