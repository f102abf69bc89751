"""Typed counts: every number an article reports about people or things, with what it counts.

Each number `numbers.find_numbers` finds is first checked against what is *not* a count (years,
dates, times, ages, durations, percentages, measures, ordinals, model names such as "Il-76",
labels such as "Article 5", URLs and handles). What remains is typed by multilingual lexicons:
the noun it quantifies (cars → vehicles, shops → buildings, flights, money), else the nearest
event word in its clause (killed/مقتل/σκοτώθηκαν/मारे/নিহত…), else protesters by the noun alone.
A count no lexicon types is `other`, never a guessed type; an untyped number with no noun after
it is dropped, since such numbers are mostly not counts at all.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache

import regex
from sentencex import segment as split_sentences

from crosswire.extract.dates import month_names
from crosswire.extract.numbers import NumberSpan, ascii_digits, compiled, find_numbers, fold, small_number_words, word_forms
from crosswire import lang
from crosswire.records import Count

# Lexicons: per language, space-separated folded-or-not terms; a trailing '*' marks a stem (it
# matches any word starting with it), '_' joins the words of a phrase. Terms are folded on load.
EVENTS = {
    "killed": {
        "en": "kill* dead death deaths died die dies dying fatalit* perish* slain murdered murders homicide* toll "
              "massacr* femicide* claimed_the_lives claimed_the_life took_the_lives cost_the_lives "
              "lost_their_lives lost_his_life bodies lives shot_dead shot_and_killed shot_to_death fatally_shot "
              "gunned_down",
        "de": "getotet* tot tote toten toter todesopfer* todesfall* gestorben sterben stirbt starben starb ums_leben totungsdelikt* "
              "massakr* "
              "umgekommen* verstorben* verstarb* leichen",
        "es": "muert* murier* murio fallec* asesinad* asesinato* homicidio* perdieron_la_vida victimas_mortales vidas costo_la_vida "
              "masacr* feminicidio* "
              "cadaver*",
        "fr": "mort morts morte mortes tue tues tuee tuees deces decede* peri perirent homicide* meurtre* vies coute_la_vie "
              "ont_peri ont_perdu_la_vie victimes cadavres",
        "it": "mort* uccis* decess* decedut* omicidi* vittime persero_la_vita hanno_perso_la_vita cadaveri vite costato_la_vita",
        "pl": "zgin* zabit* zmarl* ofiar* smierc* zgon* nie_zyje zginelo zabojstw* ciala cial zwloki",
        "ru": "погиб* убит* умер* умерл* смерт* жертв* скончал* гибел* тел жизн*",
        # folded "öl-" (die) meets "ol-" (be): whole forms, not a stem ("olduğu" is "that it is")
        "tr": "oldu olduler oldurul* olduren* oldurdu* olen olenler* olenlerin* olmustu olu olum* "
              "hayatini_kaybet* yasamini_yitir* can_verdi vefat* cesed*",
        "ar": "قتل* مقتل* مصرع* حتف* وفاه وفيات توفي* ماتوا موت ضحايا جثه جثث استشهد* شهيد*",
        "el": "νεκρ* σκοτωθ* σκοτωσ* σκοτων* εχασαν_τη_ζωη χασει_τη_ζωη θανατ* πεθαν* απεβιωσ* "
              "θυματα",
        "hi": "मारे मारा मौत मौतों मृत* जान_गंवा* जान_गँवा* मरने मर_गए शव",
        "bn": "মারা নিহত* মৃত* মৃত্যু* প্রাণ_হারা* লাশ",
        "zh": "死 丧生 遇难 身亡 罹难 殉职 遇害",
        "pt": "mort* morre* morreu morreram falec* assassinad* homicidio* vitimas_fatais",
        "nl": "dood doden omgekomen gedood overleden doodgeschoten",
        "uk": "загин* убит* вбит* помер* смерт* жертв*",
    },
    "injured": {
        "en": "injur* wounded hurt poisoned",
        "de": "verletz* verwundet* schwerverletzt* leichtverletzt* schwerstverletzt* vergiftet* verbrennungen",
        "es": "herid* lesionad*",
        "fr": "blesse*",
        "it": "ferit* feriti",
        "pl": "rann* poszkodowan* podtru* zatrul* zatrut*",
        "ru": "ранен* ранения пострадав* пострадал* травм*",
        "tr": "yarala* yarali*",
        "ar": "جرح* جريح* اصيب* اصابه اصابات مصاب*",
        "el": "τραυματ*",
        "hi": "घायल जख्मी",
        "bn": "আহত",
        "zh": "受伤 伤",
        "pt": "ferid*",
        "nl": "gewond*",
        "uk": "поранен* постраждал*",
    },
    # hit by gunfire, killed or not: "four people were shot, one fatally" (the injured are the rest)
    "shot": {
        "en": "shot shooting_of shootings_of",
    },
    "hospitalised": {
        "en": "hospitali* in_hospital in_hospitals in_the_hospital admitted_to_hospital to_the_hospital to_hospital intensive_care icu",
        "de": "krankenhaus* klinik* hospitalisiert* eingeliefert spital* intensivstation*",
        "es": "hospitalizad* ingresad* en_hospitales en_el_hospital cuidados_intensivos",
        "fr": "hospitalise* a_l'hopital soins_intensifs reanimation",
        "it": "ricoverat* ospedalizzat* terapia_intensiva",
        "pl": "hospitalizowan* w_szpitalu w_szpitalach trafil*_do_szpitala do_szpitali do_szpitala intensywnej_terapii",
        "ru": "госпитализ* в_больниц* реанимаци*",
        "tr": "hastaneye_kaldiril* hastanede_tedavi* yogun_bakim*",
        "ar": "المستشفي المستشفيات نقلوا_الي_المستشفي",
        "el": "νοσηλ* στο_νοσοκομειο",
        "hi": "अस्पताल_में_भर्ती",
        "bn": "হাসপাতালে_ভর্তি",
        "zh": "住院",
        "pt": "hospitalizad* internad*",
        "nl": "ziekenhuis*",
        "uk": "госпіталізов*",
    },
    "detained": {
        "en": "arrest* detain* detention* jail* imprison* custody apprehend* held_in_custody",
        "de": "festgenommen* festnahme* festnehm* verhaftet* verhaftung* inhaftiert* gewahrsam festgesetzt",
        "es": "detenid* detencion* detuv* arrestad* encarcelad*",
        "fr": "arrete arretes arretee arretees arrestation* interpelle* detenu* garde_a_vue "
              "interpellation*",
        "it": "arrestat* arresti fermat* detenut* cattur*",
        "pl": "zatrzyman* aresztowan* zatrzyma*",
        "ru": "задерж* арест*",
        "tr": "gozalti* tutuklan* tutuklu* yakalan* yakaladi*",
        "ar": "اعتقل* معتقل* اعتقال* احتجز* محتجز* موقوف* اوقف* القبض_علي توقيف* بسجن سجن",
        "el": "συνελ* συλληφθ* συλληψ* συλλαμβαν* κρατουμεν*",
        "hi": "गिरफ्तार* हिरासत*",
        "bn": "গ্রেপ্তার* গ্রেফতার* আটক*",
        "zh": "逮捕 拘留 被捕 抓获 拘捕",
        "pt": "presos presas preso presa detid* detencao detencoes",
        "nl": "gearresteerd* aangehouden arrestatie* opgepakt",
        "uk": "затриман* заарештов*",
    },
    "missing": {
        "en": "missing unaccounted",
        "de": "vermisst*",
        "es": "desaparecid*",
        "fr": "disparu disparus disparues",
        "it": "dispers*",
        "pl": "zaginion*",
        "ru": "пропал* пропавш* без_вести",
        "tr": "kayip* kayboldu*",
        "ar": "مفقود* المفقودين",
        "el": "αγνοουμεν*",
        "hi": "लापता",
        "bn": "নিখোঁজ",
        "zh": "失踪 下落不明",
        "pt": "desaparecid*",
        "nl": "vermist*",
        "uk": "зник* безвісти",
    },
    "evacuated": {
        "en": "evacuat* fled fleeing",
        "de": "evakuiert* evakuierung* in_sicherheit_gebracht sicher_gebracht geflohen geflüchtet",
        "es": "evacuad* evacuacion* huyeron",
        "fr": "evacue* ont_fui",
        "it": "evacuat* sfollat*",
        "pl": "ewakuow* ewakuacj*",
        "ru": "эвакуир* эвакуац*",
        "tr": "tahliye*",
        "ar": "اجلاء اجلي* اخلاء",
        "el": "εκκενω* απομακρυνθ*",
        "hi": "निकाला_गया निकाले_गए खाली_कराया",
        "bn": "সরিয়ে_নেওয়া",
        "zh": "疏散 撤离",
        "pt": "evacuad*",
        "nl": "geevacueerd* evacuatie*",
        "uk": "евакуйов* евакуац*",
    },
    "deployed": {
        "en": "deploy* redeploy* dispatch* stationed",
        "de": "entsandt* stationiert* entsenden* entsendet*",
        "es": "desplegad* despliegue* desplegar*",
        "fr": "deploy* deploie*",
        "it": "dispiegat* schier* dispiegamento",
        "pl": "rozmieszcz* wyslan*_zolnierzy",
        "ru": "развернут* размещ* переброс* ввод*",
        "tr": "konuslandir* sevk*",
        "ar": "نشر نشرت انتشار",
        "el": "αναπτυξ* αναπτυχθ*",
        "hi": "तैनात*",
        "bn": "মোতায়েন*",
        "zh": "部署 派遣 派出",
        "pt": "mobilizad* destacad*",
        "nl": "ingezet gestationeerd",
        "uk": "розгорнут* розміщ*",
    },
}
# Verbs that make a troop or police noun a deployment ("sent 3,000 soldiers", "200 police took
# part in the operation").
SENDING = {
    "en": "sent send* arriv* flown took_part take_part taking_part participat* mobili* on_duty",
    "de": "geschickt schickt* eingetroffen* beteiligt* im_einsatz eingesetzt* verlegt* auf_den_weg",
    "es": "envi* particip* movilizad* movilizo",
    "fr": "envoy* mobilis* particip* sollicit*", "it": "inviat* inviare impegnat* impiegat* mobilitat* partecip*",
    "pl": "wysla* wysyl* uczestnicz* udzial zaangazowan*", "ru": "отправ* направ* прибыл* участв* задейств* привлеч*",
    "tr": "gonder* katil* gorevlendiril*", "ar": "ارسل* سيرسل* يرسل* وصل* شارك*", "el": "εστειλ* σταλ* εφτασαν εφθασαν",
    "hi": "भेज*", "bn": "পাঠা*", "zh": "派 抵达",
    "pt": "enviad* envia*",
    "nl": "gestuurd stuurt",
    "uk": "відправ* направ*",
}
GATHERING = {
    "en": "protest* rall* march* gather* demonstrat* took_to_the_streets",
    "de": "demonstrier* protestier* versammel* gingen_auf_die_strasse*",
    "es": "manifest* protest* marcharon concentr* salieron_a_las_calles",
    "fr": "manifest* rassembl* defile*", "it": "manifest* protest* scesi_in_piazza radunat*",
    "pl": "protest* demonstr* manifest* zgromadzil*", "ru": "протест* митинг* вышли_на_улиц* собрал*",
    "tr": "protesto* gosteri* toplandi*", "ar": "تظاهر* احتج* يتظاهر* يحتج* تجمع* خرج* الشوارع مسيره",
    "el": "διαδηλ* συγκεντρ* διαμαρτυρ*", "hi": "प्रदर्शन* विरोध", "bn": "বিক্ষোভ* প্রতিবাদ*",
    "zh": "抗议 示威 游行 集会",
    "pt": "manifest* protest* marcharam",
    "nl": "demonstr* protest* betoog*",
    "uk": "протест* мітинг*",
}
THINGS = {
    "vehicles": {
        "en": "car cars vehicle* bus buses truck* lorr* tank tanks tenders aircraft plane planes jet jets "
              "helicopter* boat boats ship ships ambulance* motorcycle* motorbike*",
        "de": "auto autos fahrzeug* wagen bus busse lkw lastwagen panzer flugzeug* hubschrauber "
              "schiff* boot boote motorrad motorrader",
        "es": "coche* vehiculo* auto autos automovil* autobus* camion* tanque* avion* helicoptero* "
              "barco* patrulla* moto motos motocicleta*",
        "fr": "voiture* vehicule* bus camion* char chars avion* helicoptere* bateau* navire* moto motos",
        "it": "auto automobil* veicol* autobus camion carri_armati aere* elicotter* nave navi "
              "barche",
        "pl": "samochod* pojazd* autobus* ciezarow* czolg* samolot* helikopter* smiglowc* statk* motocykl*",
        "ru": "машин* автомобил* автобус* грузовик* танк* самолет* вертолет* бронетехник* "
              "бтр судов судна",
        "tr": "arac* otomobil* otobus* kamyon* tank* ucak* helikopter* gemi* motosiklet*",
        "ar": "سياره سيارات مركبه مركبات حافله حافلات شاحن* دبابه دبابات طائره طائرات طاءره "
              "طاءرات طايره طايرات مروحي* سفين* سفن",
        "el": "αυτοκινητ* οχημα* λεωφορει* φορτηγ* τεθωρακισμεν* αεροσκαφ* αεροπλαν* ελικοπτερ* "
              "πλοι*",
        "hi": "गाड़ी* गाडी* गाड़ियों वाहन* कार कारों बस* ट्रक* टैंक* विमान* हेलीकॉप्टर*",
        "bn": "গাড়ি* যানবাহন* যান বাস ট্রাক* ট্যাংক* বিমান* হেলিকপ্টার* পরিবহন",
        "zh": "辆 架 车 汽车 飞机 坦克",
        "pt": "carro* veiculo* onibus caminh* aviao avioes helicoptero*",
        "nl": "auto autos voertuig* bus bussen vrachtwagen* vliegtuig* helikopter*",
        "uk": "автомобіл* машин* автобус* літак* гелікоптер* танк*",
    },
    "buildings": {
        "en": "building* shop shops store stores house houses home homes office offices bank banks restaurant* "
              "cafe* school schools hospital hospitals church* mosque* apartment* premises business* facilit* "
              "hotel* supermarket*",
        "de": "gebaude* geschaft geschafte geschaften laden haus hauser wohnung* buro* bank banken restaurant* "
              "cafe* schule schulen kirche* moschee* filiale* hotel hotels supermarkt*",
        "es": "edificio* tienda* comercio comercios casa casas vivienda* oficina* banco* restaurante* "
              "cafeteria* escuela* iglesia* local locales hotel* supermercado*",
        "fr": "batiment* magasin* commerce* maison* logement* bureau* banque* restaurant* cafe* "
              "ecole* eglise* mosquee* immeuble* hotel* supermarche*",
        "it": "edifici* negozio negozi casa case abitazion* ufficio uffici banca banche ristorant* bar scuol* "
              "chies* moschee palazz* hotel alberghi supermercat*",
        "pl": "budyn* sklep* dom domy domow mieszkanie mieszkania mieszkan mieszkaniach biur* bank* restaurac* "
              "kawiarni* szkol* "
              "kosciol* meczet* hotel* supermarket*",
        "ru": "здани* магазин* дом дома домов квартир* офис* банк* ресторан* кафе школа школы школ школу церк* "
              "мечет* объект* гостиниц* отел* супермаркет*",
        "tr": "bina* dukkan* magaza* ev evler* konut* ofis* banka* restoran* kafe* okul* cami camiler camisi "
              "isyeri* otel* market*",
        "ar": "مبني مباني مبان محل محلات متجر متاجر منزل منازل بيت بيوت مكتب مكاتب بنك بنوك "
              "مطعم مطاعم مقهي مقاهي مدرسه مدارس مسجد مساجد كنيس* مقر مقرات فندق فنادق",
        "el": "κτιρι* καταστημ* σπιτι* κατοικι* γραφει* τραπεζ* εστιατορι* καφε* σχολει* "
              "εκκλησι*",
        "hi": "इमारत* भवन* दुकान* घर* मकान* कार्यालय* दफ्तर* बैंक* रेस्तरां* स्कूल* मस्जिद* मंदिर*",
        "bn": "ভবন* দোকান* বাড়ি* ঘর* অফিস* ব্যাংক* রেস্তোরাঁ* স্কুল* মসজিদ* মন্দির*",
        "zh": "栋 座 家 建筑 房屋 商店",
        "pt": "predio* edificio* loja* casa casas residencia* escritorio* banco* escola* igreja*",
        "nl": "gebouw* winkel* huis huizen woning* kantoor* bank banken school scholen kerk*",
        "uk": "будин* будівл* магазин* квартир*",
    },
    "flights": {
        "en": "flight flights", "de": "flug fluge flugen", "es": "vuelo*", "fr": "vol vols",
        "it": "volo voli", "pl": "lot lotow loty polaczen*", "ru": "рейс*", "tr": "sefer* ucus*",
        "ar": "رحله رحلات", "el": "πτησ*", "hi": "उड़ान* उडान*", "bn": "ফ্লাইট*", "zh": "航班",
        "pt": "voo voos",
        "nl": "vlucht vluchten",
        "uk": "рейс*",
    },
    "money": {
        "en": "dollar* euro euros pound pounds sterling yuan yen rupee* rouble* ruble* tenge lira dirham* riyal* "
              "dinar* peso* soles reais rand ringgit baht naira francs krona kronor kroner zloty* "
              "hryvnia* cent cents pence usd eur gbp rub kzt pln chf jpy cad aud sek nok dkk czk huf ron sar aed egp "
              "mxn brl zar cny",
        "de": "dollar* euro franken rubel* pfund yen yuan rupie* lira peso* cent", "es": "dolar* dolares euro euros peso* rublo* "
              "yen* yuan* libras_esterlinas soles reales centavo* centimo* rupia* liras francos",
        "fr": "dollar* euro euros rouble* yen* yuan* livres_sterling francs centime* roupie* dinar* dirham*",
        "it": "dollar* euro rubl* yen yuan sterlin* franch* centesim* rupi* lir*",
        "pl": "dolar* euro złot* zł rubl* jen* juan* funt* frank* groszy centow* rupii hrywien",
        "ru": "доллар* евро рубл* тенге иен* юан* фунт* франк* центов копе* гривен* рупи*",
        "tr": "dolar* avro euro lira* tl yen yuan sterlin* frank* kurus* ruble* riyal* dinar*",
        "ar": "دولار* يورو ريال* جنيه* درهم* دينار* روبل* ين يوان* ليره* ليرات* فرنك* سنت سنتا روبيه*", "el": "δολαρι* ευρω",
        "hi": "रुपय* रुपए डॉलर* डालर*", "bn": "টাকা ডলার*", "zh": "元 美元 欧元",
        "pt": "dolar* reais real euro euros",
        "nl": "dollar* euro euros",
        "uk": "долар* гривень гривні гривня євро",
    },
}
PEOPLE_WORDS = {
    "protesters": {
        "en": "protester* protestor* demonstrator* rioter* marcher* activists",
        "de": "demonstrant* protestier* randalier*", "es": "manifestante*", "fr": "manifestant*",
        "it": "manifestant*", "pl": "demonstrant* protestuj* manifestant*",
        "ru": "протестующ* демонстрант* митингующ* манифестант*", "tr": "protestocu* gosterici*",
        "ar": "متظاهر* محتج* المتظاهرين المحتجين", "el": "διαδηλωτ*",
        "hi": "प्रदर्शनकारी*", "bn": "বিক্ষোভকারী* প্রতিবাদকারী*", "zh": "抗议者 示威者",
        "pt": "manifestante*",
        "nl": "demonstrant* betoger*",
        "uk": "протестувальник* демонстрант*",
    },
    "troops": {       # and other forces one deploys: police, firefighters, rescuers
        "en": "troop* soldier* servicem* paratrooper* peacekeep* personnel police policemen officers "
              "firefighters firemen rescuers gendarmes",
        "de": "soldat* truppe* fallschirmjager* polizist* polizeibeamt* einsatzkraft* feuerwehrleute retter",
        "es": "soldado* tropa* efectivos militares policias agentes bomberos uniformados gendarmes",
        "fr": "soldat* militaires troupe* policiers gendarmes pompiers secouristes",
        "it": "soldat* militari truppe poliziotti agenti carabinieri pompieri",
        "pl": "zolnierz* wojsk* policjant* strazak* strazakow funkcjonariusz* ratownik*",
        "ru": "военнослужащ* солдат* военн* десантник* миротвор* полицейск* пожарн* спасател*",
        "tr": "asker* polis* jandarma* itfaiyeci*", "ar": "جندي جنود عسكري* قوات شرطي* عناصر", "el": "στρατιωτ* ειρηνευτ*",
        "hi": "सैनिक* जवान* सैन्य", "bn": "সেনা* সৈন্য* সৈনিক*", "zh": "士兵 军人 维和",
        "pt": "soldado* tropa* militares",
        "nl": "soldat* militair* troepen",
        "uk": "військов* солдат*",
    },
}
# Nouns of incidents: "88 accidentes fatales", "100 лесных пожаров", "81,400 cases" count events,
# not the people an event word near them would type.
INCIDENTS = {
    "en": "sick accident accidents crash crashes collision* fire fires wildfire* blaze* case cases "
          "infection* incident* attack attacks shooting shootings explosion* blast blasts earthquake* quake* "
          "outbreak* test tests count counts charges",
    "de": "erkrankte erkrankten unfall unfalle unfallen brand brande branden fall falle fallen infektion* "
          "neuinfektion* vorfall vorfalle angriff angriffe explosion* erdbeben",
    "es": "enfermos enfermas accidente* choque* incendio* caso casos contagio* infeccion* incidente* ataque "
          "ataques tiroteo* explosion* sismo* terremoto*",
    "fr": "malades accident accidents collision* incendie* feux cas infection* incident* attaque* attentat* "
          "fusillade* explosion* seisme*",
    "it": "malati incidente incidenti scontr* incendi incendio roghi casi caso contagi* infezion* attacc* "
          "attentat* sparatori* esplosion* terremot*",
    "pl": "wypad* zderzen* pozar* przypad* zakazen* zachorowan* incydent* atak atakow atakach strzelanin* "
          "eksplozj* wybuch* trzesien*",
    "ru": "авари* столкновен* пожар* случа* заражен* инцидент* атак* нападен* перестрелк* взрыв* "
          "землетрясен* дтп",
    "tr": "kaza kazada kazalar* carpism* yangin* vaka* enfeksiyon* olay olaylar* saldiri* patlama* deprem*",
    "ar": "حادث* حوادث حريق* حرائق حاله حالات عدوي هجوم هجمات انفجار* زلزال*",
    "el": "ατυχημ* συγκρουσ* πυρκαγι* φωτι* κρουσμ* περιστατικ* επιθεσ* εκρηξ* σεισμ*",
    "hi": "दुर्घटना* हादसे हादसा हादसों आग मामले मामलों संक्रमण हमले हमला हमलों धमाके विस्फोट भूकंप",
    "bn": "দুর্ঘটনা* অগ্নিকাণ্ড* আগুন মামলা* ঘটনা* সংক্রমণ* হামলা* বিস্ফোরণ* ভূমিকম্প*",
    "pt": "doentes acidente* colisao* incendio* caso casos infeccao* incidente* ataque ataques tiroteio* explosao* "
          "terremoto*",
    "nl": "ongeluk* ongeval* botsing* brand branden geval gevallen besmetting* incident* aanval* "
          "schietpartij* explosie* aardbeving*",
    "uk": "авар* пожеж* випадк* інцидент* атак* напад* вибух* землетрус*",
}
# Groups and places: "two small groups of demonstrators", "due località separate", "nine families"
# count collectives or sites, not the people an event word near them would type.
GROUPS_AND_PLACES = {
    "en": "group groups set sets pair pairs family families team teams crew crews unit units squad squads pieces beds "
          "places locations sites cities towns villages provinces districts areas countries states",
    "de": "gruppe gruppen familie familien team teams einheit* orte orten stadte dorfer bundeslander lander stuck betten",
    "es": "grupo grupos familia familias equipo equipos unidad* piezas camas lugares localidades ciudades pueblos "
          "provincias estados paises",
    "fr": "groupe groupes famille familles equipe equipes unite* lieux localites villes villages provinces pays",
    "it": "gruppo gruppi famiglia famiglie squadra squadre unita localita luoghi citta paesi province",
    "pl": "grupa grupy grup rodzina rodziny rodzin zespol* sztuk lozek lozka miejsca miejscach miejscowosc* miasta miast wsi "
          "prowincj* krajow krajach",
    "ru": "групп* семей семьи семьям команды команд бригад* штук коек койк* места мест местах городов городах сел деревень "
          "деревни областей стран странах",
    "tr": "grup* aile* ekip* takim* yer yerde yerlerde sehir* ulke* adet tane yatak*",
    "ar": "مجموعه مجموعات عائلات اسر فرق فريق اماكن مواقع مدن قري محافظات دول",
    "el": "ομαδ* οικογενει* περιοχ* πολεις πολη πολεων χωρες χωρων",
    "hi": "समूह* परिवार* टीम* जगह* शहर* गांव* राज्य*",
    "bn": "দল* পরিবার* জায়গা* শহর* গ্রাম* রাজ্য*",
    "pt": "grupo grupos familia familias equipe* unidade* lugares localidades cidades provincias paises",
    "nl": "groep* gezin* famili* team* plaatsen steden dorpen provincies landen",
    "uk": "груп* сімей родин команди команд місця місць міст містах сіл",
}
# In a sentence about a disease, "إصابات" and "cases" are infections, not injuries.
DISEASES = {
    "en": "coronavirus* covid* virus* pandemic* epidemic* infected infections flu influenza",
    "de": "coronavirus* corona covid* virus* pandemie* epidemie* infiziert* grippe",
    "es": "coronavirus* covid* virus* pandemi* epidemi* infectad* contagiad* gripe",
    "fr": "coronavirus* covid* virus* pandemi* epidemi* infecte* contamine* grippe",
    "it": "coronavirus* covid* virus* pandemi* epidemi* infett* contagiat* influenza",
    "pl": "koronawirus* covid* wirus* pandemi* epidemi* zakazon* grypa grypy",
    "ru": "коронавирус* covid* ковид* вирус* пандеми* эпидеми* инфицир* заражен* грипп*",
    "tr": "koronavirus* covid* virus* pandemi* salgin* enfekte* grip",
    "ar": "كورونا بكورونا كوفيد* فيروس* بفيروس* الفيروس* وباء* الوباء* جائحه* الجائحه*",
    "el": "κορονοϊ* κορωνοϊ* covid* ιο* πανδημι* επιδημι* κρουσμ*",
    "hi": "कोरोना* कोविड* वायरस* महामारी* संक्रमित*",
    "bn": "করোনা* কোভিড* ভাইরাস* মহামারি* সংক্রমিত*",
    "zh": "新冠 冠状病毒 病毒 疫情 感染 确诊",
    "pt": "coronavirus* covid* virus* pandemi* epidemi* infectad* contaminad* gripe",
    "nl": "coronavirus* corona covid* virus* pandemie* epidemie* besmet* griep",
    "uk": "коронавірус* covid* ковід* вірус* пандемі* епідемі* інфікован*",
}
QUALIFIERS = {
    "more_than": {
        "en": "more_than over above in_excess_of upwards_of", "de": "mehr_als uber uber_die",
        "es": "mas_de mas_de_los", "fr": "plus_de", "it": "piu_di oltre", "pl": "ponad wiecej_niz",
        "ru": "более больше свыше", "tr": "", "ar": "اكثر_من ازيد_من ما_يزيد_عن ما_يزيد_علي "
        "ما_يربو_علي", "el": "περισσοτερ*_απο πανω_απο", "hi": "", "bn": "", "zh": "超过 逾",
        "pt": "mais_de",
        "nl": "meer_dan ruim",
        "uk": "понад більше",
    },
    "at_least": {
        "en": "at_least no_fewer_than no_less_than", "de": "mindestens wenigstens",
        "es": "al_menos por_lo_menos como_minimo", "fr": "au_moins", "it": "almeno",
        "pl": "co_najmniej przynajmniej", "ru": "не_менее по_меньшей_мере как_минимум минимум",
        "tr": "en_az", "ar": "ما_لا_يقل_عن لا_يقل_عن", "el": "τουλαχιστον",
        "hi": "कम_से_कम", "bn": "অন্তত কমপক্ষে", "zh": "至少",
        "pt": "pelo_menos ao_menos",
        "nl": "minstens ten_minste",
        "uk": "щонайменше принаймні",
    },
    "about": {
        "en": "about around approximately roughly nearly almost some an_estimated estimated "
              "close_to", "de": "etwa rund ungefahr circa ca fast knapp nahezu gut",
        "es": "unos unas cerca_de alrededor_de aproximadamente casi", "fr": "environ pres_de "
        "quelque presque", "it": "circa quasi",
        "pl": "okolo ok blisko prawie niemal", "ru": "около примерно почти порядка",
        "tr": "yaklasik neredeyse", "ar": "حوالي نحو قرابه زهاء ما_يقرب_من قرابه حوالى",
        "el": "περιπου σχεδον", "hi": "लगभग करीब प्रायः तकरीबन", "bn": "প্রায় আনুমানিক",
        "zh": "约 大约 近 将近 接近",
        "pt": "cerca_de quase aproximadamente",
        "nl": "ongeveer bijna circa",
        "uk": "близько майже приблизно",
    },
    "up_to": {
        "en": "up_to as_many_as fewer_than less_than under", "de": "bis_zu weniger_als",
        "es": "hasta menos_de", "fr": "jusqu'a moins_de", "it": "fino_a meno_di",
        "pl": "do mniej_niz", "ru": "до менее меньше", "tr": "", "ar": "ما_يصل_الي اقل_من",
        "el": "εως μεχρι λιγοτερ*_απο", "hi": "", "bn": "", "zh": "",
        "pt": "ate",
        "nl": "tot_wel",
        "uk": "до",
    },
}
# Qualifiers written after the number (Hindi, Bengali, Turkish, Chinese, "200 or more").
POST_QUALIFIERS = {
    "more_than": {"en": "or_more plus", "hi": "से_अधिक से_ज्यादा से_ज्यादा से_अधिक_लोग",
                  "bn": "এর_বেশি এরও_বেশি জনেরও_বেশি র_বেশি", "tr": "den_fazla dan_fazla "
                  "ten_fazla tan_fazla fazla aski*", "zh": "多 余"},
    "about": {"en": "or_so", "tr": "civarinda kadar_", "hi": "के_करीब के_आसपास", "zh": "左右"},
    "up_to": {"hi": "तक", "bn": "পর্যন্ত", "tr": "e_kadar a_kadar ye_kadar ya_kadar"},
    "at_least": {"ar": "علي_الاقل", "bn": "অন্তত"},
}
# Nouns that make the number not a count: time spans, ages, measures, percentages.
NOT_COUNTED_AFTER = {
    "en": "year* month* week* day days hour* minute* second* decade* centur* km kilomet* mile* "
          "metre* meter* m kg kilo* tonne* ton tons litre* liter* gallon* barrel* degree* percent "
          "per_cent pc points acre* hectare* ha sq square mw gw kw feet foot inch* am a.m pm p.m "
          "o'clock gb mb kb mm cm caliber calibre call calls caller* dispatcher* operator* block",
    "de": "jahr* monat* woche* tag tage tagen stunde* minute* sekunde* jahrzehnt* km kilomet* "
          "meter m kg kilo tonne* liter grad prozent uhr punkte hektar qm mm cm kaliber",
    "es": "ano anos mes meses semana* dia dias hora* minuto* segundo* decada* km kilomet* metro* porciento "
          "kg kilo* tonelada* litro* grado* por_ciento puntos hectarea* mm cm calibre",
    "fr": "an ans annee* mois semaine* jour jours heure* minute* seconde* decennie* km kilomet* "
          "metre* kg kilo* tonne* litre* degre* pour_cent points hectare* mm cm calibre",
    "it": "anno anni mese mesi settiman* giorn* ora ore minut* second* decenn* km chilomet* metri "
          "kg chil* tonnellat* litri grad* per_cento percento punti ettari mm cm calibro",
    "pl": "rok roku lat lata miesi* tydz* tygodn* dzien dni godzin* minut* sekund* km kilomet* "
          "metr* kg kilogram* ton* litr* stopn* procent* proc punkt* p.p hektar* mm cm kaliber*",
    "ru": "год года лет годам месяц* недел* день дня дней сут* час* минут* секунд* км километр* "
          "метр* кг килограмм* тонн* литр* градус* процент* пункт* гектар* мм см калибр*",
    "tr": "yil* yas* ay hafta* gun* saat* dakika* saniye* km kilomet* metre* kg kilo* ton* litre* "
          "derece* puan* mm cm kalibre*",
    "ar": "عام اعوام سنه سنوات سنين شهر اشهر شهور اسبوع* يوم ايام ساعه ساعات دقيقه دقائق ثانيه "
          "ثوان كم كيلومتر* متر امتار كغ كيلوغرام* طن اطنان لتر درجه درجات بالمئه بالمائه "
          "في_المئه في_المائه نقطه عاما عقود عقد",
    "el": "χρονι* ετ* μην* εβδομαδ* ημερ* μερ* ωρ* λεπτ* δευτερολεπτ* δεκαετ* χιλιομετρ* χλμ "
          "μετρ* κιλ* τον* λιτρ* βαθμ* τοις_εκατο μοναδ*",
    "hi": "साल वर्ष* महीन* माह हफ्त* सप्ताह दिन* घंट* मिनट सेकंड दशक* किलोमीटर किमी मीटर किलो* "
          "टन लीटर डिग्री प्रतिशत फीसदी फ़ीसदी",
    "bn": "বছর* মাস* সপ্তাহ* দিন* ঘণ্টা* ঘন্টা* মিনিট* সেকেন্ড* দশক* কিলোমিটার* মিটার* কেজি টন "
          "লিটার ডিগ্রি শতাংশ",
    "zh": "年 月 日 周 天 小时 分钟 秒 岁 公里 米 吨 度",
    "pt": "ano anos mes meses semana* dia dias hora* minuto* segundo* km metro* kg tonelada* litro* graus por_cento",
    "nl": "jaar jaren maand* week weken dag dagen uur minuten seconden km meter kilo ton liter graden procent",
    "uk": "рік роки років місяц* тижн* день дні днів годин* хвилин* км метр* кг тонн* відсот*",
}
# Words before a number that make it a label or a rank, not a count.
NOT_COUNTED_BEFORE = {
    "en": "article section paragraph chapter part episode season series page no number level phase room gate line route building suite "
          "platform grade class stage round version model flight aged age age_of dead_at died_at dies_at turned turns "
          "percent top called dialed dialled dial highway interstate ward district precinct apartment apt unit exit",
    "de": "artikel absatz paragraf kapitel teil folge staffel seite nr nummer stufe phase raum linie runde klasse",
    "es": "articulo capitulo parte episodio temporada pagina numero nivel fase ronda linea",
    "fr": "article chapitre partie episode saison page numero niveau phase ligne",
    "it": "articolo capitolo parte episodio stagione pagina numero livello fase linea",
    "pl": "artykul art rozdzial czesc odcinek sezon strona numer nr poziom etap faza linia godz godzina godzinie",
    "ru": "статья статьи глава часть серия сезон стр номер уровень этап фаза линия",
    "tr": "madde bolum sezon sayfa numara seviye asama hat yuzde",
    "ar": "الماده رقم الفصل الصفحه المستوي المرحله",
    "el": "αρθρο σελιδα αριθμο αριθμος επιπεδο φαση γραμμη",
    "hi": "धारा अनुच्छेद पृष्ठ संख्या स्तर चरण",
    "bn": "ধারা অনুচ্ছেদ পৃষ্ঠা নম্বর স্তর পর্যায়",
    "zh": "第",
}
# Function words: the noun phrase a number quantifies ends before them.
STOPWORDS = {
    "en": "a an the and or but of in on at to from by with for as is are was were be been being "
          "have has had who which that this these those their its his her they he she it we "
          "said says say while after before during since than into over across including also "
          "not no more reportedly allegedly overnight yesterday today",
    "de": "der die das den dem des ein eine und oder aber in im am an auf aus bei mit von vom zu "
          "zum zur fur als ist sind war waren wurde wurden werden hat haben hatte hatten sei "
          "seien nach vor wahrend seit uber sich auch nicht mehr",
    "es": "el la los las un una y o pero de del en a al por con para como es son fue fueron ser "
          "sido han ha habian habia que se sus su tras desde durante tambien no mas segun",
    "fr": "le la les l un une et ou mais de des du en a au aux par avec pour comme est sont "
          "etait etaient ete ont a avait avaient qui que se sont leurs leur apres depuis pendant "
          "aussi ne pas plus selon",
    "it": "il lo la i gli le un una e o ma di del della dei degli delle in a al alla ai agli "
          "da dal dalla dallo dai dagli dalle nel nella nei nelle sul sulla per con come e sono era "
          "erano stato stati stata hanno ha che si loro dopo "
          "durante anche non piu secondo",
    "pl": "i a w we na z ze do od po przez dla jak jest sa byl byla byli bylo zostalo zostali "
          "zostaly ktore ktorzy ktory sie ich jego jej oraz takze nie wiecej",
    "ru": "и в во на с со к по от из за для как что это был была были было быть который "
          "которые которых их его ее а но также не более после во_время",
    "tr": "ve ile bir bu da de ki icin gibi olarak oldu olan ise daha",
    "ar": "و في من الي علي عن ان انه انهم كان كانت كانوا قد لقد التي الذي الذين مع بعد قبل "
          "خلال منذ هذا هذه ذلك هم هو هي او ثم حيث بين",
    "el": "ο η το οι τα του της των τον την τους τις και ή σε στο στη στην στον στους στις στα "
          "απο με για ως ειναι ηταν εχουν εχει ειχαν που οποιοι οποιες οποια μετα κατα αλλα "
          "επισης δεν να θα",
    "hi": "और या में से को का की के पर ने है हैं था थे थी थीं हो हुए हुआ गए गया गई कि जो यह "
          "वह इस उस ये वे भी तक",
    "bn": "এবং ও বা এ এর থেকে কে তে য়ে হয় হয়েছে হয়েছিল ছিল ছিলেন যে যা এই সেই তারা তিনি "
          "হবে করা করে",
    "zh": "",
    "pt": "o a os as um uma e ou de do da dos das em no na nos nas por com para que foi foram ser sao estao se seus sua",
    "nl": "de het een en of van in op aan met voor door dat die zijn is was waren werd werden hebben heeft",
    "uk": "і й в у на з із до по від за для як що це був була були було який які",
}
CONJUNCTIONS = {
    "en": "and", "de": "und", "es": "y e", "fr": "et", "it": "e ed", "pl": "i oraz", "ru": "и",
    "tr": "ve", "ar": "و", "el": "και κι", "hi": "और", "bn": "এবং ও", "zh": "和 及 与",
    "pt": "e",
    "nl": "en",
    "uk": "і й та",
}
# Words that introduce part of a total: "9 killed, including 4 children".
INCLUDING = {
    "en": "including among_them among_whom of_whom of_them", "de": "darunter davon einschliesslich",
    "es": "entre_ellos entre_ellas incluidos incluidas de_los_cuales de_las_cuales",
    "fr": "dont parmi_eux parmi_elles y_compris", "it": "tra_cui fra_cui di_cui compresi",
    "pl": "w_tym wsrod_nich z_czego", "ru": "в_том_числе из_них среди_них", "tr": "aralarinda",
    "ar": "بينهم من_بينهم منهم", "el": "μεταξυ_των_οποιων εκ_των_οποιων", "pt": "entre_eles incluindo dos_quais",
    "nl": "onder_wie waaronder", "uk": "у_тому_числі з_них",
}
# Prepositions: a number right after one sits in a phrase of its own ("protesters in 21 cities").
PREPOSITIONS = {"en": "in at across from on", "de": "in im an am aus", "es": "en de", "fr": "dans en a de",
                "it": "in a da di", "pl": "w we z", "ru": "в во из", "pt": "em de", "nl": "in uit"}


# Nouns glued to or right after a number that only classify it (Bengali জন/টি, Chinese 名/人).
CLASSIFIERS = {"জন", "টি", "টা", "জনের", "টির", "名", "人", "个", "位", "起", "辆", "架", "of",
               "de", "di", "des", "d", "من", "των", "από"}
# Number words that are as often something else; counted only when an event word types them.
AMBIGUOUS_WORDS = {"it": {"sei", "e"}, "tr": {"on", "alti", "yuz"}, "fr": {"neuf"}, "de": {"acht"},
                   "ar": {"ست"}, "es": {"once"}}
# "of" after the word for one makes it a pronoun ("one of them", "jeden z", "واحد من").
OF_WORDS = {"en": {"of"}, "pl": {"z", "ze"}, "ru": {"из"}, "uk": {"з", "із"}, "ar": {"من"}, "es": {"de"},
            "fr": {"d", "de", "des"}, "it": {"di", "dei", "degli", "delle"}, "de": {"der", "von"},
            "el": {"απο", "των"}, "pt": {"de", "dos", "das"}, "nl": {"van"}}
# Currency words that are as often something else after "un"/"a": "un peso importante" (a weight).
AMBIGUOUS_CURRENCIES = {"peso", "sol", "real", "pound", "libra", "livre", "lira", "mark", "rand"}
# Languages whose word for "one" is not also "a": there "one person died" is a count.
ONE_IS_NOT_AN_ARTICLE = {"en", "ru", "pl", "uk", "ar", "zh", "ja"}
# Languages whose compounds put the head noun last ("police cars"): the phrase runs on past a
# first known noun when another follows; elsewhere ("مكتب" after "المتظاهرين") it ends there.
ONE_PERSON = {"person", "mensch", "persona", "personne", "pessoa", "persoon", "osoba", "человек", "kisi", "شخص"}
HEAD_FINAL = {"en", "de", "nl", "tr", "hi", "bn", "zh", "ja"}
# Languages whose common nouns are lower-case: a capitalised word is part of a name ("United States").
CASED_NOUNS_ARE_NAMES = {"en", "es", "fr", "it", "pt", "pl", "ru", "uk", "tr", "nl", "el"}
# Languages that put relative clauses before the noun ("মোতায়েন করা ... 3600 জন সেনা", "öldürülen 5
# kişi"): an event word well before the number may still be its own.
PRENOMINAL_CLAUSES = {"tr", "hi", "bn", "ja", "zh", "ko"}
# Languages whose clauses end in the verb: an event participle may close a long clause after the number.
VERB_FINAL = {"de", "nl", "tr", "hi", "bn", "ja"}
ARTICLES = {"a", "an", "un", "une", "ein", "eine", "una", "uno", "um", "uma", "een"}   # "more than a dozen"
CURRENCY_SIGNS = "$€£¥₹₽₺₸"
CURRENCY_CODES = {"usd", "eur", "gbp", "rub", "kzt", "inr", "cny", "try", "rs", "rs.", "chf", "pln", "jpy", "sek", "nok",
                  "dkk", "czk", "huf", "aud", "cad", "sar", "aed", "egp", "zar", "brl", "mxn", "tl"}

WINDOW = 8          # tokens between a number (or its noun) and the event word typing it
_URLISH = regex.compile(r"https?://\S+|www\.\S+|pic\.twitter\.com/\S+|\S+@\S+\.\w+|[@#][\w_]+|\b[\w-]+\.(?:com|org|net|tv|id|ru|kz)\b(?:/\S*)?")
_TOKEN = regex.compile(r"[\p{L}\p{M}]+(?:['’\-.][\p{L}\p{M}]+)*|\p{N}+(?:[.,]\p{N}+)*")
_HAN = regex.compile(r"\p{Han}")
_CLAUSE_BREAK = regex.compile(r"[;!?…()\[\]—–\n؛]|(?<!\d)[,،:]|[,،:](?!\d)|\.\s|\s-\s")


@dataclass(eq=False)   # compared by identity: tokens.index() need not compare every field of each token
class _Token:
    start: int
    end: int
    text: str
    forms: tuple[str, ...]       # folded forms to look up (Arabic: with and without clitics)
    clause: int


class _Terms(tuple):
    """Lexicon terms (tuples of folded words; a trailing '*' marks a stem), indexed by first word so
    that matching at a token tries only the few terms that can start there, not the whole lexicon."""

    @cached_property
    def _index(self) -> tuple[dict[str, list], dict[str, list], tuple[int, ...]]:
        exact, stems = defaultdict(list), defaultdict(list)
        for term in self:
            if term:
                head = term[0]
                if head.endswith("*"):
                    stems[head[:-1]].append(term)
                else:
                    exact[head].append(term)
        return dict(exact), dict(stems), tuple(sorted({len(stem) for stem in stems}))

    def starting_with(self, forms: tuple[str, ...]) -> list[tuple[str, ...]]:
        """Terms whose first word matches one of a token's forms."""
        exact, stems, lengths = self._index
        out = []
        for form in forms:
            out += exact.get(form, ())
            for n in lengths:
                if n > len(form):
                    break
                out += stems.get(form[:n], ())
        return out


