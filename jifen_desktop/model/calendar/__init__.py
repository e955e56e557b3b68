"""The calendar of the scheme (一月一审核、一季一公示): review sessions, quarterly publications
and their snapshots, objections, the quarter lock and 补记, vetoes and honours.

The services live in the submodules (``review``, ``publications``, ``objections``, ``vetoes``,
``honours``, ``overview``); ``locks`` holds the small look-ups the entry service needs, so that
it can import them without importing the services that build on it.
"""
