"""The quote stage, pattern by pattern, then on the seed articles."""

from __future__ import annotations

import json

import pytest

from conftest import SEEDS
from toolkit.document import Article, Paragraph, SourceInfo
from toolkit.quotes import (
    FLAG_UNCLOSED,
    FLAG_UNMARKED,
    FLAG_UNOPENED,
    FLAG_UNVERIFIED,
    extract_quotes,
    scan_quote_marks,
)


def make_article(text: str) -> Article:
    """One paragraph per blank-line-separated block, as the clean stage lays them out."""
    paragraphs, pos = [], 0
    for n, block in enumerate(text.split("\n\n")):
        paragraphs.append(Paragraph(index=n, start=pos, end=pos + len(block), source_start=pos, line=n + 1))
        pos += len(block) + 2
    return Article(id="t", source=SourceInfo("t.txt", "", "utf-8"), raw_text=text, text=text, paragraphs=tuple(paragraphs))


def scan(text: str):
    article = make_article(text)
    return article, scan_quote_marks(article.text, article.paragraphs)


def analyze(text: str, nlp) -> Article:
    from toolkit.segment.sentences import parse_paragraphs, segment_article

    article = make_article(text)
    docs = parse_paragraphs(article, nlp)
    return extract_quotes(segment_article(article, docs), docs)


def by_text(article: Article, fragment: str):
    found = [q for q in article.quotes if fragment in q.text]
    assert found, f"no quote holding {fragment!r} in {[q.text for q in article.quotes]}"
    return found[0]


# ------------------------------------------------------------------ quote marks


def test_guillemets_with_no_break_spaces_give_the_bare_content():
    article, spans = scan("Il a dit : «\u00a0Bonjour à tous\u202f».")
    assert [s.content(article.text) for s in spans] == ["Bonjour à tous"]
    assert article.text[spans[0].start : spans[0].end] == "Bonjour à tous"


def test_nesting_is_a_stack_for_every_pair_and_for_same_mark_nesting():
    article, spans = scan("« Il a dit “ça ‘va’ bien” hier, « vraiment » », fin.")
    contents = [s.content(article.text) for s in spans]
    assert contents[0].startswith("Il a dit") and contents[0].endswith("« vraiment »")
    inner = {c: s for c, s in zip(contents, spans)}
    assert inner["ça ‘va’ bien"].parent == 0
    assert inner["va"].parent == contents.index("ça ‘va’ bien")
    assert inner["vraiment"].parent == 0
    assert inner["vraiment"].depth == 1 and inner["va"].depth == 2


def test_straight_quotes_pair_by_position_and_apostrophe_uses_are_ignored():
    article, spans = scan('Selon l"équipe, il a dit "oui" puis "non" aujourd\'hui.')
    assert [s.content(article.text) for s in spans] == ["oui", "non"]


def test_typographic_apostrophe_closes_only_an_open_single_quote():
    article, spans = scan("L’armée a parlé d’une ‘victoire’ aujourd’hui.")
    assert [s.content(article.text) for s in spans] == ["victoire"]


def test_single_straight_quote_only_where_it_cannot_be_an_apostrophe():
    article, spans = scan("Il a répondu 'jamais' aujourd'hui, l'air grave.")
    assert [s.content(article.text) for s in spans] == ["jamais"]


def test_quote_reopened_at_each_paragraph_is_one_quote_over_three_paragraphs():
    text = "Il a dit : “Premier point.\n\n“Deuxième point.\n\n“Troisième point.”\n\nLa suite."
    article, spans = scan(text)
    assert len(spans) == 1
    q = spans[0]
    assert q.paragraphs == (0, 1, 2)
    assert q.content(text) == "Premier point. Deuxième point. Troisième point."
    assert text[q.start : q.end].startswith("Premier") and text[q.start : q.end].endswith("Troisième point.")


def test_paragraph_initial_closing_guillemet_continues_the_quote():
    text = "« Nous irons loin.\n\n» Et nous gagnerons », dit-il."
    article, spans = scan(text)
    assert len(spans) == 1 and spans[0].paragraphs == (0, 1)
    assert spans[0].content(text) == "Nous irons loin. Et nous gagnerons"


