"""Controlled values of the register (statuses, incident types, classifications) read by label.

Registers write these values their own way: "Illegal excavation", "illegal_excavation",
"Raubgrabung", "кража", "Vol". Each code has labels in the vocabulary's nine languages (en, fr,
es, de, it, nl, ar, uk, ru); a value is read by a key without case, accents, Arabic spelling
variants, underscores, hyphens or extra spaces. A label that would name two codes of one list is
a mistake in this table, and the module refuses to load (see ``_index``).
"""

from __future__ import annotations

import re
from functools import cache

from heritrace.core.i18n import N_, Message, _
from heritrace.core.labels import LABELS
from heritrace.core.labels import label as code_label
from heritrace.vocab.service import fold_word

# code -> labels in every language ("|"-separated); the first English label is the display label
STATUS_LABELS: dict[str, str] = {
    "stolen": "stolen|theft|reported stolen|volé|vol|robado|hurtado|gestohlen|Diebstahl|rubato|furto|"
    "gestolen|diefstal|مسروق|مسروقة|سرقة|викрадено|викрадений|вкрадений|крадіжка|украдено|"
    "украден|похищено|похищен|кража",
    "missing": "missing|lost|disappeared|disparu|perdu|disparition|desaparecido|extraviado|perdido|"
    "vermisst|verschollen|verloren|scomparso|smarrito|disperso|vermist|verdwenen|مفقود|مفقودة|"
    "зниклий|зникло|втрачено|втрачений|пропавший|пропало|утрачено|утрачен",
    "looted": "looted|plundered|pillé|saqueado|expoliado|geplündert|saccheggiato|trafugato|geplunderd|"
    "منهوب|منهوبة|розграбований|розграбовано|разграблен|разграблено",
    "illicitly_exported": "illicitly exported|illegally exported|exporté illicitement|"
    "exporté illégalement|exportado ilícitamente|exportado ilegalmente|illegal ausgeführt|"
    "unrechtmäßig ausgeführt|esportato illecitamente|esportato illegalmente|illegaal uitgevoerd|"
    "مصدر بشكل غير مشروع|незаконно вивезений|незаконно вивезено|незаконно вывезен|незаконно вывезено",
    "seized": "seized|confiscated|saisi|confisqué|incautado|decomisado|beschlagnahmt|sichergestellt|"
    "sequestrato|inbeslaggenomen|in beslag genomen|مضبوط|"
    "مصادر|вилучено|вилучений|арештований|изъят|изъято|арестован",
    "recovered": "recovered|found|retrouvé|récupéré|recuperado|hallado|wiedergefunden|wiederbeschafft|"
    "aufgefunden|ritrovato|recuperato|teruggevonden|مسترد|مستعاد|"
    "знайдено|знайдений|найден|найдено|обнаружен",
    "returned": "returned|restituted|repatriated|restitué|rendu|rapatrié|devuelto|restituido|"
    "repatriado|zurückgegeben|restituiert|rückgeführt|restituito|rimpatriato|teruggegeven|"
    "gerestitueerd|مُعاد|معاد|تمت إعادته|повернуто|повернений|реституйовано|возвращён|возвращен|"
    "возвращено|реституирован",
    "withdrawn": "withdrawn|removed|retiré|annulé|retirado|anulado|zurückgezogen|gelöscht|ritirato|"
    "annullato|ingetrokken|مسحوب|ملغى|відкликано|відкликаний|отозван|отозвано",
    "held": "held|in collection|inventory|in the collection|en collection|inventaire|en colección|"
    "inventario|in Sammlung|im Bestand|Inventar|in collezione|in collectie|inventaris|"
    "في المجموعة|جرد|у колекції|інвентар|в коллекции|инвентарь",
}
INCIDENT_LABELS: dict[str, str] = {
    "theft": "theft|stolen|burglary|robbery|vol|volé|cambriolage|robo|hurto|robado|Diebstahl|"
    "gestohlen|Einbruch|Einbruchdiebstahl|Raub|furto|rubato|rapina|diefstal|gestolen|inbraak|"
    "roof|سرقة|مسروق|крадіжка|викрадення|пограбування|кража|хищение|похищение|ограбление|грабёж",
    "looting": "looting|looted|pillage|plunder|plundering|pillé|saqueo|saqueado|expolio|"
    "Plünderung|geplündert|saccheggio|saccheggiato|plundering|geplunderd|نهب|منهوب|"
    "мародерство|розграбування|мародёрство|разграбление",
    "illegal_excavation": "illegal excavation|excavation|illicit excavation|clandestine excavation|"
    "unauthorised excavation|unauthorized excavation|fouille illégale|fouille illicite|"
    "fouilles illicites|fouille clandestine|fouilles clandestines|excavación ilegal|"
    "excavación clandestina|excavaciones clandestinas|Raubgrabung|Raubgrabungen|illegale Grabung|"
    "Raubgräberei|scavo clandestino|scavi clandestini|scavo illecito|scavo abusivo|"
    "illegale opgraving|illegale opgravingen|تنقيب غير مشروع|تنقيب غير قانوني|حفر غير مشروع|"
    "حفريات غير مشروعة|незаконні розкопки|незаконна розкопка|незаконные раскопки|"
    "чорна археологія|чёрная археология|черная археология",
    "armed_conflict_loss": "armed conflict loss|armed conflict|loss in armed conflict|war loss|"
    "war|conflit armé|perte de guerre|perte en temps de guerre|conflicto armado|pérdida de guerra|"
    "bewaffneter Konflikt|Kriegsverlust|kriegsbedingter Verlust|conflitto armato|perdita bellica|"
    "gewapend conflict|oorlogsverlies|نزاع مسلح|خسارة في نزاع مسلح|збройний конфлікт|"
    "втрата внаслідок війни|воєнна втрата|вооружённый конфликт|вооруженный конфликт|военная утрата",
    "illicit_export": "illicit export|illegal export|unlawful export|illicitly exported|export|"
    "exportation illicite|exportation illégale|exportación ilícita|exportación ilegal|"
    "illegale Ausfuhr|unrechtmäßige Ausfuhr|illegaler Export|esportazione illecita|"
    "esportazione illegale|illegale uitvoer|illegale export|تصدير غير مشروع|تصدير غير قانوني|"
    "незаконний вивіз|незаконне вивезення|незаконный вывоз|незаконный экспорт",
    "disappearance": "disappearance|missing|loss|lost|disparition|disparu|perte|desaparición|"
    "desaparecido|pérdida|extravío|Verschwinden|vermisst|Verlust|abhandengekommen|scomparsa|"
    "smarrimento|perdita|vermissing|verdwijning|vermist|verlies|اختفاء|فقدان|مفقود|зникнення|"
    "втрата|зник|исчезновение|утрата|пропажа",
    "other": "other|unknown|autre|inconnu|otro|desconocido|sonstiges|unbekannt|altro|sconosciuto|"
    "overig|onbekend|أخرى|غير معروف|інше|невідомо|другое|неизвестно",
}
CLASSIFICATION_LABELS: dict[str, str] = {
    "public": "public|open|publique|público|pública|öffentlich|offen|pubblico|pubblica|openbaar|"
    "عام|علني|публічний|публічна|відкритий|публичный|открытый",
    "partners": "partners|partner|partners only|partenaires|socios|asociados|Partner|nur Partner|"
    "الشركاء|партнери|партнеры",
    "law_enforcement": "law enforcement|police|police only|forces de l'ordre|police seulement|"
    "fuerzas del orden|policía|Strafverfolgung|Polizei|nur Polizei|forze dell'ordine|polizia|"
    "rechtshandhaving|politie|إنفاذ القانون|الشرطة|правоохоронні органи|поліція|"
    "правоохранительные органы|полиция",
    "restricted": "restricted|confidential|restreint|confidentiel|restringido|confidencial|"
    "eingeschränkt|vertraulich|riservato|ristretto|beperkt|vertrouwelijk|مقيد|سري|"
    "обмежений|конфіденційно|ограниченный|конфиденциально",
    "inventory": "inventory|private inventory|inventaire|inventario|Inventar|inventaris|جرد|"
    "інвентар|инвентарь",
}
# display labels (English; translated where shown)
DISPLAY = {
    "stolen": N_("stolen"),
    "missing": N_("missing"),
    "looted": N_("looted"),
    "seized": N_("seized"),
    "recovered": N_("recovered"),
    "returned": N_("returned"),
    "withdrawn": N_("withdrawn"),
    "theft": N_("theft"),
    "looting": N_("looting"),
    "disappearance": N_("disappearance"),
    "public": N_("public"),
    "partners": N_("partners"),
    "restricted": N_("restricted"),
    "inventory": N_("inventory"),
    "illicitly_exported": N_("illicitly exported"),
    "held": N_("held (inventory)"),
    "illegal_excavation": N_("illegal excavation"),
    "armed_conflict_loss": N_("loss in armed conflict"),
    "illicit_export": N_("illicit export"),
    "law_enforcement": N_("law enforcement"),
    "other": N_("other (see the text)"),
    # claims and object categories of return cases, vetting of organisations
    "illegally_exported": N_("illegally exported"),
    "unlawfully_removed": N_("unlawfully removed"),
    "public_collection": N_("public collection"),
    "monument": N_("monument"),
    "archaeological_site": N_("archaeological site"),
    "ecclesiastical_inventory": N_("ecclesiastical inventory"),
    "indigenous_community": N_("indigenous community"),
    "applied": N_("applied"),
    "vetted": N_("vetted"),
    "suspended": N_("suspended"),
    # kinds of alert
    "theft_or_loss": N_("theft or loss"),
    "heritage_at_risk": N_("heritage at risk"),
    "seizure": N_("seizure"),
    "market_sighting": N_("market sighting"),
    "recovery": N_("recovery"),
    "return": N_("return"),
    # roles of users
    "platform_admin": N_("platform administrator"),
    "org_admin": N_("organisation administrator"),
    "registrar": N_("registrar"),
    "investigator": N_("investigator"),
    "analyst": N_("analyst"),
    "market_user": N_("art-market user"),
    # verdicts of the matching engine
    "match": N_("match"),
    "possible": N_("possible match"),
    "none": N_("no match"),
}
_SEPARATORS = re.compile(r"[\s_\-./]+")


