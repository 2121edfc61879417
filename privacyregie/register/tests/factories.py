from privacyregie.register.services import save_activity

# A record that is complete under AVG art. 30(1): every test that creates an activity in force starts here.
BASE = {
    "name": "Testactiviteit", "controller": "College", "controller_address": "Postbus 1, 1000 AA Testdorp",
    "controller_contact": "privacy@test.example.nl", "dpo_contact": "FG, fg@test.example.nl",
    "purposes": "Testen", "legal_basis": "publieke_taak",
    "legal_article": "Wet art. 1", "data_subject_categories": "Inwoners", "personal_data_categories": "NAW",
    "recipients": "Zorgaanbieders", "transfers_outside_eea": "geen",
    "retention_period": "P5Y", "security_measures": "Versleuteling, 2FA", "responsible_body": "college",
}


def activity(organisation, **overrides):
    return save_activity(organisation, {**BASE, **overrides}).activity


def legacy_activity(organisation, **fields):
    """An activity as it may stand in a register migrated from before the art. 30 rule: in force
    but incomplete. Bypasses validation on purpose (``save`` without ``full_clean``)."""
    from privacyregie.register.models import ProcessingActivity, ProcessingActivityVersion

    act = ProcessingActivity.objects.create(organisation=organisation, name=fields.get("name", "Oud"))
    ProcessingActivityVersion.objects.create(activity=act, number=1, **{"name": act.name, "legal_basis": "publieke_taak",
                                                                       **fields})
    return act
