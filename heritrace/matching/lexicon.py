# ruff: noqa: E501  (word tables read better one concept per line)
"""A small multilingual lexicon of common title words, object types and materials.

Used to map words of any supported language to a language-neutral concept (``@landscape``) so
that "Seestück" meets "Seascape". It covers general art-market vocabulary only; the controlled
vocabulary (``heritrace.vocab``) is consulted on top of it for object types and materials.
Surface forms are written folded (lower case, no diacritics); several may share a concept.
"""

from __future__ import annotations

from functools import lru_cache

from heritrace.matching import thesaurus
from heritrace.matching.normalize import fold

# concept: surface forms in en / de / fr / it / es / nl / uk / ru (folded, transliterated)
TITLE_WORDS: dict[str, str] = {
    "landscape": "landscape landschaft paysage paesaggio paisaje landschap peizazh peisazh",
    "portrait": "portrait portrat bildnis ritratto retrato portret",
    "self_portrait": "self portrait selbstbildnis selbstportrat autoportrait autoritratto autorretrato zelfportret avtoportret",
    "still_life": "still life stillleben nature morte natura morta bodegon naturaleza muerta stilleven natiurmort natiurmort",
    "seascape": "seascape marine seestuck seestueck marina zeegezicht zeestuk marine",
    "sea": "sea meer mer mare mar zee more",
    "woman": "woman women frau frauen dame femme femmes donna donne mujer mujeres vrouw vrouwen zhinka zhenshchina lady",
    "man": "man men mann manner homme hommes uomo uomini hombre hombres cholovik muzhchina",
    "girl": "girl madchen fille jeune fille ragazza fanciulla nina chica meisje divchyna devushka",
    "boy": "boy junge knabe garcon ragazzo nino chico jongen khlopets malchik",
    "child": "child children kind kinder enfant enfants bambino bambini nino ninos kinderen dytyna rebenok",
    "mother": "mother mutter mere madre moeder maty mat",
    "family": "family familie famille famiglia familia gezin simia semia",
    "head": "head kopf tete testa cabeza hoofd holova golova",
    "figure": "figure figur figura figuur figures figuren",
    "nude": "nude akt nu nudo desnudo naakt",
    "river": "river fluss riviere fiume rio rivier richka reka",
    "lake": "lake lac lago ozero",
    "church": "church kirche eglise chiesa iglesia kerk tserkva tserkov",
    "madonna": "madonna madone madona virgin virgen vierge jungfrau maagd",
    "christ": "christ christus cristo khrystos khristos",
    "saint": "saint st heilige heiliger sainte santo santa sint",
    "angel": "angel angels engel ange anges angelo angeli angel angeles",
    "crucifixion": "crucifixion kreuzigung crocifissione crucifixion kruisiging",
    "view": "view ansicht vue veduta vista gezicht vyd",
    "town": "town city stadt ville citta ciudad stad misto gorod",
    "village": "village dorf villaggio paese pueblo aldea dorp selo derevnia",
    "street": "street strasse rue strada calle straat vulytsia ulitsa",
    "house": "house haus maison casa huis budynok",
    "garden": "garden garten jardin giardino jardin tuin sad",
    "flowers": "flowers flower blumen blume fleurs fleur fiori fiore flores flor bloemen bloem kvity tsvety",
    "fruit": "fruit fruits obst fruchte fruchten frutta frutti fruta frutas vruchten fruit",
    "mountain": "mountain mountains berg berge montagne montagnes montagna montagne montana montanas gebergte hora gora",
    "forest": "forest wood woods wald foret bois foresta bosco bosque bos lis les",
    "tree": "tree trees baum baume arbre arbres albero alberi arbol arboles boom bomen derevo",
    "bridge": "bridge brucke pont ponte puente brug mist most",
    "harbour": "harbour harbor port hafen porto puerto haven havn",
    "boat": "boat boats ship ships boot schiff bateau navire barca nave barco schip choven korabl",
    "horse": "horse horses pferd pferde cheval chevaux cavallo cavalli caballo caballos paard paarden kin loshad",
    "dog": "dog hund chien cane perro hond sobaka",
    "cat": "cat katze chat gatto gato kat koshka",
    "bird": "bird birds vogel vogel oiseau oiseaux uccello uccelli pajaro pajaros vogel ptakh ptitsa",
    "winter": "winter hiver inverno invierno zyma zima winterlandschaft",
    "summer": "summer sommer ete estate verano zomer lito leto",
    "spring": "spring fruhling printemps primavera lente vesna",
    "autumn": "autumn herbst automne autunno otono herfst osin osen",
    "night": "night nacht nuit notte noche nacht nich noch",
    "morning": "morning morgen matin mattina manana ochtend ranok utro",
    "evening": "evening abend soir sera tarde avond vechir vecher",
    "sunset": "sunset sonnenuntergang coucher soleil tramonto puesta sol zonsondergang zakhid zakat",
    "moon": "moon mond lune luna maan misiats luna",
    "snow": "snow schnee neige neve nieve sneeuw snih sneg",
    "road": "road weg route chemin strada camino weg doroha doroga",
    "mill": "mill muhle moulin mulino molino molen mlyn melnitsa",
    "castle": "castle schloss burg chateau castello castillo kasteel zamok",
    "interior": "interior interieur interno",
    "composition": "composition komposition composizione composicion compositie kompozytsiia kompozitsiia",
    "abstract": "abstract abstrakt abstraction abstraktion astratto abstracto abstractie",
    "untitled": "untitled ohne titel sans titre senza titolo sin titulo zonder titel bez nazvy",
    "study": "study studie etude studio estudio",
    "scene": "scene szene scena escena tafereel",
    "genre_scene": "genre scene genreszene scene de genre scena di genere escena costumbrista genrestuk",
    "coast": "coast coastal kuste cote costa costa kust",
    "beach": "beach strand plage spiaggia playa",
    "field": "field fields feld champ champs campo campi campo veld pole",
    "sky": "sky himmel ciel cielo hemel nebo",
    "cloud": "cloud clouds wolke wolken nuage nuages nuvola nuvole nube nubes wolk wolken",
    "rose": "rose roses rosen rosa rose rozen troianda roza",
    "old": "old alt alte alter vieux vieille vecchio vecchia viejo vieja oud oude staryi staryi",
    "young": "young jung jeune giovane joven jong molodyi molodoi",
    "red": "red rot rouge rosso rojo rood chervonyi krasnyi",
    "blue": "blue blau bleu blu azul blauw synii sinii",
    "white": "white weiss blanc bianco blanco wit bilyi belyi",
    "black": "black schwarz noir nero negro zwart chornyi chernyi",
    "green": "green grun vert verde groen zelenyi",
    "yellow": "yellow gelb jaune giallo amarillo geel zhovtyi zheltyi",
    "two": "two zwei deux due dos twee dva",
    "three": "three drei trois tre tres drie try tri",
    "reading": "reading lesend lisant lettrice leyendo lezend",
    "sitting": "seated sitting sitzend sitzende assis assise seduta seduto sentada sentado zittend zittende",
    "standing": "standing stehend stehende debout in piedi de pie staand staande",
    "bathers": "bathers badende baigneuses bagnanti banistas baders",
    "dance": "dance dancer dancers tanz tanzerin danse danseuse danza ballerina baile bailarina dans danseres",
    "music": "music musik musique musica muziek",
    "market": "market markt marche mercato mercado markt rynok",
    "sun": "sun sonne soleil sole sol zon sontse solntse",
    "water": "water wasser eau acqua agua water voda",
}  # fmt: skip

