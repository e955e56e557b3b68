"""``jifen verify`` and 检查台账: ``service`` runs the five checks; ``chain`` checks the hash
chain, ``listed`` keeps the rows its links list compact, ``digests`` has SQLite form the rows'
digests (``sql_form``: values as SQL; ``referring``: audit rows stored as a reference),
``records`` compares each record with
its last audited values (``legacy`` lets pass the stamps older versions left unaudited),
``peers`` checks the enrolled sync keys, ``unreadable`` names values the program cannot read,
and ``report`` and ``words`` put the findings in words.

The package imports nothing on its own, so that importing one module stays cheap.
"""
