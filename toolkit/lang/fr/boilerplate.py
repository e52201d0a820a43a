"""Words of bylines and share buttons on French news pages, for the cleaner (toolkit.clean).

French pages carry English ones too (wire layouts, share widgets), so both live here.
Everything is lower case. The cleaner matches lead, label and share words in any case;
name particles only in lower case (a capitalised "De" inside a name is a name word anyway).
"""

from __future__ import annotations

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
