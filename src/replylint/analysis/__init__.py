"""Message analysis: facts about the customer's state (SPEC §5).

``facts`` computes them lazily per conversation; ``complaint`` is the complaint
detector they use.
"""
