"""Source texts of the compliance demo, word for word from the project's seed documents.

* ``HAREN_2017``: per norm the finding and the state of affairs ("stand van zaken") of the stoplight
  overview Haren sent its council in autumn 2017 (seed 000). Where the seed gives no state of affairs the
  text is empty. Only the PDF extraction's split words are repaired (see ``tests/seeds.py``); the line
  breaks are the seed's. The status of each norm follows the seed's own finding; the words that decide
  it are noted per norm.
* ``BEL_MEMO_2017``: the six recommendations of the Rekenkamer BEL's short review and the board's
  response to each, from the board's memo to the councils of 28 February 2017 (seed 003), in full.

``tests/test_seed_sources.py`` compares every text here with the seeds.
"""

C, P, N = "compliant", "partially_compliant", "non_compliant"

# ref_id: (status, finding, state of affairs)
HAREN_2017 = {
    # 1: "Er is geen algemeen privacybeleid"
    "1": (N,
           ('Er is geen algemeen privacybeleid voor de gemeente Haren opgesteld, in de notitie ‘Informatieplan Haren '
            '2013-2016’ die door de Raad is vastgesteld, wordt het belang van informatiebeveiliging wel onderkend.\n'
            'Voor wat betreft privacy in het sociaal domein:\n'
            '- In de nota ‘Transitie en Transformatie Sociaal Domein’ van december 2013 komt privacy niet of '
            'nauwelijks aan de orde.\n'
            '- In het beleidsjaarplan Sociaal Domein van 2015 ‘Participerend op de Harense rotonde‘ wordt summier '
            'ingegaan op privacy. Er is geen jaarplan over het jaar 2016 vastgesteld door het College.\n'
            '\n'
            'Er is een reglement ‘verwerking persoonsgegevens sociaal domein’ en een ‘privacy handleiding sociaal '
            'domein’ bestemd voor medewerkers van het wijkteam. Beide documenten zijn van eind 2013/begin 2014 en '
            'sluiten niet meer aan bij de huidige organisatie van de WIJZ-teams.\n'
            'Van latere datum is een document ‘beleidsuitgangspunten privacy sociaal domein WIJZ-teams’. Dit zijn '
            'uitgangspunten die in regionaal verband gehanteerd worden. Het document lijkt niet formeel vastgesteld '
            'te zijn door het College en de Raad (volgens beleidsmedewerker).'),
           ('In het beleidsnota sociaal domein hebben we opgenomen dat we overeenkomstig de regelgeving met privacy '
            'om willen gaan en dat er eind 2016 een privacy protocol is, welke voor het einde van 2017 wordt '
            'geactualiseerd en opgenomen in het gemeente brede protocol dat op dit moment in concept klaar is. Op '
            'operationeel niveau liggen zijn er dus uitgangspunten geformuleerd. Deze worden voor het einde van het '
            'jaar geactualiseerd.\n'
            '\n'
            'In het kader van de voorbereidingen op de Algemene Verordening Gegevensbescherming (AVG) die in mei 2018 '
            'van kracht wordt ook meegenomen welke (beleids)documenten moeten worden geactualiseerd en vastgesteld.')),
    # 2: "Ja"
    "2": (C,
           ('Ja, het regelement ‘verwerking persoonsgegevens’ wordt gebruikt. Jeugdhulp wordt ingekocht door het '
            'RIGG. IN de contracten zijn specifiek afspraken gemaakt over uitwisseling van persoonsgegevens.'),
           ''),
    # 3: "niet gesproken worden over een gestructureerde aanpak"
    "3": (N,
           ('Een externe jurist van Trip advocaten wordt ingeschakeld als er in het sociaal domein vragen zijn rondom '
            'privacy. In de lijn is het borgen van privacy belegd bij de informatiemanager. Er kan echter niet '
            'gesproken worden over een gestructureerde aanpak ter voorkoming van ongewenste omgang met '
            'persoonsgegevens.'),
           ('Er zijn verschillende protocollen, afspraken en regels om de privacy te borgen. Deze zijn ook onderwerp '
            'van gesprek in overleggen. Als gespecialiseerde kennis ontbreekt, wordt deze via Trip ingekocht om zo de '
            'gevraagde normen te waarborgen.')),
    # 4: "Er zijn geen expliciete afspraken"
    "4": (N,
           ('Er zijn geen expliciete afspraken gemaakt tussen het College en de Raad over de wijze van verantwoording '
            'over privacy beleid in het Sociaal Domein. (De adviesraad van Haren adviseert het College in 2016: om '
            'ter verantwoording een gericht onafhankelijk onderzoek (audit) te laten uitvoeren om toezicht te houden '
            'op de uitvoering van de regels rond het verzamelen, opslaan en uitwisselen van persoonsgegevens. Hier is '
            'geen navolging aan gegeven).'),
           ('In het kader van de voorbereidingen op de Algemene Verordening Gegevensbescherming die in mei 2018 van '
            'kracht wordt ook de wijze van verantwoorden tussen college en raad meegenomen. Dit onderdeel wordt '
            'opgenomen in het gemeente brede privacy protocol')),
    # 5: convenant "wel", verantwoording "onbekend"
    "5": (P,
           ('Medewerkers van de gemeenten geven aan dat er wel een convenant gesloten is voor de verwerking van de '
            'persoonsgegevens, maar hoe hierover verantwoording afgelegd wordt is onbekend.'),
           ('Het gaat er om welke partij verwerkingsverantwoordelijk is voor de gegevensverwerking van de burger. '
            'Waar de gemeente verwerkingsverantwoordelijk is, zal in overeenkomsten aandacht worden besteed aan de '
            'nieuwe en strengere eisen van de AVG.\n'
            'Zorgaanbieders hebben in de meeste gevallen een eigen verwerkingsverantwoordelijkheid ten opzichte van '
            'de burger die zij ondersteunen en dienen zich zelfstandig aan de eisen van de AVG te committeren. Waar '
            'nodig wordt verwerkers overeenkomst afgesloten met leveranciers.')),
    # 6: "Ja"
    "6": (C,
           'Ja, deze gedragscode is aanwezig .',
           ''),
    # 7: "Nee"
    "7": (N,
           ('Nee, de leidinggevende van het WIJZ-team informeert medewerkers wel over privacy zaken, er is geen '
            'training ter bevordering van deskundigheid op privacy.'),
           ('Training en deskundigheidsbevordering op het gebied van privacy zal in het kader van scholingsvragen van '
            'het Toegangsteam meegenomen worden.')),
    # 8: toestemming "soms mondeling"; rechten alleen in de beschikking
    "8": (P,
           ('Er wordt vooraf toestemming gevraagd aan cliënten om informatie te delen (soms schriftelijk, soms '
            'mondeling). In de beschikking worden de voorwaarden voor bezwaar - en beroepsmogelijkheden kenbaar '
            'gemaakt.'),
           ''),
    # 9: rollen worden vastgelegd "bij de inrichting" van het regiesysteem, niet in werkprocessen
    "9": (P,
           ('Bij de inrichting van het regiesysteem ( I-Samenleving) worden rollen voor verwerking en inzage van '
            'persoonsgegevens eenduidig vastgelegd.'),
           ''),
    # 10: "Nee"
    "10": (N,
           ('Nee, uit de gesprekken komt naar voren dat er niet volgens een stappenplan gewerkt wordt om afwegingen '
            'voor delen/raadplegen van gegevens te maken. Er worden dan ook niet op een systematische en navolgbare '
            'wijze gegevens hierover vastgelegd.'),
           ('In het kader van de voorbereidingen op de Algemene Verordening Gegevensbescherming (AVG) die in mei 2018 '
            'van kracht wordt ook beoordeeld in hoeverre de werkprocessen moeten worden geactualiseerd. Basis voor de '
            'werkwijze rond het verwerken en delen van gegevens is dat, waar er geen andere grondslag is (zoals '
            'uitvoeren van een wettelijke taak) dit gebeurt op grond van toestemming van de burger en waar nodig in '
            'een afgesloten spreekkamer. Afwijking hiervan wordt gemotiveerd vastgelegd in het systeem (Csam/Isam)')),
    # 11: "Ja"
    "11": (C,
           ('Ja, I-samenleving is afgeschermd voor gebruikers die niet direct bij een casus betrokken zijn. Dat '
            'betekent dat bijvoorbeeld een medewerker van het WMO- team niet kan kijken in het dossier van een casus '
            'uit het Jeugdteam'),
           ''),
    # 12: "Ja", maar "soms toch" gewone e-mail en "winst te behalen" bij fysieke beveiliging
    "12": (P,
           ('Ja, er is een beveiligd digitaal berichtenverkeer VECOZO en een mogelijkheid om bestanden beveiligd te '
            'versturen (KPN-doczend). Omdat dit systeem niet als gebruikersvriendelijk wordt ervaren, wordt in de '
            'praktijk soms toch gebruik gemaakt van het normale e-mailverkeer.\n'
            'Voor wat betreft de fysieke beveiliging zoals de aandacht voor het opbergen van vertrouwelijke '
            'informatie, het afschermen van beeldschermen is winst te behalen.'),
           ('Deze werkwijze is inmiddels gewijzigd omdat nu rechtstreeks via het mailprogramma versleutelde berichten '
            'kunnen worden verstuurd. Dit is zeer gebruiksvriendelijk.\n'
            'Ook zijn er regels ten aanzien van clear-desk policy en het verplicht locken van het beeldscherm bij het '
            'verlaten van het bureau.')),
    # 13: "Nee"
    "13": (N,
           'Nee, de planning is dit in het najaar van 2017 zal worden ingericht.',
           ('Ook dit wordt meegenomen bij de voorbereiding op de AVG. IN de praktijk wordt er wel scherp op gelet. Zo '
            'is bijvoorbeeld een provinciaal datalek in de Jeugdzorg door Haren vastgesteld, gemeld bij de autoriteit '
            'persoonsgegevens en door Haren voorzien van een oplossing.\n'
            '\n'
            'Zie bijlage applicatieoverzicht met koppelingen tussen verschillende applicaties. Deze bijlage laat zien '
            'dat er alleen met beveiligde lijnen tussen applicaties wordt gewerkt.')),
}

