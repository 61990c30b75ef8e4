"""Countries as press releases name them: ISO 3166 names, short forms and demonyms.

Countries come from pycountry (with common short forms and demonyms, which
press releases use: "UK", "Mongolian"), so every country is a name the
gazetteer finds without the graph having to list it.
"""

import pycountry

from graph.extract.lexicon import VENUE_NOUNS

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
    "Palestine": "PS",
    "Ivory Coast": "CI",
    "Cape Verde": "CV",
    "Swaziland": "SZ",
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
    "Somali": "SO",
    "Palestinian": "PS",
    "Ivorian": "CI",
    "Omani": "OM",
    "Qatari": "QA",
    "Kuwaiti": "KW",
    "Iraqi": "IQ",
    "Yemeni": "YE",
    "Lebanese": "LB",
    "Jordanian": "JO",
    "Moroccan": "MA",
    "Djiboutian": "DJ",
    "Ghanaian": "GH",
    "Senegalese": "SN",
    "Brazilian": "BR",
    "Ecuadorian": "EC",
    "Panamanian": "PA",
    "Guyanese": "GY",
    "Mauritian": "MU",
    "Trinidadian": "TT",
    "Barbadian": "BB",
    "Azerbaijani": "AZ",
    "Afghan": "AF",
    "Kyrgyz": "KG",
    "Tajik": "TJ",
    "Turkmen": "TM",
    "Mozambican": "MZ",
    "Swazi": "SZ",
    "Cameroonian": "CM",
    "Beninese": "BJ",
    "Togolese": "TG",
    "Malagasy": "MG",
    "Montenegrin": "ME",
    "Cypriot": "CY",
    "Maltese": "MT",
    "Luxembourgish": "LU",
    "Belarusian": "BY",
    "Bosnian": "BA",
    "Macedonian": "MK",
    "Bangladeshi": "BD",
    "Sri Lankan": "LK",
    "Nepalese": "NP",
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
        elif name.endswith(("e", "uay")):
            found[name + "an"] = country.alpha_2  # Singapore -> Singaporean, Uruguay -> Uruguayan
        elif name.endswith(("an", "am", "on")):
            found[name + "ese"] = country.alpha_2  # Japan -> Japanese
        elif name.endswith(("n", "l")):
            found[name + "i"] = country.alpha_2  # Pakistan -> Pakistani, Israel -> Israeli
        elif name.endswith("t"):
            found[name + "ian"] = country.alpha_2  # Egypt -> Egyptian
    found["Chinese"] = "CN"
    return {**found, **IRREGULAR_DEMONYMS}


