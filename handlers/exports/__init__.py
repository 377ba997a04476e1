"""Files for staff: attendee lists and other exports (CSV for French Excel, XLSX)."""
