# The WeasyPrint side of gazette's issue PDFs (see the Go package edition).
#
#   python3 -c SCRIPT probe FAMILY...   one JSON line: the engine's versions, the
#                                       font file each family resolves to, and
#                                       the files that answer depends on
#   python3 -c SCRIPT make              for each JSON line {"html", "base",
#                                       "anchors"} on stdin, one JSON line
#                                       {"pdf" (base64), "pages", "anchors"
#                                       (name -> page, from 1), "warnings"}
#                                       or {"error"} on stdout
#
# Nothing is fetched while a PDF is made: the print HTML carries its own
# style sheet and fonts come from fontconfig, so a URL in a document body
# cannot make the build reach the network.
import base64
import ctypes
import json
import logging
import os
import sys

# With -c, Python looks for modules in the working directory first: a file
# there named like a module must not stand in for it.
sys.path = [p for p in sys.path if p not in ("", ".")]


def font(family):
    """The file and family that fontconfig gives for a font name."""
    fc = ctypes.CDLL("libfontconfig.so.1")
    fc.FcNameParse.restype = ctypes.c_void_p
    fc.FcNameParse.argtypes = [ctypes.c_char_p]
    fc.FcConfigSubstitute.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
    fc.FcDefaultSubstitute.argtypes = [ctypes.c_void_p]
    fc.FcFontMatch.restype = ctypes.c_void_p
    fc.FcFontMatch.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)]
    fc.FcPatternGetString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                      ctypes.POINTER(ctypes.c_char_p)]
    fc.FcPatternDestroy.argtypes = [ctypes.c_void_p]
    pattern = fc.FcNameParse(family.encode())
    fc.FcConfigSubstitute(None, pattern, 0)
    fc.FcDefaultSubstitute(pattern)
    result = ctypes.c_int()
    match = fc.FcFontMatch(None, pattern, ctypes.byref(result))
    out = {"name": family, "file": "", "family": ""}
    if match:
        for key in ("file", "family"):
            value = ctypes.c_char_p()
            if fc.FcPatternGetString(match, key.encode(), 0, ctypes.byref(value)) == 0:
                out[key] = value.value.decode("utf-8", "replace")
        fc.FcPatternDestroy(match)
    fc.FcPatternDestroy(pattern)
    if out["file"]:
        st = os.stat(out["file"])
        out["size"], out["mtime"] = st.st_size, st.st_mtime_ns
    return out