def test_unclosed_quote_is_recovered_at_its_paragraph_end_and_flagged():
    text = "Il a dit : « Rien ne va plus.\n\nLa suite de l'article est du récit. Et « ceci » aussi."
    article, spans = scan(text)
    first = spans[0]
    assert first.content(text) == "Rien ne va plus."
    assert FLAG_UNCLOSED in first.flags and first.paragraphs == (0,)
    assert [s.content(text) for s in spans[1:]] == ["ceci"]


def test_closing_mark_without_opener_recovers_back_to_the_boundary():
    text = "Home » MONDE » Il n’y a plus personne” : un officier raconte."
    article, spans = scan(text)
    assert [s.content(text) for s in spans] == ["Il n’y a plus personne"]
    assert FLAG_UNOPENED in spans[0].flags


# ------------------------------------------------------------------ attribution patterns


def test_preposed_colon_introduction(nlp):
    a = analyze("Le ministre Jean Dupont a déclaré : « Nous allons gagner cette bataille. »", nlp)
    q = by_text(a, "Nous allons gagner")
    assert (q.type, q.speaker_name, q.cue) == ("direct", "Jean Dupont", "a déclaré")


def test_postposed_incise_with_named_speaker_and_description(nlp):
    a = analyze("« La situation est grave », souligne Marie Lefèvre, porte-parole du ministère, lundi.", nlp)
    q = by_text(a, "La situation est grave")
    assert q.type == "direct" and q.speaker_name == "Marie Lefèvre" and q.cue == "souligne"
    assert a.speakers[0].description == "porte-parole du ministère"


def test_inverted_pronoun_resolves_to_the_previous_subject(nlp):
    a = analyze("Pierre Martin est arrivé hier à Paris.\n\n« Je suis très content d'être ici », a-t-il ajouté.", nlp)
    q = by_text(a, "Je suis très content")
    assert q.speaker_mention == "il" and q.speaker_name == "Pierre Martin"


def test_split_incise_inside_the_quote(nlp):
    a = analyze("Le général Paul Durand est venu.\n\n« Nous sommes prêts, souligne-t-il, à négocier demain. »", nlp)
    q = by_text(a, "Nous sommes prêts")
    assert q.speaker_name == "Paul Durand" and "split_incise" in q.flags


def test_selon_and_reportive_conditional(nlp):
    a = analyze("Selon le ministère de la Défense, les troupes auraient reculé de dix kilomètres.", nlp)
    q = by_text(a, "les troupes auraient reculé")
    assert q.type == "indirect" and q.cue == "selon"
    assert "ministère de la Défense" in q.speaker_name
    assert FLAG_UNVERIFIED in q.flags


def test_d_apres_at_sentence_end(nlp):
    a = analyze("Les négociations reprendront mardi, d'après le porte-parole du gouvernement.", nlp)
    q = by_text(a, "Les négociations reprendront mardi")
    assert q.type == "indirect" and q.cue == "d'après" and "porte-parole" in q.speaker_name
    assert FLAG_UNVERIFIED not in q.flags


def test_reported_speech_with_que(nlp):
    a = analyze("Dmitri Peskov, porte-parole du Kremlin, a déclaré que la Russie était prête à négocier.", nlp)
    q = by_text(a, "la Russie était prête")
    assert q.type == "indirect" and q.speaker_name == "Dmitri Peskov" and q.cue == "a déclaré"
    assert a.speakers[0].description == "porte-parole du Kremlin"


def test_impersonal_on_is_no_speaker(nlp):
    a = analyze("On pense que les forces russes ont doublé en taille.", nlp)
    assert not [q for q in a.quotes if q.type == "indirect"]


def test_terms_names_and_scare_quotes_have_no_speaker(nlp):
    a = analyze("Une vidéo publiée sur le canal Telegram «Supernova Plus» montre des “émeutes” dans la caserne.", nlp)
    for fragment in ("Supernova Plus", "émeutes"):
        q = by_text(a, fragment)
        assert q.type == "term" and q.speaker is None


