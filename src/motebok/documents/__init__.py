"""Documents in and out: text extraction and the pure minutes parser.

Nothing here touches the database; `parse` turns text into a `MinutesDraft`.
"""
