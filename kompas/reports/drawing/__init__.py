"""Drawing the report's charts, with no Django: plain numbers and labels in, SVG out.

`charts` holds the five charts, `labels` measures, wraps and places their text, `svg` turns a
matplotlib figure into a standalone, accessible element, and `style` holds the palette, sizes
and font. `kompas.reports.report_charts` calls these with a report's numbers and labels in
the respondent's language.
"""