# number: (recommendation, the board's response)
BEL_MEMO_2017 = {
    1: (
        ('De aanbeveling van de Rekenkamer BEL uit 2015 over de uitvoering van een GAP- en risicoanalyse met '
         'betrekking tot digitale veiligheid is nog steeds actueel. Vraag het college om de CISO de GAP- en '
         'risicoanalyse te laten uitvoeren en laat u informeren over de uitkomst.'),
        ('In 2016 zijn al veel maatregelen getroffen om voor de hand liggende beveiligingsrisico’s op te pakken. '
         'Zo is een systematische controle op de inrichting van de autorisaties van al onze applicaties door de '
         'functioneel beheerders ingevoerd, is een beveiligde omgeving ingericht voor het samen werken aan '
         'belangrijke bestanden in bijv. projecten en is een gedetailleerde GAP-analyse uitgewerkt. De uitkomsten '
         'van de GAP-analyse 2017 op basis van de landelijke Baseline Informatiebeveiliging Nederlandse Gemeenten '
         '(BIG) worden in het eerste kwartaal van 2017 nog gerapporteerd aan de directieraad, incl. een '
         'risicoanalyse en advisering over de prioritering van te nemen beveiligingsmaatregelen in de vorm van een '
         'informatiebeveiligingsplan 2017 – 2018. De portefeuillehouders van de 3 BEL-gemeenten, zijnde de '
         'burgemeesters, alsmede de DB-portefeuillehouder van de GR BEL Combinatie zullen onmiddellijk daarna '
         'worden geïnformeerd.')),
    2: (
        'Vraag het college om managementinformatie over de risico’s rond privacy en informatiebeveiliging.',
        ('Het inrichten van een Information Security Management System zal een vervolg zijn op de GAP-analyse. Er '
         'is al afgesproken dat managementinformatie over informatiebeveiliging zal worden meegenomen in de '
         'kwartaalrapportages 2017 e.v. als verantwoording aan de directie en het DB en AB van de GR BEL '
         'Combinatie. De raden ontvangen ieder kwartaal de scorecard van de BEL Combinatie. Indien zij andere of '
         'aanvullende indicatoren in die scorecard opgenomen willen zien, kunnen zij hierom verzoeken.')),
    3: (
        ('Stimuleer het ‘veilig’ melden van datalekken. Zorg voor registratie van voorvallen en bijna-voorvallen '
         'met betrekking tot privacy, met uitsluitend als doel om daarvan te leren en te verbeteren. Medewerkers '
         'moeten te allen tijde incidenten kunnen melden zonder risico op persoonlijke consequenties.'),
        ('Deze aanbeveling wordt overgenomen en is voor een belangrijk ook al in de praktijk gerealiseerd. Sinds '
         'augustus 2016 is een nieuwe procedure voor de melding en afhandeling van incidenten en bijna-incidenten '
         'binnen de BEL Combinatie en BEL-gemeenten van kracht. Alle (bijna-incidenten kunnen medewerkers melden '
         'bij:\n'
         '\n'
         '• hun direct leidinggevende (= coördinator van het vakteam);\n'
         '• de beveiligingsfunctionaris / CISO;\n'
         '• de preventiemedewerkers als het om een agressie-incident gaat;\n'
         '• de (externe) vertrouwenspersoon.\n'
         '\n'
         'Alle incidenten moeten via een standaard format geregistreerd worden en hiervoor is ook ondersteunende '
         'software (Topdesk) voor beschikbaar. Het is daarnaast ook mogelijk om een papieren '
         'incidentenmeldingsformulier in te vullen, te ondertekenen en daarna bij de beveiligingsfunctionaris/CISO '
         'in te leveren, die dan zorgt voor de registratie. De afhandeling van incidenten is ook '
         'gestandaardiseerd. Er wordt bij een groter incident altijd een zogenaamde ‘Werkgroep Incident’ '
         'ingesteld, die qua samenstelling maatwerk is, afhankelijk van het type incident. Doel van de werkgroep '
         'is om het incident grondig te analyseren en aanbevelingen te doen voor het nemen van repressieve, '
         'corrigerende en preventieve maatregelen. Repressieve maatregelen zijn vooral van toepassing bij '
         'agressie-, diefstal- en fraude-incidenten en worden ook wel ‘lik-op-stuk’-maatregelen genoemd, dus dan '
         'gaat het bijvoorbeeld om het verbieden van toegang in de gemeentehuizen, c.q. BEL-kantoor van een '
         'agressieve klant, of om het op tijdelijk non-actief zetten van een of meer medewerkers, indien er een '
         'verdenking is van fraude. Corrigerende maatregelen zijn gericht op het herstellen van eventueel '
         'aangerichte schade en het voorkomen van verdere schade. Dit kan dus bij een IT-incident het herstellen '
         'van een back-up van het systeem zijn, het herstellen van het gebouw bij een inbraak of het informeren en '
         'zo nodig adviseren van getroffen inwoners bij een (vermoeden van) een datalek. Ook het verplicht melden '
         'van het (vermeend) datalek aan de Autoriteit Persoonsgegevens is een van de te nemen corrigerende '
         'maatregelen. En preventieve maatregelen richten zich op het in de toekomst voorkomen dat zo’n incident '
         'zich nogmaals kan voordoen. Eigenlijk gaat het daarbij om het aantoonbaar leren van de organisatie '
         'n.a.v. het zich voordoen van een incident. Hierbij gaat het om een heel scala van maatregelen die niet '
         'alleen op papier staan, maar ook in de praktijk gerealiseerd zijn. Met het voldoen aan alle BIG-normen '
         'heeft een organisatie feitelijk al veel preventieve maatregelen genomen, maar omdat informatieveiligheid '
         'continu in beweging is, kunnen zich altijd incidenten blijven voordoen en dan is het de kunst om daarvan '
         'telkens te leren. Ook in de gemeente Huizen / HBEL-uitvoeringsorganisatie is beleid geformuleerd rondom '
         'het veilig melden van datalekken. Alle medewerkers hebben daar via het intranet toegang tot de procedure '
         'voor het melden van datalekken.')),
    4: (
        ('Breid het beveiligd mailen uit tot alle relevante ketenpartners in het sociaal domein. Evalueer de '
         'toepassing van het beveiligd mailen en betrek daarbij zowel de ervaring van de gemeenten als van de '
         'ketenpartners.'),
        ('Deze aanbeveling wordt overgenomen. Data-uitwisseling vindt ook bij de BEL Combinatie en de '
         'BEL-gemeenten op vele manieren plaats, waaronder ook per mail. De standaard mailsoftware, zoals Outlook '
         'is niet veilig genoeg om vertrouwelijke informatie of data die vallen onder de Wet bescherming '
         'persoonsgegevens uit te wisselen. Het veilig maken van de onderlinge datacommunicatie is niet van de een '
         'op andere dag geregeld. In de HBEL-uitvoeringsorganisatie loopt op dit moment een pilot met beveiligd '
         'mailen onder de jeugdconsulenten. Die pilot wordt binnenkort geëvalueerd. Binnen de BEL Combinatie zijn '
         'inmiddels diverse maatregelen doorgevoerd:\n'
         '\n'
         '• uitwisseling van data die vallen onder de Wbp mag nooit per onbeveiligde mail plaatsvinden;\n'
         '• indien mogelijk maken we gebruik van data-uitwisseling over beveiligde lijnen, waarbij de ata dus '
         'tijdens ‘het transport’ digitaal versleuteld (encrypted) worden – we gaan niet eerder over op het werken '
         'met beveiligde lijnen, voordat wij er van overtuigd zijn dat die lijnen ook echt voldoen aan de hiervoor '
         'geldende IT-normen;\n'
         '\n'
         '• data-uitwisseling kan ook plaatsvinden door externen per uitwisseling toegang te geven tot een apart '
         'beveiligde data-omgeving, die door ons is ingericht. Met het gebruik die beveiligde omgeving wordt '
         'inmiddels ook geëxperimenteerd. Deze beveiligde omgeving biedt daarnaast extra garanties voor het samen '
         'werken aan de totstandkoming van één integraal advies of bestand, waarbij alle wijzigingen worden gelogd '
         'en achteraf ook weer ongedaan gemaakt kunnen worden (indien gewenst en nodig). Ook externen kunnen op '
         'initiatief van de verantwoordelijke BEL-medewerker worden uitgenodigd om tijdelijk toegang te hebben tot '
         'die beveiligde werkomgeving. Dat gebeurt dan door middel van een zogenaamde 2-way identificatie methode, '
         'waarbij naast gebruikersnaam en password ook een code per SMS naar een mobiele telefoon wordt verzonden, '
         'die vervolgens ook moet worden ingevoerd.\n'
         '\n'
         '• wij hanteren een inbelbeleid als technische specialisten in onze software moeten werken, zodat vooraf '
         'toestemming moet zijn verkregen voor die toegang en dat ook geregistreerd is.\n'
         '\n'
         '• alle medewerkers leggen na hun aanstelling de ambtseed en ondertekenen een integriteitsverklaring. '
         'Externe inhuurkrachten tekenen altijd een geheimhoudingsverklaring.\n'
         '\n'
         '• wij zijn bezig om met onze leveranciers die persoonsgegevens verwerken zogenaamde '
         'bewerkersovereenkomsten af te sluiten, waarmee afspraken over veilig gebruik van privacygevoelige data '
         'door de leverancier worden gemaakt, incl. het regelen van aansprakelijkheid en het zich verantwoorden '
         'over de uitvoering van beveiligingsmaatregelen.\n'
         '\n'
         '• Het Jeugd- en Gezinsteam Eemnes maakt gebruik van beveiligd mailverkeer met de huisartsen via '
         'Zorgmail.')),
    5: (
        ('Onderzoek de werking en toepassing van het privacyprotocol in de praktijk. Breng in kaart waar de '
         'gemeentelijke uitvoeringsorganisatie knelpunten ervaart.'),
        ('Deze aanbeveling wordt overgenomen. Privacybescherming is onderdeel van het informatieveiligheidsbeleid '
         'van de BEL Combinatie en zal als zodanig ook bij de GAP-analyse worden meegenomen. Wij richten ons '
         'beleid ook op het voldoen aan de Algemene Verordening Gegevensbescherming die door de EU is vastgesteld '
         'en in 2018 van kracht zal worden en dan o.a. de Nederlandse Wbp zal vervangen. Het huidige '
         'privacyprotocol zal ook worden getoetst aan de eisen die de AVG hier aan stelt en zal zo nodig hierop '
         'worden aangepast. Deze actie zal in het beveiligingsplan 2017-2018 worden opgenomen. Ook in de '
         'Uitvoeringsorganisatie HBEL zal werking en toepassing van het privacyprotocol een vast onderdeel worden '
         'van de risicoanalyses.')),
    6: (
        ('Onderzoek in hoeverre er verschillen zijn tussen de privacyreglementen van ketenpartners en het '
         'privacyprotocol van de BEL-gemeenten. Breng in kaart waar de ketenpartners knelpunten ervaren. Leg vast '
         'dat ook voor ketenpartners het privacyprotocol van de BEL-gemeenten als richtlijn geldt.'),
        ('De aanbeveling wordt deels overgenomen. Naar aanleiding van het rapport “De rol van toestemming in het '
         'sociaal domein” van de Autoriteit Persoonsgegevens van april 2016 hebben de gemeenten in de Gooi en '
         'Vechtstreek een onderzoek laten doen naar de grondslagen van de persoonsgegevensverwerking die zij in '
         'het sociaal domein uitvoeren. Het onderzoek is momenteel in de afrondende fase. De uitkomsten van het '
         'onderzoek dienen als basis voor het maken van werkafspraken met samenwerkingspartners. De verwachting is '
         'namelijk dat het onderzoek licht zal werpen op welke persoonsgegevens rechtmatig en proportioneel zijn '
         'bij het uitvoeren van het werk en dus ook in de samenwerking met andere partners. In zoverre wordt de '
         'aanbeveling overgenomen. De aanbeveling wordt niet overgenomen als het gaat om het opleggen van het '
         'privacyprotocol als richtlijn voor de ketenpartners. Wij zijn hierin van mening dat ketenpartners zelf '
         'verantwoordelijk zijn voor de borging van privacy conform de wet, maar gaan hierover wel in overleg, '
         'zoals in de vorige alinea aangegeven.')),
}