def test_partial_quote_inside_reported_speech_is_a_child(nlp):
    a = analyze("Volodymyr Zelensky a déclaré que l'armée ouvrait la voie à la libération de “toutes nos terres”.", nlp)
    partial = [q for q in a.quotes if q.text == "toutes nos terres"][0]
    report = [q for q in a.quotes if q.type == "indirect"][0]
    assert partial.type == "partial" and partial.parent == report.id
    assert partial.speaker == report.speaker and report.speaker_name == "Volodymyr Zelensky"


def test_quote_right_after_another_keeps_the_speaker(nlp):
    a = analyze("« Nous avons perdu la bataille », a dit Anne Morel. « Mais la guerre continue. »", nlp)
    second = by_text(a, "Mais la guerre continue")
    assert second.speaker_name == "Anne Morel" and second.type == "direct"


def test_role_speaker_and_possessive_colon_introduction(nlp):
    text = (
        "Un commandant a appelé le Kremlin à la paix.\n\n"
        "Dans une interview, le militaire a rejeté toute ruse. Sa réponse a tranché : « J'arrêterais la guerre. »"
    )
    a = analyze(text, nlp)
    q = by_text(a, "J'arrêterais la guerre")
    assert q.speaker_mention.lower() == "sa" and q.speaker_name.lower() == "commandant"
    assert FLAG_UNVERIFIED not in q.flags  # a first-person conditional is no reportive one


def test_ids_follow_text_order_and_speakers_are_shared(nlp):
    a = analyze("« Un », a dit Jean Valjean. Plus tard, Valjean a affirmé que tout allait bien.", nlp)
    assert [q.id for q in a.quotes] == [f"q{n + 1}" for n in range(len(a.quotes))]
    assert [q.start for q in a.quotes] == sorted(q.start for q in a.quotes)
    assert len({q.speaker for q in a.quotes}) == 1 and a.speakers[0].id == "sp1"


# ------------------------------------------------------------------ the seed articles


@pytest.fixture(scope="module")
def seeds(nlp) -> dict[str, Article]:
    from toolkit.pipeline import prepare_article

    return {p.name[:3]: prepare_article(p, nlp) for p in sorted(SEEDS.glob("*.txt"))}


def test_seed_002_quote_over_four_paragraphs(seeds):
    a = seeds["002"]
    q = by_text(a, "Une fois de plus")
    assert len(q.paragraphs) == 4 and q.type == "direct"
    assert q.text.endswith("moral et psychologique du personnel.") and "“" not in q.text and "\n" not in q.text
    assert "état-major" in q.speaker_name


def test_seed_004_quote_over_three_paragraphs(seeds):
    a = seeds["004"]
    q = by_text(a, "Personne ne veut être ici")
    assert len(q.paragraphs) == 3 and q.text.endswith("Ils ont refusé de se battre.")
    assert "Gruzev" in q.speaker_name
    # The next quote ("Il a déclaré : …") is the same man, through "Le Major".
    assert by_text(a, "Je demande aux citoyens russes").speaker == q.speaker


def test_seed_002_attribution_chain(seeds):
    a = seeds["002"]
    staff = by_text(a, "Dans la zone de la colonie de Kherson")
    refusal = [q for q in a.quotes if q.text.startswith("refusant de participer")][0]
    assert staff.paragraphs == (2, 3) and "état-major" in staff.speaker_name
    assert refusal.type == "indirect" and refusal.parent == staff.id
    assert "127e régiment" in refusal.speaker_name and refusal.speaker != staff.speaker


def test_seed_002_pronouns_resolve_to_peskov(seeds):
    a = seeds["002"]
    insisted = by_text(a, "atteindra tous les objectifs")
    assert insisted.speaker_mention == "il" and insisted.speaker_name == "Dmitri Peskov"
    assert [q.type for q in a.quotes if q.text == "l’opération militaire spéciale"] == ["term"]


