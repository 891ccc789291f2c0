"""General place names a country/city gazetteer lacks: continents, macro-regions, seas, features.

A generic list of well-known geography, plus country aliases and demonyms whose form cannot
be derived from the ISO names.
"""
from __future__ import annotations

# Continents, macro-regions, seas and well-known geographic or disputed areas (English).
REGIONS = """
Africa|Asia|Europe|North America|South America|Latin America|Central America|Oceania|Antarctica
Arctic|Antarctic|Eurasia|Central Asia|South Asia|East Asia|Southeast Asia|South-East Asia|West Asia
North Asia|Asia-Pacific|Asia Pacific|Middle East|Near East|Far East|Western Europe|Eastern Europe
Central Europe|Northern Europe|Southern Europe|Central and Eastern Europe|Scandinavia|Nordic countries
Balkans|Western Balkans|Baltic States|Caucasus|South Caucasus|North Caucasus|Transcaucasia
North Africa|West Africa|East Africa|Central Africa|Southern Africa|Sub-Saharan Africa|Horn of Africa
Sahel|Sahara|Maghreb|Levant|Gulf|Persian Gulf|Arabian Peninsula|Gulf of Aden|Gulf of Guinea
Caribbean|Mediterranean|Black Sea|Caspian Sea|Caspian|Aral Sea|Red Sea|Baltic Sea|North Sea
South China Sea|East China Sea|Sea of Japan|Sea of Azov|Arabian Sea|Bay of Bengal|Indian Ocean
Pacific Ocean|Atlantic Ocean|Arctic Ocean|Pacific|Atlantic|Strait of Hormuz|Bosphorus|Suez Canal
Panama Canal|Siberia|Far North|Urals|Ural Mountains|Himalayas|Alps|Andes|Tian Shan|Tien Shan|Pamir
Pamirs|Altai|Hindu Kush|Karakoram|Caucasus Mountains|Rocky Mountains|Appalachians|Sahara Desert
Gobi|Gobi Desert|Kyzylkum|Karakum|Great Steppe|Lake Baikal|Lake Balkhash|Issyk-Kul|Lake Victoria
Lake Chad|Dead Sea|Nile|Danube|Volga|Rhine|Amazon River|Yangtze|Yellow River|Mekong|Indus|Ganges
Euphrates|Tigris|Amu Darya|Syr Darya|Irtysh|Yenisei|Dnieper|Mississippi|Congo River
Niger River|Zambezi|Jordan River|Thames|Seine
Fergana Valley|Ferghana Valley|Amazon|Golan Heights|Gaza Strip|Gaza|West Bank|Sinai|Sinai Peninsula
Crimea|Donbas|Donbass|Kashmir|Tibet|Xinjiang|Kurdistan|Nagorno-Karabakh|Karabakh|Transnistria
Abkhazia|South Ossetia|Korean Peninsula|Balkan Peninsula|Iberian Peninsula|Indochina|Patagonia
Mesopotamia|Anatolia|Great Lakes|Gulf of Mexico|Gulf of Oman|Gulf of Finland|Gulf of Thailand|Gulf of Bothnia
"""

# The same, as Russian and Kazakh texts write them (nominative; case forms are stemmed).
REGIONS_CYRILLIC = """
Африка|Азия|Европа|Северная Америка|Южная Америка|Латинская Америка|Океания|Антарктида|Арктика
Евразия|Центральная Азия|Средняя Азия|Южная Азия|Восточная Азия|Юго-Восточная Азия|Ближний Восток
Дальний Восток|Западная Европа|Восточная Европа|Центральная Европа|Балканы|Кавказ|Южный Кавказ
Северный Кавказ|Закавказье|Прибалтика|Скандинавия|Персидский залив|Каспийское море|Каспий
Аральское море|Черное море|Красное море|Балтийское море|Средиземное море|Сибирь|Урал|Тянь-Шань
Памир|Алтай|Ферганская долина|Голанские высоты|Сектор Газа|Западный берег|Крым|Донбасс|Кашмир
Тибет|Синьцзян|Нагорный Карабах|Приднестровье|Абхазия|Южная Осетия|Сахель|Магриб|Иссык-Куль
Балхаш|Байкал|Сырдарья|Амударья|Иртыш|Волга|Днепр|Нил|Дунай
Орталық Азия|Еуропа|Азия|Африка|Таяу Шығыс|Кавказ|Каспий
"""

