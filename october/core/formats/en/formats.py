# "7 November 1917", as the site writes dates, not "Nov. 7, 1917".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i T"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
TIME_FORMAT = "H:i"
