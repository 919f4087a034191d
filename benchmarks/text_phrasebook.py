# ruff: noqa: E501  (phrase tables read better one entry per line)
"""Phrase banks of the evaluation's listing generator, written independently of the engine's
lexicon and thesaurus so that the benchmark does not grade the engine on its own dictionary.

Languages: en, de, fr, it, es, nl, uk, ru, pl. Every table maps an English key to one form per
language in that order.
"""

from __future__ import annotations

LANGS = ("en", "de", "fr", "it", "es", "nl", "uk", "ru", "pl")


def _table(rows: str) -> dict[str, dict[str, str]]:
    out = {}
    for line in rows.strip().splitlines():
        forms = [f.strip() for f in line.split("|")]
        out[forms[0]] = dict(zip(LANGS, forms, strict=True))
    return out


# title words a seller translates (only the words in this table; the rest stays as written)
TITLE_WORDS = _table("""
landscape|Landschaft|paysage|paesaggio|paisaje|landschap|пейзаж|пейзаж|pejzaż
portrait|Bildnis|portrait|ritratto|retrato|portret|портрет|портрет|portret
still life|Stillleben|nature morte|natura morta|bodegón|stilleven|натюрморт|натюрморт|martwa natura
woman|Frau|femme|donna|mujer|vrouw|жінка|женщина|kobieta
man|Mann|homme|uomo|hombre|man|чоловік|мужчина|mężczyzna
girl|Mädchen|jeune fille|ragazza|niña|meisje|дівчина|девушка|dziewczyna
boy|Knabe|garçon|ragazzo|niño|jongen|хлопчик|мальчик|chłopiec
child|Kind|enfant|bambino|niño|kind|дитина|ребёнок|dziecko
head|Kopf|tête|testa|cabeza|hoofd|голова|голова|głowa
sea|Meer|mer|mare|mar|zee|море|море|morze
river|Fluss|rivière|fiume|río|rivier|річка|река|rzeka
lake|See|lac|lago|lago|meer|озеро|озеро|jezioro
mill|Mühle|moulin|mulino|molino|molen|млин|мельница|młyn
church|Kirche|église|chiesa|iglesia|kerk|церква|церковь|kościół
bridge|Brücke|pont|ponte|puente|brug|міст|мост|most
house|Haus|maison|casa|casa|huis|будинок|дом|dom
garden|Garten|jardin|giardino|jardín|tuin|сад|сад|ogród
tree|Baum|arbre|albero|árbol|boom|дерево|дерево|drzewo
trees|Bäume|arbres|alberi|árboles|bomen|дерева|деревья|drzewa
flowers|Blumen|fleurs|fiori|flores|bloemen|квіти|цветы|kwiaty
fruit|Früchte|fruits|frutta|frutas|vruchten|фрукти|фрукты|owoce
horse|Pferd|cheval|cavallo|caballo|paard|кінь|лошадь|koń
horses|Pferde|chevaux|cavalli|caballos|paarden|коні|лошади|konie
dog|Hund|chien|cane|perro|hond|собака|собака|pies
boat|Boot|bateau|barca|barco|boot|човен|лодка|łódź
ship|Schiff|navire|nave|barco|schip|корабель|корабль|statek
winter|Winter|hiver|inverno|invierno|winter|зима|зима|zima
summer|Sommer|été|estate|verano|zomer|літо|лето|lato
evening|Abend|soir|sera|tarde|avond|вечір|вечер|wieczór
morning|Morgen|matin|mattina|mañana|ochtend|ранок|утро|poranek
night|Nacht|nuit|notte|noche|nacht|ніч|ночь|noc
moonlight|Mondschein|clair de lune|chiaro di luna|claro de luna|maanlicht|місячне світло|лунный свет|światło księżyca
sunset|Sonnenuntergang|coucher de soleil|tramonto|puesta de sol|zonsondergang|захід сонця|закат|zachód słońca
storm|Sturm|tempête|tempesta|tormenta|storm|буря|буря|burza
mountain|Berg|montagne|montagna|montaña|berg|гора|гора|góra
mountains|Berge|montagnes|montagne|montañas|bergen|гори|горы|góry
village|Dorf|village|villaggio|pueblo|dorp|село|деревня|wieś
street|Straße|rue|strada|calle|straat|вулиця|улица|ulica
castle|Schloss|château|castello|castillo|kasteel|замок|замок|zamek
harbour|Hafen|port|porto|puerto|haven|гавань|гавань|port
coast|Küste|côte|costa|costa|kust|узбережжя|побережье|wybrzeże
forest|Wald|forêt|bosco|bosque|bos|ліс|лес|las
field|Feld|champ|campo|campo|veld|поле|поле|pole
saint|Heiliger|saint|santo|santo|heilige|святий|святой|święty
virgin|Jungfrau|Vierge|Vergine|Virgen|Maagd|Богородиця|Богородица|Dziewica
christ|Christus|Christ|Cristo|Cristo|Christus|Христос|Христос|Chrystus
angel|Engel|ange|angelo|ángel|engel|ангел|ангел|anioł
nicholas|Nikolaus|Nicolas|Nicola|Nicolás|Nicolaas|Миколай|Николай|Mikołaj
study|Studie|étude|studio|estudio|studie|етюд|этюд|studium
view|Ansicht|vue|veduta|vista|gezicht|вид|вид|widok
old|alt|vieux|vecchio|viejo|oud|старий|старый|stary
young|jung|jeune|giovane|joven|jong|молодий|молодой|młody
red|rot|rouge|rosso|rojo|rood|червоний|красный|czerwony
white|weiß|blanc|bianco|blanco|wit|білий|белый|biały
blue|blau|bleu|blu|azul|blauw|синій|синий|niebieski
black|schwarz|noir|nero|negro|zwart|чорний|черный|czarny
green|grün|vert|verde|verde|groen|зелений|зеленый|zielony
with|mit|avec|con|con|met|з|с|z
and|und|et|e|y|en|і|и|i
in|in|dans|in|en|in|в|в|w
of|von|de|di|de|van|||
the||||||||
""")

