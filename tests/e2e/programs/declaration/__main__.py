"""Declares one resource exactly as config ``declaration`` says: ``{"kind": ..., "args": {...}}``."""

import json

import pulumi

import provider

declaration = json.loads(pulumi.Config().require("declaration"))
resource_class = getattr(provider, declaration["kind"])
resource_class("resource", **declaration["args"])