def test_seed_000_unverified_claim_and_one_speaker(seeds):
    a = seeds["000"]
    claim = by_text(a, "l’armée russe aurait subi")
    assert claim.type == "indirect" and FLAG_UNVERIFIED in claim.flags and "Kiev" in claim.speaker_name
    first, second = by_text(a, "J’arrêterais"), by_text(a, "Ils sont comme nous")
    assert first.speaker is not None and first.speaker == second.speaker


def test_seed_001_telegram_channel_speaks(seeds):
    a = seeds["001"]
    assert by_text(a, "Le front s'effondre").speaker_name == "Alex Parker Returns"
    assert by_text(a, "Alex Parker Returns").type == "term"
    assert by_text(a, "bientôt être abandonnée").speaker_name == "Alex Parker Returns"


def test_seed_offsets_slice_back_and_map_to_the_file(seeds):
    for a in seeds.values():
        on_disk = open(a.source.path, encoding="utf-8").read()
        for q in a.quotes:
            if len(q.paragraphs) == 1:
                assert a.text[q.start : q.end] == q.text
            else:
                assert a.text[q.start : q.end].startswith(q.text[:20]) and a.text[q.start : q.end].endswith(q.text[-20:])
            s, e = a.to_original_span(q.start, q.end)
            assert on_disk[s:e].split()[:3] == a.text[q.start : q.end].split()[:3]
            assert q.speaker is None or q.speaker in {sp.id for sp in a.speakers}
            assert q.parent is None or q.parent in {x.id for x in a.quotes}


def test_seed_json_validates_with_quotes_and_speakers(seeds):
    from toolkit.formats.schema import article_to_dict, validate_article_json

    data = json.loads(json.dumps(article_to_dict(seeds["002"]), ensure_ascii=False))
    validate_article_json(data)
    assert len(data["quotes"]) == len(seeds["002"].quotes) > 10
    assert all("source_start" in q and q["translation"] is None for q in data["quotes"])


def test_selon_phrase_keeps_its_source_when_a_name_follows_the_comma(nlp):
    a = analyze("Selon les rapports des services de renseignement, Poutine a envoyé des unités tchétchènes.", nlp)
    q = by_text(a, "Poutine a envoyé")
    assert q.type == "indirect" and "services de renseignement" in q.speaker_name


def test_role_then_name_in_apposition_names_the_speaker(nlp):
    a = analyze("« Le soutien va continuer », explique le directeur régional des Hôtels Delta, Félix Bisson.", nlp)
    q = by_text(a, "Le soutien va continuer")
    assert q.speaker_name == "Félix Bisson"
    assert a.speakers[0].description.startswith("le directeur régional")


def test_infinitive_report_and_participle_cue(nlp):
    a = analyze("Le ministre Paul Girard a nié avoir reçu de l'argent, ajoutant que l'enquête le blanchirait.", nlp)
    denial = by_text(a, "avoir reçu de l'argent")
    added = by_text(a, "l'enquête le blanchirait")
    assert denial.type == added.type == "indirect"
    assert denial.speaker_name == added.speaker_name == "Paul Girard"
    assert denial.text == "avoir reçu de l'argent"


def test_coordinated_roles_then_apposed_name(nlp):
    a = analyze("« Nous allons investir », a expliqué le président et directeur de la société, Marc Lemaire, en entrevue.", nlp)
    assert by_text(a, "Nous allons investir").speaker_name == "Marc Lemaire"


def test_quote_opening_a_paragraph_is_introduced_by_the_previous_colon(nlp):
    """The sample article's letter: introduced at the end of one paragraph, quoted over
    the next three; a participle ("signée") must not stand in for the reporting verb."""
    from conftest import REPO
    from toolkit.pipeline import prepare_article

    article = prepare_article(REPO / "corpus" / "exemple_conseil_municipal.txt", nlp)
    [letter] = [q for q in article.quotes if len(q.paragraphs) == 3]
    assert letter.speaker_name == "Henri Fabre"
    assert letter.cue == "a lu"


