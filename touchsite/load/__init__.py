"""Loading stage: read a project's files into typed models."""
