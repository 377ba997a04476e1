"""Conversation flows. Transport-neutral: handlers take an `Incoming` event and return actions."""