OBJECT_TYPES = _table("""
painting|Gemälde|tableau|dipinto|pintura|schilderij|картина|картина|obraz
drawing|Zeichnung|dessin|disegno|dibujo|tekening|малюнок|рисунок|rysunek
watercolour|Aquarell|aquarelle|acquerello|acuarela|aquarel|акварель|акварель|akwarela
print|Druckgrafik|estampe|stampa|grabado|prent|гравюра|гравюра|grafika
lithograph|Lithografie|lithographie|litografia|litografía|litho|літографія|литография|litografia
etching|Radierung|eau-forte|acquaforte|aguafuerte|ets|офорт|офорт|akwaforta
screenprint|Siebdruck|sérigraphie|serigrafia|serigrafía|zeefdruk|шовкографія|шелкография|serigrafia
sculpture|Skulptur|sculpture|scultura|escultura|beeld|скульптура|скульптура|rzeźba
photograph|Fotografie|photographie|fotografia|fotografía|foto|фотографія|фотография|fotografia
icon|Ikone|icône|icona|icono|icoon|ікона|икона|ikona
coin|Münze|monnaie|moneta|moneda|munt|монета|монета|moneta
vase|Vase|vase|vaso|jarrón|vaas|ваза|ваза|wazon
jewellery|Schmuck|bijou|gioiello|joya|sieraad|прикраса|украшение|biżuteria
book|Buch|livre|libro|libro|boek|книга|книга|książka
textile|Textil|textile|tessuto|textil|textiel|тканина|ткань|tkanina
fibula|Fibel|fibule|fibula|fíbula|fibula|фібула|фибула|fibula
amphora|Amphore|amphore|anfora|ánfora|amfora|амфора|амфора|amfora
cross|Kreuz|croix|croce|cruz|kruis|хрест|крест|krzyż
figurine|Figur|figurine|statuetta|figura|beeldje|статуетка|статуэтка|figurka
vessel|Gefäß|récipient|recipiente|vasija|vat|посудина|сосуд|naczynie
lamp|Lampe|lampe|lampada|lámpara|lamp|світильник|светильник|lampa
sword|Schwert|épée|spada|espada|zwaard|меч|меч|miecz
bracelet|Armreif|bracelet|bracciale|brazalete|armband|браслет|браслет|bransoleta
collectible|Sammlerstück|objet de collection|oggetto da collezione|objeto de colección|verzamelobject|колекційний предмет|коллекционный предмет|przedmiot kolekcjonerski
""")

