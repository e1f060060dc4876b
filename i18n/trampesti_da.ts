<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="da_DK">
<context>
    <name>@default</name>
    <message>
        <location filename="../processing/roundjob.py" line="215"/>
        <source>see the QGIS log</source>
        <translation>se QGIS-loggen</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="326"/>
        <source>No fixes could be read: see the import report in the log</source>
        <translation>Ingen GPS-punkter kunne læses: se indlæsningsrapporten i loggen</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="333"/>
        <source>keep_raw is on: the RAW fixes (device serials, file names, exact tracks) are in {p} (readable by you only). Delete the file as soon as it is not needed.</source>
        <translation>keep_raw er slået til: de RÅ GPS-punkter (enhedsserienumre, filnavne, præcise spor) ligger i {p} (kun læsbar for dig). Slet filen, så snart den ikke længere skal bruges.</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="367"/>
        <source>No withdrawal key file was set: participants of this round cannot withdraw later (set key_file to keep one, apart from the round&apos;s data)</source>
        <translation>Der blev ikke angivet nogen fil til tilbagetrækningsnøglen: deltagerne i denne runde kan ikke trække sig senere (angiv key_file for at gemme en, adskilt fra rundens data)</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="370"/>
        <source>Anonymising left no fixes: check the masks and the night radius</source>
        <translation>Anonymiseringen efterlod ingen GPS-punkter: kontrollér maskerne og natteradius</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="374"/>
        <source>Import report (pseudonyms only)</source>
        <translation>Indlæsningsrapport (kun pseudonymer)</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="374"/>
        <source>One row per tracker file; file names replaced by pseudonym and number.</source>
        <translation>Én række pr. sporingsfil; filnavne er erstattet af pseudonym og nummer.</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="429"/>
        <source>Privacy report</source>
        <translation>Privatlivsrapport</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="377"/>
        <source>Fixes kept and removed per pseudonym and reason; see privacy.html.</source>
        <translation>GPS-punkter bevaret og fjernet pr. pseudonym og årsag; se privacy.html.</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="394"/>
        <source>Hotspots — shareable output</source>
        <translation>Hotspots — output der må deles</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="394"/>
        <source>Aggregate: every polygon is backed by at least K_MIN participants.</source>
        <translation>Aggregat: hver polygon er baseret på mindst K_MIN deltagere.</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="445"/>
        <source>Density (person-hours/ha)</source>
        <translation>Tæthed (persontimer/ha)</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="447"/>
        <source>Hotspots</source>
        <translation>Hotspots</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="453"/>
        <source>Trampesti round {r}</source>
        <translation>Trampesti-runde {r}</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="535"/>
        <source>Legend</source>
        <translation>Signaturforklaring</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="610"/>
        <source>{n} participants. {i} fixes imported, {o} kept after anonymising; removed: {r}.</source>
        <translation>{n} deltagere. {i} GPS-punkter indlæst, {o} bevaret efter anonymisering; fjernet: {r}.</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="652"/>
        <source>none</source>
        <translation>ingen</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="613"/>
        <source>An attacker who knows p places and hours of one person tries to pick that person out of each output. Right guess, against a blind guess (1/n):</source>
        <translation>En angriber, der kender p steder og tidspunkter for én person, forsøger at udpege personen i hvert output. Rigtigt gæt mod et blindt gæt (1/n):</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="615"/>
        <source>Output</source>
        <translation>Output</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="615"/>
        <source>Data label</source>
        <translation>Datamærkning</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="617"/>
        <source>Blind guess</source>
        <translation>Blindt gæt</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="625"/>
        <source>The fix layer in round.gpkg is pseudonymised personal data (GDPR applies): keep it in the project. Density and hotspots are the shareable outputs.</source>
        <translation>Punktlaget i round.gpkg er pseudonymiserede personoplysninger (GDPR gælder): behold det i projektet. Tæthed og hotspots er de output, der må deles.</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="625"/>
        <source>Full privacy report</source>
        <translation>Fuld privatlivsrapport</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="640"/>
        <source>Round</source>
        <translation>Runde</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="641"/>
        <source>Time zone for zone-less times</source>
        <translation>Tidszone for tider uden zone</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="642"/>
        <source>Bandwidth (m)</source>
        <translation>Båndbredde (m)</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="643"/>
        <source>Pixel size (m)</source>
        <translation>Cellestørrelse (m)</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="644"/>
        <source>K_MIN (minimum participants per published figure)</source>
        <translation>K_MIN (mindste antal deltagere bag et offentliggjort tal)</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="645"/>
        <source>Hotspot levels (%)</source>
        <translation>Hotspot-niveauer (%)</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="646"/>
        <source>Same weight for every participant</source>
        <translation>Samme vægt for hver deltager</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="647"/>
        <source>Time resolution (s)</source>
        <translation>Tidsopløsning (s)</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="648"/>
        <source>Spatial resolution (m)</source>
        <translation>Rumlig opløsning (m)</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="649"/>
        <source>Calendar date dropped</source>
        <translation>Kalenderdato fjernet</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="650"/>
        <source>Sleeping places masked (radius m)</source>
        <translation>Sovesteder maskeret (radius m)</translation>
    </message>
    <message>
        <location filename="../processing/roundsites.py" line="168"/>
        <source>no</source>
        <translation>nej</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="651"/>
        <source>Hand-out site trimmed (minutes)</source>
        <translation>Udleveringssted beskåret (minutter)</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="651"/>
        <source>no site given</source>
        <translation>intet sted angivet</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="652"/>
        <source>Mask polygons</source>
        <translation>Maskepolygoner</translation>
    </message>
    <message>
        <location filename="../processing/roundsites.py" line="168"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="181"/>
        <source>{p} has no &apos;participant&apos; field (needed to count distinct participants: k-anonymity)</source>
        <translation>{p} har intet felt 'participant' (nødvendigt for at tælle forskellige deltagere: k-anonymitet)</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="189"/>
        <source>{p} has neither &apos;duration_s&apos; nor &apos;dwell_s&apos;: every point counts as one person-hour</source>
        <translation>{p} har hverken 'duration_s' eller 'dwell_s': hvert punkt tæller som én persontime</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="318"/>
        <source>Importing tracker files (raw fixes stay in memory)</source>
        <translation>Indlæser sporingsfiler (rå GPS-punkter bliver i hukommelsen)</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="338"/>
        <source>Cleaning fixes (speed spikes, duplicates, poor HDOP)</source>
        <translation>Renser GPS-punkter (hastighedsudsving, dubletter, dårlig HDOP)</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="345"/>
        <source>Anonymising</source>
        <translation>Anonymiserer</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="381"/>
        <source>Kernel density (from the anonymised fixes)</source>
        <translation>Kernetæthed (af de anonymiserede GPS-punkter)</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="401"/>
        <source>Stays, places and flows</source>
        <translation>Ophold, opholdssteder og strømme</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="410"/>
        <source>Places — shareable output</source>
        <translation>Opholdssteder — output der må deles</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="410"/>
        <source>Aggregate: every place is backed by at least K_MIN participants.</source>
        <translation>Aggregat: hvert opholdssted er baseret på mindst K_MIN deltagere.</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="413"/>
        <source>Flows — shareable output</source>
        <translation>Strømme — output der må deles</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="413"/>
        <source>Aggregate: every flow is backed by at least K_MIN participants.</source>
        <translation>Aggregat: hver strøm er baseret på mindst K_MIN deltagere.</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="422"/>
        <source>Suitability and the best sites</source>
        <translation>Egnethed og de bedste placeringer</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="458"/>
        <source>Places</source>
        <translation>Opholdssteder</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="458"/>
        <source>Where stays of several participants concentrate; places with fewer than K_MIN participants are not shown.</source>
        <translation>Hvor flere deltageres ophold samler sig; opholdssteder med færre end K_MIN deltagere vises ikke.</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="481"/>
        <source>Public toilets</source>
        <translation>Offentlige toiletter</translation>
    </message>
    <message>
        <location filename="../processing/roundjob.py" line="481"/>
        <source>Schools (excluded)</source>
        <translation>Skoler (udelukket)</translation>
    </message>
    <message>
        <location filename="../processing/roundsites.py" line="115"/>
        <source>Sites 1/2: site suitability</source>
        <translation>Placeringer 1/2: placeringernes egnethed</translation>
    </message>
    <message>
        <location filename="../processing/roundsites.py" line="128"/>
        <source>Sites 2/2: choosing {n} sites</source>
        <translation>Placeringer 2/2: vælger {n} placeringer</translation>
    </message>
    <message>
        <location filename="../processing/roundsites.py" line="140"/>
        <source>Ranked sites</source>
        <translation>Rangordnede placeringer</translation>
    </message>
    <message>
        <location filename="../processing/roundsites.py" line="140"/>
        <source>Scored candidate sites</source>
        <translation>Vurderede mulige placeringer</translation>
    </message>
    <message>
        <location filename="../processing/roundsites.py" line="144"/>
        <source>Sites: one plan per phase</source>
        <translation>Placeringer: én plan pr. fase</translation>
    </message>
    <message>
        <location filename="../processing/roundsites.py" line="153"/>
        <source>Sites per phase</source>
        <translation>Placeringer pr. fase</translation>
    </message>
</context>
<context>
    <name>Anonymise</name>
    <message>
        <location filename="../processing/alg_anonymise.py" line="215"/>
        <source>Fixes</source>
        <translation>GPS-punkter</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="215"/>
        <source>The fix layer from Import tracker files (participant, time_utc…).</source>
        <translation>Punktlaget fra Indlæs sporingsfiler (participant, time_utc …).</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="218"/>
        <source>Mask polygons</source>
        <translation>Maskepolygoner</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="218"/>
        <source>Areas whose fixes are always removed (any CRS), e.g. shelters, homes, treatment centres.</source>
        <translation>Områder, hvis GPS-punkter altid fjernes (vilkårligt CRS), fx herberger, hjem, behandlingssteder.</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="224"/>
        <source>Mask sleeping places</source>
        <translation>Masker sovesteder</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="224"/>
        <source>Detect where each participant spends the night and remove every participant&apos;s fixes near it.</source>
        <translation>Find ud af, hvor hver deltager sover, og fjern alle deltageres GPS-punkter i nærheden.</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="236"/>
        <source>Local time zone (for nights and dropped dates)</source>
        <translation>Lokal tidszone (for nætter og fjernede datoer)</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="236"/>
        <source>IANA name (Europe/Copenhagen) or offset (+01:00); daylight saving time is handled.</source>
        <translation>IANA-navn (Europe/Copenhagen) eller forskydning (+01:00); sommertid håndteres.</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="240"/>
        <source>Hand-out site</source>
        <translation>Udleveringssted</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="240"/>
        <source>Point or polygon where loggers are handed out and returned (any CRS).</source>
        <translation>Punkt eller polygon, hvor loggerne udleveres og afleveres (vilkårligt CRS).</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="253"/>
        <source>Drop the calendar date</source>
        <translation>Fjern kalenderdatoen</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="253"/>
        <source>Keep weekday and local clock time only (times move to a reference week in 2001).</source>
        <translation>Behold kun ugedag og lokalt klokkeslæt (tiderne flyttes til en referenceuge i 2001).</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="268"/>
        <source>Anonymised fixes</source>
        <translation>Anonymiserede GPS-punkter</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="268"/>
        <source>Pseudonymised personal data: fixes with pseudonyms, no source, masked and coarsened.</source>
        <translation>Pseudonymiserede personoplysninger: GPS-punkter med pseudonymer, uden kilde, maskeret og forgrovet.</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="271"/>
        <source>Privacy report table</source>
        <translation>Privatlivsrapport (tabel)</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="271"/>
        <source>One row per pseudonym and reason: fixes kept and removed (pseudonyms only).</source>
        <translation>Én række pr. pseudonym og årsag: GPS-punkter bevaret og fjernet (kun pseudonymer).</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="274"/>
        <source>Privacy report for the DPO (HTML)</source>
        <translation>Privatlivsrapport til databeskyttelsesrådgiveren (HTML)</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="274"/>
        <source>HTML files (*.html)</source>
        <translation>HTML-filer (*.html)</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="274"/>
        <source>What was removed and why, and re-identification attack figures for raw fixes, anonymised fixes and aggregates.</source>
        <translation>Hvad der blev fjernet og hvorfor, samt tal for genidentifikationsangreb på rå GPS-punkter, anonymiserede GPS-punkter og aggregater.</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="279"/>
        <source>Privacy report (JSON)</source>
        <translation>Privatlivsrapport (JSON)</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="283"/>
        <source>JSON files (*.json)</source>
        <translation>JSON-filer (*.json)</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="279"/>
        <source>The same report as machine-readable JSON (pseudonyms and figures only).</source>
        <translation>Samme rapport som maskinlæsbar JSON (kun pseudonymer og tal).</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="283"/>
        <source>Withdrawal key (keep apart!)</source>
        <translation>Tilbagetrækningsnøgle (opbevares adskilt!)</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="283"/>
        <source>Raw key → pseudonym, written readable by you only (mode 0600). Keep it away from the round's data; without it nobody can link pseudonyms back.</source>
        <translation>Rå nøgle → pseudonym, skrevet så kun du kan læse den (tilstand 0600). Opbevar den adskilt fra rundens data; uden den kan ingen føre pseudonymerne tilbage.</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="291"/>
        <source>Fixes read</source>
        <translation>GPS-punkter læst</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="292"/>
        <source>Fixes published</source>
        <translation>GPS-punkter offentliggjort</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="293"/>
        <source>Fixes removed by masks</source>
        <translation>GPS-punkter fjernet af masker</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="294"/>
        <source>Participants</source>
        <translation>Deltagere</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="295"/>
        <source>Data label of the output</source>
        <translation>Outputtets datamærkning</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="309"/>
        <source>Reading fixes</source>
        <translation>Læser GPS-punkter</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="312"/>
        <source>The input needs &apos;participant&apos; and &apos;time_utc&apos; fields: use the output of Import tracker files</source>
        <translation>Inputtet skal have felterne 'participant' og 'time_utc': brug outputtet fra Indlæs sporingsfiler</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="317"/>
        <source>{n} fixes without position or time are left out</source>
        <translation>{n} GPS-punkter uden position eller tid udelades</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="321"/>
        <source>The input holds no fixes with a position and a time</source>
        <translation>Inputtet indeholder ingen GPS-punkter med både position og tid</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="324"/>
        <source>{n} fixes read; masks and coarsening in {c}</source>
        <translation>{n} GPS-punkter læst; masker og forgrovning på {c}</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="332"/>
        <source>Hand-out polygon: radius {r:.0f} m from its centre</source>
        <translation>Udleveringspolygon: radius {r:.0f} m fra midten</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="349"/>
        <source>Pseudonyms, masks and coarsening</source>
        <translation>Pseudonymer, masker og forgrovning</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="404"/>
        <source>{p} participants; {k} of {n} fixes published, {m} removed by masks ({d})</source>
        <translation>{p} deltagere; {k} af {n} GPS-punkter offentliggjort, {m} fjernet af masker ({d})</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="408"/>
        <source>{n} sleeping places detected and masked</source>
        <translation>{n} sovesteder fundet og maskeret</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="415"/>
        <source>Re-identification attack figures</source>
        <translation>Tal for genidentifikationsangreb</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="431"/>
        <source>{name}: attacker knowing 4 points is right {s:.0%} of the time (blind guess {c:.0%})</source>
        <translation>{name}: en angriber, der kender 4 punkter, gætter rigtigt {s:.0%} af gangene (blindt gæt {c:.0%})</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="437"/>
        <source>The withdrawal key links pseudonyms to devices: keep it apart from the round&apos;s data and delete it when withdrawal is no longer possible</source>
        <translation>Tilbagetrækningsnøglen forbinder pseudonymer med enheder: opbevar den adskilt fra rundens data, og slet den, når tilbagetrækning ikke længere er mulig</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="3"/>
        <source>2 Privacy</source>
        <translation>2 Privatliv</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="4"/>
        <source>Anonymise fixes</source>
        <translation>Anonymiser GPS-punkter</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="5"/>
        <source>Attack trials for the report</source>
        <translation>Angrebsforsøg til rapporten</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="6"/>
        <source>Buffer around mask polygons (m)</source>
        <translation>Buffer omkring maskepolygoner (m)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="7"/>
        <source>End of the night window in local clock hours (7 = 07:00).</source>
        <translation>Slutningen af natperioden i lokale klokketimer (7 = 07:00).</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="8"/>
        <source>Fixes of anyone within this distance of a detected sleeping place are removed.</source>
        <translation>GPS-punkter fra alle inden for denne afstand af et fundet sovested fjernes.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="9"/>
        <source>Fixes this close to the hand-out site at the start or end of a track are trimmed.</source>
        <translation>GPS-punkter så tæt på udleveringsstedet i starten eller slutningen af et spor beskæres.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="10"/>
        <source>Fixes within this distance of a mask polygon are removed too.</source>
        <translation>GPS-punkter inden for denne afstand af en maskepolygon fjernes også.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="11"/>
        <source>For the recomputed segment and dwell_s: a longer gap starts a new segment.</source>
        <translation>For de genberegnede segment og dwell_s: et længere hul starter et nyt segment.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="12"/>
        <source>Geo-indistinguishability noise: mean displacement 2/epsilon metres (0.01 = 200 m).</source>
        <translation>Geo-uskelnelighedsstøj: gennemsnitlig forskydning 2/epsilon meter (0,01 = 200 m).</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="13"/>
        <source>Hand-out radius (m)</source>
        <translation>Udleveringsradius (m)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="14"/>
        <source>Laplace noise epsilon (per metre, 0 = off)</source>
        <translation>Laplace-støj epsilon (pr. meter, 0 = fra)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="15"/>
        <source>Makes a fix layer fit to work with, and writes what was done for the data-protection officer.