def choice_key(text: str) -> str:
    """The comparison key of a value: folded words joined by one space."""
    return " ".join(fold_word(w) for w in _SEPARATORS.split(text.strip()) if w)


@cache
def _index(kind: str) -> dict[str, str]:
    table = {
        "status": STATUS_LABELS,
        "incident_type": INCIDENT_LABELS,
        "classification": CLASSIFICATION_LABELS,
    }
    index: dict[str, str] = {}
    for code, labels in table[kind].items():
        for label in (code, *labels.split("|")):
            key = choice_key(label)
            if index.get(key, code) != code:
                raise ValueError(f"{kind} label {label!r} names both {index[key]!r} and {code!r}")
            index[key] = code
    return index


def read_choice(text: str | None, kind: str) -> str | None:
    """The code a written value names (``kind``: status, incident_type, classification), or None."""
    if not text:
        return None
    return _index(kind).get(choice_key(text))


def display(code: str | None) -> str:
    """A code as people read it, in the reader's language: 'illicitly exported', not
    'illicitly_exported'."""
    if not code:
        return ""
    return _(DISPLAY[code]) if code in DISPLAY else code.replace("_", " ")


def plain_label(code: object) -> str:
    """A code (status, verdict, role, alert kind) in plain words and the reader's language: the labels
    of heritrace.core.labels first, then the controlled values above (the pages' ``label`` filter,
    the PDFs and the notices)."""
    text = "" if code is None else str(code)
    if text and text not in LABELS and text in DISPLAY:
        return display(text)
    return code_label(code)


def label_message(code: str) -> Message | str:
    """A code's plain label kept as a message, for a notice written later in each reader's language."""
    if code in LABELS:
        return Message(LABELS[code])
    if code in DISPLAY:
        return Message(DISPLAY[code])
    return code_label(code)