# ref_id: (status, finding, state of affairs) -- BEL's reported assessment of 2017, built from the
# board's memo (seed 003): each finding quotes the memo; the status is Privacyregie's reading of that
# quote. Norms the memo does not speak to stay unassessed.
BEL_2017 = {
    "4": (P,
          "Er is al afgesproken dat managementinformatie over informatiebeveiliging zal worden meegenomen in de "
          "kwartaalrapportages 2017 e.v. als verantwoording aan de directie en het DB en AB van de GR BEL Combinatie. "
          "De raden ontvangen ieder kwartaal de scorecard van de BEL Combinatie.",
          ""),
    "5": (P,
          "wij zijn bezig om met onze leveranciers die persoonsgegevens verwerken zogenaamde "
          "bewerkersovereenkomsten af te sluiten, waarmee afspraken over veilig gebruik van privacygevoelige data "
          "door de leverancier worden gemaakt, incl. het regelen van aansprakelijkheid en het zich verantwoorden "
          "over de uitvoering van beveiligingsmaatregelen.",
          ""),
    "12": (P,
           "De standaard mailsoftware, zoals Outlook is niet veilig genoeg om vertrouwelijke informatie of data die "
           "vallen onder de Wet bescherming persoonsgegevens uit te wisselen. Het veilig maken van de onderlinge "
           "datacommunicatie is niet van de een op andere dag geregeld. In de HBEL-uitvoeringsorganisatie loopt op "
           "dit moment een pilot met beveiligd mailen onder de jeugdconsulenten.",
           "Die pilot wordt binnenkort geëvalueerd."),
    "13": (C,
           "Sinds augustus 2016 is een nieuwe procedure voor de melding en afhandeling van incidenten en "
           "bijna-incidenten binnen de BEL Combinatie en BEL-gemeenten van kracht.",
           ""),
}
