"""Words of bylines, share buttons, datelines and other page furniture on French news pages,
for the cleaner (toolkit.clean), and the patterns of those lines.

French pages carry English ones too (wire layouts, share widgets), so both live here.
Everything is lower case. The cleaner matches lead, label and share words in any case;
name particles only in lower case (a capitalised "De" inside a name is a name word anyway).
"""

from __future__ import annotations

import re

from toolkit.lang.fr.dates import MONTHS

# Words that introduce the author's name ("Par Julie Morel", "By John Smith"), with how
# many name tokens must follow: "De Gaulle a dit" is not a byline, "De Jean Dupont" may be.
BYLINE_LEADS = {"par": 1, "by": 1, "de": 2}
# Labels followed by a colon ("Auteur : Julie Morel").
BYLINE_LABELS = ("auteur", "auteurs", "author", "texte")
# Credits that stand where a name would ("Par la rédaction").
STAFF_CREDITS = frozenset(
    ("la rédaction", "rédaction", "notre rédaction", "notre correspondant", "notre correspondante", "afp", "reuters")
)
# Lower-case words inside a person's name ("Charles de Gaulle", "Ursula von der Leyen").
NAME_PARTICLES = frozenset(("de", "du", "des", "van", "von", "der", "le", "la", "d'", "d’", "di", "da", "del", "ben"))
# Words joining two authors' names ("Par Julie Morel et Paul Roux").
NAME_CONNECTORS = frozenset(("et", "and"))

# Share-button rows: "Partager", "Partager sur Facebook", "Share on X", "Facebook | Twitter".
SHARE_VERBS = ("partager", "share", "tweeter", "tweet", "imprimer", "print", "envoyer", "copier le lien")
SHARE_OBJECTS = ("cet article", "l'article", "l’article", "this article", "this")
SHARE_LINKERS = ("sur", "par", "via", "on", "by", "with")
SHARE_NETWORKS = (
    "facebook", "twitter", "x", "linkedin", "whatsapp", "messenger", "telegram", "pinterest", "reddit",
    "bluesky", "threads", "mastodon", "email", "e-mail", "mail", "courriel", "sms",
)

# Dates and datelines ("Publié le 3 mars 2024 à 10h12").
DATE_WORDS = re.compile(r"\b(\d{1,2})(?:er)?\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.I)
DATE_ONLY = re.compile(
    r"^\s*(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"
    r"(?:\d{1,2}(?:er)?\s+(?:" + "|".join(MONTHS) + r")\s+\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{4})"
    r"(?:\s*(?:à|-)?\s*\d{1,2}[:h]\d{2})?\s*$",
    re.I,
)
_DATELINE_LABEL = r"(publié|mis à jour|mise à jour|dernière mise à jour|modifié|updated|published)"
DATELINE = re.compile(rf"^\s*{_DATELINE_LABEL}\b.*\d{{4}}", re.I)
# The label left alone when the date itself was markup (an HTML page's <time>).
DATELINE_EMPTY = re.compile(rf"^{_DATELINE_LABEL}(\s+(le|on))?\s*:?$", re.I)
BREADCRUMB = re.compile(r"^(home|accueil)\b.*(»|›|>|/|image/svg\+xml)", re.I)
ADVERTISEMENT = re.compile(r"^[-–—\s]*(publicité|advertisement|annonce|sponsorisé|pub)[-–—\s]*$", re.I)
COMMENT_FORM = re.compile(
    r"^(laisser un commentaire|laisser une réponse|leave a (reply|comment)|commentaires?\s*:?)\W*$|"
    r"entrez votre (commentaire|nom|adresse)|enter your (comment|name|email)|"
    r"enregistrer mon nom|champs obligatoires",
    re.I,
)
RELATED_HEADING = re.compile(
    r"^(related articles?|articles? similaires|à lire aussi|lire aussi|sur le même sujet|"
    r"vous aimerez aussi|articles? liés|dans la même rubrique|voir aussi|les plus lus)\W*$",
    re.I,
)
ERROR_REPORT = re.compile(r"^vous avez (trouvé|repéré) une (erreur|faute)", re.I)
PHOTO_CREDIT = re.compile(
    r"^(photo|photos|crédits?(?: photo)?|image|illustration|©|source photo|vidéo)\s*(:|©|/)\s*\S.{0,100}$", re.I
)
