"""Column headers of registers as they come, read as Object ID fields: the suggestions of the
import page and of ``heritrace objects import --suggest``.

Headers are compared by the same key as controlled values (case, accents, separators aside), with
a note in brackets left out ("Hauteur (cm)"). A suggestion is only a starting point: the person
importing confirms or changes every column.
"""

from __future__ import annotations

import re

from heritrace.objects.choices import choice_key

# field -> headers registers use for it, in the nine supported languages ("|"-separated)
HEADERS: dict[str, str] = {
    "id": "id|identifier|record id|record number|object id|reference number|numéro|numero|n°|no|nr|"
    "n° de dossier|numéro de dossier|"
    "número|nummer|kenmerk|رقم|رقم السجل|номер|ідентифікатор|идентификатор",
    "inventory_number": "inventory number|inventory no|inv no|accession number|accession no|object number|"
    "numéro d'inventaire|n° d'inventaire|n° inventaire|número de inventario|inventarnummer|inv nr|"
    "numero di inventario|numero inventario|n inventario|inventarisnummer|رقم الجرد|"
    "інвентарний номер|інв номер|инвентарный номер|инв номер",
    "type_of_object": "type|object type|type of object|category|object name|objet|type d'objet|catégorie|"
    "dénomination|tipo|tipo de objeto|objekttyp|objektart|gattung|objektbezeichnung|oggetto|"
    "tipologia|categoria|definizione|objecttype|soort object|objectnaam|نوع|نوع القطعة|тип|"
    "тип предмета|тип об'єкта|категорія|категория|наименование|найменування",
    "title": "title|titre|título|titel|titolo|عنوان|العنوان|назва|название",
    "maker": "maker|artist|author|creator|auteur|artiste|autor|artista|künstler|künstlerin|hersteller|"
    "urheber|autore|kunstenaar|vervaardiger|الفنان|الصانع|автор|художник|майстер|мастер",
    "date_or_period": "date|dating|period|date or period|datation|date de création|époque|fecha|"
    "datación|período|época|datierung|entstehungszeit|epoche|datazione|data|epoca|periodo|"
    "cronologia|datering|periode|التاريخ|الحقبة|дата|датування|період|датировка|период",
    "materials_techniques": "materials|material|medium|technique|materials and techniques|"
    "materials techniques|matériaux|matière et technique|matières et techniques|matière|matériau|"
    "technique|materiales|técnica|materia|"
    "technik|material technik|materiale|tecnica|materia e tecnica|materiaal|techniek|المادة|المواد|"
    "матеріал|техніка|матеріал і техніка|материал|техника|материал и техника",
    "measurements": "measurements|dimensions|size|mesures|dimensiones|medidas|maße|masse|abmessungen|"
    "misure|dimensioni|afmetingen|maten|الأبعاد|المقاسات|розміри|размеры",
    "inscriptions_markings": "inscriptions|inscription|marks|markings|signature|marques|"
    "inscripciones|marcas|inschriften|inschrift|beschriftung|signatur|iscrizioni|iscrizione|"
    "marchi|opschriften|opschrift|merken|نقوش|كتابات|написи|надписи",
    "distinguishing_features": "distinguishing features|features|damage|signes distinctifs|"
    "particularités|rasgos distintivos|señas particulares|besondere merkmale|merkmale|"
    "segni particolari|kenmerken|bijzonderheden|علامات مميزة|особливі прикмети|особые приметы",
    "subject": "subject|iconography|sujet|iconographie|tema|asunto|motiv|thema|ikonographie|soggetto|"
    "iconografia|onderwerp|الموضوع|сюжет",
    "description": "description|notes|remarks|beschreibung|bemerkungen|descripción|observaciones|"
    "descrizione|osservazioni|beschrijving|opmerkingen|الوصف|ملاحظات|опис|примітки|описание|"
    "примечания",
    "country": "country|country of origin|pays|pays d'origine|país|land|staat|herkunftsland|paese|"
    "البلد|الدولة|країна|страна",
    "place_of_origin": "place of origin|origin|provenance|findspot|find spot|lieu d'origine|origine|"
    "lugar de origen|procedencia|herkunft|herkunftsort|fundort|provenienza|luogo di origine|"
    "herkomst|vindplaats|مكان المنشأ|المصدر|походження|місце походження|происхождение|"
    "место происхождения",
    "related_written_material": "bibliography|literature|documentation|bibliographie|bibliografía|"
    "literatur|bibliografia|literatuur|المراجع|література|литература",
    "cross_references": "related objects|see also|objets liés|objetos relacionados|verwandte objekte|"
    "oggetti correlati|gerelateerde objecten",
    "date_documented": "date documented|recorded on|date recorded|date de saisie|fecha de registro|"
    "erfasst am|data di registrazione|datum registratie|تاريخ التوثيق|дата реєстрації|"
    "дата регистрации",
    "status": "status|statut|estado|stato|الحالة|статус",
    "classification": "classification|visibility|access|clasificación|klassifizierung|sichtbarkeit|"
    "classificazione|classificatie|التصنيف|класифікація|классификация",
    "incident.type": "incident type|type of incident|offence|offense|crime|nature of loss|"
    "type d'atteinte|type de délit|infraction|nature des faits|tipo de incidente|delito|deliktart|"
    "straftat|tipo di reato|reato|soort delict|delict|نوع الحادث|نوع الجريمة|вид злочину|"
    "тип інциденту|вид преступления|тип инцидента",
    "incident.date": "incident date|date of theft|theft date|date stolen|date of loss|date of incident|"
    "date du vol|date des faits|fecha del robo|fecha de los hechos|tatzeit|tatdatum|"
    "datum des diebstahls|diebstahlsdatum|data del furto|data dei fatti|datum diefstal|"
    "تاريخ السرقة|تاريخ الحادث|дата крадіжки|дата події|дата кражи|дата происшествия",
    "incident.place": "place of theft|theft location|location|lieu du vol|lieu des faits|"
    "lugar del robo|lugar de los hechos|tatort|luogo del furto|luogo dei fatti|plaats delict|"
    "مكان السرقة|مكان الحادث|місце крадіжки|місце події|место кражи|место происшествия",
    "incident.country": "country of theft|country of loss|pays du vol|país del robo|tatland|"
    "paese del furto|land van diefstal|بلد السرقة|країна крадіжки|страна кражи",
    "incident.circumstances": "circumstances|circonstances|circunstancias|umstände|tathergang|"
    "circostanze|omstandigheden|الظروف|обставини|обстоятельства",
    "incident.reference": "police reference|case number|file number|police file|reference|"
    "référence|numéro de procédure|référence procédure|référence de la procédure|referencia|"
    "número de atestado|aktenzeichen|riferimento|"
    "numero di procedimento|dossiernummer|proces verbaal|المرجع|رقم القضية|номер справи|"
    "номер провадження|номер дела",
    "incident.reporting_organisation": "reported by|reporting organisation|reporting organization|"
    "declarant|déclarant|service enquêteur|denunciante|meldende stelle|dienststelle|segnalato da|"
    "melder|الجهة المبلغة|заявник|заявитель",
    "images": "images|image|photos|photo|pictures|picture|photographs|fichier photo|fotos|foto|"
    "imágenes|bilder|bild|abbildung|immagini|immagine|afbeeldingen|afbeelding|صور|صورة|"
    "фото|світлини|фотографии|фотография",
}
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for target, headers in HEADERS.items():
        for header in (target, *headers.split("|")):
            index.setdefault(choice_key(header), target)
    return index


_HEADER_INDEX = _index()


def suggest_field(header: str) -> str | None:
    """The Object ID field a column header most likely names, or None."""
    key = choice_key(header)
    return _HEADER_INDEX.get(key) or _HEADER_INDEX.get(choice_key(_BRACKETS.sub(" ", header)))


def suggest_mapping(headers: list[str]) -> dict[str, str]:
    """A suggested field for each header that names one; a field is suggested once, for the first
    column that names it ('Date' and 'Date of theft' both name dates: the second is an incident's)."""
    taken: set[str] = set()
    out: dict[str, str] = {}
    for header in headers:
        target = suggest_field(header)
        if target and target not in taken:
            out[header] = target
            taken.add(target)
    return out
