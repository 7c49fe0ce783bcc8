"""A report the checks find errors in is a draft: every page carries a watermark (征求意见稿).

The firm chooses the words with JIXIAO_DRAFT_MARK; `jixiao report --final` refuses to
write a report while errors remain, so nothing contradictory is delivered as final.
"""

from __future__ import annotations

import os
from xml.sax.saxutils import quoteattr

from docx.oxml import parse_xml

DRAFT_MARK_SETTING = "JIXIAO_DRAFT_MARK"
DEFAULT_DRAFT_MARK = "征求意见稿"
MAX_MARK_CHARS = 20

# Word's own text watermark (设计 → 水印): a VML text path behind the page, centred, at 45°;
# LibreOffice reads it as its watermark too
WATERMARK = (
    '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
    '<w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr><w:r><w:pict>'
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
    'path="m@7,l@8,m@5,21600l@6,21600e"><v:path textpathok="t" o:connecttype="custom"/>'
    '<v:textpath on="t" fitshape="t"/></v:shapetype>'
    '<v:shape id="PowerPlusWaterMarkObject{n}" o:spid="_x0000_s{spid}" type="#_x0000_t136" '
    'style="position:absolute;margin-left:0;margin-top:0;width:440pt;height:110pt;rotation:315;'
    'z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;'
    'mso-position-vertical:center;mso-position-vertical-relative:margin" o:allowincell="f" '
    'fillcolor="silver" stroked="f"><v:fill opacity=".5"/>'
    '<v:textpath style="font-family:&quot;SimSun&quot;;font-size:1pt" string={text}/></v:shape>'
    '</w:pict></w:r></w:p>'
)


def draft_mark() -> str:
    """The watermark words: JIXIAO_DRAFT_MARK, else 征求意见稿 (at most 20 characters)."""
    text = " ".join(os.environ.get(DRAFT_MARK_SETTING, "").split())
    return text[:MAX_MARK_CHARS] or DEFAULT_DRAFT_MARK


def _headers(doc):
    """Every header a page can show: each section's own, the first section's always made."""
    for k, section in enumerate(doc.sections):
        kinds = [section.header]
        if section.different_first_page_header_footer:
            kinds.append(section.first_page_header)
        if doc.settings.odd_and_even_pages_header_footer:
            kinds.append(section.even_page_header)
        for header in kinds:
            if k == 0 or not header.is_linked_to_previous:
                yield header


def mark_draft(doc, text: str) -> int:
    """Put the watermark into every header; how many headers were marked."""
    marked = 0
    for n, header in enumerate(_headers(doc), start=1):
        header.is_linked_to_previous = False  # the first section's header is created when missing
        xml = WATERMARK.format(n=n, spid=2048 + n, text=quoteattr(text))
        header._element.append(parse_xml(xml))
        marked += 1
    return marked