def probe(families):
    import weasyprint
    from weasyprint.text.ffi import pango
    v = pango.pango_version()
    out = {
        "weasyprint": weasyprint.__version__,
        "subsetter": "harfbuzz" if harfbuzz_subsetting() else "weasyprint",
        "cjk": cjk_typesetting(),
        "pango": "%d.%d.%d" % (v // 10000, v // 100 % 100, v % 100),
        "python": sys.version.split()[0],
        "fonts": [font(f) for f in families],
    }
    # The files this answer depends on: an upgrade of any changes one of
    # them, so the caller may keep the answer while none has changed.
    files = {sys.executable, weasyprint.__file__}
    for name in ("pydyf", "fontTools", "cffi"):
        module = sys.modules.get(name)
        if module is not None and getattr(module, "__file__", None):
            files.add(module.__file__)
    try:
        with open("/proc/self/maps") as maps:  # the shared libraries loaded (Linux)
            for line in maps:
                path = line.split()[-1]
                if path.startswith("/") and ".so" in path:
                    files.add(path)
    except OSError:
        pass
    files.update(f["file"] for f in out["fonts"] if f["file"])
    return {"version": out, "files": sorted(files)}


def harfbuzz_subsetting():
    """Makes WeasyPrint subset fonts with HarfBuzz instead of fontTools.

    WeasyPrint 57 subsets with fontTools, keeping every glyph ID of the font:
    for a Noto CJK font that walks all 65,535 glyphs several times, which
    makes every PDF slow whatever its size. HarfBuzz's subsetter (the one
    later WeasyPrint versions use) does the same work in a small fraction of
    the time. Where it is missing, or for a font it cannot subset,
    WeasyPrint's own way is kept. It returns whether HarfBuzz is used: the
    subset fonts, and so the PDFs, differ between the two.
    """
    try:
        from weasyprint.pdf import stream
        hb = ctypes.CDLL("libharfbuzz.so.0")
        hbs = ctypes.CDLL("libharfbuzz-subset.so.0")
    except (ImportError, OSError):
        return False
    if not hasattr(stream, "Font") or not hasattr(stream.Font, "clean"):
        return False
    vp, uint = ctypes.c_void_p, ctypes.c_uint
    hb.hb_blob_create.restype = vp
    hb.hb_blob_create.argtypes = [ctypes.c_char_p, uint, ctypes.c_int, vp, vp]
    hb.hb_face_create.restype = vp
    hb.hb_face_create.argtypes = [vp, uint]
    hb.hb_face_reference_blob.restype = vp
    hb.hb_face_reference_blob.argtypes = [vp]
    hb.hb_blob_get_data.restype = ctypes.POINTER(ctypes.c_char)
    hb.hb_blob_get_data.argtypes = [vp, ctypes.POINTER(uint)]
    hb.hb_set_add.argtypes = [vp, uint]
    hb.hb_tag_from_string.restype = uint
    hb.hb_tag_from_string.argtypes = [ctypes.c_char_p, ctypes.c_int]
    for name in ("hb_blob_destroy", "hb_face_destroy"):
        getattr(hb, name).argtypes = [vp]
    hbs.hb_subset_input_create_or_fail.restype = vp
    hbs.hb_subset_input_set.restype = vp
    hbs.hb_subset_input_set.argtypes = [vp, ctypes.c_int]
    hbs.hb_subset_input_set_flags.argtypes = [vp, uint]
    hbs.hb_subset_or_fail.restype = vp
    hbs.hb_subset_or_fail.argtypes = [vp, vp]
    hbs.hb_subset_input_destroy.argtypes = [vp]
    RETAIN_GIDS, DESUBROUTINIZE, NO_HINTING = 0x2, 0x4, 0x1
    GLYPH_INDEX, DROP_TABLE_TAG = 0, 3  # hb_subset_sets_t

    def subset(data, index, gids):
        blob = hb.hb_blob_create(data, len(data), 1, None, None)  # read-only: HarfBuzz copies nothing
        face = hb.hb_face_create(blob, index)
        plan = hbs.hb_subset_input_create_or_fail()
        out = None
        if plan:
            glyphs = hbs.hb_subset_input_set(plan, GLYPH_INDEX)
            for gid in gids:
                hb.hb_set_add(glyphs, gid)
            drop = hbs.hb_subset_input_set(plan, DROP_TABLE_TAG)
            for tag in (b"GSUB", b"GPOS", b"SVG "):
                hb.hb_set_add(drop, hb.hb_tag_from_string(tag, 4))
            hbs.hb_subset_input_set_flags(plan, RETAIN_GIDS | DESUBROUTINIZE | NO_HINTING)
            made = hbs.hb_subset_or_fail(face, plan)
            if made:
                made_blob = hb.hb_face_reference_blob(made)
                length = uint()
                ptr = hb.hb_blob_get_data(made_blob, ctypes.byref(length))
                if ptr and length.value:
                    out = ctypes.string_at(ptr, length.value)
                hb.hb_blob_destroy(made_blob)
                hb.hb_face_destroy(made)
            hbs.hb_subset_input_destroy(plan)
        hb.hb_face_destroy(face)
        hb.hb_blob_destroy(blob)
        return out

    slow = stream.Font.clean

    def clean(self, cmap):
        if cmap and self.ttfont is not None and not (self.png or self.svg or "fvar" in self.ttfont):
            data = subset(self.file_content, self.index, sorted(cmap))
            if data:
                self.file_content = data
                return
        slow(self, cmap)

    stream.Font.clean = clean
    return True


# The characters between which a line of Chinese text may take the space
# that justification adds: ideographs, kana, CJK and full-width punctuation.
def is_cjk(c):
    o = ord(c)
    return (0x3000 <= o <= 0x30ff or 0x3400 <= o <= 0x9fff or 0xf900 <= o <= 0xfaff
            or 0xff00 <= o <= 0xffef or 0x20000 <= o <= 0x3ffff)


# Marks that close (their space is after them) and that open (before them).
CLOSING = set("。，、；：？！」』）》〉】〕〗］｝")
OPENING = set("「『（《〈【〔〖［｛")


def trimmed(text):
    """The indexes of the punctuation marks of text to set half-width: of two
    marks side by side, the first when it closes (。」 》，」「), the second
    when both open (（「), as CSS's text-spacing-trim: trim-adjacent does."""
    out = set()
    for i in range(len(text) - 1):
        a, b = text[i], text[i + 1]
        if a in CLOSING and (b in CLOSING or b in OPENING):
            out.add(i)
        elif a in OPENING and b in OPENING:
            out.add(i + 1)
    return out


def cjk_typesetting():
    """Makes WeasyPrint set Chinese text as print sets it.

    WeasyPrint 57 justifies a line by widening its spaces only
    (layout/inline.py: justify_line counts " "), so a line of Chinese, which
    has none, stays ragged; it has no text-justify: inter-character nor
    text-spacing-trim. This adds both: a justified line takes its extra
    width between every two characters of CJK text (Pango letter spacing
    on each, as WeasyPrint does on each space, but the line's last), and of
    two punctuation marks side by side one is set half-width (the fonts'
    OpenType halt feature, through a Pango attribute), as GB/T 15834 and
    CLREQ compress 。」 and 》，. It returns what it changed, for the
    engine's version: PDFs made with and without it differ.
    """
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import inline
    from weasyprint.text import line_break
    from weasyprint.text.ffi import ffi, pango, units_from_double

    if not (hasattr(inline, "justify_line") and hasattr(inline, "add_word_spacing")
            and hasattr(line_break.Layout, "set_text")):
        return "weasyprint"

    def gaps(box):
        """The places in a text box that take justification space."""
        text = box.text
        n = text.count(" ") + sum(1 for c in text if is_cjk(c))
        if getattr(box, "line_end", False) and text and is_cjk(text[-1]):
            n -= 1
        return n

    def text_boxes(box, out):
        if isinstance(box, boxes.TextBox):
            out.append(box)
        elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
            for child in box.children:
                if child.is_in_normal_flow():
                    text_boxes(child, out)
        return out

    def justify_line(context, line, extra_width):
        found = text_boxes(line, [])
        if not found:
            return
        for b in found:
            b.line_end = False
        found[-1].line_end = True
        n = sum(gaps(b) for b in found)
        if n:
            add_word_spacing(context, line, extra_width / n, 0)

    slow_add = inline.add_word_spacing

    def add_word_spacing(context, box, spacing, x_advance):
        if not isinstance(box, boxes.TextBox):
            if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
                box.position_x += x_advance
                before = x_advance
                for child in box.children:
                    if child.is_in_normal_flow():
                        x_advance = add_word_spacing(context, child, spacing, x_advance)
                box.width += x_advance - before
                return x_advance
            return slow_add(context, box, spacing, x_advance)
        box.justification_spacing = spacing
        box.position_x += x_advance
        n = gaps(box)
        if n > 0:
            layout = line_break.create_layout(box.text, box.style, context, max_width=None,
                                              justification_spacing=spacing)
            layout.line_end = getattr(box, "line_end", False)
            layout.deactivate()
            x_advance += spacing * n
            box.width += spacing * n
            box.pango_layout = layout
        return x_advance

    plain_set_text = line_break.Layout.set_text

    def set_text(self, text, justify=False):
        plain_set_text(self, text, justify)
        halves = trimmed(self.text)
        spacing = units_from_double(self.justification_spacing) if justify and self.justification_spacing else 0
        if not halves and not spacing:
            return
        attrs = pango.pango_layout_get_attributes(self.layout)
        if attrs == ffi.NULL:
            attrs = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
        last = len(self.text) - 1
        start = 0
        for i, c in enumerate(self.text):
            end = start + len(c.encode("utf-8"))
            if i in halves:
                attr = pango.pango_attr_font_features_new(b"halt 1")
                attr.start_index, attr.end_index = start, end
                pango.pango_attr_list_insert(attrs, attr)
            if spacing and is_cjk(c) and not (i == last and getattr(self, "line_end", False)):
                attr = pango.pango_attr_letter_spacing_new(spacing)
                attr.start_index, attr.end_index = start, end
                pango.pango_attr_list_change(attrs, attr)
            start = end
        pango.pango_layout_set_attributes(self.layout, attrs)

    inline.justify_line = justify_line
    inline.add_word_spacing = add_word_spacing
    line_break.Layout.set_text = set_text
    return "inter-character+halt"


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def refuse(url, *args, **kwargs):
    raise ValueError("an issue PDF loads nothing from outside: " + url[:200])


def make():
    import weasyprint
    harfbuzz_subsetting()
    cjk_typesetting()
    logger = logging.getLogger("weasyprint")
    logger.handlers = []
    logger.propagate = False
    collect = Collect()
    logger.addHandler(collect)
    out = sys.stdout.buffer
    for line in sys.stdin.buffer:
        collect.messages = []
        try:
            job = json.loads(line)
            doc = weasyprint.HTML(string=job["html"], base_url=job["base"], url_fetcher=refuse).render()
            wanted = set(job.get("anchors", []))
            anchors = {}
            for number, page in enumerate(doc.pages, start=1):
                for name in page.anchors:
                    if name in wanted and name not in anchors:
                        anchors[name] = number
            # PDF/UA: a tagged PDF, whose structure (headings, paragraphs,
            # lists, reading order) screen readers and read-aloud follow.
            pdf = doc.write_pdf(variant="pdf/ua-1")
            warnings = [m for m in collect.messages if not m.startswith("PDF/UA support is experimental")]
            reply = {"pdf": base64.b64encode(pdf).decode("ascii"), "pages": len(doc.pages),
                     "anchors": anchors, "warnings": warnings}
        except Exception as e:  # reported to the build, which names the issue
            reply = {"error": "%s: %s" % (type(e).__name__, e), "warnings": collect.messages}
        out.write(json.dumps(reply).encode("utf-8") + b"\n")
        out.flush()


if __name__ == "__main__":
    if sys.argv[1:2] == ["probe"]:
        print(json.dumps(probe(sys.argv[2:])))
    elif sys.argv[1:2] == ["make"]:
        make()
    else:
        sys.exit("usage: probe FAMILY... | make")