def _terms(spec: str) -> _Terms:
    return _Terms(tuple(fold(w) for w in term.split("_") if w) for term in spec.split())


@lru_cache(maxsize=None)
def _lex(table_id: int, key: str, language: str) -> _Terms:
    """Terms of a table for a language. A language with no lexicon of its own gets, for the
    content tables, every language's distinctive terms (stems and words of 4+ letters): a count
    in Portuguese-like or Dutch-like text is still typed, short words that mean other things in
    other languages ("tot", "on") are left out."""
    table = _TABLES[table_id]
    by_language = table.get(key, {}) if key else table
    if language in by_language or table_id not in _CONTENT_TABLES | {id(STOPWORDS)}:
        return _terms(by_language.get(language, ""))
    if table_id == id(STOPWORDS):
        return _Terms(sorted({t for spec in by_language.values() for t in _terms(spec)}))
    terms = {t for spec in by_language.values() for t in _terms(spec)}
    return _Terms(sorted(t for t in terms if len("".join(t).rstrip("*")) >= 4))


_TABLES = {id(t): t for t in (EVENTS, SENDING, GATHERING, THINGS, PEOPLE_WORDS, QUALIFIERS, PREPOSITIONS,
                              POST_QUALIFIERS, NOT_COUNTED_AFTER, NOT_COUNTED_BEFORE, STOPWORDS,
                              CONJUNCTIONS, INCIDENTS, GROUPS_AND_PLACES, DISEASES, INCLUDING)}