OBJECT_TYPES: dict[str, str] = {
    "painting": "painting paintings gemalde olgemalde bild tableau peinture dipinto quadro cuadro pintura schilderij olieverfschilderij kartyna kartina",
    "drawing": "drawing drawings zeichnung dessin disegno dibujo tekening malyunok risunok",
    "watercolour": "watercolour watercolor aquarell aquarelle acquerello acuarela aquarel akvarel",
    "print": "print prints druckgrafik druck grafik estampe gravure stampa grabado prent hrafika grafika",
    "lithograph": "lithograph lithographie lithografie litografia litografie lithografie litohrafiia litografiia",
    "etching": "etching radierung eau forte acquaforte aguafuerte ets ofort",
    "engraving": "engraving kupferstich stich incisione bulino grabado gravure gravyura",
    "screenprint": "screenprint serigraph serigraphie siebdruck serigrafia zeefdruk silkscreen",
    "woodcut": "woodcut holzschnitt xilografia xylographie houtsnede",
    "photograph": "photograph photo fotografie foto photographie fotografia",
    "sculpture": "sculpture sculptures skulptur plastik statue statuette scultura escultura beeld sculptuur skulptura",
    "relief": "relief rilievo relieve reliefs",
    "icon": "icon ikone icone icona icono ikoon ikona",
    "jewellery": "jewellery jewelry schmuck bijou bijoux gioiello gioielli joya joyas sieraad sieraden",
    "clock": "clock uhr pendule horloge orologio reloj klok hodynnyk chasy",
    "vase": "vase vasen vaso jarron vaas vaza",
    "textile": "textile tapestry textil tapisserie tessile tapiz textiel tapijt",
    "book": "book buch livre libro boek knyha kniga",
    "coin": "coin munze monnaie moneta moneda munt moneta",
    "figurine": "figurine figur figurina figurita beeldje",
    "ceramic": "ceramic ceramics keramik ceramique ceramica keramiek porcelain porzellan porcelaine porcellana porcelana porselein",
    "weapon": "weapon rifle gun waffe gewehr arme fusil arma fucile rifle wapen geweer",
    "lamp": "lamp lampe lampada lampara lamp",
    "collectible": "collectible sammlerstuck objet collection oggetto collezione objeto coleccion verzamelobject",
}  # fmt: skip

