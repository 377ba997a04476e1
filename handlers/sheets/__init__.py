"""Action sheets (fiches actions): the guided collection, theme by theme through the mosaic.

Modules: `dossier` (entry, dossier buttons) and `dossier_nav` (dossier and enjeu screens),
`ask` (services and question screens), `services`, `questions`, `conflict`, `summary`,
`card` (summary card), `files` (the attachments, to remove one), `inputs` (messages during a
sheet, attachments), `pictures` (mosaic PNG, PDF and XLSX exports), `personal` (RGPD section).
Importing the package registers them all on `router`.
"""

from handlers.sheets import conflict, dossier, files, inputs, leaving, personal, questions, services, summary  # noqa: F401
from handlers.sheets.router import router

__all__ = ["router"]