_CONTENT_TABLES = {id(t) for t in (EVENTS, SENDING, GATHERING, THINGS, PEOPLE_WORDS, NOT_COUNTED_AFTER,
                                   QUALIFIERS, INCIDENTS, GROUPS_AND_PLACES, DISEASES)}


def _terms_of(table: dict, language: str, key: str = "") -> _Terms:
    return _lex(id(table), key, language)


@lru_cache(maxsize=None)
def _event_terms(language: str) -> _Terms:
    """Every event word of a language, whatever it types."""
    return _Terms(sum((_terms_of(EVENTS, language, k) for k in EVENTS), ()))


def _word_matches(form: str, pattern: str) -> bool:
    if pattern.endswith("*"):
        return form.startswith(pattern[:-1])
    return form == pattern


def _phrase_at(tokens: list[_Token], i: int, phrase: tuple[str, ...]) -> bool:
    if i + len(phrase) > len(tokens):
        return False
    return all(any(_word_matches(f, p) for f in tokens[i + k].forms) for k, p in enumerate(phrase))


def _match_at(tokens: list[_Token], i: int, terms: _Terms) -> int:
    """Length (in tokens) of the longest term matching at token i, 0 if none."""
    if i >= len(tokens):
        return 0
    best = 0
    for phrase in terms.starting_with(tokens[i].forms):
        if len(phrase) > best and _phrase_at(tokens, i, phrase):
            best = len(phrase)
    return best


