# Тексти бота українською (синтаксис Fluent: https://projectfluent.org/).
# Змінні з введенням користувача надходять уже екранованими для HTML.

-bot = {{ cookiecutter.project_name | e }}
-resource = {{ cookiecutter.resource_name | replace('_', ' ') }}

command-start = Запустити бота
command-help = Що вміє цей бот
command-new = Створити {{ cookiecutter.resource_name | replace('_', ' ') }}
command-cancel = Скасувати поточний діалог

greeting = Вітаю, { $name }!
    Я бот { -bot }. Надішліть /help, щоб дізнатися, що я вмію.
greeting-anonymous = Вітаю!
    Я бот { -bot }. Надішліть /help, щоб дізнатися, що я вмію.
help-header = Команди:
unknown = Вибачте, я не зрозумів. Надішліть /help, щоб дізнатися, що я вмію.

new-ask-name = Новий об'єкт «{ -resource }»: як він називається? (не більше { $max } символів)
new-ask-description = Тепер опис (не більше { $max } символів) або пропустіть цей крок.
new-confirm = Створити «{ -resource }»?
    Назва: { $name }
    Опис: { $description }
new-no-description = немає
new-blank = Назва не може бути порожньою. Надішліть її ще раз.
new-too-long = Тут { $length } символів, а можна не більше { $max }. Надішліть коротший текст.
new-unprintable = У тексті є символи, які не можна зберегти. Надішліть його ще раз.
new-text-only = Будь ласка, відповідайте текстом.
new-use-buttons = Будь ласка, скористайтеся кнопками під повідомленням.
new-creating = Створюю…
new-created = Готово: «{ -resource }» №{ $id } «{ $name }» створено.
new-rejected = «{ -resource }» не створено: { $detail }
new-unavailable = Сервіс зараз недоступний. Нічого не втрачено: натисніть «Підтвердити» за хвилину, щоб повторити.

cancelled = Скасовано.
nothing-to-cancel = Нічого скасовувати.
button-skip = Пропустити
button-confirm = Підтвердити
button-cancel = Скасувати
button-expired = Ця кнопка більше не діє.

throttled = Ви надсилаєте повідомлення занадто часто. Зачекайте кілька секунд.
error = Вибачте, у нас щось пішло не так. Спробуйте пізніше.
