"""The neutral conversation core: events and actions, routers, the dispatcher, the handler
context and its typed services, reply helpers and the texts every feature shares.

Nothing here knows a Telegram library; features (the sibling packages) build on it.
"""
