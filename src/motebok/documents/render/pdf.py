"""PDF through WeasyPrint: PDF/A-3b, tagged (headings, lists, tables), with the language set."""

from __future__ import annotations

import logging
import threading
import warnings
from pathlib import Path

from django.conf import settings
from django.template import Context, Engine
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from motebok.documents.render import content as c

# WeasyPrint reports every layout step at INFO; that is noise in the server's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

# A private engine: the documents package is not a Django app, and its templates are for print.
_engine = Engine(
    dirs=[str(TEMPLATES)],
    libraries={"i18n": "django.templatetags.i18n"},
    debug=False,
)


def html(content: c.Content) -> str:
    """The document as HTML for print."""
    meeting = content.meeting
    language = translation.get_language() or settings.LANGUAGE_CODE
    items = [
        {
            "item": item,
            "kind": "" if content.is_minutes else c.kind_label(item),
            "blocks": c.blocks(item.text) if content.show_text else [],
            "proposal": c.blocks(item.proposed_conclusion) if not content.is_minutes else [],
            "conclusion": c.blocks(item.conclusion) if content.is_minutes else [],
            "contributions": [
                (c.contribution_heading(x), c.nest(c.contribution_points(x)))
                for x in (item.contributions.all() if content.is_minutes else [])
            ],
            "deadlines": [(c.short_date(t.due), t.text) for t in item.deadlines],
            "papers": item.papers,
        }
        for item in content.items
    ]
    context = {
        "content": content,
        "meeting": meeting,
        "language": language.split("-")[0],
        "title": c.title_of(content),
        "when": c.when(meeting),
        "created": timezone.now().isoformat(timespec="seconds"),
        "present": [(a, c.role_label(a)) for a in content.present],
        "absent": content.absent,
        "items": items,
        "followup": content.followup,
        # Safe: built only from the translation catalogue, quoted for CSS.
        "page_counter": mark_safe(_page_counter()),
    }
    return _engine.get_template("documents/meeting.html").render(Context(context))


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ") + '"'


def _page_counter() -> str:
    """CSS ``content`` for "Page 2 of 5" in the active language."""
    label = _("Page %(page)s of %(pages)s") % {"page": "\x00page\x00", "pages": "\x00pages\x00"}
    parts = label.split("\x00")
    return " ".join(
        f"counter({part})" if n % 2 else _css_string(part) for n, part in enumerate(parts) if part
    )


_fonts = threading.local()


def _font_config():
    """This thread's WeasyPrint font configuration, made once: setting up fontconfig anew took
    a tenth of every render."""
    if not hasattr(_fonts, "config"):
        from weasyprint.text.fonts import FontConfiguration

        _fonts.config = FontConfiguration()
    return _fonts.config


def render(content: c.Content) -> bytes:
    """The document as a PDF/A-3b, tagged PDF."""
    from weasyprint import HTML

    document = HTML(string=html(content), base_url=str(TEMPLATES))
    with warnings.catch_warnings():
        # WeasyPrint 70 opens its sRGB profile (the PDF/A output intent) and never closes it.
        warnings.simplefilter("ignore", ResourceWarning)
        return document.write_pdf(pdf_variant="pdf/a-3b", pdf_tags=True, font_config=_font_config())
