"""Every text the bot sends, in one place (ready to be translated)."""

from aiogram import html

BOT_NAME = "{{ cookiecutter.project_name }}"
COMMANDS = {
    "start": "Start the bot",
    "help": "What this bot can do",
}


def greeting(name: str | None) -> str:
    who = html.bold(html.quote(name)) if name else "there"
    return f"Hello, {who}!\nI am the {BOT_NAME} bot. Send /help to see what I can do."


def help_text() -> str:
    commands = "\n".join(f"/{command} - {description}" for command, description in COMMANDS.items())
    return f"Commands:\n{commands}"


UNKNOWN = "Sorry, I did not understand that. Send /help to see what I can do."