def _mask(text: str) -> str:
    """URLs, handles, hashtags and e-mails blanked out (same length) so no digit in them counts."""
    return _URLISH.sub(lambda m: " " * len(m.group()), text)


@lru_cache(maxsize=4096)   # bounded: keyed by sentence, so it would grow with the input
def _tokenise(text: str, language: str) -> list[_Token]:
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text)]
    tokens = []
    for m in _TOKEN.finditer(text):
        clause = bisect_left(breaks, m.start())             # clause breaks before the token
        forms = tuple(f for f, _ in word_forms(m.group(), language))
        tokens.append(_Token(m.start(), m.end(), m.group(), forms + _part_forms(m.group(), language), clause))
    return tokens


def _part_forms(word: str, language: str) -> tuple[str, ...]:
    """Extra forms to look up: the head of a hyphenated compound ("Corona-Todesopfer", "US-Dollar")
    and a Turkish stem before its apostrophe ("Euro'luk")."""
    parts = []
    if "-" in word and word.rsplit("-", 1)[1][:1].isalpha():
        parts.append(word.rsplit("-", 1)[1])
    if language in ("tr", "az") and compiled(r"['’]").search(word):
        parts.append(compiled(r"['’]").split(word)[0])
    return tuple(f for part in parts for f, _ in word_forms(part, language))


def extract_counts(text: str, language: str, segment: int = 0, implicit: bool = True,
                   source: str | None = None) -> list[Count]:
    """Every count in `text` (a sentence, a paragraph or a whole segment), typed, in order, each
    with its group, attribution and hedge; `part_of` is an index into the returned list (the
    caller offsets it into its own). `implicit` adds counts written without a number ("a man was
    shot and killed": killed 1); `source` is the attribution of counts whose sentence names none
    (a post's author)."""
    language = (language or "und").split("-")[0].lower()
    split_lang = language if language != "und" else "en"
    counts: list[Count] = []
    for sentence in _sentences(text, split_lang):
        counts.extend(shift_parts(_sentence_counts(sentence, language, segment, implicit), len(counts)))
    for c in counts:
        c.attribution = c.attribution or source
    return counts


def shift_parts(counts: list[Count], offset: int) -> list[Count]:
    """The counts with their `part_of` indices moved by `offset` (per-sentence into article indices)."""
    for c in counts:
        if c.part_of is not None:
            c.part_of += offset
    return counts


_ABBREVIATION_END = regex.compile(r"(?:^|\s)\p{Ll}{1,5}\.$")


def _sentences(text: str, language: str) -> list[str]:
    """Sentences, rejoined where the splitter broke after an abbreviation before a number or a
    lower-case word ("po godz. | 21 jedna osoba zginęła", "ponad 48 tys. | wyzdrowiało")."""
    out: list[str] = []
    for piece in (p.strip() for p in split_sentences(language, text)):
        if not piece:
            continue
        if out and (piece[:1].isdigit() or piece[:1].islower()) and _ABBREVIATION_END.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def _sentence_counts(sentence: str, language: str, segment: int, implicit: bool = True) -> list[Count]:
    masked = _mask(sentence)
    numbers = find_numbers(masked, language, ones=True)
    if not numbers and not (implicit and _implicit_possible(masked, language)):
        return []
    tokens = _tokenise(masked, language)
    digits = ascii_digits(masked)
    kept = [n for n in numbers if not _not_a_count(n, digits, tokens, language) and not _age_list(masked, n, language)]
    token_of = {id(n): _token_index(tokens, n) for n in kept}
    read = []
    fatal_parts = set()
    for n in kept:
        qualifier, post_end = _qualifier(n, masked, tokens, token_of[id(n)], language)
        if any(r[2] in ("shot", "injured") for r in read) and _fatal_part(tokens, token_of[id(n)][1], language):
            read.append([n, qualifier, "killed", None, []])
            fatal_parts.add(id(n))        # "four people were shot, one fatally": one killed
            continue
        obj_tokens = _object(tokens, token_of[id(n)], post_end, language)
        count_type = _type(n, masked, tokens, token_of, obj_tokens, kept, language)
        obj = masked[obj_tokens[0].start:obj_tokens[-1].end] if obj_tokens else None
        if count_type == "money" and (n.value == 0 or compiled(r"\s*\S{1,4}\s*=\s*\d").match(masked[n.end:n.end + 12])):
            continue                      # "0 €" in a price ticker, "1 美元 = 6.96 人民币" a rate
        if n.words and n.value == 1.0 and (_of_follows(tokens, token_of[id(n)][1], language)
                                           or language == "en" and token_of[id(n)][0] > 0
                                           and fold(tokens[token_of[id(n)][0] - 1].text) == "the"):
            continue                      # "one of the suspects was arrested", "the one on which"
        if _appositive_age(masked, n, language):
            continue                      # "Korryn Gaines, 23, was shot": an age, not a count
        if n.text.isdigit() and len(n.text) == 4 and n.text[:2] in ("19", "20") \
                and compiled(r"\s+(?:shootings?|killings?|attacks?|murders?|massacres?)\b").match(masked[n.end:n.end + 12]):
            continue                      # "the 2010 shooting of a man": a year
        if count_type in BACKGROUND_TYPES and _repetition(masked, n, language):
            continue                      # "was shot eight times": how often, not how many
        if count_type == "shot" and compiled(r"\s*shots?\b").match(masked[n.end:n.end + 8]):
            continue                      # "fired one shot": shots, not people
        if language == "en" and fold(n.text) == "scores" and not _of_follows(tokens, token_of[id(n)][1], language):
            continue                      # "test scores"; "scores of people" stays
        if n.words and n.value == 1.0 and count_type == "money" and obj_tokens \
                and fold(obj_tokens[0].text) in AMBIGUOUS_CURRENCIES:
            continue                      # "un peso importante" (a weight), not one peso
        if n.words and n.value == 1.0 and count_type != "money" and obj_tokens \
                and not _counts_people(tokens, obj_tokens, language) \
                and not (language not in HEAD_FINAL and token_of[id(n)][0] > 0
                         and _counts_people(tokens, [tokens[token_of[id(n)][0] - 1]], language)):
            continue                      # "from one family", "one way"; "وفاة واحدة" (one death) stays
        read.append([n, qualifier, count_type, _han_object(n, masked) if language in ("zh", "ja") else obj,
                     obj_tokens])
    _share_with_range_partner(read, tokens, token_of, language)
    _share_with_elided(read, tokens, token_of, language)
    _share_within_enumeration(read, masked, tokens, token_of, language)
    found: list[_Found] = []
    for n, qualifier, count_type, obj, obj_tokens in read:
        if count_type == "other" and not obj and not (n.value and n.value >= 1000 and not n.text.isdigit()
                                                         and any(ch.isalpha() for ch in n.text)):
            continue                      # a bare number with nothing counted; "800 tys." stays
        if n.words and n.value == 1.0 and count_type != "money" and id(n) not in fatal_parts \
                and (count_type not in EVENTS or language not in ONE_IS_NOT_AN_ARTICLE) \
                and not (count_type in EVENTS and obj and fold(obj.split()[0]) in ONE_PERSON):
            continue                      # "one of the suspects", "ein Krankenhaus"; "eine Person verletzt" stays
        if n.words and count_type == "other" and fold(n.text) in AMBIGUOUS_WORDS.get(language, ()):
            continue                      # "sei" (you are), "on" (in Turkish also "front")
        first, last = token_of[id(n)]
        obj_idx = [tokens.index(t) for t in obj_tokens]
        partitive = _partitive_object(tokens, last, language) if not obj_idx else []
        found.append(_Found(first, last, Count(value=n.value, qualifier=qualifier, type=count_type, object=obj,
                                               text=n.text, sentence=sentence, segment=segment,
                                               group=_group_of(tokens, obj_idx or partitive, count_type, language)),
                            partitive=bool(partitive)))
    totals = []
    if implicit:
        taken = {i for f in found for i in range(f.first, f.last + 1)}
        found += _implicit_counts(masked, tokens, language, taken, sentence, segment)
        found.sort(key=lambda f: f.first)
        totals = _coordinated_totals(found, masked, tokens, language, sentence, segment)
        found += [t for t, _ in totals]
    found.sort(key=lambda f: f.first)
    counts = _finish(found, masked, tokens, language)
    at = {id(c): k for k, c in enumerate(counts)}
    for total, members in totals:
        if id(total.count) in at:
            for m in members:
                if id(m.count) in at and m.count.part_of is None:
                    m.count.part_of = at[id(total.count)]
    return counts


def _coordinated_totals(found: list[_Found], text: str, tokens: list[_Token], language: str, sentence: str,
                        segment: int) -> list[tuple[_Found, list[_Found]]]:
    """People joined by "and" under one event word, counted together: "four adults and a
    3-year-old were shot" (shot 5), "a 16-year-old and two children were shot" (3). The total is a
    count written without its number; the members are its parts."""
    spec = _implicit_spec(language)
    if spec is None:
        return []
    conj, events = _terms_of(CONJUNCTIONS, language), _event_terms(language)
    out = []
    chain: list[_Found] = []

    def joined(a: _Found, b: _Found) -> bool:
        gap = range(a.last + 1, b.first)
        return a.count.type == b.count.type and a.count.type in BACKGROUND_TYPES and not a.partitive and a.count.object \
            and not b.partitive and 0 < len(gap) <= 4 and any(_match_at(tokens, j, conj) for j in gap) \
            and not any(_match_at(tokens, j, events) or tokens[j].text.isdigit() for j in gap) \
            and all(tokens[j].clause == tokens[b.first].clause for j in gap) and a.count.value and b.count.value

    including = _terms_of(INCLUDING, language)

    def close() -> None:
        if len(chain) > 1 or chain and chain[0].first != chain[0].count_first:
            first = min(chain[0].first, chain[0].count_first)
            if any(_match_at(tokens, j, including) for j in range(max(0, first - 4), first)):
                return                    # "nine killed, including four children and two women": parts already
            value = sum(f.count.value for f in chain) + (chain[0].first != chain[0].count_first)
            c = chain[-1].count
            out.append((_Found(first, chain[-1].last, Count(
                value=value, qualifier="exact", type=c.type, object=None,
                text=text[tokens[first].start:tokens[chain[-1].last].end], sentence=sentence, segment=segment,
                group=DEFAULT_GROUP.get(c.type, "people"))), list(chain)))

    for f in found:
        f.count_first = f.first
        if chain and joined(chain[-1], f):
            chain.append(f)
            continue
        if chain:
            close()
        chain = [f]
        if f.count.type in BACKGROUND_TYPES and f.count.value and f.count.value > 1 and not f.partitive:
            before = _coordinated(tokens, f.first, language, spec, set())
            if before is not None and not any(g.last >= before for g in found if g is not f and g.first < f.first):
                f.count_first = before        # "a 16-year-old and two children were shot"
    if chain:
        close()
    return out


def _fatal_part(tokens: list[_Token], last: int, language: str) -> bool:
    """A number that closes its clause with "(of them) fatally": "four people were shot, one
    fatally", "seis heridos, dos de ellos mortalmente"."""
    spec = _implicit_spec(language)
    if spec is None or not spec["fatal"]:
        return False
    j = last + 1
    if j < len(tokens) and fold(tokens[j].text) in OF_WORDS.get(language, set()) | {"of"}:
        j += 2                            # "of them", "de ellos"
    elif j < len(tokens) and _match_at(tokens, j, _terms_of(INCLUDING, language)) == 1:
        j += 1                            # "zwei davon tödlich"
    if j >= len(tokens) or tokens[j].clause != tokens[last].clause:
        return False
    k = _match_at(tokens, j, spec["fatal"])
    return bool(k) and (j + k >= len(tokens) or tokens[j + k].clause != tokens[j].clause)


def _of_follows(tokens: list[_Token], last: int, language: str) -> bool:
    """"of" right after a number word: "one of the ..." (a pronoun), "scores of people" (a number)."""
    return last + 1 < len(tokens) and fold(tokens[last + 1].text) in OF_WORDS.get(language, ())


def _counts_people(tokens: list[_Token], obj: list[_Token], language: str) -> bool:
    """Whether the noun after a number names people (or what befell them): "one person", "one
    protester", "one dead", not "one family" or "one way"."""
    terms = _people_terms(language)
    return any(_match_at(tokens, tokens.index(t), terms) or t.forms[0] in ONE_PERSON for t in obj[:2])


@lru_cache(maxsize=None)
def _people_terms(language: str) -> _Terms:
    return _Terms(_PERSON_NOUNS.get(language, ()) + _terms_of(PEOPLE_WORDS, language, "protesters") +
                  _terms_of(PEOPLE_WORDS, language, "troops") + _event_terms(language))


def _share_with_range_partner(read: list[list], tokens: list[_Token], token_of: dict, language: str) -> None:
    """"between 3 and 5 pounds", "3 و 5 جنيهات", "700 of the 760 planes": the first number counts
    what the second counts."""
    by_first_token = {token_of[id(r[0])][0]: r for r in read}
    for r in read:
        if r[2] != "other" or r[3]:
            continue
        last = token_of[id(r[0])][1]
        partner = _range_partner(tokens, last, language)
        if partner is None and last + 1 < len(tokens) and fold(tokens[last + 1].text) in OF_WORDS.get(language, ()):
            partner = next((j for j in range(last + 2, min(len(tokens), last + 5)) if j in by_first_token), None)
        if partner in by_first_token:            # "700 of the group's 760 planes": 700 planes
            r[2], r[3] = by_first_token[partner][2], by_first_token[partner][3]