# Common English names of countries whose ISO name differs (ISO code -> names).
COUNTRY_ALIASES = {
    "RU": "Russia", "US": "United States|USA|US|U.S.|U.S.A.|America|United States of America",
    "GB": "Britain|Great Britain|UK|U.K.|United Kingdom|England|Scotland|Wales|Northern Ireland",
    "CD": "Democratic Republic of the Congo|Democratic Republic of Congo|DR Congo|DRC|Congo-Kinshasa",
    "CG": "Republic of the Congo|Congo-Brazzaville|Congo", "CI": "Ivory Coast|Cote d'Ivoire",
    "TR": "Turkey|Türkiye", "IR": "Iran", "KR": "South Korea|Korea", "KP": "North Korea",
    "SY": "Syria", "VN": "Vietnam", "BO": "Bolivia", "TZ": "Tanzania", "MD": "Moldova",
    "LA": "Laos", "PS": "Palestine|Palestinian Territories", "TW": "Taiwan", "VE": "Venezuela",
    "MK": "North Macedonia|Macedonia", "CZ": "Czech Republic|Czechia", "SZ": "Eswatini|Swaziland",
    "MM": "Myanmar|Burma", "CV": "Cape Verde", "FM": "Micronesia", "VA": "Vatican|Holy See",
    "XK": "Kosovo", "BN": "Brunei", "AE": "UAE|Emirates", "NL": "Holland",
    "KZ": "Republic of Kazakhstan", "KG": "Kyrgyz Republic",
}
COUNTRY_ALIASES_CYRILLIC = {
    "RU": "Россия|РФ|Ресей", "US": "США|АҚШ|Америка|Соединенные Штаты", "GB": "Великобритания|Британия",
    "CD": "Демократическая Республика Конго|ДР Конго|ДРК", "CI": "Кот-д'Ивуар",
    "KR": "Южная Корея|Корея", "KP": "КНДР|Северная Корея", "CN": "Китай|КНР|Қытай", "IR": "Иран",
    "KZ": "Республика Казахстан|Қазақстан|Қазақстан Республикасы", "KG": "Кыргызстан|Киргизия|Кыргызская Республика|Қырғызстан",
    "UZ": "Узбекистан|Өзбекстан", "DE": "Германия|ФРГ", "TJ": "Таджикистан|Тәжікстан", "TM": "Туркменистан|Түрікменстан",
    "SY": "Сирия", "TR": "Турция|Түркия", "MD": "Молдова|Молдавия", "VN": "Вьетнам",
    "AE": "ОАЭ", "EH": "Западная Сахара", "CF": "Центральноафриканская Республика|ЦАР",
}

# Display names for countries whose ISO name is not the one news prose uses.
DISPLAY_NAMES = {
    "RU": "Russia", "US": "United States", "GB": "United Kingdom", "TR": "Turkey", "IR": "Iran",
    "CD": "Democratic Republic of the Congo", "KR": "South Korea", "KP": "North Korea", "SY": "Syria",
    "VN": "Vietnam", "BO": "Bolivia", "TZ": "Tanzania", "MD": "Moldova", "LA": "Laos",
    "PS": "Palestine", "TW": "Taiwan", "VE": "Venezuela", "CZ": "Czech Republic", "VA": "Vatican",
}

# Demonyms that no suffix rule derives from the country name.
IRREGULAR_DEMONYMS = {
    "CN": "Chinese", "JP": "Japanese", "FR": "French", "GB": "British|English|Scottish|Welsh",
    "NL": "Dutch", "CH": "Swiss", "TR": "Turkish", "PL": "Polish", "ES": "Spanish", "SE": "Swedish",
    "DK": "Danish", "FI": "Finnish", "IE": "Irish", "GR": "Greek", "TH": "Thai", "PH": "Filipino",
    "VN": "Vietnamese", "LB": "Lebanese", "SD": "Sudanese", "PT": "Portuguese", "MM": "Burmese",
    "NP": "Nepalese|Nepali", "BD": "Bangladeshi", "SA": "Saudi", "AE": "Emirati", "NO": "Norwegian",
    "DE": "German", "US": "American|US|U.S.", "KR": "Korean|South Korean", "KP": "North Korean",
    "IL": "Israeli", "CZ": "Czech", "SK": "Slovak", "AR": "Argentine|Argentinian",
    "CD": "Congolese", "CG": "Congolese", "CI": "Ivorian", "SO": "Somali", "PK": "Pakistani",
    "AZ": "Azerbaijani|Azeri", "BY": "Belarusian", "UA": "Ukrainian", "KZ": "Kazakh|Kazakhstani",
    "KG": "Kyrgyz", "TJ": "Tajik", "TM": "Turkmen", "UZ": "Uzbek", "AF": "Afghan", "IQ": "Iraqi",
    "YE": "Yemeni", "OM": "Omani", "QA": "Qatari", "KW": "Kuwaiti", "BH": "Bahraini", "PE": "Peruvian",
    "MA": "Moroccan", "NZ": "New Zealand", "MG": "Malagasy", "HR": "Croatian", "RS": "Serbian",
    "BE": "Belgian", "HU": "Hungarian", "MN": "Mongolian", "GE": "Georgian", "AM": "Armenian",
}
