"""Small closed word lists the entity rules use (tui/core/entities.py)."""

# Nouns for events that are named after where they happen ("the Vilnius summit").
EVENT_WORDS = frozenset(
    """
    summit summits talks conference accord accords agreement treaty protocol
    declaration convention forum meeting process games olympics
    """.split()
)

# Words that name a job, not a person or an organisation.
ROLE_WORDS = frozenset(
    """
    president vice prime minister secretary chancellor chairman chairwoman chair
    spokesman spokeswoman spokesperson chief director governor senator sen. rep.
    representative ambassador envoy commissioner general gen. col. lt. capt. sgt.
    mr mr. mrs mrs. ms ms. dr dr. prof. professor judge justice king queen prince
    princess pope coach manager captain striker goalkeeper midfielder defender
    leader official officials adviser advisor correspondent editor mayor
    v.p. vp sir dame
    """.split()
)

# Family words written right before a person's name ("his fiancee Toi Kelly").
KIN_WORDS = frozenset(
    """
    wife husband fiancee fiancée fiance fiancé girlfriend boyfriend partner widow widower
    son daughter mother father brother sister uncle aunt nephew niece cousin grandson
    granddaughter grandmother grandfather
    """.split()
)

# Titles written only before a person's name: "Mr Pence" is a person, whatever the model says.
PERSONAL_TITLES = frozenset(
    """
    mr mr. mrs mrs. ms ms. dr dr. miss mme mme. mlle messrs messrs. sir dame
    """.split()
)

# Words for a person's nationality: before a name they describe it ("German Rosberg").
DEMONYMS = frozenset(
    """
    afghan albanian algerian american argentine argentinian armenian australian austrian
    azerbaijani bangladeshi belarusian belgian bolivian bosnian brazilian british briton
    bulgarian burmese cambodian cameroonian canadian chilean chinese colombian congolese
    croatian cuban cypriot czech danish dutch ecuadorian egyptian emirati english eritrean
    estonian ethiopian filipino finnish french georgian german ghanaian greek guatemalan
    haitian honduran hungarian icelandic indian indonesian iranian iraqi irish israeli
    italian ivorian jamaican japanese jordanian kazakh kenyan korean kosovan kuwaiti
    latvian lebanese liberian libyan lithuanian malaysian malian mexican moldovan
    mongolian moroccan namibian nepalese nigerian nigerien norwegian pakistani palestinian
    panamanian paraguayan peruvian polish portuguese qatari romanian russian rwandan
    saudi scottish senegalese serbian singaporean slovak slovenian somali spanish
    sudanese swedish swiss syrian taiwanese tanzanian thai tunisian turkish ugandan
    ukrainian uruguayan uzbek venezuelan vietnamese welsh yemeni zambian zimbabwean
    """.split()
)

# Plural job nouns that follow an organisation's name without being part of it
# ("BCSO investigators", "Pentagon officials").
TRAILING_ROLES = frozenset(
    """
    investigators officials officers detectives deputies agents prosecutors spokesman
    spokeswoman spokesperson executives lawyers sources staff researchers
    """.split()
)

# Words that end or follow an organisation's name, never a person's.
ORG_WORDS = frozenset(
    """
    united city fc club ltd ltd. inc inc. corp corp. co co. plc llc ag sa spa gmbh
    group bank holdings association university college council party committee
    ministry agency union board federation league airlines airways motors newsroom
    institute foundation commission authority department company corporation times
    post news
    """.split()
)

# Function words: a name never starts with one, and one alone is not a name. A glued
# dateline ("(CNN)It was", "One of Tokyo's") gives the model such mentions.
FUNCTION_WORDS = frozenset(
    """
    i i'm i’m me my it it's it’s its he she we they you his her our their them this that
    these those the a an any some every each both no and or but nor since after before as
    if when while once of in on at by for from to with into also then now so even just
    former ex
    """.split()
)

# Nouns that, right after a name, make it a group (an organisation): "Boko Haram
# militants", "Houthi rebels".
GROUP_NOUNS = frozenset(
    """
    militants militant fighters rebels rebel insurgents insurgency militia militiamen
    gunmen guerrillas extremists jihadists islamists loyalists
    """.split()
)

# Nouns that, right before "of" and a name, or right after a name, make it a place:
# "the village of Dia", "the Ali Addeh refugee camp", "the capital, Sanaa".
PLACE_NOUNS = frozenset(
    """
    city town village capital province district region county suburb neighborhood
    neighbourhood camp port island state municipality
    """.split()
)

# What a platform or a channel has: "his Twitter account", "a KSNV report".
MEDIUM_NOUNS = frozenset(
    """
    account accounts feed post posts page handle profile followers hashtag
    """.split()
)
