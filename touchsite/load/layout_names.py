"""The export layouts' names, in one place: touchsite.yml's `format:` values and the choices of
`data inspect --layout`. Light on purpose: the command line imports it for `--help`, where
importing the formats (formats.layouts titles each name) would slow it down."""

LAYOUTS = (
    "long",
    "wide",
    "qualtrics",
    "surveymonkey",
    "google-forms",
    "typeform",
    "google-reviews",
)