# One sentence per attribution pattern: (sentence, fragment of the quote, its type or
# None for any, the expected speaker name, or mention when it starts with "~", and
# optionally the cue that must have been used).
ATTRIBUTION_CASES = {
    "coordinated roles right before the name": (
        "Interrogée sur son rôle, l'actrice et chanteuse Marie Dubois a rappelé avoir « grandi à Lyon, entre deux théâtres ».",
        "grandi à Lyon", "partial", "Marie Dubois"),
    "a quote after the comma is the next quote, not an incise (first)": (
        'Pour Jeanne Martin, si l\'effort est nécessaire pour "réussir un jour", "la chance peut aussi changer une vie".',
        "réussir un jour", None, "Jeanne Martin"),
    "a quote after the comma is the next quote, not an incise (second)": (
        'Pour Jeanne Martin, si l\'effort est nécessaire pour "réussir un jour", "la chance peut aussi changer une vie".',
        "la chance peut aussi", None, "Jeanne Martin"),
    "relative subject and labelling verb, one-word quote": (
        'Le budget est "trop faible", selon la sénatrice Claire Fontaine qui parle de "sabotage" de la recherche.',
        "sabotage", "partial", "Claire Fontaine"),
    "passive agent speaks": (
        "L'entraîneur, considéré par les supporters comme un « sauveur inespéré », a quitté le club.",
        "sauveur inespéré", "partial", "~les supporters"),
    "name with a no-break space in apposition after the role": (
        "La porte-parole de la mairie, Anne\u00a0Dupré a indiqué que les travaux commenceraient lundi.",
        "les travaux commenceraient", "indirect", "Anne Dupré"),
    "incise after a sentence-final adverb": (
        "Il faudrait lui garantir qu'il serait en « sécurité » là-bas, a déclaré le député.",
        "sécurité", None, "~le député", "a déclaré"),
    "incise after a one-word sentence-final adverb": (
        "Il faudrait lui garantir qu'il serait en « sécurité » ici, a déclaré le député.",
        "sécurité", None, "~le député", "a déclaré"),
    "no comma after the mark: the sentence goes on, its later verb is no incise": (
        'Le député Paul Roy parle de "fermeture" de la ville et exige la démission du maire.',
        "fermeture", None, "Paul Roy", "parle"),
    "any verb of an inverted incise reports (reflexive)": (
        "« Tout le monde pourra être suivi partout », s'émeut Paul Girard, juriste à Lyon.",
        "Tout le monde pourra", None, "Paul Girard", "s'émeut"),
    "any verb of an inverted incise reports (with an adverb)": (
        "« Les retards coûtent cher aux familles », déplore amèrement Sophie Marchal.",
        "Les retards coûtent", None, "Sophie Marchal"),
    "selon a statement names the body that made it": (
        "« Le risque est réel », selon un communiqué publié par la Commission européenne.",
        "Le risque est réel", None, "Commission européenne"),
    "several cue verbs: the one governing the quote": (
        "Le préfet n'a pas réagi, mais son adjoint Louis Brun a qualifié la décision de \"faute lourde\" devant la presse.",
        "faute lourde", "partial", "Louis Brun", "a qualifié"),
    "coordination after the mark is no incise": (
        "Le porte-parole Marc Vidal a salué les « bénévoles infatigables » et affirmé que des familles avaient été relogées.",
        "bénévoles infatigables", "partial", "Marc Vidal"),
    "labelling verb before an elided straight quote": (
        "L'avocate Sophie Lenoir a qualifié d'\"absurde\" la décision du juge.",
        "absurde", "partial", "Sophie Lenoir"),
    "the title Me is no first-person pronoun": (
        "Me Claire Vasseur a affirmé que son client était innocent.",
        "son client était innocent", "indirect", "Claire Vasseur"),
}


def _indirect(article: Article) -> list[str]:
    return [q.text for q in article.quotes if q.type == "indirect"]


