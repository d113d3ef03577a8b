# Texts of the bot in English (Fluent syntax: https://projectfluent.org/).
# Variables that hold user input arrive already HTML-escaped.

-bot = {{ cookiecutter.project_name | e }}
-resource = {{ cookiecutter.resource_name | replace('_', ' ') }}

command-start = Start the bot
command-help = What this bot can do
command-new = Create a new {{ cookiecutter.resource_name | replace('_', ' ') }}
command-cancel = Cancel the current dialogue

greeting = Hello, { $name }!
    I am the { -bot } bot. Send /help to see what I can do.
greeting-anonymous = Hello!
    I am the { -bot } bot. Send /help to see what I can do.
help-header = Commands:
unknown = Sorry, I did not understand that. Send /help to see what I can do.

new-ask-name = New { -resource }: what is its name? (at most { $max } characters)
new-ask-description = Now a description (at most { $max } characters), or skip it.
new-confirm = Create this { -resource }?
    Name: { $name }
    Description: { $description }
new-no-description = none
new-blank = The name cannot be empty. Please send it again.
new-too-long = That is { $length } characters, at most { $max } are allowed. Please send a shorter text.
new-unprintable = That text contains characters that cannot be stored. Please send it again.
new-text-only = Please answer with text.
new-use-buttons = Please use the buttons below the message.
new-creating = Creating…
new-created = Done: { -resource } #{ $id } “{ $name }” was created.
new-rejected = The { -resource } was not created: { $detail }
new-unavailable = The service is unavailable right now. Nothing was lost: press Confirm to try again in a minute.

cancelled = Cancelled.
nothing-to-cancel = There is nothing to cancel.
button-skip = Skip
button-confirm = Confirm
button-cancel = Cancel
button-expired = This button is no longer active.

throttled = You are sending messages too fast. Please wait a few seconds.
error = Sorry, something went wrong on our side. Please try again later.
