"""Everyday words mapped to the words the municipality's documents use for the same thing.

Citizens ask about "möten", "jobb" and "pengar"; regulations and reports write "sammanträde",
"sysselsättning" and "medel". The small multilingual embedder does not always bridge that gap and
BM25 never does, so the lexical query gets the official words added. Only general municipal
vocabulary belongs here: no document's facts.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.lexical import tokens

# everyday word (any inflection) -> official words added to the lexical query
_PAIRS: dict[str, str] = {
    "möte": "sammanträde sammanträder",
    "träffas": "sammanträde sammanträder",
    "jobb": "arbete sysselsättning",
    "jobba": "arbete arbeta",
    "pengar": "medel kronor bidrag",
    "kostar": "kostnad kronor",
    "betala": "avgift",
    "betalar": "avgift",
    "fattig": "ekonomiskt utsatta låg inkomst",
    "fattigdom": "ekonomiskt utsatta låg inkomst",
    "politiker": "förtroendevalda ledamöter nämnd",
    "bestämma": "besluta beslut",
    "bestämmer": "beslutar beslut",
    "regler": "bestämmelser reglemente",
    "släkt": "jäv jävig",
    "invandrarbakgrund": "utländsk bakgrund",
    "invandrare": "utländsk bakgrund",
    "frånvaro": "närvaro",
    "skolk": "frånvaro närvaro",
    "pensionärer": "äldre",
    "ungdomar": "unga",
    "kids": "barn",
    "stan": "staden kommunen",
    "hus": "småhus bostad",
    "lägenhet": "bostad hyresrätt",
    "hemlös": "hemlöshet bostad",
    "otrygg": "trygghet",
    "brott": "brottslighet kriminalitet",
    "råd": "stöd",
    "hjälp": "stöd insatser",
    "socialbidrag": "ekonomiskt bistånd försörjningsstöd",
    "dagis": "förskola",
    "barnfattigdom": "ekonomiskt utsatta låg ekonomisk standard barn",
    "föräldrar": "vårdnadshavare",
    "hyra": "hyresrätt",
    "bostadsbrist": "underskott på bostäder",
    "arbetslös": "arbetslöshet arbetslösa",
    "mål": "målformulering målformuleringar effektmål",
}

# Building and planning (plan- och bygglagen) is the municipality's work too: the words residents
# use for what they build, and the terms of the permit guides and decisions.
_BUILDING: dict[str, str] = {
    "trädäck": "altan",
    "trädäcket": "altan",
    "terrass": "altan",
    "uteplats": "altan skärmtak",
    "insynsskydd": "plank mur",
    "insynsskyddet": "plank mur",
    "staket": "plank",
    "soptunna": "sopkärl kärl",
    "sophus": "sopkärl kärl",
    "friggebod": "komplementbyggnad bygglovsbefriad",
    "attefallshus": "attefallsåtgärder komplementbostadshus",
    "carport": "skärmtak garage",
    "kamin": "eldstad eldstäder",
    "braskamin": "eldstad eldstäder",
    "vedkamin": "eldstad eldstäder",
    "vedspis": "eldstad eldstäder",
    "solpanel": "solceller solfångare",
    "solpaneler": "solceller solfångare",
    "inglasning": "uterum",
    "inglasad": "uterum",
    "bullerskydd": "bullerplank buller",
    "reklamskylt": "skylt",
    "laddbox": "elbilsanläggning",
    "laddstolpe": "elbilsanläggning",
    "svartbygge": "olov olovligt byggsanktionsavgift",
    "böter": "sanktionsavgift sanktionsavgifter",
    "straffavgift": "sanktionsavgift sanktionsavgifter",
    "riva": "rivningslov rivning",
    "bygga ut": "tillbyggnad",
    "bygger ut": "tillbyggnad",
    "byggde ut": "tillbyggnad",
    "bygga till": "tillbyggnad",
    "bygger till": "tillbyggnad",
    "byggde till": "tillbyggnad",
    "måla om": "fasadändring kulör",
    "målar om": "fasadändring kulör",
    "målade om": "fasadändring kulör",
    "byta färg": "fasadändring kulör",
    "fritidsgård": "ungdomsgård",
    "plus": "överskott",
    "minus": "underskott",
}


# English questions: the documents' Swedish words for the terms an English speaker uses, so that
# the lexical ranking and the marking of the answering sentences have something to match.
_ENGLISH: dict[str, str] = {
    "municipal executive board": "kommunstyrelsen",
    "executive board": "kommunstyrelsen",
    "city council": "kommunfullmäktige",
    "municipal council": "kommunfullmäktige",
    "committee": "nämnd nämnden nämnder",
    "committees": "nämnd nämnden nämnder",
    "rules": "reglemente bestämmelser",
    "regulations": "reglemente bestämmelser",
    "minutes": "protokoll protokollsutdrag",
    "meeting": "sammanträde sammanträder",
    "meetings": "sammanträde sammanträder",
    "notice": "kallelse",
    "chair": "ordförande",
    "decision": "beslut beslutar",
    "decided": "beslut beslutade",
    "delegate": "delegera delegering",
    "welfare report": "välfärdsbokslut",
    "follow-up": "uppföljning",
    "target area": "målområde",
    "target areas": "målområden",
    "goal area": "målområde",
    "goal areas": "målområden",
    "focus area": "målområde",
    "focus areas": "målområden",
    "goal": "mål målformulering",
    "goals": "mål målformuleringar",
    "principles": "principer",
    "housing": "bostäder boende bostad",
    "overcrowding": "trångboddhet",
    "overcrowded": "trångbott trångboddhet",
    "rented": "hyresrätt",
    "homelessness": "hemlöshet",
    "homeless": "hemlös hemlöshet",
    "unemployment": "arbetslöshet arbetslösa",
    "unemployed": "arbetslösa arbetslöshet",
    "employment": "sysselsättning arbete",
    "work": "arbete",
    "jobs": "arbete jobb",
    "job": "arbete jobb",
    "education": "utbildning",
    "school": "skola skolan",
    "pupils": "elever",
    "absence": "frånvaro",
    "children": "barn",
    "young people": "unga ungdomar",
    "youth": "unga ungdomar",
    "elderly": "äldre",
    "older people": "äldre",
    "parents": "föräldrar föräldraskapsstöd",
    "parenting": "föräldraskapsstöd",
    "women": "kvinnor",
    "health": "hälsa folkhälsa",
    "public health": "folkhälsa",
    "safe": "trygg trygga trygghet",
    "safety": "trygghet",
    "residents": "invånare boende",
    "population": "befolkning invånare",
    "lived": "invånare",
    "foreign background": "utländsk bakgrund",
    "born abroad": "utrikes födda",
    "foreign-born": "utrikes födda",
    "poor": "låg ekonomisk standard",
    "poverty": "låg ekonomisk standard",
    "income": "inkomst",
    "inequality": "skillnader ojämlikhet",
    "differences": "skillnader",
    "segregation": "segregation",
    "neighbourhood": "bostadsområde område",
    "neighborhood": "bostadsområde område",
    "district": "kommundel",
    "districts": "kommundelar",
    "grant": "bidrag",
    "money": "medel kronor",
    "budget": "budget",
    "responsible": "ansvar ansvarar ansvarig",
    "offices": "förvaltning kansli",
    "administration": "förvaltning",
}

_BUILDING_ENGLISH: dict[str, str] = {
    "building permit": "bygglov",
    "planning permission": "bygglov",
    "permit": "lov bygglov",
    "detailed plan": "detaljplan",
    "deck": "altan",
    "decking": "altan",
    "patio": "altan uteplats",
    "fence": "plank staket",
    "wall": "mur",
    "plinth": "sockel plushöjder",
    "chimney": "skorsten",
    "stove": "eldstad eldstäder",
    "fireplace": "eldstad eldstäder",
    "sign": "skylt",
    "storey": "våning",
    "attic": "vind vindsinredning",
    "solar panels": "solceller",
    "conservatory": "uterum",
    "awning": "markis",
    "shed": "förråd komplementbyggnad",
    "noise": "buller bullernivå",
    "fines": "sanktionsavgift sanktionsavgifter",
    "neighbours": "grannar",
    "neighbors": "grannar",
    "surplus": "överskott",
    "deficit": "underskott",
}


_ALL = _PAIRS | _BUILDING | _ENGLISH | _BUILDING_ENGLISH


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, ...], str]:
    table: dict[tuple[str, ...], str] = {}
    for word, official in _ALL.items():  # "jobb" and "jobba" share a stem: their words merge
        key = tuple(tokens(word))
        if not key or len(key) < len(word.split()):  # a stop word in it: a phrase, below
            continue
        table[key] = f"{table[key]} {official}" if key in table else official
    return table


@lru_cache(maxsize=1)
def _phrases() -> dict[re.Pattern, str]:
    """Everyday words with a stop word in them ("måla om", "bygga till"), matched as written:
    without its "om", "måla om" would be the stem "mål" and every question about the goals
    ("Vilka är målen?") would ask about painting facades."""
    return {
        re.compile(rf"\b{re.escape(word)}\b", re.I): official
        for word, official in _ALL.items()
        if len(tokens(word)) < len(word.split())
    }


@lru_cache(maxsize=1024)  # a pure function of the text: retrieval and marking ask for the same one
def expand(query: str) -> str:
    """The query followed by the official words for the everyday words it uses ('' added if none)."""
    toks = tokens(query)
    added = []
    for key, words in _table().items():
        n = len(key)
        if any(tuple(toks[i : i + n]) == key for i in range(len(toks) - n + 1)):
            added.append(words)
    added += [words for phrase, words in _phrases().items() if phrase.search(query)]
    words = dict.fromkeys(" ".join(added).split())  # once each, in order
    return f"{query} {' '.join(words)}" if words else query


def official_words(word: str) -> list[str]:
    """The official words the vocabulary gives for one everyday word ("soptunnor" -> sopkärl, kärl)."""
    return expand(word).split()[len(word.split()) :]
