# Texte des Bots auf Deutsch (Fluent-Syntax: https://projectfluent.org/).
# Variablen mit Benutzereingaben kommen bereits HTML-maskiert an.

-bot = {{ cookiecutter.project_name | e }}
-resource = {{ cookiecutter.resource_name | replace('_', ' ') }}

command-start = Bot starten
command-help = Was dieser Bot kann
command-new = Neues Objekt „{{ cookiecutter.resource_name | replace('_', ' ') }}“ anlegen
command-cancel = Aktuellen Dialog abbrechen

greeting = Hallo, { $name }!
    Ich bin der { -bot }-Bot. Sende /help, um zu sehen, was ich kann.
greeting-anonymous = Hallo!
    Ich bin der { -bot }-Bot. Sende /help, um zu sehen, was ich kann.
help-header = Befehle:
unknown = Das habe ich leider nicht verstanden. Sende /help, um zu sehen, was ich kann.

new-ask-name = Neues Objekt „{ -resource }“: Wie heißt es? (höchstens { $max } Zeichen)
new-ask-description = Jetzt eine Beschreibung (höchstens { $max } Zeichen), oder überspringe sie.
new-confirm = „{ -resource }“ anlegen?
    Name: { $name }
    Beschreibung: { $description }
new-no-description = keine
new-blank = Der Name darf nicht leer sein. Bitte sende ihn noch einmal.
new-too-long = Das sind { $length } Zeichen, erlaubt sind höchstens { $max }. Bitte sende einen kürzeren Text.
new-unprintable = Der Text enthält Zeichen, die nicht gespeichert werden können. Bitte sende ihn noch einmal.
new-text-only = Bitte antworte mit Text.
new-use-buttons = Bitte nutze die Schaltflächen unter der Nachricht.
new-creating = Wird angelegt…
new-created = Erledigt: „{ -resource }“ Nr. { $id } „{ $name }“ wurde angelegt.
new-rejected = „{ -resource }“ wurde nicht angelegt: { $detail }
new-unavailable = Der Dienst ist gerade nicht erreichbar. Nichts ist verloren: Tippe in einer Minute auf „Bestätigen“, um es erneut zu versuchen.

cancelled = Abgebrochen.
nothing-to-cancel = Es gibt nichts abzubrechen.
button-skip = Überspringen
button-confirm = Bestätigen
button-cancel = Abbrechen
button-expired = Diese Schaltfläche ist nicht mehr aktiv.

throttled = Du sendest zu schnell Nachrichten. Bitte warte ein paar Sekunden.
error = Entschuldigung, bei uns ist etwas schiefgelaufen. Bitte versuche es später noch einmal.
