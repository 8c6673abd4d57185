"""The emulator over HTTP: the FastAPI application and what it is built from.

:mod:`emulator.http.app` assembles the application from the routers of :mod:`emulator.http.connect`
(the Connect API), :mod:`emulator.http.oauth` (the token endpoints), :mod:`emulator.http.admin`
(``/_emulator/*``) and :mod:`emulator.http.github` (the repository registry served like GitHub's REST
API), the route class of :mod:`emulator.http.routing`, the ASGI layer of :mod:`emulator.http.middleware`
and the exception handlers of :mod:`emulator.http.errors`; :mod:`emulator.http.server` serves it on
uvicorn. Every route is a thin wrapper around :class:`emulator.engine.Engine`.
"""
