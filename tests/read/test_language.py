from athar.read.language import detect_language


def test_languages_of_war_reporting_are_told_apart():
    assert detect_language("A car bomb exploded in a crowded market in the town of Azaz on Sunday.") == "en"
    assert detect_language("انفجرت سيارة مفخخة في سوق مزدحم في مدينة اعزاز يوم الأحد") == "ar"
    assert detect_language("Взрыв заминированного автомобиля на рынке в Азазе унес жизни восьми человек") == "ru"
    assert detect_language("Une voiture piégée a explosé dimanche sur un marché bondé d'Azaz.") == "fr"


def test_too_little_text_has_no_language():
    assert detect_language("Azaz") is None
    assert detect_language("12 34 56") is None
