"""French facts for the reviewer checks (toolkit.checks): numbers, negation, hedging,
names whose English form differs, and the function words that give away French
left in an English text. The check engine holds no French; another source language is
one more module of this shape."""

from __future__ import annotations

# Written numbers, where they carry a figure ("trois soldats", "dix ans"). "un"/"une" are
# left out: they are articles far more often than figures.
NUMBER_WORDS: dict[str, float] = {
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
    "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
    "cent": 100, "cents": 100, "mille": 1000,
}
# Words after a figure that multiply it ("1,5 million", "3 milliards", "5 mille").
SCALE_WORDS: dict[str, float] = {
    "million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9, "mille": 1e3,
    "billion": 1e12, "billions": 1e12, "md": 1e9, "mds": 1e9, "mln": 1e6,
}
# A number word that is not a figure in this context: "pour cent" is "%".
NOT_A_FIGURE_AFTER: dict[str, frozenset] = {"cent": frozenset({"pour"}), "cents": frozenset({"pour"})}
AMBIGUOUS_NUMBER_WORDS = frozenset({"neuf", "sept", "cent"})  # "neuf" = new, "sept" in names

# Ordinal suffixes on figures: 1er, 1re, 2e, 2ème, 3è, 2nd.
ORDINAL_SUFFIX = r"(?:er|re|ère|ere|e|ème|eme|è|nd|nde)"
# Ordinal suffixes on Roman numerals (XXe siècle, IIIème République, Ier): fewer than on
# figures, since "Vre" or "IInd" are not written and "Vè" would take in words.
ROMAN_ORDINAL_SUFFIX = r"(?:e|ème|er)"
# Number words that multiply what comes before them in a compound ("quatre-vingts",
# "deux-cents", "trois-mille"); the others add.
MULTIPLYING_NUMBER_WORDS = ("vingt", "vingts", "cent", "cents", "mille")
# "neuf" means "new", not nine, after these words ("flambant neuf", "quoi de neuf")...
NEUF_NEW_AFTER = ("flambant", "tout", "à", "de", "du", "quoi")
# ... and is the figure before a plural noun, except these words, which end in -s but are
# not plural nouns, or before these nouns of quantity ("neuf heures", "neuf cent").
NOT_PLURAL_NOUNS = ("des", "les", "ses", "dans", "sous")
NEUF_FIGURE_BEFORE = ("heures", "ans", "mois", "jours", "cent", "mille")

