"""General word lists: titles, role nouns, organisation head words, speech verbs, acronyms.

Nothing here is about any particular article; these are the words news prose uses in
English, Russian and Kazakh to introduce people and organisations.
"""
from __future__ import annotations


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Titles written before a name ("President X", "Colonel X", "министр X"); lower-cased.
TITLES = _set("""
president vice-president premier prime minister secretary chancellor king queen prince princess
emperor sultan emir sheikh ambassador envoy consul senator congressman congresswoman
governor mayor deputy chairman chairwoman chairperson chair speaker spokesman spokeswoman
spokesperson director director-general secretary-general commissioner commander chief head
general lieutenant lt. colonel col. major maj. captain capt. sergeant sgt. admiral adm. brigadier
marshal corporal private officer gen. colonel-general lieutenant-general major-general
mr mr. mrs mrs. ms ms. dr dr. prof. professor sir lord lady dame judge justice attorney
rev. reverend father pope bishop archbishop imam rabbi patriarch cardinal
ceo cfo coo cto founder co-founder manager executive president-elect akim
inspector insp insp. staff-insp staff-insp. detective det. constable superintendent supt. sheriff
magistrate coroner ombudsman
президент премьер-министр министр вице-министр замминистра заместитель председатель глава
руководитель директор генеральный секретарь генсек посол спикер депутат сенатор губернатор
мэр аким начальник командующий командир генерал генерал-майор генерал-лейтенант полковник
подполковник майор капитан лейтенант сержант адмирал маршал профессор доктор эксперт
представитель координатор советник помощник пресс-секретарь уполномоченный омбудсмен
премьер канцлер король королева принц шейх эмир
вице-премьер вице-президент лидер кандидат экономист правозащитник правозащитница политик
журналист активист аналитик юрист адвокат бизнесмен предприниматель глава
президенті министрі төрағасы басшысы әкімі генерал полковник
""")

# Nouns that make a phrase a role ("a spokesperson for X", "chief executive officer").
ROLE_NOUNS = TITLES | _set("""
representative spokesperson official analyst expert researcher economist adviser advisor
correspondent editor reporter head leader member founder owner partner lawyer negotiator
coordinator officer president minister chief director professor doctor chairman envoy
strategist diplomat delegate commander analyst fellow lecturer scientist activist
businessman businesswoman colleague candidate campaigner commentator journalist prosecutor
investigator researcher
""")

# Portfolios and services written in lower case inside a role: "Iraqi intelligence chief X",
# "the former protection officer", "Greens Senate leader X".
PORTFOLIOS = _set("""
intelligence police army military defence defense security finance health justice interior
environment education immigration treasury trade opposition party union protection government
federal state national regional district foreign home transport energy agriculture industry
labour labor communications tourism culture sport sports fisheries customs border counter-terrorism
""")

# Words that extend a title: "Deputy Prime Minister", "Foreign Minister", "Chief Executive".
TITLE_MODIFIERS = _set("""
deputy vice acting former first senior chief executive foreign prime general interim
assistant associate managing deputy-chief lead principal supreme special permanent
""")

# Heads of organisation names, lower-cased. Russian and Kazakh heads are stems that
# match every case form ("министерств" -> министерство, министерства, министерстве ...).
ORG_HEADS = _set("""
ministry department centre center committee council agency organization organisation office
academy forces force engineering company corporation corp corp. inc inc. ltd ltd. llc llp plc group
bank university fund commission union association institute institution service services
party parliament assembly senate congress court tribunal times news post herald gazette
journal tribune telegraph wire television radio foundation federation alliance authority
board bureau directorate secretariat mission command army navy police guard guards
holding holdings industries airlines airways railways systems technologies laboratories
society college school hospital exchange programme program conference network
energy power oil gas petroleum mining metals steel motors lines shipping logistics capital partners
ventures investments securities insurance media telecom pharmaceuticals pharma labs solutions
electronics storage resources trust ab ag sa gmbh nv oy asa spa ombudsman taskforce
ferries ferry buses coaches cruises freight cargo transport haulage couriers express
foods beverages breweries brewery distillery farms dairies hotels resorts stores supermarkets
retail markets studios records publishing publishers press builders construction contractors
consulting consultants engineers architects clinic clinics pharmacy laboratory
""")

# Religions: named like bodies, but no organisation.
RELIGIONS = _set("""
islam christianity judaism buddhism hinduism sikhism catholicism protestantism orthodoxy shia sunni
""")
RU_ORG_HEADS = tuple("""
министерств комитет агентств служб совет фонд банк академи университет институт центр
управлени департамент организаци содружеств союз ассоциаци парти парламент мажилис сенат сил
компани корпораци суд прокуратур правительств ведомств администраци акимат
министрлігі комитеті агенттігі қызметі кеңесі қоры банкі академиясы университеті
институты орталығы басқармасы департаменті ұйымы одағы қауымдастығы партиясы
""".split())

# Common words never part of an organisation name at its start.
ORG_STOP = _set("""
the a an this that these those its their our his her in on at of for with from by and or
but as to according when while after before during since under over via between among
""")

# Verbs of saying: "X said", "said X", "заявил X". Forms that are also nouns ("states",
# "reports", "notes") are left out: "Central African states agreed" introduces no one.
SPEECH_VERBS = _set("""
said says told tells added adds noted stated explained explains emphasized emphasised stressed
announced wrote argued believes warned warns insisted confirmed recalled commented declared
urged asked replied suggested predicted acknowledged admitted concluded
заявил заявила сказал сказала отметил отметила сообщил сообщила подчеркнул подчеркнула
рассказал рассказала пояснил пояснила добавил добавила считает уточнил уточнила
""")

