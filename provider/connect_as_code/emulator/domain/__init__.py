"""What the emulator knows of Connect, as pure functions and data (no HTTP, no store): documents and
update actions of connectors (:mod:`emulator.domain.connectors`) and deployments
(:mod:`emulator.domain.deployments`), lifecycles (:mod:`emulator.domain.lifecycle`), the inferences
about the changes after the RAML (:mod:`emulator.domain.unconfirmed`), connect.yaml
(:mod:`emulator.domain.connect_yaml`), the repository registry (:mod:`emulator.domain.repositories`,
which reads the fixtures of ``emulator/repositories/``), paging and sorting
(:mod:`emulator.domain.querying`), scopes and tokens (:mod:`emulator.domain.auth`) and the error
bodies (:mod:`emulator.domain.errors`).
"""