PEOPLE_TYPES = ("killed", "injured", "shot", "hospitalised", "detained", "missing", "evacuated", "protesters", "deployed")


def _share_within_enumeration(read: list[list], text: str, tokens: list[_Token], token_of: dict,
                              language: str) -> None:
    """Counts of people listed together share their event: "trzy kobiety i sześcioro dzieci",
    "20 personnes sont mortes (15 femmes et 5 enfants)", "9 killed, including 4 children", "11
    uomini, quattro donne e una bambina ... sono stati detenuti". A type passes forward from a typed
    member when the list ends its clause; a list whose members are all untyped takes an event word
    right after it, across commas."""
    including = _terms_of(INCLUDING, language)
    chains: list[list[list]] = []
    for r in read:
        if not (r[4] and _counts_people(tokens, r[4], language) or r[2] in PEOPLE_TYPES):
            chains.append([])                             # not people: breaks any list
            continue
        prev = chains[-1][-1] if chains and chains[-1] else None
        if prev is not None and _listed_after(prev, r, text, tokens, token_of, language, including):
            chains[-1].append(r)
        else:
            chains.append([r])
    for chain in chains:
        if len(chain) < 2:
            continue
        kinds = {r[2] for r in chain if r[2] in PEOPLE_TYPES}
        if not kinds:
            kind = _event_after(chain[-1], tokens, token_of, read, language)
            if kind:
                for r in chain:
                    r[2] = kind
            continue
        if len(kinds) > 1:
            continue
        kind = kinds.pop()
        end = _end_token(chain[-1], token_of, tokens)
        backward = _event_after(chain[-1], tokens, token_of, read, language) == kind
        if not backward and end + 1 < len(tokens) and tokens[end + 1].clause == tokens[end].clause:
            continue                      # "392 pacjentów, a 477 osób mogło zostać wypisanych": own verb
        typed = False
        for r in chain:                   # forward, or back too when the event word follows the list
            typed = typed or r[2] == kind
            if (typed or backward) and r[2] == "other":
                r[2] = kind


def _end_token(r: list, token_of: dict, tokens: list[_Token]) -> int:
    return max([token_of[id(r[0])][1]] + [tokens.index(t) for t in r[4]])


def _listed_after(prev: list, r: list, text: str, tokens: list[_Token], token_of: dict, language: str,
                  including) -> bool:
    """Whether count r follows count prev in one list: only "and", commas, articles and
    qualifiers between them, or "including", or an opening "(" / ":" after a typed count."""
    gap = range(_end_token(prev, token_of, tokens) + 1, token_of[id(r[0])][0])
    between = text[tokens[_end_token(prev, token_of, tokens)].end:r[0].start]
    separated = bool(compiled(r"[,;،؛]").search(between)) or any(_match_at(tokens, j, _terms_of(CONJUNCTIONS, language)) for j in gap)
    modifiers = [j for j in gap if not _linking(tokens, j, language)]
    if separated and modifiers == list(gap[:len(modifiers)]) and len(modifiers) <= 2 \
            and not any(_match_at(tokens, j, _event_terms(language)) for j in modifiers):
        return True                       # "dwóch osób dorosłych i trojga dzieci"; not "8.098 kişiden 774'ü"
    if any(_match_at(tokens, j, including) == gap.stop - j for j in gap) and (prev[2] in PEOPLE_TYPES or len(gap) <= 4):
        return True                       # "nine were killed, including four children"
    opener = text[:r[0].start].rstrip()[-1:]
    return opener in "(:" and prev[2] in PEOPLE_TYPES and len(gap) <= 4


def _event_after(last: list, tokens: list[_Token], token_of: dict, read: list[list], language: str) -> str | None:
    """The first event word after a list (a little beyond the window: the list is its subject),
    no other count in between."""
    numbers = {i for r in read for i in range(token_of[id(r[0])][0], token_of[id(r[0])][1] + 1)}
    start = _end_token(last, token_of, tokens) + 1
    for i in range(start, min(len(tokens), start + WINDOW + 4)):
        if i in numbers:
            return None
        for kind in EVENTS:
            if _match_at(tokens, i, _terms_of(EVENTS, language, kind)):
                return kind
    return None


def _share_with_elided(read: list[list], tokens: list[_Token], token_of: dict, language: str) -> None:
    """A bare number right after a count of something takes what that count counts:
    "51 asesinatos en 2018 a 39 en 2019", "2.450 muertes en Nueva York, 2,000 en Massachusetts";
    not one followed by a verb of its own ("2212 osób zmarło, ponad 48 tys. wyzdrowiało")."""
    for prev, r in zip(read, read[1:]):
        if r[2] == "other" and not r[3] and not r[0].words and (prev[2] != "other" or prev[3]) \
                and token_of[id(r[0])][0] - token_of[id(prev[0])][1] <= 8 \
                and not _verb_follows(tokens, token_of[id(r[0])][1], language):
            r[2], r[3] = prev[2], prev[3]


def _verb_follows(tokens: list[_Token], last: int, language: str) -> bool:
    """A lower-case word that is not a function word right after the number, in a cased script."""
    j = last + 1
    if j >= len(tokens):
        return False
    return tokens[j].text[:1].islower() and not _match_at(tokens, j, _terms_of(STOPWORDS, language))


def _token_index(tokens: list[_Token], n: NumberSpan) -> tuple[int, int]:
    """(first, last) token indexes covering the number span."""
    idx = [i for i, t in enumerate(tokens) if t.start < n.end and n.start < t.end]
    return (idx[0], idx[-1]) if idx else (-1, -1)


_ORDINAL_DOT = {"de", "pl", "tr", "cs", "sk", "da", "no", "fi", "hu", "sv"}


def _currency_compound(tokens: list[_Token], i: int, language: str) -> bool:
    """"1-Euro-Häuser": a compound whose first part is a currency prices something."""
    if i >= len(tokens):
        return False
    head = fold(tokens[i].text.split("-")[0])
    return any(_word_matches(head, t[0]) for t in _terms_of(THINGS, language, "money") if len(t) == 1)


_YEAR_BEFORE = {"year", "jahr", "jahres", "ano", "anos", "an", "annee", "anno", "rok", "roku", "год", "года",
                "yil", "yili", "عام", "سنه", "since", "seit", "desde", "depuis", "dal", "od", "с", "beri"}


def _not_a_count(n: NumberSpan, digits: str, tokens: list[_Token], language: str) -> bool:
    """Years, dates, times, ages, durations, measures, percentages, ordinals, labels, codes."""
    before, after = " " + digits[max(0, n.start - 3):n.start], digits[n.end:n.end + 4] + " "
    first, last = _token_index(tokens, n)
    if not n.words:
        if before[-1:] == "⁄" or after[:1] in "⁄½¼¾":
            return True                                   # "11⁄2", a fraction
        if compiled(r"['’]s\b").match(after):
            return True                                   # "Channel 7's": a name
        if compiled(r"[A-Za-z]-?$").search(before) or before[-1:] in "-/" and before[-2:-1].isalnum():
            return True                                   # Il-76, G7, COVID-19, 1/3, 2021-01
        if before[-1:] in "+#№" or _in_digit_run(n, digits) or before[-1:] == "(" and after[:1] == ")" \
                and not _match_at(tokens, last + 1, _terms_of(THINGS, language, "money")):
            return True                                   # phone numbers, "#5", "(424)" release numbers; not "(0,8902) Euro"
        code = compiled(r"(?:^|\s)([A-Z]{1,3})\s$").search(digits[max(0, n.start - 5):n.start])
        if code and code.group(1).lower() not in CURRENCY_CODES:
            return True                                   # road "A 7", plate "20 YS 603"; not "CHF 20"
        if compiled(r":\s").match(after) and not digits[:n.start].strip(" \t–—-•*"):
            return True                                   # "– 21: Stanley Donen ... died": a list label
        if compiled(r"[:/]\s?\d|\.\d{2}\b|-\d|–\d|\)\d|\s?[x×]\s?\d").match(after) or compiled(r"\d:\s?$").search(before):
            return True                                   # 23:00, 5/1, 15.00, 2-1, 3 x 1,5
        if compiled(r"[a-zA-Z]").match(after) and not compiled(r"(?:k|m|bn|mn)\b").match(after):
            return True                                   # 5th, 4G, 10km, 3D
        if compiled(r"(?:-|‑)[\p{L}]").match(after) and before[-1:] not in CURRENCY_SIGNS \
                and not _currency_compound(tokens, last + 1, language):
            return True                                   # 30-year-old, 5-летний, 2-й; not "$3-a-gallon"
        if compiled(r"\s?(?:%|٪|‰|°|º|ª)").match(after) or before[-1:] in "%٪":
            return True
        if compiled(r"\s?[ap]\.\s?m\b").match(digits[n.end:n.end + 8]):
            return True                                   # "(8 a. m.)": a time
        if language in _ORDINAL_DOT and compiled(r"\.\s?[\p{L}]").match(after) \
                and not _match_at(tokens, last + 1, _terms_of(THINGS, language, "money")):
            return True                                   # German "5. Platz"
        if n.value is not None and n.value != int(n.value) and not _is_money(n, digits, tokens, language):
            return True                                   # 2.5 without a scale: a measure
        if _year_like(n) and (not _followed_by_count_noun(tokens, last, language)
                              or first > 0 and fold(tokens[first - 1].text) in _YEAR_BEFORE):
            return True                                   # "seit dem Jahr 2000 gestorben" is a year
        if n.value is not None and n.value < 120 and compiled(r"\p{Lu}[\p{L}\p{M}'’-]+,\s?$").search(digits[:n.start]) \
                and compiled(r"\s?(?:[,)]|\.\s*$)").match(after):
            return True                                   # "Wilonja Lusungu, 46, of Salt Lake City": an age
    if last >= 0:
        if _unit_follows(tokens, last, language) and before[-1:] not in CURRENCY_SIGNS:
            return True
        if _near_month(tokens, first, last, language):
            return True
        for k in (1, 2):
            if first - k >= 0 and _match_at(tokens, first - k, _terms_of(NOT_COUNTED_BEFORE, language)) == k:
                return True
    if language in ("zh", "ja") and (compiled(r"\s?(?:多|余)?(?:年|月|日|号|时|點|点|岁|%|个月|周|天|小时|分|次)").match(digits[n.end:])
                                     or digits[max(0, n.start - 1):n.start] in ("第", "周")
                                     or digits[max(0, n.start - 2):n.start] in ("星期", "礼拜")):
        return True                                       # dates, times, ages, "five times", "the fifth", 周二
    return False


def _unit_follows(tokens: list[_Token], last: int, language: str) -> bool:
    """A time or measure unit right after the number, or after a range partner ("25 and 44 years")."""
    units = _terms_of(NOT_COUNTED_AFTER, language)
    nxt = last + 1
    while nxt < len(tokens) and tokens[nxt].text in CLASSIFIERS and tokens[nxt].text not in ("জন", "名", "人"):
        nxt += 1
    if nxt < len(tokens) and _match_at(tokens, nxt, units):
        return True
    if language in HEAD_FINAL and nxt + 1 < len(tokens) and tokens[nxt].text[:1].islower() \
            and _match_at(tokens, nxt + 1, units) and tokens[nxt + 1].clause == tokens[nxt].clause \
            and not _match_at(tokens, nxt, _terms_of(STOPWORDS, language)):
        return True                                   # "three school years", "zwei Schuljahre" is one token
    partner = _range_partner(tokens, last, language)
    return partner is not None and partner + 1 < len(tokens) and bool(_match_at(tokens, partner + 1, units))


def _range_partner(tokens: list[_Token], last: int, language: str) -> int | None:
    """Index of Y in "X and Y", "X to Y", "X-Y", "X و Y" right after the number X, if any."""
    j = last + 1
    if j < len(tokens) and _match_at(tokens, j, _joiners(language)) and j + 1 < len(tokens) \
            and (tokens[j + 1].text[:1].isdigit() or fold(tokens[j + 1].text) in small_number_words(language)):
        return j + 1                                      # "3 to 5 days", "four or five days"
    return None


_RANGE_WORDS = _terms("to or bis a al hasta jusqu'a fino до ile الى")


@lru_cache(maxsize=None)
def _joiners(language: str) -> _Terms:
    return _Terms(_terms_of(CONJUNCTIONS, language) + _RANGE_WORDS)
_DIGIT_RUN = regex.compile(r"(?:\d+[ \-/()]{1,3}){2,}\d+")


def _in_digit_run(n: NumberSpan, digits: str) -> bool:
    """Part of three or more digit groups with nothing but spaces, dashes, slashes between:
    a phone number or a code, not a count ("+49 (0)911 2112 1553")."""
    for m in _DIGIT_RUN.finditer(digits[max(0, n.start - 30):n.end + 30]):
        start = m.start() + max(0, n.start - 30)
        if start <= n.start and n.end <= start + len(m.group()) and len(compiled(r"\d+").findall(m.group())) >= 3:
            return True
    return False


def _year_like(n: NumberSpan) -> bool:
    return n.value is not None and 1800 <= n.value <= 2100 and compiled(r"\d{4}").fullmatch(n.text.strip()) is not None


def _followed_by_count_noun(tokens: list[_Token], last: int, language: str) -> bool:
    """Whether a year-like number is in fact a count: "2000 people jailed", "2000 protesters"."""
    i = last + 1
    if i >= len(tokens) or tokens[i].start - tokens[last].end > 1:
        return False
    return bool(_match_at(tokens, i, _count_nouns(language)))


@lru_cache(maxsize=None)
def _count_nouns(language: str) -> _Terms:
    people = _terms_of(PEOPLE_WORDS, language, "protesters") + _terms_of(PEOPLE_WORDS, language, "troops")
    return _Terms(people + _PERSON_NOUNS.get(language, ()) + sum(
        (_terms_of(THINGS, language, k) for k in THINGS), ()) + _event_terms(language))


_PERSON_NOUNS = {lang: tuple(_terms(spec)) for lang, spec in {
    "en": "people persons person civilians police policemen officers men women children students "
          "journalists workers residents migrants refugees patients members citizens passengers "
          "nationals foreigners tourists pilgrims miners prisoners inmates detainees victims suspects "
          "boys girls babies adults teenagers minors villagers farmers fishermen crew attendants employees staff",
    "de": "menschen personen polizisten zivilisten kinder frauen manner burger* einwohner* arbeiter* "
          "fluchtling* migrant* patient* haftling* insass* opfer verdachtig* jugendlich* schuler* "
          "touristen passagier* bergleute",
    "es": "personas policias agentes civiles ninos mujeres hombres ciudadanos vecinos migrantes "
          "refugiados pacientes presos reclusos victimas sospechosos menores jovenes trabajadores "
          "mineros turistas pasajeros",
    "fr": "personnes policiers civils enfants femmes hommes citoyens habitants migrants refugies "
          "patients detenus prisonniers victimes suspects mineurs jeunes ouvriers touristes passagers",
    "it": "persone poliziotti agenti civili bambini donne uomini cittadini abitanti migranti profughi "
          "pazienti detenuti prigionieri vittime sospett* minori giovani operai turisti passeggeri",
    "pl": "osob* ludzi policjant* cywil* dzieci kobiet* mezczyzn* mieszkanc* obywatel* migrant* "
          "uchodzc* pacjent* wiezn* ofiar* podejrzan* nieletni* mlodych pracownik* gornik* turyst* "
          "pasazer*",
    "ru": "человек* людей полицейск* мирных детей женщин мужчин жител* граждан* мигрант* беженц* "
          "пациент* заключенн* жертв* подозреваем* подрост* рабоч* горняк* турист* пассажир*",
    "tr": "kisi* insan* polis* sivil* cocuk* kadin* vatandas* sakin* gocmen* multeci* hasta* "
          "mahkum* kurban* supheli* genc* isci* madenci* turist* yolcu*",
    "ar": "شخص اشخاص شخصا مواطن* مدني* شرطي* اطفال نساء",
    "el": "ατομα ανθρωπ* αστυνομικ* πολιτ* παιδια γυναικ*",
    "hi": "लोग लोगों व्यक्ति पुलिसकर्मी नागरिक बच्च* महिला*",
    "bn": "মানুষ জন লোক ব্যক্তি পুলিশ নাগরিক শিশু নারী",
    "zh": "人 名",
}.items()}


