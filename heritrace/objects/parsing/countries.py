"""Country names and codes read into ISO 3166-1 alpha-2.

Accepted: alpha-2 and alpha-3 codes, the ISO names, official and common names (pycountry), the
translations of all ISO names shipped with pycountry for the languages of the register
(fr, de, es, it, nl, pt, uk, ru, pl, ar), and a hand-written table of everyday names ("Holland",
"Россия", "Stati Uniti d'America") for the countries most concerned by trafficking of cultural
property. Anything ambiguous or unknown gives ``None``; the caller keeps the text and flags it.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from functools import lru_cache

import pycountry
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from heritrace.vocab.service import ARABIC_FOLD

TRANSLATED_LANGUAGES = ("fr", "de", "es", "it", "nl", "pt", "uk", "ru", "pl", "ar")
FUZZY_MIN_SCORE = 0.79  # one typo (or swapped letters) in a five-letter name
FUZZY_MIN_LENGTH = 5

# Everyday names that the ISO tables lack, in en, fr, de, es, it, uk, ru, ar (and a few nl/pt forms).
EVERYDAY_NAMES: dict[str, str] = {
    "US": "usa|u.s.a.|u.s.|united states|united states of america|america|états-unis|etats-unis|"
    "états-unis d'amérique|vereinigte staaten von amerika|usa|estados unidos de américa|eeuu|ee.uu.|"
    "stati uniti d'america|сша|сполучені штати америки|соединённые штаты америки|"
    "соединенные штаты америки|соединенные штаты|verenigde staten van amerika|أمريكا|امريكا|"
    "الولايات المتحدة الأمريكية",
    "GB": "uk|u.k.|great britain|britain|england|scotland|wales|northern ireland|grande-bretagne|"
    "angleterre|großbritannien|grossbritannien|england|gran bretaña|inglaterra|gran bretagna|"
    "inghilterra|великобритания|англия|великобританія|англія|groot-brittannië|engeland|بريطانيا|"
    "المملكة المتحدة",
    "RU": "russia|russian federation|russie|russland|rusia|russia|росія|россия|rusland|rússia|روسيا",
    "UA": "ukraine|ucraina|ucrania|україна|украина|oekraïne",
    "IT": "italy|italie|italien|italia|італія|италия|italië",
    "IQ": "iraq|irak|irak|iraq|ірак|ирак",
    "SY": "syria|syrie|syrien|siria|сирія|сирия|syrië|سوريا|سورية",
    "EG": "egypt|égypte|egypte|ägypten|egipto|egitto|єгипет|египет|egypte",
    "GR": "greece|hellas|grèce|grece|griechenland|grecia|греція|греция|griekenland",
    "TR": "turkey|türkiye|turkiye|turquie|türkei|turquía|turchia|туреччина|турция|turkije|تركيا",
    "CY": "cyprus|chypre|zypern|chipre|cipro|кіпр|кипр",
    "PE": "peru|pérou|perú|перу|بيرو",
    "MX": "mexico|mexique|mexiko|méxico|messico|мексика",
    "KH": "cambodia|kampuchea|cambodge|kambodscha|camboya|cambogia|камбоджа",
    "AF": "afghanistan|afganistán|afghanistan|afganistan|афганістан|афганистан",
    "LY": "libya|libye|libyen|libia|лівія|ливия",
    "YE": "yemen|yémen|jemen|yemen|ємен|йемен",
    "ML": "mali|малі|мали",
    "NG": "nigeria|nigéria|нігерія|нигерия",
    "FR": "france|frankreich|francia|франція|франция|frankrijk",
    "DE": "germany|allemagne|deutschland|alemania|germania|німеччина|германия|duitsland|brd|frg",
    "ES": "spain|espagne|spanien|españa|spagna|іспанія|испания|spanje",
    "CH": "switzerland|suisse|schweiz|suiza|svizzera|швейцарія|швейцария|zwitserland",
    "BE": "belgium|belgique|belgien|bélgica|belgio|бельгія|бельгия|belgië",
    "NL": "netherlands|the netherlands|holland|hollande|pays-bas|niederlande|países bajos|holanda|"
    "paesi bassi|olanda|нідерланди|голландія|нидерланды|голландия|nederland",
    "CN": "china|prc|people's republic of china|chine|volksrepublik china|cina|китай",
    "IN": "india|inde|indien|индия|індія",
    "IR": "iran|persia|iran|irán|іран|иран|إيران",
    "LB": "lebanon|liban|libanon|líbano|libano|ліван|ливан",
    "JO": "jordan|jordanie|jordanien|jordania|giordania|йорданія|иордания",
    "IL": "israel|israël|israele|ізраїль|израиль",
    "PS": "palestine|palästina|palestina|палестина|فلسطين",
    "TN": "tunisia|tunisie|tunesien|túnez|tunisia|туніс|тунис",
    "DZ": "algeria|algérie|algerien|argelia|algeria|алжир",
    "MA": "morocco|maroc|marokko|marruecos|marocco|марокко",
    "SD": "sudan|soudan|sudán|судан",
    "ET": "ethiopia|éthiopie|äthiopien|etiopía|etiopia|ефіопія|эфиопия",
    "NE": "niger|нігер|нигер",
    "CD": "dr congo|drc|democratic republic of the congo|congo-kinshasa|zaire|rdc|rd congo|"
    "république démocratique du congo|demokratische republik kongo|república democrática del congo|"
    "repubblica democratica del congo|др конго|демократична республіка конго",
    "PK": "pakistan|pakistán|пакистан",
    "NP": "nepal|népal|непал",
    "TH": "thailand|siam|thaïlande|thailandia|tailandia|таїланд|таиланд",
    "MM": "myanmar|burma|birmanie|birma|birmania|мʼянма|мьянма|бирма",
    "VN": "vietnam|viet nam|viêt nam|в'єтнам|вьетнам",
    "LA": "laos|лаос",
    "ID": "indonesia|indonésie|indonesien|індонезія|индонезия",
    "JP": "japan|japon|japón|giappone|японія|япония",
    "KR": "south korea|korea|corée du sud|südkorea|corea del sur|corea del sud|південна корея|южная корея",
    "GT": "guatemala|гватемала",
    "HN": "honduras|гондурас",
    "BO": "bolivia|bolivie|bolivien|болівія|боливия",
    "EC": "ecuador|équateur|эквадор|еквадор",
    "CO": "colombia|colombie|kolumbien|колумбія|колумбия",
    "BR": "brazil|brésil|brasilien|brasil|brasile|бразилія|бразилия",
    "AR": "argentina|argentine|argentinien|аргентина",
    "CL": "chile|chili|чилі|чили",
    "AT": "austria|autriche|österreich|австрія|австрия|oostenrijk",
    "PL": "poland|pologne|polen|polonia|польща|польша",
    "CZ": "czech republic|czechia|république tchèque|tschechien|tschechische republik|"
    "república checa|repubblica ceca|чехія|чехия",
    "HU": "hungary|hongrie|ungarn|hungría|ungheria|угорщина|венгрия",
    "RO": "romania|roumanie|rumänien|rumania|румунія|румыния",
    "BG": "bulgaria|bulgarie|bulgarien|болгарія|болгария",
    "RS": "serbia|serbie|serbien|сербія|сербия",
    "HR": "croatia|croatie|kroatien|croacia|croazia|хорватія|хорватия",
    "BA": "bosnia|bosnia and herzegovina|bosnie-herzégovine|bosnien und herzegowina|"
    "bosnia y herzegovina|bosnia ed erzegovina|боснія і герцеговина|босния и герцеговина",
    "AL": "albania|albanie|albanien|албанія|албания",
    "MK": "north macedonia|macedonia|macédoine du nord|nordmazedonien|macedonia del norte|"
    "macedonia del nord|північна македонія|северная македония",
    "BY": "belarus|byelorussia|biélorussie|weißrussland|belarús|bielorrusia|bielorussia|білорусь|"
    "беларусь|белоруссия",
    "MD": "moldova|moldavia|moldavie|moldau|молдова|молдавия",
    "GE": "georgia|géorgie|georgien|грузія|грузия",
    "AM": "armenia|arménie|armenien|вірменія|армения",
    "AZ": "azerbaijan|azerbaïdjan|aserbaidschan|azerbaiyán|azerbaigian|азербайджан",
    "PT": "portugal|portogallo|португалія|португалия",
    "SE": "sweden|suède|schweden|suecia|svezia|швеція|швеция",
    "DK": "denmark|danemark|dänemark|dinamarca|danimarca|данія|дания",
    "NO": "norway|norvège|norwegen|noruega|norvegia|норвегія|норвегия",
    "IE": "ireland|irlande|irland|irlanda|ірландія|ирландия",
    "VA": "vatican|vatican city|holy see|vatican|vatikan|vaticano|città del vaticano|ватикан",
    "SA": "saudi arabia|arabie saoudite|saudi-arabien|arabia saudita|arabia saudí|саудівська аравія|"
    "саудовская аравия",
    "AE": "uae|united arab emirates|émirats arabes unis|vereinigte arabische emirate|"
    "emiratos árabes unidos|emirati arabi uniti|оае|оаэ|الإمارات|الإمارات العربية المتحدة",
    "CI": "ivory coast|côte d'ivoire|cote d'ivoire|elfenbeinküste|costa de marfil|costa d'avorio",
    "KP": "north korea|corée du nord|nordkorea|corea del norte|corea del nord|північна корея|северная корея",
    "TW": "taiwan|taïwan|тайвань",
    "LK": "sri lanka|ceylon|шрі-ланка|шри-ланка",
}

_PUNCTUATION = re.compile(r"[\s.,;:()'’`\"-]+")
_CODE = re.compile(r"^[A-Za-z]{2,3}$")
_EXTRA_CODES = {"UK": "GB", "EL": "GR"}  # EU usage, common in European registers


def _key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(ARABIC_FOLD)
    return _PUNCTUATION.sub(" ", plain).strip()


def _iso_names(country: object) -> list[str]:
    names = [getattr(country, attr, None) for attr in ("name", "official_name", "common_name")]
    return [name for name in names if name]


def _names_in(language: str) -> list[tuple[str, str]]:
    try:
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return []
    pairs = []
    for country in pycountry.countries:
        for name in _iso_names(country):
            local = translation.gettext(name)
            pairs.append((local, country.alpha_2))
            if ", " in local:  # "Russie, Fédération de" -> "Russie"
                pairs.append((local.split(", ")[0], country.alpha_2))
    return pairs


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    """Name key -> alpha-2; a key claimed by two countries is dropped as ambiguous."""
    index: dict[str, str] = {}
    ambiguous: set[str] = set()

    def add(name: str, code: str, override: bool = False) -> None:
        key = _key(name)
        if not key:
            return
        if override or key not in index:
            index[key] = code
        elif index[key] != code:
            ambiguous.add(key)

    for country in pycountry.countries:
        for name in _iso_names(country):
            add(name, country.alpha_2)
    for language in TRANSLATED_LANGUAGES:
        for name, code in _names_in(language):
            add(name, code)
    for key in ambiguous:
        index.pop(key, None)
    for country in pycountry.countries:  # the ISO English name wins over a translation ("Congo")
        for name in _iso_names(country):
            add(name, country.alpha_2, override=True)
    for code, names in EVERYDAY_NAMES.items():
        for name in names.split("|"):
            add(name, code, override=True)
    return index


@lru_cache(maxsize=4096)
def parse_country(text: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code of a country code or name in one of the register's languages."""
    if not text or not text.strip():
        return None
    text = text.strip()
    if _CODE.match(text):
        code = _code(text.upper())
        if code:
            return code
    key = _key(text)
    index = _index()
    if key in index:
        return index[key]
    return _fuzzy(key, index)


def _code(code: str) -> str | None:
    if code in _EXTRA_CODES:
        return _EXTRA_CODES[code]
    country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    country = country or (pycountry.countries.get(alpha_3=code) if len(code) == 3 else None)
    return country.alpha_2 if country else None


def _fuzzy(key: str, index: dict[str, str]) -> str | None:
    """A misspelt name ('Itlay'), accepted only when one country clearly fits best."""
    if len(key) < FUZZY_MIN_LENGTH:
        return None
    scorer = DamerauLevenshtein.normalized_similarity
    best = process.extract(key, index.keys(), scorer=scorer, limit=5, score_cutoff=FUZZY_MIN_SCORE)
    if not best:
        return None
    code = index[best[0][0]]
    rivals = [name for name, score, _ in best[1:] if score >= best[0][1] - 0.05 and index[name] != code]
    return None if rivals else code