# child type -> parent type (is_a), for "related" levels when the vocabulary is unavailable.
TYPE_PARENTS: dict[str, str] = {
    "lithograph": "print", "etching": "print", "engraving": "print", "screenprint": "print",
    "woodcut": "print", "watercolour": "painting", "relief": "sculpture", "figurine": "sculpture",
    "icon": "painting", "vase": "ceramic", "drawing": "works_on_paper", "print": "works_on_paper",
}  # fmt: skip

MATERIALS: dict[str, str] = {
    "oil": "oil oils ol olfarbe huile olio oleo olieverf olie oliia maslo",
    "canvas": "canvas leinwand toile tela lienzo doek polotno kholst",
    "paper": "paper papier carta papel papier papir bumaga",
    "panel": "panel tafel holztafel panneau tavola tabla paneel",
    "wood": "wood holz bois legno madera hout derevo",
    "board": "board karton pappe carton cartone carton karton",
    "bronze": "bronze bronzo bronce brons bronza",
    "silver": "silver silber argent argento plata zilver sriblo serebro",
    "gold": "gold oro goud zoloto",
    "marble": "marble marmor marbre marmo marmol marmer mramor",
    "glass": "glass glas verre vetro vidrio glas sklo steklo",
    "ink": "ink tusche tinte encre inchiostro tinta inkt chornylo",
    "pencil": "pencil graphite bleistift graphit crayon matita grafite lapiz grafito potlood olivets karandash",
    "chalk": "chalk kreide craie gesso tiza krijt kreida",
    "charcoal": "charcoal kohle fusain carboncino carbon houtskool vuhillia ugol",
    "gouache": "gouache guazzo",
    "tempera": "tempera temperafarbe detrempe tempera",
    "acrylic": "acrylic acryl acrylique acrilico acryl",
    "pastel": "pastel pastell pastello",
    "watercolour_paint": "watercolour watercolor aquarell aquarelle acquerello acuarela aquarel",
    "etching_technique": "etching radierung eau forte acquaforte aguafuerte ets",
    "screenprint_technique": "screenprint siebdruck serigraphie serigrafia zeefdruk",
    "lithograph_technique": "lithograph lithographie lithografie litografia",
    "porcelain": "porcelain porzellan porcelaine porcellana porcelana porselein",
    "ceramic_material": "ceramic earthenware keramik ceramique ceramica keramiek terracotta",
    "stone": "stone stein pierre pietra piedra steen",
    "ivory": "ivory elfenbein ivoire avorio marfil ivoor",
    "photographic": "gelatin silver print photograph fotografie photo",
}  # fmt: skip


def _surface_index(table: dict[str, str], prefix: str) -> dict[tuple[str, ...], str]:
    index: dict[tuple[str, ...], str] = {}
    for concept, forms in table.items():
        words = forms.split()
        for word in words:
            index.setdefault((word,), prefix + concept)
    return index