# Negation: "ne/n'" then one of these within the clause.
NEGATION_PARTICLES = frozenset(
    {"pas", "plus", "jamais", "rien", "personne", "aucun", "aucune", "guère", "ni", "nullement", "point", "nul", "nulle", "aucunement"}
)
NE_FORMS = frozenset({"ne", "n'", "n’"})
# The literary negation: "ne" alone before pouvoir, savoir, oser ("ils ne peuvent
# bénéficier") negates without "pas". Not cesser: "ne cesse de baisser" says "keeps
# falling", which English renders without a negation.
LITERARY_NE_VERB = r"(?:peu[tx]|peuvent|pouv\w*|pourr\w*|sau\w+|sai[st]|sav\w+|os\w+)"
CLITICS = frozenset({"se", "s'", "s’", "le", "la", "les", "l'", "l’", "lui", "leur", "y", "en", "me", "m'", "m’", "te", "t'", "t’", "nous", "vous"})
# Negators that stand alone, without "ne": "sans", "non", "ni … ni", "aucun soldat".
STANDALONE_NEGATORS = frozenset({"sans", "non", "aucun", "aucune", "jamais", "ni", "rien", "nul", "nulle"})
# Negators that a later "ne" of the same clause agrees with (negative concord: "rien ne
# change", "aucun n'a … aucune", "sans qu'on ne retrouve jamais"): one negation, not two.
CONCORD_NEGATORS = frozenset({"rien", "aucun", "aucune", "nul", "nulle", "sans", "jamais"})
# Conjunctions that begin a new clause: a "ne" does not take its particle from beyond one.
CLAUSE_JOINERS = frozenset({"et", "mais", "car"})
# "sans" and "non" before a noun or adjective are often one English word without a negator
# ("sans gravité": minor, "non urgentes": elective): they count only before a verb or a
# determiner ("sans avoir", "sans que", "sans les").
WEAK_NEGATORS = frozenset({"sans", "non"})
CLAUSE_AFTER_WEAK = frozenset(
    """que qu' qu’ le la les l' l’ un une des de du d' d’ aucun aucune ce cette ces son sa ses leur leurs
    même jamais rien personne elle lui eux nous vous""".split()
)
# "plus que jamais" (more than ever), "si jamais" (if ever): not negations.
NOT_NEGATION_BEFORE: dict[str, frozenset] = {"jamais": frozenset({"que", "qu'", "qu’", "si", "à"}), "rien": frozenset({"de", "pour"})}
# "rien que" (just, only): not a negation.
NOT_NEGATION_AFTER: dict[str, frozenset] = {"rien": frozenset({"que", "qu'", "qu’"})}
# The "que" of "ne … que" (only) and "ne … plus que" (no more than): a restriction, not a negation.
RESTRICTIVE_QUE = ("que", "qu'", "qu’")
# "ou non", "que non", "si non": "non" there answers or opposes, it negates nothing.
NON_NOT_NEGATION_AFTER = ("ou", "que", "si")
# Words that continue a negation already counted rather than adding one: after the
# particle of "ne … pas" ("ne … plus aucun", "ne … ni … ni")...
PARTICLE_CONTINUERS = ("ni", "aucun", "aucune", "jamais", "rien", "plus", "personne")
# ... and after these standalone negators ("sans … ni", "sans aucun doute", "ni … ni").
CONTINUED_STANDALONE_NEGATORS = ("sans", "ni", "aucun", "aucune", "jamais", "rien")
STANDALONE_CONTINUERS = ("ni", "aucun", "aucune", "rien")
# The elided words of French ("l'", "n'", "qu'", "jusqu'"), a regular-expression group of
# what comes before the apostrophe: each is a word of its own.
ELIDED_WORD_STEMS = r"(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)"
# French words that say what an English lexical negator (en.LEXICAL_NEGATORS) says: "a nié"
# is "denied", "a refusé" "refused", "l'absence de" "the lack of". Where the French has one,
# the English verb renders it, not a "ne … pas". The forms of "nier" (short: listed whole),
# then prefixes of the other folded words.
LEXICAL_NEGATIVE_WORDS = frozenset(
    """nie nies nient nier niee niees niait niaient niant nia nierent niera nieront nierait""".split()
)
LEXICAL_NEGATIVE_PREFIXES = (
    "dement", "refus", "manqu", "absen", "faute", "echou", "echec", "incapab", "depourvu",
    "omet", "omis", "rejet", "recus", "contest",
)
# "n'est-ce pas" is a tag question ("isn't it?", "do you?"), not a negated claim.
TAG_QUESTIONS = ("n'est-ce pas", "n’est-ce pas")

# Hedging: the reportive conditional (third person, not the epistemic modals) and the
# prepositions that attribute a claim without vouching for it.
MODAL_CONDITIONAL_LEMMAS = frozenset({"pouvoir", "devoir", "falloir", "vouloir", "aimer", "savoir", "préférer", "souhaiter", "valoir"})
CONDITIONAL_AUXILIARIES = frozenset({"aurait", "auraient", "serait", "seraient"})
# The stems of those auxiliaries' conditional: a report even after a hypothetical "si".
CONDITIONAL_AUXILIARY_STEMS = ("aur", "ser")
ATTRIBUTION_MARKERS = ("selon", "d'après", "d’après", "aux dires de", "à en croire", "de source")
# After "selon": a content clause ("les allégations selon lesquelles": the noun carries the
# hedge in both languages), the speaker's own view ("selon moi"), or "selon toute vraisemblance".
NOT_ATTRIBUTION_AFTER = ("lequel", "laquelle", "lesquels", "lesquelles", "moi", "nous", "toi", "toute", "tous", "que", "qu'", "les cas", "le cas")

