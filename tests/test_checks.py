"""Reviewer checks (toolkit/checks/), their corruption generator (toolkit/evaluation/checks.py)
and `toolkit check`, with the real spaCy model and the real test sets in ../shared."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest

from conftest import REPO, TESTSETS
from toolkit.evaluation import checks as checks_evaluation
from toolkit import checks
from toolkit.checks import check_pair, english_numbers, flags, french_numbers


def kinds(fr, en, nlp):
    return flags(check_pair(fr, en, nlp=nlp))


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    "text, value",
    [
        ("une hausse de 0,6 %", 0.6),
        ("5 200 soldats", 5200.0),
        ("5\u00a0200 soldats", 5200.0),
        ("5\u202f200 soldats", 5200.0),
        ("14 201,57 points", 14201.57),
        ("le 1er corps", 1.0),
        ("la 2e brigade", 2.0),
        ("1,5 million de pertes", 1.5e6),
        ("3 milliards d'euros", 3e9),
        ("trois soldats", 3.0),
        ("vingt-cinq blessés", 25.0),
        ("le XXe siècle", 20.0),
        ("à 14h30", 14.0),
    ],
)
def test_french_figures_are_normalised(text, value):
    assert any(value in n.values for n in french_numbers(text)), french_numbers(text)


@pytest.mark.parametrize(
    "text, value",
    [("5,200 soldiers", 5200.0), ("0.6%", 0.6), ("1.5 million", 1.5e6), ("the 1st Corps", 1.0), ("three", 3.0),
     ("$3bn", 3e9), ("at 2:30 p.m.", 14.0), ("twenty five", 25.0), ("a tenfold rise", 10.0)],
)
def test_english_figures_are_normalised(text, value):
    assert any(value in n.values for n in english_numbers(text)), english_numbers(text)


@pytest.mark.parametrize(
    "fr, en",
    [
        ("Le taux est de 75 %.", "The rate is 75%."),
        ("Le 1er corps a perdu 5\u202f200 hommes le 22 juin 2025.", "The 1st Corps lost 5,200 men on June 22, 2025."),
        ("La croissance est de 0,6 % et 1,5 million de personnes sont touchées.", "Growth is 0.6% and 1.5 million people are affected."),
        ("Trois soldats ont été tués.", "Three soldiers were killed."),
        ("Il a été arrêté à 14h30.", "He was arrested at 2.30pm."),
        ("La citrouille pèse 922 kg.", "The pumpkin weighs 2,032 pounds."),
        ("Dans les années 80, il était riche.", "In the 1980s he was rich."),
    ],
)
def test_numbers_rendered_in_english_conventions_are_not_flagged(fr, en, nlp):
    assert checks.NUMBER_MISMATCH not in kinds(fr, en, nlp)


@pytest.mark.parametrize(
    "fr, en",
    [
        ("Il a coûté 1.000.000 euros.", "It cost 1,000,000 euros."),
        ("Le réseau 192.168.122.0/24 est privé.", "The 192.168.122.0/24 network is private."),
    ],
)
def test_figures_with_several_dots_are_read_not_crashed_on(fr, en, nlp):
    # "1.000.000" has no decimal reading; it crashed float() and stopped the whole check.
    assert any(1e6 in n.values for n in french_numbers("1.000.000 euros"))
    assert isinstance(check_pair(fr, en, nlp=nlp), tuple | list)


def test_an_altered_percentage_is_reported_with_both_figures_and_offsets(nlp):
    fr, en = "Environ 75 % de son unité aurait été tuée, selon lui.", "About 57% of his unit was reportedly killed, he said."
    (finding,) = [f for f in check_pair(fr, en, nlp=nlp) if f.kind == checks.NUMBER_MISMATCH]
    assert finding.message == "75 % in French, 57% in English"
    assert fr[finding.source_start:finding.source_end] == "75 %"
    assert en[finding.target_start:finding.target_end] == "57%"


@pytest.mark.parametrize(
    "fr, en",
    [
        ("Le 22 juin 2025, l'armée a reculé.", "On June 2, 2025, the army retreated."),
        ("Le 22 juin 2025, l'armée a reculé.", "On July 22, 2025, the army retreated."),
        ("Les pertes atteignent 5 200 hommes.", "Losses reached 5,300 men."),
        ("Les pertes atteignent 5 200 hommes.", "Losses were heavy."),
        ("Le 1er corps a reculé.", "The 2nd Corps retreated."),
        ("Trois soldats ont été tués.", "Four soldiers were killed."),
    ],
)
def test_altered_or_dropped_figures_and_dates_are_flagged(fr, en, nlp):
    assert checks.NUMBER_MISMATCH in kinds(fr, en, nlp)


# --------------------------------------------------------------------------- negation


def test_lost_negation_is_flagged_and_kept_negation_is_not(nlp):
    fr = "Les Ukrainiens n'abandonneront pas leurs positions."
    assert checks.NEGATION_MISMATCH in kinds(fr, "The Ukrainians will abandon their positions.", nlp)
    assert checks.NEGATION_MISMATCH not in kinds(fr, "The Ukrainians will not abandon their positions.", nlp)
    assert checks.NEGATION_MISMATCH not in kinds(fr, "The Ukrainians won't abandon their positions.", nlp)


@pytest.mark.parametrize(
    "fr, expected",
    [
        ("Il ne reste que deux jours.", []),  # ne … que: only
        ("Il ne reste plus qu'à signer.", []),
        ("Il n'a jamais rien dit.", ["jamais"]),
        ("Ils sont partis sans prévenir personne.", ["sans"]),
        ("Un accident sans gravité.", []),  # sans + noun: "minor"
        ("Il ne veut ni partir ni rester.", ["ni"]),
        ("Aucun soldat n'est rentré.", ["Aucun"]),
        ("Ces personnes ne peuvent bénéficier des services.", ["ne"]),  # literary "ne" alone
        ("Il ne peut que constater.", []),
        ("Rien de grave ne peut nous arriver.", ["Rien"]),  # negative concord: one negation
        ("Aucun d'eux ne sait négocier et aucun d'eux n'est prêt à céder.", ["Aucun", "aucun"]),
        ("Aucun de ces traders n'a fait l'objet d'aucune accusation.", ["Aucun"]),
        ("Il a disparu sans qu'on ne retrouve jamais sa trace.", ["sans"]),
        ("Ce ne sera pas appliqué avant l'été, bien qu'aucune date n'ait été fixée.", ["pas", "aucune"]),  # a new clause
        ("Elle ne peut pas expliquer que la police recueille des données sur les Américains, ni la mise en accusation des témoins.", ["pas"]),
    ],
)
def test_french_negations_are_counted_once_and_restrictives_are_not_negations(fr, expected, nlp):
    assert [w.text for w in checks.french_negations(fr, nlp(fr))] == expected


def test_a_second_negation_lost_is_flagged(nlp):
    fr = "Il n'a pas signé et ne signera jamais."
    assert checks.NEGATION_MISMATCH in kinds(fr, "He has not signed and will always sign.", nlp)
    assert checks.NEGATION_MISMATCH not in kinds(fr, "He has not signed and never will.", nlp)


def test_nor_continues_a_negation_and_does_not_stand_for_one(nlp):
    fr = "Ce raid n'a été confirmé ni par Israël ni par la Syrie."
    assert checks.NEGATION_MISMATCH not in kinds(fr, "This raid has been confirmed by neither Israel nor Syria.", nlp)
    assert checks.NEGATION_MISMATCH in kinds(fr, "This raid has been confirmed by either Israel nor Syria.", nlp)


def test_an_english_negative_verb_renders_the_french_one_not_a_lost_negation(nlp):
    fr = "Il a nié les faits et a déclaré : « Je ne suis pas corrompu. »"
    assert checks.NEGATION_MISMATCH not in kinds(fr, 'He denied the facts and said: "I am not corrupt."', nlp)
    assert checks.NEGATION_MISMATCH in kinds(fr, 'He denied the facts and said: "I am corrupt."', nlp)


def test_an_affixed_negation_counts_when_its_stem_is_in_the_french(nlp):
    fr = "Ce n'est pas possible."
    assert checks.NEGATION_MISMATCH not in kinds(fr, "This is impossible.", nlp)
    assert checks.NEGATION_MISMATCH in kinds(fr, "This is possible.", nlp)


# --------------------------------------------------------------------------- hedging


@pytest.mark.parametrize(
    "fr",
    [
        "L'armée russe aurait subi près d'un million de pertes.",
        "Des soldats auraient abattu leurs commandants.",
        "Selon l'état-major ukrainien, l'armée russe a perdu 1 000 hommes.",
        "D'après Kiev, l'armée russe a perdu 1 000 hommes.",
    ],
)
def test_hedged_french_needs_an_evidential(fr, nlp):
    plain = {
        "L'armée": "The Russian army has suffered nearly a million losses.",
        "Des": "Soldiers shot their commanders.",
        "Selon": "The Russian army lost 1,000 men.",
        "D'après": "The Russian army lost 1,000 men.",
    }[fr.split()[0]]
    assert checks.HEDGE_LOST in kinds(fr, plain, nlp)
    hedged = plain.replace("has suffered", "has reportedly suffered").replace("Soldiers shot", "Soldiers allegedly shot")
    hedged = hedged if hedged != plain else "According to Kyiv, " + plain[0].lower() + plain[1:]
    assert checks.HEDGE_LOST not in kinds(fr, hedged, nlp)


@pytest.mark.parametrize(
    "fr, en",
    [
        ("Il pourrait pleuvoir demain.", "It will rain tomorrow."),  # epistemic modal, not a report
        ("Selon moi, c'est une erreur.", "I think it is a mistake."),
        ("Les allégations selon lesquelles il a menti.", "The allegations that he lied."),
        ("En fin d'après-midi, ils sont partis.", "Late in the afternoon they left."),
        ("N'y aurait-il pas une erreur ?", "Is there not a mistake?"),
    ],
)
def test_what_is_not_a_hedge_is_not_checked(fr, en, nlp):
    assert checks.HEDGE_LOST not in kinds(fr, en, nlp)


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    "a, b", [("Choïgou", "Shoigu"), ("Kiev", "Kyiv"), ("Zelensky", "Zelenskyy"), ("Syrie", "Syrian"), ("Iouri", "Yuri"), ("Émile", "Emile")]
)
def test_transliteration_and_spelling_variants_match(a, b):
    assert checks.names_match(a, b)


@pytest.mark.parametrize("a, b", [("Choïgou", "Grachev"), ("Kiev", "Lviv"), ("Obeid", "Tripodi"), ("Marioupol", "Kherson")])
def test_different_names_do_not_match(a, b):
    assert not checks.names_match(a, b)


def test_a_replaced_or_dropped_name_is_flagged(nlp):
    fr = "Le ministre Sergueï Choïgou a rencontré Volodymyr Zelensky à Genève."
    assert checks.NAME_MISSING not in kinds(fr, "Minister Sergei Shoigu met Volodymyr Zelenskyy in Geneva.", nlp)
    found = [f for f in check_pair(fr, "Minister Pavel Grachev met Volodymyr Zelenskyy in Geneva.", nlp=nlp) if f.kind == checks.NAME_MISSING]
    assert [f.source for f in found] == ["Sergueï Choïgou"]
    assert fr[found[0].source_start:found[0].source_end] == "Sergueï Choïgou"


def test_a_place_whose_lower_case_is_a_french_word_is_still_checked(nlp):
    # "kiev", "paris", "canada" are in the lemmatizer's tables; the parse tags them PROPN.
    fr = "Les troupes russes se sont retirées de la région de Kiev la semaine dernière."
    assert checks.NAME_MISSING not in kinds(fr, "Russian troops withdrew from the Kyiv region last week.", nlp)
    assert checks.NAME_MISSING in kinds(fr, "Russian troops withdrew from the Lviv region last week.", nlp)


def test_names_made_of_ordinary_words_and_exonyms_are_accepted(nlp):
    assert checks.NAME_MISSING not in kinds("La Marine nationale a quitté Londres pour l'Allemagne.", "The Navy left London for Germany.", nlp)


# --------------------------------------------------------------------------- untranslated and omission


def test_french_left_in_the_english_is_flagged(nlp):
    fr = "Une enquête est en cours pour trouver la cause de cet incendie."
    assert kinds(fr, fr, nlp) == [checks.UNTRANSLATED]
    assert kinds(fr, "An investigation is under way into the cause of the fire. Le feu a pris dans la nuit et les pompiers sont venus.", nlp) == [checks.UNTRANSLATED]
    assert checks.UNTRANSLATED not in kinds(fr, "An investigation is under way to find the cause of the fire.", nlp)


def test_a_missing_clause_is_flagged_and_a_full_translation_is_not(nlp):
    fr = (
        "Le gouvernement a annoncé jeudi un plan de 325 millions de dollars pour les hôpitaux de Tasmanie, "
        "qui doivent réduire leurs listes d'attente avant la fin de l'année prochaine, "
        "mais les syndicats de médecins estiment que cette somme ne suffira pas."
    )
    full = (
        "The government on Thursday announced a $325 million plan for Tasmania's hospitals, "
        "which must cut their waiting lists before the end of next year, "
        "but doctors' unions believe the sum will not be enough."
    )
    assert checks.OMISSION not in kinds(fr, full, nlp)
    cut = "The government on Thursday announced a $325 million plan for Tasmania's hospitals."
    found = [f for f in check_pair(fr, cut, nlp=nlp) if f.kind == checks.OMISSION]
    assert found and found[0].source_start > fr.index("Tasmanie")


def test_empty_english_is_an_omission_not_a_crash(nlp):
    assert kinds("Trois soldats ont été tués.", "", nlp) == [checks.OMISSION]
    assert check_pair("", "", nlp=nlp) == ()


# --------------------------------------------------------------------------- corruption generator


FR_EN = [
    ("L'armée russe aurait perdu 5 200 hommes, selon Kiev, et ne reculera pas devant Choïgou.",
     "The Russian army has reportedly lost 5,200 men, according to Kyiv, and will not retreat before Shoigu."),
    ("Il fait beau.", "The weather is fine."),
]


@pytest.mark.parametrize("kind", checks.KINDS)
def test_each_corruption_changes_the_english_is_seeded_and_is_caught(kind, nlp):
    fr, en = FR_EN[0]
    doc = nlp(fr)
    first = checks_evaluation.corrupt(fr, en, kind, random.Random("s"), doc)
    again = checks_evaluation.corrupt(fr, en, kind, random.Random("s"), doc)
    assert first is not None and first == again
    corrupted, detail = first
    assert corrupted != en and detail
    assert kind not in kinds(fr, en, nlp)
    if kind == checks.OMISSION:
        # A deleted clause is caught about 60 % of the time (docs/checks.md; the guard test
        # below holds that rate): here the deletion itself is what is tested.
        deleted = detail.removeprefix("deleted: ")
        assert len(deleted.split()) >= 4 and deleted not in corrupted
    else:
        assert kind in kinds(fr, corrupted, nlp)


@pytest.mark.parametrize("kind", [checks.NUMBER_MISMATCH, checks.NEGATION_MISMATCH, checks.HEDGE_LOST, checks.NAME_MISSING, checks.OMISSION])
def test_corruptions_apply_only_where_the_kind_applies(kind, nlp):
    fr, en = FR_EN[1]
    assert checks_evaluation.corrupt(fr, en, kind, random.Random(0), nlp(fr)) is None


# --------------------------------------------------------------------------- CLI


def _run_check(*args):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "toolkit", "check", *map(str, args)], capture_output=True, text=True, env=env, cwd=REPO)


def test_cli_writes_one_json_object_per_line_pair_with_flags(tmp_path):
    fr, en = tmp_path / "a.fr", tmp_path / "a.en"
    fr.write_text("Le taux est de 75 %.\nLes Ukrainiens n'abandonneront pas.\nIl fait beau.\n", encoding="utf-8")
    en.write_text("The rate is 57%.\nThe Ukrainians will give up.\nThe weather is fine.\n", encoding="utf-8")
    result = _run_check(fr, en, "--json")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["line"] for r in records] == [1, 2, 3]
    assert [r["flags"] for r in records] == [["number_mismatch"], ["negation_mismatch"], []]
    assert records[0]["checks"][0]["message"] == "75 % in French, 57% in English"
    assert set(records[0]["checks"][0]) >= {"kind", "source", "target", "message"}
    plain = _run_check(fr, en)
    assert plain.returncode == 0 and "2 of 3 line pairs flagged" in plain.stdout


def test_cli_refuses_unaligned_or_missing_files_with_exit_2(tmp_path):
    fr, en = tmp_path / "a.fr", tmp_path / "a.en"
    fr.write_text("Un.\nDeux.\n", encoding="utf-8")
    en.write_text("One.\n", encoding="utf-8")
    result = _run_check(fr, en)
    assert result.returncode == 2 and "has 2 lines" in result.stderr and "has 1" in result.stderr
    missing = _run_check(fr, tmp_path / "none.en")
    assert missing.returncode == 2 and "no such file" in missing.stderr


# --------------------------------------------------------------------------- guard on real references

# The first 1,000 pairs of newstest2014 (the tuning set). docs/checks.md gives the full-set
# figures; these floors are a little under this slice's own so noise in a rule change
# does not trip them, but a real regression does.
GUARD_PAIRS = 1000
GUARD_MAX_FLAGGED = 0.05
GUARD_MIN_CAUGHT = {
    checks.NUMBER_MISMATCH: 0.95, checks.NEGATION_MISMATCH: 0.95, checks.HEDGE_LOST: 0.95,
    checks.NAME_MISSING: 0.95, checks.UNTRANSLATED: 0.98, checks.OMISSION: 0.50,
}


def test_false_alarms_and_detection_hold_on_newstest2014(nlp):
    from toolkit.evaluation.bleu import read_testset

    sources, references = read_testset("newstest2014", TESTSETS, GUARD_PAIRS)
    docs = list(nlp.pipe(sources, batch_size=256))
    result, _ = checks_evaluation.measure(sources, references, docs, nlp)
    assert result.false_alarm_rate() <= GUARD_MAX_FLAGGED, result.by_kind
    for kind, floor in GUARD_MIN_CAUGHT.items():
        assert result.corrupted.get(kind, 0) >= 20, (kind, result.corrupted)
        assert result.detection_rate(kind) >= floor, (kind, result.detection_rate(kind))


@pytest.mark.parametrize(
    "fr, en",
    [
        ("Vous n'êtes pas obligé de participer, n'est-ce pas ?", "You don't have to participate, do you?"),
        ("Rien que la semaine dernière, des gens ont été contaminés.", "Just last week, people were infected."),
        ("Insinuer, ne serait-ce qu'un instant, qu'il a tort est monstrueux.", "To insinuate, if only for a moment, that he is wrong is monstrous."),
        ("Il vaudrait mieux avoir une assurance.", "Better get insurance."),
    ],
)
def test_french_idioms_that_look_like_negations_or_reports_are_not_flagged(fr, en, nlp):
    assert not {checks.NEGATION_MISMATCH, checks.HEDGE_LOST} & set(kinds(fr, en, nlp))