def _near_month(tokens: list[_Token], first: int, last: int, language: str) -> bool:
    """A number next to a month name ("6 January", "19 يناير", "January 7", "6 de enero")."""
    months = month_names(language)

    def is_month(j: int) -> bool:
        return 0 <= j < len(tokens) and any(f.rstrip(".") in months or compiled(r"['’]").split(f)[0] in months
                                            for f in tokens[j].forms)          # Turkish "Şubat'ta"

    links = ("de", "of", "di", "du", "del")
    linked = last + 1 < len(tokens) and fold(tokens[last + 1].text) in links
    linked_before = first >= 2 and fold(tokens[first - 1].text) in links
    return is_month(first - 1) or is_month(last + 1) or linked and is_month(last + 2) \
        or linked_before and is_month(first - 2)                     # "3 de julio de 2006"


def _is_money(n: NumberSpan, digits: str, tokens: list[_Token], language: str) -> bool:
    before = " " + digits[max(0, n.start - 4):n.start].strip()
    after = digits[n.end:n.end + 2].strip() + " "
    if before[-1:] in CURRENCY_SIGNS or after[:1] in CURRENCY_SIGNS:
        return True
    first, last = _token_index(tokens, n)
    if first > 0 and not digits[tokens[first - 1].end:n.start].strip(". ") \
            and fold(tokens[first - 1].text).rstrip(".") in CURRENCY_CODES:
        return True                                       # "CHF 20 Mio.", "Rs 1,000"; not "impulsar una"
    if after[:1] in "-‑" and _currency_compound(tokens, last + 1, language):
        return True                                       # "1-Euro-Häuser"
    if compiled(r"\s*\(\s*[\d.,]+\s*\)").match(digits[n.end:]):
        last += 1                                         # "0,8934 (0,8902) Euro": the currency follows the aside
    return last + 1 < len(tokens) and bool(_match_at(tokens, last + 1, _currencies(language))) \
        and not _pounds_of_weight(tokens, last + 1)


@lru_cache(maxsize=None)
def _currencies(language: str) -> _Terms:
    """Currency words of a language and of English ("dollars" is written in every language)."""
    return _Terms(_terms_of(THINGS, language, "money") + _terms_of(THINGS, "en", "money"))


_POUNDS = {"pound", "pounds", "pfund", "lb", "lbs"}
_MONEY_CONTEXT = _terms("sterling cost* paid pay pays paying price* fine fined fines worth salar* wage* bill* "
                              "fee fees fund* budget* spend* spent donat* compensat* profit* revenue* loss* "
                              "million* billion* bought sold sell* tax* debt* loan* bail award* prize* ticket* "
                              "bribe* ransom* reward* kosten* bezahlt* preis* strafe*")


def _pounds_of_weight(tokens: list[_Token], i: int) -> bool:
    """"120 pounds" with no "£" is a weight unless the sentence is about money ("fined 500 pounds")."""
    if tokens[i].forms[0] not in _POUNDS:
        return False
    return not any(_match_at(tokens, j, _MONEY_CONTEXT) for j in range(len(tokens)))


def _qualifier(n: NumberSpan, text: str, tokens: list[_Token], span: tuple[int, int],
               language: str) -> tuple[str, int]:
    """Qualifier of a number and the index of the first token after any post-qualifier."""
    first, last = span
    found = None
    for kind in ("at_least", "more_than", "up_to", "about"):
        for phrase in _terms_of(QUALIFIERS, language, kind):
            k = len(phrase)
            for skip in (0, 1):                             # "more than a dozen", "أكثر من 200"
                i = first - k - skip
                if i >= 0 and _phrase_at(tokens, i, phrase) and (skip == 0 or fold(tokens[first - 1].text) in ARTICLES):
                    if found is None or k > found[1]:
                        found = (kind, k)
    post_end = last + 1
    for kind in POST_QUALIFIERS:
        for phrase in _terms_of(POST_QUALIFIERS, language, kind):
            if _phrase_at(tokens, last + 1, phrase) or _glued_post(n, text, phrase):
                found = found or (kind, 0)
                if _phrase_at(tokens, last + 1, phrase):
                    post_end = last + 1 + len(phrase)
    if n.vague in ("dozens", "hundreds", "thousands"):
        return n.vague, post_end
    if found:
        return found[0], post_end
    if n.vague == "about":
        return "about", post_end
    if text[n.end:n.end + 1] == "+":
        return "more_than", post_end
    return "exact", post_end


def _glued_post(n: NumberSpan, text: str, phrase: tuple[str, ...]) -> bool:
    """Post-qualifiers glued to the number: Turkish "200'den fazla", Chinese "200多人"."""
    rest = fold(text[n.end:n.end + 20]).lstrip("'’")
    joined = " ".join(phrase)
    if _HAN.match(joined[:1] or " "):
        return rest.startswith(joined)
    return rest.startswith(joined) and joined[:1].isalpha() and text[n.end:n.end + 1] in "'’"


def _object(tokens: list[_Token], span: tuple[int, int], start: int,
            language: str) -> list[_Token]:
    """Tokens of the noun phrase the number quantifies, up to three, stopping at function words."""
    last = span[1]
    if last < 0:
        return []
    stop = _terms_of(STOPWORDS, language)
    cues = _event_terms(language)
    heads = _head_nouns(language)
    i = max(start, last + 1)
    while i < len(tokens) and (tokens[i].text in CLASSIFIERS or fold(tokens[i].text) in CLASSIFIERS) \
            and tokens[i].clause == tokens[last].clause:
        i += 1
    out: list[_Token] = []
    while i < len(tokens) and len(out) < 3 and tokens[i].clause == tokens[last].clause:
        t = tokens[i]
        if any(ch.isdigit() for ch in t.text) or _match_at(tokens, i, stop) or _match_at(tokens, i, cues) \
                or _range_partner(tokens, i - 1, language) == i + 1:
            break                         # "2.000 bis 5.000 Euro": "bis" is no noun
        if out and t.start - out[-1].end > 2:
            break
        if out and language == "en" and t.text.endswith("ed") and t.text.islower():
            break                         # "150 Indians | returned home": a verb ends the phrase
        if not out and (spec := _implicit_spec(language)) and _match_at(tokens, i, spec["bridge"]) \
                and i + 1 < len(tokens) and _match_at(tokens, i + 1, cues):
            break                         # "and one seriously wounded": an adverb, then the event
        out.append(t)
        i += 1
        if _match_at(tokens, i - 1, heads) and not (language in HEAD_FINAL and i < len(tokens)
                                                    and _match_at(tokens, i, _nouns(language))):
            break                         # "300 school districts", "eight flight attendants" run on
    return out


@lru_cache(maxsize=None)
def _other_nouns(language: str) -> _Terms:
    """Nouns of groups, places and incidents: counted things that are not victims."""
    return _Terms(_terms_of(GROUPS_AND_PLACES, language) + _terms_of(INCIDENTS, language))


@lru_cache(maxsize=None)
def _head_nouns(language: str) -> _Terms:
    """Nouns that end the phrase a number quantifies ("thousands of protesters | the office")."""
    return _Terms(sum((_terms_of(THINGS, language, k) for k in THINGS), ()) +
                  sum((_terms_of(PEOPLE_WORDS, language, k) for k in PEOPLE_WORDS), ()) +
                  _PERSON_NOUNS.get(language, ()))


@lru_cache(maxsize=None)
def _nouns(language: str) -> _Terms:
    return _Terms(_head_nouns(language) + _other_nouns(language))


def _han_object(n: NumberSpan, text: str) -> str | None:
    m = compiled(r"(?:多|余)?([名人辆架栋座家个位起])").match(text[n.end:])
    return m.group(1) if m else None


def _type(n: NumberSpan, text: str, tokens: list[_Token], token_of: dict, obj: list[_Token],
          numbers: list[NumberSpan], language: str) -> str:
    first = token_of[id(n)][0]
    digits = ascii_digits(text)
    if _is_money(n, digits, tokens, language):
        return "money"
    if language in ("zh", "ja"):
        return _han_type(n, text)
    obj_idx = [tokens.index(t) for t in obj]
    head = obj_idx[-1:] if language in HEAD_FINAL else obj_idx     # "400 marijuana business permits"
    if language in HEAD_FINAL and len(obj_idx) == 3 and obj_idx[-1] + 1 < len(tokens) \
            and tokens[obj_idx[-1] + 1].text[:1].islower() and tokens[obj_idx[-1] + 1].clause == tokens[obj_idx[-1]].clause \
            and not _match_at(tokens, obj_idx[-1] + 1, _terms_of(STOPWORDS, language)):
        head = []                         # "a dozen black female small-business | owners": cut before its head
    for kind in ("vehicles", "buildings", "flights", "money"):
        terms = _terms_of(THINGS, language, kind)
        if any(_match_at(tokens, i, terms) and not (kind == "money" and _pounds_of_weight(tokens, i))
               for i in (obj_idx if kind == "money" else head)):
            return kind
    events = _event_terms(language)
    if any(_match_at(tokens, i, _other_nouns(language)) and not (language in CASED_NOUNS_ARE_NAMES and tokens[i].text[:1].isupper())
           for i in obj_idx[:4]) \
            and not any(_match_at(tokens, i, events) for i in obj_idx):
        return "other"                                  # "88 accidentes fatales", "two small groups"
    if obj_idx and language != "ar" and _match_at(tokens, obj_idx[-1], _terms_of(DISEASES, language)):
        return "other"                                  # "245 contagiados", "1,9 Millionen Corona-Infektionen"
    troops = _terms_of(PEOPLE_WORDS, language, "troops")
    protesters = _terms_of(PEOPLE_WORDS, language, "protesters")
    cue = _nearest_cue(n, tokens, token_of, obj_idx, numbers, language)
    if cue == "deployed" and obj and not _counts_people(tokens, obj, language) \
            and not any(_match_at(tokens, i, troops) for i in obj_idx):
        cue = None                                                # "1.42 million vaccines would be dispatched"
    if cue == "injured" and any(_match_at(tokens, i, _terms_of(DISEASES, language)) for i in range(len(tokens))):
        return "other"                                            # infections, not injuries
    if cue:
        return cue
    is_troops = any(_match_at(tokens, i, troops) for i in obj_idx)
    if is_troops and _nearest(tokens, first, obj_idx, _terms_of(SENDING, language), token_of, n, numbers, language) is not None:
        return "deployed"
    if any(_match_at(tokens, i, protesters) for i in obj_idx):
        return "protesters"
    gathering = _terms_of(GATHERING, language)
    if any(_match_at(tokens, i, gathering) for i in obj_idx):
        return "other"                                            # "three demonstrations": events
    if _nearest(tokens, first, obj_idx, gathering, token_of, n, numbers, language, window=6,
                after_only=True) is not None:
        return "protesters"                                       # "200 people gathered"
    if not obj_idx and (n.vague or n.words):
        for kind in ("vehicles", "buildings", "flights"):       # "Χιλιάδες είναι και τα αυτοκίνητα"
            if _nearest(tokens, first, [], _terms_of(THINGS, language, kind), token_of, n, numbers, language, window=4) is not None:
                return kind
    return "other"


def _nearest_cue(n, tokens, token_of, obj_idx, numbers, language) -> str | None:
    first, _ = token_of[id(n)]
    best = None
    for kind in EVENTS:
        if kind == "deployed":
            continue
        d = _nearest(tokens, first, obj_idx, _terms_of(EVENTS, language, kind), token_of, n, numbers, language)
        if d is not None and (best is None or d < best[0]):
            best = (d, kind)
    d = _nearest(tokens, first, obj_idx, _terms_of(EVENTS, language, "deployed"), token_of, n, numbers, language)
    if d is not None and (best is None or d < best[0]):
        best = (d, "deployed")
    return best[1] if best else None


def _nearest(tokens, first, obj_idx, terms, token_of, n, numbers, language, window: int = WINDOW,
             after_only: bool = False) -> float | None:
    """Token distance from the number (or its noun) to the nearest matching term it may take.

    A term in the number's own clause is preferred; one in another clause counts only when that
    clause has no number of its own. Another number between them blocks the term unless joined by
    "and" ("dozens of protesters and about 20 police were killed").
    """
    if first < 0 or not terms:
        return None
    _, last = token_of[id(n)]
    span_end = max([last] + obj_idx)
    number_tokens = {i for m in numbers if m is not n and not _article_one(m, language)
                     for i in range(token_of[id(m)][0], token_of[id(m)][1] + 1)}
    clause = tokens[first].clause
    asides = _aside_clauses(tokens, language) - {clause}
    number_tokens = {i for i in number_tokens if tokens[i].clause not in asides}
    clauses_with_numbers = {tokens[i].clause for i in number_tokens}
    conj = _terms_of(CONJUNCTIONS, language)
    legal = _data_terms(language, "legal") if terms is not _terms_of(EVENTS, language, "detained") else None
    reach = 2 * window if language in VERB_FINAL else window   # "16 Menschen sind ... getötet worden"
    best = None
    skipped = sum(1 for j in range(span_end + 1, min(len(tokens), span_end + 3 * reach)) if tokens[j].clause in asides)
    for i in range(max(0, first - window - 4), min(len(tokens), span_end + reach + skipped + 1)):
        if first <= i <= span_end or after_only and i < first:
            continue
        k = _match_at(tokens, i, terms)
        if k and _dated_month(tokens, i, language):
            continue                      # "Ordinance 2 of ... March 16": a date, not a march
        if not k or _match_at(tokens, i + k, _AT_THE_AGE):
            continue                      # "Andre Previn, winner of 10 Grammys, died aged 89": one death
        if _match_at(tokens, i, _ONLY_ADJACENT) and i != span_end + 1:
            continue                      # "53 lives", not "risk their lives" near "three people"
        if _match_at(tokens, i, _NEVER_ADJACENT) and i == last + 1:
            continue                      # "16 Kliniken" counts clinics, not patients
        if tokens[i].clause != clause and (tokens[i].clause in clauses_with_numbers
                                           or abs(tokens[i].clause - clause) - sum(1 for c in asides if min(clause, tokens[i].clause) < c < max(clause, tokens[i].clause)) > 1):
            continue
        if tokens[i].clause in asides:
            continue                      # "eight people, including the 2 who died, were shot": died is the aside's
        if legal and i > 1 and terms is not _terms_of(EVENTS, language, "detained") \
                and any(_match_at(tokens, j, legal) == i - j for j in range(max(0, i - 3), i)):
            continue                      # "accused of trying to kill 2 officers": an attempt
        if i > span_end and legal and any(_match_at(tokens, j, legal) for j in range(span_end + 1, i)):
            continue                      # "four people have been charged in the death of": the accused, not the dead
        lo, hi = (span_end + 1, i) if i > span_end else (i + k, first)
        if i < first and any(_match_at(tokens, j, conj) for j in range(lo, hi)):
            continue                      # "a man was killed and four others were wounded": killed is the man's
        dist = hi - lo + (0 if i > span_end else 0.5) - sum(1 for j in range(lo, hi) if tokens[j].clause in asides)
        if dist > window and not (i > span_end and tokens[i].clause == clause and dist <= reach):
            continue
        between = [j for j in range(lo, hi) if j in number_tokens
                   and not (i > span_end and j - 1 >= lo and _match_at(tokens, j - 1, _terms_of(PREPOSITIONS, language)))]
        if between:
            if i < first:
                continue
            gap = range(span_end + 1, min(between))
            if not any(_match_at(tokens, j, conj) for j in gap) or not all(_linking(tokens, j, language) for j in gap):
                continue                  # "276 se han curado y 107 han fallecido": 276 has its own verb
        if tokens[i].clause != clause:
            dist += 2
        if i < first and language not in PRENOMINAL_CLAUSES \
                and dist - sum(1 for j in range(i + k, first) if tokens[j].forms[0] in _qualifier_words(language)) > 3:
            continue                      # an event word well before the number belongs to another noun
        if best is None or dist < best:
            best = dist
    return best


