"""Printouts and spreadsheets out of model queries: pure functions that write one file (whole
or not at all) with ``progress`` and ``cancel`` callbacks, and never import Qt.

PDFs (reportlab, in a CJK font found on the system: ``fonts``): the 季度公示表 (``notice``),
户积分卡 (``card``), 审核会议记录 (``minutes``) and 兑换凭证 (``receipt``). Excel (openpyxl):
the 积分台账 and household table (``excel_ledger``), rankings and the township summary
(``excel_figures``). The roster template and import read and write the village's own sheet
(``roster_*``).
"""