def test_report_holding_a_quote_keeps_both_and_the_quote_takes_the_reporter(nlp):
    """docs/quote-annotation.md: the claim is indirect, the marked words its child."""
    a = analyze('La syndique Hélène Morel a dit croire que la mairie avait "sous-estimé" les risques.', nlp)
    claim = by_text(a, "la mairie avait")
    [words] = [q for q in a.quotes if q.text == "sous-estimé"]
    assert claim.type == "indirect" and claim.text == 'la mairie avait "sous-estimé" les risques'
    assert words.type == "partial" and words.parent == claim.id
    assert claim.speaker_name == words.speaker_name == "Hélène Morel"


def test_infinitive_report_runs_over_a_quote(nlp):
    a = analyze("L'avocat Jean Morin a soutenu n'avoir jamais lu un dossier \"aussi vide\".", nlp)
    assert _indirect(a) == ['n\'avoir jamais lu un dossier "aussi vide"']
    assert by_text(a, "aussi vide").speaker_name == "Jean Morin"


def test_participle_of_a_reporting_verb_ends_the_claim_and_reports_again(nlp):
    a = analyze("Le maire a déclaré que le chantier serait fini en mai, en insistant sur le fait que le budget serait tenu.", nlp)
    assert _indirect(a) == ["le chantier serait fini en mai", "le budget serait tenu"]
    assert {q.speaker_mention for q in a.quotes} == {"Le maire"}


def test_other_participles_stay_in_the_claim(nlp):
    a = analyze("Le journal confirme que des soldats auraient fui le front, tentant d'échapper aux combats.", nlp)
    assert _indirect(a) == ["des soldats auraient fui le front, tentant d'échapper aux combats"]


def test_conjunction_que_is_no_report(nlp):
    a = analyze("Il l'a annoncé dans un message vidéo, peu après que la ville voisine a été reprise.", nlp)
    assert _indirect(a) == []


def test_incise_without_marks_reports_what_precedes_it(nlp):
    a = analyze("Le train était complet, a-t-elle ajouté.", nlp)
    assert _indirect(a) == ["Le train était complet"]
    marked = analyze("« Le train était complet », a-t-elle ajouté.", nlp)
    assert [q.type for q in marked.quotes] == ["direct"]
    apposition = analyze("Paul Roy, le député qui préside la commission, a indiqué que la séance était levée.", nlp)
    assert _indirect(apposition) == ["la séance était levée"]
    assert by_text(apposition, "la séance").speaker_name == "Paul Roy"


def test_a_new_report_ends_the_claim_and_mais_is_no_incise(nlp):
    a = analyze("Dupont a déclaré qu'il « quitterait la ville dès lundi », mais il a affirmé plus tard qu'il resterait.", nlp)
    first = by_text(a, "quitterait la ville")
    assert _indirect(a) == ["il « quitterait la ville dès lundi »", "il resterait"]
    assert first.speaker_name == [q for q in a.quotes if q.text == "quitterait la ville dès lundi"][0].speaker_name == "Dupont"


def test_subject_split_off_by_the_parser_still_speaks(nlp):
    """FLORES devtest line 189: spaCy parses "Chambers, un ange," as a root of its own,
    so "affirme" has no subject; the subject is the noun root before it."""
    from conftest import TESTSETS

    line = (TESTSETS / "flores200-devtest.fr").read_text(encoding="utf-8").split("\n")[188]
    assert line.startswith("Chambers, un ange, affirme")
    doc = nlp(line)
    assert not [t for t in doc if t.text == "affirme" and any(c.dep_.startswith("nsubj") for c in t.children)]
    a = analyze(line, nlp)
    assert by_text(a, "son procès").speaker_name == "Chambers"
    assert [q for q in a.quotes if q.text == "frivole"][0].speaker_name == "Chambers"


def test_a_claim_never_ends_inside_a_quote(nlp):
    """"..." inside the marks is no sentence end: the report holds the whole quote."""
    a = analyze("Un rapport dit que ces mesures sont les « plus sévères... depuis vingt ans ».", nlp)
    [claim] = [q for q in a.quotes if q.type == "indirect"]
    words = [q for q in a.quotes if q.type != "indirect"][0]
    assert claim.start <= words.start and words.end <= claim.end and words.parent == claim.id


