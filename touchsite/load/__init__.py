"""Loading stage: read a project's files into typed models."""

import csv

# A comment may be long (a pasted e-mail thread); the csv module's default field limit of
# 128 KiB would end the build on such a row. The setting is the process's, set once here.
csv.field_size_limit(64 * 1024 * 1024)
