"""The connector endpoints of the Connect client: ConnectorStaged (``/connectors/drafts``) and the
published Connectors (``/connectors``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from connect_as_code.connect._calls import _as_list, _none_if_missing, query_params
from connect_as_code.connect._connector_models import (
    Connector,
    ConnectorSearchPagedQueryResponse,
    ConnectorStaged,
    ConnectorStagedDraft,
    ConnectorStagedPagedQueryResponse,
    ConnectorUpdateAction,
)
from connect_as_code.connect._models import IntegrationTypeValue, to_wire
from connect_as_code.connect._policy import RequestKind
from connect_as_code.connect._request_loop import RequestLoop

_STAGED = "/connectors/drafts"
_CONNECTORS = "/connectors"


class ConnectorEndpoints(RequestLoop):
    """The ConnectorStaged and Connector methods of :class:`~._client.ConnectClient`."""

    # ------------------------------------------------------------------------- ConnectorStaged

    def get_connector_staged(self, *, id: str | None = None, key: str | None = None) -> ConnectorStaged:
        """``GET /connectors/drafts/{id}`` or ``key={key}``. Raises :class:`NotFoundError` on 404."""
        return self._model(ConnectorStaged, self._object_call("GET", _STAGED, _STAGED, id, key))

    def find_connector_staged(self, *, id: str | None = None, key: str | None = None) -> ConnectorStaged | None:
        """Like :meth:`get_connector_staged`, but ``None`` when it does not exist."""
        return _none_if_missing(lambda: self.get_connector_staged(id=id, key=key))

    def list_connectors_staged(
        self,
        *,
        limit: int | None = None,
        offset: int | None = None,
        sort: str | Sequence[str] | None = None,
        is_private: bool | None = None,
        integration_types: Sequence[IntegrationTypeValue] | None = None,
    ) -> ConnectorStagedPagedQueryResponse:
        """``GET /connectors/drafts``: one page of ConnectorStaged."""
        params = query_params(
            {
                "limit": limit,
                "offset": offset,
                "sort": _as_list(sort),
                "isPrivate": is_private,
                "integrationTypes": _as_list(integration_types),
            }
        )
        call = self._call("GET", _STAGED, _STAGED, RequestKind.READ, params=params)
        return self._model(ConnectorStagedPagedQueryResponse, call)

    def create_connector_staged(self, draft: ConnectorStagedDraft) -> ConnectorStaged:
        """``POST /connectors/drafts``.

        Never resent after an unknown outcome: raises :class:`AmbiguousWriteError`, after which the
        caller should look the ConnectorStaged up by ``draft.key``.
        """
        call = self._call("POST", _STAGED, _STAGED, RequestKind.CREATE, body=to_wire(draft), key=draft.key)
        return self._model(ConnectorStaged, call)

    def update_connector_staged(
        self,
        *,
        id: str | None = None,
        key: str | None = None,
        version: int,
        actions: Sequence[ConnectorUpdateAction | Mapping[str, Any]],
    ) -> ConnectorStaged:
        """``POST /connectors/drafts/{id}`` with the expected ``version`` and update ``actions``.

        Raises :class:`ConcurrentModificationError` when ``version`` is stale.
        """
        return self._model(
            ConnectorStaged, self._update_call(_STAGED, _STAGED, id, key, version=version, actions=actions)
        )

    def delete_connector_staged(self, *, id: str | None = None, key: str | None = None) -> ConnectorStaged:
        """``DELETE /connectors/drafts/{id}``; this also deletes the published Connector.

        A retried delete may raise :class:`NotFoundError` because the first attempt worked.
        """
        call = self._object_call("DELETE", _STAGED, _STAGED, id, key, kind=RequestKind.DELETE)
        return self._model(ConnectorStaged, call)

    # ------------------------------------------------------------------------------- Connector

    def get_connector(self, *, id: str | None = None, key: str | None = None) -> Connector:
        """``GET /connectors/{id}`` or ``key={key}``: a published Connector."""
        return self._model(Connector, self._object_call("GET", _CONNECTORS, _CONNECTORS, id, key))

    def find_connector(self, *, id: str | None = None, key: str | None = None) -> Connector | None:
        """Like :meth:`get_connector`, but ``None`` when it does not exist."""
        return _none_if_missing(lambda: self.get_connector(id=id, key=key))

    def search_connectors(
        self,
        *,
        text: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
        sort: str | Sequence[str] | None = None,
        private: bool | None = None,
        creator_company: str | None = None,
        ids: Sequence[str] | None = None,
        keys: Sequence[str] | None = None,
        integration_types: Sequence[IntegrationTypeValue] | None = None,
    ) -> ConnectorSearchPagedQueryResponse:
        """``GET /connectors/search``: one page of published Connectors."""
        params = query_params(
            {
                "text": text,
                "limit": limit,
                "offset": offset,
                "sort": _as_list(sort),
                "private": private,
                "creator.company": creator_company,
                "id": _as_list(ids),
                "key": _as_list(keys),
                "integrationTypes": _as_list(integration_types),
            }
        )
        path = f"{_CONNECTORS}/search"
        return self._model(
            ConnectorSearchPagedQueryResponse, self._call("GET", path, path, RequestKind.READ, params=params)
        )