def _aside_clauses(tokens: list[_Token], language: str) -> frozenset[int]:
    """Clauses that are asides opening with "including" ("four people, including a 13-year-old
    boy, were wounded"): they do not part a number from its verb, nor lend it theirs."""
    including = _terms_of(INCLUDING, language)
    out, seen = set(), set()
    for j, t in enumerate(tokens):
        if t.clause not in seen:
            seen.add(t.clause)
            if t.clause > 0 and _match_at(tokens, j, including):
                out.add(t.clause)
    ages = _data_terms(language, "age_words")
    by_clause = defaultdict(list)
    for j, t in enumerate(tokens):
        by_clause[t.clause].append(j)
    for c, js in by_clause.items():       # "two men, 28 and 30, were wounded": the ages' clause
        if c > 0 and any(tokens[j].text.isdigit() for j in js) and all(
                tokens[j].text.isdigit() or fold(tokens[j].text) in ("and", "or", "&", "to", "through")
                or ages and _match_at(tokens, j, ages) for j in js):
            out.add(c)
    return frozenset(out)


# Event words that never type the number right before them, which counts them: "16 Kliniken".
_NEVER_ADJACENT = _terms("hospital hospitals krankenhaus* klinik* spital* hospitales hopitaux ospedali szpital* "
                         "больниц* hastane*")
# Event words that type a number only right after it: "53 lives" / "53 жизни".
_ONLY_ADJACENT = _terms("lives vidas vies vite жизн* zycia zyc")
_AT_THE_AGE = _terms("aged at_the_age_of im_alter_von a_los a_l'age_de all'eta_di w_wieku в_возрасте "
                     "yasinda عن_عمر عن_عمر_يناهز")


def _dated_month(tokens: list[_Token], i: int, language: str) -> bool:
    """A month name next to a day, or capitalised mid-sentence in a cased language ("next March's")."""
    months = month_names(language)
    if compiled(r"['’]").split(tokens[i].forms[0])[0] not in months:
        return False
    return any(0 <= j < len(tokens) and tokens[j].text[:1].isdigit() for j in (i - 1, i + 1)) \
        or i > 0 and language in CASED_NOUNS_ARE_NAMES and tokens[i].text[:1].isupper()


def _article_one(n: NumberSpan, language: str) -> bool:
    """"einer", "una": the word for one where it is also the indefinite article blocks nothing."""
    return n.words and n.value == 1.0 and language not in ONE_IS_NOT_AN_ARTICLE


def _linking(tokens: list[_Token], j: int, language: str) -> bool:
    """A word that may stand between two coordinated counts sharing one event word: "and",
    "about", "the", "of" ("protesters and about 20 police were killed")."""
    return bool(_match_at(tokens, j, _terms_of(CONJUNCTIONS, language)) or _match_at(tokens, j, _terms_of(STOPWORDS, language))
                or fold(tokens[j].text) in ARTICLES or tokens[j].forms[0] in _qualifier_words(language))


@lru_cache(maxsize=None)
def _qualifier_words(language: str) -> frozenset[str]:
    return frozenset(w for kind in QUALIFIERS for term in _terms_of(QUALIFIERS, language, kind) for w in term)


_HAN_TYPES = (
    ("killed", "死亡 丧生 遇难 身亡 罹难 殉职 遇害 死"), ("injured", "受伤 伤"),
    ("hospitalised", "住院"), ("detained", "逮捕 拘留 被捕 抓获 拘捕"), ("missing", "失踪"),
    ("evacuated", "疏散 撤离"), ("deployed", "部署 派遣"), ("flights", "航班"),
    ("vehicles", "辆 架 车 飞机"), ("buildings", "栋 座 房屋 商店"),
    ("protesters", "抗议者 示威者"), ("money", "元 美元 欧元 人民币 卢比 英镑 卢布"),
)


def _han_type(n: NumberSpan, text: str) -> str:
    """Chinese has no spaces: type by the words in the dozen characters after the number, else by
    an event word closing the clause before it ("逮捕总数达到73人": the arrests number 73)."""
    after = compiled(r"[，。；！？,;]").split(text[n.end:n.end + 12])[0]
    before = compiled(r"[，。；！？,;\s\d一二三四五六七八九十百千万两]").split(text[max(0, n.start - 8):n.start])[-1]
    best = None
    for kind, words in _HAN_TYPES:
        for w in words.split():
            pos = after.find(w)
            if pos >= 0 and (best is None or pos < best[0]):
                best = (pos, kind)
            back = before.rfind(w)
            if kind not in ("money", "vehicles", "buildings") and back >= 0 \
                    and (best is None or len(before) - back + 12 < best[0]):
                best = (len(before) - back + 12, kind)          # after-words win over before-words
    return best[1] if best else "other"


_APPOSITIVE = regex.compile(r"\p{Lu}[\p{L}\p{M}'’.-]*,\s*$")


def _appositive_age(text: str, n: NumberSpan, language: str) -> bool:
    """A small number set off by commas right after a name is the person's age: "Miranda Doerr,
    three, was shot" (cased scripts only: the name is told by its capital)."""
    if language in ("zh", "ja", "ar", "hi", "bn") or n.value is None or not 0 < n.value < 120:
        return False
    if text[n.end:n.end + 1] != ",":
        return False
    if _APPOSITIVE.search(text[max(0, n.start - 40):n.start]):
        return True
    m = _WORD_COMMA.search(text[max(0, n.start - 40):n.start])    # "the man, 28, later died"
    spec = _implicit_spec(language)
    return bool(m and spec) and any(len(t) == 1 and _word_matches(fold(m.group(1)), t[0]) for t in spec["single"])


_WORD_COMMA = regex.compile(r"([\p{L}\p{M}'’-]+),\s*$")
_LIST_AGES = regex.compile(r"(?:(?P<word>[\p{L}\p{M}'’-]+),\s+|\(\s*|(?P<ages>[\p{L}\p{M}]+)\s+)"
                           r"(?:\d{1,2},?\s+(?:(?:and|&|or|to|through)\s+)?)*(?:(?:and|&|or|to|through)\s+)?$")
_LIST_END = regex.compile(r"\s*(?:,|\)|and\b|&|or\b|to\b|through\b|(?:were|are|was|have|had|who)\b)")


def _age_list(text: str, n: NumberSpan, language: str) -> bool:
    """Ages listed after a plural or an age word: "two men, 28 and 30, were wounded", "two
    victims, ages 8 and 15", "three teens (16, 17 and 19)"; the count of people before stays."""
    if not n.text.isdigit() or len(n.text) > 2 or not _LIST_END.match(text[n.end:n.end + 8]):
        return False
    m = _LIST_AGES.search(text[max(0, n.start - 60):n.start])
    if not m:
        return False
    if m.group("ages"):
        return _match_word(m.group("ages"), _data_terms(language, "age_words"), language)
    if not compiled(r"\d").search(m.group(0) + text[n.end:n.end + 12]):
        return False                      # one number alone: "the boy, 8, was shot" is told elsewhere
    if m.group("word"):
        return _match_word(m.group("word"), _Terms(_PERSON_NOUNS.get(language, ())), language) \
            or any(_match_word(m.group("word"), terms, language) for _, terms in _group_terms(language))
    return True                           # "(16, 17 and 19)"


def _repetition(text: str, n: NumberSpan, language: str) -> bool:
    """How many times, not how many people: "shot eight times", "shot three to four times"."""
    words = _data(language).get("repetitions")
    if not words:
        return False
    return bool(compiled(r"\s*(?:(?:to|or|-|–|,)\s*[\p{L}\d]+\s*)?(?:%s)\b" % "|".join(words.split()))
                .match(text[n.end:n.end + 24]))


def _match_word(word: str, terms: _Terms, language: str) -> bool:
    return bool(terms) and _match_at(_tokenise(word, language), 0, terms) > 0


# What a count counts, who gives it, whether the sentence hedges it, what it is a part of (issue 10).
# The word lists are data: crosswire/lang/<code>/counts.json.

@dataclass(eq=False)
class _Found:
    first: int                    # token span of the number (or of the words implying it)
    last: int
    count: Count
    partitive: bool = False       # "two of the dead police officers": a part of a count said before
    count_first: int = -1         # where a person joined to it by "and" begins ("a boy and two men")


# When nothing names what is counted: the people an event befell, or the things a type counts.
DEFAULT_GROUP = {"killed": "people", "injured": "people", "shot": "people", "hospitalised": "people", "detained": "people",
                 "missing": "people", "evacuated": "people", "deployed": "soldiers", "protesters": "protesters",
                 "vehicles": "vehicles", "buildings": "buildings", "flights": "flights", "money": "money",
                 "other": "other"}
IMPLICIT_TYPES = ("killed", "injured", "shot", "hospitalised", "detained", "missing")
_SRC = r"(?P<src>[^,;:.!?()\"“”«»—–\n]{2,60}?)"
_END = r"(?=\s*(?:[,;:.!?()\"“”«»—–\n]|$))"
_NP = r"(?:[\p{L}\p{M}'’\-.]+\s+){0,4}?[\p{L}\p{M}'’\-]+"
_SIGNATURE = regex.compile(r"(?:^|\s)[—–]\s*(?P<src>[^()—–\n@]{2,40}?)\s*\(@\w+\)")


@lru_cache(maxsize=None)
def _data(language: str) -> dict:
    return lang.load(language, "counts")


@lru_cache(maxsize=None)
def _data_terms(language: str, *path: str) -> _Terms:
    """Terms of one entry of a language's counts.json ("hedges", ("implicit", "single"), ...)."""
    node = _data(language)
    for key in path:
        node = node.get(key, {}) if isinstance(node, dict) else {}
    return _terms(node) if isinstance(node, str) else _Terms()


@lru_cache(maxsize=None)
def _group_terms(language: str) -> tuple[tuple[str, _Terms], ...]:
    return tuple((group, _terms(spec)) for group, spec in _data(language).get("groups", {}).items())


def _group_of(tokens: list[_Token], obj_idx: list[int], count_type: str, language: str) -> str:
    """The canonical group of what a count counts: by the words of its object (the head noun,
    last in head-final languages: "police cars" are vehicles), else by its type."""
    if count_type in ("buildings", "flights", "money"):
        return count_type
    found = []
    for i in obj_idx:
        for group, terms in _group_terms(language):
            k = _match_at(tokens, i, terms)
            if k and (count_type != "vehicles" or group == "aircraft"):
                found.append((i + k, k, -i, group))
    if found:
        return (max(found) if language in HEAD_FINAL else max(found, key=lambda f: (f[2], f[1])))[3]
    return DEFAULT_GROUP.get(count_type, "other")


def _partitive_object(tokens: list[_Token], last: int, language: str) -> list[int]:
    """"δύο από τους νεκρούς αστυνομικούς", "two of the injured officers": the words after "of
    the" name the larger count this one is part of."""
    j = last + 1
    if j >= len(tokens) or fold(tokens[j].text) not in OF_WORDS.get(language, set()) | {"of"} \
            or tokens[j].clause != tokens[last].clause:
        return []
    j += 1
    stop = _terms_of(STOPWORDS, language)
    while j < len(tokens) and j <= last + 3 and (_match_at(tokens, j, stop) or fold(tokens[j].text) in ARTICLES):
        j += 1                                      # "the", "τους", "الذين"
    out = []
    while j < len(tokens) and len(out) < 3 and tokens[j].clause == tokens[last].clause \
            and not any(ch.isdigit() for ch in tokens[j].text) and not _match_at(tokens, j, stop):
        out.append(j)
        j += 1
    return out


# Casualty types that a sentence about another time ("last year", "the previous day", "so far this
# year") gives for another event or a tally, not for the story's: such counts are typed `other`
# (kept as numbers, left out of the story's figures).
BACKGROUND_TYPES = ("killed", "injured", "shot")


def _event_noun(tokens: list[_Token], last: int, language: str) -> bool:
    """An event noun in the noun phrase right after a number ("99 traffic deaths"): a tally."""
    stop = _terms_of(STOPWORDS, language)
    for j in range(last + 1, min(len(tokens), last + 4)):
        if _match_at(tokens, j, stop) or tokens[j].clause != tokens[last].clause:
            return False
        if _match_at(tokens, j, _event_terms(language)):
            return True
        if _match_at(tokens, j, _Terms(_PERSON_NOUNS.get(language, ()))) \
                or any(_match_at(tokens, j, terms) for _, terms in _group_terms(language)):
            return False                  # "four people died": the people, then their verb
    return False


def _negated(tokens: list[_Token], last: int, language: str) -> bool:
    """"Two other children were home but were not injured": a negation right before the number's
    event word (within two words) unsays the count."""
    negations = _data_terms(language, "negations")
    if not negations:
        return False
    events = _event_terms(language)
    for j in range(last + 1, min(len(tokens), last + 12)):
        if _match_at(tokens, j, events):
            return any(_match_at(tokens, i, negations) for i in range(max(last + 1, j - 2), j))
    return False


def _background(tokens: list[_Token], language: str) -> bool:
    terms = _data_terms(language, "background")
    return bool(terms) and any(_match_at(tokens, i, terms) for i in range(len(tokens)))


def _hedged(tokens: list[_Token], language: str) -> bool:
    terms = _data_terms(language, "hedges")
    return bool(terms) and any(_match_at(tokens, i, terms) for i in range(len(tokens)))


@lru_cache(maxsize=None)
def _attribution_patterns(language: str) -> tuple[regex.Pattern, ...]:
    specs = _data(language).get("attribution", {}).get("patterns", [])
    return tuple(regex.compile(p.replace("{SRC}", _SRC).replace("{END}", _END).replace("{NP}", _NP),
                               regex.IGNORECASE) for p in specs if "{SRC}" in p or "(?P<src>" in p)


