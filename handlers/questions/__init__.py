"""Questions on the label: FAQ answers, suggestions, forwarding to staff, staff replies, inline mode."""
