"""Declares one resource exactly as config ``declaration`` says: ``{"kind": ..., "args": {...}}``."""

import json

import pulumi

import connect_as_code

declaration = json.loads(pulumi.Config().require("declaration"))
resource_class = getattr(connect_as_code, declaration["kind"])
resource_class("resource", **declaration["args"])