# (interval, names per language) of the periods the generator writes instead of a date
PERIOD_NAMES: list[tuple[int, int, dict[str, str]]] = [
    (lo, hi, dict(zip(LANGS, names.split("|"), strict=True)))
    for lo, hi, names in (
        (
            -323,
            -31,
            "Hellenistic|hellenistisch|hellénistique|ellenistico|helenístico|hellenistisch|елліністичний період|эллинистический период|hellenistyczny",
        ),
        (
            -27,
            476,
            "Roman Imperial|römische Kaiserzeit|époque impériale romaine|età imperiale romana|época imperial romana|Romeinse keizertijd|римська імперська доба|римская императорская эпоха|okres cesarstwa rzymskiego",
        ),
        (
            330,
            1453,
            "Byzantine|byzantinisch|byzantin|bizantino|bizantino|Byzantijns|візантійський|византийский|bizantyjski",
        ),
        (
            882,
            1240,
            "Kievan Rus|Kiewer Rus|Rus' de Kiev|Rus' di Kiev|Rus de Kiev|Kievse Roes|Київська Русь|Киевская Русь|Ruś Kijowska",
        ),
        (-700, -200, "Scythian|skythisch|scythe|scitico|escita|Scythisch|скіфський|скифский|scytyjski"),
        (
            1714,
            1837,
            "Georgian|georgianisch|géorgien|georgiano|georgiano|Georgian|георгіанська доба|георгианская эпоха|georgiański",
        ),
        (
            1837,
            1901,
            "Victorian|viktorianisch|victorien|vittoriano|victoriano|Victoriaans|вікторіанська доба|викторианская эпоха|wiktoriański",
        ),
        (
            1901,
            1910,
            "Edwardian|edwardianisch|édouardien|edoardiano|eduardiano|Edwardiaans|едвардіанська доба|эдвардианская эпоха|edwardiański",
        ),
        (
            1815,
            1848,
            "Biedermeier|Biedermeier|Biedermeier|Biedermeier|Biedermeier|biedermeier|бідермаєр|бидермайер|biedermeier",
        ),
    )
]

CENTURY_WORD = dict(zip(LANGS, "century|Jh.|siècle|secolo|siglo|eeuw|ст.|век|wiek".split("|"), strict=True))
BC_WORD = dict(
    zip(LANGS, "BC|v. Chr.|av. J.-C.|a.C.|a.C.|v.Chr.|до н.е.|до н.э.|p.n.e.".split("|"), strict=True)
)
CIRCA_WORD = dict(zip(LANGS, "c.|um|vers|circa|hacia|ca.|бл.|ок.|ok.".split("|"), strict=True))