def test_selon_before_a_colon_names_the_quote_source(nlp):
    a = analyze("Le ministre aurait répondu, selon le journal La Voix : « Nous verrons bien. »", nlp)
    assert _indirect(a) == []
    assert [q.type for q in a.quotes] == ["direct"]


@pytest.mark.parametrize("case", list(ATTRIBUTION_CASES))
def test_attribution_pattern(nlp, case):
    sentence, fragment, qtype, speaker, *cue = ATTRIBUTION_CASES[case]
    q = by_text(analyze(sentence, nlp), fragment)
    assert qtype is None or q.type == qtype
    assert not cue or q.cue == cue[0]
    if speaker.startswith("~"):
        assert q.speaker_mention == speaker[1:]
    else:
        assert q.speaker_name is not None and speaker in q.speaker_name.replace("\u00a0", " ")


@pytest.mark.parametrize(
    ("sentence", "claim", "speaker"),
    [
        # spaCy takes an unknown surname opening the sentence for a verb.
        ("Drescher a déclaré que certains élus « répètent toujours la même erreur ».",
         "certains élus « répètent toujours la même erreur »", "Drescher"),
        # ... and a cue verb after a name for a part of the name.
        ("Le président du conseil régional Paolo Bernardi juge que son équipe tiendra jusqu'en 2030 malgré les tensions.",
         "son équipe tiendra jusqu'en 2030 malgré les tensions", "Paolo Bernardi"),
    ],
)
def test_report_whose_subject_the_parser_missed(sentence, claim, speaker, nlp):
    article = analyze(sentence, nlp)
    q = next(q for q in article.quotes if q.type == "indirect")
    assert (q.text, q.speaker_name) == (claim, speaker)
    # A marked quote inside the report is the reported speaker's.
    assert all(p.speaker_name == speaker for p in article.quotes if p.parent == q.id)


@pytest.mark.parametrize("opening", ["Bien que", "Même si", "Lorsque"])
def test_report_in_a_fronted_subordinate_clause_ends_with_the_clause(opening, nlp):
    # The main clause after the comma is the narrator's, not Martin's.
    article = analyze(f"{opening} Martin a dit que le plan « serait prêt » à temps, le directeur est resté inquiet toute la journée.", nlp)
    q = next(q for q in article.quotes if q.type == "indirect")
    assert (q.text, q.speaker_name) == ("le plan « serait prêt » à temps", "Martin")


def test_a_comma_inside_a_report_that_opens_the_sentence_does_not_end_it(nlp):
    article = analyze("Martin a dit que le plan, malgré les retards, serait prêt à temps.", nlp)
    q = next(q for q in article.quotes if q.type == "indirect")
    assert q.text == "le plan, malgré les retards, serait prêt à temps"


def test_a_name_opening_its_sentence_is_the_antecedent_the_parser_left_without_subject(nlp):
    # The long apposition leaves "Claire" with no subject relation; the last subject
    # before her, "chirurgie", is no speaker.
    article = analyze(
        "La chirurgie l'a rendu stérile.\n\n"
        "Mais Claire Fontaine-Laurent, directrice générale de l'organisation à but non lucratif basée à Lyon "
        "Familles Unies, craint que la réforme « invite à la stigmatisation ».\n\n"
        "« De nombreux parents s'inquiètent que la réforme pousse à des décisions rapides », a-t-elle déclaré.",
        nlp,
    )
    q = by_text(article, "De nombreux parents")
    assert (q.speaker_mention, q.speaker_name) == ("elle", "Claire Fontaine-Laurent")


def test_selon_names_the_source_and_the_cue_verb_the_speaker(nlp):
    article = analyze(
        "Selon le Courrier, une personne interrogée aurait dit des années plus tard, « Je ne suis pas coupable. »\n\n"
        "Je resterai ce que les juges ont fait de moi.",
        nlp,
    )
    quote = next(q for q in article.quotes if q.type == "direct" and "Je ne suis pas coupable" in q.text)
    assert quote.speaker_mention.startswith("une personne") and "Courrier" not in quote.speaker_name
    # The unmarked paragraph after it continues the same person.
    assert by_text(article, "Je resterai").speaker == quote.speaker


