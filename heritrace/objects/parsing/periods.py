"""Named historical periods ("Ming dynasty", "époque d'Edo", "Ptolemaic period") as year intervals.

Antiquities and Asian art are dated by dynasty or period more often than by century. Only periods
whose bounds are conventional across reference works are listed, with those bounds (plain signed
years: -206 is 206 BC). Periods whose dates depend on the region (Bronze Age, Neolithic) or on the
discipline ("Classical", "Archaic", "Late Period" in English) are left out: they stay text and are
flagged, and so is "Ming style" (made in the manner of, at any date). A qualifier (early, mid,
late, first half...) takes the same share of the period as of a century (see dates.py).
"""

from __future__ import annotations

import re

# (earliest, latest, names as written after folding to lower case; the first is the display name)
PERIODS: tuple[tuple[int, int, tuple[str, ...]], ...] = (
    # China
    (-1600, -1046, ("shang", "шан", "інь")),
    (-1046, -256, ("zhou", "чжоу")),
    (-221, -206, ("qin", "цинь")),
    (-206, 220, ("han", "хань")),
    (618, 907, ("tang", "тан")),
    (960, 1279, ("song", "sung", "сун")),
    (1271, 1368, ("yuan", "юань")),
    (1368, 1644, ("ming", "мин", "мін")),
    (1644, 1912, ("qing", "ch'ing", "цин")),
    # reigns named on Ming and Qing porcelain ("Qianlong mark and period")
    (1403, 1424, ("yongle",)),
    (1426, 1435, ("xuande",)),
    (1465, 1487, ("chenghua",)),
    (1488, 1505, ("hongzhi",)),
    (1506, 1521, ("zhengde",)),
    (1522, 1566, ("jiajing",)),
    (1567, 1572, ("longqing",)),
    (1573, 1620, ("wanli",)),
    (1662, 1722, ("kangxi", "k'ang-hsi")),
    (1723, 1735, ("yongzheng",)),
    (1736, 1795, ("qianlong", "ch'ien-lung")),
    (1796, 1820, ("jiaqing",)),
    (1821, 1850, ("daoguang",)),
    (1851, 1861, ("xianfeng",)),
    (1862, 1874, ("tongzhi",)),
    (1875, 1908, ("guangxu",)),
    # Japan
    (794, 1185, ("heian", "хэйан", "хейан")),
    (1185, 1333, ("kamakura", "камакура")),
    (1336, 1573, ("muromachi", "муромати", "муромачі")),
    (1573, 1615, ("momoyama", "azuchi-momoyama", "момояма")),
    (1603, 1868, ("edo", "tokugawa", "эдо", "едо")),
    (1868, 1912, ("meiji", "мэйдзи", "мейдзі")),
    (1912, 1926, ("taisho", "taishō", "тайсё", "тайсьо")),
    (1926, 1989, ("showa", "shōwa", "сёва", "сьова")),
    # Egypt and the Near East
    (-2686, -2181, ("old kingdom", "ancien empire", "altes reich", "antico regno", "imperio antiguo")),
    (-2055, -1650, ("middle kingdom", "moyen empire", "mittleres reich", "medio regno", "imperio medio")),
    (-1550, -1069, ("new kingdom", "nouvel empire", "neues reich", "nuovo regno", "imperio nuevo")),
    (-332, -30, ("ptolemaic", "ptolémaïque", "ptolemaique", "ptolemäisch", "tolemaico", "ptolemaico")),
    (-550, -330, ("achaemenid", "achéménide", "achemenide", "achämenidisch", "aqueménida")),
    (-312, -63, ("seleucid", "séleucide", "seleukidisch", "seleucide", "seléucida")),
    (-247, 224, ("parthian", "parthe", "parthisch", "partico", "parto")),
    (224, 651, ("sasanian", "sassanian", "sassanide", "sasanide", "sassanidisch", "sasánida", "sasanida")),
    # Greek and Roman world, Byzantium
    (
        -323,
        -31,
        (
            "hellenistic",
            "hellénistique",
            "hellenistique",
            "hellenistisch",
            "ellenistico",
            "helenístico",
            "hellenistyczny",
            "елліністичний",
            "елліністична",
            "эллинистический",
            "эллинистическая",
        ),
    ),
    (-509, -27, ("roman republican", "république romaine", "römische republik", "repubblica romana")),
    (
        -27,
        476,
        (
            "roman imperial",
            "empire romain",
            "römische kaiserzeit",
            "impero romano",
            "imperio romano",
            "époque impériale romaine",
            "età imperiale romana",
            "época imperial romana",
            "romeinse keizertijd",
            "cesarstwa rzymskiego",
            "римська імперська",
            "римская императорская",
        ),
    ),
    (
        330,
        1453,
        (
            "byzantine",
            "byzantin",
            "byzantinisch",
            "bizantino",
            "byzantijns",
            "bizantyjski",
            "византийский",
            "византийская",
            "візантійський",
            "візантійська",
        ),
    ),
    # Eastern Europe and the steppe (the conventional bounds of Ukrainian and Russian catalogues)
    (
        882,
        1240,
        (
            "kievan rus",
            "kyivan rus",
            "kiewer rus",
            "rus' de kiev",
            "rus de kiev",
            "rus' di kiev",
            "kievse roes",
            "ruś kijowska",
            "київська русь",
            "киевская русь",
            "київської русі",
            "киевской руси",
        ),
    ),
    (
        -700,
        -200,
        (
            "scythian",
            "skythisch",
            "scythe",
            "scitico",
            "escita",
            "scythisch",
            "scytyjski",
            "скіфський",
            "скіфська",
            "скифский",
            "скифская",
        ),
    ),
    (-5400, -2700, ("trypillian", "trypillia", "cucuteni-trypillia", "трипільська", "трипольская")),
    (1649, 1764, ("cossack hetmanate", "hetmanate", "гетьманщина", "гетманщина")),
    # Islamic dynasties
    (661, 750, ("umayyad", "omeyyade", "umayyadisch", "omayyade", "omeya")),
    (750, 1258, ("abbasid", "abbasside", "abbasidisch", "abbaside", "abasí")),
    (909, 1171, ("fatimid", "fatimide", "fatimidisch", "fatimí")),
    (1250, 1517, ("mamluk", "mamelouk", "mamlouk", "mamlukisch", "mamelucco", "mameluco")),
    (1370, 1507, ("timurid", "timouride", "timuridisch", "timuride", "timúrida")),
    (1501, 1736, ("safavid", "séfévide", "safavide", "safawidisch", "safávida")),
    (1526, 1857, ("mughal", "moghol", "mogul", "moghul", "mogol")),
    (1299, 1922, ("ottoman", "ottomane", "osmanisch", "ottomano", "otomano", "османский", "османський")),
    # South and South-East Asia
    (30, 375, ("kushan", "kouchan", "kuschan", "kushana")),
    (320, 550, ("gupta",)),
    (802, 1431, ("angkor", "angkorien")),
    # The Americas before 1600
    (1438, 1533, ("inca", "inka", "inkaisch", "incaico")),
    (1428, 1521, ("aztec", "aztèque", "azteque", "aztekisch", "azteca")),
    (100, 700, ("moche", "mochica")),
    (-100, 800, ("nazca", "nasca")),
    (250, 900, ("classic maya", "maya classique", "klassische maya", "maya clásico", "maya classico")),
    # Europe
    (481, 751, ("merovingian", "mérovingien", "merowingisch", "merovingio")),
    (751, 987, ("carolingian", "carolingien", "karolingisch", "carolingio")),
    (1485, 1603, ("tudor",)),
    (1558, 1603, ("elizabethan", "élisabéthain")),
    (1714, 1837, ("georgian", "georgianisch", "géorgien", "georgiano", "georgiański")),
    (
        1837,
        1901,
        (
            "victorian",
            "victorien",
            "viktorianisch",
            "vittoriano",
            "victoriano",
            "victoriaans",
            "wiktoriański",
            "вікторіанська",
            "викторианская",
        ),
    ),
    (1901, 1910, ("edwardian", "édouardien", "edwardianisch", "edoardiano", "eduardiano", "edwardiaans")),
    (1815, 1848, ("biedermeier", "бідермаєр", "бидермайер")),
)
_KIND = (
    r"dynasty|dynasties|period|era|epoch|empire|kingdom|culture|dynastie|époque|epoque|période|"
    r"periode|zeit|ära|reich|kultur|dinastia|dinastía|periodo|período|época|epoca|impero|imperio|"
    r"tijd|keizertijd|okres|doba|династия|династія|период|період|эпоха|епоха|эпохи|епохи|династии|династії|"
    r"доба|культура|культури|культуры|стиль"
)
_NAME = {name: (lo, hi) for lo, hi, names in PERIODS for name in names}
_NAMES = "|".join(sorted((re.escape(n) for n in _NAME), key=len, reverse=True))
_FILLER = r"(?:(?:the|la|le|l'|les|der|die|das|il|lo|el|de|des|du|d'|della|del|di|van|het)\s*)*"
_PERIOD = re.compile(
    rf"^{_FILLER}(?:(?:{_KIND})\s+{_FILLER})?({_NAMES})(?:[- ](?:{_KIND}))?(?:\s+(?:{_KIND}))?"
    r"(?:\s+(?:seal\s+)?mark\s+and\s+(?:of\s+the\s+)?period)?$"
)


def period_bounds(text: str) -> tuple[int, int] | None:
    """(earliest, latest) of the period ``text`` (folded to lower case) names, or None."""
    match = _PERIOD.match(text)
    return _NAME[match[1]] if match else None


def first_words() -> frozenset[str]:
    """The first word of every period name (folded to lower case): where a period name can start."""
    return _FIRST_WORDS


_FIRST_WORDS = frozenset(name.split()[0] for name in _NAME)
