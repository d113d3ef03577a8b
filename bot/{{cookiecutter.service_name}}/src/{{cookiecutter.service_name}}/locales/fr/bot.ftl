# Textes du bot en français (syntaxe Fluent : https://projectfluent.org/).
# Les variables contenant une saisie de l'utilisateur arrivent déjà échappées pour le HTML.

-bot = {{ cookiecutter.project_name | e }}
-resource = {{ cookiecutter.resource_name | replace('_', ' ') }}

command-start = Démarrer le bot
command-help = Ce que ce bot sait faire
command-new = Créer un nouvel élément « {{ cookiecutter.resource_name | replace('_', ' ') }} »
command-cancel = Annuler le dialogue en cours

greeting = Bonjour, { $name } !
    Je suis le bot { -bot }. Envoyez /help pour voir ce que je sais faire.
greeting-anonymous = Bonjour !
    Je suis le bot { -bot }. Envoyez /help pour voir ce que je sais faire.
help-header = Commandes :
unknown = Désolé, je n'ai pas compris. Envoyez /help pour voir ce que je sais faire.

new-ask-name = Nouvel élément « { -resource } » : quel est son nom ? ({ $max } caractères au plus)
new-ask-description = Maintenant une description ({ $max } caractères au plus), ou passez cette étape.
new-confirm = Créer cet élément « { -resource } » ?
    Nom : { $name }
    Description : { $description }
new-no-description = aucune
new-blank = Le nom ne peut pas être vide. Envoyez-le à nouveau.
new-too-long = Le texte fait { $length } caractères, { $max } au plus sont autorisés. Envoyez un texte plus court.
new-unprintable = Le texte contient des caractères qui ne peuvent pas être enregistrés. Envoyez-le à nouveau.
new-text-only = Merci de répondre par un texte.
new-use-buttons = Merci d'utiliser les boutons sous le message.
new-creating = Création…
new-created = C'est fait : « { -resource } » n° { $id } « { $name } » a été créé.
new-rejected = « { -resource } » n'a pas été créé : { $detail }
new-unavailable = Le service est indisponible pour le moment. Rien n'est perdu : appuyez sur Confirmer dans une minute pour réessayer.

cancelled = Annulé.
nothing-to-cancel = Il n'y a rien à annuler.
button-skip = Passer
button-confirm = Confirmer
button-cancel = Annuler
button-expired = Ce bouton n'est plus actif.

throttled = Vous envoyez des messages trop vite. Patientez quelques secondes.
error = Désolé, un problème est survenu de notre côté. Réessayez plus tard.
