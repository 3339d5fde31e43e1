"""Writes a Document as report.html, report.md and report.json."""
import json
import os

from .html_page import render_html
from .markdown_page import render_markdown

FILES = ("report.html", "report.md", "report.json")


def write_report_files(doc, out_dir):
    with open(os.path.join(out_dir, "report.html"), "w", encoding="utf-8") as f:
        f.write(render_html(doc))
    with open(os.path.join(out_dir, "report.md"), "w", encoding="utf-8") as f:
        f.write(render_markdown(doc))
    with open(os.path.join(out_dir, "report.json"), "w", encoding="utf-8") as f:
        # allow_nan=False: a nan that slipped past json_value is a bug to see here.
        json.dump(doc.to_json(), f, indent=1, allow_nan=False, ensure_ascii=False)
        f.write("\n")
