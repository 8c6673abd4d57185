"""connect.yaml, checked before Connect reads it: where it comes from, its rules, what it declares.

``pulumi preview`` reads the connect.yaml of each ConnectorStaged at its declared tag and checks it with
the specification's rules, then checks each Deployment's configuration against what it declares:

- :mod:`.document`: parse a connect.yaml text into a :class:`~.document.Declaration` (its applications
  and their configuration keys), or :class:`~.document.ConnectYamlInvalid` naming each problem;
- :mod:`.loader` (YAML 1.2 as the JavaScript tools read it) and :mod:`.rules` (the specification's checks,
  pure);
- :mod:`.sources`: the connect.yaml Connect will read for a (repository URL, tag), from a local checkout
  (:mod:`.git_checkout`) or the Git host's API (:mod:`.github`), chosen without I/O by
  :mod:`.source_decisions`;
- :mod:`.declarations`: what a repository declares at a tag, read once per provider process;
- :mod:`.configuration_check`: a Deployment's configuration against its connector's declaration (pure).
"""
