# Textos del bot en español (sintaxis Fluent: https://projectfluent.org/).
# Las variables con texto del usuario llegan ya escapadas para HTML.

-bot = {{ cookiecutter.project_name | e }}
-resource = {{ cookiecutter.resource_name | replace('_', ' ') }}

command-start = Iniciar el bot
command-help = Qué puede hacer este bot
command-new = Crear un nuevo «{{ cookiecutter.resource_name | replace('_', ' ') }}»
command-cancel = Cancelar el diálogo actual

greeting = ¡Hola, { $name }!
    Soy el bot de { -bot }. Envía /help para ver lo que puedo hacer.
greeting-anonymous = ¡Hola!
    Soy el bot de { -bot }. Envía /help para ver lo que puedo hacer.
help-header = Comandos:
unknown = Lo siento, no lo he entendido. Envía /help para ver lo que puedo hacer.

new-ask-name = Nuevo «{ -resource }»: ¿cómo se llama? (como máximo { $max } caracteres)
new-ask-description = Ahora una descripción (como máximo { $max } caracteres), u omítela.
new-confirm = ¿Crear este «{ -resource }»?
    Nombre: { $name }
    Descripción: { $description }
new-no-description = ninguna
new-blank = El nombre no puede estar vacío. Envíalo de nuevo.
new-too-long = Tiene { $length } caracteres y se permiten como máximo { $max }. Envía un texto más corto.
new-unprintable = El texto contiene caracteres que no se pueden guardar. Envíalo de nuevo.
new-text-only = Responde con texto, por favor.
new-use-buttons = Usa los botones que hay debajo del mensaje, por favor.
new-creating = Creando…
new-created = Hecho: se ha creado «{ -resource }» n.º { $id } «{ $name }».
new-rejected = No se ha creado «{ -resource }»: { $detail }
new-unavailable = El servicio no está disponible ahora mismo. No se ha perdido nada: pulsa Confirmar dentro de un minuto para intentarlo de nuevo.

cancelled = Cancelado.
nothing-to-cancel = No hay nada que cancelar.
button-skip = Omitir
button-confirm = Confirmar
button-cancel = Cancelar
button-expired = Este botón ya no está activo.

throttled = Estás enviando mensajes demasiado rápido. Espera unos segundos.
error = Lo siento, algo ha fallado por nuestra parte. Inténtalo más tarde.
