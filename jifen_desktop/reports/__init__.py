"""Printouts and spreadsheets out of model queries. Each ``write_*`` takes a live ``Ledger``,
reads what it needs through the model's services (so the operator's rights apply), and writes
one file whole or not at all (``common.write_whole``), with ``progress`` and ``cancel``
callbacks; none imports Qt, so the CLI and the GUI's worker thread call the same functions.

PDFs (reportlab, in a CJK font found on the system: ``fonts``; pages and tables laid out by
``pdf_page``, ``pdf_parts`` and ``pdf_report``): the 季度公示表 (``notice``), 积分通知单
(``notice_slips``), 户积分卡 (``card``), 审核会议记录 (``minutes``), 兑换凭证 (``receipt``), the
纸质检查表, the honours' poster and certificates, the township's scorecard. Excel .xlsx from our
own writer (``xlsx_sheet``, ``xlsx_parts``), streamed into the zip: for 512,000 cells it took
3.0 s against XlsxWriter's 10.7 s and openpyxl's 19.7 s: the 积分台账 and household table
(``excel_ledger``), rankings and the township summary (``excel_figures``), the recorders'
sheet and the scorecard. openpyxl is used only to read and write the village's own roster
sheet (``roster_*``), where its styles and reading matter more than speed.
"""
