"""The hall as one: any window continues any case; the supervisor sees the whole hall.

``recorder``: case events written with the change; ``state``: a case's hall view ↔ local rows;
``projection``: the hall feed applied to the local cache; ``lookup``: finding a case by QR,
number or ID card; ``continuing``: supplement, deferred delivery and hand-over at any window;
``conflicts``: events another window beat, for the clerk and the supervisor; ``report``: the
hall's daily report with each window's freshness.
"""
