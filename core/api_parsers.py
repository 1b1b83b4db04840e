"""The API's only request parser (REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"])."""

import codecs
import json
import re
from decimal import Decimal

from django.utils.translation import gettext
from rest_framework import exceptions, parsers

# Every write of the API is one small record; anything bigger is a mistake or an attack.
MAX_BODY_BYTES = 64 * 1024
# No record of the API nests deeper than a few levels. Python's json module recurses once
# per level and gives up with a RecursionError near a thousand, which would be a 500.
MAX_DEPTH = 32


class JSONBodyParser(parsers.JSONParser):
    """JSON only, at most MAX_BODY_BYTES, numbers read as exact Decimals, Chinese messages."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        # Django's DATA_UPLOAD_MAX_MEMORY_SIZE guards request.body, but DRF reads the stream.
        raw = stream.read(MAX_BODY_BYTES + 1) if stream is not None else b""
        if len(raw) > MAX_BODY_BYTES:
            raise exceptions.ParseError(
                gettext("请求体过大：最多 %(limit)d 字节。") % {"limit": MAX_BODY_BYTES}
            )
        try:
            text = codecs.decode(raw, encoding)
            if nesting_depth(text) > MAX_DEPTH:
                raise exceptions.ParseError(_too_deep())
            # parse_float=Decimal: 18.09 stays 18.09, never a binary float.
            return json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
        except RecursionError as exc:  # the count above should make this unreachable
            raise exceptions.ParseError(_too_deep()) from exc
        except UnicodeDecodeError as exc:
            raise exceptions.ParseError(
                gettext("请求体不是有效的 %(encoding)s 文本。") % {"encoding": encoding}
            ) from exc
        except ValueError as exc:
            raise exceptions.ParseError(
                gettext("请求体不是有效的 JSON：%(error)s") % {"error": exc}
            ) from exc


def _reject_constant(name):
    raise ValueError(gettext("不支持 %(name)s，数值请写成十进制数") % {"name": name})


# A JSON string (escapes included) or one bracket: what the depth count reads.
_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def nesting_depth(text):
    """The deepest nesting of arrays and objects in `text`, brackets inside strings not
    counted; read without recursion, so any depth can be measured."""
    depth = deepest = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            deepest = max(deepest, depth)
        elif token in ("]", "}"):
            depth -= 1
    return deepest


def _too_deep():
    return gettext("请求体嵌套过深：数组和对象最多嵌套 %(limit)d 层。") % {"limit": MAX_DEPTH}