# French function words that English text never uses as words: three or more of them in
# an English text mean French was left in it. Words that are also English ("a", "on",
# "son", "car", "plus", "sans", "pour", "de", "la", "est") are left out.
FUNCTION_WORDS = frozenset(
    """le les des du une et dans qui que avec sur pas ne au aux par cette ces sont été être mais ont
    il elle ils elles nous vous leur leurs ses très aussi comme où donc entre depuis sous chez notre
    votre était avait fait peut cela ceci leurs lui qu' l' d' n' s' c' j' qu’ l’ d’ n’ s’ c’ j’ selon
    aujourd'hui avoir faire dont parce lorsque alors toujours encore""".split()
)

# Words of a name that are French grammar, not the name ("Union européenne", "la Maison-Blanche").
NAME_STOPWORDS = frozenset(
    """le la les l' l’ de du des d' d’ et en au aux à un une saint sainte st ste""".split()
)

# Place, body and people names whose English form is not a spelling of the French one.
# Keys and values are accent-free, lower case; a name is present when any value is.
EXONYMS: dict[str, tuple[str, ...]] = {
    "allemagne": ("germany", "german", "germans", "berlin"),
    "angleterre": ("england", "english", "britain", "uk"),
    "royaume-uni": ("uk", "britain", "british", "kingdom"),
    "royaume": ("kingdom", "uk", "britain"),
    "grande-bretagne": ("britain", "uk", "british"),
    "etats-unis": ("us", "usa", "america", "american", "americans", "states", "u.s", "u.s."),
    "etats": ("states", "us", "america", "state"),
    "amerique": ("america", "american", "americans", "us"),
    "espagne": ("spain", "spanish"), "italie": ("italy", "italian"), "grece": ("greece", "greek"),
    "chine": ("china", "chinese", "beijing"), "japon": ("japan", "japanese"), "inde": ("india", "indian"),
    "russie": ("russia", "russian", "russians", "moscow"), "ukraine": ("ukraine", "ukrainian"),
    "pologne": ("poland", "polish"), "suede": ("sweden", "swedish"), "norvege": ("norway", "norwegian"),
    "danemark": ("denmark", "danish"), "finlande": ("finland", "finnish"), "irlande": ("ireland", "irish"),
    "ecosse": ("scotland", "scottish"), "pays-bas": ("netherlands", "dutch", "holland"),
    "belgique": ("belgium", "belgian"), "suisse": ("switzerland", "swiss"), "autriche": ("austria", "austrian"),
    "hongrie": ("hungary", "hungarian"), "roumanie": ("romania", "romanian"), "turquie": ("turkey", "turkish", "turkiye"),
    "egypte": ("egypt", "egyptian"), "libye": ("libya", "libyan"), "tunisie": ("tunisia", "tunisian"),
    "algerie": ("algeria", "algerian"), "maroc": ("morocco", "moroccan"), "syrie": ("syria", "syrian"),
    "liban": ("lebanon", "lebanese"), "irak": ("iraq", "iraqi"), "jordanie": ("jordan", "jordanian"),
    "arabie": ("arabia", "saudi"), "koweit": ("kuwait",), "yemen": ("yemen",),
    "afrique": ("africa", "african"), "asie": ("asia", "asian"), "europe": ("europe", "european", "eu"),
    "mexique": ("mexico", "mexican"), "bresil": ("brazil", "brazilian"), "argentine": ("argentina", "argentinian"),
    "perou": ("peru",), "colombie": ("colombia", "colombian"), "chili": ("chile", "chilean"),
    "australie": ("australia", "australian"), "nouvelle-zelande": ("zealand",), "coree": ("korea", "korean"),
    "cambodge": ("cambodia",), "birmanie": ("burma", "myanmar"), "thailande": ("thailand", "thai"),
    "indonesie": ("indonesia", "indonesian"), "malaisie": ("malaysia", "malaysian"), "philippines": ("philippines", "philippine", "filipino"),
    "tchetchenie": ("chechnya", "chechen"), "georgie": ("georgia", "georgian"), "armenie": ("armenia", "armenian"),
    "bielorussie": ("belarus", "belarusian"), "lituanie": ("lithuania",), "lettonie": ("latvia",), "estonie": ("estonia",),
    "moldavie": ("moldova",), "croatie": ("croatia", "croatian"), "serbie": ("serbia", "serbian"),
    "slovaquie": ("slovakia",), "slovenie": ("slovenia",), "tchequie": ("czech",), "republique": ("republic",),
    "crimee": ("crimea", "crimean"), "mer": ("sea",), "ocean": ("ocean",),
    "londres": ("london",), "moscou": ("moscow",), "varsovie": ("warsaw",), "pekin": ("beijing", "peking"),
    "bruxelles": ("brussels",), "geneve": ("geneva",), "vienne": ("vienna",), "venise": ("venice",),
    "rome": ("rome", "roman"), "athenes": ("athens",), "le caire": ("cairo",), "caire": ("cairo",),
    "jerusalem": ("jerusalem",), "copenhague": ("copenhagen",), "lisbonne": ("lisbon",), "edimbourg": ("edinburgh",),
    "nouvelle-orleans": ("orleans",), "new york": ("new",), "quebec": ("quebec",), "montreal": ("montreal",),
    "maison-blanche": ("white", "house"), "maison": ("house",), "blanche": ("white",),
    "onu": ("un", "united", "nations", "u.n", "u.n."), "otan": ("nato",), "ue": ("eu", "european", "union"),
    "union": ("union",), "nations": ("nations", "un"), "unies": ("united", "un"),
    "fmi": ("imf",), "bce": ("ecb",), "oms": ("who",), "fbi": ("fbi",), "cia": ("cia",),
    "pentagone": ("pentagon",), "kremlin": ("kremlin",), "parlement": ("parliament", "parliamentary"),
    "senat": ("senate",), "congres": ("congress",), "assemblee": ("assembly",), "cour": ("court",),
    "gouvernement": ("government",), "ministere": ("ministry", "department", "minister"),
    "etat": ("state",), "ville": ("city", "town"), "pays": ("country",), "ile": ("island",), "iles": ("islands",),
    "nord": ("north", "northern"), "sud": ("south", "southern"), "est": ("east", "eastern"), "ouest": ("west", "western"),
    "noire": ("black",), "rouge": ("red",), "nouvelle": ("new",), "nouveau": ("new",), "saint-pierre": ("peter", "st"),
    "haye": ("hague",), "la haye": ("hague",), "nouvelle-ecosse": ("nova", "scotia"), "nouvelle-galles": ("nsw", "wales"),
    "galles": ("wales", "welsh"), "tasmanie": ("tasmania", "tasmanian"), "floride": ("florida",), "californie": ("california", "calif"),
    "croix": ("cross",), "terre": ("earth", "planet", "world", "land"), "chypre": ("cyprus",), "beyrouth": ("beirut",),
    "nil": ("nile",), "tchecoslovaquie": ("czechoslovakia",),
    "islande": ("iceland", "icelandic"), "mecque": ("mecca",), "la mecque": ("mecca",), "mahomet": ("mohammed", "muhammad", "prophet"),
    "bretagne": ("brittany", "breton", "britain"), "normandie": ("normandy",), "corse": ("corsica", "corsican"),
    "francais": ("french", "france"), "france": ("france", "french"), "paris": ("paris", "parisian"),
    "flandre": ("flanders", "flemish"), "flandres": ("flanders", "flemish"), "hollande": ("holland", "netherlands", "dutch"),
    "bourgogne": ("burgundy",), "bourguignon": ("burgundian", "burgundy"), "bourguignons": ("burgundians", "burgundy"),
    "hexagone": ("france", "french", "metropolitan"), "apres-guerre": ("war", "postwar"), "avant-guerre": ("war", "prewar"),
}
# Grammatical words of French entity spans that spaCy sometimes tags as names.
NOT_NAMES = frozenset(
    """il elle ils elles on nous vous je tu m. mme mlle me dr pr monsieur madame selon mais et ou donc or ni car
    le la les un une ce cette ces""".split()
)