1. Pseudonyms: every participant key (device serial, track name, file name) is replaced by a pseudonym P01, P02… drawn at random for this run; the 'source' field and every other column that could name a file or device are dropped.
2. Masks: fixes inside MASK_LAYER polygons; fixes of anyone within NIGHT_RADIUS_M of a place where a participant spends the night (detected between NIGHT_START_H and NIGHT_END_H local time in TIMEZONE); and the first/last HANDOUT_TRIM_MIN minutes of each track near the hand-out site (HANDOUT_LAYER, within HANDOUT_RADIUS_M; for a polygon site the radius counts from its centre plus the polygon's own size).
3. Coarsening: times rounded to TIME_RESOLUTION_S, optionally the calendar date dropped (weekday and local clock time kept), positions snapped to a SPATIAL_RESOLUTION_M grid and/or moved by planar Laplace noise (LAPLACE_EPSILON per metre). Masks are checked again on the published positions. dwell_s and segment are recomputed after masking.

The output is still pseudonymised personal data (GDPR applies): keep it in the project. The shareable outputs are the aggregates built from it (density, hotspots), each backed by at least K_MIN participants.

REPORT_HTML measures how often an attacker who knows 1-4 places and hours of a person could pick that person out of the raw fixes, the anonymised fixes and a K_MIN-suppressed aggregate, against blind chance (1/n).

KEY_FILE (optional) links raw keys to pseudonyms, the only such link: it is written readable by its owner only; keep it apart from the round and delete it when the withdrawal period ends (use 'Withdraw a participant' with it).</source>
        <translation>Gør et punktlag klar til brug og skriver, hvad der blev gjort, til databeskyttelsesrådgiveren.

1. Pseudonymer: hver deltagernøgle (enhedsserienummer, spornavn, filnavn) erstattes af et pseudonym P01, P02 … trukket tilfældigt for denne kørsel; feltet 'source' og alle andre kolonner, der kunne navngive en fil eller enhed, fjernes.
2. Masker: GPS-punkter inden for MASK_LAYER-polygoner; GPS-punkter fra alle inden for NIGHT_RADIUS_M af et sted, hvor en deltager sover (fundet mellem NIGHT_START_H og NIGHT_END_H lokal tid i TIMEZONE); og de første/sidste HANDOUT_TRIM_MIN minutter af hvert spor nær udleveringsstedet (HANDOUT_LAYER, inden for HANDOUT_RADIUS_M; for et polygonsted regnes radius fra midten plus polygonens egen størrelse).
3. Forgrovning: tider afrundet til TIME_RESOLUTION_S, eventuelt uden kalenderdato (ugedag og lokalt klokkeslæt bevares), positioner flyttet til et gitter på SPATIAL_RESOLUTION_M og/eller forskudt med plan Laplace-støj (LAPLACE_EPSILON pr. meter). Maskerne kontrolleres igen på de offentliggjorte positioner. dwell_s og segment genberegnes efter maskeringen.

Outputtet er stadig pseudonymiserede personoplysninger (GDPR gælder): behold det i projektet. De output, der må deles, er de aggregater, der bygges af det (tæthed, hotspots), hver baseret på mindst K_MIN deltagere.

REPORT_HTML måler, hvor ofte en angriber, der kender 1-4 steder og tidspunkter for en person, kan udpege personen i de rå GPS-punkter, de anonymiserede GPS-punkter og et K_MIN-undertrykt aggregat, sammenlignet med blind tilfældighed (1/n).

KEY_FILE (valgfri) forbinder rå nøgler med pseudonymer, den eneste sådanne forbindelse: den skrives, så kun ejeren kan læse den; opbevar den adskilt fra runden, og slet den, når tilbagetrækningsperioden slutter (brug 'Tilbagetræk en deltager' med den).</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="16"/>
        <source>Masking radius around sleeping places (m)</source>
        <translation>Maskeringsradius omkring sovesteder (m)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="17"/>
        <source>Maximum gap inside a segment (s)</source>
        <translation>Største hul inden for et segment (s)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="18"/>
        <source>Minimum participants per aggregate (K_MIN)</source>
        <translation>Mindste antal deltagere pr. aggregat (K_MIN)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="19"/>
        <source>Minutes trimmed at the start and end of each track that begins or ends at the hand-out site.</source>
        <translation>Minutter, der beskæres i starten og slutningen af hvert spor, der begynder eller slutter ved udleveringsstedet.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="20"/>
        <source>Night ends at (local hour)</source>
        <translation>Natten slutter kl. (lokal time)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="21"/>
        <source>Night starts at (local hour)</source>
        <translation>Natten begynder kl. (lokal time)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="22"/>
        <source>Positions are snapped to the centres of a grid with cells of this size.</source>
        <translation>Positioner flyttes til midten af gitterceller af denne størrelse.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="23"/>
        <source>Random tries per figure of the re-identification attack (more = steadier figures, slower).</source>
        <translation>Tilfældige forsøg pr. tal i genidentifikationsangrebet (flere = stabilere tal, langsommere).</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="24"/>
        <source>Spatial resolution (m, 0 = off)</source>
        <translation>Rumlig opløsning (m, 0 = fra)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="25"/>
        <source>Start of the night window in local clock hours (22 = 22:00).</source>
        <translation>Starten af natperioden i lokale klokketimer (22 = 22:00).</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="26"/>
        <source>Time resolution (s)</source>
        <translation>Tidsopløsning (s)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="27"/>
        <source>Times are rounded to this many seconds (0 = keep).</source>
        <translation>Tider afrundes til så mange sekunder (0 = behold).</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="28"/>
        <source>Trim at hand-out (minutes)</source>
        <translation>Beskær ved udlevering (minutter)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="29"/>
        <source>Used for the aggregate figures of the privacy report.</source>
        <translation>Bruges til privatlivsrapportens aggregerede tal.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="30"/>
        <source>privacy,anonymise,pseudonym,gdpr,mask,k-anonymity,withdrawal</source>
        <translation>privatliv,anonymisering,pseudonym,gdpr,maske,k-anonymitet,tilbagetrækning</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="45"/>
        <source>published (after coarsening)</source>
        <translation>offentliggjort (efter forgrovning)</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="46"/>
        <source>inside a masked area (MASK_LAYER)</source>
        <translation>inden for et maskeret område (MASK_LAYER)</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="47"/>
        <source>near a sleeping place detected at night</source>
        <translation>nær et sovested fundet om natten</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="48"/>
        <source>first/last minutes at the hand-out site</source>
        <translation>første/sidste minutter ved udleveringsstedet</translation>
    </message>
    <message>
        <location filename="../processing/alg_anonymise.py" line="49"/>
        <source>the participant withdrew</source>
        <translation>deltageren trak sig</translation>
    </message>
</context>
<context>
    <name>CleanFixes</name>
    <message>
        <location filename="../processing/alg_cleanfixes.py" line="95"/>
        <source>Fixes</source>
        <translation>GPS-punkter</translation>
    </message>
    <message>
        <location filename="../processing/alg_cleanfixes.py" line="95"/>
        <source>The fix layer from Import tracker files (participant, time_utc…), any CRS.</source>
        <translation>Punktlaget fra Indlæs sporingsfiler (participant, time_utc …), vilkårligt CRS.</translation>
    </message>
    <message>
        <location filename="../processing/alg_cleanfixes.py" line="98"/>
        <source>How participants move</source>
        <translation>Hvordan deltagerne bevæger sig</translation>
    </message>
    <message>
        <location filename="../processing/alg_cleanfixes.py" line="98"/>
        <source>walk: 15 km/h, jumps of 100 m; bike: 45 km/h, 250 m; car or train: 200 km/h, no jump test.</source>
        <translation>walk: 15 km/t, spring på 100 m; bike: 45 km/t, 250 m; car eller tog: 200 km/t, ingen springtest.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="34"/>
        <source>Clean fixes</source>
        <translation>Rens GPS-punkter</translation>
    </message>
    <message>
        <location filename="../processing/alg_cleanfixes.py" line="121"/>
        <source>The kept fixes in EPSG:4326, dwell_s and segment recomputed, speed_mps filled.</source>
        <translation>De bevarede GPS-punkter i EPSG:4326 med dwell_s og segment genberegnet og speed_mps udfyldt.</translation>
    </message>
    <message>
        <location filename="../processing/alg_cleanfixes.py" line="124"/>
        <source>Cleaning report</source>
        <translation>Rensningsrapport</translation>
    </message>
    <message>
        <location filename="../processing/alg_cleanfixes.py" line="124"/>
        <source>One row per participant and a row &apos;all&apos;: fixes in, out, and removed per reason.</source>
        <translation>Én række pr. deltager og en række 'all': GPS-punkter ind, ud og fjernet pr. årsag.</translation>
    </message>
    <message>
        <location filename="../processing/alg_cleanfixes.py" line="127"/>
        <source>Fixes read</source>
        <translation>GPS-punkter læst</translation>
    </message>
    <message>
        <location filename="../processing/alg_cleanfixes.py" line="128"/>
        <source>Fixes kept</source>
        <translation>GPS-punkter bevaret</translation>
    </message>
    <message>
        <location filename="../processing/alg_cleanfixes.py" line="129"/>
        <source>Fixes removed</source>
        <translation>GPS-punkter fjernet</translation>
    </message>
    <message>
        <location filename="../processing/alg_cleanfixes.py" line="143"/>
        <source>Reading fixes</source>
        <translation>Læser GPS-punkter</translation>
    </message>
    <message>
        <location filename="../processing/alg_cleanfixes.py" line="147"/>
        <source>The input needs &apos;participant&apos; and &apos;time_utc&apos; fields: use the output of Import tracker files</source>
        <translation>Inputtet skal have felterne 'participant' og 'time_utc': brug outputtet fra Indlæs sporingsfiler</translation>
    </message>
    <message>
        <location filename="../processing/alg_cleanfixes.py" line="169"/>
        <source>{n} fixes read; speed limit {v:.0f} km/h, jump test {j}</source>
        <translation>{n} GPS-punkter læst; hastighedsgrænse {v:.0f} km/t, springtest {j}</translation>
    </message>
    <message>
        <location filename="../processing/alg_cleanfixes.py" line="169"/>
        <source>{m:.0f} m</source>
        <translation>{m:.0f} m</translation>
    </message>
    <message>
        <location filename="../processing/alg_cleanfixes.py" line="169"/>
        <source>off</source>
        <translation>fra</translation>
    </message>
    <message>
        <location filename="../processing/alg_cleanfixes.py" line="172"/>
        <source>Cleaning</source>
        <translation>Renser</translation>
    </message>
    <message>
        <location filename="../processing/alg_cleanfixes.py" line="197"/>
        <source>{k} of {n} fixes kept; removed: {d}</source>
        <translation>{k} af {n} GPS-punkter bevaret; fjernet: {d}</translation>
    </message>
    <message>
        <location filename="../processing/alg_cleanfixes.py" line="197"/>
        <source>none</source>
        <translation>ingen</translation>
    </message>
    <message>
        <location filename="../processing/alg_cleanfixes.py" line="201"/>
        <source>speed_mps filled from positions for {n} fixes</source>
        <translation>speed_mps udfyldt ud fra positionerne for {n} GPS-punkter</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="31"/>
        <source>1 Import</source>
        <translation>1 Indlæsning</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="32"/>
        <source>A fix farther than this from both neighbours, whose neighbours are close together, is a spike whatever the speed.</source>
        <translation>Et GPS-punkt længere end dette fra begge naboer, hvis naboer ligger tæt sammen, er et udsving uanset hastigheden.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="33"/>
        <source>A fix reached and left faster than this is a speed spike.</source>
        <translation>Et GPS-punkt, der nås og forlades hurtigere end dette, er et hastighedsudsving.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="35"/>
        <source>Fixes with a larger horizontal dilution of precision are removed as high_hdop (10 and above is rated &apos;fair&apos; to &apos;poor&apos;); fixes without HDOP are kept.</source>
        <translation>GPS-punkter med større vandret præcisionsudvanding fjernes som high_hdop (10 og derover vurderes som 'rimelig' til 'dårlig'); GPS-punkter uden HDOP bevares.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="36"/>
        <source>For the recomputed segment and dwell_s: a longer gap starts a new segment.</source>
        <translation>For de genberegnede segment og dwell_s: et længere hul starter et nyt segment.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="37"/>
        <source>Maximum HDOP (0 = keep all)</source>
        <translation>Største HDOP (0 = behold alle)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="38"/>
        <source>Maximum gap inside a segment (s)</source>
        <translation>Største hul inden for et segment (s)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="39"/>
        <source>Maximum speed (km/h; 0 = from preset, -1 = off)</source>
        <translation>Største hastighed (km/t; 0 = fra forvalg, -1 = fra)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="40"/>
        <source>Out-and-back jump (m; 0 = from preset, -1 = off)</source>
        <translation>Spring ud og tilbage (m; 0 = fra forvalg, -1 = fra)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="41"/>
        <source>Removes fixes that cannot be true from a fix layer (the output of Import tracker files; run it before anonymising) and reports, per participant, how many went and why. For every row of the report fixes_in = fixes_out + the removed counts.

In order, each fix counted once under the first reason that applies: invalid (no time or position), zero_coords (exactly 0,0), duplicate (same participant, time and position), high_hdop (HDOP above MAX_HDOP), trimmed (the first TRIM_START_MIN and last TRIM_END_MIN minutes of each participant's track: the logger hand-out and return) and speed_spike.

Speed spikes are single-fix outliers: the speed from the previous kept fix and to the next one both above MAX_SPEED_KMH (and both jumps longer than 25 m, above ordinary GPS noise), or a pair of fixes jumped into and out of that fast; or a fix more than MAX_JUMP_M from both neighbours while the neighbours are close together (jump out and straight back; Bjørneraas et al. 2010, J. Wildl. Manage. 74:1361), which catches outliers in sparse sampling. The test repeats on the kept fixes until nothing changes. Distances are great-circle (haversine), correct across the antimeridian.

PRESET sets the defaults: walk 15 km/h and 100 m, bike 45 km/h and 250 m, car (or train) 200 km/h with the jump test off. MAX_SPEED_KMH or MAX_JUMP_M of 0 take the preset's value; -1 turns that test off.

dwell_s and segment are recomputed (a new segment after MAX_GAP_S); speed_mps is filled from the positions where the file had none.</source>
        <translation>Fjerner GPS-punkter, der ikke kan være sande, fra et punktlag (outputtet fra Indlæs sporingsfiler; kør det før anonymiseringen) og rapporterer pr. deltager, hvor mange der blev fjernet og hvorfor. For hver række i rapporten gælder fixes_in = fixes_out + de fjernede antal.

I rækkefølge, hvert GPS-punkt talt én gang under den første årsag, der passer: invalid (ingen tid eller position), zero_coords (præcis 0,0), duplicate (samme deltager, tid og position), high_hdop (HDOP over MAX_HDOP), trimmed (de første TRIM_START_MIN og sidste TRIM_END_MIN minutter af hver deltagers spor: udlevering og aflevering af loggeren) og speed_spike.

Hastighedsudsving er enkeltstående afvigere: hastigheden fra det forrige bevarede GPS-punkt og til det næste er begge over MAX_SPEED_KMH (og begge spring længere end 25 m, over almindelig GPS-støj), eller et par GPS-punkter, der springes ind i og ud af så hurtigt; eller et GPS-punkt mere end MAX_JUMP_M fra begge naboer, mens naboerne ligger tæt sammen (spring ud og direkte tilbage; Bjørneraas m.fl. 2010, J. Wildl. Manage. 74:1361), hvilket fanger afvigere ved sparsom sampling. Testen gentages på de bevarede GPS-punkter, indtil intet ændrer sig. Afstande er storcirkelafstande (haversine), korrekte hen over datolinjen.

PRESET sætter standardværdierne: walk 15 km/t og 100 m, bike 45 km/t og 250 m, car (eller tog) 200 km/t uden springtest. MAX_SPEED_KMH eller MAX_JUMP_M på 0 bruger forvalgets værdi; -1 slår testen fra.

dwell_s og segment genberegnes (et nyt segment efter MAX_GAP_S); speed_mps udfyldes ud fra positionerne, hvor filen ikke havde nogen.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="42"/>
        <source>The first minutes of each participant&apos;s track (logger hand-out) are removed.</source>
        <translation>De første minutter af hver deltagers spor (udlevering af loggeren) fjernes.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="43"/>
        <source>The last minutes of each participant&apos;s track (logger return) are removed.</source>
        <translation>De sidste minutter af hver deltagers spor (aflevering af loggeren) fjernes.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="44"/>
        <source>Trim at the end of each track (minutes)</source>
        <translation>Beskær i slutningen af hvert spor (minutter)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="45"/>
        <source>Trim at the start of each track (minutes)</source>
        <translation>Beskær i starten af hvert spor (minutter)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="46"/>
        <source>gps,clean,outlier,spike,speed,hdop,duplicate,trim,filter</source>
        <translation>gps,rens,afviger,udsving,hastighed,hdop,dublet,beskær,filter</translation>
    </message>
</context>
<context>
    <name>CompareRound</name>
    <message>
        <location filename="../processing/alg_compareround.py" line="132"/>
        <source>Earlier round&apos;s density (BEFORE)</source>
        <translation>Tidligere rundes tæthed (BEFORE)</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="132"/>
        <source>Density raster of the earlier round (Kernel density of presence).</source>
        <translation>Tæthedsraster for den tidligere runde (Kernetæthed for tilstedeværelse).</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="135"/>
        <source>Later round&apos;s density (AFTER)</source>
        <translation>Senere rundes tæthed (AFTER)</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="135"/>
        <source>Density raster of the later round, on the same grid (GRID = the earlier raster).</source>
        <translation>Tæthedsraster for den senere runde på samme gitter (GRID = det tidligere raster).</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="140"/>
        <source>Hotspot polygons with level_pct (output of Hotspot polygons). Give both or neither.</source>
        <translation>Hotspot-polygoner med level_pct (output fra Hotspot-polygoner). Angiv begge eller ingen.</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="143"/>
        <source>Levels (% of presence)</source>
        <translation>Niveauer (% af tilstedeværelsen)</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="143"/>
        <source>Hotspot levels compared when no hotspot polygons are given, e.g. 50,75,90.</source>
        <translation>Hotspot-niveauer, der sammenlignes, når der ikke er angivet hotspot-polygoner, fx 50,75,90.</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="146"/>
        <source>Sites</source>
        <translation>Placeringer</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="146"/>
        <source>Shelter sites (e.g. chosen in the earlier round) whose service is compared.</source>
        <translation>Placeringer til værestedet (fx valgt i den tidligere runde), hvis dækning sammenlignes.</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="153"/>
        <source>Fixes (or stays) with &apos;participant&apos; and dwell_s (or duration_s): adds the share of participants served. Give both or neither.</source>
        <translation>GPS-punkter (eller ophold) med 'participant' og dwell_s (eller duration_s): tilføjer andelen af betjente deltagere. Angiv begge eller ingen.</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="159"/>
        <source>Change (person-hours/ha)</source>
        <translation>Ændring (persontimer/ha)</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="159"/>
        <source>Float32 GeoTIFF: AFTER − BEFORE; nodata where either round is suppressed.</source>
        <translation>Float32 GeoTIFF: AFTER − BEFORE; nodata, hvor en af runderne er undertrykt.</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="162"/>
        <source>Comparison report</source>
        <translation>Sammenligningsrapport</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="162"/>
        <source>Table with metric, level, before, after, change.</source>
        <translation>Tabel med mål, niveau, før, efter, ændring.</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="165"/>
        <source>Comparison report (HTML)</source>
        <translation>Sammenligningsrapport (HTML)</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="165"/>
        <source>HTML files (*.html)</source>
        <translation>HTML-filer (*.html)</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="165"/>
        <source>Optional HTML page with the same figures, for the planners&apos; meeting.</source>
        <translation>Valgfri HTML-side med de samme tal til planlæggermødet.</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="169"/>
        <source>Change cells published</source>
        <translation>Offentliggjorte ændringsceller</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="174"/>
        <source>The hotspot layer has no &apos;level_pct&apos; field</source>
        <translation>Hotspot-laget har intet felt 'level_pct'</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="206"/>
        <source>The fixes have no &apos;participant&apos; field</source>
        <translation>GPS-punkterne har intet felt 'participant'</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="225"/>
        <source>BEFORE is in {a} and AFTER in {b}: both rounds must be on the same grid (run Kernel density for the later round with GRID = the earlier round&apos;s raster)</source>
        <translation>BEFORE er i {a} og AFTER i {b}: begge runder skal være på samme gitter (kør Kernetæthed for den senere runde med GRID = den tidligere rundes raster)</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="234"/>
        <source>Change of presence</source>
        <translation>Ændring i tilstedeværelse</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="242"/>
        <source>{n} change cells published, {w} withheld (suppressed in one round)</source>
        <translation>{n} ændringsceller offentliggjort, {w} tilbageholdt (undertrykt i én runde)</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="258"/>
        <source>Hotspot overlap</source>
        <translation>Overlap mellem hotspots</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="262"/>
        <source>Give the hotspots of both rounds, or of neither</source>
        <translation>Angiv hotspots for begge runder eller for ingen</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="276"/>
        <source>{lv:g} % hotspot: Jaccard {j}, centre moved {d} m</source>
        <translation>{lv:g} %-hotspot: Jaccard {j}, midten flyttet {d} m</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="283"/>
        <source>Presence served by the sites</source>
        <translation>Tilstedeværelse betjent af placeringerne</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="290"/>
        <source>Give the fixes of both rounds, or of neither</source>
        <translation>Angiv GPS-punkterne for begge runder eller for ingen</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="308"/>
        <source>Share of presence within {r:g} m of the sites: {b} before, {a} after</source>
        <translation>Andel af tilstedeværelsen inden for {r:g} m af placeringerne: {b} før, {a} efter</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="342"/>
        <source>Before: {b}. After: {a}. Service radius {r:g} m; figures backed by fewer than {k} participants are withheld.</source>
        <translation>Før: {b}. Efter: {a}. Betjeningsradius {r:g} m; tal baseret på færre end {k} deltagere tilbageholdes.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="47"/>
        <source>5 Rounds</source>
        <translation>5 Runder</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="48"/>
        <source>Compare two rounds</source>
        <translation>Sammenlign to runder</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="49"/>
        <source>Compares a later round (AFTER) with an earlier one (BEFORE).

Change raster: AFTER minus BEFORE in person-hours per hectare, on the same grid (run Kernel density for the later round with GRID = the earlier raster). Red is a gain, blue a loss. Privacy: a change cell is published only where both rounds published the cell; a cell suppressed below K_MIN in either round stays nodata, so a place left completely shows as nodata, not as a loss — the hotspot overlap and sites figures show that.

Hotspot overlap: for each level the Jaccard index |A∩B| / |A∪B| of the two rounds' hotspot areas (1 = same place, 0 = no overlap; Jaccard 1912), from the hotspot polygons if given (their level_pct), else from the percent-volume masks of the two rasters at LEVELS; and the distance the hotspot's centre moved.

Sites: with SITES (e.g. the sites chosen in the earlier round) the share of each round's presence within SERVICE_RADIUS_M of a site — how well the earlier sites still serve the group. With BEFORE_FIXES / AFTER_FIXES (weighted by dwell_s) the share of participants served is added; figures backed by fewer than K_MIN participants (but more than none) are withheld.

REPORT rows: metric, level (for hotspot rows), before, after, change (after − before; for hotspot_jaccard and hotspot_centroid_shift_m the value itself).</source>
        <translation>Sammenligner en senere runde (AFTER) med en tidligere (BEFORE).

Ændringsraster: AFTER minus BEFORE i persontimer pr. hektar på samme gitter (kør Kernetæthed for den senere runde med GRID = det tidligere raster). Rød er en stigning, blå et fald. Privatliv: en ændringscelle offentliggøres kun, hvor begge runder offentliggjorde cellen; en celle, der er undertrykt under K_MIN i en af runderne, forbliver nodata, så et sted, der er helt forladt, vises som nodata, ikke som et fald — det viser hotspot-overlappet og placeringstallene.

Overlap mellem hotspots: for hvert niveau Jaccard-indekset |A∩B| / |A∪B| for de to runders hotspot-områder (1 = samme sted, 0 = intet overlap; Jaccard 1912), ud fra hotspot-polygonerne hvis de er angivet (deres level_pct), ellers ud fra de to rastres procent-volumen-masker ved LEVELS; samt hvor langt hotspottets midte har flyttet sig.

Placeringer: med SITES (fx placeringerne valgt i den tidligere runde) andelen af hver rundes tilstedeværelse inden for SERVICE_RADIUS_M af en placering — hvor godt de tidligere placeringer stadig betjener gruppen. Med BEFORE_FIXES / AFTER_FIXES (vægtet med dwell_s) tilføjes andelen af betjente deltagere; tal baseret på færre end K_MIN deltagere (men flere end ingen) tilbageholdes.

REPORT-rækker: metric, level (for hotspot-rækker), before, after, change (after − before; for hotspot_jaccard og hotspot_centroid_shift_m selve værdien).</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="50"/>
        <source>Minimum participants per figure (K_MIN)</source>
        <translation>Mindste antal deltagere pr. tal (K_MIN)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="51"/>
        <source>Presence within this distance of a site counts as served.</source>
        <translation>Tilstedeværelse inden for denne afstand af en placering regnes som betjent.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="52"/>
        <source>Served figures backed by fewer distinct participants are withheld.</source>
        <translation>Betjeningstal baseret på færre forskellige deltagere tilbageholdes.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="53"/>
        <source>Service radius (m)</source>
        <translation>Betjeningsradius (m)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="54"/>
        <source>compare,change,round,difference,jaccard,overlap,monitoring,sites served</source>
        <translation>sammenlign,ændring,runde,forskel,jaccard,overlap,overvågning,betjente placeringer</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="138"/>
        <source>Earlier round&apos;s hotspots</source>
        <translation>Tidligere rundes hotspots</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="138"/>
        <source>Later round&apos;s hotspots</source>
        <translation>Senere rundes hotspots</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="151"/>
        <source>Earlier round&apos;s fixes</source>
        <translation>Tidligere rundes GPS-punkter</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="151"/>
        <source>Later round&apos;s fixes</source>
        <translation>Senere rundes GPS-punkter</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="345"/>
        <source>metric</source>
        <translation>mål</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="345"/>
        <source>level</source>
        <translation>niveau</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="345"/>
        <source>before</source>
        <translation>før</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="345"/>
        <source>after</source>
        <translation>efter</translation>
    </message>
    <message>
        <location filename="../processing/alg_compareround.py" line="345"/>
        <source>change</source>
        <translation>ændring</translation>
    </message>
</context>
<context>
    <name>DetectStays</name>
    <message>
        <location filename="../processing/alg_detectstays.py" line="212"/>
        <source>Fixes</source>
        <translation>GPS-punkter</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="212"/>
        <source>Point layer with &apos;participant&apos; and &apos;time_utc&apos; fields (output of Import tracker files or Anonymise); &apos;round&apos; and &apos;dwell_s&apos; are used when present. Any CRS.</source>
        <translation>Punktlag med felterne 'participant' og 'time_utc' (output fra Indlæs sporingsfiler eller Anonymiser); 'round' og 'dwell_s' bruges, hvis de findes. Vilkårligt CRS.</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="216"/>
        <source>Movement preset</source>
        <translation>Bevægelsesforvalg</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="216"/>
        <source>walk: 50 m / 10 min / 30 min; bike: 100 m / 10 min / 30 min; car: 150 m / 15 min / 60 min. Fills DISTANCE_M, MIN_DURATION_MIN and MAX_GAP_MIN where they are 0.</source>
        <translation>walk: 50 m / 10 min / 30 min; bike: 100 m / 10 min / 30 min; car: 150 m / 15 min / 60 min. Udfylder DISTANCE_M, MIN_DURATION_MIN og MAX_GAP_MIN, hvor de er 0.</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="244"/>
        <source>Stays</source>
        <translation>Ophold</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="244"/>
        <source>One point per stay at its centroid: participant, round, arrive_utc, leave_utc, duration_s, n_fixes, place_id, open_ended, open_start. Personal data.</source>
        <translation>Ét punkt pr. ophold i dets tyngdepunkt: participant, round, arrive_utc, leave_utc, duration_s, n_fixes, place_id, open_ended, open_start. Personoplysninger.</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="248"/>
        <source>Places</source>
        <translation>Opholdssteder</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="248"/>
        <source>Places of K_MIN or more participants: place_id, n_participants, n_visits, person_hours.</source>
        <translation>Opholdssteder med K_MIN eller flere deltagere: place_id, n_participants, n_visits, person_hours.</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="251"/>
        <source>Trips</source>
        <translation>Ture</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="251"/>
        <source>Lines along the fixes between consecutive stays: participant, round, start_utc, end_utc, length_m, from_place, to_place. Personal data.</source>
        <translation>Linjer langs GPS-punkterne mellem på hinanden følgende ophold: participant, round, start_utc, end_utc, length_m, from_place, to_place. Personoplysninger.</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="255"/>
        <source>Flows between places</source>
        <translation>Strømme mellem opholdssteder</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="258"/>
        <source>Optional: place centroid to place centroid, with n_participants and n_trips; below K_MIN left out.</source>
        <translation>Valgfri: fra opholdsstedets midte til opholdsstedets midte med n_participants og n_trips; under K_MIN udeladt.</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="260"/>
        <source>Movement density (person-hours/ha)</source>
        <translation>Bevægelsestæthed (persontimer/ha)</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="262"/>
        <source>Optional float32 GeoTIFF: density of the fixes in no stay (desire lines), cells below K_MIN nodata.</source>
        <translation>Valgfri float32 GeoTIFF: tæthed af GPS-punkter uden for ophold (ønskestier), celler under K_MIN er nodata.</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="264"/>
        <source>Number of stays</source>
        <translation>Antal ophold</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="265"/>
        <source>Number of places published</source>
        <translation>Antal offentliggjorte opholdssteder</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="266"/>
        <source>Places suppressed below K_MIN</source>
        <translation>Opholdssteder undertrykt under K_MIN</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="267"/>
        <source>Number of trips</source>
        <translation>Antal ture</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="268"/>
        <source>Flows suppressed below K_MIN</source>
        <translation>Strømme undertrykt under K_MIN</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="269"/>
        <source>CRS of the outputs</source>
        <translation>Outputtenes CRS</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="283"/>
        <source>Stays: {d:g} m, at least {m:g} min, gaps up to {g:g} min ({p}); places within {r:g} m; K_MIN = {k}</source>
        <translation>Ophold: {d:g} m, mindst {m:g} min, huller op til {g:g} min ({p}); opholdssteder inden for {r:g} m; K_MIN = {k}</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="287"/>
        <source>Reading fixes</source>
        <translation>Læser GPS-punkter</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="294"/>
        <source>The input has no &apos;{f}&apos; field: use the output of Import tracker files</source>
        <translation>Inputtet har intet felt '{f}': brug outputtet fra Indlæs sporingsfiler</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="299"/>
        <source>{n} fixes without a position or time are left out</source>
        <translation>{n} GPS-punkter uden position eller tid udelades</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="307"/>
        <source>No fixes with a position and a time in the input</source>
        <translation>Ingen GPS-punkter med både position og tid i inputtet</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="325"/>
        <source>The fixes cross the antimeridian: distances measured on the sphere</source>
        <translation>GPS-punkterne krydser datolinjen: afstande måles på kuglen</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="332"/>
        <source>Detecting stays</source>
        <translation>Finder ophold</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="357"/>
        <source>Output CRS: {c}</source>
        <translation>Outputtets CRS: {c}</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="368"/>
        <source>Clustering places (K_MIN = {k})</source>
        <translation>Samler opholdssteder (K_MIN = {k})</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="377"/>
        <source>{s} stays of {p} participants; {n} places published, {q} suppressed below K_MIN; {t} trips; {f} flows published, {g} suppressed</source>
        <translation>{s} ophold fra {p} deltagere; {n} opholdssteder offentliggjort, {q} undertrykt under K_MIN; {t} ture; {f} strømme offentliggjort, {g} undertrykt</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="384"/>
        <source>Writing stays, places and trips</source>
        <translation>Skriver ophold, opholdssteder og ture</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="398"/>
        <source>Movement density</source>
        <translation>Bevægelsestæthed</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="493"/>
        <source>No moving fixes: the movement density is empty</source>
        <translation>Ingen GPS-punkter i bevægelse: bevægelsestætheden er tom</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="501"/>
        <source>The movement grid would have {n} cells: use a larger pixel size</source>
        <translation>Bevægelsesgitteret ville få {n} celler: brug en større cellestørrelse</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="509"/>
        <source>Movement density: {n} cells suppressed (fewer than {k} participants)</source>
        <translation>Bevægelsestæthed: {n} celler undertrykt (færre end {k} deltagere)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="55"/>
        <source>3 Hotspots</source>
        <translation>3 Hotspots</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="56"/>
        <source>A longer gap without fixes ends the stay (open_ended).</source>
        <translation>Et længere hul uden GPS-punkter afslutter opholdet (open_ended).</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="57"/>
        <source>Detect stays, places and trips</source>
        <translation>Find ophold, opholdssteder og ture</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="59"/>
        <source>Fixes within this distance of a stay&apos;s first fix belong to it.</source>
        <translation>GPS-punkter inden for denne afstand af et opholds første punkt hører til det.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="60"/>
        <source>Maximum signal gap inside a stay (min, 0 = from preset)</source>
        <translation>Største signalhul i et ophold (min, 0 = fra forvalg)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="61"/>
        <source>Minimum participants per place or flow (K_MIN)</source>
        <translation>Mindste antal deltagere pr. opholdssted eller strøm (K_MIN)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="62"/>
        <source>Minimum stay duration (min, 0 = from preset)</source>
        <translation>Korteste opholdsvarighed (min, 0 = fra forvalg)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="63"/>
        <source>Movement density: kernel radius (m)</source>
        <translation>Bevægelsestæthed: kerneradius (m)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="64"/>
        <source>Movement density: pixel size (m)</source>
        <translation>Bevægelsestæthed: cellestørrelse (m)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="65"/>
        <source>Place radius (m, 0 = stay distance)</source>
        <translation>Radius for opholdssteder (m, 0 = opholdsafstand)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="66"/>
        <source>Places, flows and movement cells with fewer distinct participants are not published.</source>
        <translation>Opholdssteder, strømme og bevægelsesceller med færre forskellige deltagere offentliggøres ikke.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="67"/>
        <source>Quartic kernel radius of the movement density.</source>
        <translation>Quartic-kerneradius for bevægelsestætheden.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="68"/>
        <source>Shorter stops are not stays.</source>
        <translation>Kortere stop er ikke ophold.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="69"/>
        <source>Side of a cell of the movement density in metres.</source>
        <translation>Siden af en celle i bevægelsestætheden i meter.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="70"/>
        <source>Stay distance (m, 0 = from preset)</source>
        <translation>Opholdsafstand (m, 0 = fra forvalg)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="71"/>
        <source>Stays whose centroids are this close are one place; also the buffer of place polygons.</source>
        <translation>Ophold, hvis tyngdepunkter ligger så tæt, er ét opholdssted; også bufferen for opholdsstedernes polygoner.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="72"/>
        <source>stay,staypoint,stop,place,trip,flow,desire line,movement,od,trajectory</source>
        <translation>ophold,opholdspunkt,stop,opholdssted,tur,strøm,ønskesti,bevægelse,od,bane</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="227"/>
        <source>Refine stay edges to where walking stops and starts</source>
        <translation>Forfin opholdenes kanter til der, hvor gangen stopper og begynder</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="230"/>
        <source>Off: a stay runs from the first to the last fix inside the window, walk-in fixes included.</source>
        <translation>Fra: et ophold går fra det første til det sidste punkt inden for vinduet, punkterne på vejen ind medregnet.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="58"/>
        <source>Finds where each participant stayed (stays), the places several participants share (places), the movements between stays (trips), the place-to-place flows and, optionally, a density of movement (where people walk, not where they sit).

Stays: sliding window of Li et al. (2008, 'Mining user similarity based on location history'), as trackintel's generate_staypoints: a stay is a run of fixes within DISTANCE_M of its first fix lasting at least MIN_DURATION_MIN, from its first to its last fix inside. Signal gaps up to MAX_GAP_MIN inside a stay are allowed (indoors); a longer gap, or the end of a track, ends the stay and flags it open_ended (its real end was not observed; open_start likewise for the beginning). Short excursions caused by GPS noise are bridged. Stays of one participant across midnight are one stay. Fixes need not be sorted.

REFINE_EDGES (on by default) then moves each stay's start to the first fix after the person stopped walking, and its end to the last fix before they set off: the window alone starts a stay at the first fix of the walk in that is within DISTANCE_M, up to a minute early when fixes come every few seconds. The stop is fitted as the kink of a straight walk that ends at rest, under a GPS-error model learnt from each participant's own fixes at rest; an edge moves only when the fit is clearly better, and a stay never becomes shorter than MIN_DURATION_MIN. Where the logger recorded its own speed over ground (speed_mps: NMEA RMC, most logger CSVs, FIT), that speed also tells, fix by fix, walking from sitting, and the edges land on the exact fix far more often. The speed is checked against the positions per participant and per edge, and a speed that contradicts them (smoothed, misaligned, noise) is not used; speeds that Clean fixes filled in from positions are recognised and not used either.

PRESET walk (50 m, 10 min, 30 min), bike (100 m, 10 min, 30 min) or car (150 m, 15 min, 60 min) fills every threshold left at 0; a value you give (&gt; 0) always wins. PLACE_RADIUS_M = 0 uses the stay distance.

Places: stay centroids of all participants clustered by density (DBSCAN, Ester et al. 1996) within PLACE_RADIUS_M; polygons are the hull of the member stays buffered by the radius. Trips join consecutive stays of a participant along the fixes between them (a trip with a gap longer than MAX_GAP_MIN is left out). Flows count trips between published places (place centroid to place centroid).

Movement density: kernel density (quartic, radius BANDWIDTH_M) of the fixes in no stay, weighted by dwell_s, in person-hours per hectare, as Kernel density of presence.

Coordinates: outputs are in the input's CRS if it is projected, else in the local UTM zone (EPSG:25832 for Denmark), so that lengths and areas read in metres, as the density raster. A geographic input crossing the antimeridian is measured on the sphere (haversine) and written in the UTM zone of its centre.

Privacy: stays and trips are per participant — pseudonymised personal data, like the fixes: keep them inside the project. Places, flows and the movement density are aggregates: each one counts distinct participants and is suppressed below K_MIN (k-anonymity); a stay or trip whose place is suppressed has an empty place_id / from_place / to_place.</source>
        <translation>Finder, hvor hver deltager opholdt sig (ophold), de steder flere deltagere deler (opholdssteder), bevægelserne mellem ophold (ture), strømmene mellem opholdssteder og eventuelt en bevægelsestæthed (hvor folk går, ikke hvor de sidder).

Ophold: glidende vindue efter Li m.fl. (2008, 'Mining user similarity based on location history') som trackintels generate_staypoints: et ophold er en række GPS-punkter inden for DISTANCE_M af det første punkt, der varer mindst MIN_DURATION_MIN, fra det første til det sidste punkt indenfor. Signalhuller op til MAX_GAP_MIN inden for et ophold er tilladt (indendørs); et længere hul eller slutningen af et spor afslutter opholdet og markerer det open_ended (dets reelle slutning blev ikke observeret; open_start tilsvarende for begyndelsen). Korte udsving forårsaget af GPS-støj bygges der bro over. Ophold for én deltager hen over midnat er ét ophold. GPS-punkterne behøver ikke være sorteret.

REFINE_EDGES (til som standard) flytter derefter hvert opholds start til det første punkt, efter at personen holdt op med at gå, og dets slutning til det sidste punkt, før vedkommende gik igen: vinduet alene starter et ophold ved det første punkt på vejen ind, der ligger inden for DISTANCE_M, op til et minut for tidligt, når punkterne kommer med få sekunders mellemrum. Stoppet findes som knækket i en lige gang, der ender i ro, under en model for GPS-fejlen lært af hver deltagers egne punkter i ro; en kant flyttes kun, når tilpasningen er klart bedre, og et ophold bliver aldrig kortere end MIN_DURATION_MIN. Hvor loggeren har registreret sin egen hastighed over jorden (speed_mps: NMEA RMC, de fleste logger-CSV-filer, FIT), skelner den hastighed også, punkt for punkt, mellem at gå og at sidde, og kanterne rammer langt oftere det præcise punkt. Hastigheden kontrolleres mod positionerne for hver deltager og hver kant, og en hastighed, der modsiger dem (udglattet, forskudt, støj), bruges ikke; hastigheder, som Rens GPS-punkter har udfyldt ud fra positionerne, genkendes og bruges heller ikke.

PRESET walk (50 m, 10 min, 30 min), bike (100 m, 10 min, 30 min) eller car (150 m, 15 min, 60 min) udfylder hver tærskel, der står på 0; en værdi, du angiver (&gt; 0), har altid forrang. PLACE_RADIUS_M = 0 bruger opholdsafstanden.

Opholdssteder: opholdenes tyngdepunkter for alle deltagere samlet efter tæthed (DBSCAN, Ester m.fl. 1996) inden for PLACE_RADIUS_M; polygonerne er hylsteret om medlemsopholdene med en buffer på radius. Ture forbinder en deltagers på hinanden følgende ophold langs GPS-punkterne imellem dem (en tur med et hul længere end MAX_GAP_MIN udelades). Strømme tæller ture mellem offentliggjorte opholdssteder (fra midte til midte).

Bevægelsestæthed: kernetæthed (quartic, radius BANDWIDTH_M) af GPS-punkterne uden for ophold, vægtet med dwell_s, i persontimer pr. hektar, som Kernetæthed for tilstedeværelse.

Koordinater: outputtene er i inputtets CRS, hvis det er projiceret, ellers i den lokale UTM-zone (EPSG:25832 for Danmark), så længder og arealer aflæses i meter ligesom tæthedsrasteret. Et geografisk input, der krydser datolinjen, måles på kuglen (haversine) og skrives i UTM-zonen for dets midte.

Privatliv: ophold og ture er pr. deltager — pseudonymiserede personoplysninger ligesom GPS-punkterne: behold dem i projektet. Opholdssteder, strømme og bevægelsestæthed er aggregater: hver tæller forskellige deltagere og undertrykkes under K_MIN (k-anonymitet); et ophold eller en tur, hvis opholdssted er undertrykt, har tomt place_id / from_place / to_place.</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="350"/>
        <source>Stay edges: {m} of {e} moved to where walking stops or starts</source>
        <translation>Opholdskanter: {m} af {e} flyttet til, hvor gangen stopper eller begynder</translation>
    </message>
    <message>
        <location filename="../processing/alg_detectstays.py" line="353"/>
        <source>Logger speed over ground: used for {u} participant tracks ({l} with a lag allowed for), set aside for {a} where it contradicts the positions</source>
        <translation>Loggerens hastighed over jorden: brugt for {u} deltagerspor ({l} med en forsinkelse taget i betragtning), sat til side for {a}, hvor den modsiger positionerne</translation>
    </message>
</context>
<context>
    <name>Hotspots</name>
    <message>
        <location filename="../processing/alg_hotspots.py" line="62"/>
        <source>Density raster</source>
        <translation>Tæthedsraster</translation>
    </message>
    <message>
        <location filename="../processing/alg_hotspots.py" line="62"/>
        <source>Output of Kernel density of presence (person-hours per hectare).</source>
        <translation>Output fra Kernetæthed for tilstedeværelse (persontimer pr. hektar).</translation>
    </message>
    <message>
        <location filename="../processing/alg_hotspots.py" line="64"/>
        <source>Levels (% of presence)</source>
        <translation>Niveauer (% af tilstedeværelsen)</translation>
    </message>
    <message>
        <location filename="../processing/alg_hotspots.py" line="64"/>
        <source>Comma-separated percentages, e.g. 50,75,90.</source>
        <translation>Kommaseparerede procenter, fx 50,75,90.</translation>
    </message>
    <message>
        <location filename="../processing/alg_hotspots.py" line="67"/>
        <source>Fixes (to count participants)</source>
        <translation>GPS-punkter (til at tælle deltagere)</translation>
    </message>
    <message>
        <location filename="../processing/alg_hotspots.py" line="67"/>
        <source>Point layer with a &apos;participant&apos; field.</source>
        <translation>Punktlag med feltet 'participant'.</translation>
    </message>
    <message>
        <location filename="../processing/alg_hotspots.py" line="72"/>
        <source>Hotspots</source>
        <translation>Hotspots</translation>
    </message>
    <message>
        <location filename="../processing/alg_hotspots.py" line="72"/>
        <source>Polygons with level_pct, person_hours, n_participants, area_m2.</source>
        <translation>Polygoner med level_pct, person_hours, n_participants, area_m2.</translation>
    </message>
    <message>
        <location filename="../processing/alg_hotspots.py" line="75"/>
        <source>Polygons suppressed below K_MIN</source>
        <translation>Polygoner undertrykt under K_MIN</translation>
    </message>
    <message>
        <location filename="../processing/alg_hotspots.py" line="89"/>
        <source>The density raster must have square, north-up pixels</source>
        <translation>Tæthedsrasteret skal have kvadratiske, nordvendte pixels</translation>
    </message>
    <message>
        <location filename="../processing/alg_hotspots.py" line="96"/>
        <source>FIXES has no &apos;participant&apos; field</source>
        <translation>FIXES har intet felt 'participant'</translation>
    </message>
    <message>
        <location filename="../processing/alg_hotspots.py" line="100"/>
        <source>No FIXES given: n_participants cannot be counted</source>
        <translation>Ingen FIXES angivet: n_participants kan ikke tælles</translation>
    </message>
    <message>
        <location filename="../processing/alg_hotspots.py" line="108"/>
        <source>The density raster holds no published presence (every cell is zero or suppressed below K_MIN): there are no hotspots to draw</source>
        <translation>Tæthedsrasteret indeholder ingen offentliggjort tilstedeværelse (alle celler er nul eller undertrykt under K_MIN): der er ingen hotspots at tegne</translation>
    </message>
    <message>
        <location filename="../processing/alg_hotspots.py" line="134"/>
        <source>{n} hotspot polygons left out: fewer than {k} participants</source>
        <translation>{n} hotspot-polygoner udeladt: færre end {k} deltagere</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="73"/>
        <source>3 Hotspots</source>
        <translation>3 Hotspots</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="74"/>
        <source>Hotspot polygons</source>
        <translation>Hotspot-polygoner</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="75"/>
        <source>Minimum participants per polygon (K_MIN)</source>
        <translation>Mindste antal deltagere pr. polygon (K_MIN)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="76"/>
        <source>Polygons with fewer distinct participants are not written.</source>
        <translation>Polygoner med færre forskellige deltagere skrives ikke.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="77"/>
        <source>Turns a density raster (from Kernel density of presence) into hotspot polygons: the L % hotspot is the smallest area that holds L % of all presence (percent-volume contour, highest density region; Hyndman 1996). Each connected area is one feature with level_pct, person_hours inside, area_m2 and n_participants.

Give the fixes as FIXES to count the distinct participants with fixes inside each polygon; polygons with fewer than K_MIN participants are left out (k-anonymity). Without FIXES the raster&apos;s own suppression is the only protection and n_participants is empty.</source>
        <translation>Gør et tæthedsraster (fra Kernetæthed for tilstedeværelse) til hotspot-polygoner: L %-hotspottet er det mindste område, der rummer L % af al tilstedeværelse (procent-volumen-kontur, område med højeste tæthed; Hyndman 1996). Hvert sammenhængende område er ét objekt med level_pct, person_hours indenfor, area_m2 og n_participants.

Angiv GPS-punkterne som FIXES for at tælle de forskellige deltagere med GPS-punkter inden for hver polygon; polygoner med færre end K_MIN deltagere udelades (k-anonymitet). Uden FIXES er rasterets egen undertrykkelse den eneste beskyttelse, og n_participants er tom.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="78"/>
        <source>hotspot,percent volume contour,home range,density,polygon</source>
        <translation>hotspot,procent-volumen-kontur,aktionsområde,tæthed,polygon</translation>
    </message>
</context>
<context>
    <name>ImportTrackers</name>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="103"/>
        <source>Tracker folder (or one file)</source>
        <translation>Mappe med sporingsfiler (eller én fil)</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="105"/>
        <source>A folder of tracker files (read recursively) or the path of a single file.</source>
        <translation>En mappe med sporingsfiler (læses med undermapper) eller stien til en enkelt fil.</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="107"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="107"/>
        <source>&apos;auto&apos; detects each file&apos;s format from its content.</source>
        <translation>'auto' genkender hver fils format ud fra indholdet.</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="110"/>
        <source>Time zone of times written without one</source>
        <translation>Tidszone for tider skrevet uden zone</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="110"/>
        <source>IANA name (Europe/Copenhagen) or offset (+01:00). Used only for formats or files whose times carry no zone.</source>
        <translation>IANA-navn (Europe/Copenhagen) eller forskydning (+01:00). Bruges kun til formater eller filer, hvis tider ikke har en zone.</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="114"/>
        <source>Round label</source>
        <translation>Rundens navn</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="114"/>
        <source>Written into the &apos;round&apos; field, e.g. 2014-09.</source>
        <translation>Skrives i feltet 'round', fx 2014-09.</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="117"/>
        <source>Date for NMEA logs without one (YYYY-MM-DD)</source>
        <translation>Dato for NMEA-log uden dato (ÅÅÅÅ-MM-DD)</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="117"/>
        <source>GGA-only NMEA logs carry no date; used when the file has no ZDA sentence either.</source>
        <translation>NMEA-log med kun GGA har ingen dato; bruges, når filen heller ikke har en ZDA-sætning.</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="120"/>
        <source>Participant key</source>
        <translation>Deltagernøgle</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="120"/>
        <source>auto: device serial or track name where the file has one, else the file name; file: always the file name; folder: the folder holding the file.</source>
        <translation>auto: enhedens serienummer eller spornavn, hvor filen har et, ellers filnavnet; file: altid filnavnet; folder: mappen, der indeholder filen.</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="131"/>
        <source>CSV column mapping</source>
        <translation>Kolonnetilknytning for CSV</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="131"/>
        <source>Overrides column detection, e.g. &apos;lat=Latitude; lon=Longitude; time=Timestamp&apos;.</source>
        <translation>Tilsidesætter kolonnegenkendelsen, fx 'lat=Latitude; lon=Longitude; time=Timestamp'.</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="134"/>
        <source>Keep the source (file:line) of each fix</source>
        <translation>Behold kilden (fil:linje) for hvert GPS-punkt</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="134"/>
        <source>The &apos;source&apos; field names files: it is dropped when anonymising.</source>
        <translation>Feltet 'source' navngiver filer: det fjernes ved anonymisering.</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="137"/>
        <source>Fixes</source>
        <translation>GPS-punkter</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="137"/>
        <source>Points in EPSG:4326 with participant, round, time_utc, dwell_s, segment, source…</source>
        <translation>Punkter i EPSG:4326 med participant, round, time_utc, dwell_s, segment, source …</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="140"/>
        <source>Import report</source>
        <translation>Indlæsningsrapport</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="140"/>
        <source>One row per file: format, counts, reasons, first/last time, status, message.</source>
        <translation>Én række pr. fil: format, antal, årsager, første/sidste tid, status, besked.</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="143"/>
        <source>Number of fixes</source>
        <translation>Antal GPS-punkter</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="144"/>
        <source>Number of files read</source>
        <translation>Antal læste filer</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="145"/>
        <source>Number of files that failed</source>
        <translation>Antal filer, der ikke kunne læses</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="150"/>
        <source>The tracker folder or file &apos;{p}&apos; does not exist</source>
        <translation>Mappen eller filen med sporingsfiler '{p}' findes ikke</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="172"/>
        <source>No tracker files found in {p}</source>
        <translation>Ingen sporingsfiler fundet i {p}</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="182"/>
        <source>Reading {f}</source>
        <translation>Læser {f}</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="191"/>
        <source>{f}: {fmt}, {kept} of {read} fixes kept ({status})</source>
        <translation>{f}: {fmt}, {kept} af {read} GPS-punkter bevaret ({status})</translation>
    </message>
    <message>
        <location filename="../processing/alg_importtrackers.py" line="221"/>
        <source>{n} fixes from {ok} of {files} files, {p} participants</source>
        <translation>{n} GPS-punkter fra {ok} af {files} filer, {p} deltagere</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="79"/>
        <source>1 Import</source>
        <translation>1 Indlæsning</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="80"/>
        <source>A longer gap starts a new segment; dwell time is capped at this gap.</source>
        <translation>Et længere hul starter et nyt segment; opholdstiden begrænses til dette hul.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="81"/>
        <source>Fixes with a larger horizontal dilution of precision are rejected as high_hdop.</source>
        <translation>GPS-punkter med større vandret præcisionsudvanding (HDOP) afvises som high_hdop.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="82"/>
        <source>Import tracker files</source>
        <translation>Indlæs sporingsfiler</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="83"/>
        <source>Maximum gap inside a segment (s)</source>
        <translation>Største hul inden for et segment (s)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="84"/>
        <source>Reads one tracker file or every tracker file in a folder (sub-folders included) into one point layer of GPS fixes in EPSG:4326, with a report table that has one row per file.

The format is detected from the content: GPX 1.0/1.1, NMEA 0183 (RMC, GGA, ZDA), logger CSV/TSV with auto-detected columns, GeoLife and OziExplorer PLT, KML tracks, GeoJSON, FIT and Google Takeout location history.

Nothing is dropped silently: every record that does not become a fix is counted in the report under a reason (no_time, no_fix, zero_coords, bad_checksum, bad_time, duplicate…), and for every file fixes_read = fixes_kept + rejected. A broken file gets status 'failed' and a message; the rest of the folder is still read. Input files are opened read-only.

dwell_s is the presence, in seconds, that each fix stands for: half the gap to each neighbour, each gap capped at MAX_GAP_S. segment restarts after a gap longer than MAX_GAP_S. TIMEZONE applies only to times written without a zone (the report says which files used it).</source>
        <translation>Læser én sporingsfil eller alle sporingsfiler i en mappe (med undermapper) ind i ét punktlag med GPS-punkter i EPSG:4326 med en rapporttabel med én række pr. fil.

Formatet genkendes ud fra indholdet: GPX 1.0/1.1, NMEA 0183 (RMC, GGA, ZDA), logger-CSV/TSV med automatisk genkendte kolonner, GeoLife- og OziExplorer-PLT, KML-spor, GeoJSON, FIT og placeringshistorik fra Google Takeout.

Intet udelades i stilhed: hver post, der ikke bliver til et GPS-punkt, tælles i rapporten under en årsag (no_time, no_fix, zero_coords, bad_checksum, bad_time, duplicate …), og for hver fil gælder fixes_read = fixes_kept + rejected. En ødelagt fil får status 'failed' og en besked; resten af mappen læses stadig. Inputfilerne åbnes skrivebeskyttet.

dwell_s er den tilstedeværelse i sekunder, som hvert GPS-punkt repræsenterer: halvdelen af hullet til hver nabo, hvert hul begrænset til MAX_GAP_S. segment starter forfra efter et hul længere end MAX_GAP_S. TIMEZONE gælder kun tider skrevet uden zone (rapporten viser, hvilke filer der brugte den).</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="85"/>
        <source>Reject fixes with HDOP above (0 = keep all)</source>
        <translation>Afvis GPS-punkter med HDOP over (0 = behold alle)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="86"/>
        <source>gps,gpx,nmea,csv,plt,kml,geojson,fit,takeout,tracker,logger,import</source>
        <translation>gps,gpx,nmea,csv,plt,kml,geojson,fit,takeout,sporing,logger,indlæsning</translation>
    </message>
</context>
<context>
    <name>KernelDensity</name>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="73"/>
        <source>Fixes or stays</source>
        <translation>GPS-punkter eller ophold</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="73"/>
        <source>Point layer with a &apos;participant&apos; field (fixes from import, or stays).</source>
        <translation>Punktlag med feltet 'participant' (GPS-punkter fra indlæsningen eller ophold).</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="76"/>
        <source>Weight</source>
        <translation>Vægt</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="76"/>
        <source>dwell: seconds of presence per fix (dwell_s); duration: duration_s of stays; field: WEIGHT_FIELD; none: 1 per point.</source>
        <translation>dwell: sekunders tilstedeværelse pr. GPS-punkt (dwell_s); duration: duration_s for ophold; field: WEIGHT_FIELD; none: 1 pr. punkt.</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="80"/>
        <source>Weight field</source>
        <translation>Vægtfelt</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="80"/>
        <source>Numeric field used when WEIGHT is &apos;field&apos;.</source>
        <translation>Numerisk felt, der bruges, når WEIGHT er 'field'.</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="84"/>
        <source>Same total weight for every participant</source>
        <translation>Samme samlede vægt for hver deltager</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="84"/>
        <source>Fair per participant: each one&apos;s weights are scaled to the same total.</source>
        <translation>Retfærdigt pr. deltager: hver deltagers vægte skaleres til samme total.</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="89"/>
        <source>Kernel</source>
        <translation>Kerne</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="89"/>
        <source>quartic (as QGIS Heatmap) or gaussian.</source>
        <translation>quartic (som QGIS Heatmap) eller gaussian.</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="96"/>
        <source>Grid template (a previous round&apos;s density)</source>
        <translation>Gitterskabelon (en tidligere rundes tæthed)</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="96"/>
        <source>Use exactly this raster&apos;s CRS, origin, pixel size and extent.</source>
        <translation>Brug præcis dette rasters CRS, origo, cellestørrelse og udstrækning.</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="99"/>
        <source>Extent</source>
        <translation>Udstrækning</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="99"/>
        <source>Fixed study area; the grid snaps to whole pixels.</source>
        <translation>Fast undersøgelsesområde; gitteret tilpasses hele pixels.</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="102"/>
        <source>Density (person-hours/ha)</source>
        <translation>Tæthed (persontimer/ha)</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="102"/>
        <source>Float32 GeoTIFF in person-hours per hectare; suppressed cells are nodata.</source>
        <translation>Float32 GeoTIFF i persontimer pr. hektar; undertrykte celler er nodata.</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="105"/>
        <source>Distinct participants per cell</source>
        <translation>Forskellige deltagere pr. celle</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="107"/>
        <source>Optional raster with the number of distinct participants within reach of each cell (suppressed below K_MIN).</source>
        <translation>Valgfrit raster med antallet af forskellige deltagere inden for rækkevidde af hver celle (undertrykt under K_MIN).</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="109"/>
        <source>Bandwidth used (m)</source>
        <translation>Anvendt båndbredde (m)</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="110"/>
        <source>Total person-hours published</source>
        <translation>Offentliggjorte persontimer i alt</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="131"/>
        <source>WEIGHT is &apos;field&apos; but no WEIGHT_FIELD was chosen</source>
        <translation>WEIGHT er 'field', men der er ikke valgt noget WEIGHT_FIELD</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="133"/>
        <source>Reading points</source>
        <translation>Læser punkter</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="149"/>
        <source>The input has no &apos;{f}&apos; field for the chosen weight</source>
        <translation>Inputtet har intet felt '{f}' til den valgte vægt</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="162"/>
        <source>No points with a positive weight in the input</source>
        <translation>Ingen punkter med positiv vægt i inputtet</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="177"/>
        <source>{n} points ({h:.1f} h of {t:.1f} h) lie outside the main study area and are left out of this density ({a} separate areas; {p} participants only outside). Give EXTENT to map another area.</source>
        <translation>{n} punkter ({h:.1f} t af {t:.1f} t) ligger uden for det primære undersøgelsesområde og udelades af denne tæthed ({a} adskilte områder; {p} deltagere kun udenfor). Angiv EXTENT for at kortlægge et andet område.</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="193"/>
        <source>Grid CRS: {c}</source>
        <translation>Gitterets CRS: {c}</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="196"/>
        <source>Automatic bandwidth: {b:.1f} m</source>
        <translation>Automatisk båndbredde: {b:.1f} m</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="214"/>
        <source>The grid would have {n} cells: use a larger pixel size or a smaller extent</source>
        <translation>Gitteret ville få {n} celler: brug en større cellestørrelse eller en mindre udstrækning</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="217"/>
        <source>Estimating density</source>
        <translation>Beregner tæthed</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="228"/>
        <source>Counting distinct participants per cell (K_MIN = {k})</source>
        <translation>Tæller forskellige deltagere pr. celle (K_MIN = {k})</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="234"/>
        <source>{n} cells with presence suppressed (fewer than {k} participants)</source>
        <translation>{n} celler med tilstedeværelse undertrykt (færre end {k} deltagere)</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="237"/>
        <source>No cell is backed by {k} or more distinct participants, so nothing can be published: the raster is all nodata. (Files of one person only show with K_MIN = 1 — never share such a map.)</source>
        <translation>Ingen celle er baseret på {k} eller flere forskellige deltagere, så intet kan offentliggøres: rasteret er helt nodata. (Filer fra kun én person vises kun med K_MIN = 1 — del aldrig et sådant kort.)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="87"/>
        <source>3 Hotspots</source>
        <translation>3 Hotspots</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="88"/>
        <source>Bandwidth (m, 0 = automatic)</source>
        <translation>Båndbredde (m, 0 = automatisk)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="89"/>
        <source>Cells backed by fewer distinct participants are nodata.</source>
        <translation>Celler baseret på færre forskellige deltagere bliver nodata.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="90"/>
        <source>Estimates where people spend time: a kernel density of fixes weighted by the time each fix stands for (dwell_s), in person-hours per hectare, on a grid in metres.

The grid is in the input&apos;s CRS if it is projected, else in the local UTM zone (ETRS89 / UTM 32N, EPSG:25832, for Denmark). Give a previous round&apos;s raster as GRID (or an EXTENT) so that every round uses identical pixels.

Weights: dwell time (default) makes a 1 s logger and a 60 s logger comparable; stay duration for stay layers; a numeric field; or none (every point counts 1). PER_PARTICIPANT gives every participant the same total weight, so one person sitting all day cannot make a hotspot alone.

Kernel: quartic (biweight, the shape of QGIS Heatmap) with radius BANDWIDTH_M, or gaussian with standard deviation BANDWIDTH_M (truncated at 4 sigma). BANDWIDTH_M = 0 chooses it from the data (Silverman&apos;s rule, see the manual). Method: linear binning and FFT convolution (Wand &amp; Jones 1995, Kernel Smoothing, ch. 4).

Privacy: cells with fewer than K_MIN distinct participants within the kernel&apos;s reach are nodata (k-anonymity).</source>
        <translation>Beregner, hvor folk opholder sig: en kernetæthed af GPS-punkter vægtet med den tid, hvert punkt repræsenterer (dwell_s), i persontimer pr. hektar, på et gitter i meter.

Gitteret er i inputtets CRS, hvis det er projiceret, ellers i den lokale UTM-zone (ETRS89 / UTM 32N, EPSG:25832, for Danmark). Angiv en tidligere rundes raster som GRID (eller en EXTENT), så alle runder bruger præcis de samme pixels.

Vægte: opholdstid (standard) gør en logger med 1 s og en med 60 s sammenlignelige; opholdets varighed for opholdslag; et numerisk felt; eller ingen (hvert punkt tæller 1). PER_PARTICIPANT giver hver deltager samme samlede vægt, så én person, der sidder samme sted hele dagen, ikke alene kan skabe et hotspot.

Kerne: quartic (biweight, formen fra QGIS Heatmap) med radius BANDWIDTH_M eller gaussian med standardafvigelse BANDWIDTH_M (afskåret ved 4 sigma). BANDWIDTH_M = 0 vælger den ud fra data (Silvermans regel, se manualen). Metode: lineær binning og FFT-foldning (Wand &amp; Jones 1995, Kernel Smoothing, kap. 4).

Privatliv: celler med færre end K_MIN forskellige deltagere inden for kernens rækkevidde bliver nodata (k-anonymitet).</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="91"/>
        <source>Kernel density of presence</source>
        <translation>Kernetæthed for tilstedeværelse</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="92"/>
        <source>Minimum participants per cell (K_MIN)</source>
        <translation>Mindste antal deltagere pr. celle (K_MIN)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="93"/>
        <source>Pixel size (m)</source>
        <translation>Cellestørrelse (m)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="94"/>
        <source>Quartic: kernel radius in metres; gaussian: standard deviation.</source>
        <translation>Quartic: kerneradius i meter; gaussian: standardafvigelse.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="95"/>
        <source>Side of a grid cell in metres.</source>
        <translation>Siden af en gittercelle i meter.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="96"/>
        <source>heatmap,kde,kernel density,hotspot,dwell,presence,person-hours</source>
        <translation>heatmap,kde,kernetæthed,hotspot,ophold,tilstedeværelse,persontimer</translation>
    </message>
    <message>
        <location filename="../processing/alg_kerneldensity.py" line="139"/>
        <source>The input has no &apos;participant&apos; field, so neither K_MIN nor PER_PARTICIPANT can be applied: use the output of Import tracker files (or set K_MIN = 1 and PER_PARTICIPANT off for a plain point density)</source>
        <translation>Inputtet har intet felt 'participant', så hverken K_MIN eller PER_PARTICIPANT kan anvendes: brug outputtet fra Indlæs sporingsfiler (eller sæt K_MIN = 1 og slå PER_PARTICIPANT fra for en almindelig punkttæthed)</translation>
    </message>
</context>
<context>
    <name>LoadRound</name>
    <message>
        <location filename="../processing/alg_loadround.py" line="52"/>
        <source>Round label</source>
        <translation>Rundens navn</translation>
    </message>
    <message>
        <location filename="../processing/alg_loadround.py" line="52"/>
        <source>The stored round&apos;s label, e.g. 2014-09 (empty: list the rounds).</source>
        <translation>Den gemte rundes navn, fx 2014-09 (tom: vis runderne).</translation>
    </message>
    <message>
        <location filename="../processing/alg_loadround.py" line="58"/>
        <source>Density raster</source>
        <translation>Tæthedsraster</translation>
    </message>
    <message>
        <location filename="../processing/alg_loadround.py" line="59"/>
        <source>Settings (JSON)</source>
        <translation>Indstillinger (JSON)</translation>
    </message>
    <message>
        <location filename="../processing/alg_loadround.py" line="60"/>
        <source>Stored rounds (comma-separated)</source>
        <translation>Gemte runder (kommasepareret)</translation>
    </message>
    <message>
        <location filename="../processing/alg_loadround.py" line="67"/>
        <source>{s}: rounds {r}</source>
        <translation>{s}: runder {r}</translation>
    </message>
    <message>
        <location filename="../processing/alg_loadround.py" line="73"/>
        <source>The round &apos;{r}&apos; is not in {s} (stored: {all})</source>
        <translation>Runden '{r}' findes ikke i {s} (gemt: {all})</translation>
    </message>
    <message>
        <location filename="../processing/alg_loadround.py" line="93"/>
        <source>The stored raster of round &apos;{r}&apos; cannot be opened</source>
        <translation>Det gemte raster for runde '{r}' kan ikke åbnes</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="97"/>
        <source>5 Rounds</source>
        <translation>5 Runder</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="98"/>
        <source>Load round from study store</source>
        <translation>Indlæs runde fra undersøgelsens lager</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="99"/>
        <source>Opens one round of the study store (see Save round to study store): its fixes, hotspots, stays, places, trips and sites as layers filtered on round = ROUND, its density raster and its settings JSON. Leave ROUND empty to list the stored rounds in the log.

PostGIS layers keep the connection&apos;s authentication configuration (authcfg) in their source, never a password; a PostGIS round&apos;s raster is written to a temporary GeoTIFF.</source>
        <translation>Åbner én runde fra undersøgelsens lager (se Gem runden i undersøgelsens lager): dens GPS-punkter, hotspots, ophold, opholdssteder, ture og placeringer som lag filtreret på round = ROUND, dens tæthedsraster og dens indstillinger som JSON. Lad ROUND være tom for at vise de gemte runder i loggen.

PostGIS-lag beholder forbindelsens godkendelseskonfiguration (authcfg) i deres kilde, aldrig en adgangskode; rasteret for en PostGIS-runde skrives til en midlertidig GeoTIFF.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="100"/>
        <source>round,store,geopackage,postgis,archive,monitoring,load,open</source>
        <translation>runde,lager,geopackage,postgis,arkiv,overvågning,indlæs,åbn</translation>
    </message>
    <message>
        <location filename="../processing/alg_loadround.py" line="24"/>
        <source>Fixes</source>
        <translation>GPS-punkter</translation>
    </message>
    <message>
        <location filename="../processing/alg_loadround.py" line="25"/>
        <source>Stays</source>
        <translation>Ophold</translation>
    </message>
    <message>
        <location filename="../processing/alg_loadround.py" line="26"/>
        <source>Places</source>
        <translation>Opholdssteder</translation>
    </message>
    <message>
        <location filename="../processing/alg_loadround.py" line="27"/>
        <source>Trips</source>
        <translation>Ture</translation>
    </message>
    <message>
        <location filename="../processing/alg_loadround.py" line="28"/>
        <source>Hotspots</source>
        <translation>Hotspots</translation>
    </message>
    <message>
        <location filename="../processing/alg_loadround.py" line="29"/>
        <source>Sites</source>
        <translation>Placeringer</translation>
    </message>
</context>
<context>
    <name>ReportText</name>
    <message>
        <location filename="../ui/report.py" line="76"/>
        <source>Trampesti round report — {round}</source>
        <translation>Trampesti-rapport for runden — {round}</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="96"/>
        <source>{f} files read, {bad} could not be read; {n} fixes kept.</source>
        <translation>{f} filer læst, {bad} kunne ikke læses; {n} GPS-punkter bevaret.</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="99"/>
        <source>Records left out: {reasons}.</source>
        <translation>Poster udeladt: {reasons}.</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="101"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="101"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="101"/>
        <source>Files</source>
        <translation>Filer</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="101"/>
        <source>Fixes kept</source>
        <translation>GPS-punkter bevaret</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="104"/>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="104"/>
        <source>partly read</source>
        <translation>delvist læst</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="104"/>
        <source>failed</source>
        <translation>fejlet</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="107"/>
        <source>Level (% of time)</source>
        <translation>Niveau (% af tiden)</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="107"/>
        <source>Person-hours</source>
        <translation>Persontimer</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="107"/>
        <source>Participants</source>
        <translation>Deltagere</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="107"/>
        <source>Area (ha)</source>
        <translation>Areal (ha)</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="113"/>
        <source>Rank</source>
        <translation>Rang</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="113"/>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="113"/>
        <source>Person-hours served</source>
        <translation>Persontimer betjent</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="113"/>
        <source>Participants served</source>
        <translation>Deltagere betjent</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="114"/>
        <source>Toilet (m)</source>
        <translation>Toilet (m)</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="114"/>
        <source>Covered</source>
        <translation>Overdækket</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="150"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="150"/>
        <source>no</source>
        <translation>nej</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="129"/>
        <source>none</source>
        <translation>ingen</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="134"/>
        <source>Round</source>
        <translation>Runde</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="135"/>
        <source>Time zone of local times</source>
        <translation>Tidszone for lokale tider</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="136"/>
        <source>Fewest people behind a figure (K_MIN)</source>
        <translation>Færrest personer bag et tal (K_MIN)</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="137"/>
        <source>Hide fixes inside</source>
        <translation>Skjul GPS-punkter inden for</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="140"/>
        <source>Hand-out site</source>
        <translation>Udleveringssted</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="141"/>
        <source>Hide around the hand-out site (m)</source>
        <translation>Skjul omkring udleveringsstedet (m)</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="142"/>
        <source>Round times to (min)</source>
        <translation>Afrund tider til (min)</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="143"/>
        <source>Snap positions to a grid of (m)</source>
        <translation>Flyt positioner til et gitter på (m)</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="144"/>
        <source>Stay radius (m)</source>
        <translation>Opholdsradius (m)</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="145"/>
        <source>Shortest stay (min)</source>
        <translation>Korteste ophold (min)</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="146"/>
        <source>Longest gap inside a stay (min)</source>
        <translation>Længste hul i et ophold (min)</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="147"/>
        <source>Smoothing distance (m)</source>
        <translation>Udjævningsafstand (m)</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="147"/>
        <source>(automatic)</source>
        <translation>(automatisk)</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="149"/>
        <source>Cell size (m)</source>
        <translation>Cellestørrelse (m)</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="150"/>
        <source>Count every participant equally</source>
        <translation>Tæl hver deltager lige meget</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="151"/>
        <source>Hotspot levels (% of time)</source>
        <translation>Hotspot-niveauer (% af tiden)</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="152"/>
        <source>Toilets</source>
        <translation>Toiletter</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="153"/>
        <source>Cover (roofs, arcades)</source>
        <translation>Overdækning (tage, arkader)</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="154"/>
        <source>Exclusion zones</source>
        <translation>Udelukkelseszoner</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="155"/>
        <source>Candidate sites</source>
        <translation>Mulige placeringer</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="156"/>
        <source>Building phases</source>
        <translation>Byggefaser</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="159"/>
        <source>Weight {name}</source>
        <translation>Vægt {name}</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="159"/>
        <source>{pct} %</source>
        <translation>{pct} %</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="161"/>
        <source>Number of sites</source>
        <translation>Antal placeringer</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="162"/>
        <source>Service radius (m)</source>
        <translation>Betjeningsradius (m)</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="163"/>
        <source>Least distance between sites (m)</source>
        <translation>Mindste afstand mellem placeringer (m)</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="272"/>
        <source>Legend</source>
        <translation>Signaturforklaring</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="138"/>
        <source>Hide sleeping places</source>
        <translation>Skjul sovesteder</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="139"/>
        <source>Hide around sleeping places (m)</source>
        <translation>Skjul omkring sovesteder (m)</translation>
    </message>
    <message>
        <location filename="../ui/report.py" line="281"/>
        <source>person-hours per hectare</source>
        <translation>persontimer pr. hektar</translation>
    </message>
</context>
<context>
    <name>RoundJob</name>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="103"/>
        <source>Aggregate: every polygon is backed by at least K_MIN participants.</source>
        <translation>Aggregat: hver polygon er baseret på mindst K_MIN deltagere.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="104"/>
        <source>An attacker who knows p places and hours of one person tries to pick that person out of each output. Right guess, against a blind guess (1/n):</source>
        <translation>En angriber, der kender p steder og tidspunkter for én person, forsøger at udpege personen i hvert output. Rigtigt gæt mod et blindt gæt (1/n):</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="106"/>
        <source>Anonymising left no fixes: check the masks and the night radius</source>
        <translation>Anonymiseringen efterlod ingen GPS-punkter: kontrollér maskerne og natteradius</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="107"/>
        <source>Bandwidth (m)</source>
        <translation>Båndbredde (m)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="108"/>
        <source>Blind guess</source>
        <translation>Blindt gæt</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="109"/>
        <source>Calendar date dropped</source>
        <translation>Kalenderdato fjernet</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="111"/>
        <source>Created</source>
        <translation>Oprettet</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="112"/>
        <source>Data label</source>
        <translation>Datamærkning</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="113"/>
        <source>Density (person-hours/ha)</source>
        <translation>Tæthed (persontimer/ha)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="114"/>
        <source>Each level is the smallest area holding that share of all presence. Figures backed by fewer than K_MIN participants are not shown.</source>
        <translation>Hvert niveau er det mindste område, der rummer den andel af al tilstedeværelse. Tal baseret på færre end K_MIN deltagere vises ikke.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="115"/>
        <source>Fixes kept and removed per pseudonym and reason; see privacy.html.</source>
        <translation>GPS-punkter bevaret og fjernet pr. pseudonym og årsag; se privacy.html.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="117"/>
        <source>Full privacy report</source>
        <translation>Fuld privatlivsrapport</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="118"/>
        <source>Hand-out site trimmed (minutes)</source>
        <translation>Udleveringssted beskåret (minutter)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="119"/>
        <source>Hotspot levels (%)</source>
        <translation>Hotspot-niveauer (%)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="120"/>
        <source>Hotspots</source>
        <translation>Hotspots</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="121"/>
        <source>Hotspots over the density of presence</source>
        <translation>Hotspots oven på tætheden af tilstedeværelse</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="122"/>
        <source>Hotspots — shareable output</source>
        <translation>Hotspots — output der må deles</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="123"/>
        <source>Import</source>
        <translation>Indlæsning</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="124"/>
        <source>Import report (pseudonyms only)</source>
        <translation>Indlæsningsrapport (kun pseudonymer)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="126"/>
        <source>K_MIN (minimum participants per published figure)</source>
        <translation>K_MIN (mindste antal deltagere bag et offentliggjort tal)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="128"/>
        <source>Legend</source>
        <translation>Signaturforklaring</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="129"/>
        <source>Map</source>
        <translation>Kort</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="130"/>
        <source>Mask polygons</source>
        <translation>Maskepolygoner</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="131"/>
        <source>No fixes could be read: see the import report in the log</source>
        <translation>Ingen GPS-punkter kunne læses: se indlæsningsrapporten i loggen</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="132"/>
        <source>No withdrawal key file was set: participants of this round cannot withdraw later (set key_file to keep one, apart from the round&apos;s data)</source>
        <translation>Der blev ikke angivet nogen fil til tilbagetrækningsnøglen: deltagerne i denne runde kan ikke trække sig senere (angiv key_file for at gemme en, adskilt fra rundens data)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="133"/>
        <source>One row per tracker file; file names replaced by pseudonym and number.</source>
        <translation>Én række pr. sporingsfil; filnavne er erstattet af pseudonym og nummer.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="134"/>
        <source>Output</source>
        <translation>Output</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="135"/>
        <source>Parameters</source>
        <translation>Parametre</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="136"/>
        <source>Pixel size (m)</source>
        <translation>Cellestørrelse (m)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="139"/>
        <source>Privacy</source>
        <translation>Privatliv</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="140"/>
        <source>Privacy report</source>
        <translation>Privatlivsrapport</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="142"/>
        <source>Round</source>
        <translation>Runde</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="143"/>
        <source>Same weight for every participant</source>
        <translation>Samme vægt for hver deltager</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="145"/>
        <source>Sleeping places masked (radius m)</source>
        <translation>Sovesteder maskeret (radius m)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="146"/>
        <source>Spatial resolution (m)</source>
        <translation>Rumlig opløsning (m)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="149"/>
        <source>The fix layer in round.gpkg is pseudonymised personal data (GDPR applies): keep it in the project. Density and hotspots are the shareable outputs.</source>
        <translation>Punktlaget i round.gpkg er pseudonymiserede personoplysninger (GDPR gælder): behold det i projektet. Tæthed og hotspots er de output, der må deles.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="150"/>
        <source>Time resolution (s)</source>
        <translation>Tidsopløsning (s)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="151"/>
        <source>Time zone for zone-less times</source>
        <translation>Tidszone for tider uden zone</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="152"/>
        <source>Trampesti round report</source>
        <translation>Trampesti-rapport for runden</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="153"/>
        <source>Trampesti round {r}</source>
        <translation>Trampesti-runde {r}</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="155"/>
        <source>keep_raw is on: the RAW fixes (device serials, file names, exact tracks) are in {p} (readable by you only). Delete the file as soon as it is not needed.</source>
        <translation>keep_raw er slået til: de RÅ GPS-punkter (enhedsserienumre, filnavne, præcise spor) ligger i {p} (kun læsbar for dig). Slet filen, så snart den ikke længere skal bruges.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="156"/>
        <source>no</source>
        <translation>nej</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="157"/>
        <source>no site given</source>
        <translation>intet sted angivet</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="158"/>
        <source>none</source>
        <translation>ingen</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="159"/>
        <source>see the QGIS log</source>
        <translation>se QGIS-loggen</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="160"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="161"/>
        <source>{f} files read, {bad} failed; {n} fixes kept.</source>
        <translation>{f} filer læst, {bad} fejlet; {n} GPS-punkter bevaret.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="162"/>
        <source>{n} participants. {i} fixes imported, {o} kept after anonymising; removed: {r}.</source>
        <translation>{n} deltagere. {i} GPS-punkter indlæst, {o} bevaret efter anonymisering; fjernet: {r}.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="101"/>
        <source>Aggregate: every flow is backed by at least K_MIN participants.</source>
        <translation>Aggregat: hver strøm er baseret på mindst K_MIN deltagere.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="102"/>
        <source>Aggregate: every place is backed by at least K_MIN participants.</source>
        <translation>Aggregat: hvert opholdssted er baseret på mindst K_MIN deltagere.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="105"/>
        <source>Anonymising</source>
        <translation>Anonymiserer</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="110"/>
        <source>Cleaning fixes (speed spikes, duplicates, poor HDOP)</source>
        <translation>Renser GPS-punkter (hastighedsudsving, dubletter, dårlig HDOP)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="116"/>
        <source>Flows — shareable output</source>
        <translation>Strømme — output der må deles</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="125"/>
        <source>Importing tracker files (raw fixes stay in memory)</source>
        <translation>Indlæser sporingsfiler (rå GPS-punkter bliver i hukommelsen)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="127"/>
        <source>Kernel density (from the anonymised fixes)</source>
        <translation>Kernetæthed (af de anonymiserede GPS-punkter)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="137"/>
        <source>Places</source>
        <translation>Opholdssteder</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="138"/>
        <source>Places — shareable output</source>
        <translation>Opholdssteder — output der må deles</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="141"/>
        <source>Public toilets</source>
        <translation>Offentlige toiletter</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="144"/>
        <source>Schools (excluded)</source>
        <translation>Skoler (udelukket)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="147"/>
        <source>Stays, places and flows</source>
        <translation>Ophold, opholdssteder og strømme</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="148"/>
        <source>Suitability and the best sites</source>
        <translation>Egnethed og de bedste placeringer</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="154"/>
        <source>Where stays of several participants concentrate; places with fewer than K_MIN participants are not shown.</source>
        <translation>Hvor flere deltageres ophold samler sig; opholdssteder med færre end K_MIN deltagere vises ikke.</translation>
    </message>
</context>
<context>
    <name>RoundSites</name>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="163"/>
        <source>Ranked sites</source>
        <translation>Rangordnede placeringer</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="164"/>
        <source>Scored candidate sites</source>
        <translation>Vurderede mulige placeringer</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="165"/>
        <source>Site selection</source>
        <translation>Valg af placeringer</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="166"/>
        <source>Sites 1/2: site suitability</source>
        <translation>Placeringer 1/2: placeringernes egnethed</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="167"/>
        <source>Sites 2/2: choosing {n} sites</source>
        <translation>Placeringer 2/2: vælger {n} placeringer</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="168"/>
        <source>Sites per phase</source>
        <translation>Placeringer pr. fase</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="169"/>
        <source>Sites: one plan per phase</source>
        <translation>Placeringer: én plan pr. fase</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="170"/>
        <source>no</source>
        <translation>nej</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="171"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
</context>
<context>
    <name>SaveRound</name>
    <message>
        <location filename="../processing/alg_saveround.py" line="131"/>
        <source>Round label</source>
        <translation>Rundens navn</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="131"/>
        <source>The round&apos;s label, e.g. 2014-09.</source>
        <translation>Rundens navn, fx 2014-09.</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="134"/>
        <source>Stored in the table &apos;{t}&apos; with round = the label.</source>
        <translation>Gemt i tabellen '{t}' med round = navnet.</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="137"/>
        <source>Density raster</source>
        <translation>Tæthedsraster</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="137"/>
        <source>The round&apos;s density (person-hours per hectare).</source>
        <translation>Rundens tæthed (persontimer pr. hektar).</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="140"/>
        <source>Settings (JSON)</source>
        <translation>Indstillinger (JSON)</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="140"/>
        <source>The round&apos;s settings as a JSON object (bandwidth, pixel size, K_MIN, levels, ...). Keys that look like credentials are dropped.</source>
        <translation>Rundens indstillinger som et JSON-objekt (båndbredde, cellestørrelse, K_MIN, niveauer, ...). Nøgler, der ligner adgangsoplysninger, fjernes.</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="144"/>
        <source>Replace a round with the same label</source>
        <translation>Erstat en runde med samme navn</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="144"/>
        <source>Without it, saving a label that is already stored fails.</source>
        <translation>Uden dette fejler det at gemme et navn, der allerede er gemt.</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="148"/>
        <source>Study store</source>
        <translation>Undersøgelsens lager</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="149"/>
        <source>Stored raster</source>
        <translation>Gemt raster</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="150"/>
        <source>Features stored</source>
        <translation>Gemte objekter</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="155"/>
        <source>Give the round a label, e.g. 2014-09</source>
        <translation>Giv runden et navn, fx 2014-09</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="160"/>
        <source>SETTINGS is not valid JSON: {e}</source>
        <translation>SETTINGS er ikke gyldig JSON: {e}</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="162"/>
        <source>SETTINGS must be a JSON object, e.g. {&quot;k_min&quot;: 3}</source>
        <translation>SETTINGS skal være et JSON-objekt, fx {&quot;k_min&quot;: 3}</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="178"/>
        <source>Nothing to store: give at least one layer or the density raster</source>
        <translation>Intet at gemme: angiv mindst ét lag eller tæthedsrasteret</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="181"/>
        <source>Storing round {r} in {s}</source>
        <translation>Gemmer runde {r} i {s}</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="186"/>
        <source>{k}: {n} features</source>
        <translation>{k}: {n} objekter</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="172"/>
        <source>5 Rounds</source>
        <translation>5 Runder</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="173"/>
        <source>Save round to study store</source>
        <translation>Gem runden i undersøgelsens lager</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="174"/>
        <source>Stores a round — anonymised fixes, hotspots, and stays, places, trips and sites if given, the density raster and the round's settings — in the study store, so later rounds can be compared with it.

GeoPackage (default): one file per study with one table per layer kind (fixes, hotspots, ...) holding every round, told apart by the 'round' column, a 'rounds' table (round, created_utc, settings JSON) and each round's raster as the GeoPackage raster table density_&lt;round&gt;.

PostGIS: the same tables in a schema. Use a connection whose credentials are stored in QGIS's authentication manager (authcfg): no password is written into a project, model, report or log, and a connection carrying a password is refused.

Fixes must be anonymised (no raw 'source' field). A round label already in the store is refused unless OVERWRITE is set.</source>
        <translation>Gemmer en runde — anonymiserede GPS-punkter, hotspots og, hvis de er angivet, ophold, opholdssteder, ture og placeringer, tæthedsrasteret og rundens indstillinger — i undersøgelsens lager, så senere runder kan sammenlignes med den.

GeoPackage (standard): én fil pr. undersøgelse med én tabel pr. lagtype (fixes, hotspots, ...), der rummer alle runder adskilt af kolonnen 'round', en tabel 'rounds' (round, created_utc, settings JSON) og hver rundes raster som GeoPackage-rastertabellen density_&lt;round&gt;.

PostGIS: de samme tabeller i et skema. Brug en forbindelse, hvis adgangsoplysninger er gemt i QGIS' godkendelsesstyring (authcfg): ingen adgangskode skrives i et projekt, en model, en rapport eller en log, og en forbindelse med en adgangskode afvises.

GPS-punkterne skal være anonymiseret (intet råt felt 'source'). Et rundenavn, der allerede findes i lageret, afvises, medmindre OVERWRITE er sat.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="175"/>
        <source>round,store,geopackage,postgis,archive,monitoring,save</source>
        <translation>runde,lager,geopackage,postgis,arkiv,overvågning,gem</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="174"/>
        <source>{k}: the &apos;round&apos; field holds {v}; it is stored as round {r}</source>
        <translation>{k}: feltet 'round' indeholder {v}; det gemmes som runde {r}</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="121"/>
        <source>Anonymised fixes</source>
        <translation>Anonymiserede GPS-punkter</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="121"/>
        <source>Hotspots</source>
        <translation>Hotspots</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="121"/>
        <source>Stays</source>
        <translation>Ophold</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="121"/>
        <source>Places</source>
        <translation>Opholdssteder</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="121"/>
        <source>Trips</source>
        <translation>Ture</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="121"/>
        <source>Sites</source>
        <translation>Placeringer</translation>
    </message>
</context>
<context>
    <name>SelectSites</name>
    <message>
        <location filename="../processing/alg_selectsites.py" line="176"/>
        <source>Candidate sites (scored)</source>
        <translation>Mulige placeringer (vurderede)</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="176"/>
        <source>Candidates, e.g. the output of Site suitability (score, c_*).</source>
        <translation>Mulige placeringer, fx outputtet fra Placeringers egnethed (score, c_*).</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="179"/>
        <source>Demand (fixes or stays)</source>
        <translation>Behov (GPS-punkter eller ophold)</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="179"/>
        <source>Points with &apos;participant&apos; and &apos;dwell_s&apos; (fixes) or &apos;duration_s&apos; (stays).</source>
        <translation>Punkter med 'participant' og 'dwell_s' (GPS-punkter) eller 'duration_s' (ophold).</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="188"/>
        <source>Fixed-site field (true = must stay)</source>
        <translation>Felt for faste placeringer (true = skal blive)</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="188"/>
        <source>A boolean (or 0/1, yes/no) field of CANDIDATES marking sites that must stay.</source>
        <translation>Et boolesk felt (eller 0/1, yes/no) i CANDIDATES, der markerer placeringer, som skal blive.</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="191"/>
        <source>Fixed sites</source>
        <translation>Faste placeringer</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="191"/>
        <source>Existing sites that must stay (matched to a candidate within 1 m, else added).</source>
        <translation>Eksisterende placeringer, der skal blive (knyttes til en mulig placering inden for 1 m, ellers tilføjes de).</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="195"/>
        <source>Objective</source>
        <translation>Mål</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="195"/>
        <source>person_hours: most person-hours served; participants: most distinct participants served.</source>
        <translation>person_hours: flest betjente persontimer; participants: flest forskellige betjente deltagere.</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="200"/>
        <source>Phases (unavailable areas)</source>
        <translation>Faser (utilgængelige områder)</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="200"/>
        <source>Polygons with a phase field: areas where no site can stand in that phase.</source>
        <translation>Polygoner med et fasefelt: områder, hvor ingen placering kan stå i den fase.</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="204"/>
        <source>Phase field</source>
        <translation>Fasefelt</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="204"/>
        <source>Field of PHASES holding the phase (number or text, sorted).</source>
        <translation>Felt i PHASES, der indeholder fasen (tal eller tekst, sorteret).</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="225"/>
        <source>Toilets (for toilet_dist_m)</source>
        <translation>Toiletter (til toilet_dist_m)</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="225"/>
        <source>Else toilet_dist_m is taken from the candidates.</source>
        <translation>Ellers hentes toilet_dist_m fra de mulige placeringer.</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="228"/>
        <source>Cover (for covered)</source>
        <translation>Overdækning (til covered)</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="228"/>
        <source>Else &apos;covered&apos; is taken from the candidates.</source>
        <translation>Ellers hentes 'covered' fra de mulige placeringer.</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="231"/>
        <source>Sites</source>
        <translation>Placeringer</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="231"/>
        <source>Ranked sites: rank, score, person_hours_served, participants_served, toilet_dist_m, covered, stability (and phase, moved).</source>
        <translation>Rangordnede placeringer: rank, score, person_hours_served, participants_served, toilet_dist_m, covered, stability (samt phase, moved).</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="235"/>
        <source>Site selection report</source>
        <translation>Rapport over valg af placeringer</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="235"/>
        <source>Per phase: solver, objective value, bound, gap and totals served.</source>
        <translation>Pr. fase: løser, målværdi, grænse, afvigelse og samlet betjent.</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="238"/>
        <source>Solver used (first phase): milp or greedy</source>
        <translation>Anvendt løser (første fase): milp eller greedy</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="239"/>
        <source>Proven optimal (first phase)</source>
        <translation>Bevist optimal (første fase)</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="240"/>
        <source>Objective value (first phase)</source>
        <translation>Målværdi (første fase)</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="241"/>
        <source>Optimality gap (first phase, 0..1)</source>
        <translation>Optimalitetsafvigelse (første fase, 0..1)</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="249"/>
        <source>PHASES has no field &apos;{f}&apos;</source>
        <translation>PHASES har intet felt '{f}'</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="257"/>
        <source>PHASES has no phase values: one plan without phases</source>
        <translation>PHASES har ingen faseværdier: én plan uden faser</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="303"/>
        <source>DEMAND has no points</source>
        <translation>DEMAND har ingen punkter</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="313"/>
        <source>CANDIDATES has no features with a geometry</source>
        <translation>CANDIDATES har ingen objekter med en geometri</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="342"/>
        <source>{n} fixed sites ({a} added as new candidates)</source>
        <translation>{n} faste placeringer ({a} tilføjet som nye mulige placeringer)</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="352"/>
        <source>Suitability enters the objective: {b:.3g} objective units per unit of score and site (SCORE_WEIGHT {a:g})</source>
        <translation>Egnetheden indgår i målet: {b:.3g} målenheder pr. scoreenhed og placering (SCORE_WEIGHT {a:g})</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="396"/>
        <source>Stability not computed: the candidates need &apos;score&apos; and the c_* criterion columns of Site suitability, and SCORE_WEIGHT &gt; 0 (otherwise the weights do not change the choice)</source>
        <translation>Stabiliteten er ikke beregnet: de mulige placeringer skal have 'score' og kriteriekolonnerne c_* fra Placeringers egnethed, og SCORE_WEIGHT skal være &gt; 0 (ellers ændrer vægtene ikke valget)</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="400"/>
        <source>Sensitivity: {n} runs, weights {w} ± {s:.0%}</source>
        <translation>Følsomhed: {n} kørsler, vægte {w} ± {s:.0%}</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="412"/>
        <source>Sensitivity: {n} demand points merged into {m} by the candidates that cover them</source>
        <translation>Følsomhed: {n} behovspunkter slået sammen til {m} efter de mulige placeringer, der dækker dem</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="424"/>
        <source>Sensitivity: the unperturbed re-selection found an equally good alternative plan (ties in the objective)</source>
        <translation>Følsomhed: det uforstyrrede genvalg fandt en lige så god alternativ plan (lige værdier i målet)</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="492"/>
        <source>exact MILP (scipy HiGHS), proven optimal</source>
        <translation>eksakt MILP (scipy HiGHS), bevist optimal</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="492"/>
        <source>{m}, upper bound {u:.3f}, gap {g:.2%}</source>
        <translation>{m}, øvre grænse {u:.3f}, afvigelse {g:.2%}</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="495"/>
        <source>{ph}{n} sites, objective {o:.3f} ({obj}); {s}</source>
        <translation>{ph}{n} placeringer, mål {o:.3f} ({obj}); {s}</translation>
    </message>
    <message>
        <location filename="../processing/alg_selectsites.py" line="495"/>
        <source>Phase {p}: </source>
        <translation>Fase {p}: </translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="176"/>
        <source>0 = coverage only; a = (1 - a) × share of demand served + a × mean score of the sites.</source>
        <translation>0 = kun dækning; a = (1 - a) × andel af behovet, der betjenes + a × placeringernes gennemsnitlige score.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="177"/>
        <source>5 Sites</source>
        <translation>5 Placeringer</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="178"/>
        <source>Chooses N_SITES of the candidate sites so that as much demand as possible lies within SERVICE_RADIUS_M of a site (maximal covering location problem, Church &amp; ReVelle 1974), solved exactly as a mixed-integer programme with scipy's HiGHS solver; for very large inputs a greedy heuristic with its LP upper bound and gap is used. The REPORT table says which solver ran, the objective value, the bound and gap and the totals served.

OBJECTIVE person_hours maximises the person-hours served; participants maximises the number of distinct participants served (ties broken by person-hours). Sites are at least MIN_SPACING_M apart; sites marked in FIXED_FIELD or given as FIXED_SITES always stay. When the candidates carry a suitability 'score' (Site suitability), SCORE_WEIGHT of the objective goes to the mean score of the chosen sites.

Mobile shelters: PHASES are polygons with a 'phase' field, the areas unavailable in each phase (works, events). One set of sites is chosen per phase; keeping a site earns RELOCATION_PENALTY objective units, so a site moves only when that gains more. 'moved' marks sites that are new in a phase.

Stability: SENSITIVITY_RUNS re-selections with every criterion weight multiplied by a random factor within ±WEIGHT_SPREAD (needs the c_* columns of Site suitability); stability is the share of runs that chose the site.

Privacy: demand behind fewer than K_MIN distinct participants does not count, a site must serve at least K_MIN participants, and per-site figures below K_MIN are left empty.</source>
        <translation>Vælger N_SITES af de mulige placeringer, så mest muligt af behovet ligger inden for SERVICE_RADIUS_M af en placering (maximal covering location problem, Church &amp; ReVelle 1974), løst eksakt som et blandet heltalsprogram med scipys HiGHS-løser; ved meget store input bruges en grådig heuristik med dens øvre LP-grænse og afvigelse. Tabellen REPORT viser, hvilken løser der kørte, målværdien, grænsen og afvigelsen samt det samlede betjente behov.

OBJECTIVE person_hours maksimerer de betjente persontimer; participants maksimerer antallet af forskellige betjente deltagere (lige værdier afgøres af persontimerne). Placeringerne ligger mindst MIN_SPACING_M fra hinanden; placeringer markeret i FIXED_FIELD eller angivet som FIXED_SITES bliver altid. Når de mulige placeringer har en egnethedsscore 'score' (Placeringers egnethed), går SCORE_WEIGHT af målet til de valgte placeringers gennemsnitlige score.

Mobile væresteder: PHASES er polygoner med feltet 'phase', de områder, der er utilgængelige i hver fase (anlægsarbejder, arrangementer). Der vælges ét sæt placeringer pr. fase; at beholde en placering giver RELOCATION_PENALTY målenheder, så en placering flyttes kun, når det giver mere. 'moved' markerer placeringer, der er nye i en fase.

Stabilitet: SENSITIVITY_RUNS genvalg, hvor hver kriterievægt ganges med en tilfældig faktor inden for ±WEIGHT_SPREAD (kræver kolonnerne c_* fra Placeringers egnethed); stabiliteten er andelen af kørsler, der valgte placeringen.

Privatliv: behov bag færre end K_MIN forskellige deltagere tæller ikke, en placering skal betjene mindst K_MIN deltagere, og tal pr. placering under K_MIN efterlades tomme.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="179"/>
        <source>Cost of moving a site between phases, in person-hours (or participants): a site moves only when that gains more.</source>
        <translation>Omkostningen ved at flytte en placering mellem faser, i persontimer (eller deltagere): en placering flyttes kun, når det giver mere.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="180"/>
        <source>Demand aggregation cell (m)</source>
        <translation>Celle til sammenlægning af behov (m)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="181"/>
        <source>Demand behind fewer distinct participants does not count.</source>
        <translation>Behov bag færre forskellige deltagere tæller ikke.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="182"/>
        <source>Demand within this distance of a site is served by it.</source>
        <translation>Behov inden for denne afstand af en placering betjenes af den.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="183"/>
        <source>Each participant&apos;s demand points within one cell are merged before solving. 0 = off.</source>
        <translation>Hver deltagers behovspunkter inden for én celle slås sammen før løsningen. 0 = fra.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="184"/>
        <source>Each weight is multiplied by a factor in 1 ± spread.</source>
        <translation>Hver vægt ganges med en faktor i 1 ± spredning.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="185"/>
        <source>How many sites to choose (per phase).</source>
        <translation>Hvor mange placeringer der skal vælges (pr. fase).</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="186"/>
        <source>Minimum participants (K_MIN)</source>
        <translation>Mindste antal deltagere (K_MIN)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="187"/>
        <source>Minimum spacing between sites (m)</source>
        <translation>Mindste afstand mellem placeringer (m)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="188"/>
        <source>No two chosen sites closer than this.</source>
        <translation>Ingen to valgte placeringer tættere på hinanden end dette.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="189"/>
        <source>Number of sites</source>
        <translation>Antal placeringer</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="190"/>
        <source>Random seed</source>
        <translation>Tilfældigt frø</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="191"/>
        <source>Re-selections with perturbed criterion weights (0 = off).</source>
        <translation>Genvalg med forstyrrede kriterievægte (0 = fra).</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="192"/>
        <source>Relocation penalty (objective units)</source>
        <translation>Straf for flytning (målenheder)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="193"/>
        <source>Seed of the sensitivity runs (same seed, same result).</source>
        <translation>Frø til følsomhedskørslerne (samme frø, samme resultat).</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="194"/>
        <source>Select sites</source>
        <translation>Vælg placeringer</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="195"/>
        <source>Service radius (m)</source>
        <translation>Betjeningsradius (m)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="196"/>
        <source>Share of the objective for the suitability score</source>
        <translation>Egnethedsscorens andel af målet</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="197"/>
        <source>Solver time limit (s)</source>
        <translation>Tidsgrænse for løseren (s)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="198"/>
        <source>The MILP stops here; the best plan so far is kept and its gap reported.</source>
        <translation>MILP'en stopper her; den hidtil bedste plan beholdes, og dens afvigelse rapporteres.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="199"/>
        <source>Weight sensitivity runs</source>
        <translation>Kørsler til vægtfølsomhed</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="200"/>
        <source>Weight spread (±share)</source>
        <translation>Vægtspredning (±andel)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="201"/>
        <source>site,selection,location,coverage,MCLP,MILP,HiGHS,greedy,phases,sensitivity</source>
        <translation>placering,valg,lokalisering,dækning,MCLP,MILP,HiGHS,grådig,faser,følsomhed</translation>
    </message>
</context>
<context>
    <name>SiteLayers</name>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="202"/>
        <source>{p} has neither &apos;duration_s&apos; nor &apos;dwell_s&apos;: every point counts as one person-hour</source>
        <translation>{p} har hverken 'duration_s' eller 'dwell_s': hvert punkt tæller som én persontime</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="203"/>
        <source>{p} has no &apos;participant&apos; field (needed to count distinct participants: k-anonymity)</source>
        <translation>{p} har intet felt 'participant' (nødvendigt for at tælle forskellige deltagere: k-anonymitet)</translation>
    </message>
</context>
<context>
    <name>SiteSuitability</name>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="297"/>
        <source>Demand (fixes or stays)</source>
        <translation>Behov (GPS-punkter eller ophold)</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="297"/>
        <source>Points with &apos;participant&apos; and &apos;dwell_s&apos; (fixes) or &apos;duration_s&apos; (stays): where people spend time.</source>
        <translation>Punkter med 'participant' og 'dwell_s' (GPS-punkter) eller 'duration_s' (ophold): hvor folk tilbringer tid.</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="301"/>
        <source>Demand density raster (instead of points)</source>
        <translation>Tæthedsraster for behov (i stedet for punkter)</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="301"/>
        <source>A density raster in person-hours per hectare (Kernel density of presence), used when DEMAND is empty. Its own K_MIN suppression applies; participants cannot be counted.</source>
        <translation>Et tæthedsraster i persontimer pr. hektar (Kernetæthed for tilstedeværelse), der bruges, når DEMAND er tom. Rasterets egen K_MIN-undertrykkelse gælder; deltagere kan ikke tælles.</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="487"/>
        <source>Toilets</source>
        <translation>Toiletter</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="307"/>
        <source>Public toilets (points, or polygons: their centroids).</source>
        <translation>Offentlige toiletter (punkter eller polygoner: deres tyngdepunkter).</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="314"/>
        <source>Toilet score curve</source>
        <translation>Scorekurve for toiletter</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="314"/>
        <source>linear: straight ramp between the two distances; sigmoid: stays high near the toilet and falls in the middle.</source>
        <translation>linear: jævnt fald mellem de to afstande; sigmoid: forbliver høj nær toilettet og falder på midten.</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="318"/>
        <source>Cover (canopies, arcades, underpasses)</source>
        <translation>Overdækning (halvtage, arkader, tunneler)</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="318"/>
        <source>Polygons under a roof: 1 inside, decaying with distance outside.</source>
        <translation>Polygoner under tag: 1 indenfor, aftagende med afstanden udenfor.</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="495"/>
        <source>Wind shelter</source>
        <translation>Læ</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="323"/>
        <source>Polygons sheltered from the prevailing wind.</source>
        <translation>Polygoner i læ for den fremherskende vind.</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="328"/>
        <source>Exclusion zones (schools, kindergartens)</source>
        <translation>Udelukkelseszoner (skoler, børnehaver)</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="328"/>
        <source>No site inside these polygons or within the buffer of them.</source>
        <translation>Ingen placering inden for disse polygoner eller inden for deres buffer.</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="333"/>
        <source>Candidate sites</source>
        <translation>Mulige placeringer</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="333"/>
        <source>Possible sites (points, or polygons: centroids). Empty: a grid over the demand.</source>
        <translation>Mulige placeringer (punkter eller polygoner: tyngdepunkter). Tom: et gitter over behovet.</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="342"/>
        <source>AHP pairwise comparison matrix (replaces the weights)</source>
        <translation>AHP-matrix med parvise sammenligninger (erstatter vægtene)</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="342"/>
        <source>Rows separated by &apos;;&apos;, entries by &apos;,&apos;, e.g. 1,3,5;1/3,1,2;1/5,1/2,1 (Saaty&apos;s 1..9 scale). Refused when the consistency ratio exceeds 0.1.</source>
        <translation>Rækker adskilt af ';', værdier af ',', fx 1,3,5;1/3,1,2;1/5,1/2,1 (Saatys skala 1..9). Afvises, når konsistensforholdet overstiger 0.1.</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="346"/>
        <source>AHP criteria (order of the matrix rows)</source>
        <translation>AHP-kriterier (rækkefølgen af matrixens rækker)</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="346"/>
        <source>Comma-separated criterion names among demand, participants, toilet, cover, wind, extra. Empty: the criteria that have input, in that order.</source>
        <translation>Kommaseparerede kriterienavne blandt demand, participants, toilet, cover, wind, extra. Tom: de kriterier, der har input, i den rækkefølge.</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="350"/>
        <source>Extra criterion layer</source>
        <translation>Lag til ekstra kriterium</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="350"/>
        <source>Polygons (value of the one containing the candidate) or points/lines (value of the nearest).</source>
        <translation>Polygoner (værdien af den, der indeholder den mulige placering) eller punkter/linjer (værdien af det nærmeste).</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="354"/>
        <source>Extra criterion field</source>
        <translation>Felt til ekstra kriterium</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="354"/>
        <source>Numeric field of the extra layer. Empty: the distance (m) to the nearest feature.</source>
        <translation>Numerisk felt i det ekstra lag. Tom: afstanden (m) til nærmeste objekt.</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="358"/>
        <source>Extra criterion: higher is better</source>
        <translation>Ekstra kriterium: højere er bedre</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="358"/>
        <source>Unchecked: a cost (smaller values, or shorter distances, are better).</source>
        <translation>Ikke markeret: en omkostning (mindre værdier eller kortere afstande er bedre).</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="367"/>
        <source>Scored candidates</source>
        <translation>Vurderede mulige placeringer</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="367"/>
        <source>Candidates outside exclusions with score, c_&lt;criterion&gt;, person_hours_served, participants_served, toilet_dist_m, covered.</source>
        <translation>Mulige placeringer uden for udelukkelseszonerne med score, c_&lt;criterion&gt;, person_hours_served, participants_served, toilet_dist_m, covered.</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="371"/>
        <source>Suitability raster</source>
        <translation>Egnethedsraster</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="371"/>
        <source>Score on a grid of GRID_SPACING_M (excluded cells: no data).</source>
        <translation>Score på et gitter med GRID_SPACING_M (udelukkede celler: nodata).</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="374"/>
        <source>Candidates scored</source>
        <translation>Vurderede mulige placeringer</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="375"/>
        <source>Candidates dropped in exclusion zones</source>
        <translation>Mulige placeringer fjernet i udelukkelseszoner</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="381"/>
        <source>{w} ({p}) is empty: that criterion is left out</source>
        <translation>{w} ({p}) er tom: det kriterium udelades</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="393"/>
        <source>DEMAND_RASTER must be in a projected (metric) CRS</source>
        <translation>DEMAND_RASTER skal være i et projiceret (metrisk) CRS</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="398"/>
        <source>Demand from the density raster: {n} cells, {ph:.1f} person-hours</source>
        <translation>Behov fra tæthedsrasteret: {n} celler, {ph:.1f} persontimer</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="407"/>
        <source>EXTRA_LAYER is empty: the extra criterion is left out</source>
        <translation>EXTRA_LAYER er tom: det ekstra kriterium udelades</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="451"/>
        <source>Demand: {n} points ({m} after merging per {c:g} m cell), {ph:.1f} person-hours, {p} participants</source>
        <translation>Behov: {n} punkter ({m} efter sammenlægning pr. celle på {c:g} m), {ph:.1f} persontimer, {p} deltagere</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="463"/>
        <source>Give DEMAND (or DEMAND_RASTER) or CANDIDATES</source>
        <translation>Angiv DEMAND (eller DEMAND_RASTER) eller CANDIDATES</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="467"/>
        <source>Working CRS: {c}</source>
        <translation>Arbejds-CRS: {c}</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="478"/>
        <source>CANDIDATES has no features with a geometry</source>
        <translation>CANDIDATES har ingen objekter med en geometri</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="481"/>
        <source>Without CANDIDATES a demand layer is needed for the grid</source>
        <translation>Uden CANDIDATES kræves et behovslag til gitteret</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="485"/>
        <source>{n} grid candidates every {s:g} m</source>
        <translation>{n} mulige placeringer i gitter for hver {s:g} m</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="495"/>
        <source>Cover</source>
        <translation>Overdækning</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="495"/>
        <source>Exclusion zones</source>
        <translation>Udelukkelseszoner</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="498"/>
        <source>{w} has no polygons: left out</source>
        <translation>{w} har ingen polygoner: udelades</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="508"/>
        <source>AHP_MATRIX cannot be read: {e}</source>
        <translation>AHP_MATRIX kan ikke læses: {e}</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="541"/>
        <source>AHP_CRITERIA: unknown criteria {u} (use {c})</source>
        <translation>AHP_CRITERIA: ukendte kriterier {u} (brug {c})</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="552"/>
        <source>AHP weights {w}: lambda_max {l:.4f}, CI {ci:.4f}, RI {ri:.2f}, CR {cr:.4f}</source>
        <translation>AHP-vægte {w}: lambda_max {l:.4f}, CI {ci:.4f}, RI {ri:.2f}, CR {cr:.4f}</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="557"/>
        <source>Weights: {w}</source>
        <translation>Vægte: {w}</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="589"/>
        <source>{n} candidates scored, {e} dropped in exclusion zones</source>
        <translation>{n} mulige placeringer vurderet, {e} fjernet i udelukkelseszoner</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="204"/>
        <source>5 Sites</source>
        <translation>5 Placeringer</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="205"/>
        <source>Candidates farther from any toilet get toilet score 0.</source>
        <translation>Mulige placeringer længere fra ethvert toilet får toiletscore 0.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="206"/>
        <source>Candidates this close to a toilet get the full toilet score.</source>
        <translation>Mulige placeringer så tæt på et toilet får fuld toiletscore.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="207"/>
        <source>Candidates this close to an exclusion polygon are dropped.</source>
        <translation>Mulige placeringer så tæt på en udelukkelsespolygon fjernes.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="208"/>
        <source>Cover score outside = exp(-distance / decay).</source>
        <translation>Overdækningsscore udenfor = exp(-afstand / aftagning).</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="209"/>
        <source>Cover: distance decay (m)</source>
        <translation>Overdækning: aftagning med afstand (m)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="210"/>
        <source>Demand aggregation cell (m)</source>
        <translation>Celle til sammenlægning af behov (m)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="211"/>
        <source>Demand behind fewer distinct participants does not count.</source>
        <translation>Behov bag færre forskellige deltagere tæller ikke.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="212"/>
        <source>Demand within this distance of a candidate counts for it.</source>
        <translation>Behov inden for denne afstand af en mulig placering tæller for den.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="213"/>
        <source>Each participant's demand points within one cell of this size are merged (weights summed) before counting: much faster on fixes, distances change by &lt; cell/√2. 0 = off.</source>
        <translation>Hver deltagers behovspunkter inden for én celle af denne størrelse slås sammen (vægtene lægges sammen) før optællingen: meget hurtigere på GPS-punkter, afstande ændres med &lt; celle/√2. 0 = fra.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="214"/>
        <source>Exclusion buffer (m)</source>
        <translation>Buffer om udelukkelseszoner (m)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="215"/>
        <source>Grid spacing without candidates (m)</source>
        <translation>Gitterafstand uden mulige placeringer (m)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="216"/>
        <source>Minimum participants (K_MIN)</source>
        <translation>Mindste antal deltagere (K_MIN)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="217"/>
        <source>Relative weight; the weights are normalised to sum 1.</source>
        <translation>Relativ vægt; vægtene normaliseres til summen 1.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="218"/>
        <source>Scores candidate sites for a mobile shelter from 0 (unsuitable) to 1 (best). Each criterion gives every candidate a 0..1 score, written as a c_&lt;criterion&gt; column: demand (person-hours of presence within the walking radius, from fixes&apos; dwell_s or stays&apos; duration_s), participants (distinct participants within the walking radius), toilet (1 within TOILET_OK_M of the nearest toilet, 0 beyond TOILET_MAX_M, linear or sigmoid in between), cover (1 under a cover polygon, exp(-d/COVER_DECAY_M) outside), wind (the same for wind-sheltered polygons) and an optional extra criterion (a field of EXTRA_LAYER, or the distance to its features).

The score is the weighted sum; the W_* weights are normalised to sum 1, or give an AHP pairwise comparison matrix (Saaty): its principal eigenvector gives the weights and a matrix with consistency ratio CR &gt; 0.1 is refused. A criterion without input is left out (with a note).

Candidates inside an exclusion polygon (schools, kindergartens) or within EXCLUSION_BUFFER_M of one are dropped. Without CANDIDATES a grid of GRID_SPACING_M over the demand is scored. All layers may be in any CRS: they are transformed to one metric CRS (the demand&apos;s if projected, else its UTM zone).

Privacy: demand behind fewer than K_MIN distinct participants does not count (score 0, person_hours_served and participants_served empty).</source>
        <translation>Giver mulige placeringer til et mobilt værested en score fra 0 (uegnet) til 1 (bedst). Hvert kriterium giver hver mulig placering en score på 0..1, skrevet som en kolonne c_&lt;criterion&gt;: demand (persontimer af tilstedeværelse inden for gåradius, fra GPS-punkternes dwell_s eller opholdenes duration_s), participants (forskellige deltagere inden for gåradius), toilet (1 inden for TOILET_OK_M af nærmeste toilet, 0 ud over TOILET_MAX_M, lineært eller sigmoidt imellem), cover (1 under en overdækningspolygon, exp(-d/COVER_DECAY_M) udenfor), wind (det samme for polygoner i læ) og et valgfrit ekstra kriterium (et felt i EXTRA_LAYER eller afstanden til dets objekter).

Scoren er den vægtede sum; vægtene W_* normaliseres til summen 1, eller angiv en AHP-matrix med parvise sammenligninger (Saaty): dens principale egenvektor giver vægtene, og en matrix med konsistensforhold CR &gt; 0.1 afvises. Et kriterium uden input udelades (med en bemærkning).

Mulige placeringer inden for en udelukkelsespolygon (skoler, børnehaver) eller inden for EXCLUSION_BUFFER_M af en sådan fjernes. Uden CANDIDATES vurderes et gitter med GRID_SPACING_M over behovet. Alle lag må være i et vilkårligt CRS: de transformeres til ét metrisk CRS (behovets, hvis det er projiceret, ellers dets UTM-zone).

Privatliv: behov bag færre end K_MIN forskellige deltagere tæller ikke (score 0, person_hours_served og participants_served tomme).</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="219"/>
        <source>Site suitability</source>
        <translation>Placeringers egnethed</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="220"/>
        <source>Spacing of the candidate grid (and of the suitability raster).</source>
        <translation>Afstand i gitteret af mulige placeringer (og i egnethedsrasteret).</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="221"/>
        <source>Toilet: full score within (m)</source>
        <translation>Toilet: fuld score inden for (m)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="222"/>
        <source>Toilet: zero score beyond (m)</source>
        <translation>Toilet: score nul ud over (m)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="223"/>
        <source>Walking radius (m)</source>
        <translation>Gåradius (m)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="224"/>
        <source>Wind score outside = exp(-distance / decay).</source>
        <translation>Læscore udenfor = exp(-afstand / aftagning).</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="225"/>
        <source>Wind shelter: distance decay (m)</source>
        <translation>Læ: aftagning med afstand (m)</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="226"/>
        <source>site,suitability,multi-criteria,MCE,AHP,shelter,toilet,cover,exclusion</source>
        <translation>placering,egnethed,multikriterie,MCE,AHP,værested,toilet,overdækning,udelukkelse</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="286"/>
        <source>Weight: near where people spend time (person-hours)</source>
        <translation>Vægt: tæt på, hvor folk tilbringer tid (persontimer)</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="286"/>
        <source>Weight: near many different participants</source>
        <translation>Vægt: tæt på mange forskellige deltagere</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="286"/>
        <source>Weight: near a toilet</source>
        <translation>Vægt: tæt på et toilet</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="286"/>
        <source>Weight: under cover</source>
        <translation>Vægt: under overdækning</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="286"/>
        <source>Weight: sheltered from wind</source>
        <translation>Vægt: i læ for vinden</translation>
    </message>
    <message>
        <location filename="../processing/alg_sitesuitability.py" line="286"/>
        <source>Weight: extra criterion</source>
        <translation>Vægt: ekstra kriterium</translation>
    </message>
</context>
<context>
    <name>TrampestiDock</name>
    <message>
        <location filename="../ui/dock.py" line="76"/>
        <source>Trampesti round</source>
        <translation>Trampesti-runde</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="117"/>
        <source>Cancel</source>
        <translation>Annuller</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="124"/>
        <source>&lt; Back</source>
        <translation>&lt; Tilbage</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="126"/>
        <source>Next &gt;</source>
        <translation>Næste &gt;</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="189"/>
        <source>1 Files</source>
        <translation>1 Filer</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="189"/>
        <source>Drop the folder with this round&apos;s tracker files onto this panel, or choose it below. GPX, NMEA, CSV, PLT, KML, GeoJSON and FIT files are read; they are never changed.</source>
        <translation>Træk mappen med rundens sporingsfiler ind på dette panel, eller vælg den nedenfor. GPX-, NMEA-, CSV-, PLT-, KML-, GeoJSON- og FIT-filer læses; de ændres aldrig.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="196"/>
        <source>Tracker folder</source>
        <translation>Mappe med sporingsfiler</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="199"/>
        <source>A short name for this round, e.g. 2026-12. It is written on every layer and in the report.</source>
        <translation>Et kort navn for denne runde, fx 2026-12. Det skrives på hvert lag og i rapporten.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="200"/>
        <source>Round</source>
        <translation>Runde</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="202"/>
        <source>Used only for files whose times carry no time zone.</source>
        <translation>Bruges kun til filer, hvis tider ikke har en tidszone.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="203"/>
        <source>Time zone of local times</source>
        <translation>Tidszone for lokale tider</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="207"/>
        <source>The density raster and the report are saved here.</source>
        <translation>Tæthedsrasteret og rapporten gemmes her.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="208"/>
        <source>Save results in</source>
        <translation>Gem resultater i</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="210"/>
        <source>Import files</source>
        <translation>Indlæs filer</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="220"/>
        <source>File</source>
        <translation>Fil</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="220"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="220"/>
        <source>Participant</source>
        <translation>Deltager</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="220"/>
        <source>Fixes</source>
        <translation>GPS-punkter</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="220"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="220"/>
        <source>Problems</source>
        <translation>Problemer</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="230"/>
        <source>2 Privacy</source>
        <translation>2 Privatliv</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="230"/>
        <source>Before anything is counted, the fixes are anonymised: people get pseudonyms such as P07, private places are hidden, and times and positions are made coarser. No figure is shown unless enough different people stand behind it.</source>
        <translation>Før noget tælles, anonymiseres GPS-punkterne: deltagerne får pseudonymer som P07, private steder skjules, og tider og positioner gøres grovere. Et tal vises kun, hvis der står nok forskellige personer bag det.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="236"/>
        <source>Areas where no fix is kept at all, e.g. shelters, homes, hospitals.</source>
        <translation>Områder, hvor intet GPS-punkt bevares, fx herberger, hjem, hospitaler.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="237"/>
        <source>Hide fixes inside</source>
        <translation>Skjul GPS-punkter inden for</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="247"/>
        <source>Where the trackers were handed out and returned; fixes near it are dropped.</source>
        <translation>Hvor sporingsenhederne blev udleveret og afleveret; GPS-punkter tæt på stedet fjernes.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="248"/>
        <source>Hand-out site</source>
        <translation>Udleveringssted</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="352"/>
        <source> m</source>
        <translation> m</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="250"/>
        <source>Hide around the hand-out site</source>
        <translation>Skjul omkring udleveringsstedet</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="284"/>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="252"/>
        <source>Times are rounded to this many minutes.</source>
        <translation>Tider afrundes til så mange minutter.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="253"/>
        <source>Round times to</source>
        <translation>Afrund tider til</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="255"/>
        <source>Positions are moved to the centre of a grid square of this size.</source>
        <translation>Positioner flyttes til midten af en gitterfirkant af denne størrelse.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="256"/>
        <source>Snap positions to a grid of</source>
        <translation>Flyt positioner til et gitter på</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="259"/>
        <source>K_MIN: a figure (density cell, hotspot, place, site) backed by fewer different people is not shown.</source>
        <translation>K_MIN: et tal (tæthedscelle, hotspot, opholdssted, placering), der bygger på færre forskellige personer, vises ikke.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="840"/>
        <source>Fewest people behind a figure (K_MIN)</source>
        <translation>Færrest personer bag et tal (K_MIN)</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="263"/>
        <source>Anonymise</source>
        <translation>Anonymiser</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="270"/>
        <source>The privacy report appears here after anonymising.</source>
        <translation>Privatlivsrapporten vises her efter anonymiseringen.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="274"/>
        <source>3 Movement and hotspots</source>
        <translation>3 Bevægelse og hotspots</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="274"/>
        <source>Finds where people stay (a place where someone remains for a while) and where the most time is spent (hotspots). The defaults suit a city centre.</source>
        <translation>Finder, hvor folk opholder sig (et sted, hvor nogen bliver et stykke tid), og hvor der tilbringes mest tid (hotspots). Standardværdierne passer til en bymidte.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="277"/>
        <source>Stays</source>
        <translation>Ophold</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="280"/>
        <source>A stay: all fixes within this distance of each other.</source>
        <translation>Et ophold: alle GPS-punkter inden for denne afstand af hinanden.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="281"/>
        <source>Stay radius</source>
        <translation>Opholdsradius</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="283"/>
        <source>Shortest stay</source>
        <translation>Korteste ophold</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="285"/>
        <source>A longer gap without fixes ends the stay.</source>
        <translation>Et længere hul uden GPS-punkter afslutter opholdet.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="286"/>
        <source>Longest gap inside a stay</source>
        <translation>Længste hul i et ophold</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="288"/>
        <source>Density and hotspots</source>
        <translation>Tæthed og hotspots</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="291"/>
        <source>automatic</source>
        <translation>automatisk</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="292"/>
        <source>How far one person&apos;s presence is spread; 0 = chosen from the data.</source>
        <translation>Hvor langt én persons tilstedeværelse spredes ud; 0 = vælges ud fra data.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="293"/>
        <source>Smoothing distance</source>
        <translation>Udjævningsafstand</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="295"/>
        <source>Cell size</source>
        <translation>Cellestørrelse</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="296"/>
        <source>Count every participant equally</source>
        <translation>Tæl hver deltager lige meget</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="297"/>
        <source>Someone who carried the tracker longer does not weigh more.</source>
        <translation>En person, der bar sporingsenheden længere, vejer ikke mere.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="300"/>
        <source>Each level is the smallest area holding that share of all time spent.</source>
        <translation>Hvert niveau er det mindste område, der rummer den andel af al tilbragt tid.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="301"/>
        <source>Hotspot levels (% of time)</source>
        <translation>Hotspot-niveauer (% af tiden)</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="303"/>
        <source>Find stays and hotspots</source>
        <translation>Find ophold og hotspots</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="311"/>
        <source>Level</source>
        <translation>Niveau</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="311"/>
        <source>Person-hours</source>
        <translation>Persontimer</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="826"/>
        <source>Participants</source>
        <translation>Deltagere</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="311"/>
        <source>Area (ha)</source>
        <translation>Areal (ha)</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="323"/>
        <source>4 Sites</source>
        <translation>4 Placeringer</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="323"/>
        <source>Scores the candidate sites for a mobile shelter and picks the best ones: close to where people spend their time, near a toilet, under cover, away from schools and other exclusion zones.</source>
        <translation>Giver de mulige placeringer af et mobilt værested point og vælger de bedste: tæt på, hvor folk tilbringer deres tid, nær et toilet, under overdækning, væk fra skoler og andre udelukkelseszoner.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="329"/>
        <source>Toilets</source>
        <translation>Toiletter</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="331"/>
        <source>Cover (roofs, arcades)</source>
        <translation>Overdækning (tage, arkader)</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="333"/>
        <source>No site inside these areas, e.g. schools and playgrounds.</source>
        <translation>Ingen placering inden for disse områder, fx skoler og legepladser.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="334"/>
        <source>Exclusion zones</source>
        <translation>Udelukkelseszoner</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="336"/>
        <source>Possible sites; empty = a regular grid over the hotspots.</source>
        <translation>Mulige placeringer; tom = et regelmæssigt gitter over hotspottene.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="337"/>
        <source>Candidate sites</source>
        <translation>Mulige placeringer</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="339"/>
        <source>Building phases: areas that are available only in some periods.</source>
        <translation>Byggefaser: områder, der kun er til rådighed i visse perioder.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="340"/>
        <source>Building phases</source>
        <translation>Byggefaser</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="342"/>
        <source>What matters most (weights, shown normalised)</source>
        <translation>Hvad betyder mest (vægte, vist normaliseret)</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="348"/>
        <source>Number of sites</source>
        <translation>Antal placeringer</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="350"/>
        <source>People within this walking distance count as served by a site.</source>
        <translation>Personer inden for denne gåafstand regnes som betjent af en placering.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="351"/>
        <source>Service radius</source>
        <translation>Betjeningsradius</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="353"/>
        <source>Least distance between sites</source>
        <translation>Mindste afstand mellem placeringer</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="355"/>
        <source>Rank sites</source>
        <translation>Rangordn placeringer</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="362"/>
        <source>5 Results</source>
        <translation>5 Resultater</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="362"/>
        <source>The chosen sites, best first. Click a row to show the site on the map. The report for the council holds the map, the import and privacy summaries, the hotspot and site tables and every setting used.</source>
        <translation>De valgte placeringer, bedste først. Klik på en række for at vise placeringen på kortet. Rapporten til kommunen rummer kortet, opsummeringerne af indlæsning og privatliv, tabellerne over hotspots og placeringer og alle anvendte indstillinger.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="368"/>
        <source>Rank</source>
        <translation>Rang</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="368"/>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="368"/>
        <source>Person-hours served</source>
        <translation>Persontimer betjent</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="368"/>
        <source>Participants served</source>
        <translation>Deltagere betjent</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="368"/>
        <source>Toilet (m)</source>
        <translation>Toilet (m)</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="368"/>
        <source>Covered</source>
        <translation>Overdækket</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="379"/>
        <source>Export report (HTML and PDF)</source>
        <translation>Eksportér rapport (HTML og PDF)</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="487"/>
        <source>{alg} is not available in this version of Trampesti.</source>
        <translation>{alg} findes ikke i denne version af Trampesti.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="496"/>
        <source>The next steps use the imported fixes; density, hotspots and sites still hide every figure backed by fewer than K_MIN people.</source>
        <translation>De næste trin bruger de indlæste GPS-punkter; tæthed, hotspots og placeringer skjuler stadig alle tal, der bygger på færre end K_MIN personer.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="505"/>
        <source>Only density and hotspots are made.</source>
        <translation>Kun tæthed og hotspots beregnes.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="537"/>
        <source>Near where people spend time</source>
        <translation>Tæt på, hvor folk tilbringer tid</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="537"/>
        <source>Near a toilet</source>
        <translation>Tæt på et toilet</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="538"/>
        <source>Under cover</source>
        <translation>Under overdækning</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="580"/>
        <source>{pct} %</source>
        <translation>{pct} %</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="587"/>
        <source>A step is already running: wait for it or cancel it.</source>
        <translation>Et trin kører allerede: vent på det, eller annuller det.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="604"/>
        <source>Cancelling…</source>
        <translation>Annullerer …</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="614"/>
        <source>The results could not be added to the map: {msg}. Details are in the QGIS log (Trampesti).</source>
        <translation>Resultaterne kunne ikke føjes til kortet: {msg}. Detaljer står i QGIS-loggen (Trampesti).</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="619"/>
        <source>Cancelled: nothing was added to the map and no file was written.</source>
        <translation>Annulleret: intet blev føjet til kortet, og ingen fil blev skrevet.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="629"/>
        <source>The step stopped with a problem: nothing was added to the map.</source>
        <translation>Trinnet stoppede med et problem: intet blev føjet til kortet.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="631"/>
        <source>(Details are in the QGIS log, tab Trampesti.)</source>
        <translation>(Detaljer står i QGIS-loggen, fanen Trampesti.)</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="632"/>
        <source>Details are in the QGIS log, tab Trampesti.</source>
        <translation>Detaljer står i QGIS-loggen, fanen Trampesti.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="655"/>
        <source>Trampesti {round}</source>
        <translation>Trampesti {round}</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="711"/>
        <source>Choose an existing folder of tracker files first.</source>
        <translation>Vælg først en eksisterende mappe med sporingsfiler.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="713"/>
        <source>Reading files</source>
        <translation>Læser filer</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="717"/>
        <source>Reading the tracker files…</source>
        <translation>Læser sporingsfilerne …</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="728"/>
        <source>Fixes (not anonymised) {round}</source>
        <translation>GPS-punkter (ikke anonymiseret) {round}</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="731"/>
        <source>{n} fixes from {f} files ({bad} failed).</source>
        <translation>{n} GPS-punkter fra {f} filer ({bad} fejlet).</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="735"/>
        <source>No fix could be read from these files: see the Problems column.</source>
        <translation>Intet GPS-punkt kunne læses fra disse filer: se kolonnen Problemer.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="737"/>
        <source>Next: step 2, Privacy.</source>
        <translation>Næste: trin 2, Privatliv.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="744"/>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="744"/>
        <source>partly read</source>
        <translation>delvist læst</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="744"/>
        <source>failed</source>
        <translation>fejlet</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="748"/>
        <source>{kept} of {read}</source>
        <translation>{kept} af {read}</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="846"/>
        <source>Import the tracker files first (step 1).</source>
        <translation>Indlæs først sporingsfilerne (trin 1).</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="787"/>
        <source>Anonymising</source>
        <translation>Anonymiserer</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="788"/>
        <source>Anonymising the fixes…</source>
        <translation>Anonymiserer GPS-punkterne …</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="796"/>
        <source>Fixes (anonymised) {round}</source>
        <translation>GPS-punkter (anonymiseret) {round}</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="814"/>
        <source>The full privacy report for the data protection officer:</source>
        <translation>Den fulde privatlivsrapport til databeskyttelsesrådgiveren:</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="816"/>
        <source>{n} anonymised fixes are used from here on.</source>
        <translation>{n} anonymiserede GPS-punkter bruges herfra.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="818"/>
        <source>Anonymised. Next: step 3, Movement and hotspots.</source>
        <translation>Anonymiseret. Næste: trin 3, Bevægelse og hotspots.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="825"/>
        <source>Fixes read</source>
        <translation>GPS-punkter læst</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="825"/>
        <source>Fixes kept after anonymising</source>
        <translation>GPS-punkter bevaret efter anonymisering</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="826"/>
        <source>Fixes removed by the masks</source>
        <translation>GPS-punkter fjernet af maskerne</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="836"/>
        <source>Removed: {why}</source>
        <translation>Fjernet: {why}</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="838"/>
        <source>Times rounded to</source>
        <translation>Tider afrundet til</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="838"/>
        <source>{n} min</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="839"/>
        <source>Positions snapped to a grid of</source>
        <translation>Positioner flyttet til et gitter på</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="839"/>
        <source>{n} m</source>
        <translation>{n} m</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="851"/>
        <source>Finding stays</source>
        <translation>Finder ophold</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="856"/>
        <source>Density</source>
        <translation>Tæthed</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="860"/>
        <source>Hotspots</source>
        <translation>Hotspots</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="863"/>
        <source>Finding stays and hotspots…</source>
        <translation>Finder ophold og hotspots …</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="875"/>
        <source>Density (person-hours/ha) {round}</source>
        <translation>Tæthed (persontimer/ha) {round}</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="876"/>
        <source>Places {round}</source>
        <translation>Opholdssteder {round}</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="876"/>
        <source>Stays {round}</source>
        <translation>Ophold {round}</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="885"/>
        <source>Hotspots {round}</source>
        <translation>Hotspots {round}</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="890"/>
        <source>{p} %</source>
        <translation>{p} %</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="896"/>
        <source>{h} hotspot polygons; smoothing distance {bw} m.</source>
        <translation>{h} hotspot-polygoner; udjævningsafstand {bw} m.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="898"/>
        <source>{n} stays found.</source>
        <translation>{n} ophold fundet.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="900"/>
        <source>Next: step 4, Sites.</source>
        <translation>Næste: trin 4, Placeringer.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="915"/>
        <source>Find the hotspots first (step 3).</source>
        <translation>Find først hotspottene (trin 3).</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="939"/>
        <source>Scoring sites</source>
        <translation>Giver placeringer point</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="940"/>
        <source>Choosing sites</source>
        <translation>Vælger placeringer</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="941"/>
        <source>Scoring and choosing sites…</source>
        <translation>Giver point og vælger placeringer …</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="950"/>
        <source>Sites {round}</source>
        <translation>Placeringer {round}</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="959"/>
        <source>{n} sites chosen. Click a row to see it on the map.</source>
        <translation>{n} placeringer valgt. Klik på en række for at se den på kortet.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="971"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="971"/>
        <source>no</source>
        <translation>nej</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="1019"/>
        <source>Find the hotspots first (step 3): the report needs a map.</source>
        <translation>Find først hotspottene (trin 3): rapporten skal bruge et kort.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="1029"/>
        <source>Writing the report…</source>
        <translation>Skriver rapporten …</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="1035"/>
        <source>The report could not be written: {msg}. No report file was left behind.</source>
        <translation>Rapporten kunne ikke skrives: {msg}. Ingen rapportfil blev efterladt.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="1043"/>
        <source>Report saved:</source>
        <translation>Rapport gemt:</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="1044"/>
        <source>The report is saved in {folder}.</source>
        <translation>Rapporten er gemt i {folder}.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="238"/>
        <source>Hide sleeping places</source>
        <translation>Skjul sovesteder</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="239"/>
        <source>Where each participant spends the night is found from the night hours; every fix near such a place is removed.</source>
        <translation>Hvor hver deltager sover, findes ud fra nattetimerne; alle GPS-punkter nær et sådant sted fjernes.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="243"/>
        <source>Fixes of anyone this close to a sleeping place are removed.</source>
        <translation>GPS-punkter fra alle så tæt på et sovested fjernes.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="245"/>
        <source>Hide around sleeping places</source>
        <translation>Skjul omkring sovesteder</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="513"/>
        <source>No sites can be chosen in this version; the report holds the import, privacy and hotspot results.</source>
        <translation>Der kan ikke vælges placeringer i denne version; rapporten rummer resultaterne for indlæsning, privatliv og hotspots.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="828"/>
        <source>inside a hidden area</source>
        <translation>inden for et skjult område</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="829"/>
        <source>near a sleeping place</source>
        <translation>nær et sovested</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="830"/>
        <source>first and last minutes at the hand-out site</source>
        <translation>første og sidste minutter ved udleveringsstedet</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="831"/>
        <source>the participant withdrew</source>
        <translation>deltageren trak sig</translation>
    </message>
</context>
<context>
    <name>TrampestiPlugin</name>
    <message>
        <location filename="../plugin.py" line="55"/>
        <source>Trampesti round</source>
        <translation>Trampesti-runde</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="58"/>
        <source>Open the Trampesti panel: run a round from tracker files to sites</source>
        <translation>Åbn Trampesti-panelet: kør en runde fra sporingsfiler til placeringer</translation>
    </message>
</context>
<context>
    <name>Withdraw</name>
    <message>
        <location filename="../processing/alg_withdraw.py" line="56"/>
        <source>Anonymised fixes</source>
        <translation>Anonymiserede GPS-punkter</translation>
    </message>
    <message>
        <location filename="../processing/alg_withdraw.py" line="56"/>
        <source>The output of Anonymise fixes (participant = pseudonym).</source>
        <translation>Outputtet fra Anonymiser GPS-punkter (participant = pseudonym).</translation>
    </message>
    <message>
        <location filename="../processing/alg_withdraw.py" line="59"/>
        <source>Withdrawal key</source>
        <translation>Tilbagetrækningsnøgle</translation>
    </message>
    <message>
        <location filename="../processing/alg_withdraw.py" line="59"/>
        <source>The key file (JSON) written by Anonymise fixes for this round.</source>
        <translation>Nøglefilen (JSON), som Anonymiser GPS-punkter skrev for denne runde.</translation>
    </message>
    <message>
        <location filename="../processing/alg_withdraw.py" line="62"/>
        <source>Devices to withdraw (serials or raw keys)</source>
        <translation>Enheder, der skal trækkes tilbage (serienumre eller rå nøgler)</translation>
    </message>
    <message>
        <location filename="../processing/alg_withdraw.py" line="62"/>
        <source>Comma-separated raw keys as found in the tracker files, e.g. a device serial.</source>
        <translation>Kommaseparerede rå nøgler som fundet i sporingsfilerne, fx et enhedsserienummer.</translation>
    </message>
    <message>
        <location filename="../processing/alg_withdraw.py" line="65"/>
        <source>Fixes without the withdrawn participants</source>
        <translation>GPS-punkter uden de tilbagetrukne deltagere</translation>
    </message>
    <message>
        <location filename="../processing/alg_withdraw.py" line="65"/>
        <source>The same layer without any fix of the withdrawn participants.</source>
        <translation>Samme lag uden nogen GPS-punkter fra de tilbagetrukne deltagere.</translation>
    </message>
    <message>
        <location filename="../processing/alg_withdraw.py" line="68"/>
        <source>Fixes removed</source>
        <translation>GPS-punkter fjernet</translation>
    </message>
    <message>
        <location filename="../processing/alg_withdraw.py" line="69"/>
        <source>Participants withdrawn</source>
        <translation>Deltagere trukket tilbage</translation>
    </message>
    <message>
        <location filename="../processing/alg_withdraw.py" line="77"/>
        <source>The withdrawal key file does not exist</source>
        <translation>Filen med tilbagetrækningsnøglen findes ikke</translation>
    </message>
    <message>
        <location filename="../processing/alg_withdraw.py" line="82"/>
        <source>Give at least one device serial or raw key to withdraw</source>
        <translation>Angiv mindst ét enhedsserienummer eller én rå nøgle, der skal trækkes tilbage</translation>
    </message>
    <message>
        <location filename="../processing/alg_withdraw.py" line="86"/>
        <source>{n} of the {m} keys given are not in this withdrawal key (check the spelling, or the round)</source>
        <translation>{n} af de {m} angivne nøgler findes ikke i denne tilbagetrækningsnøgle (kontrollér stavemåden eller runden)</translation>
    </message>
    <message>
        <location filename="../processing/alg_withdraw.py" line="92"/>
        <source>The input has no &apos;participant&apos; field</source>
        <translation>Inputtet har intet felt 'participant'</translation>
    </message>
    <message>
        <location filename="../processing/alg_withdraw.py" line="116"/>
        <source>{p} participant(s) withdrawn: {n} fixes removed, {k} kept. Re-run density and hotspots on the output to update the aggregates.</source>
        <translation>{p} deltager(e) trukket tilbage: {n} GPS-punkter fjernet, {k} bevaret. Kør tæthed og hotspots igen på outputtet for at opdatere aggregaterne.</translation>
    </message>
    <message>
        <location filename="../processing/alg_withdraw.py" line="120"/>
        <source>No fix of the withdrawn participant(s) was in the input layer</source>
        <translation>Ingen GPS-punkter fra de(n) tilbagetrukne deltager(e) var i inputlaget</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="227"/>
        <source>2 Privacy</source>
        <translation>2 Privatliv</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="228"/>
        <source>A participant who withdraws consent is removed from an anonymised fix layer: give the withdrawal key written by &apos;Anonymise fixes&apos; (KEY_FILE, kept apart from the round&apos;s data) and the device serial(s) or raw key(s) of the participant, as written on the logger (DEVICES, comma-separated). The key turns them into pseudonyms; every fix of those pseudonyms is left out of OUTPUT. The log says how many fixes were removed, never the key.

Aggregates built from the fixes (density, hotspots, sites) still contain the participant: re-run Kernel density of presence and Hotspot polygons (or the whole round) on OUTPUT, and delete the old outputs. Raw tracker files of the participant must be deleted by hand.

Note: QGIS keeps the parameters of each run in its Processing history; clear the history entry if the device serial must not stay on this computer.</source>
        <translation>En deltager, der trækker sit samtykke tilbage, fjernes fra et anonymiseret punktlag: angiv tilbagetrækningsnøglen, som 'Anonymiser GPS-punkter' skrev (KEY_FILE, opbevaret adskilt fra rundens data), og deltagerens enhedsserienummer/-numre eller rå nøgle(r), som de står på loggeren (DEVICES, kommasepareret). Nøglen omsætter dem til pseudonymer; alle GPS-punkter med disse pseudonymer udelades af OUTPUT. Loggen oplyser, hvor mange GPS-punkter der blev fjernet, aldrig nøglen.

Aggregater bygget af GPS-punkterne (tæthed, hotspots, placeringer) indeholder stadig deltageren: kør Kernetæthed for tilstedeværelse og Hotspot-polygoner (eller hele runden) igen på OUTPUT, og slet de gamle output. Deltagerens rå sporingsfiler skal slettes manuelt.

Bemærk: QGIS gemmer parametrene for hver kørsel i sin Processing-historik; ryd historikposten, hvis enhedens serienummer ikke må blive på denne computer.</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="229"/>
        <source>Withdraw a participant</source>
        <translation>Tilbagetræk en deltager</translation>
    </message>
    <message>
        <location filename="../../..i18n/hidden_strings.py" line="230"/>
        <source>privacy,withdrawal,gdpr,erase,pseudonym,consent</source>
        <translation>privatliv,tilbagetrækning,gdpr,sletning,pseudonym,samtykke</translation>
    </message>
</context>
<context>
    <name>alg</name>
    <message>
        <location filename="../processing/alg_saveround.py" line="42"/>
        <source>Choose the study&apos;s GeoPackage file (STORE_FILE)</source>
        <translation>Vælg undersøgelsens GeoPackage-fil (STORE_FILE)</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="46"/>
        <source>Choose a PostgreSQL connection (CONNECTION)</source>
        <translation>Vælg en PostgreSQL-forbindelse (CONNECTION)</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="53"/>
        <source>There is no PostgreSQL connection named &apos;{n}&apos;</source>
        <translation>Der findes ingen PostgreSQL-forbindelse med navnet '{n}'</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="64"/>
        <source>Study store</source>
        <translation>Undersøgelsens lager</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="64"/>
        <source>GeoPackage file</source>
        <translation>GeoPackage-fil</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="64"/>
        <source>PostGIS database</source>
        <translation>PostGIS-database</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="64"/>
        <source>One GeoPackage per study (default), or a schema of a PostGIS database.</source>
        <translation>Én GeoPackage pr. undersøgelse (standard) eller et skema i en PostGIS-database.</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="71"/>
        <source>Study GeoPackage</source>
        <translation>Undersøgelsens GeoPackage</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="68"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="72"/>
        <source>The study&apos;s GeoPackage: created on first use, every later round is added to it.</source>
        <translation>Undersøgelsens GeoPackage: oprettes ved første brug, hver senere runde føjes til den.</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="74"/>
        <source>PostgreSQL connection</source>
        <translation>PostgreSQL-forbindelse</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="74"/>
        <source>A saved PostgreSQL connection whose credentials are an authentication configuration (authcfg); connections with a stored password are refused.</source>
        <translation>En gemt PostgreSQL-forbindelse, hvis adgangsoplysninger er en godkendelseskonfiguration (authcfg); forbindelser med en gemt adgangskode afvises.</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="78"/>
        <source>Schema</source>
        <translation>Skema</translation>
    </message>
    <message>
        <location filename="../processing/alg_saveround.py" line="78"/>
        <source>Schema of the study (created if missing).</source>
        <translation>Undersøgelsens skema (oprettes, hvis det mangler).</translation>
    </message>
</context>
</TS>