def attribution(sentence: str, language: str) -> str | None:
    """Who gives the figures of a sentence, as written and lightly normalised: "according to
    officials" → "officials", "وذكرت وسائل الاعلام الكازاخستانية" → "Kazakh media", a tweet's
    "— Reuters (@Reuters)" → "Reuters"; None when the sentence names no source."""
    m = _SIGNATURE.search(sentence)
    if m and (src := _clean_source(m.group("src"), "en")):
        return src
    for pattern in _attribution_patterns(language):
        for m in pattern.finditer(sentence):
            if src := _clean_source(m.group("src"), language):
                return src
    return None


def _clean_source(src: str, language: str) -> str | None:
    spec = _data(language).get("attribution", {})
    words = src.strip(" \t'\"‘’“”«»").split()
    cut = _terms(spec.get("cut", ""))
    for k, w in enumerate(words[1:], 1):
        if any(fold(w) == t[0] for t in cut if len(t) == 1):
            words = words[:k]
            break
    if not words or len(words) > 6 or any(ch.isdigit() for w in words for ch in w):
        return None
    if fold(words[0]) in {t[0] for t in _terms(spec.get("pronouns", ""))}:
        return None
    phrase = " ".join(words).strip(" ,.;:")
    names = {fold(k): v for k, v in spec.get("names", {}).items()}
    folded = fold(phrase)
    for key in (folded, folded.removeprefix("the "), folded.removeprefix("al ")):
        if key in names:
            return names[key]                         # null: a hedge, not a source ("প্রাথমিক তথ্য")
    for key, value in names.items():                  # "وسائل الاعلام الكازاخستانيه": a known head and an adjective
        if folded.startswith(key + " ") and value.endswith("media"):
            rest = " ".join(fold(w) for w in phrase.split()[len(key.split()):])
            adjective = spec.get("adjectives", {}).get(rest)
            if adjective:
                return f"{adjective} {value}"
    common = {t[0] for t in _terms(spec.get("common", ""))}
    if fold(words[0]) in common | {"the"} and phrase[:1].isupper():
        phrase = phrase[:1].lower() + phrase[1:]       # "Police said" → "police"
    return phrase or None


@lru_cache(maxsize=None)
def _implicit_spec(language: str) -> dict | None:
    spec = _data(language).get("implicit")
    if not spec:
        return None
    pairs = [(_terms(term)[0], value) for term, value in spec.get("pairs", {}).items()]
    return {"single": _terms(spec.get("single", "")), "pairs": pairs,
            "pair_terms": _Terms(tuple(t for t, _ in pairs)),
            "pair_nouns": _terms(spec.get("pair_nouns", "")),
            "determiners": _terms(spec.get("determiners", "")), "optional": bool(spec.get("optional_determiner")),
            "bridge": _terms(spec.get("bridge", "")), "fatal": _terms(spec.get("fatal", "")),
            "not_after": _terms(spec.get("not_after", "")), "relative": _terms(spec.get("relative", "")),
            "passive": _terms(spec.get("passive", "")), "intransitive": _terms(spec.get("intransitive", "")),
            "words": frozenset(w.rstrip("*") for t in _terms(spec.get("single", "")) + tuple(t for t, _ in pairs)
                               for w in t[:1])}


def _implicit_possible(text: str, language: str) -> bool:
    """A cheap test before tokenising a sentence with no number: does any word that may imply one occur?"""
    spec = _implicit_spec(language)
    if spec is None:
        return False
    folded = fold.__wrapped__(text)                  # not cached: a sentence is seen once
    return any(w in folded for w in spec["words"])


def _implicit_counts(text: str, tokens: list[_Token], language: str, taken: set[int], sentence: str,
                     segment: int) -> list[_Found]:
    """Counts written without a number: "a man was shot and killed" (killed 1), "his son was
    injured" (injured 1), "both were taken to hospital" (2), "قتل رجل", "погиб мужчина". A word for
    one person (or a pair) counts only when an event word reaches it through auxiliaries and
    adverbs ("was", "fatally"), after it or right before it ("shot and killed a teenager")."""
    spec = _implicit_spec(language)
    if spec is None:
        return []
    out: list[_Found] = []
    stop = _terms_of(STOPWORDS, language)
    i = 0
    while i < len(tokens):
        k = _match_at(tokens, i, spec["single"])
        value, single, headline = 1.0, bool(k), False
        if not k:
            k = _match_at(tokens, i, spec["pair_terms"])
            value = next((v for t, v in spec["pairs"] if len(t) == k and _phrase_at(tokens, i, t)), 0.0) if k else 0.0
        if not k or any(j in taken for j in range(i - 1, i + k)):
            i += 1
            continue
        start, end = i, i + k - 1
        if single:                                         # "a (20-year-old) man", "his son"
            j = i - 1
            while j >= 0 and j >= i - 4 and not _match_at(tokens, j, spec["determiners"]) \
                    and (tokens[j].text[:1].isdigit() or "-" in tokens[j].text
                         or not _match_at(tokens, j, stop) and not _match_at(tokens, j, _event_terms(language))
                         and not _match_at(tokens, j, spec["single"]) and tokens[j].clause == tokens[i].clause):
                j -= 1
            if j >= 0 and _match_at(tokens, j, spec["determiners"]) and j not in taken:
                start = j
            elif i == 0 and tokens[0].text[:1].isupper():
                headline = True           # "Man killed, 4 wounded in West Englewood shooting"
            elif not spec["optional"] or (i > 0 and tokens[i - 1].text[:1].isdigit()):
                i += 1
                continue
        else:                                              # "both men", "a couple of teens"
            if end + 1 < len(tokens) and _match_at(tokens, end + 1, spec["pair_nouns"]):
                end += _match_at(tokens, end + 1, spec["pair_nouns"])
            elif end + 1 < len(tokens) and fold(tokens[end + 1].text) in OF_WORDS.get(language, set()) | {"of"}:
                i += 1
                continue                                   # "a couple of weeks"
            if start > 0 and fold(tokens[start - 1].text) in ARTICLES | {"the"}:
                start -= 1
        if start > 0 and _match_at(tokens, start - 1, spec["not_after"]):
            if not (start > 1 and fold(tokens[start - 1].text) in OF_WORDS.get(language, set()) | {"of"}
                    and _match_at(tokens, start - 2, _terms_of(EVENTS, language, "killed"))):
                i = end + 1
                continue                                   # "shot by a man", "with his son"
            kind = "killed"                                # "the shooting death of a nine-year-old boy"
        else:
            kind = _implicit_event(tokens, start, end, language, spec, voiced=headline)
        if kind == "injured" and any(_match_at(tokens, j, _terms_of(DISEASES, language)) for j in range(len(tokens))):
            kind = None                                    # "الشخص المصاب": infected, not injured
        if kind and value == 1.0:
            before = _coordinated(tokens, start, language, spec, taken)
            if before is not None:                         # "a man and a boy were wounded": two
                value, start = 2.0, before
        if kind:
            out.append(_Found(start, end, Count(
                value=value, qualifier="exact", type=kind, object=text[tokens[i].start:tokens[end].end],
                text=text[tokens[start].start:tokens[end].end], sentence=sentence, segment=segment,
                group=_group_of(tokens, list(range(i, end + 1)), kind, language))))
        i = end + 1
    return out


def _coordinated(tokens: list[_Token], start: int, language: str, spec: dict, taken: set[int]) -> int | None:
    """Where a person joined by "and" to the one at `start` begins: a determined word for one
    person ("a man and a boy", "the toddler, 2, and his grandfather") or a name ("Jane Doe and
    her son"); None when the word before "and" is neither."""
    j = start - 1
    if j < 1 or not _match_at(tokens, j, _terms_of(CONJUNCTIONS, language)):
        return None
    j -= 1
    while j > 0 and tokens[j].text.isdigit():
        j -= 1                                             # an age: "the toddler, 2, and"
    if j in taken or tokens[j].text.isdigit():
        return None
    if _match_at(tokens, j, spec["single"]):
        for d in range(j - 1, max(-1, j - 5), -1):
            if d in taken or _match_at(tokens, d, _event_terms(language)):
                return None
            if _match_at(tokens, d, spec["determiners"]):
                return d
        return None
    if language not in CASED_NOUNS_ARE_NAMES or not tokens[j].text[:1].isupper() or not tokens[j].text.isalpha():
        return None
    d = j
    while d > 0 and j - d < 2 and tokens[d - 1].text[:1].isupper() and tokens[d - 1].text.isalpha() \
            and tokens[d - 1].clause == tokens[j].clause:
        d -= 1
    lexicon = (_event_terms(language), _terms_of(STOPWORDS, language), _people_terms(language),
               spec["determiners"], spec["single"], spec["pair_nouns"])
    if any(_match_at(tokens, k, t) for k in range(d, j + 1) for t in lexicon) \
            or any(_match_at(tokens, k, terms) for k in range(d, j + 1) for _, terms in _group_terms(language)) \
            or any(compiled(r"['’]").split(tokens[k].forms[0])[0] in month_names(language) for k in range(d, j + 1)):
        return None                                        # "Police and a man", "Sunday and a woman"
    if d > 0 and (_match_at(tokens, d - 1, spec["not_after"]) or _match_at(tokens, d - 1, _terms_of(PREPOSITIONS, language))):
        return None                                        # "shot by John and a friend"
    return d


def _later_died(tokens: list[_Token], p: int, spec: dict, reach: int = 14) -> bool:
    """The person's own clause goes on to say they died: an intransitive death word ahead in the
    same clause, before any other person or number could be its subject."""
    for j in range(p, min(len(tokens), p + reach)):
        if tokens[j].clause != tokens[p - 1].clause or tokens[j].text.isdigit():
            return False
        if _match_at(tokens, j, spec["intransitive"]):
            return True
    return False


def _implicit_event(tokens: list[_Token], start: int, end: int, language: str, spec: dict,
                    voiced: bool = False) -> str | None:
    """The event that befalls the person at tokens start..end: after it through auxiliaries and
    adverbs ("was fatally shot", "who was found dead"), else right before it ("shot and killed a")."""
    kinds: set[str] = set()
    fatal = False

    def event_at(p: int) -> int:
        for kind in IMPLICIT_TYPES:
            m = _match_at(tokens, p, _terms_of(EVENTS, language, kind))
            if m:
                kinds.add(kind)
                return m
        return 0

    p, steps, voiced = end + 1, 0, voiced or not spec["passive"]     # a headline drops "was": "Man killed"
    while p < len(tokens) and steps < 8:
        gap = text_between = tokens[p].start - tokens[p - 1].end
        if gap > 3:
            break                                          # "(", "—": another phrase
        m = event_at(p) if voiced or _match_at(tokens, p, spec["intransitive"]) else 0
        if m:
            p += m
        elif _match_at(tokens, p, spec["relative"]) and p + 1 < len(tokens) and _match_at(tokens, p + 1, spec["bridge"]):
            p += 1                                         # "a man who was shot", not "a man who shot"
        elif _match_at(tokens, p, spec["bridge"]) or tokens[p].text.isdigit() and text_between <= 2:
            fatal = fatal or bool(_match_at(tokens, p, spec["fatal"]))
            voiced = voiced or bool(_match_at(tokens, p, spec["passive"]))
            p += 1
        else:
            break                                          # "the gunman shot ...": active, the gunman is no victim
        steps += 1
    if kinds and "killed" not in kinds and _later_died(tokens, p, spec):
        fatal = True                                       # "a boy who was shot in the face ... has died"
    if not kinds:
        p, steps = start - 1, 0
        while p >= 0 and steps < 3:
            before = kinds.copy()
            if event_at(p):
                pass
            elif not (_match_at(tokens, p, spec["bridge"]) and kinds):
                break
            fatal = fatal or bool(_match_at(tokens, p, spec["fatal"]))
            p -= 1
            steps += 1
            if kinds != before and p >= 0 and _match_at(tokens, p, spec["not_after"]):
                return None                                # "convicted of killing a man"
    if not kinds:
        return None
    if "killed" in kinds or fatal and kinds & {"injured", "shot"}:
        return "killed"
    return next(k for k in IMPLICIT_TYPES if k in kinds)


def _finish(found: list[_Found], text: str, tokens: list[_Token], language: str) -> list[Count]:
    """Attribution, hedge and parts within one sentence; `part_of` indexes the returned list."""
    if not found:
        return []
    found = [f for f in found if not _negated(tokens, f.last, language)]
    if not found:
        return []
    source = attribution(text, language)
    hedged = _hedged(tokens, language)
    if _background(tokens, language):
        for f in found:                   # "Last year, four men were wounded on the same block"
            if f.count.type in BACKGROUND_TYPES and not _event_noun(tokens, f.last, language):
                f.count.type = "other"    # not a tally: "99 traffic deaths last year" stays
    others = _data_terms(language, "others")
    for j, f in enumerate(found):           # "a man was killed and six others shot": the six lived
        if f.count.type == "shot" and f.count.object and others and _match_word(f.count.object.split()[0], others, language) \
                and any(g.count.type == "killed" for g in found[:j]):
            f.count.type = "injured"
    including = _terms_of(INCLUDING, language)
    for j, f in enumerate(found):
        f.count.attribution, f.count.hedged = source, hedged
        if j == 0:
            continue
        prev_end = found[j - 1].last
        window = range(max(prev_end + 1, f.first - 4), f.first)
        if any(_match_at(tokens, i, including) for i in window) or f.partitive:
            parent = _whole_of(f.count, [g.count for g in found[:j]])
            if parent is not None:
                f.count.part_of = parent
                whole = found[parent].count
                if f.count.type == "other":                    # "من بينهم اثنان": two of those killed
                    f.count.type = whole.type
                if f.count.group == DEFAULT_GROUP.get(f.count.type) or f.count.group == "other":
                    f.count.group = whole.group
    return [f.count for f in found]


def _whole_of(part: Count, before: list[Count], same_group: bool = False) -> int | None:
    """Index of the nearest earlier count that `part` can be a part of: not itself a part, of a
    compatible type and group, not smaller."""
    for i in range(len(before) - 1, -1, -1):
        whole = before[i]
        if whole.part_of is not None:
            continue
        compatible = whole.type == part.type or part.type == "other" \
            or whole.type in PEOPLE_TYPES and part.type in PEOPLE_TYPES \
            and not (part.type == "killed" and whole.type in ("shot", "injured"))
        if not compatible or same_group and whole.group != part.group:
            continue
        if whole.value is not None and part.value is not None and part.value > whole.value:
            continue
        return i
    return None


def is_partitive(count: Count, language: str) -> bool:
    """Whether a count reads "N of the ...": a part of a larger count said before."""
    at = count.sentence.find(count.text)
    if at < 0 or count.value is None:
        return False
    after = count.sentence[at + len(count.text):].split(None, 1)
    return bool(after) and fold(after[0]) in OF_WORDS.get(language, set()) | {"of"}


def link_parts(counts: list[Count], languages: list[str]) -> list[Count]:
    """Across sentences of one article: "δύο από τους νεκρούς αστυνομικούς" is a part of the 18
    police officers killed a sentence before. `languages` gives each segment's language."""
    for k, c in enumerate(counts):
        if c.part_of is None and is_partitive(c, languages[c.segment] if c.segment < len(languages) else "und"):
            earlier = [p if p.sentence != c.sentence else Count(None, "", "", None, "", "", -1, part_of=-1)
                       for p in counts[:k]]
            parent = _whole_of(c, earlier, same_group=True)
            if parent is not None and earlier[parent].type == c.type:
                c.part_of = parent
    return counts