# Capitals and other cities where agreements are often signed, with their countries: a new
# place a proposal names gets its country from here when the article does not give it.
CITIES = {
    "Abu Dhabi": "AE", "Dubai": "AE", "Sharjah": "AE", "Riyadh": "SA", "Jeddah": "SA",
    "Doha": "QA", "Manama": "BH", "Muscat": "OM", "Kuwait City": "KW", "Amman": "JO",
    "Cairo": "EG", "Rabat": "MA", "Tunis": "TN", "Algiers": "DZ", "Nairobi": "KE",
    "Kigali": "RW", "Kampala": "UG", "Dar es Salaam": "TZ", "Dodoma": "TZ", "Addis Ababa": "ET",
    "Accra": "GH", "Lagos": "NG", "Abuja": "NG", "Dakar": "SN", "Luanda": "AO",
    "Lusaka": "ZM", "Harare": "ZW", "Pretoria": "ZA", "Johannesburg": "ZA",
    "Cape Town": "ZA", "Gaborone": "BW", "Windhoek": "NA", "Maputo": "MZ", "Lilongwe": "MW",
    "Port Louis": "MU", "Cotonou": "BJ", "Nouakchott": "MR", "Tallinn": "EE", "Riga": "LV",
    "Vilnius": "LT", "Helsinki": "FI", "Stockholm": "SE", "Oslo": "NO", "Copenhagen": "DK",
    "Reykjavik": "IS", "London": "GB", "Edinburgh": "GB", "Dublin": "IE", "Paris": "FR",
    "Brussels": "BE", "Amsterdam": "NL", "The Hague": "NL", "Berlin": "DE", "Bonn": "DE",
    "Vienna": "AT", "Bern": "CH", "Geneva": "CH", "Rome": "IT", "Madrid": "ES",
    "Lisbon": "PT", "Athens": "GR", "Warsaw": "PL", "Prague": "CZ", "Bratislava": "SK",
    "Budapest": "HU", "Bucharest": "RO", "Sofia": "BG", "Belgrade": "RS", "Zagreb": "HR",
    "Ljubljana": "SI", "Kyiv": "UA", "Kiev": "UA", "Chisinau": "MD", "Tbilisi": "GE",
    "Yerevan": "AM", "Baku": "AZ", "Ankara": "TR", "Istanbul": "TR", "Astana": "KZ",
    "Almaty": "KZ", "Tashkent": "UZ", "Bishkek": "KG", "Dushanbe": "TJ", "Ulaanbaatar": "MN",
    "Beijing": "CN", "Shanghai": "CN", "Tokyo": "JP", "Osaka": "JP", "Seoul": "KR",
    "Busan": "KR", "Taipei": "TW", "Hanoi": "VN", "Ho Chi Minh City": "VN", "Bangkok": "TH",
    "Vientiane": "LA", "Phnom Penh": "KH", "Kuala Lumpur": "MY", "Putrajaya": "MY",
    "Jakarta": "ID", "Bali": "ID", "Manila": "PH", "Bandar Seri Begawan": "BN",
    "Dhaka": "BD", "New Delhi": "IN", "Delhi": "IN", "Mumbai": "IN", "Bengaluru": "IN",
    "Colombo": "LK", "Kathmandu": "NP", "Thimphu": "BT", "Male": "MV", "Islamabad": "PK",
    "Kabul": "AF", "Tehran": "IR", "Baghdad": "IQ", "Jerusalem": "IL", "Tel Aviv": "IL",
    "Canberra": "AU", "Sydney": "AU", "Melbourne": "AU", "Wellington": "NZ",
    "Auckland": "NZ", "Suva": "FJ", "Ottawa": "CA", "Toronto": "CA", "Washington": "US",
    "Washington, D.C.": "US", "New York": "US", "Mexico City": "MX", "Bogota": "CO",
    "Bogotá": "CO", "Lima": "PE", "Santiago": "CL", "Buenos Aires": "AR",
    "Montevideo": "UY", "Brasilia": "BR", "Brasília": "BR", "Sao Paulo": "BR",
    "São Paulo": "BR", "Asuncion": "PY", "Asunción": "PY", "Quito": "EC", "La Paz": "BO",
    "Caracas": "VE", "Panama City": "PA", "San Jose": "CR", "San José": "CR",
    "Port of Spain": "TT", "Kingston": "JM", "Santo Domingo": "DO",
}  # fmt: skip


# Words around a place's name in press prose.
# Where a lower-case "at the headquarters of X" phrase ends.
PLACE_STOP = {"in", "on", "to", "with", "during", "which", "where", "for", "after", "before",
              "and", "as", "when", "while", "by"}  # fmt: skip
# "in the Finnish city of Turku", "in the Estonian capital, Tallinn": the place is after them.
CITY_NOUNS = {"city", "capital", "town", "village"}
# Head words of a named venue ("the Kigali Convention Centre") and of a street address.
VENUE_HEADS = {"centre", "center", "hall", "hotel", "palace", "house", "auditorium", "pavilion"}
STREET_HEADS = {"street", "road", "avenue", "boulevard", "square", "lane"}
# "at the headquarters of the Ministry of ...": a body's seat; other nouns ("at the invitation
# of", "at the level of") name no place.
SEAT_NOUNS = VENUE_NOUNS | {"residence", "embassy", "seat", "secretariat", "palace"}
# "a Memorandum on Cooperation in the Area of e-Government": a field, not a place.
# Events a city names ("the Tallinn e-Governance Conference"): held in that city.
EVENT_NOUNS = {"conference", "summit", "forum", "week", "expo", "congress", "dialogue", "festival"}
# "in the Caribbean nation", "the Gulf state": a description of a country, no place named.
DESCRIBED_NOUNS = {"nation", "country", "state", "kingdom", "republic", "island"}
FIELD_NOUNS = {"area", "areas", "field", "fields", "sector", "sectors", "domain", "domains"}
