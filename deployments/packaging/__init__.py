"""`faasport package` and `faasport deploy`: build each provider's artifact, check it, ship it.

``layout`` says what goes into each artifact, ``wheels`` installs Linux wheels for the
target runtime and checks their tags, ``archive`` writes reproducible zips, ``preflight``
checks sizes and imports against ``limits.toml``, ``build`` runs the steps in order,
``deploy`` turns the artifacts into the provider CLI's commands and ``commands`` wires
both into the `faasport` command line.
"""
