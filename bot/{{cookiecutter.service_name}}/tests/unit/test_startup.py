"""What the bot tells Telegram when it starts."""

from aiogram import Bot, Dispatcher

from {{ cookiecutter.service_name }}.api.handlers.start import COMMANDS
from {{ cookiecutter.service_name }}.api.i18n import LANGUAGES, Translations

from tests.fake_telegram import FakeTelegram


async def start(dispatcher: Dispatcher, bot: Bot) -> None:
    await dispatcher.emit_startup(bot=bot, dispatcher=dispatcher, **dispatcher.workflow_data)
{%- if cookiecutter.update_mode == "polling" %}


async def test_drops_the_webhook_and_publishes_the_commands_in_each_language(
    telegram: FakeTelegram, bot: Bot, dispatcher: Dispatcher
) -> None:
    await start(dispatcher, bot)

    methods = [call.method for call in telegram.calls]
    assert methods == ["deleteWebhook"] + ["setMyCommands"] * len(LANGUAGES)
{%- else %}


async def test_sets_the_webhook_only_when_its_settings_changed(
    telegram: FakeTelegram, bot: Bot, dispatcher: Dispatcher
) -> None:
    await start(dispatcher, bot)
    [set_webhook] = telegram.sent("setWebhook")
    assert set_webhook.params["url"].startswith("https://bot.example.com/webhook?v=")
    assert set_webhook.params["secret_token"]
    assert set(set_webhook.json("allowed_updates")) == {"message", "callback_query"}

    telegram.calls.clear()
    await start(dispatcher, bot)

    methods = [call.method for call in telegram.calls]
    assert methods == ["getWebhookInfo"] + ["setMyCommands"] * len(LANGUAGES)
{%- endif %}


async def test_the_command_menu_is_translated(
    telegram: FakeTelegram, bot: Bot, dispatcher: Dispatcher
) -> None:
    await start(dispatcher, bot)

    menus = {
        call.params.get("language_code"): call.json("commands")
        for call in telegram.sent("setMyCommands")
    }
    assert set(menus) == {None, *LANGUAGES[1:]}
    for language, menu in menus.items():
        i18n = Translations().get(language)
        assert [(item["command"], item["description"]) for item in menu] == [
            (command, i18n(key)) for command, key in COMMANDS.items()
        ]
