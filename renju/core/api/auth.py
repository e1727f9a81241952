"""POST /api/v1/auth/token/ with username and password returns a token (throttled)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from renju.accounts import signin, throttle

from .views import PARSERS


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class ObtainToken(APIView):
    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []
    parser_classes = PARSERS

    @extend_schema(request=AuthTokenSerializer, responses={200: TokenSerializer})
    def post(self, request: Request) -> Response:
        if not isinstance(request.data, Mapping):  # JSON's [..], "..", 1, null: no credentials
            return Response(
                {
                    "detail": _(
                        'Send an object with "username" and "password", for example'
                        ' {"username": "...", "password": "..."}.'
                    )
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        username = str(request.data.get("username", ""))
        address = throttle.client_address(request)
        if throttle.is_locked(username, address):
            signin.record_failure(username, address, locked=True)
            return Response(
                {"detail": _("Too many failed sign-ins. Try again in 15 minutes.")},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            signin.record_failure(username, address)
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        user = serializer.validated_data["user"]
        token, _created = Token.objects.get_or_create(user=user)
        signin.record_success(user, username, address)  # on record with the API's channel
        return Response({"token": token.key})
