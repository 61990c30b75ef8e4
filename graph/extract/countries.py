"""Countries as press releases name them: ISO 3166 names, short forms and demonyms.

Countries come from pycountry (with common short forms and demonyms, which
press releases use: "UK", "Mongolian"), so every country is a name the
gazetteer finds without the graph having to list it.
"""

import pycountry

# Short forms the press uses that ISO 3166 does not list.
COUNTRY_ALIASES = {
    "UK": "GB",
    "U.K.": "GB",
    "Britain": "GB",
    "Great Britain": "GB",
    "England": "GB",
    "US": "US",
    "U.S.": "US",
    "USA": "US",
    "America": "US",
    "UAE": "AE",
    "Russia": "RU",
    "Iran": "IR",
    "Laos": "LA",
    "Syria": "SY",
    "Tanzania": "TZ",
    "Bolivia": "BO",
    "Venezuela": "VE",
    "Moldova": "MD",
    "Brunei": "BN",
    "Czech Republic": "CZ",
    "Turkey": "TR",
    "Macau": "MO",
    "Korea": "KR",
    "SG": "SG",
}
IRREGULAR_DEMONYMS = {
    "British": "GB",
    "American": "US",
    "French": "FR",
    "Dutch": "NL",
    "Swiss": "CH",
    "Thai": "TH",
    "Filipino": "PH",
    "Philippine": "PH",
    "Danish": "DK",
    "Swedish": "SE",
    "Finnish": "FI",
    "Polish": "PL",
    "Irish": "IE",
    "Spanish": "ES",
    "Portuguese": "PT",
    "Greek": "GR",
    "Turkish": "TR",
    "Emirati": "AE",
    "Korean": "KR",
    "Lao": "LA",
    "Kazakh": "KZ",
    "Uzbek": "UZ",
    "Saudi": "SA",
    "German": "DE",
    "Italian": "IT",
    "Canadian": "CA",
    "Mexican": "MX",
    "Norwegian": "NO",
    "Icelandic": "IS",
    "Czech": "CZ",
    "Slovak": "SK",
    "Belgian": "BE",
    "Hungarian": "HU",
    "Ukrainian": "UA",
    "Peruvian": "PE",
    "Argentine": "AR",
    "Russian": "RU",
    "Iranian": "IR",
    "Bruneian": "BN",
    "Welsh": "GB",
    "Scottish": "GB",
    "English": "GB",
    "Kiwi": "NZ",
    "Maldivian": "MV",
    "Vietnamese": "VN",
}


def country_names() -> dict[str, str]:
    """Every English name of every ISO 3166-1 country, plus press short forms."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name and "," not in name:
                names[name] = country.alpha_2
    return {**names, **COUNTRY_ALIASES}


def demonyms() -> dict[str, str]:
    """Adjectives of nationality: the regular English endings of short names, plus exceptions."""
    found: dict[str, str] = {}
    for country in pycountry.countries:
        name = getattr(country, "common_name", None) or country.name
        if "," in name or " " in name.strip():
            continue
        if name.endswith("a"):
            found[name + "n"] = country.alpha_2  # Mongolia -> Mongolian
        elif name.endswith("e"):
            found[name + "an"] = country.alpha_2  # Singapore -> Singaporean
        elif name.endswith(("an", "am", "on")):
            found[name + "ese"] = country.alpha_2  # Japan -> Japanese
        elif name.endswith(("n", "l")):
            found[name + "i"] = country.alpha_2  # Pakistan -> Pakistani, Israel -> Israeli
        elif name.endswith("t"):
            found[name + "ian"] = country.alpha_2  # Egypt -> Egyptian
    found["Chinese"] = "CN"
    return {**found, **IRREGULAR_DEMONYMS}
