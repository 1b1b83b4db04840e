"""How the OpenAPI schema documents the API (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"] and
SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi

# Response bodies of errors, as DRF produces them.
DETAIL_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": _("错误说明")}},
    "required": ["detail"],
}
FIELD_ERRORS_SCHEMA = {
    "type": "object",
    "description": _(
        "按字段名给出的错误：键是字段名（non_field_errors 为整体错误，detail 为请求本身的问题），"
        "值是错误说明。"
    ),
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]
    },
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, with the error responses every operation can give."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = {
            "400": (
                FIELD_ERRORS_SCHEMA,
                _("请求无效：JSON 格式、字段类型、未知字段或数据校验未通过"),
            ),
            "401": (DETAIL_SCHEMA, _("未登录或令牌无效")),
            "403": (DETAIL_SCHEMA, _("当前角色无权执行此操作")),
            "404": (DETAIL_SCHEMA, _("记录不存在，或页码超出范围")),
            **getattr(self.view, "extra_error_responses", {}),
        }
        for code, (schema, description) in errors.items():
            responses.setdefault(
                code,
                {"description": description, "content": {"application/json": {"schema": schema}}},
            )
        return responses


def forbid_unknown_request_fields(result, generator, request, public):
    """Schema post-processing: request bodies declare `additionalProperties: false`,
    which is what core.api.StrictInputMixin enforces."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request") and component.get("type") == "object":
            component["additionalProperties"] = False
    return result