# Abbreviations in all capitals that are not organisations (types, units, currencies).
NON_ORG_ACRONYMS = _set("""
ceo cfo coo cto cio gdp gnp vat ngo ngos llc llp plc jsc ojsc pjsc ltd inc tv pr it ai
ok am pm bc ad gmt utc usd eur gbp kzt rub cny jpy chf uah uzs kgs tjs tmt
covid sars hiv aids dna rna pcr ceo mba phd md ba ma bsc msc ipo m&a r&d esg faq
mw gw kw kwh mwh twh km kg lng lpg co2 sms gps usb pdf
us usa uk uae eu un drc prc dprk
ии оао зао тоо ао пао ооо нко ввп ндс
""") - _set("eu un")

# Well-known organisations by acronym: acronym -> full English name. A general list.
KNOWN_ORGS: dict[str, str] = {
    "UN": "United Nations", "CIS": "Commonwealth of Independent States",
    "CSTO": "Collective Security Treaty Organization", "NATO": "North Atlantic Treaty Organization",
    "EU": "European Union", "OSCE": "Organization for Security and Co-operation in Europe",
    "ICRC": "International Committee of the Red Cross", "WHO": "World Health Organization",
    "IMF": "International Monetary Fund", "SCO": "Shanghai Cooperation Organisation",
    "EAEU": "Eurasian Economic Union", "UNICEF": "United Nations Children's Fund",
    "UNESCO": "United Nations Educational, Scientific and Cultural Organization",
    "UNHCR": "United Nations High Commissioner for Refugees",
    "UNDP": "United Nations Development Programme", "WFP": "World Food Programme",
    "WTO": "World Trade Organization", "IAEA": "International Atomic Energy Agency",
    "OPEC": "Organization of the Petroleum Exporting Countries",
    "ASEAN": "Association of Southeast Asian Nations", "OECD":
    "Organisation for Economic Co-operation and Development", "AU": "African Union",
    "OIC": "Organisation of Islamic Cooperation", "FAO": "Food and Agriculture Organization",
    "ILO": "International Labour Organization", "EBRD": "European Bank for Reconstruction and Development",
    "ADB": "Asian Development Bank", "AIIB": "Asian Infrastructure Investment Bank",
    "IMO": "International Maritime Organization", "ICAO": "International Civil Aviation Organization",
    "ECOWAS": "Economic Community of West African States", "CICA":
    "Conference on Interaction and Confidence-Building Measures in Asia",
    "IOM": "International Organization for Migration", "OHCHR":
    "Office of the United Nations High Commissioner for Human Rights",
    "ICC": "International Criminal Court", "ICJ": "International Court of Justice",
    "FBI": "Federal Bureau of Investigation", "CIA": "Central Intelligence Agency",
    "BBC": "British Broadcasting Corporation", "GCC": "Gulf Cooperation Council",
    "APEC": "Asia-Pacific Economic Cooperation", "IFC": "International Finance Corporation",
    "OCHA": "United Nations Office for the Coordination of Humanitarian Affairs",
    "UNEP": "United Nations Environment Programme", "IEA": "International Energy Agency",
    "ООН": "Организация Объединённых Наций", "СНГ": "Содружество Независимых Государств",
    "ОДКБ": "Организация Договора о коллективной безопасности", "НАТО": "Организация Североатлантического договора",
    "ЕС": "Европейский союз", "ОБСЕ": "Организация по безопасности и сотрудничеству в Европе",
    "ШОС": "Шанхайская организация сотрудничества", "ЕАЭС": "Евразийский экономический союз",
    "МВФ": "Международный валютный фонд", "ВОЗ": "Всемирная организация здравоохранения",
    "МККК": "Международный комитет Красного Креста", "ВТО": "Всемирная торговая организация",
    "МАГАТЭ": "Международное агентство по атомной энергии", "ЮНИСЕФ": "Детский фонд ООН",
    "ЕАБР": "Евразийский банк развития",
    "БҰҰ": "Біріккен Ұлттар Ұйымы", "ТМД": "Тәуелсіз Мемлекеттер Достастығы",
    "ҰҚШҰ": "Ұжымдық қауіпсіздік туралы шарт ұйымы",
}

# Acronyms of the same organisation in other languages, so that rows merge across languages.
SAME_ORG = {"ООН": "UN", "БҰҰ": "UN", "СНГ": "CIS", "ТМД": "CIS", "ОДКБ": "CSTO", "ҰҚШҰ": "CSTO",
            "НАТО": "NATO", "ЕС": "EU", "ОБСЕ": "OSCE", "ШОС": "SCO", "ЕАЭС": "EAEU", "МВФ": "IMF",
            "ВОЗ": "WHO", "МККК": "ICRC", "ВТО": "WTO", "МАГАТЭ": "IAEA", "ЮНИСЕФ": "UNICEF",
            "ЮНЕСКО": "UNESCO", "ОПЕК": "OPEC"}

# Capitalised words that start sentences or headings but never names.
CAPITAL_STOP = _set("""
the a an this that these those there here it its in on at of for with from by and or but as to
according when while after before during since under over if then although though however
meanwhile moreover furthermore also still yet so thus therefore today yesterday tomorrow
currently recently initially historically typically overall first second third finally
he she they we you i his her their our my your who what where which why how
mr mr. mrs mrs. ms ms. dr dr. sir madam
monday tuesday wednesday thursday friday saturday sunday
в на и по с из о об от до для за при как это этот эта эти но а также он она они мы
""")
