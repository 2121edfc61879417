from privacyregie.register.services import save_activity

BASE = {
    "name": "Testactiviteit", "controller": "College", "purposes": "Testen", "legal_basis": "publieke_taak",
    "legal_article": "Wet art. 1", "data_subject_categories": "Inwoners", "personal_data_categories": "NAW",
    "retention_period": "P5Y", "responsible_body": "college",
}


def activity(organisation, **overrides):
    return save_activity(organisation, {**BASE, **overrides}).activity