def test_reporting_verb_left_unlemmatised_is_still_a_cue():
    from toolkit.quotes.tokens import verb_lemma_guesses

    assert "indiquer" in verb_lemma_guesses("indique")
    assert "énumérer" in verb_lemma_guesses("énumère")
    assert "prédire" in verb_lemma_guesses("prédit")
    assert "garantir" in verb_lemma_guesses("garantit")
    assert "promettre" in verb_lemma_guesses("promet")
    assert "indiquer" in verb_lemma_guesses("indiquent")


def test_straight_quote_after_an_elision_opens():
    article, marks = scan('Il était sur le plateau d\'"Antenne 2" ce soir-là, qualifié d\'"inexplicable" par tous.')
    assert [article.text[m.start : m.end] for m in marks] == ["Antenne 2", "inexplicable"]
    assert all(not m.flags for m in marks)


# ------------------------------------------------------------------ whole articles (issue 14)


def test_first_person_paragraph_after_a_quote_continues_its_speaker_without_marks(nlp):
    article = analyze(
        "Jim Bruce, un écrivain du Montana, a été opéré à la naissance.\n\n"
        "« Je savais que je n'étais pas une fille », a déclaré Jim Bruce.\n\n"
        "À 18 ans, il a subi une nouvelle opération.\n\n"
        "J'ai été stérilisé à la naissance et personne ne me l'avait jamais dit.",
        nlp,
    )
    q = by_text(article, "J'ai été stérilisé")
    assert (q.type, q.flags) == ("direct", (FLAG_UNMARKED,))
    assert q.text == "J'ai été stérilisé à la naissance et personne ne me l'avait jamais dit."
    assert q.speaker_name == by_text(article, "Je savais").speaker_name == "Jim Bruce"
    # Narration in the third person is nobody's speech.
    assert not [x for x in article.quotes if "18 ans" in x.text]


def test_first_person_lines_after_a_report_or_far_from_any_quote_are_the_narrators(nlp):
    article = analyze(
        "Selon la National Retail Federation, les Américains dépenseront 330 millions.\n\n"
        "Nous avons déguisé nos chiens l'année dernière.\n\n"
        "« C'est un record », a déclaré Marc Dupont.\n\n"
        "Le marché a doublé.\n\nLes prix montent.\n\nLes ventes aussi.\n\nLes stocks baissent.\n\n"
        "Le public suit.\n\nJe n'ai jamais vu autant de citrouilles.",
        nlp,
    )
    assert not [q for q in article.quotes if FLAG_UNMARKED in q.flags]


def test_a_pronoun_resolved_to_no_person_is_the_speaker_quoted_last(nlp):
    article = analyze(
        "Anne Tamar-Mattis dirige une association en Californie.\n\n"
        "« La loi va trop loin », a déclaré Anne Tamar-Mattis.\n\n"
        "La chirurgie précoce reste fréquente dans ce pays.\n\n"
        "« Les adultes devraient pouvoir décider », a-t-elle ajouté.",
        nlp,
    )
    assert by_text(article, "Les adultes").speaker_name == "Anne Tamar-Mattis"


def test_acronyms_and_definite_roles_link_to_the_names_the_article_introduced(nlp):
    article = analyze(
        "Les Américains dépenseront 6,9 milliards, selon la National Retail Federation.\n\n"
        "Les déguisements représenteront 1,2 milliard, selon la NRF.\n\n"
        "Le rapport cite l'ancien secrétaire général de la Maison-Blanche Bill Daley.\n\n"
        "« C'était une option », a déclaré Daley.\n\n"
        "L'ancien secrétaire général a admis qu'Obama avait peut-être su.",
        nlp,
    )
    assert {q.speaker_name for q in article.quotes if "déguisements" in q.text or "Américains" in q.text} == {"National Retail Federation"}
    assert by_text(article, "Obama").speaker_name == by_text(article, "une option").speaker_name
