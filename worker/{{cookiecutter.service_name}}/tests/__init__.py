"""Tests of {{ cookiecutter.service_name }}."""
