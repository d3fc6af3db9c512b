"""The generated site's text: word lists, tags and fixed strings in the three
languages, and `TextMaker`, which draws deterministic pseudo-text from them."""

WORDS = {
    "en": """
        migration migrants migrant labour border management training trainers
        course module workshop seminar conference session meeting centre region
        regional national international government agency agencies ministry
        service state public private sector civil society academia university
        students teachers experts network research study report survey data
        statistics evidence knowledge practice experience method methods tools
        curriculum programme project partners partnership cooperation dialogue
        policy policies law legal rights protection safety security integration
        return reintegration readmission asylum refugees visa permit residence
        registration identity documents procedures standards quality capacity
        skills competence learning online hybrid classroom participants speakers
        delegates officials specialists staff colleagues countries neighbours
        Azerbaijan Georgia Moldova Ukraine Uzbekistan Kazakhstan Tajikistan
        Türkiye Baku Tbilisi Tashkent Almaty region's centre's new first last
        main key important useful practical modern effective sustainable safe
        orderly regular fair transparent joint common open shared digital
        electronic interactive theoretical annual monthly weekly future past
        recent current strong wide broad clear detailed short long early late
        the the the the the a a a an of of of of in in in to to to and and and
        and for for on on with with by by from at as that which this these
        those their its our was were is are has have had will would could
        should may also more most many several each every both other such
        after before during between within across through about over under
        while since because although however therefore moreover finally then
        held organised opened closed discussed presented prepared shared
        agreed adopted reviewed planned launched supported attended welcomed
        noted stressed highlighted explained described proposed recommended
        improve strengthen develop build support train share exchange learn
        apply use promote protect manage coordinate measure assess evaluate
        design deliver update publish translate collect analyse compare
        results outcomes goals objectives priorities needs challenges risks
        opportunities lessons recommendations conclusions findings questions
        answers examples cases trends flows routes corridors remittances
        employment jobs workers employers families children women youth
        health education housing language culture communities cities villages
        year years month months day days week weeks hours programme's
        """,
    "ru": """
        миграция миграции мигранты мигрантов трудовая трудовой граница границ
        управление управления обучение обучения тренинг тренинга тренеры курс
        модуль семинар семинара конференция сессия встреча центр центра регион
        региона региональный национальный международный международной
        государственный государственная служба служб министерство ведомство
        ведомств органы общество гражданское академическое университет студенты
        преподаватели эксперты экспертов сеть сети исследование исследования
        доклад отчет опрос данные статистика знания практика опыт опыта метод
        методы инструменты программа программы проект проекта партнеры
        партнерство сотрудничество сотрудничества диалог политика закон право
        права защита безопасность интеграция возвращение реинтеграция убежище
        беженцы виза разрешение проживание регистрация документы процедуры
        стандарты качество потенциал навыки компетенции онлайн гибридный
        формат участники участников докладчики делегаты специалисты сотрудники
        коллеги страны стран соседи Азербайджан Грузия Молдова Украина
        Узбекистан Казахстан Таджикистан Турция Баку Тбилиси Ташкент Алматы
        новый новая новые первый последний главный основной важный важные
        полезный практический современный эффективный устойчивый безопасный
        упорядоченный справедливый прозрачный совместный общий открытый
        цифровой электронный интерактивный ежегодный будущий прошлый текущий
        широкий четкий подробный краткий и и и и в в в в на на на с с по по
        для для из к о об от до за при что который которые этот эти также
        более многие несколько каждый другие такие после перед между в
        рамках в течение через около однако поэтому кроме того наконец затем
        провели проведен прошел открыли обсудили представили подготовили
        согласовали приняли рассмотрели запланировали поддержали отметили
        подчеркнули объяснили предложили рекомендовали укрепить развивать
        поддерживать обучать обмениваться применять использовать продвигать
        защищать управлять координировать оценивать разработать обновить
        опубликовать перевести собрать анализировать сравнить результаты
        итоги цели задачи приоритеты потребности вызовы риски возможности
        уроки рекомендации выводы вопросы ответы примеры случаи тенденции
        потоки маршруты переводы занятость работа работники работодатели
        семьи дети женщины молодежь здоровье образование жилье язык культура
        общины города села год года лет месяц месяца день дня неделя часов
        ГМС МОМ РУЦМ ООН высококвалифицированных межведомственного площадкой
        возможностями вклад знаниями объединяет обменяться общей повесткой
        """,
    "az": """
        miqrasiya miqrant miqrantlar əmək sərhəd idarəetmə idarəetməsi təlim
        təlimi təlimçilər kurs modul seminar konfrans sessiya görüş mərkəz
        mərkəzi region regional milli beynəlxalq dövlət dövlətin xidmət
        xidməti nazirlik qurum qurumlar orqanlar cəmiyyət vətəndaş akademik
        universitet tələbələr müəllimlər ekspert ekspertlər şəbəkə şəbəkəsi
        tədqiqat araşdırma hesabat sorğu məlumat məlumatlar statistika bilik
        biliklər təcrübə təcrübəsi üsul üsullar alətlər proqram proqramı
        layihə layihəsi tərəfdaşlar tərəfdaşlıq əməkdaşlıq dialoq siyasət
        qanun hüquq hüquqlar müdafiə təhlükəsizlik inteqrasiya qayıdış
        reinteqrasiya sığınacaq qaçqınlar viza icazə yaşayış qeydiyyat
        sənədlər prosedurlar standartlar keyfiyyət potensial bacarıqlar
        səriştə onlayn hibrid əyani iştirakçılar iştirakçıları məruzəçilər
        nümayəndələr mütəxəssislər əməkdaşlar həmkarlar ölkələr ölkələrin
        qonşular Azərbaycan Gürcüstan Moldova Ukrayna Özbəkistan Qazaxıstan
        Tacikistan Türkiyə Bakı Tbilisi Daşkənd Almatı İran İsveçrə İtaliya
        yeni ilk son əsas mühüm vacib faydalı praktiki müasir effektiv
        davamlı təhlükəsiz nizamlı ədalətli şəffaf birgə ümumi açıq rəqəmsal
        elektron interaktiv illik gələcək keçmiş cari geniş aydın ətraflı
        qısa və və və və ilə ilə üçün üçün üzrə üzrə bu bu həmçinin daha çox
        bir neçə hər digər belə sonra əvvəl arasında çərçivəsində ərzində
        haqqında barədə görə qədər kimi lakin çünki isə öz onların bizim
        keçirildi təşkil olundu açıldı müzakirə edildi təqdim olundu
        hazırlandı razılaşdırıldı qəbul edildi nəzərdən keçirildi planlaşdırıldı
        dəstəkləndi qeyd etdi vurğuladı izah etdi təklif etdi tövsiyə etdi
        gücləndirmək inkişaf etdirmək dəstəkləmək öyrətmək paylaşmaq
        mübadilə tətbiq etmək istifadə təşviq qorumaq idarə etmək
        əlaqələndirmək qiymətləndirmək yeniləmək dərc etmək tərcümə toplamaq
        təhlil müqayisə nəticələr nəticələri məqsədlər vəzifələr prioritetlər
        ehtiyaclar çağırışlar risklər imkanlar dərslər tövsiyələr qənaətlər
        suallar cavablar nümunələr hallar meyillər axınlar marşrutlar
        pul köçürmələri məşğulluq iş işçilər işəgötürənlər ailələr uşaqlar
        qadınlar gənclər sağlamlıq təhsil mənzil dil mədəniyyət icmalar
        şəhərlər kəndlər il illər ay aylar gün günlər həftə saat DMX BMT MRTM
        ölçmək göstərdi ümumilikdə çağdaş güclü ötən növbəti
        """,
}
TAGS = {
    "en": [
        "training",
        "workshop",
        "labour migration",
        "border management",
        "network of experts",
        "research",
        "e-learning",
        "integration",
        "counter-trafficking",
        "migration law",
        "migration data",
        "regional cooperation",
        "youth",
        "gender",
    ],
    "ru": [
        "тренинг",
        "семинар",
        "трудовая миграция",
        "управление границами",
        "сеть экспертов",
        "исследования",
        "электронное обучение",
        "интеграция мигрантов",
        "противодействие торговле людьми",
        "миграционное право",
        "миграционная статистика",
        "региональное сотрудничество",
        "молодежь",
        "гендер",
    ],
    "az": [
        "təlim",
        "seminarlar",
        "əmək miqrasiyası",
        "sərhəd idarəetməsi",
        "ekspertlər şəbəkəsi",
        "tədqiqat",
        "elektron təlim",
        "inteqrasiya",
        "insan alverinə qarşı mübarizə",
        "miqrasiya hüququ",
        "miqrasiya statistikası",
        "regional əməkdaşlıq",
        "gənclər",
        "gender bərabərliyi",
    ],
}
ALT = {
    "en": "Participants of the session in the training room",
    "ru": "Участники сессии в учебном зале",
    "az": "Təlim zalında sessiyanın iştirakçıları",
}
MORE = {
    "en": "Read also",
    "ru": "Читайте также",
    "az": "Həmçinin oxuyun",
}


class TextMaker:
    """Deterministic pseudo-text in one language from its word list."""

    def __init__(self, rng, lang):
        self.rng = rng
        self.lang = lang
        self.words = WORDS[lang].split()

    def capitalise(self, text):
        first = text[0]
        if self.lang == "az":  # dotted and dotless i: i -> İ, ı -> I
            first = {"i": "İ", "ı": "I"}.get(first, first)
        return first.upper() + text[1:]

    def words_(self, low, high):
        return [self.rng.choice(self.words) for _ in range(self.rng.randint(low, high))]

    def sentence(self, low=8, high=20):
        words = self.words_(low, high)
        if len(words) > 9 and self.rng.random() < 0.4:
            words[self.rng.randint(3, len(words) - 4)] += ","
        return self.capitalise(" ".join(words)) + "."

    def paragraph(self, sentences):
        return " ".join(self.sentence() for _ in range(sentences))

    def title(self):
        return self.capitalise(" ".join(self.words_(4, 8)))
