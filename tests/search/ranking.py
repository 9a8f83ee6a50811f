"""The ranking set: queries a reader would type, each with the results they
would expect first, on the demo content (``fixtures/``).

Each entry is ``(query, expected)``: ``expected`` lists what the first
results must be, in order; a set stands for results that may come in any
order among themselves. A result is ``"<kind>:<slug>"`` (an interview answer
``"episode:<interview's slug>#<number>"``). When a query finds nothing, its
close matches ("Did you mean …") are what the reader is shown first.
"""

TROTSKY = "person:trotsky"
TROTSKY_BOOK = "book:in-defence-of-the-october-revolution"
LENIN = "person:lenin"

RANKING = [
    # A person's name, in any stored spelling or script: the person, then
    # their book, above everything that only mentions them.
    ("Trotsky", [TROTSKY, TROTSKY_BOOK]),
    ("Leon Trotsky", [TROTSKY, TROTSKY_BOOK]),
    ("Троцкий", [TROTSKY, TROTSKY_BOOK]),
    # Declined in Russian ("about Trotsky", "Lenin's").
    ("Троцкого", [TROTSKY, TROTSKY_BOOK]),
    ("Ленина", [LENIN, "article:manifesto-of-the-second-congress-of-soviets"]),
    ("Trotski", [TROTSKY, TROTSKY_BOOK]),
    ("Bronstein", [TROTSKY, TROTSKY_BOOK]),
    ("Lenin", [LENIN]),
    # Lenin's own text comes straight after him, though it never names him.
    ("Ленин", [LENIN, "article:manifesto-of-the-second-congress-of-soviets"]),
    ("Ulyanov", [LENIN, "article:manifesto-of-the-second-congress-of-soviets"]),
    ("Kornilov", ["person:kornilov"]),
    ("Dzierżyński", ["person:dzerzhinsky"]),
    ("Krupskaja", ["person:krupskaya"]),
    ("Lunacharskii", ["person:lunacharsky"]),
    ("Koba", ["person:stalin"]),
    ("Antonov-Ovseenko", ["person:antonov-ovseenko"]),
    # An author: the person, then what they wrote.
    (
        "Alan Woods",
        [
            "person:alan-woods",
            {
                "article:alan-woods-on-the-kornilov-coup",
                "article:alan-woods-on-the-july-days",
                "article:alan-woods-on-the-june-days",
            },
        ],
    ),
    # An interviewee: the person, then the whole interview, then its answers.
    (
        "Rubenstein",
        ["person:joshua-rubenstein", "article:joshua-rubenstein-leon-trotsky"],
    ),
    # Misspelt names: the person is the first close match.
    ("Trotksy", [TROTSKY]),
    ("Plekanov", ["person:plekhanov"]),
    ("Kerenskiy", ["person:kerensky"]),
    ("Cernov", ["person:chernov"]),
    # Names as a Spanish reader writes them: accents, "j" for "kh".
    ("Lenín", [LENIN]),
    ("Zinóviev", ["person:zinoviev"]),
    ("Plejánov", ["person:plekhanov"]),
    ("Bujarin", ["person:bukharin"]),
    # Titles, whole or in part: the item so titled first.
    ("In Defence of the October Revolution", [TROTSKY_BOOK]),
    ("Memoirs of a British Agent", ["article:memoirs-of-a-british-agent"]),
    ("The July Days", ["event:july-days", "guide:the-july-days-1917"]),
    ("July Days", ["event:july-days", "guide:the-july-days-1917"]),
    (
        "February Revolution",
        [{"event:february-revolution", "guide:the-1917-february-revolution"}],
    ),
    ("Kornilov affair", [{"event:kornilov-affair", "guide:the-kornilov-affair"}]),
    ("sealed train", ["event:lenin-leaves-zurich"]),
    (
        "Brest-Litovsk",
        [{"event:treaty-of-brest-litovsk", "event:brest-litovsk-peace-talks-open"}],
    ),
    ("autobiography", ["article:trotsky-my-life"]),
    # Phrases.
    ('"Neither War nor Peace"', ["event:trotsky-neither-war-nor-peace"]),
    (
        '"the masses take power"',
        ["article:the-october-revolution-the-masses-take-power"],
    ),
    # Spanish, stemmed as Spanish: "luchan" finds "lucha".
    (
        "luchan",
        [
            {
                "article:por-que-luchan-los-trabajadores-del-hospital-garrahan",
                "article:la-lucha-de-los-trabajadores-del-garrahan",
            }
        ],
    ),
    ("petitorio", ["article:petitorio-internacional-trabajadores-hospital-garrahan"]),
]
