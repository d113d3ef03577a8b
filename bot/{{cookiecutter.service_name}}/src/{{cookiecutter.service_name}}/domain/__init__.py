"""What the bot works with: the {{ cookiecutter.resource_name | replace('_', ' ') }} and the rules its fields follow."""
