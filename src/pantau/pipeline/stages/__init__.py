"""The stages of ``pantau run``, one module each; their order is declared in
:mod:`pantau.pipeline.order`."""
