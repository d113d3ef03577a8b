# Тексты бота на русском (синтаксис Fluent: https://projectfluent.org/).
# Переменные с вводом пользователя приходят уже экранированными для HTML.

-bot = {{ cookiecutter.project_name | e }}
-resource = {{ cookiecutter.resource_name | replace('_', ' ') }}

command-start = Запустить бота
command-help = Что умеет этот бот
command-new = Создать {{ cookiecutter.resource_name | replace('_', ' ') }}
command-cancel = Отменить текущий диалог

greeting = Здравствуйте, { $name }!
    Я бот { -bot }. Отправьте /help, чтобы узнать, что я умею.
greeting-anonymous = Здравствуйте!
    Я бот { -bot }. Отправьте /help, чтобы узнать, что я умею.
help-header = Команды:
unknown = Извините, я не понял. Отправьте /help, чтобы узнать, что я умею.

new-ask-name = Новый объект «{ -resource }»: как он называется? (не более { $max } символов)
new-ask-description = Теперь описание (не более { $max } символов) или пропустите этот шаг.
new-confirm = Создать «{ -resource }»?
    Название: { $name }
    Описание: { $description }
new-no-description = нет
new-blank = Название не может быть пустым. Отправьте его ещё раз.
new-too-long = Здесь { $length } символов, а можно не более { $max }. Отправьте текст покороче.
new-unprintable = В тексте есть символы, которые нельзя сохранить. Отправьте его ещё раз.
new-text-only = Пожалуйста, ответьте текстом.
new-use-buttons = Пожалуйста, воспользуйтесь кнопками под сообщением.
new-creating = Создаю…
new-created = Готово: «{ -resource }» №{ $id } «{ $name }» создан.
new-rejected = «{ -resource }» не создан: { $detail }
new-unavailable = Сервис сейчас недоступен. Ничего не потеряно: нажмите «Подтвердить» через минуту, чтобы повторить.

cancelled = Отменено.
nothing-to-cancel = Отменять нечего.
button-skip = Пропустить
button-confirm = Подтвердить
button-cancel = Отмена
button-expired = Эта кнопка больше не действует.

throttled = Вы отправляете сообщения слишком часто. Подождите несколько секунд.
error = Извините, у нас что-то пошло не так. Попробуйте позже.
