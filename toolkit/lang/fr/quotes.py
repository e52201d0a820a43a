"""French lexicon for the quote and attribution engine (toolkit.quotes).

Everything French the quote stage needs lives here, so that another source language is
one more module of the same shape (see `QuoteLexicon`), not edits across the engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from toolkit.lang.typography import QUOTE_PAIRS


@dataclass(frozen=True)
class QuoteLexicon:
    # Quote marks: opening mark -> closing mark. Straight marks open and close themselves.
    # „ closes with “ (German-style) or ” (Polish-style): see `other_closers`.
    pairs: dict
    # Lemmas of verbs that report speech or writing (the "cue" of an attribution).
    cue_verbs: frozenset
    # Lemmas of verbs whose subject labels something in its own words ("parle de
    # « flamandisation »", "le qualifiant de « draconien »"): they attribute a quoted
    # fragment of their sentence, but indirect speech (find_indirect_quotes) never
    # starts from them.
    label_verbs: frozenset
    # Prepositions that attribute a claim without a verb ("selon X", "d'après X").
    cue_preps: frozenset
    # Subject pronouns, with (gender, number); "on" is impersonal and never a speaker.
    pronouns: dict
    impersonal: frozenset
    # Nouns that carry someone's words ("sa réponse a tranché : « … »"): the speaker is the
    # possessor, not the noun.
    speech_carriers: frozenset
    # Nouns that introduce a name or a term in quotes ("la chaîne «Supernova Plus»").
    naming_nouns: frozenset
    # Role nouns a definite description can use to refer back to a person ("le militaire").
    role_nouns: frozenset
    # Collective nouns that take "ils" in running text ("l'état-major ... Ils ajoutent").
    collective_nouns: frozenset
    # Objects that carry a written claim ("ont écrit une lettre refusant de …").
    written_objects: frozenset
    # First/second person words: a quote holding them is someone's speech, not a term.
    speech_person_words: frozenset
    # Honorifics dropped from canonical names.
    honorifics: frozenset
    # Conditional forms of modal verbs that are epistemic, not reportive.
    modal_conditionals: frozenset
    # Typography beyond `pairs`. Closing marks an opener also accepts ("„…”").
    other_closers: dict = None
    # Two-character ASCII spellings of marks, and the mark each stands for: "<<" / ">>"
    # for « », "''" (two apostrophes) for a straight double quote.
    ascii_marks: dict = None
    # Openers that a new paragraph repeats when the quote runs on ("« A ¶ « B »",
    # also "» B" in older French typography).
    reopeners: dict = None
    # Dashes that open a speech turn in interviews ("— Question ? — Réponse, répond-il."),
    # at a paragraph start or after the end of the previous turn's sentence.
    dialogue_dashes: str = ""
    # An incise that ends a dialogue turn and names its speaker (", répond-il.",
    # ", explique Marc Dupont."); matched against the turn's last characters.
    turn_incise: Optional[re.Pattern] = None


FRENCH = QuoteLexicon(
    pairs=QUOTE_PAIRS,
    other_closers={"„": ("”",)},
    ascii_marks={"<<": "«", ">>": "»", "''": '"'},
    reopeners={"«": ("«", "»"), "“": ("“",), "„": ("„", "“"), "‘": ("‘",), "‹": ("‹",), '"': ('"',)},
    dialogue_dashes="—–",
    turn_incise=re.compile(
        r",\s+(?:[a-zàâçéèêëîïôûùœ’']+\s+){0,2}[a-zàâçéèêëîïôûùœ]+-(?:t-)?(?:il|elle|ils|elles)\b[^,;:!?]{0,40}[.!?…]?$"
        r"|,\s+(?:a\s+|avait\s+)?[a-zàâçéèêëîïôûùœ]+\s+(?:M\.\s+|Mme\s+)?[A-ZÀ-Ý][\w’'-]*(?:\s+[A-ZÀ-Ý][\w’'-]*){0,3}[.!?…]?$"
    ),
    cue_verbs=frozenset(
        """déclarer affirmer ajouter souligner noter écrire estimer expliquer poursuivre
        indiquer dire annoncer assurer confirmer reconnaître signaler insister raconter
        préciser rappeler juger considérer admettre démentir nier répondre prévenir avertir
        lancer conclure résumer commenter observer relever constater martèler marteler
        déplorer regretter dénoncer avouer confier répéter témoigner détailler argumenter
        plaider soutenir protester s'exclamer exclamer tweeter twitter claironner lire
        menacer promettre réclamer demander exiger accuser fustiger ironiser
        mettre_en_garde citer rapporter révéler justifier énumérer prédire certifier
        nuancer tempérer renchérir rétorquer répliquer objecter jurer concéder suggérer
        alerter relater proclamer clamer expliciter plaisanter fulminer murmurer crier
        écrier hurler garantir""".split()
        # Not here: verbs that report only inside an incise ("s'inquiète X", "glisse un
        # conseiller") but mean something else in a sentence ("ce projet inquiète les
        # riverains"); the inverted-incise rule of the engine takes any verb there.
    ),
    label_verbs=frozenset("parler qualifier décrire traiter évoquer".split()),
    cue_preps=frozenset({"selon", "d'après", "d’après"}),
    pronouns={
        "il": ("Masc", "Sing"),
        "elle": ("Fem", "Sing"),
        "ils": ("Masc", "Plur"),
        "elles": ("Fem", "Plur"),
        "lui": ("Masc", "Sing"),
        "eux": ("Masc", "Plur"),
    },
    impersonal=frozenset({"on", "-on", "ce", "c'", "c’", "cela", "ça", "qui", "tout", "personne"}),
    speech_carriers=frozenset(
        """réponse message lettre communiqué déclaration texte mots propos réaction message
        tweet post publication voix verdict conclusion explication""".split()
    ),
    naming_nouns=frozenset(
        """chaîne canal journal quotidien magazine hebdomadaire émission film livre roman
        série opération programme projet mouvement groupe parti slogan mot terme expression
        surnom titre appelé appelée baptisé baptisée surnommé surnommée intitulé intitulée
        nommé nommée dit dite application site média album chanson plan doctrine
        campagne loi""".split()
    ),
    role_nouns=frozenset(
        """militaire officier soldat commandant homme femme responsable porte-parole
        ministre président présidente général major colonel capitaine sergent lieutenant
        dirigeant dirigeante chef expert experte analyste témoin habitant habitante
        député députée sénateur sénatrice maire directeur directrice juge avocat avocate
        policier enquêteur diplomate élu élue militant militante blogueur journaliste
        porte-parole premier pdg procureur procureure superintendant analyste vice-président vice-présidente
        acteur actrice chanteur chanteuse auteur autrice écrivain écrivaine réalisateur
        réalisatrice professeur professeure chercheur chercheuse médecin docteur économiste
        historien historienne sociologue politologue conseiller conseillère secrétaire
        candidat candidate fondateur fondatrice patron patronne entraîneur joueur joueuse
        ambassadeur ambassadrice opposant opposante syndicaliste personne""".split()
    ),
    collective_nouns=frozenset(
        """état-major armée gouvernement ministère kremlin commandement services service
        autorités police brigade régiment unité parti comité conseil agence média
        chaîne rapport rapports forces troupes""".split()
    ),
    written_objects=frozenset(
        """lettre message pétition déclaration appel communiqué texte requête
        vidéo""".split()
    ),
    speech_person_words=frozenset(
        """je j' j’ me m' m’ moi nous notre nos tu te t' t’ toi vous votre vos mon ma mes
        ton ta tes""".split()
    ),
    honorifics=frozenset({"m.", "mme", "mlle", "mr", "dr", "me", "mgr", "messieurs"}),
    modal_conditionals=frozenset({"pouvoir", "devoir", "falloir", "vouloir", "aimer", "savoir"}),
)

# The conjunction that opens a reported clause ("a déclaré que C"): the clause is C.
REPORTED_CLAUSE_CONJUNCTIONS = ("que", "qu'", "qu’")
# Reporting verbs whose report is an infinitive sharing their subject ("X a déclaré avoir
# dîné …", "se plaignent de ne pas recevoir …").
INFINITIVE_CUES = frozenset({"déclarer", "affirmer", "assurer", "reconnaître", "nier", "dire", "estimer", "admettre", "avouer", "démentir", "plaindre", "raconter", "prétendre", "soutenir", "confirmer", "jurer"})
# "a dit croire que …": infinitives between a cue and its "que" that carry the report on.
OPINION_INFINITIVES = frozenset({"croire", "penser", "savoir", "estimer", "espérer", "considérer"})
# Words that make "que" part of a conjunction ("peu après que", "alors que", "bien que").
QUE_CONJUNCTION_HEADS = frozenset({"après", "avant", "pendant", "alors", "tandis", "bien", "parce", "pour", "dès", "ainsi", "depuis", "sans", "afin", "lors", "tant", "sitôt", "moins", "plutôt", "même", "encore", "si"})
# Words that open a subordinate clause on their own ("si", "lorsque"), for a report made
# inside a clause that opens the sentence; the others take "que" (QUE_CONJUNCTION_HEADS).
STANDALONE_SUBORDINATORS = frozenset({"si", "lorsque", "lorsqu'", "lorsqu’", "quand", "puisque", "quoique", "comme"})
# First words of a quoted clause that make it depend on the narrator's sentence, so that
# it is not speech standing on its own (classify_quote): conjunctions and the words that
# begin one ("parce que", "bien que", "afin de", "pour", "sans"). Wider than
# STANDALONE_SUBORDINATORS: a quote's first word only has to show the clause depends.
DEPENDENT_CLAUSE_OPENERS = frozenset({"lorsque", "lorsqu'", "lorsqu’", "que", "qu'", "qu’", "si", "quand", "parce", "car", "comme", "puisque", "bien", "afin", "pour", "sans"})
# Determiners: a short quoted fragment right after one (`des “émeutes”`) is a term.
DETERMINERS = frozenset({"des", "une", "un", "de", "du", "la", "le", "les", "l'", "l’", "d'", "d’", "ce", "cette", "ces"})
# Words that join the capitalised words of one name, for acronyms ("Royal Bank of
# Scotland", "Banque de France"); French pages name English bodies too.
NAME_LINKS = frozenset({"of", "for", "and", "de", "du", "des", "d'", "d’", "et"})
# The subject pronoun of an inverted incise as spaCy splits it ("a-t-il", "dit-elle").
HYPHEN_PRONOUN = re.compile(r"^-(?:t-)?(il|elle|ils|elles|on)$", re.I)
# Words that end a speaker's mention: relative pronouns, "lors", and the clitics and "ne"
# that start a verb phrase ("le porte-parole qui a dit", "le ministre ne l'a pas").
MENTION_END_WORDS = frozenset({"qui", "que", "qu'", "qu’", "dont", "lequel", "laquelle", "lors", "ne", "n'", "n’", "se", "s'", "s’"})
