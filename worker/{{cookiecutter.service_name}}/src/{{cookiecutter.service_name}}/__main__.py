"""``python -m {{ cookiecutter.service_name }}`` starts the worker."""

from {{ cookiecutter.service_name }}.main import main

if __name__ == "__main__":
    main()