def _phrase_index(table: dict[str, str], prefix: str, phrases: list[str]) -> dict[tuple[str, ...], str]:
    index = _surface_index(table, prefix)
    for phrase in phrases:
        for concept, forms in table.items():
            if f" {phrase} " in f" {forms} ":
                index[tuple(phrase.split())] = prefix + concept
    return index


_PHRASES = [
    "still life", "nature morte", "natura morta", "naturaleza muerta", "self portrait", "ohne titel",
    "sans titre", "senza titolo", "sin titulo", "zonder titel", "eau forte", "in piedi", "de pie",
    "coucher soleil", "puesta sol", "genre scene", "scene de genre", "scena di genere",
    "gelatin silver print", "oggetto collezione", "objeto coleccion", "objet collection",
]  # fmt: skip


@lru_cache(maxsize=1)
def concept_index() -> dict[tuple[str, ...], str]:
    """Surface form (tuple of folded words) -> concept id; phrases win over single words.

    The ICONCLASS thesaurus (``thesaurus.py``) gives thousands of title words; this lexicon's
    own words, types and materials are added last and win.
    """
    index: dict[tuple[str, ...], str] = {}
    title_forms = _surface_index(TITLE_WORDS, "@")
    for word, english in thesaurus.table()["concepts"].items():
        index[(word,)] = title_forms.get((english,), "@" + english)
    lexicon: dict[tuple[str, ...], str] = {}
    lexicon.update(_phrase_index(MATERIALS, "m:", _PHRASES))
    lexicon.update(_phrase_index(OBJECT_TYPES, "t:", _PHRASES))
    lexicon.update(_phrase_index(TITLE_WORDS, "@", _PHRASES))
    index.update(_vocabulary_labels(lexicon))
    index.update(lexicon)
    return index


def _vocabulary_labels(lexicon: dict[tuple[str, ...], str]) -> dict[tuple[str, ...], str]:
    """Labels of the controlled vocabulary (types and materials in nine languages, Cyrillic and
    Arabic included) as surface forms of the lexicon's concept for the same English label."""
    try:
        from heritrace.vocab import get_vocabulary

        vocabulary = get_vocabulary()
    except Exception:  # noqa: BLE001 - the vocabulary is optional here
        return {}
    forms: dict[tuple[str, ...], str] = {}
    for scheme, prefix in (("material", "m:"), ("object_type", "t:")):
        for concept in vocabulary.concepts(scheme):
            english = tuple(fold(concept.label("en")).split())
            target = lexicon.get(english, prefix + "_".join(english))
            if not target.startswith(prefix):
                continue
            for _, label, _ in concept.all_labels():
                words = tuple(fold(label).split())
                if 0 < len(words) <= 3:
                    forms.setdefault(words, target)
    return forms


def concepts_in(words: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, concept) spans found in a folded word list, longest phrase first."""
    index = concept_index()
    lemmas = thesaurus.table()["lemmas"]
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        for size in (3, 2, 1):
            concept = index.get(tuple(words[i : i + size]))
            if concept:
                spans.append((i, i + size, concept))
                i += size
                break
        else:
            concept = index.get((lemmas.get(words[i], ""),))
            if concept:  # an inflected form of a known word ('Mühlen', 'гори')
                spans.append((i, i + 1, concept))
            i += 1
    return spans


def concepts_of(text: str | None, prefix: str) -> set[str]:
    """All concepts with the given prefix ('@', 't:', 'm:') mentioned in a text."""
    if not text:
        return set()
    words = fold(text).split()
    found = {c for _, _, c in concepts_in(words) if c.startswith(prefix)}
    # a word can be both a type and a material ("watercolour", "etching"); look both up
    if prefix in ("t:", "m:"):
        vocab = _word_table(prefix)
        found |= {vocab[w] for w in words if w in vocab}
    return found


@lru_cache(maxsize=4)
def _word_table(prefix: str) -> dict[str, str]:
    table = OBJECT_TYPES if prefix == "t:" else MATERIALS
    return {w: prefix + c for c, forms in table.items() for w in forms.split()}


def type_family(concept: str) -> str:
    """Top-level type family of an object-type concept ('t:lithograph' -> 't:works_on_paper')."""
    name = concept[2:]
    seen = set()
    while name in TYPE_PARENTS and name not in seen:
        seen.add(name)
        name = TYPE_PARENTS[name]
    return "t:" + name
