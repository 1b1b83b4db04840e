"""XML prologs of hostile uploads, shared by the import tests and `make bench`."""

# Billion laughs: ten entities each ten times the one before, 10^9 "lol"s when expanded.
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1 if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10)
    )
    + b"]>"
)
