"""The API's only request parser (REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"])."""

import codecs
import json
from decimal import Decimal

from django.utils.translation import gettext
from rest_framework import exceptions, parsers

# Every write of the API is one small record; anything bigger is a mistake or an attack.
MAX_BODY_BYTES = 64 * 1024


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
            # parse_float=Decimal: 18.09 stays 18.09, never a binary float.
            return json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
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
