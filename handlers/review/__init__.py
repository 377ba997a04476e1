"""Staff review of the submitted action sheets (/relecture), /stats and the sheet exports.

Modules: `queue` (the list, oldest first), `view` (a sheet as staff see it, with its history),
`decisions` (Valider, and the entry of the flows), `correction` and `notes` (short flows),
`notify` (notices to the collectivity's members, via the outbox), `outcome`, `stats`,
`exports`. Importing the package registers them all on `router`.
"""

from handlers.review import correction, decisions, exports, notes, queue, stats  # noqa: F401
from handlers.review.router import router

__all__ = ["router"]