# Units English translations often convert: French unit -> factors to the English units.
# A figure in these units also matches its converted value, to within CONVERSION_TOLERANCE.
UNIT_CONVERSIONS: dict[str, tuple[float, ...]] = {
    "kg": (2.20462,), "kilos": (2.20462,), "kilogrammes": (2.20462,), "g": (0.035274,), "grammes": (0.035274,),
    "tonnes": (1.10231, 2204.62), "t": (1.10231,),
    "km": (0.621371,), "kilomètres": (0.621371,), "km/h": (0.621371,),
    "m": (3.28084, 1.09361), "mètres": (3.28084, 1.09361), "cm": (0.393701,), "centimètres": (0.393701,),
    "mm": (0.0393701,), "millimètres": (0.0393701,),
    "litres": (0.264172, 1.05669, 0.219969), "l": (0.264172,),
    "hectares": (2.47105,), "ha": (2.47105,), "km2": (0.386102,), "m2": (10.7639,), "m3": (35.3147,),
    "mètres cubes": (35.3147,), "°c": ("celsius",), "degrés": ("celsius",),
}
CONVERSION_TOLERANCE = 0.05

# Frequent French words and their usual English renderings: anchors for the omission
# check (with figures, names and cognates), so that a French stretch with no English
# counterpart stands out. Not a dictionary: a word missing here is simply not an anchor.
TRANSLATIONS: dict[str, tuple[str, ...]] = {
    k: tuple(v.split())
    for k, v in {
        "avec": "with", "sans": "without", "pour": "for to", "mais": "but", "contre": "against", "entre": "between among",
        "depuis": "since for", "pendant": "during for", "après": "after", "avant": "before", "sous": "under",
        "sur": "on over about", "dans": "in into within", "par": "by per", "chez": "at", "vers": "towards toward around",
        "selon": "according", "lors": "during", "malgré": "despite", "comme": "as like", "aussi": "also too",
        "très": "very", "plus": "more most", "moins": "less fewer least", "encore": "still yet again", "déjà": "already",
        "toujours": "always still", "jamais": "never ever", "rien": "nothing anything", "tous": "all every", "toutes": "all every",
        "tout": "all everything whole", "chaque": "each every", "autre": "other another", "autres": "other others",
        "même": "same even", "seulement": "only", "seul": "only alone single", "seule": "only alone single",
        "ans": "years year old", "an": "year", "année": "year", "années": "years", "mois": "month months",
        "semaine": "week", "semaines": "weeks", "jour": "day", "jours": "days", "heure": "hour time", "heures": "hours",
        "hier": "yesterday", "aujourd'hui": "today", "demain": "tomorrow", "soir": "evening night", "matin": "morning",
        "nuit": "night", "lundi": "monday", "mardi": "tuesday", "mercredi": "wednesday", "jeudi": "thursday",
        "vendredi": "friday", "samedi": "saturday", "dimanche": "sunday", "dernier": "last latest", "dernière": "last latest",
        "premier": "first prime", "première": "first", "nouveau": "new", "nouvelle": "new", "nouveaux": "new", "nouvelles": "new",
        "grand": "big great large", "grande": "big great large", "grands": "big great large", "petit": "small little",
        "petite": "small little", "bon": "good", "bonne": "good", "mauvais": "bad", "haut": "high top", "bas": "low",
        "homme": "man", "hommes": "men", "femme": "woman wife", "femmes": "women", "enfant": "child", "enfants": "children",
        "gens": "people", "personnes": "people persons", "pays": "country countries", "monde": "world", "ville": "city town",
        "maison": "house home", "vie": "life", "mort": "death dead", "morts": "dead deaths", "guerre": "war",
        "armée": "army military", "soldats": "soldiers troops", "police": "police", "loi": "law bill", "état": "state",
        "ministre": "minister", "président": "president", "chef": "head chief leader", "travail": "work job",
        "argent": "money", "prix": "price prize", "marché": "market", "entreprise": "company business firm",
        "entreprises": "companies businesses firms", "société": "company society", "banque": "bank", "voiture": "car",
        "école": "school", "santé": "health", "eau": "water", "terre": "land earth ground", "mer": "sea", "ciel": "sky",
        "dit": "said says", "déclaré": "said stated declared", "affirmé": "said claimed asserted", "indiqué": "said indicated",
        "expliqué": "explained said", "ajouté": "added", "annoncé": "announced", "estime": "believes thinks estimates",
        "fait": "made done did fact", "faire": "make do", "peut": "can may", "peuvent": "can may", "pourrait": "could might",
        "doit": "must should", "doivent": "must should", "faut": "must need", "veut": "wants", "veulent": "want",
        "sait": "knows", "savoir": "know", "voir": "see", "aller": "go", "venir": "come", "prendre": "take",
        "donner": "give", "trouver": "find", "rester": "stay remain", "mettre": "put", "parler": "speak talk",
        "mieux": "better best", "bien": "well good", "beaucoup": "many much lot", "peu": "little few",
        "trop": "too", "ici": "here", "où": "where", "quand": "when", "comment": "how", "pourquoi": "why",
        "parce": "because", "car": "because as", "donc": "so therefore", "alors": "so then while", "si": "if so",
        "cependant": "however", "pourtant": "yet however", "ainsi": "thus so", "enfin": "finally", "aucun": "no any none",
        "aucune": "no any none", "non": "not no non", "oui": "yes", "pas": "not", "personne": "nobody person",
        "livre": "book", "film": "film movie", "tête": "head", "main": "hand", "mains": "hands", "yeux": "eyes",
        "pied": "foot", "corps": "body", "cœur": "heart", "rue": "street", "route": "road", "avion": "plane aircraft",
        "victimes": "victims", "blessés": "injured wounded", "attaque": "attack", "sécurité": "security safety",
        "droit": "right law", "droits": "rights", "fin": "end", "début": "beginning start early", "milieu": "middle mid",
        "fois": "time times", "part": "share part side", "partie": "part party", "lieu": "place", "cas": "case",
        "question": "question issue", "problème": "problem issue", "raison": "reason", "moment": "moment time",
        "temps": "time weather", "façon": "way", "idée": "idea", "mot": "word", "mots": "words", "nom": "name",
        "groupe": "group", "parti": "party", "élections": "elections", "vote": "vote", "voix": "votes voice",
        "chiffres": "figures numbers", "nombre": "number", "taux": "rate", "hausse": "rise increase", "baisse": "fall drop decline",
        "environ": "about around approximately", "près": "near nearly close", "plusieurs": "several", "certains": "some certain",
        "quelques": "some few", "total": "total", "moitié": "half", "tiers": "third", "quart": "quarter",
        "étudiants": "students", "élèves": "pupils students", "médecins": "doctors", "patients": "patients",
        "juge": "judge", "tribunal": "court", "procès": "trial", "prison": "prison jail", "accusé": "accused charged",
        "décision": "decision", "accord": "agreement deal", "projet": "project plan bill", "plan": "plan",
        "pouvoir": "power", "ministère": "ministry department", "gouvernement": "government", "conseil": "council board",
        "région": "region area", "zone": "zone area", "frontière": "border", "nord": "north", "sud": "south",
        "est": "is east", "ouest": "west", "centre": "centre center", "côté": "side", "face": "face",
    }.items()
}