CONDITION = {
    "en": [
        "relined, minor retouching",
        "craquelure, small losses to the frame",
        "some foxing and light staining",
        "old restoration, varnish yellowed",
    ],
    "de": [
        "doubliert, kleine Retuschen",
        "Craquelé, kleine Fehlstellen",
        "leicht stockfleckig",
        "alte Restaurierung, Firnis vergilbt",
    ],
    "fr": [
        "rentoilé, petites restaurations",
        "craquelures, petits manques",
        "quelques rousseurs",
        "ancienne restauration, vernis jauni",
    ],
    "it": [
        "rintelato, piccoli ritocchi",
        "craquelure, piccole cadute di colore",
        "lievi fioriture",
        "vecchio restauro, vernice ingiallita",
    ],
    "es": [
        "reentelado, pequeños retoques",
        "craquelado, pequeñas faltas",
        "algunas manchas de óxido",
        "restauración antigua, barniz amarillento",
    ],
    "nl": [
        "verdoekt, kleine retouches",
        "craquelé, kleine verfverliezen",
        "enkele roestvlekjes",
        "oude restauratie, vergeelde vernis",
    ],
    "uk": [
        "дублювання, незначні реставрації",
        "кракелюр, дрібні втрати",
        "сліди вологи",
        "стара реставрація",
    ],
    "ru": [
        "дублирован, мелкие реставрации",
        "кракелюр, небольшие утраты",
        "следы влаги",
        "старая реставрация",
    ],
    "pl": ["dublowany, drobne retusze", "spękania, drobne ubytki", "lekkie zażółcenia", "dawna konserwacja"],
}
PROVENANCE = {
    "en": [
        "Provenance: private collection, Vienna; by descent.",
        "From an old English collection.",
        "Acquired in the 1970s, thence by descent.",
    ],
    "de": [
        "Provenienz: Privatsammlung Wien; durch Erbfolge.",
        "Aus altem süddeutschem Privatbesitz.",
        "In den 1970er Jahren erworben.",
    ],
    "fr": [
        "Provenance : collection particulière, Lyon.",
        "Ancienne collection d'un amateur parisien.",
        "Acquis dans les années 1970.",
    ],
    "it": [
        "Provenienza: collezione privata, Milano.",
        "Da una raccolta privata romana.",
        "Acquistato negli anni '70.",
    ],
    "es": [
        "Procedencia: colección particular, Madrid.",
        "De una antigua colección andaluza.",
        "Adquirido en los años 70.",
    ],
    "nl": [
        "Herkomst: particuliere collectie, Amsterdam.",
        "Uit een oude Vlaamse verzameling.",
        "Verworven in de jaren '70.",
    ],
    "uk": [
        "Походження: приватна колекція, Київ.",
        "Зі старої родинної колекції.",
        "Придбано в 1970-х роках.",
    ],
    "ru": [
        "Происхождение: частное собрание, Москва.",
        "Из старой семейной коллекции.",
        "Приобретено в 1970-х годах.",
    ],
    "pl": ["Proweniencja: kolekcja prywatna, Kraków.", "Z dawnej kolekcji rodzinnej.", "Nabyty w latach 70."],
}
ATTRIBUTION = {  # school/style qualifiers written before a maker name
    "en": ["circle of", "style of", "school of", "follower of", "attributed to", "manner of"],
    "de": ["Umkreis von", "im Stil von", "Schule des", "Nachfolger von", "zugeschrieben", "Art des"],
    "fr": ["entourage de", "dans le goût de", "école de", "suiveur de", "attribué à", "à la manière de"],
    "it": ["cerchia di", "nello stile di", "scuola di", "seguace di", "attribuito a", "maniera di"],
    "es": ["círculo de", "estilo de", "escuela de", "seguidor de", "atribuido a", "a la manera de"],
    "nl": ["kring van", "stijl van", "school van", "navolger van", "toegeschreven aan", "op de wijze van"],
    "uk": ["коло", "у стилі", "школа", "послідовник", "приписується", "манера"],
    "ru": ["круг", "в стиле", "школа", "последователь", "приписывается", "манера"],
    "pl": ["krąg", "w stylu", "szkoła", "naśladowca", "przypisywany", "maniera"],
}
NATIONAL_SCHOOL = {
    "en": "{n} School", "de": "{n} Schule", "fr": "École {n}", "it": "Scuola {n}", "es": "Escuela {n}",
    "nl": "{n} School", "uk": "{n} школа", "ru": "{n} школа", "pl": "szkoła {n}",
}  # fmt: skip
SCHOOL_NAMES = {
    "en": ["British", "Continental", "Dutch", "Russian"], "de": ["Britische", "Kontinentale", "Holländische", "Russische"],
    "fr": ["anglaise", "continentale", "hollandaise", "russe"], "it": ["inglese", "europea", "olandese", "russa"],
    "es": ["inglesa", "europea", "holandesa", "rusa"], "nl": ["Engelse", "Continentale", "Hollandse", "Russische"],
    "uk": ["Англійська", "Європейська", "Голландська", "Російська"], "ru": ["Английская", "Европейская", "Голландская", "Русская"],
    "pl": ["angielska", "europejska", "holenderska", "rosyjska"],
}  # fmt: skip
LOT = {
    "en": "Lot {n}.", "de": "Los {n}.", "fr": "Lot {n}.", "it": "Lotto {n}.", "es": "Lote {n}.", "nl": "Kavel {n}.",
    "uk": "Лот {n}.", "ru": "Лот {n}.", "pl": "Obiekt {n}.",
}  # fmt: skip
PRICE = {
    "en": "Estimate {p}-{q} GBP.", "de": "Schätzpreis {p}-{q} EUR.", "fr": "Estimation {p}-{q} EUR.",
    "it": "Stima {p}-{q} EUR.", "es": "Estimación {p}-{q} EUR.", "nl": "Schatting {p}-{q} EUR.",
    "uk": "Ціна {p} грн.", "ru": "Цена {p} руб.", "pl": "Cena {p} zł.",
}  # fmt: skip
SELLER_OPENERS = {
    "en": ["For sale:", "Antique", "Old", "Offered:"], "de": ["Verkaufe", "Antik:", "Altes Stück:", "Angeboten:"],
    "fr": ["Vends", "Ancien", "À vendre :", "Proposé :"], "it": ["Vendo", "Antico", "In vendita:", "Proposto:"],
    "es": ["Vendo", "Antiguo", "En venta:", "Se ofrece:"], "nl": ["Te koop:", "Antiek", "Oud", "Aangeboden:"],
    "uk": ["Продам", "Старовинна річ:", "Продається:", "Антикваріат:"], "ru": ["Продам", "Старинная вещь:", "Продается:", "Антиквариат:"],
    "pl": ["Sprzedam", "Antyk:", "Na sprzedaż:", "Oferuję:"],
}  # fmt: skip
SIZE_WORD = dict(
    zip(LANGS, "Size|Maße|Dimensions|Misure|Medidas|Afmetingen|Розмір|Размер|Wymiary".split("|"), strict=True)
)
SIGNED = dict(
    zip(
        LANGS,
        "signed|signiert|signé|firmato|firmado|gesigneerd|підписано|подписано|sygnowany".split("|"),
        strict=True,
    )
)
