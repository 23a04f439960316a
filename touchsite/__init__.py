"""touchsite: customer-journey touchpoints and survey feedback as a static report site."""

__version__ = "0.1.0"
