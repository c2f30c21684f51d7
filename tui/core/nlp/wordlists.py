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
